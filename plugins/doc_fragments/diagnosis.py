# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# The diagnosis every module returns when it fails (and bedrock_invoke_test when a test fails), documented once.
# Its code list is the table of plugins/module_utils/diagnosis.py (CODES): tests/unit/plugins/module_utils/
# test_diagnosis_doc.py fails when they differ, as it does for docs/diagnosis.md.


class ModuleDocFragment:
    RETURN = r"""
diagnosis:
  description:
    - Why the task (or the test) failed and what to do, with the AWS error code and message kept. Every code is
      explained, with its remediation, in the collection's C(docs/diagnosis.md).
  returned: on failure
  type: dict
  contains:
    code:
      description:
        - Stable classification, one of V(model_access_not_granted), V(wrong_region), V(policy_missing_model_arn),
          V(permission_denied), V(inference_profile_required), V(model_id_unknown), V(throttled_or_quota),
          V(quota_zero), V(endpoint_unreachable), V(clock_skew), V(credentials_missing), V(credentials_invalid),
          V(logging_destination_denied), V(assume_role_failed), V(guardrail_not_enforced), V(invalid_request),
          V(resource_not_found),
          V(service_unavailable), V(model_end_of_life), V(legacy_model_inactive), V(marketplace_permissions_missing),
          V(use_case_form_missing), V(use_case_form_missing_region), V(sampling_parameters_conflict),
          V(bearer_token_overrides_sigv4), V(unknown).
      type: str
      sample: inference_profile_required
    summary:
      description: What went wrong.
      type: str
    hint:
      description: What to do about it (it fits the service and operation that failed).
      type: str
    aws_error_code:
      description: The AWS error code, null when AWS never answered.
      type: str
      sample: ValidationException
    aws_error_message:
      description: The AWS error message, null when AWS never answered.
      type: str
    retryable:
      description: Whether the same call may succeed later without a change.
      type: bool
    service:
      description: The AWS service whose call failed, when known (botocore's name).
      type: str
      sample: bedrock-runtime
    operation:
      description: The API operation that failed, when known.
      type: str
      sample: Converse
    suggestions:
      description: Closest valid model or inference-profile IDs, or the IDs to call instead of a retired model.
      type: list
      elements: str
      sample: ["us.anthropic.claude-sonnet-4-6"]
    denied_action:
      description: For IAM denials, the action AWS named.
      type: str
    denied_resource:
      description: For IAM denials, the resource AWS named.
      type: str
    cross_region:
      description: For IAM denials, whether the denied resource is in another region than the one called.
      type: bool
"""

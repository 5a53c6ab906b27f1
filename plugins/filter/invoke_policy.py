# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: invoke_policy
short_description: Least-privilege IAM policy to invoke the Bedrock models and profiles AWS described
version_added: 0.1.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Builds the IAM policy document that allows exactly C(bedrock:InvokeModel) and
    C(bedrock:InvokeModelWithResponseStream) (which also cover Converse and ConverseStream) on the models and
    inference profiles described by M(ticketflow.bedrock.bedrock_model_access_info).
  - On-demand models get their foundation-model ARN in the region. An inference profile gets its ARN and the
    foundation-model ARN of every destination region listed in AWS's answer. A global profile also gets the
    region-less foundation-model ARN with C(aws:RequestedRegion) equal to V(unspecified), as AWS documents for
    global cross-Region inference.
  - The policy has no wildcard and no C(aws:RequestedRegion) condition naming the source region (it would deny
    the destination regions of cross-Region inference).
  - An application inference profile (RV(ticketflow.bedrock.bedrock_inference_profile#module:inference_profile)) gets
    its ARN and the models it serves conditioned on C(bedrock:InferenceProfileArn) equal to that ARN, so another
    environment's profile stays denied.
  - The module returns the same document as RV(ticketflow.bedrock.bedrock_model_access_info#module:invoke_policy).
options:
  _input:
    description:
      - The registered result of M(ticketflow.bedrock.bedrock_model_access_info), or its C(models) list, or a
        selection of that list; entries may also be RV(ticketflow.bedrock.bedrock_inference_profile#module:inference_profile).
    type: raw
    required: true
  restrict_to_profiles:
    description:
      - Allow the destination-region foundation models of a profile only through that profile (condition
        C(bedrock:InferenceProfileArn)). With V(false) they can also be invoked directly in those regions.
    type: bool
    default: true
  skip_unusable:
    description:
      - Leave out entries that cannot be invoked as given (absent from the region, or a bare model ID that needs
        an inference profile) instead of failing.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Describe the models the application calls
  ticketflow.bedrock.bedrock_model_access_info:
    region: us-east-1
    models:
      - anthropic.claude-haiku-4-5-20251001-v1:0
      - us.anthropic.claude-opus-4-5-20251101-v1:0
  register: access

- name: Create the invoke-only managed policy
  amazon.aws.iam_managed_policy:
    name: TicketFlowBedrockInvoke
    policy: "{{ access | ticketflow.bedrock.invoke_policy | to_json }}"

- name: Policy for the ready models only
  ansible.builtin.set_fact:
    ready_policy: "{{ access.models | selectattr('ready') | ticketflow.bedrock.invoke_policy }}"
"""

RETURN = r"""
_value:
  description: An IAM policy document (C(Version) and C(Statement)) to pass to an IAM policy module.
  type: dict
  sample:
    Version: "2012-10-17"
    Statement:
      - Sid: InvokeOnDemandModels
        Effect: Allow
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"]
      - Sid: InvokeInferenceProfiles
        Effect: Allow
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource: ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-5-20251101-v1:0"]
      - Sid: InvokeProfileDestinationModels
        Effect: Allow
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource:
          - "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-5-20251101-v1:0"
          - "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-opus-4-5-20251101-v1:0"
          - "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-opus-4-5-20251101-v1:0"
        Condition:
          StringEquals:
            "bedrock:InferenceProfileArn": "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-5-20251101-v1:0"
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import InvokePolicyError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import build_invoke_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import require_guardrail
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import split_policy


def invoke_policy(data, restrict_to_profiles=True, skip_unusable=False):
    """The least-privilege invoke policy for bedrock_model_access_info's answer."""
    try:
        return build_invoke_policy(data, restrict_to_profiles=bool(restrict_to_profiles), skip_unusable=bool(skip_unusable))
    except InvokePolicyError as e:
        raise AnsibleFilterError("ticketflow.bedrock.invoke_policy: %s" % to_native(e)) from e


def invoke_policy_parts(document, limit=6144, max_parts=10):
    """``document`` split into managed policies that each fit IAM's size limit (see invoke_policy_parts.yml)."""
    try:
        return split_policy(document, limit=limit, max_parts=max_parts)
    except (InvokePolicyError, TypeError, ValueError) as e:
        raise AnsibleFilterError("ticketflow.bedrock.invoke_policy_parts: %s" % to_native(e)) from e


def invoke_policy_guardrail(document, guardrail_version_arn):
    """``document`` allowing invocation only with one guardrail version (see invoke_policy_guardrail.yml)."""
    try:
        return require_guardrail(document, guardrail_version_arn)
    except (InvokePolicyError, AttributeError, TypeError) as e:
        raise AnsibleFilterError("ticketflow.bedrock.invoke_policy_guardrail: %s" % to_native(e)) from e


class FilterModule:
    """Bedrock IAM policy filters."""

    def filters(self):
        return {"invoke_policy": invoke_policy, "invoke_policy_parts": invoke_policy_parts, "invoke_policy_guardrail": invoke_policy_guardrail}

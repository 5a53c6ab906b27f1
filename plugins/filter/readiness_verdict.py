# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: readiness_verdict
short_description: The readiness report of a Bedrock environment from what the validate role read back from AWS
version_added: 0.1.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Builds every check of every seed plan step from the registered answers of the C(bedrock_validate) role's
    reads, then the verdict as P(ticketflow.bedrock.readiness_report#filter) does (step states, C(ready),
    C(schema_version), C(lifecycle), C(warnings)).
  - The IAM step compares the invoke policy documents attached to the runtime role (and the dev user, when read)
    with the computed invoke policy and names every grant beyond it (for example a C(foundation-model/*) resource
    or an extra action), and compares the trust policy's principals with the configured ones.
  - The observability step checks every alarm kind the observability role creates for every model ID the app
    sends.
  - The role's templates only render the result.
options:
  _input:
    description:
      - What the role read, a dict with the keys C(environment), C(prod), C(region), C(supported_regions),
        C(account_id), C(caller) (aws_caller_info), C(access) (bedrock_model_access_info), C(role) (iam_role_info),
        C(role_policies) and C(dev_user_policies) (iam_attached_policies_info, or null when not read),
        C(expected_policy) (the computed invoke policy), C(trusted_principal_arns), C(allow_account_root),
        C(invoke_policy_name), C(runtime_role_name), C(instance_profile_name), C(vpc_id), C(endpoint_services),
        C(endpoints), C(trail), C(trail_name), C(alarms), C(alarm_name_prefix), C(alarm_kinds) (C(key) and C(metric)
        of each alarm kind), C(models), C(log_group), C(invocation_log_group_name), C(logging), C(budget),
        C(budget_name), C(budget_limit_usd), C(budget_alert_thresholds_usd), C(quotas), C(controller_results),
        C(app_hosts), C(app_host_results) and C(app_settings) (per app host), C(other_environments).
    type: dict
    required: true
  generated_at:
    description: When the checks ran (ISO 8601).
    type: str
"""

EXAMPLES = r"""
- name: Work out the state of every step
  ansible.builtin.set_fact:
    report: "{{ collected | ticketflow.bedrock.readiness_verdict(generated_at=now(utc=true).isoformat() ~ 'Z') }}"
"""

RETURN = r"""
_value:
  description:
    - The report, as P(ticketflow.bedrock.readiness_report#filter) returns it.
  type: dict
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness import ReadinessError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness import readiness_verdict as build_verdict


def readiness_verdict(collected, generated_at=None):
    """The readiness report from the validate role's reads."""
    try:
        return build_verdict(collected, generated_at=generated_at)
    except (ReadinessError, TypeError, ValueError, AttributeError) as e:
        raise AnsibleFilterError("ticketflow.bedrock.readiness_verdict: %s" % to_native(e)) from e


class FilterModule:
    """Readiness verdict filter."""

    def filters(self):
        return {"readiness_verdict": readiness_verdict}

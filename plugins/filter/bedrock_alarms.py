# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: bedrock_alarms
short_description: The CloudWatch alarms of the Bedrock models an environment calls
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - For every model ID the app sends (inference-profile IDs as called; the C(ModelId) dimension of C(AWS/Bedrock)),
    alarms named C(<prefix>-<model ID>-<key>) on V(InvocationThrottles) (key V(throttles)),
    V(InvocationServerErrors) (V(server-errors)), V(InvocationClientErrors) (V(client-errors)),
    V(InvocationLatency) (V(latency)), V(LegacyModelInvocations) above 0 (V(legacy-invocations), a lifecycle
    tripwire), and V(EstimatedTPMQuotaUsage) against a share of the applied tokens-per-minute quota of the way the
    model is called (V(tpm-quota-usage); the metric is AWS's estimate, so the alarm is an approximation).
  - Once per region, C(<prefix>-logging-cloudwatch-delivery) on V(ModelInvocationLogsCloudWatchDeliveryFailure)
    (and C(<prefix>-logging-s3-delivery) when logs also go to S3).
options:
  _input:
    description: The model or inference-profile IDs the app calls.
    type: list
    elements: str
    required: true
  prefix:
    description: The alarm name prefix.
    type: str
    required: true
  model_names:
    description: Model ID as called -> catalog model name (to find its tokens-per-minute quota).
    type: dict
    default: {}
  quotas:
    description: Quotas as M(ticketflow.bedrock.quota_info) returns them (the models' tokens-per-minute quotas).
    type: list
    elements: dict
    default: []
  settings:
    description:
      - period_seconds, evaluation_periods, throttles_threshold, server_errors_threshold, client_errors_threshold,
        latency_threshold_ms, latency_statistic, tpm_usage_percent (default 80), logging_enabled, logging_s3.
    type: dict
    default: {}
  environment:
    description: The environment, named in each description.
    type: str
    default: ""
  for_removal:
    description: List every alarm that may exist (a TPM alarm for every model, both logging alarms), to delete them.
    type: bool
    default: false
  sources:
    description:
      - Model ID as called -> the system profile or model it copies, for an application inference profile (whose ARN
        does not say whether calls are in-Region, cross-Region or global) - its tokens-per-minute quota is that of
        its source.
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Compute the alarms
  ansible.builtin.set_fact:
    alarms: "{{ ['us.anthropic.claude-sonnet-4-6'] | ticketflow.bedrock.bedrock_alarms(prefix='TicketFlowBedrock-prod') }}"
"""

RETURN = r"""
_value:
  description: The alarm plan.
  type: dict
  contains:
    alarms:
      description:
        - Each alarm - name, key, model_id (V(null) for the logging alarms), namespace, metric_name, dimensions,
          statistic or extended_statistic, comparison, threshold, period, evaluation_periods, treat_missing_data,
          description and quota (the TPM quota a V(tpm-quota-usage) alarm is sized from).
      type: list
      elements: dict
    names:
      description: The alarm names, in order.
      type: list
      elements: str
    tpm_alarm_missing:
      description: Models without a tokens-per-minute alarm because no applied quota was found for them.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import AlarmPlanError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import alarm_plan


def bedrock_alarms(models, prefix, model_names=None, quotas=None, settings=None, environment="", for_removal=False, sources=None):
    """See DOCUMENTATION."""
    try:
        return alarm_plan(
            models, prefix, model_names=model_names, quotas=quotas, settings=settings, environment=environment, for_removal=for_removal, sources=sources
        )
    except (AlarmPlanError, ValueError, TypeError) as e:
        raise AnsibleFilterError("bedrock_alarms: %s" % e) from e


class FilterModule:
    """Alarm plan filter."""

    def filters(self):
        return {"bedrock_alarms": bedrock_alarms}

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: bedrock_alarms_to_apply
short_description: The planned CloudWatch alarms that are missing or differ from what AWS holds
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Compares the alarm plan of P(ticketflow.bedrock.bedrock_alarms#filter) with the alarms one
    M(amazon.aws.cloudwatch_metric_alarm_info) call by name prefix returned, so that
    M(amazon.aws.cloudwatch_metric_alarm) runs only for the alarms it has work to do on (each of its tasks reads its
    alarm twice even when nothing changes).
  - For O(state=present), the alarms that are missing or differ in any setting the alarm module compares (name,
    description, namespace, metric, dimensions, statistic, comparison, threshold, period, evaluation periods, missing
    data treatment, alarm, OK and insufficient-data actions, and any other setting AWS holds, such as a unit). For
    O(state=absent), the alarms that exist.
options:
  _input:
    description: The planned alarms (the C(alarms) of P(ticketflow.bedrock.bedrock_alarms#filter)).
    type: list
    elements: dict
    required: true
  found:
    description: The C(metric_alarms) of M(amazon.aws.cloudwatch_metric_alarm_info).
    type: list
    elements: dict
    required: true
  actions:
    description: The alarm and OK actions every alarm has (the alarm topic's ARN).
    type: list
    elements: str
    default: []
  state:
    description: V(present) or V(absent).
    type: str
    default: present
"""

EXAMPLES = r"""
- name: Only the alarms to create, update or delete
  ansible.builtin.set_fact:
    pending: "{{ plan.alarms | ticketflow.bedrock.bedrock_alarms_to_apply(found=read.metric_alarms, actions=[topic_arn]) }}"
"""

RETURN = r"""
_value:
  description: The planned alarms with work to do, each with C(differences) (the settings that differ, V(missing), or
    V(present) for a removal).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import AlarmPlanError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import alarms_to_apply


def bedrock_alarms_to_apply(alarms, found, actions=None, state="present"):
    """See DOCUMENTATION."""
    try:
        return alarms_to_apply(alarms, found, actions or [], state=state)
    except (AlarmPlanError, KeyError, TypeError, ValueError) as e:
        raise AnsibleFilterError("bedrock_alarms_to_apply: %s" % e) from e


class FilterModule:
    """Alarm comparison filter."""

    def filters(self):
        return {"bedrock_alarms_to_apply": bedrock_alarms_to_apply}

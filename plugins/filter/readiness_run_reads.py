# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: readiness_run_reads
short_description: The reads of the same run the readiness report may take instead of reading again
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Each of C(access), C(alarms), C(endpoints) and C(budget) is the read a role made earlier in the same run when it is known to
    be what AWS holds now, else V(null) (the report reads it).
  - C(access) - the models' status of the bedrock_model_access role (C(bedrock_model_access_info_result)), for the same
    model IDs, in the same order.
  - C(alarms) - the DescribeAlarms by prefix of the bedrock_observability role (C(alarms_found)), when its alarm task
    (C(alarms_applied), its registered result) applied no alarm.
  - C(endpoints) - the endpoint read the bedrock_network role published (C(bedrock_network_endpoints_read)), for the
    same VPC.
  - C(budget) - the budget task of the bedrock_observability role (C(budget), its registered result) when it changed
    nothing, for the same budget name and limit.
options:
  _input:
    description: C(access), C(alarms_found), C(alarms_applied), C(endpoints) and C(budget), each V(null) when the run has
      none.
    type: dict
    required: true
  models:
    description: The model IDs the report checks.
    type: list
    elements: str
    default: []
  vpc_id:
    description: The VPC the report checks (empty for none).
    type: str
    default: ""
  budget_name:
    description: The budget the report checks.
    type: str
    default: ""
  budget_limit:
    description: The budget's configured limit.
    type: float
"""

EXAMPLES = r"""
- name: What the report need not read again
  ansible.builtin.set_fact:
    reads: >-
      {{ {'access': bedrock_model_access_info_result | default(none)}
         | ticketflow.bedrock.readiness_run_reads(models=['us.anthropic.claude-sonnet-4-6']) }}
"""

RETURN = r"""
_value:
  description: C(access), C(alarms), C(endpoints), C(budget), each a read in the shape of the report's own read, or V(null).
  type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.module_utils.run_reads import usable_run_reads


def readiness_run_reads(run_reads, models=None, vpc_id="", budget_name="", budget_limit=None):
    """See DOCUMENTATION."""
    try:
        return usable_run_reads(run_reads, models=models, vpc_id=vpc_id, budget_name=budget_name, budget_limit=budget_limit)
    except (AttributeError, TypeError) as e:
        raise AnsibleFilterError("readiness_run_reads: %s" % e) from e


class FilterModule:
    """Same-run reads filter."""

    def filters(self):
        return {"readiness_run_reads": readiness_run_reads}

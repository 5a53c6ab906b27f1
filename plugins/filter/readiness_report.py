# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: readiness_report
short_description: The readiness verdict of a Bedrock environment from the checks the validate role collected
version_added: 0.1.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Gives each step of the seed plan its state - V(fail) on a failed error check, V(warn) on a failed warning
    check or one that could not be checked, V(skip) without checks, else V(pass) - and the report its C(ready)
    verdict (no step fails), C(schema_version), a C(lifecycle) section and a machine-readable C(warnings) list.
  - With O(access), every lifecycle warning of the models (a LEGACY model, one within the warning window of legacy
    or end of life, a retired one) becomes a warning check of the C(model_access) step, so that step warns with
    the dates.
  - Used by the C(bedrock_validate) role; its templates only render the result.
options:
  _input:
    description:
      - The steps, each a dict with C(id), C(title), C(seed_section), optional C(note) and C(checks) (dicts or JSON
        texts with C(name), C(ok) - true, false or null when not checked -, C(detail), C(severity) error or warning).
    type: list
    elements: dict
    required: true
  environment:
    description: The environment's name.
    type: str
  prod:
    description: Whether it is a prod environment.
    type: bool
    default: false
  account_id:
    description: The account checked.
    type: str
  region:
    description: The region checked.
    type: str
  generated_at:
    description: When the checks ran (ISO 8601).
    type: str
  access:
    description: The registered result of M(ticketflow.bedrock.bedrock_model_access_info) for the models.
    type: dict
"""

EXAMPLES = r"""
- name: Work out the state of every step
  ansible.builtin.set_fact:
    report: >-
      {{ steps | ticketflow.bedrock.readiness_report(environment='staging', prod=false, account_id='123456789012',
         region='us-east-1', generated_at=now(utc=true).isoformat() ~ 'Z', access=model_access) }}
"""

RETURN = r"""
_value:
  description:
    - The report - schema_version, environment, prod, account_id, region, generated_at, ready, steps (each with
      state and its checks), lifecycle (per model - id, model_id, state, status, the dates, days_to_legacy,
      days_to_end_of_life, successors with model_id and call_as, warnings) and warnings (code, step, check,
      message; for lifecycle warnings also model_id, date, days).
  type: dict
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness import ReadinessError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness import readiness_report as build_report


def readiness_report(steps, environment=None, prod=False, account_id=None, region=None, generated_at=None, access=None):
    """The readiness report of the validate role's steps."""
    try:
        return build_report(steps, environment=environment, prod=prod, account_id=account_id, region=region, generated_at=generated_at, access=access)
    except ReadinessError as e:
        raise AnsibleFilterError("ticketflow.bedrock.readiness_report: %s" % to_native(e)) from e


class FilterModule:
    """Readiness report filters."""

    def filters(self):
        return {"readiness_report": readiness_report}

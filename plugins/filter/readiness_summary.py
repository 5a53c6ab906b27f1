# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: readiness_summary
short_description: The short form of a readiness report, for set_stats and AWX workflow nodes
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Reduces the readiness report of the C(bedrock_validate) role to what a scheduler branches on - whether the
    environment is ready, the state of every step, the failed checks, each model's readiness and lifecycle
    warnings.
  - Holds no credentials and no policy documents, so it is safe in job artifacts.
options:
  _input:
    description: The readiness report (C(bedrock_validate_report)).
    type: dict
    required: true
  models:
    description: The C(models) of M(ticketflow.bedrock.bedrock_model_access_info) (C(id), C(ready), C(warnings)).
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: Publish the readiness summary for the next workflow node
  ansible.builtin.set_stats:
    data:
      ticketflow_bedrock_readiness: "{{ {tfb_environment: bedrock_validate_report | ticketflow.bedrock.readiness_summary(models=access.models)} }}"
"""

RETURN = r"""
_value:
  description: The summary.
  type: dict
  contains:
    environment:
      description: The environment's name.
      type: str
    account_id:
      description: The account the report read.
      type: str
    region:
      description: The environment's region.
      type: str
    ready:
      description: Whether no step failed.
      type: bool
    steps:
      description: Each step's state (pass, warn, fail, skip), by step ID.
      type: dict
    failed_checks:
      description: The failed checks, each as step ID, check name and detail.
      type: list
      elements: str
    models:
      description: Each model's C(id), C(ready) and lifecycle C(warnings).
      type: list
      elements: dict
    drift_found:
      description:
        - V(null) here; C(playbooks/drift_check.yml) sets it to whether a check-mode run found drift, with
          C(drift), the drifted resources, under the same key.
      type: bool
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError


def readiness_summary(report, models=None):
    """The set_stats form of a readiness report."""
    if not isinstance(report, Mapping) or "steps" not in report:
        raise AnsibleFilterError("ticketflow.bedrock.readiness_summary: expects the readiness report of bedrock_validate (a dict with steps)")
    steps = {}
    failed = []
    for step in report["steps"]:
        steps[step["id"]] = step["state"]
        for check in step.get("checks", []):
            if check.get("ok") is False:
                detail = check.get("detail")
                failed.append("%s: %s%s" % (step["id"], check["name"], " (%s)" % detail if detail else ""))
    summary = {
        "environment": report.get("environment"),
        "account_id": report.get("account_id"),
        "region": report.get("region"),
        "ready": bool(report.get("ready")),
        "steps": steps,
        "failed_checks": failed,
        "models": [{"id": m.get("id"), "ready": bool(m.get("ready")), "warnings": list(m.get("warnings") or [])} for m in (models or [])],
        # Set by the drift check (playbooks/drift_check.yml); unknown otherwise.
        "drift_found": None,
    }
    return summary


class FilterModule:
    """Readiness report filters."""

    def filters(self):
        return {"readiness_summary": readiness_summary}

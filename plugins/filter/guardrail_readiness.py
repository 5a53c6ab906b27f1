# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: guardrail_readiness_check
short_description: The readiness report's check of the environment's Bedrock guardrail
version_added: 1.1.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Turns what the readiness report read about the guardrail into one check (C(name), C(ok), C(detail), C(severity)).
  - Guardrails off, or enforcement V(none), is a warning; no numbered version is an error. With V(iam) enforcement the
    check passes only when a test invocation without the guardrail was denied (C(guardrail_enforced) of
    M(ticketflow.bedrock.bedrock_invoke_test)); with V(account) when the region's enforced configuration names it.
options:
  _input:
    description: The result of M(ticketflow.bedrock.bedrock_guardrail) read in check mode, or a skipped result.
    type: raw
    required: true
  enforcement:
    description: How the guardrail is enforced.
    type: str
    choices: [iam, account, none]
    required: true
  test_results:
    description: The results of M(ticketflow.bedrock.bedrock_invoke_test) (a loop's C(results)).
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: The guardrail check
  ansible.builtin.set_fact:
    guardrail_check: "{{ guardrail_read | ticketflow.bedrock.guardrail_readiness_check('iam', tests.results) }}"
"""

RETURN = r"""
_value:
  description: The check, with C(name), C(ok) (true, false or null when unchecked), C(detail) and C(severity).
  type: dict
"""

from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness import guardrail_check


def guardrail_readiness_check(guardrail, enforcement, test_results=None):
    return guardrail_check(guardrail, enforcement, test_results)


class FilterModule:
    """Guardrail readiness filter."""

    def filters(self):
        return {"guardrail_readiness_check": guardrail_readiness_check}

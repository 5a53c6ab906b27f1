# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: selected_models
short_description: The models an environment calls, from model selection or from explicit IDs
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Turns the result of M(ticketflow.bedrock.bedrock_model_select) (models by intent) or of
    M(ticketflow.bedrock.bedrock_model_access_info) (explicit IDs) into one list, in order, each item with C(id)
    (the ID the app calls - a profile or a model), C(model_id), C(model_name) (the catalog's name, V(null) when
    the region does not list it) and C(intent) (V(null) for explicit IDs).
options:
  _input:
    description: The registered result of either module.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: The environment's models
  ansible.builtin.set_fact:
    tfb_selected_models: "{{ selection | ticketflow.bedrock.selected_models }}"
"""

RETURN = r"""
_value:
  description: One item per model called.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError


def selected_models(result):
    """See DOCUMENTATION."""
    if not isinstance(result, dict):
        raise AnsibleFilterError("selected_models expects a registered bedrock_model_select or bedrock_model_access_info result.")
    found = []
    if isinstance(result.get("models"), dict):
        for intent, model in result["models"].items():
            found.append({"id": model.get("call_as"), "model_id": model.get("model_id"), "model_name": model.get("model_name"), "intent": intent})
    elif isinstance(result.get("models"), list):
        for entry in result["models"]:
            catalog = entry.get("model") or {}
            found.append({"id": entry.get("id"), "model_id": entry.get("model_id"), "model_name": catalog.get("model_name"), "intent": None})
    else:
        raise AnsibleFilterError("selected_models: the result has no models (was the selection skipped?).")
    return found


class FilterModule:
    """Selected models filter."""

    def filters(self):
        return {"selected_models": selected_models}

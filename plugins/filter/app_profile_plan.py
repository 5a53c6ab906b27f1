# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: app_profile_plan
short_description: The application inference profiles of an environment, one per selected model
version_added: 1.1.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - For each selected model (C(tfb_selected_models), or a list of IDs) the application inference profile the
    environment wants, C({name, source, model_id, tags}). The name is the prefix plus the model
    (V(ticketflow-staging-claude-haiku-4-5-20251001-v1-0)), so a model change means a new profile under a new
    name; AWS cannot update a profile's model.
  - Every profile is tagged C(app) and C(env) (plus O(tags)), the cost allocation tags of the environment.
  - With O(owned) (the environment's profiles, from M(ticketflow.bedrock.bedrock_inference_profile_info)),
    C(retire) lists those no model wants any more, to delete once the application has switched to the new ones.
  - With O(profiles) (the profiles as they exist), C(app_model_ids) lists, in the models' order, what the
    application calls - each model's profile ARN, or the model itself while its profile does not exist yet.
options:
  _input:
    description: The selected models (each with C(id)) or their IDs.
    type: list
    elements: raw
    required: true
  environment:
    description: The environment, the value of the C(env) tag.
    type: str
    required: true
  name_prefix:
    description: The start of every profile name of the environment (for example V(ticketflow-staging-)).
    type: str
    required: true
  tags:
    description: More tags for every profile (C(app) and C(env) always win).
    type: dict
    default: {}
  owned:
    description: The environment's existing application profiles (their C(name)).
    type: list
    elements: dict
    default: []
  profiles:
    description: Existing profiles (C(name), C(arn)), to compute C(app_model_ids).
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: What staging wants
  ansible.builtin.set_fact:
    plan: >-
      {{ tfb_selected_models | ticketflow.bedrock.app_profile_plan(environment='staging',
           name_prefix='ticketflow-staging-', owned=owned.inference_profiles) }}
"""

RETURN = r"""
_value:
  description: C(profiles) (wanted), C(names), C(retire) (owned, no longer wanted) and C(app_model_ids).
  type: dict
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import ProfileInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import app_model_ids
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import profile_plan


def app_profile_plan(models, environment, name_prefix, tags=None, owned=None, profiles=None):
    try:
        plan = profile_plan(models, environment, name_prefix, tags=tags, owned=owned)
    except ProfileInputError as e:
        raise AnsibleFilterError("ticketflow.bedrock.app_profile_plan: %s" % to_native(e)) from e
    plan["app_model_ids"] = app_model_ids(models, plan, list(profiles or []) + list(owned or []))
    return plan


class FilterModule:
    """Application inference profiles of an environment."""

    def filters(self):
        return {"app_profile_plan": app_profile_plan}

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: bedrock_model_select
short_description: Choose Amazon Bedrock models by intent and pin the choice in a lock file
version_added: 0.1.0
description:
  - Resolves each intent (a provider, a model family such as Claude Sonnet, Claude Haiku or Claude Opus, and a
    cross-region choice) to the newest ACTIVE model of that family the region lists, read from AWS at run time
    (C(ListFoundationModels) with C(modelLifecycle), C(ListInferenceProfiles)); no model ID is built in.
  - Returns for each intent the model, the ID to call (RV(models.call_as), a profile or the model), why it was
    chosen and the alternatives with the reason each was not.
  - With O(lock_file), the choice is pinned. A later run keeps the pinned model and reports, as
    RV(notices), a newer ACTIVE successor or a pinned model that entered LEGACY; it switches only for the intents
    named in O(upgrade) or with O(follow_newest=true) (for example in staging; prod keeps the default). A pinned
    model the region no longer lists fails, naming its end-of-life date (kept in the lock) and the successor.
  - Reads AWS only. Writes nothing but O(lock_file), and that only when its content changes (not in check mode;
    with C(--diff) the change is shown).
  - Bad intents fail before any AWS call.
author:
  - TicketFlow platform team (@ticketflow)
options:
  intents:
    description:
      - What each model is for, by name (the name is the key in the lock file), for example
        C(assistant) and C(classifier).
      - "Each intent has C(provider) (V(Anthropic), V(Amazon), ...), C(family) (V(Claude Sonnet), V(Claude Haiku),
        V(Claude Opus), V(Nova Lite), ...), C(cross_region) (V(in_region) - on demand only, the call stays in the
        region; V(geographic) (default) - a profile of the region's geography such as C(us.) or C(eu.), or on demand;
        V(global) - a C(global.) profile, else geographic, else on demand) and optionally
        C(allowed_profile_prefixes), a data-residency allow-list such as V([eu.]) that no chosen profile may leave."
    type: dict
    required: true
  lock_file:
    description:
      - Path of the JSON lock file that pins the resolved models (commit it with the inventory). Read when it
        exists; written when the choice changes. Without it nothing is pinned and every run resolves afresh.
    type: path
  upgrade:
    description:
      - Intents whose pinned model may be replaced by the newest match (V(all) for every intent).
    type: list
    elements: str
    default: []
  follow_newest:
    description:
      - Always take the newest match and update the lock (a staging environment); prod should keep V(false).
    type: bool
    default: false
notes:
  - Lifecycle dates come from AWS; the days left are counted against the controller's clock.
  - "Required IAM permissions: C(bedrock:ListFoundationModels), C(bedrock:ListInferenceProfiles)."
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Choose TicketFlow's models in eu-central-1, EU profiles only
  ticketflow.bedrock.bedrock_model_select:
    region: eu-central-1
    intents:
      assistant: {provider: Anthropic, family: Claude Sonnet, cross_region: geographic, allowed_profile_prefixes: [eu.]}
      classifier: {provider: Anthropic, family: Claude Haiku, cross_region: geographic, allowed_profile_prefixes: [eu.]}
    lock_file: "{{ inventory_dir }}/models.lock.json"
  register: selected

- name: The IDs the application calls
  ansible.builtin.set_fact:
    tfb_models: "{{ selected.model_ids }}"

- name: Move the assistant to the newest Sonnet after review
  ticketflow.bedrock.bedrock_model_select:
    region: eu-central-1
    intents:
      assistant: {provider: Anthropic, family: Claude Sonnet}
    lock_file: "{{ inventory_dir }}/models.lock.json"
    upgrade: [assistant]
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
models:
  description: The resolved model of each intent, by intent name.
  returned: always
  type: dict
  contains:
    model_id:
      description: The foundation model.
      type: str
      sample: anthropic.claude-sonnet-4-6
    model_name:
      description: Its name in the region's catalog (C(modelName)), which Service Quotas names carry.
      type: str
      sample: Claude Sonnet 4.6
    call_as:
      description: The ID to invoke - the inference profile, or the model ID when invoked on demand.
      type: str
      sample: us.anthropic.claude-sonnet-4-6
    profile_id:
      description: The inference profile, V(null) for an on-demand call.
      type: str
    routing:
      description: How the call is routed (V(in-Region on demand), V(geographic (us)), V(global)).
      type: str
    why:
      description: Why this model was chosen.
      type: str
    pinned:
      description: Whether the lock file pinned it.
      type: bool
    newest:
      description: The newest ACTIVE match, which differs from RV(models.model_id) when a pin holds an older one.
      type: str
    lifecycle:
      description: Its lifecycle (see M(ticketflow.bedrock.bedrock_model_access_info)).
      type: dict
    alternatives:
      description: The other models of the family, each with model_id, call_as and the reason it was not chosen.
      type: list
      elements: dict
    notices:
      description: This intent's notices (see RV(notices)).
      type: list
      elements: dict
model_ids:
  description: RV(models.call_as) of every intent, in the order of O(intents).
  returned: always
  type: list
  elements: str
  sample: ["us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-haiku-4-5-20251001-v1:0"]
notices:
  description:
    - What the operator should know - code (V(pinned_new), V(newer_available), V(pinned_legacy), V(route_changed),
      V(upgraded)), intent and message.
  returned: always
  type: list
  elements: dict
lock:
  description: The lock file's content after the run (version, models by intent name).
  returned: always
  type: dict
"""

import json
import os
import tempfile

try:
    from botocore.exceptions import BotoCoreError
    from botocore.exceptions import ClientError
except ImportError:
    pass  # AnsibleAWSModule reports the missing library

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import BedrockCatalog
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import bedrock_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import fail_with_diagnosis
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_selection import SelectionError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_selection import apply_pin
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_selection import build_lock
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_selection import check_intent
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_selection import resolve_intent


def read_lock(module, path):
    if not path or not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            lock = json.load(handle)
    except (OSError, ValueError) as e:
        module.fail_json(msg="Could not read the lock file %s: %s. Fix or remove it." % (path, e))
    if not isinstance(lock, dict) or not isinstance(lock.get("models", {}), dict):
        module.fail_json(msg='The lock file %s is not a model lock (expected {"version": 1, "models": {...}}).' % path)
    return lock


def render_lock(lock):
    return json.dumps(lock, indent=2, sort_keys=True) + "\n"


def write_lock(module, path, text):
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".models-lock-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    module.atomic_move(temporary, path)


def main():
    argument_spec = dict(
        intents=dict(type="dict", required=True),
        lock_file=dict(type="path"),
        upgrade=dict(type="list", elements="str", default=[]),
        follow_newest=dict(type="bool", default=False),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    intents = params["intents"]
    if not intents:
        module.fail_json(msg="intents is empty: name at least one intent, e.g. assistant: {provider: Anthropic, family: Claude Sonnet}.")
    try:
        for name, intent in intents.items():
            check_intent(name, intent)
    except SelectionError as e:
        module.fail_json(msg=str(e))
    unknown = [name for name in params["upgrade"] if name != "all" and name not in intents]
    if unknown:
        module.fail_json(msg="upgrade names intents that do not exist: %s (intents: %s)." % (", ".join(unknown), ", ".join(intents)))
    lock = read_lock(module, params["lock_file"])

    catalog = BedrockCatalog(bedrock_client(module))
    try:
        models = catalog.list_foundation_models()
        profiles = catalog.list_inference_profiles()
    except (ClientError, BotoCoreError) as e:
        fail_with_diagnosis(module, e, "Could not read the Bedrock catalog of %s" % module.region, region=module.region)

    selections = []
    try:
        for name, intent in intents.items():
            selection = resolve_intent(name, intent, models, profiles, module.region)
            if params["lock_file"]:
                pin = ((lock or {}).get("models") or {}).get(name)
                selection = apply_pin(
                    selection, pin, models, upgrade=name in params["upgrade"] or "all" in params["upgrade"], follow_newest=params["follow_newest"]
                )
            selections.append(selection)
    except SelectionError as e:
        module.fail_json(msg=str(e))

    notices = [notice for selection in selections for notice in selection["notices"]]
    for notice in notices:
        if notice["code"] in ("newer_available", "pinned_legacy", "route_changed"):
            module.warn(notice["message"])
    new_lock = build_lock(selections, lock)
    changed = False
    diff = {}
    if params["lock_file"]:
        before = render_lock(lock) if lock is not None else ""
        after = render_lock(new_lock)
        changed = before != after
        diff = {"before": before, "after": after, "before_header": params["lock_file"], "after_header": params["lock_file"]}
        if changed and not module.check_mode:
            write_lock(module, params["lock_file"], after)
    public = {s["name"]: {k: v for k, v in s.items() if k not in ("name", "intent", "region")} for s in selections}
    module.exit_json(changed=changed, models=public, model_ids=[s["call_as"] for s in selections], notices=notices, lock=new_lock, diff=diff)


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: bedrock_inference_profile
short_description: Manage an Amazon Bedrock application inference profile (cost and metrics per environment)
version_added: 1.1.0
description:
  - Creates, tags or deletes an application inference profile, found by O(name) in the task's region.
  - An application inference profile copies a foundation model of the region or a system-defined (cross-Region)
    inference profile and serves the same models. Invoking through its ARN lets AWS attribute the spend to the profile's
    tags (for example C(app=ticketflow), C(env=staging)) once they are activated as cost allocation tags, and gives
    the profile its own C(AWS/Bedrock) metrics.
  - AWS cannot update a profile except for its tags. When the existing profile of O(name) serves other models than
    O(source), the task fails unless O(recreate=true). The clean switch to another model is a B(new) profile under a
    new name (the model in the name), the application switched to its ARN, and only then the old profile removed with
    O(state=absent).
  - Idempotent, with check mode (no mutating call) and diff.
author:
  - TicketFlow platform team (@ticketflow)
options:
  name:
    description:
      - The profile name, unique in the account and region (1 to 64 letters, digits, single spaces, C(_) or C(-)).
    type: str
    required: true
  state:
    description:
      - Whether the profile exists.
    type: str
    choices: [present, absent]
    default: present
  source:
    description:
      - What the profile copies, required with O(state=present). A foundation-model ARN or ID of the task's region
        (for example V(amazon.nova-lite-v1:0)), or a system-defined inference profile ARN or ID (for example
        V(us.anthropic.claude-haiku-4-5-20251001-v1:0)); a bare ID with a geography prefix is read with
        GetInferenceProfile.
    type: str
  description:
    description:
      - The profile description. Set at creation only (AWS has no update); a different one on an existing profile
        is reported as a warning.
    type: str
  tags:
    description:
      - Tags of the profile (at most 50). Activate the keys as cost allocation tags in the Billing console (or with
        the Cost Explorer API) to see spend per tag; they appear about 24 hours after activation.
    type: dict
    default: {}
  purge_tags:
    description:
      - Remove the tags not listed in O(tags).
    type: bool
    default: true
  recreate:
    description:
      - When the existing profile of O(name) serves other models than O(source), delete it and create it again. Its
        ARN changes, so every application using the old ARN fails until it switches; prefer a new O(name).
    type: bool
    default: false
notes:
  - Needs C(bedrock:ListInferenceProfiles), C(bedrock:GetInferenceProfile), C(bedrock:CreateInferenceProfile),
    C(bedrock:DeleteInferenceProfile), C(bedrock:TagResource), C(bedrock:UntagResource) and
    C(bedrock:ListTagsForResource).
  - To invoke through the profile a caller needs C(bedrock:InvokeModel) on the profile ARN and on the models it serves,
    conditioned on C(bedrock:InferenceProfileArn); RV(inference_profile.invoke_resources) feeds
    P(ticketflow.bedrock.invoke_policy#filter).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Staging's profile of Claude Haiku 4.5 through the US cross-Region profile
  ticketflow.bedrock.bedrock_inference_profile:
    region: us-east-1
    name: ticketflow-staging-claude-haiku-4-5
    source: us.anthropic.claude-haiku-4-5-20251001-v1:0
    description: TicketFlow staging
    tags:
      app: ticketflow
      env: staging
  register: staging_haiku

- name: Allow the runtime role to invoke through it (and only through it)
  ansible.builtin.set_fact:
    invoke_document: "{{ [staging_haiku.inference_profile] | ticketflow.bedrock.invoke_policy }}"

- name: After the application switched to the new profile, remove the old one
  ticketflow.bedrock.bedrock_inference_profile:
    name: ticketflow-staging-claude-sonnet-4-5
    state: absent
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
inference_profile:
  description: The profile after the task (as it would be in check mode; C(arn) and C(id) are null before creation).
    Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    arn:
      description: The application inference profile ARN, the model ID the application passes to bedrock-runtime.
      type: str
      sample: arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcd1234efgh
    id:
      description: The profile ID.
      type: str
    name:
      description: The profile name.
      type: str
    description:
      description: The profile description.
      type: str
    status:
      description: V(ACTIVE) when usable.
      type: str
    type:
      description: V(APPLICATION).
      type: str
    model_arns:
      description: The foundation-model ARNs the profile routes to (one per destination region).
      type: list
      elements: str
    model_ids:
      description: The model IDs served.
      type: list
      elements: str
    destination_regions:
      description: The regions calls are served in.
      type: list
      elements: str
    tags:
      description: The profile's tags.
      type: dict
    invoke_resources:
      description: What an invoke policy must allow (C(profile_arn), C(model_arns), C(global_model_arn)), as
        M(ticketflow.bedrock.bedrock_model_access_info) returns it for a system profile.
      type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_profile
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import ProfileInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import check_input
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import create_profile
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import delete_profile
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import describe
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import find_by_name
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import get_profile
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import get_tags
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import same_models
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import set_tags
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import source_arn
from ansible_collections.ticketflow.bedrock.plugins.module_utils.tags import tag_changes
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client


def resolve_source(client, source, copy_from):
    """(ARN to copy from, model ARNs it serves, normalized system profile or None)."""
    if copy_from is not None and ":foundation-model/" in copy_from:
        return copy_from, [copy_from], None
    system = get_profile(client, copy_from or source)
    return system["inferenceProfileArn"], [m["modelArn"] for m in system.get("models") or []], normalize_profile(system)


def planned(name, description, model_arns, tags):
    """The profile as it will be once created (check mode, diff): AWS gives its ARN and ID on creation."""
    view = normalize_profile(
        {
            "inferenceProfileId": "",
            "inferenceProfileArn": "",
            "inferenceProfileName": name,
            "description": description,
            "status": "ACTIVE",
            "type": "APPLICATION",
            "models": [{"modelArn": arn} for arn in model_arns],
        }
    )
    keys = ("id", "arn", "name", "description", "status", "type", "model_arns", "model_ids", "destination_regions")
    return dict(dict((k, view[k]) for k in keys), id=None, arn=None, tags=tags, invoke_resources=None)


def ensure_present(module, client, existing, copy_from):
    params = module.params
    name, wanted_tags = params["name"], {str(k): str(v) for k, v in (params["tags"] or {}).items()}
    copy_from, model_arns, source_profile = resolve_source(client, params["source"], copy_from)
    before, current = {}, None
    if existing is not None:
        current = get_profile(client, existing["inferenceProfileArn"])
        before = describe(current, get_tags(client, current["inferenceProfileArn"]), source_profile)
        if not same_models(current, model_arns):
            if not params["recreate"]:
                module.fail_json(
                    msg="Application inference profile %s serves %s, not what %s serves (%s). AWS cannot update a profile: "
                    "create a new profile under a new name, switch the application to its ARN, then remove %s with "
                    "state=absent; or set recreate=true to replace it under the same name (its ARN changes)."
                    % (name, ", ".join(before["model_arns"]), params["source"], ", ".join(model_arns), name),
                    inference_profile=before,
                )
            if not module.check_mode:
                delete_profile(client, current["inferenceProfileArn"])
            current = None
    if current is None:
        if module.check_mode:
            return True, before, planned(name, params["description"], model_arns, wanted_tags)
        arn = create_profile(client, name, copy_from, params["description"], wanted_tags)
        return True, before, describe(get_profile(client, arn), get_tags(client, arn), source_profile)
    if params["description"] is not None and params["description"] != current.get("description"):
        module.warn(
            "Profile %s keeps its description %r: AWS cannot change it after creation (wanted %r)." % (name, current.get("description"), params["description"])
        )
    to_set, to_remove = tag_changes(before["tags"], wanted_tags, params["purge_tags"])
    if not (to_set or to_remove):
        return False, before, before
    after = dict(before, tags=dict((k, v) for k, v in list(before["tags"].items()) + list(to_set.items()) if k not in to_remove))
    if not module.check_mode:
        set_tags(client, current["inferenceProfileArn"], to_set, to_remove)
        after = dict(before, tags=get_tags(client, current["inferenceProfileArn"]))
    return True, before, after


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        source=dict(type="str"),
        description=dict(type="str"),
        tags=dict(type="dict", default={}),
        purge_tags=dict(type="bool", default=True),
        recreate=dict(type="bool", default=False),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True, required_if=[("state", "present", ["source"])])
    params, region = module.params, module.region
    try:
        partition = validate_region(region)
        check_input(params["name"], params["description"], params["tags"])
        copy_from = source_arn(params["source"], region, partition) if params["state"] == "present" else None
    except (BedrockInputError, ProfileInputError) as e:
        module.fail_json(msg=str(e))

    client = aws_client(module, "bedrock")
    try:
        existing = find_by_name(client, params["name"])
        if params["state"] == "absent":
            before = {}
            if existing is not None:
                arn = existing["inferenceProfileArn"]
                before = describe(get_profile(client, arn), get_tags(client, arn))
                if not module.check_mode:
                    delete_profile(client, arn)
            module.exit_json(changed=existing is not None, inference_profile={}, diff={"before": before, "after": {}})
        changed, before, after = ensure_present(module, client, existing, copy_from)
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not manage the application inference profile %s in %s" % (params["name"], region), region=region)
    module.exit_json(changed=changed, inference_profile=after, diff={"before": before, "after": after})


if __name__ == "__main__":
    main()

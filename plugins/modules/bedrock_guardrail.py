#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: bedrock_guardrail
short_description: Manage an Amazon Bedrock guardrail and its numbered versions
version_added: 1.1.0
description:
  - Creates an Amazon Bedrock guardrail, or updates its DRAFT when the configuration differs, and publishes a new
    numbered version when the DRAFT differs from the newest numbered version (or none exists yet). Runs that change
    nothing publish nothing.
  - The guardrail is found by O(name) in the task's region.
  - Filters for the personal data a support ticket holds (sensitive-information PII entities and regexes, each
    blocked or anonymized), the prompt-attack filter, content filters, denied topics and blocked words.
  - Input is checked before any AWS call. Check mode makes no change; diff shows the DRAFT before and after.
  - O(state=absent) deletes the guardrail and all its versions.
author:
  - TicketFlow platform team (@ticketflow)
options:
  name:
    description:
      - The guardrail's name (1-50 letters, digits, V(-) and V(_)), unique in the account and region.
    type: str
    required: true
  state:
    description:
      - Whether the guardrail exists.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - The guardrail's description.
    type: str
  blocked_input_message:
    description:
      - What the caller receives instead of an answer when the guardrail blocks the prompt (1-500 characters).
      - Required with O(state=present).
    type: str
  blocked_output_message:
    description:
      - What the caller receives when the guardrail blocks the model's answer (1-500 characters).
      - Required with O(state=present).
    type: str
  pii_entities:
    description:
      - Sensitive-information filters for PII entity types.
    type: list
    elements: dict
    default: []
    suboptions:
      type:
        description:
          - The entity type, as Bedrock names it (for example V(EMAIL), V(PHONE), V(NAME), V(ADDRESS),
            V(CREDIT_DEBIT_CARD_NUMBER)).
        type: str
        required: true
      action:
        description:
          - V(BLOCK) blocks the whole text, V(ANONYMIZE) replaces the entity with its type (V({EMAIL})), V(NONE) only reports it.
        type: str
        choices: [BLOCK, ANONYMIZE, NONE]
        default: ANONYMIZE
      input_action:
        description:
          - The action on prompts, when it differs from O(pii_entities[].action).
        type: str
        choices: [BLOCK, ANONYMIZE, NONE]
      output_action:
        description:
          - The action on answers, when it differs from O(pii_entities[].action).
        type: str
        choices: [BLOCK, ANONYMIZE, NONE]
  regexes:
    description:
      - Sensitive-information filters for your own patterns (for example customer or order numbers).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The filter's name (what an anonymized match is replaced by).
        type: str
        required: true
      pattern:
        description: The regular expression.
        type: str
        required: true
      description:
        description: What the pattern finds.
        type: str
      action:
        description: As O(pii_entities[].action).
        type: str
        choices: [BLOCK, ANONYMIZE, NONE]
        default: ANONYMIZE
  prompt_attack:
    description:
      - The strength of the prompt-attack filter (jailbreaks and prompt injection) on prompts; V(NONE) turns it off.
        Bedrock applies it to input only.
    type: str
    choices: [NONE, LOW, MEDIUM, HIGH]
    default: NONE
  content_filters:
    description:
      - Harmful-content filters.
    type: list
    elements: dict
    default: []
    suboptions:
      type:
        description: The category.
        type: str
        required: true
        choices: [SEXUAL, VIOLENCE, HATE, INSULTS, MISCONDUCT]
      input_strength:
        description: The strength on prompts.
        type: str
        choices: [NONE, LOW, MEDIUM, HIGH]
        default: HIGH
      output_strength:
        description: The strength on answers.
        type: str
        choices: [NONE, LOW, MEDIUM, HIGH]
        default: HIGH
  denied_topics:
    description:
      - Topics the application must not discuss.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The topic's name.
        type: str
        required: true
      definition:
        description: What the topic covers.
        type: str
        required: true
      examples:
        description: Example phrases of the topic.
        type: list
        elements: str
        default: []
  blocked_words:
    description:
      - Words and phrases the guardrail blocks.
    type: list
    elements: str
    default: []
  profanity_filter:
    description:
      - Block the managed profanity word list.
    type: bool
    default: false
  kms_key_id:
    description:
      - The KMS key (ID, ARN or alias) that encrypts the guardrail; AWS-owned key when omitted.
    type: str
  tags:
    description:
      - Tags set when the guardrail is created (not changed afterwards by this module).
    type: dict
  publish_version:
    description:
      - Publish a numbered version when the DRAFT differs from the newest numbered version. Enforcement (the
        C(bedrock:GuardrailIdentifier) condition or an account-level configuration) needs a numbered version.
    type: bool
    default: true
  version_description:
    description:
      - The description of a version this task publishes.
    type: str
  account_enforcement:
    description:
      - V(true) makes the newest numbered version the account-level enforced guardrail of the task's region
        (C(PutEnforcedGuardrailConfiguration)); Bedrock applies it to every model invocation in the region, whatever the
        request carries. Needs O(publish_version) or an existing numbered version.
      - V(false) removes the region's enforced configurations that name this guardrail (others are left alone).
      - With O(state=absent) the enforced configurations naming the guardrail are removed first.
    type: bool
    default: false
notes:
  - Needs C(bedrock:ListGuardrails), C(bedrock:GetGuardrail), C(bedrock:CreateGuardrail), C(bedrock:UpdateGuardrail),
    C(bedrock:CreateGuardrailVersion), C(bedrock:DeleteGuardrail) (and C(bedrock:TagResource) with O(tags)).
  - A guardrail holds at most 20 numbered versions (AWS quota); this module publishes only when the DRAFT changed.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: A guardrail for support tickets, published as a numbered version
  ticketflow.bedrock.bedrock_guardrail:
    name: ticketflow-tickets
    region: us-east-1
    blocked_input_message: This ticket holds data that cannot be sent to the assistant.
    blocked_output_message: The assistant's answer was withheld.
    pii_entities:
      - {type: EMAIL, action: ANONYMIZE}
      - {type: PHONE, action: ANONYMIZE}
      - {type: NAME, action: ANONYMIZE}
      - {type: ADDRESS, action: ANONYMIZE}
      - {type: CREDIT_DEBIT_CARD_NUMBER, action: BLOCK}
    prompt_attack: HIGH
  register: guardrail

- name: Remove the guardrail and its versions
  ticketflow.bedrock.bedrock_guardrail:
    name: ticketflow-tickets
    state: absent
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
guardrail:
  description: The guardrail after the task (as it would be, in check mode); null when it does not exist.
  returned: always
  type: dict
  contains:
    guardrail_id:
      description: The guardrail's ID (null in check mode before creation).
      type: str
      sample: hu1dlsv9wy1d
    guardrail_arn:
      description: The guardrail's ARN.
      type: str
      sample: arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d
    version:
      description: The newest numbered version (null when none is published).
      type: str
      sample: "2"
    version_arn:
      description:
        - The guardrail ARN and newest numbered version, the value of the C(bedrock:GuardrailIdentifier) condition key.
      type: str
      sample: arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:2
    versions:
      description: The numbered versions, oldest first.
      type: list
      elements: str
      sample: ["1", "2"]
    enforced_config_id:
      description: With O(account_enforcement), the ID of the region's enforced guardrail configuration.
      type: str
      sample: config1
    published:
      description: Whether this task published a new version.
      type: bool
      sample: true
    config:
      description: The DRAFT's configuration, in snake_case.
      type: dict
      sample: {"name": "ticketflow-tickets", "blocked_input_messaging": "..."}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_guardrail as gr
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client

ACTIONS = ["BLOCK", "ANONYMIZE", "NONE"]
STRENGTHS = ["NONE", "LOW", "MEDIUM", "HIGH"]


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        description=dict(type="str"),
        blocked_input_message=dict(type="str"),
        blocked_output_message=dict(type="str"),
        pii_entities=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                type=dict(type="str", required=True),
                action=dict(type="str", choices=ACTIONS, default="ANONYMIZE"),
                input_action=dict(type="str", choices=ACTIONS),
                output_action=dict(type="str", choices=ACTIONS),
            ),
        ),
        regexes=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                name=dict(type="str", required=True),
                pattern=dict(type="str", required=True),
                description=dict(type="str"),
                action=dict(type="str", choices=ACTIONS, default="ANONYMIZE"),
            ),
        ),
        prompt_attack=dict(type="str", choices=STRENGTHS, default="NONE"),
        content_filters=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                type=dict(type="str", required=True, choices=list(gr.CONTENT_TYPES)),
                input_strength=dict(type="str", choices=STRENGTHS, default="HIGH"),
                output_strength=dict(type="str", choices=STRENGTHS, default="HIGH"),
            ),
        ),
        denied_topics=dict(
            type="list",
            elements="dict",
            default=[],
            options=dict(
                name=dict(type="str", required=True),
                definition=dict(type="str", required=True),
                examples=dict(type="list", elements="str", default=[]),
            ),
        ),
        blocked_words=dict(type="list", elements="str", default=[]),
        profanity_filter=dict(type="bool", default=False),
        kms_key_id=dict(type="str"),
        tags=dict(type="dict"),
        publish_version=dict(type="bool", default=True),
        version_description=dict(type="str"),
        account_enforcement=dict(type="bool", default=False),
    )


def snake(config):
    return camel_dict_to_snake_dict(config) if config else {}


def result_of(guardrail_id, arn, versions, published, config):
    latest = str(versions[-1]) if versions else None
    return {
        "guardrail_id": guardrail_id,
        "guardrail_arn": arn,
        "version": latest,
        "version_arn": gr.version_arn(arn, latest),
        "versions": [str(v) for v in versions],
        "published": published,
        "enforced_config_id": None,
        "config": snake(config),
    }


def ensure_present(module, client, desired):
    summary = gr.find_guardrail(client, desired["name"])
    publish = module.params["publish_version"]
    if summary is None:
        changed = True
        guardrail_id = arn = None
        versions = [1] if publish else []
        before = None
        if not module.check_mode:
            created = gr.create(client, desired, module.params.get("tags"))
            guardrail_id, arn = created["guardrailId"], created["guardrailArn"]
            versions = [int(gr.publish(client, guardrail_id, module.params.get("version_description")))] if publish else []
        return changed, before, result_of(guardrail_id, arn, versions, bool(versions), desired)

    guardrail_id, arn = summary["id"], summary["arn"]
    before = gr.config_from_api(gr.get_version(client, guardrail_id))
    versions = gr.numbered_versions(client, guardrail_id)
    draft_changed = not gr.same_config(desired, before)
    # The DRAFT differs from the newest version when it changes now, or changed after the last publication.
    if draft_changed or not versions:
        needs_version = True
    else:
        needs_version = not gr.same_config(desired, gr.config_from_api(gr.get_version(client, guardrail_id, str(versions[-1]))), ignore_description=True)
    needs_version = needs_version and publish
    changed = draft_changed or needs_version
    if not module.check_mode:
        if draft_changed:
            gr.update(client, guardrail_id, desired)
        if needs_version:
            versions.append(int(gr.publish(client, guardrail_id, module.params.get("version_description"))))
    elif needs_version:
        versions.append((versions[-1] if versions else 0) + 1)
    return changed, before, result_of(guardrail_id, arn, versions, needs_version, desired)


def ensure_enforcement(module, client, guardrail):
    """Bring the region's enforced configurations naming the guardrail to O(account_enforcement); True when changed."""
    wanted = module.params["account_enforcement"]
    configs = gr.enforced_configs(client, guardrail["guardrail_id"]) if guardrail["guardrail_id"] else []
    if not wanted:
        if configs and not module.check_mode:
            for config in configs:
                gr.delete_enforced(client, config["configId"])
        return bool(configs)
    if guardrail["version"] is None:
        module.fail_json(
            msg="account_enforcement needs a numbered version of guardrail %s: set publish_version (the DRAFT cannot be enforced)." % module.params["name"]
        )
    current = configs[0] if configs else None
    guardrail["enforced_config_id"] = current["configId"] if current else None
    if current is not None and str(current.get("guardrailVersion")) == guardrail["version"] and len(configs) == 1:
        return False
    if not module.check_mode:
        guardrail["enforced_config_id"] = gr.put_enforced(client, guardrail["guardrail_id"], guardrail["version"], current and current["configId"])
        for extra in configs[1:]:
            gr.delete_enforced(client, extra["configId"])
    return True


def ensure_absent(module, client, name):
    summary = gr.find_guardrail(client, name)
    if summary is None:
        return False, None, None
    before = gr.config_from_api(gr.get_version(client, summary["id"]))
    configs = gr.enforced_configs(client, summary["id"])
    if not module.check_mode:
        for config in configs:
            gr.delete_enforced(client, config["configId"])
        gr.delete(client, summary["id"])
    return True, before, None


def main():
    module = AnsibleAWSModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_if=[("state", "present", ("blocked_input_message", "blocked_output_message"))],
    )
    region = module.region
    try:
        validate_region(region)
    except BedrockInputError as e:
        module.fail_json(msg=str(e))
    desired = None
    if module.params["state"] == "present":
        try:
            desired = gr.desired_config(module.params)
        except gr.GuardrailInputError as e:
            module.fail_json(msg=str(e))

    client = aws_client(module, "bedrock")
    try:
        if desired is None:
            changed, before, guardrail = ensure_absent(module, client, module.params["name"])
        else:
            changed, before, guardrail = ensure_present(module, client, desired)
            changed = ensure_enforcement(module, client, guardrail) or changed
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not manage Bedrock guardrail %s in %s" % (module.params["name"], region), region=region)
    module.exit_json(changed=changed, guardrail=guardrail, diff={"before": snake(before), "after": snake(desired)})


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: bedrock_guardrail_info
short_description: Read an Amazon Bedrock guardrail, its numbered versions and its account-level enforcement
version_added: 1.1.0
description:
  - Reads the guardrails of the task's region (ListGuardrails, paginated), or the one called O(name), with their
    numbered versions, the newest version's ARN (the value of the C(bedrock:GuardrailIdentifier) condition key) and
    the region's enforced guardrail configurations that name each guardrail.
  - Makes no change, so it runs the same in check mode. A guardrail that does not exist is not an error
    (RV(guardrail) is null) and the caller decides.
  - Use it to learn the guardrail's identity in a playbook that runs after the one that created it (for example
    C(validate.yml) after C(site.yml)); M(ticketflow.bedrock.bedrock_guardrail) manages the guardrail.
author:
  - TicketFlow platform team (@ticketflow)
options:
  name:
    description:
      - The guardrail's name. Without it, every guardrail of the region is returned.
    type: str
  include_config:
    description:
      - Also read each guardrail's DRAFT configuration (one GetGuardrail call per guardrail).
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Learn the TicketFlow guardrail's newest version
  ticketflow.bedrock.bedrock_guardrail_info:
    name: ticketflow-tickets
    region: us-east-1
  register: tickets_guardrail

- name: Refuse to go on without a published version
  ansible.builtin.assert:
    that: tickets_guardrail.guardrail.version is not none
  when: tickets_guardrail.guardrail is not none
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
guardrail:
  description: With O(name), the guardrail called so, or null when the region has none by that name.
  returned: when O(name) is given
  type: dict
  contains:
    name:
      description: The guardrail's name.
      type: str
      sample: ticketflow-tickets
    guardrail_id:
      description: The guardrail's ID.
      type: str
      sample: hu1dlsv9wy1d
    guardrail_arn:
      description: The guardrail's ARN.
      type: str
      sample: arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d
    status:
      description: The guardrail's status (V(READY), V(CREATING), V(UPDATING), V(VERSIONING), V(FAILED), V(DELETING)).
      type: str
      sample: READY
    version:
      description: The newest numbered version (null when none is published).
      type: str
      sample: "2"
    version_arn:
      description: The guardrail ARN and newest numbered version, the value of the C(bedrock:GuardrailIdentifier) condition key.
      type: str
      sample: arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:2
    versions:
      description: The numbered versions, oldest first.
      type: list
      elements: str
      sample: ["1", "2"]
    enforced_config_id:
      description: The ID of the region's enforced guardrail configuration that names this guardrail, or null.
      type: str
      sample: config1
    enforced_version:
      description: The version that configuration enforces, or null.
      type: str
      sample: "2"
    config:
      description: With O(include_config), the DRAFT's configuration in snake_case; otherwise empty.
      type: dict
      sample: {"name": "ticketflow-tickets", "blocked_input_messaging": "..."}
guardrails:
  description: The guardrails read (all of the region's, or the one called O(name)), each as RV(guardrail).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "ticketflow-tickets", "guardrail_id": "hu1dlsv9wy1d", "version": "2"}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_guardrail as gr
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client


def describe(client, summary, enforced, include_config):
    """One guardrail as the module returns it, from its ListGuardrails summary."""
    guardrail_id, arn = summary["id"], summary["arn"]
    versions = [str(v) for v in gr.numbered_versions(client, guardrail_id)]
    latest = versions[-1] if versions else None
    config = next((c for c in enforced if c.get("guardrailId") == guardrail_id), None)
    return {
        "name": summary.get("name"),
        "guardrail_id": guardrail_id,
        "guardrail_arn": arn,
        "status": summary.get("status"),
        "version": latest,
        "version_arn": gr.version_arn(arn, latest),
        "versions": versions,
        "enforced_config_id": config["configId"] if config else None,
        "enforced_version": str(config["guardrailVersion"]) if config and config.get("guardrailVersion") else None,
        "config": camel_dict_to_snake_dict(gr.config_from_api(gr.get_version(client, guardrail_id))) if include_config else {},
    }


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(name=dict(type="str"), include_config=dict(type="bool", default=False)),
        supports_check_mode=True,
    )
    region, name = module.region, module.params["name"]
    try:
        validate_region(region)
    except BedrockInputError as e:
        module.fail_json(msg=str(e))
    if name is not None and not gr.NAME_RE.match(name):
        module.fail_json(msg="%r is not a valid guardrail name: use 1 to 50 letters, digits, '-' and '_'." % name)

    client = aws_client(module, "bedrock")
    try:
        if name is None:
            summaries = gr.list_guardrails(client)
        else:
            found = gr.find_guardrail(client, name)
            summaries = [found] if found else []
        enforced = gr.list_enforced(client) if summaries else []
        guardrails = [describe(client, s, enforced, module.params["include_config"]) for s in summaries]
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not read the Bedrock guardrails of %s" % region, region=region)
    result = {"changed": False, "guardrails": guardrails}
    if name is not None:
        result["guardrail"] = guardrails[0] if guardrails else None
    module.exit_json(**result)


if __name__ == "__main__":
    main()

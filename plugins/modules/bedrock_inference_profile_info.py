#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: bedrock_inference_profile_info
short_description: List the application inference profiles of a region, by tags and name
version_added: 1.1.0
description:
  - Lists the application inference profiles (type C(APPLICATION)) of the task's region with their tags, keeping
    those that carry every tag of O(tags) and whose name starts with O(name_prefix).
  - An environment finds the profiles it owns this way (for example C(app=ticketflow), C(env=staging) and the
    name prefix C(ticketflow-staging-)), to retire the profile of a model it no longer uses or to remove them all
    at teardown. System-defined profiles are never listed.
author:
  - TicketFlow platform team (@ticketflow)
options:
  tags:
    description:
      - Tags a profile must carry, every one with the value given.
    type: dict
    default: {}
  name_prefix:
    description:
      - Keep only the profiles whose name starts with this text. Empty keeps every name.
    type: str
    default: ""
notes:
  - Needs C(bedrock:ListInferenceProfiles) and C(bedrock:ListTagsForResource).
  - Supports check mode (it changes nothing).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The application inference profiles the staging environment owns
  ticketflow.bedrock.bedrock_inference_profile_info:
    tags: {app: ticketflow, env: staging}
    name_prefix: ticketflow-staging-
  register: staging_profiles

- name: Remove them
  ticketflow.bedrock.bedrock_inference_profile:
    name: "{{ item.name }}"
    state: absent
  loop: "{{ staging_profiles.inference_profiles }}"
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
inference_profiles:
  description:
    - The matching profiles, sorted by name, each as RV(ticketflow.bedrock.bedrock_inference_profile#module:inference_profile)
      returns it (C(arn), C(id), C(name), C(model_arns), C(model_ids), C(tags), C(invoke_resources), ...).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import ProfileInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import application_profiles
from ansible_collections.ticketflow.bedrock.plugins.module_utils.inference_profiles import check_tag_filter
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client


def main():
    argument_spec = dict(tags=dict(type="dict", default={}), name_prefix=dict(type="str", default=""))
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params, region = module.params, module.region
    try:
        validate_region(region)
        wanted = check_tag_filter(params["tags"])
    except (BedrockInputError, ProfileInputError) as e:
        module.fail_json(msg=str(e))
    client = aws_client(module, "bedrock")
    try:
        profiles = application_profiles(client, wanted, params["name_prefix"] or "")
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not list the application inference profiles of %s" % region, region=region)
    module.exit_json(changed=False, inference_profiles=profiles)


if __name__ == "__main__":
    main()

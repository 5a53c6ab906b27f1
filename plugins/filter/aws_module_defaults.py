# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: aws_module_defaults
short_description: The module_defaults of group/ticketflow.bedrock.aws from one environment's connection settings
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Turns one environment's connection settings (C(tfb_aws_connection) in the playbooks) into the arguments of
    C(module_defaults) for C(group/ticketflow.bedrock.aws), which reaches this collection's modules and every
    amazon.aws and community.aws module.
  - Empty settings give just the region, so boto3 finds credentials the usual way (instance role, the C(AWS_*)
    environment variables AWX injects, C(AWS_PROFILE)).
  - When the settings assume a role (C(assume_role)), the result carries the temporary credentials of that
    session (O(sts_session)) instead of the source credentials; without a session the filter fails, so a play
    never runs with the wrong account's credentials.
  - Unknown keys, a region that disagrees with O(region), half a key pair, or an invalid role fail before any
    AWS call.
options:
  _input:
    description:
      - The connection settings; keys C(region), C(endpoint_url), C(profile), C(access_key), C(secret_key),
        C(session_token), C(validate_certs), C(aws_ca_bundle), C(assume_role) (C(role_arn), C(external_id),
        C(session_name), C(duration_seconds)). Empty values count as not set.
    type: dict
    required: true
  region:
    description:
      - The environment's region; a C(region) in the settings must agree with it.
    type: str
  environment:
    description:
      - The environment's name, for the default session name C(ticketflow-bedrock-<environment>).
    type: str
    default: ""
  sts_session:
    description:
      - The assumed role's temporary credentials (C(access_key), C(secret_key), C(session_token)), as
        C(amazon.aws.sts_assume_role) returns them in RV(amazon.aws.sts_assume_role#module:sts_creds).
    type: dict
  source:
    description:
      - Return the source credentials a role is assumed with, not the session's.
    type: bool
    default: false
"""

EXAMPLES = r"""
# group_vars: one definition, used once per play.
# tfb_aws_connection:
#   profile: ticketflow-staging
#   assume_role:
#     role_arn: arn:aws:iam::111111111111:role/TicketFlowBedrockDeploy
#     external_id: "{{ lookup('ansible.builtin.env', 'TFB_EXTERNAL_ID') }}"
- name: Every AWS task of the play reaches the environment's account
  hosts: bedrock_environments
  module_defaults:
    group/ticketflow.bedrock.aws: >-
      {{ tfb_aws_connection | ticketflow.bedrock.aws_module_defaults(region=tfb_region,
         environment=tfb_environment, sts_session=tfb_aws_session | default(none)) }}
  tasks:
    - name: Who am I
      amazon.aws.aws_caller_info:
"""

RETURN = r"""
_value:
  description: The arguments for C(module_defaults), only those that are set.
  type: dict
  sample:
    region: us-east-1
    access_key: ASIAEXAMPLE
    secret_key: "(secret)"
    session_token: "(secret)"
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils import aws_connection


def aws_module_defaults(connection, region=None, environment="", sts_session=None, source=False):
    """module_defaults arguments for group/ticketflow.bedrock.aws."""
    try:
        return aws_connection.module_defaults(connection, region, environment=environment, sts_session=sts_session, source=bool(source))
    except aws_connection.ConnectionSettingsError as e:
        raise AnsibleFilterError("ticketflow.bedrock.aws_module_defaults: %s" % to_native(e)) from e


class FilterModule:
    """The module_defaults filter."""

    def filters(self):
        return {"aws_module_defaults": aws_module_defaults}

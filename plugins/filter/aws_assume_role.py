# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: aws_assume_role
short_description: The role an environment's connection settings assume, checked, with its defaults filled
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Reads C(assume_role) from one environment's connection settings (C(tfb_aws_connection) in the playbooks) and
    returns it ready for M(amazon.aws.sts_assume_role), or an empty dict when no role is assumed.
  - Fills the session name (C(ticketflow-bedrock-<environment>)) and the duration (3600 seconds), and fails on an
    invalid role ARN, session name or duration before any AWS call.
  - RV(_value.renew) tells whether the session known so far (O(sts_session)) must be replaced, because there is
    none, it belongs to another role, or it expires within 15 minutes.
options:
  _input:
    description:
      - The connection settings (see P(ticketflow.bedrock.aws_module_defaults#filter)).
    type: dict
    required: true
  environment:
    description:
      - The environment's name, for the default session name.
    type: str
    default: ""
  sts_session:
    description:
      - The session known so far (C(access_key), C(secret_key), C(session_token), C(expiration), C(role_arn)).
    type: dict
"""

EXAMPLES = r"""
- name: Assume the environment's deploy role when no fresh session is known
  amazon.aws.sts_assume_role:
    role_arn: "{{ role.role_arn }}"
    role_session_name: "{{ role.session_name }}"
    external_id: "{{ role.external_id | default(omit) }}"
    duration_seconds: "{{ role.duration_seconds }}"
  vars:
    role: "{{ tfb_aws_connection | ticketflow.bedrock.aws_assume_role(environment=tfb_environment, sts_session=tfb_aws_session | default(none)) }}"
  when: role and role.renew
  no_log: true
  register: assumed
"""

RETURN = r"""
_value:
  description: The role to assume; empty when the settings assume none.
  type: dict
  contains:
    role_arn:
      description: The role's ARN.
      type: str
    session_name:
      description: The STS session name.
      type: str
    duration_seconds:
      description: How long the session lasts.
      type: int
    external_id:
      description: The external ID the role's trust policy asks for, when set.
      type: str
    renew:
      description: Whether a new session is needed.
      type: bool
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils import aws_connection


def aws_assume_role(connection, environment="", sts_session=None):
    """The normalized assume_role settings ({} when no role is assumed)."""
    try:
        return aws_connection.assume_role(connection, environment, sts_session=sts_session)
    except aws_connection.ConnectionSettingsError as e:
        raise AnsibleFilterError("ticketflow.bedrock.aws_assume_role: %s" % to_native(e)) from e


class FilterModule:
    """Connection settings filters."""

    def filters(self):
        return {"aws_assume_role": aws_assume_role}

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: iam_attached_policies_info
short_description: Read the policy documents an IAM role or user actually holds
version_added: 1.0.0
description:
  - Lists the managed policies attached to an IAM role or user with the document of each one's default version,
    and its inline policies with their documents.
  - The readiness report compares these documents with the computed invoke policy, so that a policy widened by
    hand (for example to C(foundation-model/*)) is caught.
  - For a user, also lists its long-term Amazon Bedrock API keys (IAM service-specific credentials), so that the
    readiness report can prove the dev user has none.
  - A role or user that does not exist gives RV(exists=false), not a failure.
author:
  - TicketFlow platform team (@ticketflow)
options:
  role_name:
    description:
      - The IAM role to read.
      - Exactly one of O(role_name) and O(user_name).
    type: str
  user_name:
    description:
      - The IAM user to read.
    type: str
notes:
  - Needs C(iam:ListAttachedRolePolicies), C(iam:ListRolePolicies), C(iam:GetRolePolicy) (or the C(User)
    equivalents), C(iam:GetPolicy) and C(iam:GetPolicyVersion); for a user also C(iam:ListServiceSpecificCredentials).
  - Supports check mode (it changes nothing).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Read the runtime role's policies
  ticketflow.bedrock.iam_attached_policies_info:
    role_name: TicketFlowBedrockRuntime-staging
  register: runtime_policies

- name: Show what the invoke policy grants
  ansible.builtin.debug:
    msg: "{{ runtime_policies.managed_policies | selectattr('policy_name', 'equalto', 'TicketFlowBedrockInvoke-staging') | map(attribute='document') }}"
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
exists:
  description: Whether the role or user exists.
  returned: always
  type: bool
  sample: true
managed_policies:
  description: The attached managed policies, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    policy_name:
      description: The policy name.
      type: str
      sample: TicketFlowBedrockInvoke-staging
    policy_arn:
      description: The policy ARN.
      type: str
      sample: arn:aws:iam::123456789012:policy/TicketFlowBedrockInvoke-staging
    default_version_id:
      description: The policy's default version.
      type: str
      sample: v1
    document:
      description: The default version's policy document.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["bedrock:InvokeModel"], "Resource": ["*"]}]}
bedrock_api_keys:
  description: The user's long-term Amazon Bedrock API keys (service-specific credentials for C(bedrock.amazonaws.com)), without secrets.
  returned: for O(user_name)
  type: list
  elements: dict
  contains:
    credential_id:
      description: The service-specific credential's ID.
      type: str
      sample: ACCA1234567890EXAMPLE
    status:
      description: V(Active) or V(Inactive).
      type: str
      sample: Active
    create_date:
      description: When it was created.
      type: str
      sample: "2026-12-01 12:00:00+00:00"
    expiration_date:
      description: When it expires (null when it never does).
      type: str
      sample: "2026-12-31 12:00:00+00:00"
inline_policies:
  description: The inline policies, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    policy_name:
      description: The policy name.
      type: str
      sample: extra
    document:
      description: The policy document.
      type: dict
      sample: {"Version": "2012-10-17", "Statement": []}
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.iam_policies import attached_policies
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client


def main():
    argument_spec = dict(
        role_name=dict(type="str"),
        user_name=dict(type="str"),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        mutually_exclusive=[["role_name", "user_name"]],
        required_one_of=[["role_name", "user_name"]],
        supports_check_mode=True,
    )
    kind = "role" if module.params["role_name"] else "user"
    name = module.params["%s_name" % kind]
    if not name.strip():
        module.fail_json(msg="%s_name is empty: give the IAM %s's name (without path)." % (kind, kind))

    client = aws_client(module, "iam")
    try:
        result = attached_policies(client, kind, name)
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not read the policies of IAM %s %s" % (kind, name))
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: api_key_policy
short_description: IAM policy denying Amazon Bedrock API keys (bearer tokens) to a runtime identity
version_added: 1.1.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - Bedrock accepts API keys (an C(Authorization) header of type C(Bearer)) besides SigV4, as short-term keys (up to 12 hours, derived from an
    IAM session) and long-term keys (an IAM service-specific credential for C(bedrock.amazonaws.com)). Every bearer
    request is also authorized as C(bedrock:CallWithBearerToken), with the condition key C(bedrock:bearerTokenType)
    (V(SHORT_TERM) or V(LONG_TERM)).
  - Returns a policy document with one Deny statement on C(bedrock:CallWithBearerToken) for the runtime role and the
    dev user. With V(short_term_only) only long-term keys are denied (an environment that opted in to short-term keys).
  - The C(bedrock-mantle) endpoint's counterpart is not covered (unverified).
options:
  _input:
    description: V(deny) (every API key) or V(short_term_only) (deny long-term keys only).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Deny every Bedrock API key to the runtime role
  amazon.aws.iam_policy:
    iam_type: role
    iam_name: TicketFlowBedrockRuntime
    policy_name: TicketFlowDenyBedrockApiKeys
    policy_json: "{{ 'deny' | ticketflow.bedrock.api_key_policy | to_json }}"
"""

RETURN = r"""
_value:
  description: An IAM policy document.
  type: dict
  sample:
    Version: "2012-10-17"
    Statement:
      - Sid: DenyBedrockApiKeys
        Effect: Deny
        Action: bedrock:CallWithBearerToken
        Resource: "*"
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.ticketflow.bedrock.plugins.module_utils.api_keys import ApiKeyPolicyError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.api_keys import bearer_token_policy


def api_key_policy(mode):
    try:
        return bearer_token_policy(mode)
    except ApiKeyPolicyError as e:
        raise AnsibleFilterError("ticketflow.bedrock.api_key_policy: %s" % to_native(e)) from e


class FilterModule:
    """Bedrock API key filters."""

    def filters(self):
        return {"api_key_policy": api_key_policy}

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import json
import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.api_key_policy import api_key_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils import api_keys
from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness_checks import api_key_check

SCP_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "docs", "policies", "scp-deny-bedrock-long-term-api-keys.json")


def test_deny_every_bearer_token():
    document = api_key_policy("deny")
    assert document["Statement"] == [{"Sid": "DenyBedrockApiKeys", "Effect": "Deny", "Action": "bedrock:CallWithBearerToken", "Resource": "*"}]


def test_short_term_only_denies_everything_but_short_term_tokens():
    statement = api_keys.bearer_token_statement("short_term_only")
    assert statement["Condition"] == {"StringNotEquals": {"bedrock:bearerTokenType": "SHORT_TERM"}}


def test_unknown_mode_is_refused():
    with pytest.raises(AnsibleFilterError, match="deny, short_term_only"):
        api_key_policy("allow")


def test_documented_scp_file_matches_the_code():
    with open(SCP_FILE) as handle:
        assert json.load(handle) == api_keys.long_term_key_scp()
    creation = api_keys.long_term_key_scp()["Statement"][0]
    assert creation["Action"] == "iam:CreateServiceSpecificCredential"
    assert creation["Condition"]["StringEquals"]["iam:ServiceSpecificCredentialServiceName"] == "bedrock.amazonaws.com"


def role(policies, managed=(), credentials=()):
    return {"name": "TicketFlowBedrockRuntime", "policies": policies, "managed_policy_names": list(managed), "bedrock_credentials": list(credentials)}


def test_readiness_passes_with_the_deny():
    check = api_key_check([role([api_key_policy("deny")])])
    assert check["ok"] is True and check["severity"] == "error"


def test_short_term_mode_accepts_the_stricter_deny_too():
    assert api_key_check([role([api_key_policy("deny")])], mode="short_term_only")["ok"] is True
    assert api_key_check([role([api_key_policy("short_term_only")])], mode="short_term_only")["ok"] is True
    assert api_key_check([role([api_key_policy("short_term_only")])], mode="deny")["ok"] is False


@pytest.mark.parametrize(
    "identity, text",
    [
        (role([]), "does not deny bedrock:CallWithBearerToken"),
        (role([api_key_policy("deny")], managed=["AmazonBedrockLimitedAccess"]), "AmazonBedrockLimitedAccess"),
        (role([api_key_policy("deny")], credentials=[{"ServiceSpecificCredentialId": "ACCA"}]), "long-term Bedrock API key"),
        (role([{"Statement": {"Effect": "Deny", "Action": ["bedrock:CallWithBearerToken"], "Resource": "arn:aws:bedrock:*"}}]), "does not deny"),
    ],
)
def test_readiness_fails_and_says_why(identity, text):
    check = api_key_check([identity])
    assert check["ok"] is False and text in check["detail"]


def test_readiness_without_identities_is_not_ok():
    assert api_key_check([])["ok"] is False

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Amazon Bedrock API keys (bearer tokens): the policies that keep them shut.

Since mid 2025 Bedrock accepts ``Authorization: Bearer <API key>``:

- short-term keys (up to 12 hours, carrying the permissions of the IAM session
  that generated them);
- long-term keys: an IAM service-specific credential for
  ``bedrock.amazonaws.com`` (``iam:CreateServiceSpecificCredential``), which
  the console pairs with the AWS managed policy ``AmazonBedrockLimitedAccess``
  (it includes ``bedrock:CallWithBearerToken``; never attach it as a
  "limited" policy).

Every bearer-token request is also authorized as ``bedrock:CallWithBearerToken``
with the condition key ``bedrock:bearerTokenType`` (``SHORT_TERM`` or
``LONG_TERM``). AWS recommends STS credentials and a Deny where keys are not
needed. The ``bedrock-mantle`` endpoint's counterpart is not covered: no AWS
page was read that names its action (unverified).
"""

POLICY_VERSION = "2012-10-17"
BEARER_ACTION = "bedrock:CallWithBearerToken"
MODES = ("deny", "short_term_only")
LIMITED_ACCESS_POLICY = "AmazonBedrockLimitedAccess"


class ApiKeyPolicyError(ValueError):
    """An unknown mode."""


def bearer_token_statement(mode="deny"):
    """The Deny statement for runtime identities: every bearer token, or long-term ones only."""
    if mode not in MODES:
        raise ApiKeyPolicyError("api key mode must be one of %s, got %r" % (", ".join(MODES), mode))
    statement = {"Sid": "DenyBedrockApiKeys", "Effect": "Deny", "Action": BEARER_ACTION, "Resource": "*"}
    if mode == "short_term_only":
        statement["Sid"] = "DenyLongTermBedrockApiKeys"
        # StringNotEquals also denies a request whose token type is absent.
        statement["Condition"] = {"StringNotEquals": {"bedrock:bearerTokenType": "SHORT_TERM"}}
    return statement


def bearer_token_policy(mode="deny"):
    """An IAM policy document holding only :func:`bearer_token_statement`."""
    return {"Version": POLICY_VERSION, "Statement": [bearer_token_statement(mode)]}


def long_term_key_scp(allow_short_term=True):
    """An Organizations SCP: no long-term Bedrock keys (and no bearer calls at all unless ``allow_short_term``)."""
    statements = [
        {
            "Sid": "DenyLongTermBedrockApiKeyCreation",
            "Effect": "Deny",
            "Action": "iam:CreateServiceSpecificCredential",
            "Resource": "*",
            "Condition": {"StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}},
        },
        bearer_token_statement("short_term_only" if allow_short_term else "deny"),
    ]
    return {"Version": POLICY_VERSION, "Statement": statements}


def denies_bearer_tokens(documents, mode="deny"):
    """Whether one of the policy ``documents`` holds the Deny of ``mode`` (or a stricter one)."""
    wanted = [bearer_token_statement("deny")] + ([bearer_token_statement("short_term_only")] if mode == "short_term_only" else [])
    for document in documents or []:
        statements = (document or {}).get("Statement") or []
        if isinstance(statements, dict):
            statements = [statements]
        for statement in statements:
            actions = statement.get("Action")
            actions = [actions] if isinstance(actions, str) else list(actions or [])
            if statement.get("Effect") != "Deny" or BEARER_ACTION not in actions or statement.get("Resource") not in ("*", ["*"]):
                continue
            if any(statement.get("Condition") == w.get("Condition") for w in wanted):
                return True
    return False

"""Bedrock API keys (Authorization: Bearer) under IAM enforcement: bedrock:CallWithBearerToken decides."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from bedrock_support import NOVA_LITE

ACCOUNT = "123456789012"
INVOKE = {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_LITE}"}
DENY_ALL = {"Effect": "Deny", "Action": "bedrock:CallWithBearerToken", "Resource": "*"}
DENY_LONG = dict(DENY_ALL, Condition={"StringNotEquals": {"bedrock:bearerTokenType": "SHORT_TERM"}})
ALLOW_BEARER = {"Effect": "Allow", "Action": "bedrock:CallWithBearerToken", "Resource": "*"}


def short_term_key(key, region="us-east-1", expires=43200):
    """A short-term Bedrock API key as AWS's token generator builds it: a presigned CallWithBearerToken URL."""
    request = AWSRequest(
        method="POST", url="https://bedrock.amazonaws.com/", params={"Action": "CallWithBearerToken"}, headers={"host": "bedrock.amazonaws.com"}
    )
    SigV4QueryAuth(Credentials(key["AccessKeyId"], key["SecretAccessKey"]), "bedrock", region, expires=expires).add_auth(request)
    url = request.prepare().url.replace("https://", "", 1) + "&Version=1"
    return "bedrock-api-key-" + base64.b64encode(url.encode()).decode()


def converse(endpoint_url, token):
    """Converse with ``Authorization: Bearer``, as botocore sends it (botocore itself refuses bearer auth over HTTP)."""
    request = urllib.request.Request(
        f"{endpoint_url}/model/{urllib.parse.quote(NOVA_LITE, safe='')}/converse",
        method="POST",
        data=json.dumps({"messages": [{"role": "user", "content": [{"text": "hi"}]}], "inferenceConfig": {"maxTokens": 1}}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, None, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        body = json.loads(error.read() or b"{}")
        return error.code, error.headers.get("x-amzn-ErrorType", "").split(":")[0], body.get("message") or body.get("Message")


@pytest.fixture
def bearer_key(client, control):
    iam = client("iam")

    def make(name, *statements):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": list(statements)}))
        return short_term_key(iam.create_access_key(UserName=name)["AccessKey"])

    control.config(iam_enforcement=True)
    return make


def test_bearer_token_allowed_when_the_identity_may_call_with_it(bearer_key, endpoint_url):
    status, _, body = converse(endpoint_url, bearer_key("dev", INVOKE, ALLOW_BEARER))
    assert status == 200 and body["usage"]["outputTokens"] == 1


def test_runtime_identity_with_the_deny_is_refused(bearer_key, endpoint_url):
    answer = converse(endpoint_url, bearer_key("runtime", INVOKE, ALLOW_BEARER, DENY_ALL))
    assert answer == (
        403,
        "AccessDeniedException",
        f"User: arn:aws:iam::{ACCOUNT}:user/runtime is not authorized to perform: bedrock:CallWithBearerToken "
        "with an explicit deny in an identity-based policy",
    )


def test_short_term_only_lets_short_term_keys_through(bearer_key, endpoint_url):
    assert converse(endpoint_url, bearer_key("opted-in", INVOKE, ALLOW_BEARER, DENY_LONG))[0] == 200


def test_without_an_allow_the_bearer_call_is_implicitly_denied(bearer_key, endpoint_url):
    answer = converse(endpoint_url, bearer_key("plain", INVOKE))
    assert answer == (
        403,
        "AccessDeniedException",
        f"User: arn:aws:iam::{ACCOUNT}:user/plain is not authorized to perform: bedrock:CallWithBearerToken "
        "because no identity-based policy allows the bedrock:CallWithBearerToken action",
    )


def test_unreadable_and_expired_keys_are_refused(bearer_key, control, endpoint_url):
    assert converse(endpoint_url, "ABSKbm90LXJlYWQ=")[:2] == (403, "UnrecognizedClientException")
    token = bearer_key("u", INVOKE, ALLOW_BEARER)
    control.config(clock_offset_seconds=43201)
    assert converse(endpoint_url, token)[:2] == (403, "ExpiredTokenException")

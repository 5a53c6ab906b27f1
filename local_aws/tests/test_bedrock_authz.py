"""IAM authorization of bedrock-runtime calls when ``iam_enforcement`` is on."""

from __future__ import annotations

import json

import pytest
from bedrock_support import SEED_HAIKU as HAIKU
from bedrock_support import SEED_OPUS as OPUS
from bedrock_support import SEED_SONNET as SONNET
from bedrock_support import SONNET_4, anthropic_body, expect_error, grant_access, keyed_client
from bedrock_support import SONNET_37_2025 as SONNET_37

ACCOUNT = "123456789012"
US = ("us-east-1", "us-east-2", "us-west-2")


# These tests exercise request bodies and identifiers on the models of 2025, so they pin the
# calendar to 2025-06-01, when Claude 3 Haiku/Sonnet/Opus, 3.7 Sonnet and Sonnet 4 were ACTIVE
# (Claude 3 Haiku on demand). Today's lifecycle and access rules: test_bedrock_today.py.
ERA = "2025-06-01T12:00:00Z"


@pytest.fixture(autouse=True)
def _calendar_2025(control):
    control.pin_clock(ERA)


def fm(model_id, region="us-east-1"):
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def profile_arn(profile_id, region="us-east-1"):
    return f"arn:aws:bedrock:{region}:{ACCOUNT}:inference-profile/{profile_id}"


def allow(resources, actions=("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"), condition=None, effect="Allow"):
    statement = {"Effect": effect, "Action": list(actions), "Resource": list(resources)}
    if condition:
        statement["Condition"] = condition
    return statement


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


SEED_POLICY = policy(allow([fm(SONNET), fm(HAIKU)], condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}))


@pytest.fixture
def setup(client, control, endpoint_url):
    """Access to the models in us-east-1 and us-west-2, and a factory of IAM users' runtime clients."""
    control.config(agreement_pending_seconds=0)
    for region in ("us-east-1", "us-west-2"):
        grant_access(client("bedrock", region), HAIKU, SONNET, SONNET_37, SONNET_4, *([OPUS] if region == "us-west-2" else []))
    iam = client("iam")

    def user_runtime(name, *inline_policies, region="us-east-1"):
        iam.create_user(UserName=name)
        for index, document in enumerate(inline_policies):
            iam.put_user_policy(UserName=name, PolicyName=f"p{index}", PolicyDocument=document)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return keyed_client(endpoint_url, "bedrock-runtime", key, region)

    control.config(iam_enforcement=True)
    return user_runtime


def converse(runtime, model_id):
    return runtime.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": "hi"}]}], inferenceConfig={"maxTokens": 1})


def denied(user, action, resource, explicit=False):
    reason = "with an explicit deny in an identity-based policy" if explicit else f"because no identity-based policy allows the {action} action"
    return f"User: arn:aws:iam::{ACCOUNT}:user/{user} is not authorized to perform: {action} on resource: {resource} {reason}"


def test_enforcement_off_allows_any_iam_user(client, control, endpoint_url):
    control.config(agreement_pending_seconds=0)
    grant_access(client("bedrock"), HAIKU)
    iam = client("iam")
    iam.create_user(UserName="nobody")
    key = iam.create_access_key(UserName="nobody")["AccessKey"]
    assert converse(keyed_client(endpoint_url, "bedrock-runtime", key), HAIKU)["stopReason"] == "max_tokens"


def test_root_key_is_allowed_under_enforcement(setup, client):
    assert converse(client("bedrock-runtime"), HAIKU)["stopReason"] == "max_tokens"


def test_seed_policy_allows_exactly_its_models(setup):
    runtime = setup("app", SEED_POLICY)
    assert converse(runtime, HAIKU)["usage"]["outputTokens"] == 1
    runtime.invoke_model(modelId=SONNET, body=anthropic_body(max_tokens=1))
    list(runtime.invoke_model_with_response_stream(modelId=HAIKU, body=anthropic_body(max_tokens=1))["body"])
    expect_error(
        lambda: converse(runtime, f"us.{SONNET_37}"), "AccessDeniedException", 403, denied("app", "bedrock:InvokeModel", profile_arn(f"us.{SONNET_37}"))
    )


def test_seed_policy_denies_other_regions(setup):
    west = setup("app", SEED_POLICY, region="us-west-2")
    expect_error(lambda: converse(west, HAIKU), "AccessDeniedException", 403, denied("app", "bedrock:InvokeModel", fm(HAIKU, "us-west-2")))
    expect_error(lambda: converse(west, OPUS), "AccessDeniedException", 403, denied("app", "bedrock:InvokeModel", fm(OPUS, "us-west-2")))


def test_stream_operations_need_the_stream_action(setup):
    runtime = setup("app", policy(allow([fm(HAIKU)], actions=["bedrock:InvokeModel"])))
    assert converse(runtime, HAIKU)
    message = denied("app", "bedrock:InvokeModelWithResponseStream", fm(HAIKU))
    expect_error(
        lambda: runtime.converse_stream(modelId=HAIKU, messages=[{"role": "user", "content": [{"text": "hi"}]}]), "AccessDeniedException", 403, message
    )
    expect_error(lambda: runtime.invoke_model_with_response_stream(modelId=HAIKU, body=anthropic_body()), "AccessDeniedException", 403, message)


def test_explicit_deny_wins(setup):
    runtime = setup("app", policy(allow(["*"], actions=["bedrock:*"]), allow([fm(HAIKU)], effect="Deny")))
    assert converse(runtime, SONNET)
    expect_error(lambda: converse(runtime, HAIKU), "AccessDeniedException", 403, denied("app", "bedrock:InvokeModel", fm(HAIKU), explicit=True))


def test_denial_comes_before_model_validation(setup):
    runtime = setup("app", SEED_POLICY)
    expect_error(lambda: converse(runtime, "anthropic.claude-9-v1:0"), "AccessDeniedException", 403)


def test_profile_and_every_destination_allowed(setup):
    profile_id = f"us.{SONNET_37}"
    runtime = setup("app", policy(allow([profile_arn(profile_id)] + [fm(SONNET_37, r) for r in US])))
    for _ in range(len(US) * 2):
        assert converse(runtime, profile_id)["stopReason"] == "max_tokens"


def test_profile_without_destination_models_is_denied(setup):
    profile_id = f"us.{SONNET_37}"
    runtime = setup("app", policy(allow([profile_arn(profile_id)])))
    expect_error(lambda: converse(runtime, profile_id), "AccessDeniedException", 403, denied("app", "bedrock:InvokeModel", fm(SONNET_37)))


def test_destination_models_without_profile_is_denied(setup):
    profile_id = f"us.{SONNET_37}"
    runtime = setup("app", policy(allow([fm(SONNET_37, r) for r in US])))
    expect_error(lambda: converse(runtime, profile_id), "AccessDeniedException", 403, denied("app", "bedrock:InvokeModel", profile_arn(profile_id)))


def test_missing_destination_region_fails_when_the_call_is_routed_there(setup):
    profile_id = f"us.{SONNET_37}"
    runtime = setup("app", policy(allow([profile_arn(profile_id), fm(SONNET_37, "us-east-1"), fm(SONNET_37, "us-west-2")])))
    outcomes = []
    for _ in range(len(US)):
        try:
            converse(runtime, profile_id)
            outcomes.append("allowed")
        except runtime.exceptions.AccessDeniedException as error:
            outcomes.append(error.response["Error"]["Message"])
    assert outcomes[0] == "allowed"
    assert denied("app", "bedrock:InvokeModel", fm(SONNET_37, "us-east-2")) in outcomes


def test_requested_region_condition_breaks_cross_region_inference(setup):
    profile_id = f"us.{SONNET_37}"
    runtime = setup(
        "app", policy(allow([profile_arn(profile_id)] + [fm(SONNET_37, r) for r in US], condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}))
    )
    with pytest.raises(runtime.exceptions.AccessDeniedException):
        for _ in range(len(US)):
            converse(runtime, profile_id)


def test_inference_profile_arn_condition_forces_use_through_the_profile(setup):
    profile_id = f"us.{HAIKU}"
    runtime = setup(
        "app",
        policy(
            allow([profile_arn(profile_id)]),
            allow([fm(HAIKU, r) for r in US], condition={"StringLike": {"bedrock:InferenceProfileArn": profile_arn(profile_id)}}),
        ),
    )
    for _ in range(len(US)):
        assert converse(runtime, profile_id)
    expect_error(lambda: converse(runtime, HAIKU), "AccessDeniedException", 403, denied("app", "bedrock:InvokeModel", fm(HAIKU)))


def test_global_profile_needs_the_region_less_model_arn(setup):
    profile_id = f"global.{SONNET_4}"
    regional = [profile_arn(profile_id), fm(SONNET_4)]
    runtime = setup("partial", policy(allow(regional)))
    expect_error(
        lambda: converse(runtime, profile_id),
        "AccessDeniedException",
        403,
        denied("partial", "bedrock:InvokeModel", f"arn:aws:bedrock:::foundation-model/{SONNET_4}"),
    )
    runtime = setup(
        "complete",
        policy(
            allow(regional),
            allow([f"arn:aws:bedrock:::foundation-model/{SONNET_4}"], condition={"StringEquals": {"aws:RequestedRegion": "unspecified"}}),
        ),
    )
    assert converse(runtime, profile_id)


def test_managed_and_group_policies_count(setup, client, endpoint_url):
    iam = client("iam")
    arn = iam.create_policy(PolicyName="TicketFlowBedrockInvoke", PolicyDocument=SEED_POLICY)["Policy"]["Arn"]
    iam.create_group(GroupName="apps")
    iam.attach_group_policy(GroupName="apps", PolicyArn=arn)
    runtime = setup("grouped")
    expect_error(lambda: converse(runtime, HAIKU), "AccessDeniedException", 403)
    iam.add_user_to_group(GroupName="apps", UserName="grouped")
    assert converse(runtime, HAIKU)
    iam.create_user(UserName="attached")
    iam.attach_user_policy(UserName="attached", PolicyArn=arn)
    key = iam.create_access_key(UserName="attached")["AccessKey"]
    assert converse(keyed_client(endpoint_url, "bedrock-runtime", key), SONNET)


def test_assumed_role_session_is_authorized_by_the_role_policies(setup, client, endpoint_url):
    iam = client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}
    role_arn = iam.create_role(RoleName="TicketFlowApp", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="TicketFlowApp", PolicyName="invoke", PolicyDocument=SEED_POLICY)
    credentials = client("sts").assume_role(RoleArn=role_arn, RoleSessionName="i-0123")["Credentials"]
    runtime = keyed_client(endpoint_url, "bedrock-runtime", credentials, token=credentials["SessionToken"])
    assert converse(runtime, HAIKU)
    expect_error(
        lambda: converse(runtime, f"us.{SONNET_37}"),
        "AccessDeniedException",
        403,
        f"User: arn:aws:sts::{ACCOUNT}:assumed-role/TicketFlowApp/i-0123 is not authorized to perform: bedrock:InvokeModel "
        f"on resource: {profile_arn(f'us.{SONNET_37}')} because no identity-based policy allows the bedrock:InvokeModel action",
    )

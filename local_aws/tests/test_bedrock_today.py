"""Bedrock as it answers today (snapshot 2026-12-01, calendar pinned by conftest), through plain boto3.

Covers issue 10's "done when": an ACTIVE Anthropic model and its profile found in
us-east-1, answering after the use-case form alone (no agreement call); the seed
plan's CLI test on Claude 3 Haiku answered with AWS's end-of-life 404; today's
quota names; a caller without Marketplace permissions cannot be the first user;
lifecycle moved ACTIVE -> LEGACY -> EOL by moving the calendar.
"""

from __future__ import annotations

import json

import pytest
from bedrock_support import (
    HAIKU,
    HAIKU_US,
    MISTRAL_7B,
    NOVA_LITE,
    OPUS_41,
    SEED_HAIKU,
    SEED_SONNET,
    SONNET,
    SONNET_45,
    SONNET_US,
    USE_CASE_FORM,
    anthropic_body,
    expect_error,
    keyed_client,
    submit_use_case,
)

END_OF_LIFE = "This model version has reached the end of its life. Please refer to the AWS documentation for more details."
USE_CASE_MISSING = "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model."
MARKETPLACE_DENIED = (
    "Model access is denied due to IAM user or service role is not authorized to perform the required AWS "
    "Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this "
    "model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this "
    "model cannot be completed at this time. If you recently fixed this issue, try again after 2 minutes."
)
BOTH_SAMPLING = "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one."


def user(text="hi"):
    return [{"role": "user", "content": [{"text": text}]}]


def test_an_active_anthropic_model_and_its_profile_in_us_east_1(client):
    bedrock = client("bedrock")
    models = bedrock.list_foundation_models(byProvider="Anthropic")["modelSummaries"]
    active = {m["modelId"]: m for m in models if m["modelLifecycle"]["status"] == "ACTIVE"}
    assert HAIKU in active and SONNET in active
    assert active[HAIKU]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert SEED_HAIKU not in {m["modelId"] for m in models}  # retired models leave the catalog
    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=HAIKU_US)
    assert profile["type"] == "SYSTEM_DEFINED" and profile["status"] == "ACTIVE"
    assert f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}" in [m["modelArn"] for m in profile["models"]]
    profile_ids = {p["inferenceProfileId"] for p in bedrock.list_inference_profiles()["inferenceProfileSummaries"]}
    assert {HAIKU_US, SONNET_US, f"global.{HAIKU}"} <= profile_ids
    assert f"apac.{HAIKU}" not in profile_ids and f"us.{SEED_HAIKU}" not in profile_ids


def test_use_case_form_alone_then_the_first_call_subscribes(client):
    bedrock, runtime = client("bedrock"), client("bedrock-runtime")
    expect_error(lambda: runtime.converse(modelId=HAIKU_US, messages=user()), "ResourceNotFoundException", 404, USE_CASE_MISSING)
    assert bedrock.get_foundation_model_availability(modelId=HAIKU)["agreementAvailability"]["status"] == "NOT_AVAILABLE"
    submit_use_case(bedrock)
    answer = runtime.invoke_model(modelId=HAIKU_US, body=anthropic_body())
    assert json.loads(answer["body"].read())["content"][0]["text"]
    availability = bedrock.get_foundation_model_availability(modelId=HAIKU)
    assert availability["entitlementAvailability"] == "AVAILABLE"
    assert availability["agreementAvailability"]["status"] in ("PENDING", "AVAILABLE")


def test_models_without_a_marketplace_product_need_nothing(client):
    runtime = client("bedrock-runtime")
    answer = runtime.converse(modelId=NOVA_LITE, messages=user())
    assert answer["stopReason"] in ("end_turn", "max_tokens")
    body = json.dumps({"prompt": "<s>[INST] hi [/INST]", "max_tokens": 5})
    assert runtime.invoke_model(modelId=MISTRAL_7B, body=body)["contentType"] == "application/json"
    assert client("bedrock").list_foundation_model_agreement_offers(modelId=NOVA_LITE)["offers"] == []


def test_seed_plan_cli_test_on_claude_3_haiku_is_end_of_life(client):
    runtime = client("bedrock-runtime")
    submit_use_case(client("bedrock"))
    for model_id in (SEED_HAIKU, f"us.{SEED_HAIKU}", SEED_SONNET, f"arn:aws:bedrock:us-east-1::foundation-model/{SEED_HAIKU}"):
        expect_error(
            lambda model_id=model_id: runtime.invoke_model(modelId=model_id, body=anthropic_body(temperature=0.3)),
            "ResourceNotFoundException",
            404,
            END_OF_LIFE,
        )
    expect_error(lambda: client("bedrock").get_foundation_model(modelIdentifier=SEED_HAIKU), "ResourceNotFoundException", 404)


def test_lifecycle_follows_the_calendar(client, control):
    bedrock, runtime = client("bedrock"), client("bedrock-runtime")
    submit_use_case(bedrock)

    def state(model_id):
        listed = {m["modelId"]: m for m in bedrock.list_foundation_models()["modelSummaries"]}
        return listed[model_id]["modelLifecycle"] if model_id in listed else None

    control.pin_clock("2026-09-01T00:00:00Z")  # Sonnet 4.5 still ACTIVE: used by the account
    assert state(SONNET_45)["status"] == "ACTIVE"
    runtime.converse(modelId=f"us.{SONNET_45}", messages=user())
    control.pin_clock("2026-10-10T00:00:00Z")  # LEGACY since 2026-10-08, used 39 days ago
    life = state(SONNET_45)
    assert life["status"] == "LEGACY" and life["endOfLifeTime"].year == 2027
    message = (
        "Access denied. This Model is marked by provider as Legacy and you have not been actively using the model "
        "in the last 15 days. Please upgrade to an active model on Amazon Bedrock"
    )
    expect_error(lambda: runtime.converse(modelId=f"us.{SONNET_45}", messages=user()), "ResourceNotFoundException", 404, message)
    control.config(legacy_inactivity_days=60)  # the window is configurable
    runtime.converse(modelId=f"us.{SONNET_45}", messages=user())
    control.advance_days(10)
    runtime.converse(modelId=f"us.{SONNET_45}", messages=user())  # an active user keeps access
    control.pin_clock("2027-04-08T00:00:00Z")
    assert state(SONNET_45) is None
    expect_error(lambda: runtime.converse(modelId=f"us.{SONNET_45}", messages=user()), "ResourceNotFoundException", 404, END_OF_LIFE)


def test_a_legacy_model_refuses_a_new_account(client):
    submit_use_case(client("bedrock"))
    expect_error(lambda: client("bedrock-runtime").converse(modelId=f"us.{OPUS_41}", messages=user()), "ResourceNotFoundException", 404)


@pytest.fixture
def iam_user(client, control, endpoint_url):
    """``iam_user(name, statements)``: keyed bedrock and bedrock-runtime clients of a new IAM user."""
    iam = client("iam")
    control.config(iam_enforcement=True, agreement_pending_seconds=0)

    def make(name, statements):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return keyed_client(endpoint_url, "bedrock", key), keyed_client(endpoint_url, "bedrock-runtime", key)

    return make


INVOKE = {"Effect": "Allow", "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], "Resource": "*"}
MARKETPLACE = {"Effect": "Allow", "Action": ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"], "Resource": "*"}


def test_a_caller_without_marketplace_permissions_cannot_be_the_first_user(client, iam_user):
    client("bedrock").put_use_case_for_model_access(formData=USE_CASE_FORM)
    _, app = iam_user("app", [INVOKE])
    expect_error(lambda: app.converse(modelId=HAIKU_US, messages=user()), "AccessDeniedException", 403, MARKETPLACE_DENIED)
    setup_bedrock, setup = iam_user("setup", [INVOKE, MARKETPLACE])
    setup.converse(modelId=HAIKU_US, messages=user())  # subscribes the account
    assert app.converse(modelId=HAIKU_US, messages=user())["output"]["message"]["content"]
    # CreateFoundationModelAgreement needs the same permissions.
    app_bedrock, _ = iam_user("app2", [INVOKE, {"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}])
    token = app_bedrock.list_foundation_model_agreement_offers(modelId=SONNET)["offers"][0]["offerToken"]
    expect_error(lambda: app_bedrock.create_foundation_model_agreement(modelId=SONNET, offerToken=token), "AccessDeniedException", 403)


def test_marketplace_permission_scoped_to_another_product_is_not_enough(client, iam_user):
    client("bedrock").put_use_case_for_model_access(formData=USE_CASE_FORM)
    scoped = dict(MARKETPLACE, Condition={"StringEquals": {"aws-marketplace:ProductId": "prod-someotherproduct"}})
    _, runtime = iam_user("scoped", [INVOKE, scoped])
    expect_error(lambda: runtime.converse(modelId=HAIKU_US, messages=user()), "AccessDeniedException", 403, MARKETPLACE_DENIED)


def test_subscription_may_succeed_then_fail(client, control):
    control.config(marketplace_subscription_outcome="FAILED", agreement_pending_seconds=30)
    submit_use_case(client("bedrock"))
    runtime = client("bedrock-runtime")
    runtime.converse(modelId=HAIKU_US, messages=user())  # during the setup window
    control.config(clock_offset_seconds=31)
    expect_error(lambda: runtime.converse(modelId=HAIKU_US, messages=user()), "AccessDeniedException", 403)
    assert client("bedrock").get_foundation_model_availability(modelId=HAIKU)["agreementAvailability"]["status"] == "ERROR"


def test_temperature_with_top_p_is_refused_on_the_4_5_generation(client):
    submit_use_case(client("bedrock"))
    runtime = client("bedrock-runtime")
    expect_error(lambda: runtime.invoke_model(modelId=HAIKU_US, body=anthropic_body(temperature=0.2, top_p=0.9)), "ValidationException", 400, BOTH_SAMPLING)
    expect_error(
        lambda: runtime.converse(modelId=SONNET_US, messages=user(), inferenceConfig={"temperature": 0.2, "topP": 0.9}),
        "ValidationException",
        400,
        BOTH_SAMPLING,
    )
    runtime.invoke_model(modelId=HAIKU_US, body=anthropic_body(temperature=0.2))


def test_anthropic_version_per_generation_and_output_ceiling(client):
    submit_use_case(client("bedrock"))
    runtime = client("bedrock-runtime")
    runtime.invoke_model(modelId=SONNET_US, body=anthropic_body(anthropic_version="2026-10-21"))
    expect_error(lambda: runtime.invoke_model(modelId=HAIKU_US, body=anthropic_body(anthropic_version="2026-10-21")), "ValidationException", 400)
    expect_error(lambda: runtime.invoke_model(modelId=HAIKU_US, body=anthropic_body(max_tokens=64001)), "ValidationException", 400)
    runtime.invoke_model(modelId=HAIKU_US, body=anthropic_body(max_tokens=64000))


def test_converse_features_come_from_the_catalog(client):
    runtime = client("bedrock-runtime")
    tools = {"tools": [{"toolSpec": {"name": "t", "inputSchema": {"json": {"type": "object"}}}}]}
    expect_error(lambda: runtime.converse(modelId="amazon.titan-text-express-v1", messages=user(), system=[{"text": "x"}]), "ValidationException", 400)
    expect_error(
        lambda: runtime.converse(modelId=MISTRAL_7B, messages=user(), toolConfig=tools), "ValidationException", 400, "This model doesn't support tool use."
    )
    assert runtime.converse(modelId=NOVA_LITE, messages=user(), system=[{"text": "Be brief."}], toolConfig=tools)


def test_todays_quota_names_and_the_account_wide_daily_quota(client, control):
    quotas = client("service-quotas")
    names = {}
    for page in quotas.get_paginator("list_service_quotas").paginate(ServiceCode="bedrock"):
        names.update({q["QuotaName"]: q for q in page["Quotas"]})
    assert "Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5" in names
    assert "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6" in names
    assert "On-demand model inference tokens per minute for Amazon Nova Lite" in names
    daily = names["Cross-Model Max Tokens Per Day"]
    assert daily["Adjustable"] is False and daily["Period"]["PeriodUnit"] == "DAY"
    assert not [n for n in names if "Claude 3 " in n or n.startswith("On-demand InvokeModel")]


def test_daily_token_quota_check_answers_aws_429(client, control, monkeypatch):
    from local_aws.service_quotas import catalog as quota_catalog

    control.config(daily_token_quota_enforcement=True)
    runtime = client("bedrock-runtime")
    runtime.converse(modelId=NOVA_LITE, messages=user())
    daily = quota_catalog.quota_named("us-east-1", "Cross-Model Max Tokens Per Day")
    zero = quota_catalog.QuotaDefinition(daily.code, daily.name, 0.0, False, "DAY", daily.description)
    monkeypatch.setitem(quota_catalog.quotas_in_region("us-east-1"), daily.code, zero)
    expect_error(
        lambda: runtime.converse(modelId=NOVA_LITE, messages=user()), "ThrottlingException", 429, "Too many tokens per day, please wait before trying again."
    )


def test_clock_control_api(control):
    assert control.request("GET", "clock")[1]["calendar"].startswith("2026-12-01T12:00:00")
    assert control.advance_days(31)["calendar"].startswith("2027-01-01T12:00:00")
    assert control.request("POST", "clock", {"pinned_at": "not a date"})[0] == 400

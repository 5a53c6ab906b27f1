"""Bedrock model catalog and inference profiles: ListFoundationModels, GetFoundationModel,
ListInferenceProfiles, GetInferenceProfile, through boto3 against the local endpoint."""

from __future__ import annotations

import pytest
from bedrock_support import NOVA_LITE, SONNET_4, TITAN_EMBED, expect_error
from bedrock_support import SEED_HAIKU as HAIKU
from bedrock_support import SONNET_37_2025 as SONNET_37

REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "ap-northeast-1", "ap-southeast-2"]

# Pinned to 2025-06-01: the models of 2025 (Claude 3 Haiku/Sonnet/Opus, 3.7 Sonnet, Sonnet 4) were
# ACTIVE then. Today's catalog, lifecycle and access flow: test_bedrock_today.py.
ERA = "2025-06-01T12:00:00Z"


@pytest.fixture(autouse=True)
def _calendar_2025(control):
    control.pin_clock(ERA)


def model_ids(bedrock, **filters):
    return {m["modelId"] for m in bedrock.list_foundation_models(**filters)["modelSummaries"]}


def test_summary_fields_of_an_on_demand_model(client):
    summaries = client("bedrock").list_foundation_models()["modelSummaries"]
    haiku = next(m for m in summaries if m["modelId"] == HAIKU)
    assert haiku["modelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}"
    assert haiku["modelName"] == "Claude 3 Haiku"
    assert haiku["providerName"] == "Anthropic"
    assert haiku["inputModalities"] == ["TEXT", "IMAGE"]
    assert haiku["outputModalities"] == ["TEXT"]
    assert haiku["responseStreamingSupported"] is True
    assert haiku["inferenceTypesSupported"] == ["ON_DEMAND"]
    assert haiku["modelLifecycle"]["status"] == "ACTIVE"


def test_profile_only_models_list_inference_profile_type(client):
    summaries = {m["modelId"]: m for m in client("bedrock").list_foundation_models()["modelSummaries"]}
    for model_id in (SONNET_37, SONNET_4):
        assert summaries[model_id]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]


@pytest.mark.parametrize("region", REGIONS)
def test_every_seed_region_serves_claude_3_haiku(client, region):
    assert HAIKU in model_ids(client("bedrock", region))


def test_filter_by_provider_is_case_insensitive(client):
    bedrock = client("bedrock")
    anthropic = model_ids(bedrock, byProvider="anthropic")
    assert anthropic == model_ids(bedrock, byProvider="Anthropic")
    assert HAIKU in anthropic and all(m.startswith("anthropic.") for m in anthropic)


def test_filter_by_output_modality(client):
    embeddings = model_ids(client("bedrock"), byOutputModality="EMBEDDING")
    assert TITAN_EMBED in embeddings and HAIKU not in embeddings


def test_filter_by_inference_type(client):
    bedrock = client("bedrock")
    on_demand = model_ids(bedrock, byInferenceType="ON_DEMAND")
    assert HAIKU in on_demand and SONNET_37 not in on_demand


def test_invalid_filter_value_is_rejected(client):
    expect_error(lambda: client("bedrock").list_foundation_models(byOutputModality="SOUND"), "ValidationException", 400)


def test_nova_lists_video_input_beyond_the_published_enum(client):
    nova = client("bedrock").get_foundation_model(modelIdentifier=NOVA_LITE)["modelDetails"]
    assert "VIDEO" in nova["inputModalities"]


def test_get_foundation_model_by_id_and_by_arn(client):
    bedrock = client("bedrock", "eu-central-1")
    by_id = bedrock.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]
    by_arn = bedrock.get_foundation_model(modelIdentifier=by_id["modelArn"])["modelDetails"]
    assert by_id == by_arn
    assert by_id["modelArn"] == f"arn:aws:bedrock:eu-central-1::foundation-model/{HAIKU}"


def test_get_foundation_model_malformed_identifier(client):
    error = expect_error(lambda: client("bedrock").get_foundation_model(modelIdentifier="Claude Haiku"), "ValidationException", 400)
    assert error.response["Error"]["Message"].startswith("1 validation error detected: Value 'Claude Haiku' at 'modelIdentifier' failed to satisfy constraint")


# ---------------------------------------------------------------- inference profiles


def test_us_profile_lists_destination_model_arns(client):
    bedrock = client("bedrock")
    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=f"us.{SONNET_37}")
    assert profile["inferenceProfileArn"] == f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{SONNET_37}"
    assert profile["type"] == "SYSTEM_DEFINED" and profile["status"] == "ACTIVE"
    assert [m["modelArn"] for m in profile["models"]] == [f"arn:aws:bedrock:{r}::foundation-model/{SONNET_37}" for r in ("us-east-1", "us-east-2", "us-west-2")]
    assert profile["inferenceProfileName"] == "US Anthropic Claude 3.7 Sonnet"


def test_get_inference_profile_by_arn(client):
    bedrock = client("bedrock", "eu-west-1")
    arn = f"arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.{SONNET_37}"
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=arn)["inferenceProfileId"] == f"eu.{SONNET_37}"


def test_global_profile_lists_the_region_less_model_arn(client):
    profile = client("bedrock", "ap-southeast-2").get_inference_profile(inferenceProfileIdentifier=f"global.{SONNET_4}")
    assert [m["modelArn"] for m in profile["models"]] == [
        f"arn:aws:bedrock:ap-southeast-2::foundation-model/{SONNET_4}",
        f"arn:aws:bedrock:::foundation-model/{SONNET_4}",
    ]


def test_profiles_are_listed_only_in_their_source_regions(client):
    def ids(region):
        return {p["inferenceProfileId"] for p in client("bedrock", region).list_inference_profiles()["inferenceProfileSummaries"]}

    assert f"us.{SONNET_37}" in ids("us-east-1") and f"eu.{SONNET_37}" not in ids("us-east-1")
    assert f"eu.{SONNET_37}" in ids("eu-central-1") and f"us.{SONNET_37}" not in ids("eu-central-1")
    assert f"apac.{SONNET_37}" in ids("ap-northeast-1")
    assert f"global.{SONNET_4}" in ids("eu-west-1")


def test_profile_of_another_geography_is_not_found(client):
    expect_error(lambda: client("bedrock").get_inference_profile(inferenceProfileIdentifier=f"eu.{SONNET_37}"), "ResourceNotFoundException", 404)


def test_list_inference_profiles_paginates(client):
    bedrock = client("bedrock")
    everything = bedrock.list_inference_profiles()["inferenceProfileSummaries"]
    pages = bedrock.get_paginator("list_inference_profiles").paginate(PaginationConfig={"PageSize": 4})
    collected = [p for page in pages for p in page["inferenceProfileSummaries"]]
    assert len(everything) > 4
    assert [p["inferenceProfileId"] for p in collected] == [p["inferenceProfileId"] for p in everything]


def test_list_inference_profiles_type_filter(client):
    bedrock = client("bedrock")
    assert bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"] == []
    system = bedrock.list_inference_profiles(typeEquals="SYSTEM_DEFINED")["inferenceProfileSummaries"]
    assert system and {p["type"] for p in system} == {"SYSTEM_DEFINED"}


def test_list_inference_profiles_rejects_a_bad_token(client):
    expect_error(lambda: client("bedrock").list_inference_profiles(nextToken="not-a-token!"), "ValidationException", 400)

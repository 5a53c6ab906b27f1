# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_ids as ids


@pytest.mark.parametrize(
    "model_id",
    [
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        "amazon.nova-lite-v1:0:300k",
        "amazon.titan-text-express-v1",
        "meta.llama3-1-70b-instruct-v1:0",
        "mistral.mistral-7b-instruct-v0:2",
        "amazon.nova-pro-v1:0",
    ],
)
def test_well_formed_model_ids_parse(model_id):
    ref = ids.parse_reference(model_id)
    assert ref.kind == ids.FOUNDATION_MODEL
    assert ref.model_id == model_id
    assert ids.model_id_error(model_id) is None


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("claude-3-haiku", "lacks the provider prefix"),
        ("Anthropic.Claude-Haiku-4-5-20251001-v1:0", "must be lower case: anthropic.claude-haiku-4-5-20251001-v1:0"),
        ("anthropic.claude 3", "not a well-formed"),
        (" anthropic.claude-haiku-4-5-20251001-v1:0", "leading or trailing spaces"),
        ("", "empty"),
        ("arn:aws:s3:::my-bucket", "not a Bedrock ARN"),
        ("arn:aws:bedrock:us-east-1:123456789012:foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", "must not name an account"),
        ("arn:aws:bedrock:us-east-1::inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0", "12-digit account"),
        ("arn:aws:bedrock:us-east-1:123456789012:guardrail/abc", "not a foundation model or inference profile"),
    ],
)
def test_malformed_identifiers_raise_with_a_useful_message(text, fragment):
    with pytest.raises(ids.BedrockInputError) as caught:
        ids.parse_reference(text)
    assert fragment in str(caught.value)


def test_bedrock_input_error_is_a_value_error():
    assert issubclass(ids.BedrockInputError, ValueError)


@pytest.mark.parametrize(
    "profile_id, geography, model_id",
    [
        ("us.anthropic.claude-sonnet-4-6", "us", "anthropic.claude-sonnet-4-6"),
        ("eu.anthropic.claude-haiku-4-5-20251001-v1:0", "eu", "anthropic.claude-haiku-4-5-20251001-v1:0"),
        ("apac.amazon.nova-lite-v1:0", "apac", "amazon.nova-lite-v1:0"),
        ("au.anthropic.claude-sonnet-4-5-20250929-v1:0", "au", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
        ("jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "jp", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
        ("us-gov.anthropic.claude-haiku-4-5-20251001-v1:0", "us-gov", "anthropic.claude-haiku-4-5-20251001-v1:0"),
        ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
    ],
)
def test_profile_ids_carry_geography_and_model(profile_id, geography, model_id):
    ref = ids.parse_reference(profile_id)
    assert (ref.kind, ref.geography, ref.model_id, ref.id) == (ids.INFERENCE_PROFILE, geography, model_id, profile_id)


def test_profile_id_given_as_model_id_is_reported():
    error = ids.model_id_error("us.anthropic.claude-sonnet-4-6")
    assert "inference-profile ID" in error and "anthropic.claude-sonnet-4-6" in error


def test_profile_with_malformed_model_part_is_rejected():
    with pytest.raises(ids.BedrockInputError, match="does not carry a valid model ID"):
        ids.parse_reference("us.claude")


def test_arns_parse_into_their_parts():
    model = ids.parse_reference("arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0")
    assert (model.kind, model.region, model.partition, model.model_id) == (ids.FOUNDATION_MODEL, "us-west-2", "aws", "anthropic.claude-haiku-4-5-20251001-v1:0")
    region_less = ids.parse_reference("arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0")
    assert region_less.region is None
    profile = ids.parse_reference("arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-haiku-4-5-20251001-v1:0")
    assert (profile.kind, profile.geography, profile.account, profile.partition) == (ids.INFERENCE_PROFILE, "us-gov", "123456789012", "aws-us-gov")
    app = ids.parse_reference("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6")
    assert (app.kind, app.id, app.model_id) == (ids.APPLICATION_INFERENCE_PROFILE, "a1b2c3d4e5f6", None)


def test_arn_builders_round_trip():
    arn = ids.foundation_model_arn("anthropic.claude-haiku-4-5-20251001-v1:0", "us-gov-west-1")
    assert arn == "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"
    assert ids.foundation_model_arn("x.y", "") == "arn:aws:bedrock:::foundation-model/x.y"
    profile = ids.inference_profile_arn("us.x.y", "us-east-1", "123456789012")
    assert ids.parse_reference(profile).id == "us.x.y"


@pytest.mark.parametrize(
    "region, partition",
    [
        ("us-east-1", "aws"),
        ("eu-central-1", "aws"),
        ("ap-northeast-1", "aws"),
        ("us-gov-west-1", "aws-us-gov"),
    ],
)
def test_bedrock_regions_validate(region, partition):
    assert ids.validate_region(region) == partition
    assert ids.region_error(region) is None


@pytest.mark.parametrize(
    "region, fragment",
    [
        ("cn-north-1", "partition aws-cn has no Bedrock region"),
        ("us-east-7", "not offered in region us-east-7"),
        ("Virginia", "not an AWS region name"),
        (None, "No region was given"),
    ],
)
def test_regions_without_bedrock_fail_clearly(region, fragment):
    with pytest.raises(ids.BedrockInputError) as caught:
        ids.validate_region(region)
    assert fragment in str(caught.value)


def test_region_error_lists_the_regions_to_use():
    assert "us-east-1" in ids.region_error("us-east-7") and "us-west-2" in ids.region_error("us-east-7")


def test_partition_for_region():
    assert [ids.partition_for_region(r) for r in ("us-east-1", "us-gov-east-1", "cn-north-1", "us-isob-east-1")] == ["aws", "aws-us-gov", "aws-cn", "aws-iso-b"]


@pytest.mark.parametrize(
    "profile_id, region",
    [
        ("eu.anthropic.claude-haiku-4-5-20251001-v1:0", "us-east-1"),
        ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "eu-west-1"),
        ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "us-gov-west-1"),
        ("us-gov.anthropic.claude-haiku-4-5-20251001-v1:0", "us-east-1"),
        ("jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "ap-southeast-2"),
    ],
)
def test_profile_of_another_geography_is_rejected(profile_id, region):
    error = ids.profile_geography_error(profile_id, region)
    assert error and region in error and "geography" in error


@pytest.mark.parametrize(
    "profile_id, region",
    [
        ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "us-west-2"),
        ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu-central-1"),
        ("apac.amazon.nova-lite-v1:0", "ap-south-1"),
        ("jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "ap-northeast-1"),
        ("au.anthropic.claude-sonnet-4-5-20250929-v1:0", "ap-southeast-2"),
        # Regions outside the US/EU/APAC families are left to AWS to judge.
        ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "ca-central-1"),
    ],
)
def test_profile_of_the_region_geography_is_accepted(profile_id, region):
    assert ids.profile_geography_error(profile_id, region) is None


def test_other_geography_error_proposes_this_region_geography():
    error = ids.profile_geography_error("eu.anthropic.claude-haiku-4-5-20251001-v1:0", "us-east-1")
    assert "us.anthropic.claude-haiku-4-5-20251001-v1:0" in error


def test_validate_references_collects_every_problem_and_dedupes():
    with pytest.raises(ids.BedrockInputError) as caught:
        ids.validate_references(
            ["claude", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"],
            "us-east-1",
        )
    message = str(caught.value)
    assert "'claude'" in message and "eu geography" in message and "names region us-west-2" in message
    refs = ids.validate_references(["anthropic.claude-haiku-4-5-20251001-v1:0"] * 2 + ["us.x.y"], "us-east-1")
    assert [r.id for r in refs] == ["anthropic.claude-haiku-4-5-20251001-v1:0", "us.x.y"]


def test_validate_references_rejects_an_empty_list_unless_allowed():
    with pytest.raises(ids.BedrockInputError, match="list of models is empty"):
        ids.validate_references([], "us-east-1")
    assert ids.validate_references([], "us-east-1", allow_empty=True) == []


def test_validate_references_rejects_a_region_without_bedrock():
    with pytest.raises(ids.BedrockInputError, match="not offered in region"):
        ids.validate_references(["anthropic.claude-haiku-4-5-20251001-v1:0"], "us-east-7")

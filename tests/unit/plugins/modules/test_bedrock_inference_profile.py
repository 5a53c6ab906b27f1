# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import inference_profiles as ip
from ansible_collections.ticketflow.bedrock.plugins.module_utils.tags import tag_changes
from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_inference_profile
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

ACCOUNT = "123456789012"
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
SYSTEM_ID = "us." + HAIKU
SYSTEM_ARN = "arn:aws:bedrock:us-east-1:%s:inference-profile/%s" % (ACCOUNT, SYSTEM_ID)
US_MODELS = ["arn:aws:bedrock:%s::foundation-model/%s" % (r, HAIKU) for r in ("us-east-1", "us-east-2", "us-west-2")]
APP_ARN = "arn:aws:bedrock:us-east-1:%s:application-inference-profile/abcd1234efgh" % ACCOUNT
NAME = "ticketflow-staging-claude-haiku-4-5"
TAGS = {"app": "ticketflow", "env": "staging"}


@pytest.fixture
def aws():
    return StubbedAWS()


def args(**overrides):
    base = {"region": "us-east-1", "name": NAME, "source": SYSTEM_ID, "tags": dict(TAGS)}
    base.update(overrides)
    return base


def summary(arn, profile_id, name, models, kind):
    return {
        "inferenceProfileName": name,
        "inferenceProfileArn": arn,
        "inferenceProfileId": profile_id,
        "models": [{"modelArn": m} for m in models],
        "status": "ACTIVE",
        "type": kind,
    }


SYSTEM = summary(SYSTEM_ARN, SYSTEM_ID, "US Claude Haiku 4.5", US_MODELS, "SYSTEM_DEFINED")
APP = summary(APP_ARN, "abcd1234efgh", NAME, US_MODELS, "APPLICATION")


def stub_list(stubber, *profiles):
    stubber.add_response("list_inference_profiles", {"inferenceProfileSummaries": list(profiles)}, {"typeEquals": "APPLICATION"})


def stub_get(stubber, profile, identifier=None):
    stubber.add_response("get_inference_profile", dict(profile), {"inferenceProfileIdentifier": identifier or profile["inferenceProfileArn"]})


def stub_tags(stubber, tags):
    stubber.add_response("list_tags_for_resource", {"tags": ip.tags_to_api(tags)}, {"resourceARN": APP_ARN})


def test_creates_from_a_system_profile_id(aws):
    stubber = aws.stub("bedrock")
    stub_list(stubber)
    stub_get(stubber, SYSTEM, SYSTEM_ID)
    stubber.add_response(
        "create_inference_profile",
        {"inferenceProfileArn": APP_ARN, "status": "ACTIVE"},
        {"inferenceProfileName": NAME, "modelSource": {"copyFrom": SYSTEM_ARN}, "tags": ip.tags_to_api(TAGS)},
    )
    stub_get(stubber, APP)
    stub_tags(stubber, TAGS)
    outcome = run_module(bedrock_inference_profile.main, args(), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    profile = outcome.result["inference_profile"]
    assert outcome.result["changed"] is True and outcome.result["diff"]["before"] == {}
    assert profile["arn"] == APP_ARN and profile["tags"] == TAGS and profile["destination_regions"] == ["us-east-1", "us-east-2", "us-west-2"]
    assert profile["invoke_resources"] == {"profile_arn": APP_ARN, "model_arns": US_MODELS, "global_model_arn": None}


def test_check_mode_calls_nothing_mutating(aws):
    stubber = aws.stub("bedrock")
    stub_list(stubber)
    stub_get(stubber, SYSTEM, SYSTEM_ID)
    outcome = run_module(bedrock_inference_profile.main, args(), aws, check_mode=True)
    aws.assert_all_called()
    assert outcome.result["changed"] is True
    assert outcome.result["inference_profile"]["arn"] is None
    assert outcome.result["inference_profile"]["model_arns"] == US_MODELS


def test_same_profile_and_tags_is_unchanged(aws):
    stubber = aws.stub("bedrock")
    stub_list(stubber, APP)
    stub_get(stubber, SYSTEM, SYSTEM_ID)
    stub_get(stubber, APP)
    stub_tags(stubber, TAGS)
    outcome = run_module(bedrock_inference_profile.main, args(), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] is False


def test_tags_are_updated_and_purged(aws):
    stubber = aws.stub("bedrock")
    stub_list(stubber, APP)
    stub_get(stubber, SYSTEM, SYSTEM_ID)
    stub_get(stubber, APP)
    stub_tags(stubber, {"app": "ticketflow", "env": "dev", "stale": "x"})
    stubber.add_response("tag_resource", {}, {"resourceARN": APP_ARN, "tags": [{"key": "env", "value": "staging"}]})
    stubber.add_response("untag_resource", {}, {"resourceARN": APP_ARN, "tagKeys": ["stale"]})
    stub_tags(stubber, TAGS)
    outcome = run_module(bedrock_inference_profile.main, args(), aws, diff=True)
    aws.assert_all_called()
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["before"]["tags"]["env"] == "dev" and outcome.result["inference_profile"]["tags"] == TAGS


def test_another_source_fails_with_the_clean_switch_explained(aws):
    stubber = aws.stub("bedrock")
    model_arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"
    stub_list(stubber, APP)
    stub_get(stubber, APP)
    stub_tags(stubber, TAGS)
    outcome = run_module(bedrock_inference_profile.main, args(source="amazon.nova-lite-v1:0"), aws)
    aws.assert_all_called()
    assert outcome.failed
    assert "AWS cannot update a profile" in outcome.result["msg"] and model_arn in outcome.result["msg"]
    assert "new name" in outcome.result["msg"]


def test_recreate_replaces_the_profile(aws):
    stubber = aws.stub("bedrock")
    model_arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"
    new_arn = APP_ARN.replace("abcd1234efgh", "zzzz9999yyyy")
    stub_list(stubber, APP)
    stub_get(stubber, APP)
    stub_tags(stubber, TAGS)
    stubber.add_response("delete_inference_profile", {}, {"inferenceProfileIdentifier": APP_ARN})
    stubber.add_response(
        "create_inference_profile",
        {"inferenceProfileArn": new_arn, "status": "ACTIVE"},
        {"inferenceProfileName": NAME, "modelSource": {"copyFrom": model_arn}, "tags": ip.tags_to_api(TAGS)},
    )
    stub_get(stubber, summary(new_arn, "zzzz9999yyyy", NAME, [model_arn], "APPLICATION"))
    stubber.add_response("list_tags_for_resource", {"tags": ip.tags_to_api(TAGS)}, {"resourceARN": new_arn})
    outcome = run_module(bedrock_inference_profile.main, args(source="amazon.nova-lite-v1:0", recreate=True), aws)
    aws.assert_all_called()
    assert outcome.result["inference_profile"]["arn"] == new_arn
    assert outcome.result["inference_profile"]["invoke_resources"]["model_arns"] == [model_arn]


def test_absent_deletes_and_then_is_unchanged(aws):
    stubber = aws.stub("bedrock")
    stub_list(stubber, APP)
    stub_get(stubber, APP)
    stub_tags(stubber, TAGS)
    stubber.add_response("delete_inference_profile", {}, {"inferenceProfileIdentifier": APP_ARN})
    stub_list(stubber)
    first = run_module(bedrock_inference_profile.main, {"region": "us-east-1", "name": NAME, "state": "absent"}, aws)
    second = run_module(bedrock_inference_profile.main, {"region": "us-east-1", "name": NAME, "state": "absent"}, aws)
    aws.assert_all_called()
    assert (first.result["changed"], second.result["changed"]) == (True, False)


def test_missing_source_profile_keeps_the_aws_error_code(aws):
    stubber = aws.stub("bedrock")
    stub_list(stubber)
    client_error(stubber, "get_inference_profile", "ResourceNotFoundException", "Inference profile %s not found." % SYSTEM_ID, 404)
    outcome = run_module(bedrock_inference_profile.main, args(), aws)
    assert outcome.failed and "ResourceNotFoundException" in str(outcome.result)


@pytest.mark.parametrize(
    "overrides, text",
    [
        ({"name": "bad name!"}, "not a valid inference profile name"),
        ({"source": "arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0"}, "foundation model of eu-west-1"),
        ({"source": APP_ARN}, "cannot be copied"),
        ({"tags": {"env": "stag|ing"}}, "is not valid"),
        ({"description": "x" * 201}, "description"),
    ],
)
def test_bad_input_fails_before_any_call(aws, overrides, text):
    aws.stub("bedrock")
    outcome = run_module(bedrock_inference_profile.main, args(**overrides), aws)
    aws.assert_all_called()
    assert outcome.failed and text in outcome.result["msg"]


def test_source_arn_rules():
    assert ip.source_arn("amazon.nova-lite-v1:0", "us-east-1") == "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"
    assert ip.source_arn(SYSTEM_ID, "us-east-1") is None
    assert ip.source_arn(SYSTEM_ARN, "us-east-1") == SYSTEM_ARN
    with pytest.raises(ip.ProfileInputError):
        ip.source_arn(SYSTEM_ARN, "us-west-2")


def test_tag_changes():
    assert tag_changes({"a": "1", "b": "2"}, {"a": "1", "c": 3}, purge=True) == ({"c": "3"}, ["b"])
    assert tag_changes({"a": "1", "b": "2"}, {"a": "2"}, purge=False) == ({"a": "2"}, [])

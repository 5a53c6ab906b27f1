# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import inference_profiles as ip
from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_inference_profile_info
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

ACCOUNT = "123456789012"
MODELS = ["arn:aws:bedrock:%s::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" % r for r in ("us-east-1", "us-east-2", "us-west-2")]


def app(profile_id, name):
    return {
        "inferenceProfileName": name,
        "inferenceProfileArn": "arn:aws:bedrock:us-east-1:%s:application-inference-profile/%s" % (ACCOUNT, profile_id),
        "inferenceProfileId": profile_id,
        "models": [{"modelArn": m} for m in MODELS],
        "status": "ACTIVE",
        "type": "APPLICATION",
    }


STAGING = app("staging1haiku", "ticketflow-staging-claude-haiku-4-5")
PROD = app("prod11haiku1", "ticketflow-prod-claude-haiku-4-5")
STRAY = app("stray1haiku1", "ticketflow-staging-by-hand")


@pytest.fixture
def aws():
    return StubbedAWS()


def test_lists_only_the_profiles_with_the_prefix_and_every_tag(aws):
    stubber = aws.stub("bedrock")
    stubber.add_response("list_inference_profiles", {"inferenceProfileSummaries": [PROD, STRAY, STAGING]}, {"typeEquals": "APPLICATION"})
    # PROD is left out by its name, without reading its tags; STRAY by its tags.
    stubber.add_response("list_tags_for_resource", {"tags": ip.tags_to_api({"app": "other"})}, {"resourceARN": STRAY["inferenceProfileArn"]})
    stubber.add_response(
        "list_tags_for_resource", {"tags": ip.tags_to_api({"app": "ticketflow", "env": "staging"})}, {"resourceARN": STAGING["inferenceProfileArn"]}
    )
    outcome = run_module(
        bedrock_inference_profile_info.main, {"region": "us-east-1", "tags": {"app": "ticketflow", "env": "staging"}, "name_prefix": "ticketflow-staging-"}, aws
    )
    aws.assert_all_called()
    assert not outcome.failed and outcome.result["changed"] is False
    found = outcome.result["inference_profiles"]
    assert [p["name"] for p in found] == ["ticketflow-staging-claude-haiku-4-5"]
    assert found[0]["invoke_resources"]["profile_arn"] == STAGING["inferenceProfileArn"]
    assert found[0]["tags"] == {"app": "ticketflow", "env": "staging"}


def test_a_bad_tag_filter_fails_before_any_call(aws):
    outcome = run_module(bedrock_inference_profile_info.main, {"region": "us-east-1", "tags": {"app": "ticket|flow"}}, aws)
    assert outcome.failed and "not a valid Bedrock tag" in outcome.result["msg"]
    aws.assert_all_called()


def test_an_access_denied_keeps_the_aws_error_code(aws):
    stubber = aws.stub("bedrock")
    client_error(stubber, "list_inference_profiles", "AccessDeniedException", "not authorized", status=403)
    outcome = run_module(bedrock_inference_profile_info.main, {"region": "us-east-1"}, aws)
    assert outcome.failed
    assert "AccessDeniedException" in str(outcome.result)

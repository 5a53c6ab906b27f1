# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# Stubber answers calls in the order they were queued, so these tests run with
# max_concurrency 1; concurrency itself is tested in test_bedrock_catalog.py.

import pytest

from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_model_access_info as module
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import bedrock_responses as aws


def queue_catalog(stubber):
    stubber.add_response("list_foundation_models", aws.list_models_answer(), {})
    stubber.add_response("list_inference_profiles", aws.list_profiles_answer(), {"typeEquals": "SYSTEM_DEFINED"})


def queue_availability(stubber, model_id, **fields):
    stubber.add_response("get_foundation_model_availability", aws.availability(model_id, **fields), {"modelId": model_id})


def args(models=None, **extra):
    result = {"region": "us-east-1", "max_concurrency": 1, "models": models or []}
    result.update(extra)
    return result


def by_id(result):
    return {entry["id"]: entry for entry in result["models"]}


def test_mixed_selection_answers_each_model(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    stubber.add_client_error(
        "get_foundation_model", "ResourceNotFoundException", "The model %s does not exist." % aws.OPUS45, 404, expected_params={"modelIdentifier": aws.OPUS45}
    )
    queue_availability(stubber, aws.NOVA_LITE)
    queue_availability(stubber, aws.OPUS41, agreement="PENDING")
    queue_availability(stubber, aws.SONNET46, agreement="NOT_AVAILABLE", entitlement="NOT_AVAILABLE")
    queue_availability(stubber, aws.TITAN, agreement="ERROR", error_message="Payment instrument declined")

    models = [aws.NOVA_LITE, aws.OPUS41, aws.SONNET46, aws.US_SONNET46, aws.OPUS45, aws.TITAN]
    failed, result = run_module(module, args(models), {"bedrock": client})

    assert not failed and result["changed"] is False
    entries = by_id(result)
    assert [e["id"] for e in result["models"]] == models
    assert result["ready"] is False and result["not_ready"] == [aws.OPUS41, aws.SONNET46, aws.US_SONNET46, aws.OPUS45, aws.TITAN]

    on_demand = entries[aws.NOVA_LITE]
    assert on_demand["present"] and on_demand["ready"] and "AVAILABLE" in on_demand["reason"]
    assert on_demand["availability"]["authorization_status"] == "AUTHORIZED"
    assert [p["id"] for p in on_demand["inference_profiles"]] == [aws.US_NOVA_LITE]
    assert on_demand["invoke_resources"] == {"profile_arn": None, "model_arns": [aws.model_arn(aws.NOVA_LITE)], "global_model_arn": None}

    legacy = entries[aws.OPUS41]
    assert legacy["model"]["lifecycle"]["status"] == "LEGACY" and "LEGACY" in legacy["warnings"][0]
    assert not legacy["ready"] and "PENDING" in legacy["reason"]

    bare = entries[aws.SONNET46]
    assert bare["present"] and bare["requires_inference_profile"] and not bare["ready"]
    assert bare["suggestions"] == [aws.US_SONNET46] and aws.US_SONNET46 in bare["reason"]
    assert bare["invoke_resources"] is None

    profile = entries[aws.US_SONNET46]
    assert profile["kind"] == "inference_profile" and profile["model_id"] == aws.SONNET46
    assert profile["profile"]["destination_regions"] == list(aws.US_REGIONS)
    assert not profile["ready"] and "No agreement" in profile["reason"]
    assert profile["invoke_resources"]["profile_arn"] == aws.profile_arn(aws.US_SONNET46)

    missing = entries[aws.OPUS45]
    assert not missing["present"] and missing["availability"] is None
    assert missing["suggestions"][0] == aws.OPUS41 and "not offered in us-east-1" in missing["reason"]

    failed_agreement = entries[aws.TITAN]
    assert "ERROR" in failed_agreement["reason"] and "Payment instrument declined" in failed_agreement["reason"]

    assert result["invoke_policy_excluded"] == [aws.SONNET46, aws.OPUS45]
    resources = [arn for s in result["invoke_policy"]["Statement"] for arn in s["Resource"]]
    assert aws.model_arn(aws.NOVA_LITE) in resources and aws.profile_arn(aws.US_SONNET46) in resources
    assert aws.model_arn(aws.SONNET46, "us-west-2") in resources
    assert aws.model_arn(aws.SONNET46) not in [arn for s in result["invoke_policy"]["Statement"] if s["Sid"] == "InvokeOnDemandModels" for arn in s["Resource"]]


def test_everything_ready_in_check_mode(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    queue_availability(stubber, aws.HAIKU)
    queue_availability(stubber, aws.SONNET45)
    failed, result = run_module(module, args([aws.US_HAIKU, aws.GLOBAL_SONNET45], _ansible_check_mode=True), {"bedrock": client})
    assert not failed and result["ready"] is True and result["not_ready"] == []
    global_profile = by_id(result)[aws.GLOBAL_SONNET45]
    assert global_profile["invoke_resources"]["global_model_arn"] == "arn:aws:bedrock:::foundation-model/" + aws.SONNET45


def test_provider_filter_describes_every_model_of_the_provider(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    stubber.add_response("list_foundation_models", aws.list_models_answer("Amazon"), {"byProvider": "Amazon"})
    queue_catalog(stubber)
    queue_availability(stubber, aws.NOVA_LITE)
    queue_availability(stubber, aws.TITAN)
    failed, result = run_module(module, args(providers=["Amazon"]), {"bedrock": client})
    assert not failed and result["providers"] == {"Amazon": [aws.NOVA_LITE, aws.TITAN]}
    assert [e["id"] for e in result["models"]] == [aws.NOVA_LITE, aws.TITAN] and result["ready"]


def test_provider_without_models_fails_with_the_offered_providers(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    stubber.add_response("list_foundation_models", {"modelSummaries": []}, {"byProvider": "OpenAI"})
    stubber.add_response("list_foundation_models", aws.list_models_answer(), {})
    failed, result = run_module(module, args(providers=["OpenAI"]), {"bedrock": client})
    assert failed and "OpenAI" in result["msg"] and "Amazon, Anthropic" in result["msg"]


@pytest.mark.parametrize(
    "module_args, fragment",
    [
        (args(["claude-3-haiku"]), "lacks the provider prefix"),
        (args(["eu." + aws.HAIKU]), "belongs to the eu geography and cannot be called from us-east-1"),
        (args([]), "list of models is empty"),
        (dict(args([aws.HAIKU]), region="cn-north-1"), "not offered in region cn-north-1"),
        (dict(args([aws.HAIKU]), max_concurrency=0), "max_concurrency must be at least 1"),
    ],
)
def test_bad_input_fails_before_any_aws_call(stubbed_client, run_module, module_args, fragment):
    client, stubber = stubbed_client("bedrock")  # no answer queued: any call would raise
    failed, result = run_module(module, module_args, {"bedrock": client})
    assert failed and fragment in result["msg"]


def test_aws_denial_fails_with_diagnosis_and_error_code(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    stubber.add_client_error(
        "get_foundation_model_availability",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: bedrock:GetFoundationModelAvailability",
        403,
        expected_params={"modelId": aws.HAIKU},
    )
    failed, result = run_module(module, args([aws.HAIKU]), {"bedrock": client})
    assert failed and aws.HAIKU in result["msg"]
    assert result["diagnosis"]["aws_error_code"] == "AccessDeniedException"
    assert result["diagnosis"]["code"] == "permission_denied"


def test_catalog_failure_is_diagnosed_for_bedrock(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    stubber.add_client_error("list_foundation_models", "UnrecognizedClientException", "The security token included in the request is invalid.", 403)
    failed, result = run_module(module, args([aws.HAIKU]), {"bedrock": client})
    assert failed and result["msg"].startswith("Could not read the Bedrock catalog of us-east-1")
    assert result["diagnosis"]["service"] == "bedrock" and result["error"]["code"] == "UnrecognizedClientException"

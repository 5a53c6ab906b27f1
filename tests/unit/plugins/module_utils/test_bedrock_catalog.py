# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import threading

import pytest
from botocore.exceptions import ClientError

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from ansible_collections.ticketflow.bedrock.plugins.module_utils import retry_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import BedrockCatalog
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import closest_model_ids
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import run_concurrently
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import bedrock_responses as aws


def fast_catalog(client, max_workers=1):
    """A catalog with the Bedrock retry policy's codes whose retries do not sleep."""
    return BedrockCatalog(
        RetryingBotoClientWrapper(client, retry_policy.retry_class("bedrock").jittered_backoff(retries=3, delay=0, max_delay=0)), max_workers=max_workers
    )


def test_list_foundation_models_normalizes_and_caches(stubbed_client):
    client, stubber = stubbed_client("bedrock")
    stubber.add_response("list_foundation_models", aws.list_models_answer(), {})
    catalog = fast_catalog(client)
    models = catalog.list_foundation_models()
    assert catalog.list_foundation_models() is models  # one call only: the stubber holds one answer
    by_id = {m["model_id"]: m for m in models}
    assert by_id[aws.SONNET46]["inference_types_supported"] == ["INFERENCE_PROFILE"]
    assert by_id[aws.OPUS41]["lifecycle"]["status"] == "LEGACY"
    assert by_id[aws.OPUS41]["lifecycle"]["end_of_life_time"].startswith("2027-01-08")
    assert by_id[aws.HAIKU]["model_arn"] == aws.model_arn(aws.HAIKU)


def test_provider_filter_is_sent_to_aws(stubbed_client):
    client, stubber = stubbed_client("bedrock")
    stubber.add_response("list_foundation_models", aws.list_models_answer("Amazon"), {"byProvider": "Amazon"})
    models = fast_catalog(client).list_foundation_models(provider="Amazon")
    assert [m["model_id"] for m in models] == [aws.NOVA_LITE, aws.TITAN]


def test_get_foundation_model_returns_none_when_absent(stubbed_client):
    client, stubber = stubbed_client("bedrock")
    stubber.add_client_error(
        "get_foundation_model", "ResourceNotFoundException", "The model %s does not exist." % aws.OPUS45, 404, expected_params={"modelIdentifier": aws.OPUS45}
    )
    stubber.add_response("get_foundation_model", {"modelDetails": aws.CATALOG[0]}, {"modelIdentifier": aws.HAIKU})
    catalog = fast_catalog(client)
    assert catalog.get_foundation_model(aws.OPUS45) is None
    assert catalog.get_foundation_model(aws.HAIKU)["provider_name"] == "Anthropic"


def test_inference_profiles_are_read_across_pages(stubbed_client):
    client, stubber = stubbed_client("bedrock")
    first, second = aws.PROFILES[:2], aws.PROFILES[2:]
    stubber.add_response("list_inference_profiles", {"inferenceProfileSummaries": first, "nextToken": "page-2"}, {"typeEquals": "SYSTEM_DEFINED"})
    stubber.add_response("list_inference_profiles", {"inferenceProfileSummaries": second}, {"typeEquals": "SYSTEM_DEFINED", "nextToken": "page-2"})
    catalog = fast_catalog(client)
    profiles = catalog.list_inference_profiles()
    assert [p["id"] for p in profiles] == [aws.US_HAIKU, aws.US_SONNET46, aws.GLOBAL_SONNET45, aws.US_NOVA_LITE]
    sonnet46 = profiles[1]
    assert sonnet46["geography"] == "us" and sonnet46["model_ids"] == [aws.SONNET46]
    assert sonnet46["destination_regions"] == ["us-east-1", "us-east-2", "us-west-2"]
    assert [p["id"] for p in catalog.profiles_for_model(aws.HAIKU)] == [aws.US_HAIKU]


def test_get_inference_profile_returns_none_when_absent(stubbed_client):
    client, stubber = stubbed_client("bedrock")
    stubber.add_client_error(
        "get_inference_profile",
        "ResourceNotFoundException",
        "Inference profile not found",
        404,
        expected_params={"inferenceProfileIdentifier": "eu." + aws.HAIKU},
    )
    assert fast_catalog(client).get_inference_profile("eu." + aws.HAIKU) is None


@pytest.mark.parametrize("agreement", ["AVAILABLE", "PENDING", "NOT_AVAILABLE", "ERROR"])
def test_availability_is_normalized(stubbed_client, agreement):
    client, stubber = stubbed_client("bedrock")
    message = "Payment instrument declined" if agreement == "ERROR" else None
    stubber.add_response("get_foundation_model_availability", aws.availability(aws.HAIKU, agreement=agreement, error_message=message), {"modelId": aws.HAIKU})
    answer = fast_catalog(client).get_availability(aws.HAIKU)
    assert answer == {
        "agreement_status": agreement,
        "agreement_error_message": message,
        "authorization_status": "AUTHORIZED",
        "entitlement_availability": "AVAILABLE",
        "region_availability": "AVAILABLE",
    }


def test_throttling_is_retried_with_bedrock_error_codes(stubbed_client):
    client, stubber = stubbed_client("bedrock")
    stubber.add_client_error(
        "get_foundation_model_availability",
        "ThrottlingException",
        "Too many requests, please wait before trying again.",
        429,
        expected_params={"modelId": aws.HAIKU},
    )
    stubber.add_response("get_foundation_model_availability", aws.availability(aws.HAIKU), {"modelId": aws.HAIKU})
    assert fast_catalog(client).get_availability(aws.HAIKU)["agreement_status"] == "AVAILABLE"


def test_default_retry_decorator_knows_bedrock_throttling():
    assert "ThrottlingException" in retry_policy.transient_codes("bedrock")
    assert not AWSRetry.found("ThrottlingException")  # why the service's own policy is needed


def test_availabilities_keep_per_model_errors(stubbed_client):
    client, stubber = stubbed_client("bedrock")
    stubber.add_response("get_foundation_model_availability", aws.availability(aws.HAIKU), {"modelId": aws.HAIKU})
    stubber.add_client_error(
        "get_foundation_model_availability",
        "AccessDeniedException",
        "User is not authorized to perform: bedrock:GetFoundationModelAvailability",
        403,
        expected_params={"modelId": aws.TITAN},
    )
    answers = fast_catalog(client).get_availabilities([aws.HAIKU, aws.TITAN, aws.HAIKU])
    assert answers[aws.HAIKU][0]["agreement_status"] == "AVAILABLE" and answers[aws.HAIKU][1] is None
    assert answers[aws.TITAN][0] is None and isinstance(answers[aws.TITAN][1], ClientError)


def test_run_concurrently_overlaps_calls_up_to_the_bound():
    barrier = threading.Barrier(3, timeout=5)
    active, peak, lock = [0], [0], threading.Lock()

    def call(item):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        if item < 3:
            barrier.wait()  # the first three calls only return once all three run at the same time
        with lock:
            active[0] -= 1
        return item * 2

    results = run_concurrently(call, range(9), max_workers=3)
    assert [r[1] for r in results] == [i * 2 for i in range(9)]
    assert all(r[2] is None for r in results)
    assert peak[0] == 3


def test_run_concurrently_returns_exceptions_in_order():
    def call(item):
        if item == "bad":
            raise RuntimeError("boom")
        return item.upper()

    results = run_concurrently(call, ["a", "bad", "c"], max_workers=2)
    assert [(r[0], r[1]) for r in results] == [("a", "A"), ("bad", None), ("c", "C")]
    assert str(results[1][2]) == "boom"


def test_closest_model_ids_suggests_near_misses():
    known = [aws.HAIKU, aws.OPUS41, aws.SONNET46, aws.TITAN]
    assert closest_model_ids("anthropic.claude-haiku-4-5-20251001-v1:1", known)[0] == aws.HAIKU
    assert closest_model_ids("Anthropic.Claude-Opus-4-1-20250805-v1:0", known)[0] == aws.OPUS41
    assert closest_model_ids("eu." + aws.SONNET46, known)[0] == aws.SONNET46
    assert closest_model_ids("anthropic.claude-haiku-4-5", known, n=1) == [aws.HAIKU]
    assert closest_model_ids("zzz", known) == []
    assert closest_model_ids("", known) == [] and closest_model_ids("x", []) == []

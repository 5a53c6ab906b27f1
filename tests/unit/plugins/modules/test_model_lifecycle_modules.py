# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Lifecycle in bedrock_model_access_info and bedrock_model_access, on today's us-east-1 catalog.

Every call must be queued on the Stubber, in order: a retired model that made
bedrock_model_access call anything beyond the catalog reads fails the test.
"""

from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_model_access as access_module
from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_model_access_info as info_module
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import bedrock_responses as aws
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import today_catalog as today

NOT_FOUND = "Could not resolve the foundation model from the provided model identifier."


def queue_catalog(stubber):
    stubber.add_response("list_foundation_models", today.list_models_answer(), {})
    stubber.add_response("list_inference_profiles", today.list_profiles_answer(), {"typeEquals": "SYSTEM_DEFINED"})


def queue_not_found(stubber, model_id):
    stubber.add_client_error("get_foundation_model", "ResourceNotFoundException", NOT_FOUND, 404, expected_params={"modelIdentifier": model_id})


def args(models, **extra):
    result = {"region": "us-east-1", "models": models, "max_concurrency": 1}
    result.update(extra)
    return result


def test_info_returns_lifecycle_successors_and_warnings(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    queue_not_found(stubber, today.SONNET3)
    stubber.add_response("get_foundation_model_availability", aws.availability(today.SONNET45), {"modelId": today.SONNET45})
    failed, result = run_module(info_module, args(["us." + today.SONNET45, today.SONNET3]), {"bedrock": client})

    assert not failed and not result["changed"]
    legacy, retired = result["models"]
    assert legacy["lifecycle"]["state"] == "LEGACY" and legacy["lifecycle"]["status"] == "LEGACY"
    assert legacy["lifecycle"]["end_of_life_time"].startswith("2027-04-08")
    assert isinstance(legacy["lifecycle"]["days_to_end_of_life"], int)
    assert [s["model_id"] for s in legacy["successors"]] == [today.SONNET55, today.SONNET46]
    assert legacy["ready"]  # LEGACY still works: a warning, not a failure

    assert retired["lifecycle"]["state"] == "END_OF_LIFE" and not retired["ready"]
    assert "reached end of life" in retired["reason"] and "us.anthropic.claude-sonnet-5-5" in retired["reason"]
    assert [w["code"] for w in result["lifecycle_warnings"]] == ["model_legacy", "model_end_of_life"]
    assert any("LEGACY" in w for w in result["warnings"])


def test_info_warns_only_within_the_window(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    stubber.add_response("get_foundation_model_availability", aws.availability(today.HAIKU45), {"modelId": today.HAIKU45})
    failed, result = run_module(info_module, args(["us." + today.HAIKU45], lifecycle_warning_days=30), {"bedrock": client})
    assert not failed
    assert result["lifecycle_warnings"] == [] and result["models"][0]["lifecycle"]["state"] == "ACTIVE"


def test_info_refuses_a_negative_window(run_module):
    failed, result = run_module(info_module, args([today.HAIKU45], lifecycle_warning_days=-1), {})
    assert failed and "lifecycle_warning_days" in result["msg"]


def test_access_fails_a_retired_model_before_any_mutating_call(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    queue_not_found(stubber, today.SONNET3)
    stubber.add_client_error(
        "get_inference_profile",
        "ResourceNotFoundException",
        "Inference profile us.%s not found." % today.HAIKU3,
        404,
        expected_params={"inferenceProfileIdentifier": "us." + today.HAIKU3},
    )
    failed, result = run_module(access_module, args([today.SONNET3, "us." + today.HAIKU3], wait_timeout=0), {"bedrock": client})

    assert failed and not result.get("changed")
    assert "[model_end_of_life]" in result["msg"]
    assert "Use anthropic.claude-sonnet-5-5 via profile us.anthropic.claude-sonnet-5-5" in result["msg"]
    assert "Use anthropic.claude-haiku-5-5 via profile us.anthropic.claude-haiku-5-5" in result["msg"]
    assert result["diagnosis"]["code"] == "model_end_of_life"
    assert result["diagnosis"]["suggestions"][0] == "us." + today.SONNET55
    assert [d["model_id"] for d in result["diagnoses"]] == [today.SONNET3, today.HAIKU3]
    stubber.assert_no_pending_responses()


def test_access_warns_for_a_legacy_model_and_grants_it(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    stubber.add_response("get_foundation_model_availability", aws.availability(today.SONNET45), {"modelId": today.SONNET45})
    failed, result = run_module(access_module, args(["us." + today.SONNET45]), {"bedrock": client})
    assert not failed and not result["changed"]
    assert [w["code"] for w in result["lifecycle_warnings"]] == ["model_legacy"]
    assert "anthropic.claude-sonnet-5-5 via profile us.anthropic.claude-sonnet-5-5" in result["lifecycle_warnings"][0]["message"]

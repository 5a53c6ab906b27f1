"""Model access per account and region: availability, offers, agreements, the use-case form."""

from __future__ import annotations

import json

import requests
from bedrock_support import HAIKU, OPUS, SONNET, TITAN_TEXT, USE_CASE_FORM, expect_error, grant_access


def availability(bedrock, model_id):
    answer = bedrock.get_foundation_model_availability(modelId=model_id)
    return {k: answer[k] for k in ("agreementAvailability", "authorizationStatus", "entitlementAvailability", "regionAvailability")}


def offer_token(bedrock, model_id):
    return bedrock.list_foundation_model_agreement_offers(modelId=model_id)["offers"][0]["offerToken"]


def test_amazon_model_is_available_without_agreement(client):
    bedrock = client("bedrock")
    assert availability(bedrock, TITAN_TEXT)["agreementAvailability"] == {"status": "AVAILABLE"}
    assert availability(bedrock, TITAN_TEXT)["entitlementAvailability"] == "AVAILABLE"
    assert bedrock.list_foundation_model_agreement_offers(modelId=TITAN_TEXT)["offers"] == []


def test_unknown_model_availability(client):
    expect_error(lambda: client("bedrock").get_foundation_model_availability(modelId="anthropic.claude-9-v1:0"), "ResourceNotFoundException", 404)


def test_offer_shape(client):
    answer = client("bedrock").list_foundation_model_agreement_offers(modelId=HAIKU, offerType="PUBLIC")
    assert answer["modelId"] == HAIKU
    (offer,) = answer["offers"]
    assert offer["offerId"] and offer["offerToken"]
    terms = offer["termDetails"]
    assert {r["unit"] for r in terms["usageBasedPricingTerm"]["rateCard"]} == {"1K tokens"}
    assert terms["legalTerm"]["url"].startswith("https://")
    assert "refundPolicyDescription" in terms["supportTerm"]


def test_agreements_are_per_region(client, control):
    control.config(agreement_pending_seconds=0)
    grant_access(client("bedrock", "us-east-1"), HAIKU)
    assert availability(client("bedrock", "us-east-1"), HAIKU)["agreementAvailability"]["status"] == "AVAILABLE"
    assert availability(client("bedrock", "us-west-2"), HAIKU)["agreementAvailability"]["status"] == "NOT_AVAILABLE"


def test_use_case_form_is_account_wide(client, control):
    control.config(agreement_pending_seconds=0)
    client("bedrock", "us-east-1").put_use_case_for_model_access(formData=USE_CASE_FORM)
    west = client("bedrock", "us-west-2")
    assert west.get_use_case_for_model_access()["formData"] == USE_CASE_FORM
    west.create_foundation_model_agreement(modelId=OPUS, offerToken=offer_token(west, OPUS))
    assert availability(west, OPUS)["agreementAvailability"]["status"] == "AVAILABLE"


def test_second_agreement_conflicts(client):
    bedrock = client("bedrock")
    token = offer_token(bedrock, HAIKU)
    bedrock.create_foundation_model_agreement(modelId=HAIKU, offerToken=token)
    expect_error(lambda: bedrock.create_foundation_model_agreement(modelId=HAIKU, offerToken=token), "ConflictException", 400)


def test_offer_token_of_another_model_or_region_is_rejected(client):
    east, west = client("bedrock", "us-east-1"), client("bedrock", "us-west-2")
    expect_error(lambda: east.create_foundation_model_agreement(modelId=HAIKU, offerToken=offer_token(east, SONNET)), "ValidationException", 400)
    expect_error(lambda: east.create_foundation_model_agreement(modelId=HAIKU, offerToken=offer_token(west, HAIKU)), "ValidationException", 400)
    expect_error(lambda: east.create_foundation_model_agreement(modelId=HAIKU, offerToken="garbage"), "ValidationException", 400)


def test_delete_agreement(client, control):
    control.config(agreement_pending_seconds=0)
    bedrock = client("bedrock")
    grant_access(bedrock, HAIKU)
    answer = bedrock.delete_foundation_model_agreement(modelId=HAIKU)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert availability(bedrock, HAIKU)["agreementAvailability"]["status"] == "NOT_AVAILABLE"
    error = expect_error(lambda: bedrock.delete_foundation_model_agreement(modelId=HAIKU), "ResourceNotFoundException", 404)
    assert "no agreement exists" in error.response["Error"]["Message"]


def test_use_case_form_put_and_get(client):
    bedrock = client("bedrock")
    expect_error(bedrock.get_use_case_for_model_access, "ResourceNotFoundException", 404)
    answer = bedrock.put_use_case_for_model_access(formData=USE_CASE_FORM)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert json.loads(bedrock.get_use_case_for_model_access()["formData"])["companyName"] == "TicketFlow"


def test_use_case_form_validation(client):
    bedrock = client("bedrock")
    expect_error(lambda: bedrock.put_use_case_for_model_access(formData=b"{}"), "ValidationException", 400)
    expect_error(lambda: bedrock.put_use_case_for_model_access(formData=b"not json at all"), "ValidationException", 400)
    incomplete = json.dumps({"companyName": "x", "companyWebsite": "https://x"}).encode()
    error = expect_error(lambda: bedrock.put_use_case_for_model_access(formData=incomplete), "ValidationException", 400)
    assert "useCases" in error.response["Error"]["Message"]
    expect_error(lambda: bedrock.put_use_case_for_model_access(formData=b"x" * 16385), "ValidationException", 400)


def test_malformed_model_id_is_a_validation_error(client):
    expect_error(lambda: client("bedrock").get_foundation_model_availability(modelId="NOT A MODEL"), "ValidationException", 400)


def test_reset_clears_agreements_and_use_case(client, control, endpoint_url):
    control.config(agreement_pending_seconds=0)
    bedrock = client("bedrock")
    grant_access(bedrock, HAIKU)
    assert requests.post(f"{endpoint_url}/moto-api/reset", timeout=10).status_code == 200
    assert availability(bedrock, HAIKU)["agreementAvailability"]["status"] == "NOT_AVAILABLE"
    expect_error(bedrock.get_use_case_for_model_access, "ResourceNotFoundException", 404)
    grant_access(bedrock, HAIKU)
    control.reset()
    assert availability(bedrock, HAIKU)["agreementAvailability"]["status"] == "NOT_AVAILABLE"

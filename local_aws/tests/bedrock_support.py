"""Helpers shared by the Bedrock tests: model access the way a user gets it, error assertions."""

from __future__ import annotations

import json
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

USE_CASE_FORM = json.dumps(
    {
        "companyName": "TicketFlow",
        "companyWebsite": "https://ticketflow.example.com",
        "intendedUsers": "0",
        "industryOption": "Technology",
        "otherIndustryOption": "",
        "useCases": "Summarising support tickets",
    }
).encode()

# Today's models (snapshot 2026-12-01): current Claude models are INFERENCE_PROFILE-only.
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
HAIKU_US = f"us.{HAIKU}"
SONNET = "anthropic.claude-sonnet-4-6"
SONNET_US = f"us.{SONNET}"
OPUS = "anthropic.claude-opus-4-6-v1"
SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0"  # LEGACY since 2026-10-08, EOL 2027-04-08
OPUS_41 = "anthropic.claude-opus-4-1-20250805-v1:0"  # LEGACY, EOL 2027-01-08
# The seed plan's models (and other retired ones): past end of life on the pinned date.
SEED_SONNET = "anthropic.claude-3-sonnet-20240229-v1:0"
SEED_HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SEED_OPUS = "anthropic.claude-3-opus-20240229-v1:0"
SONNET_4 = "anthropic.claude-sonnet-4-20250514-v1:0"
SONNET_37_2025 = "anthropic.claude-3-7-sonnet-20250219-v1:0"
NOVA_PRO = "amazon.nova-pro-v1:0"
MISTRAL_7B = "mistral.mistral-7b-instruct-v0:2"
COHERE_EMBED = "cohere.embed-english-v3"
TITAN_TEXT = "amazon.titan-text-express-v1"
TITAN_EMBED = "amazon.titan-embed-text-v2:0"
NOVA_LITE = "amazon.nova-lite-v1:0"
LLAMA3_8B = "meta.llama3-8b-instruct-v1:0"


def anthropic_body(text: str = "Hello", max_tokens: int = 100, **extra: Any) -> str:
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": max_tokens, "messages": [{"role": "user", "content": text}]}
    body.update(extra)
    return json.dumps(body)


def submit_use_case(bedrock: Any) -> None:
    """The Anthropic first-time-use form: all today's flow needs (the first call subscribes)."""
    bedrock.put_use_case_for_model_access(formData=USE_CASE_FORM)


def grant_access(bedrock: Any, *model_ids: str) -> None:
    """The explicit path: submit the use-case form and accept each model's offer in the client's region."""
    bedrock.put_use_case_for_model_access(formData=USE_CASE_FORM)
    for model_id in model_ids:
        offers = bedrock.list_foundation_model_agreement_offers(modelId=model_id)["offers"]
        if offers:
            bedrock.create_foundation_model_agreement(modelId=model_id, offerToken=offers[0]["offerToken"])


def expect_error(call: Callable[[], Any], code: str, status: int, message: str | None = None) -> ClientError:
    with pytest.raises(ClientError) as info:
        call()
    error = info.value.response["Error"]
    assert error["Code"] == code, info.value.response
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    if message is not None:
        assert error["Message"] == message
    return info.value


def keyed_client(endpoint_url: str, service: str, key: dict[str, str], region: str = "us-east-1", token: str | None = None) -> Any:
    """A client signing with an access key created through IAM (or STS, with ``token``)."""
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        aws_session_token=token,
    )

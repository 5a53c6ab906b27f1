# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bedrock's us-east-1 catalog as it answers on 2026-12-01 (shapes as AWS sends them).

Dates as the AWS model lifecycle pages and the bedrock-facts notes give them;
retired models (Claude 3 Sonnet, Claude 3 Haiku, Claude Sonnet 4) are not
listed, as AWS removes a model at end of life.
"""

import datetime

from ansible_collections.ticketflow.bedrock.tests.unit.plugins.bedrock_responses import model_arn
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.bedrock_responses import profile

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.timezone.utc)

SONNET3 = "anthropic.claude-3-sonnet-20240229-v1:0"  # EOL 2026-07-30
HAIKU3 = "anthropic.claude-3-haiku-20240307-v1:0"  # EOL 2026-09-10
SONNET45 = "anthropic.claude-sonnet-4-5-20250929-v1:0"  # LEGACY since 2026-10-08, EOL 2027-04-08
OPUS41 = "anthropic.claude-opus-4-1-20250805-v1:0"  # LEGACY, EOL 2027-01-08
HAIKU45 = "anthropic.claude-haiku-4-5-20251001-v1:0"
SONNET46 = "anthropic.claude-sonnet-4-6"
OPUS46 = "anthropic.claude-opus-4-6-v1"
SONNET55 = "anthropic.claude-sonnet-5-5"
HAIKU55 = "anthropic.claude-haiku-5-5"
NOVA_LITE = "amazon.nova-lite-v1:0"
NOVA2_LITE = "amazon.nova-2-lite-v1:0"
US_REGIONS = ("us-east-1", "us-east-2", "us-west-2")


def _time(text):
    return datetime.datetime.fromisoformat(text + "T00:00:00+00:00")


def summary(model_id, name, provider, inference_types, status="ACTIVE", **dates):
    lifecycle = {"status": status}
    for key, value in dates.items():
        lifecycle[key] = _time(value)
    return {
        "modelArn": model_arn(model_id),
        "modelId": model_id,
        "modelName": name,
        "providerName": provider,
        "inputModalities": ["TEXT", "IMAGE"],
        "outputModalities": ["TEXT"],
        "responseStreamingSupported": True,
        "customizationsSupported": [],
        "inferenceTypesSupported": list(inference_types),
        "modelLifecycle": lifecycle,
    }


PROFILE_ONLY = ["INFERENCE_PROFILE"]

CATALOG = [
    summary(
        OPUS41,
        "Claude Opus 4.1",
        "Anthropic",
        PROFILE_ONLY,
        "LEGACY",
        startOfLifeTime="2025-08-05",
        legacyTime="2026-07-08",
        publicExtendedAccessTime="2026-10-08",
        endOfLifeTime="2027-01-08",
    ),
    summary(
        SONNET45,
        "Claude Sonnet 4.5",
        "Anthropic",
        PROFILE_ONLY,
        "LEGACY",
        startOfLifeTime="2025-09-29",
        legacyTime="2026-10-08",
        publicExtendedAccessTime="2027-01-08",
        endOfLifeTime="2027-04-08",
    ),
    summary(HAIKU45, "Claude Haiku 4.5", "Anthropic", PROFILE_ONLY, startOfLifeTime="2025-10-15"),
    summary(SONNET46, "Claude Sonnet 4.6", "Anthropic", PROFILE_ONLY, startOfLifeTime="2026-02-17"),
    summary(OPUS46, "Claude Opus 4.6", "Anthropic", PROFILE_ONLY, startOfLifeTime="2026-02-05"),
    summary(HAIKU55, "Claude Haiku 5.5", "Anthropic", PROFILE_ONLY, startOfLifeTime="2026-10-07"),
    summary(SONNET55, "Claude Sonnet 5.5", "Anthropic", PROFILE_ONLY, startOfLifeTime="2026-10-29"),
    summary(NOVA_LITE, "Nova Lite", "Amazon", ["ON_DEMAND", "INFERENCE_PROFILE"], startOfLifeTime="2024-12-03"),
    summary(NOVA2_LITE, "Nova 2 Lite", "Amazon", ["INFERENCE_PROFILE"], startOfLifeTime="2025-12-02"),
]

PROFILES = [
    profile("us." + OPUS41, OPUS41, US_REGIONS, "US Claude Opus 4.1"),
    profile("us." + SONNET45, SONNET45, US_REGIONS, "US Claude Sonnet 4.5"),
    profile("global." + SONNET45, SONNET45, ("us-east-1", "eu-west-1"), "Global Claude Sonnet 4.5"),
    profile("us." + HAIKU45, HAIKU45, US_REGIONS, "US Claude Haiku 4.5"),
    profile("global." + HAIKU45, HAIKU45, ("us-east-1", "eu-west-1"), "Global Claude Haiku 4.5"),
    profile("us." + SONNET46, SONNET46, US_REGIONS, "US Claude Sonnet 4.6"),
    profile("global." + SONNET46, SONNET46, ("us-east-1", "eu-west-1"), "Global Claude Sonnet 4.6"),
    profile("us." + OPUS46, OPUS46, US_REGIONS, "US Claude Opus 4.6"),
    profile("us." + HAIKU55, HAIKU55, US_REGIONS, "US Claude Haiku 5.5"),
    profile("global." + SONNET55, SONNET55, ("us-east-1", "eu-west-1"), "Global Claude Sonnet 5.5"),
    profile("us." + SONNET55, SONNET55, US_REGIONS, "US Claude Sonnet 5.5"),
    profile("us." + NOVA2_LITE, NOVA2_LITE, US_REGIONS, "US Nova 2 Lite"),
]


def list_models_answer(provider=None):
    return {"modelSummaries": [m for m in CATALOG if provider is None or m["providerName"] == provider]}


def list_profiles_answer():
    return {"inferenceProfileSummaries": list(PROFILES)}

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Realistic Amazon Bedrock answers for Stubber-based unit tests (shapes as AWS sends them)."""

import datetime

ACCOUNT = "123456789012"
REGION = "us-east-1"

NOVA_LITE = "amazon.nova-lite-v1:0"  # on demand, also through a us. profile
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"  # profile only
OPUS41 = "anthropic.claude-opus-4-1-20250805-v1:0"  # legacy, still on demand in this catalog (see CATALOG)
SONNET46 = "anthropic.claude-sonnet-4-6"  # profile only, unversioned ID
SONNET45 = "anthropic.claude-sonnet-4-5-20250929-v1:0"  # profile only, also global
TITAN = "amazon.titan-text-express-v1"
OPUS45 = "anthropic.claude-opus-4-5-20251101-v1:0"  # not offered in us-east-1 (absent from this catalog)

US_SONNET46 = "us." + SONNET46
US_HAIKU = "us." + HAIKU
US_NOVA_LITE = "us." + NOVA_LITE
GLOBAL_SONNET45 = "global." + SONNET45
US_REGIONS = ("us-east-1", "us-east-2", "us-west-2")


def model_arn(model_id, region=REGION):
    return "arn:aws:bedrock:%s::foundation-model/%s" % (region, model_id)


def profile_arn(profile_id, region=REGION):
    return "arn:aws:bedrock:%s:%s:inference-profile/%s" % (region, ACCOUNT, profile_id)


def model_summary(model_id, name, provider, inference_types, status="ACTIVE", region=REGION):
    lifecycle = {"status": status}
    if status == "LEGACY":
        # Claude Opus 4.1's dates: launch and end of life as AWS gives them; the legacy date is unverified.
        lifecycle.update(
            startOfLifeTime=datetime.datetime(2025, 8, 5, tzinfo=datetime.timezone.utc),
            legacyTime=datetime.datetime(2026, 7, 8, tzinfo=datetime.timezone.utc),
            endOfLifeTime=datetime.datetime(2027, 1, 8, tzinfo=datetime.timezone.utc),
        )
    return {
        "modelArn": model_arn(model_id, region),
        "modelId": model_id,
        "modelName": name,
        "providerName": provider,
        "inputModalities": ["TEXT", "IMAGE"] if provider == "Anthropic" else ["TEXT"],
        "outputModalities": ["TEXT"],
        "responseStreamingSupported": True,
        "customizationsSupported": [],
        "inferenceTypesSupported": list(inference_types),
        "modelLifecycle": lifecycle,
    }


CATALOG = [
    # The service answers INFERENCE_PROFILE although botocore's enum does not list it.
    model_summary(HAIKU, "Claude Haiku 4.5", "Anthropic", ["INFERENCE_PROFILE"]),
    model_summary(NOVA_LITE, "Nova Lite", "Amazon", ["ON_DEMAND"]),
    # Today's catalog lists Opus 4.1 as profile only; on demand here so a bare legacy ID stays under test.
    model_summary(OPUS41, "Claude Opus 4.1", "Anthropic", ["ON_DEMAND"], status="LEGACY"),
    model_summary(SONNET46, "Claude Sonnet 4.6", "Anthropic", ["INFERENCE_PROFILE"]),
    model_summary(SONNET45, "Claude Sonnet 4.5", "Anthropic", ["INFERENCE_PROFILE"]),
    model_summary(TITAN, "Titan Text G1 - Express", "Amazon", ["ON_DEMAND"]),
]


def list_models_answer(provider=None):
    return {"modelSummaries": [m for m in CATALOG if provider is None or m["providerName"] == provider]}


def profile(profile_id, model_id, regions, name):
    return {
        "inferenceProfileName": name,
        "description": "Routes requests to %s in %s" % (name, " ".join(regions)),
        "createdAt": datetime.datetime(2025, 5, 22, tzinfo=datetime.timezone.utc),
        "updatedAt": datetime.datetime(2025, 5, 22, tzinfo=datetime.timezone.utc),
        "inferenceProfileArn": profile_arn(profile_id),
        "models": [{"modelArn": model_arn(model_id, region)} for region in regions],
        "inferenceProfileId": profile_id,
        "status": "ACTIVE",
        "type": "SYSTEM_DEFINED",
    }


PROFILES = [
    profile(US_HAIKU, HAIKU, US_REGIONS, "US Anthropic Claude Haiku 4.5"),
    profile(US_SONNET46, SONNET46, US_REGIONS, "US Anthropic Claude Sonnet 4.6"),
    profile(GLOBAL_SONNET45, SONNET45, ("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"), "Global Claude Sonnet 4 5"),
    profile(US_NOVA_LITE, NOVA_LITE, US_REGIONS, "US Nova Lite"),
]


def list_profiles_answer():
    return {"inferenceProfileSummaries": list(PROFILES)}


def availability(model_id, agreement="AVAILABLE", authorization="AUTHORIZED", entitlement="AVAILABLE", region="AVAILABLE", error_message=None):
    answer = {
        "modelId": model_id,
        "agreementAvailability": {"status": agreement},
        "authorizationStatus": authorization,
        "entitlementAvailability": entitlement,
        "regionAvailability": region,
    }
    if error_message:
        answer["agreementAvailability"]["errorMessage"] = error_message
    return answer


def offers_answer(model_id):
    return {
        "modelId": model_id,
        "offers": [
            {
                "offerId": "offer-%s" % model_id.split(".")[1][:12],
                "offerToken": "token-for-%s" % model_id,
                "termDetails": {
                    "usageBasedPricingTerm": {
                        "rateCard": [{"dimension": "input_tokens", "price": "0.00025", "description": "per 1,000 input tokens", "unit": "1K tokens"}]
                    },
                    "legalTerm": {"url": "https://aws.amazon.com/legal/bedrock/third-party-models/"},
                    "supportTerm": {"refundPolicyDescription": "No refunds"},
                    "validityTerm": {"agreementDuration": "P12M"},
                },
            }
        ],
    }

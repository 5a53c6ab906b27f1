# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Read-only look-ups in the Amazon Bedrock catalog of a region.

``BedrockCatalog`` wraps a ``bedrock`` client: foundation models
(ListFoundationModels, optionally by provider; GetFoundationModel), system-defined
inference profiles (ListInferenceProfiles, paginated; GetInferenceProfile) and
model availability (GetFoundationModelAvailability), each call retried by the
Bedrock retry policy (``retry_policy``) on throttling and server errors. Availability of many
models is read concurrently by a bounded thread pool (botocore clients are
thread-safe). Answers are returned with snake_case keys.

``closest_model_ids(wanted, known, n=3)`` suggests valid IDs for a mistyped one.
"""

import difflib
from concurrent.futures import ThreadPoolExecutor

try:
    import botocore  # noqa: F401  # pylint: disable=unused-import
except ImportError:
    pass  # AnsibleAWSModule reports the missing library

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.botocore import paginated_query_with_retries
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import profile_geography
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

DEFAULT_MAX_WORKERS = 8


def bedrock_retry(retries=None):
    """The Bedrock retry policy's decorator (``retry_policy``); ``retries`` overrides its attempts."""
    return retry_decorator("bedrock", attempts=retries)


def bedrock_client(module, service="bedrock"):
    """A retrying client of ``service`` for an AnsibleAWSModule (calls take ``aws_retry=True``)."""
    return aws_client(module, service)


def closest_model_ids(wanted, known, n=3):
    """The ``n`` IDs of ``known`` closest to ``wanted``, best first (difflib ratio).

    Matching ignores case and an inference-profile geography prefix on either
    side, so ``Anthropic.Claude-3-Haiku`` and ``us.anthropic.claude-3-haiku-...``
    both find ``anthropic.claude-3-haiku-...``.
    """
    if not wanted or not known:
        return []

    def bare(identifier):
        identifier = identifier.lower().split("/")[-1]
        geography = profile_geography(identifier)
        return identifier[len(geography) + 1 :] if geography else identifier

    wanted_bare = bare(wanted)
    scored = []
    for index, candidate in enumerate(dict.fromkeys(known)):
        whole = difflib.SequenceMatcher(None, wanted.lower(), candidate.lower()).ratio()
        stripped = difflib.SequenceMatcher(None, wanted_bare, bare(candidate)).ratio()
        scored.append((-max(whole, stripped), index, candidate))
    scored.sort()
    return [candidate for score, _index, candidate in scored[:n] if -score >= 0.5]


def run_concurrently(func, items, max_workers=DEFAULT_MAX_WORKERS):
    """``[(item, result, exception)]`` of ``func(item)`` for every item, in input order.

    At most ``max_workers`` calls run at once; an exception is returned, not
    raised, so one failure does not lose the other answers.
    """
    items = list(items)

    def guarded(item):
        try:
            return item, func(item), None
        except Exception as exc:  # pylint: disable=broad-except  # returned to the caller, who decides
            return item, None, exc

    if len(items) <= 1 or max_workers <= 1:
        return [guarded(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(max_workers, len(items))) as pool:
        return list(pool.map(guarded, items))


def _lifecycle(summary):
    lifecycle = summary.get("modelLifecycle") or {}
    result = {"status": lifecycle.get("status")}
    for key, name in (
        ("startOfLifeTime", "start_of_life_time"),
        ("legacyTime", "legacy_time"),
        ("publicExtendedAccessTime", "public_extended_access_time"),
        ("endOfLifeTime", "end_of_life_time"),
    ):
        if lifecycle.get(key) is not None:
            value = lifecycle[key]
            result[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return result


def normalize_model(summary):
    """A ListFoundationModels / GetFoundationModel entry with snake_case keys."""
    return {
        "model_id": summary["modelId"],
        "model_arn": summary["modelArn"],
        "model_name": summary.get("modelName"),
        "provider_name": summary.get("providerName"),
        "input_modalities": list(summary.get("inputModalities") or []),
        "output_modalities": list(summary.get("outputModalities") or []),
        "response_streaming_supported": summary.get("responseStreamingSupported"),
        # The service answers INFERENCE_PROFILE although botocore's enum stops at ON_DEMAND and PROVISIONED.
        "inference_types_supported": list(summary.get("inferenceTypesSupported") or []),
        "lifecycle": _lifecycle(summary),
    }


def model_id_from_arn(model_arn):
    """``anthropic.claude-...`` from ``arn:aws:bedrock:REGION::foundation-model/anthropic.claude-...``."""
    return model_arn.split("/", 1)[1] if "/" in model_arn else model_arn


def region_from_arn(arn):
    """The region field of an ARN ('' for a region-less ARN)."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def normalize_profile(profile):
    """A ListInferenceProfiles / GetInferenceProfile entry with snake_case keys."""
    model_arns = [entry["modelArn"] for entry in profile.get("models") or [] if entry.get("modelArn")]
    model_ids = list(dict.fromkeys(model_id_from_arn(arn) for arn in model_arns))
    return {
        "id": profile["inferenceProfileId"],
        "arn": profile["inferenceProfileArn"],
        "name": profile.get("inferenceProfileName"),
        "description": profile.get("description"),
        "status": profile.get("status"),
        "type": profile.get("type"),
        "geography": profile_geography(profile["inferenceProfileId"]),
        "model_arns": model_arns,
        "model_ids": model_ids,
        "destination_regions": sorted({region_from_arn(arn) for arn in model_arns if region_from_arn(arn)}),
    }


def normalize_availability(answer):
    """GetFoundationModelAvailability's four fields with snake_case keys."""
    agreement = answer.get("agreementAvailability") or {}
    return {
        "agreement_status": agreement.get("status"),
        "agreement_error_message": agreement.get("errorMessage"),
        "authorization_status": answer.get("authorizationStatus"),
        "entitlement_availability": answer.get("entitlementAvailability"),
        "region_availability": answer.get("regionAvailability"),
    }


class BedrockCatalog:
    """Read-only look-ups in one region's Bedrock catalog; answers are cached for the life of the object."""

    def __init__(self, client, max_workers=DEFAULT_MAX_WORKERS):
        if not isinstance(client, RetryingBotoClientWrapper):
            client = RetryingBotoClientWrapper(client, bedrock_retry())
        self.client = client
        self.max_workers = max_workers
        self._models = {}
        self._profiles = None

    def list_foundation_models(self, provider=None):
        """Every foundation model of the region (only ``provider``'s when given), normalized."""
        key = provider or ""
        if key not in self._models:
            params = {"byProvider": provider} if provider else {}
            answer = self.client.list_foundation_models(aws_retry=True, **params)
            self._models[key] = [normalize_model(entry) for entry in answer.get("modelSummaries") or []]
        return self._models[key]

    def get_foundation_model(self, model_id):
        """One model's details (GetFoundationModel), or None when the region does not have it."""
        try:
            answer = self.client.get_foundation_model(modelIdentifier=model_id, aws_retry=True)
        except is_boto3_error_code("ResourceNotFoundException"):
            return None
        return normalize_model(answer["modelDetails"])

    def list_inference_profiles(self):
        """Every system-defined inference profile callable from the region (all pages), normalized."""
        if self._profiles is None:
            answer = paginated_query_with_retries(self.client, "list_inference_profiles", retry_decorator=bedrock_retry(), typeEquals="SYSTEM_DEFINED")
            self._profiles = [normalize_profile(entry) for entry in answer.get("inferenceProfileSummaries") or []]
        return self._profiles

    def get_inference_profile(self, identifier):
        """One profile (GetInferenceProfile; ID or ARN), or None when the region does not have it."""
        try:
            answer = self.client.get_inference_profile(inferenceProfileIdentifier=identifier, aws_retry=True)
        except is_boto3_error_code("ResourceNotFoundException"):
            return None
        return normalize_profile(answer)

    def profiles_for_model(self, model_id):
        """System-defined profiles of the region that carry ``model_id``, global ones last."""
        found = [p for p in self.list_inference_profiles() if model_id in p["model_ids"]]
        return sorted(found, key=lambda p: (p["geography"] == "global", p["id"]))

    def get_availability(self, model_id):
        """GetFoundationModelAvailability for one model, normalized."""
        answer = self.client.get_foundation_model_availability(modelId=model_id, aws_retry=True)
        return normalize_availability(answer)

    def get_availabilities(self, model_ids):
        """``{model_id: (availability or None, exception or None)}``, read concurrently."""
        results = run_concurrently(self.get_availability, list(dict.fromkeys(model_ids)), self.max_workers)
        return {model_id: (answer, error) for model_id, answer, error in results}

    def get_foundation_models(self, model_ids):
        """``{model_id: (model or None, exception or None)}`` by GetFoundationModel, concurrently."""
        results = run_concurrently(self.get_foundation_model, list(dict.fromkeys(model_ids)), self.max_workers)
        return {model_id: (answer, error) for model_id, answer, error in results}

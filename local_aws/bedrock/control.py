"""Bedrock control-plane operations that moto 5.2.5 lacks (added to ``BedrockResponse``).

Each function is installed as a method of moto's ``BedrockResponse``: moto has
already matched the operation through botocore's router; the request is parsed
with moto's botocore-model parser and the reply shaped by moto's serializer
(``ActionResult``), so status codes (202, 201) and field names follow the model.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any, Optional

from moto.core.responses import ActionResult, EmptyResult

from local_aws import settings
from local_aws.bedrock import access, app_profiles, catalog
from local_aws.bedrock.errors import (
    FOUNDATION_MODEL_NOT_FOUND,
    ConflictException,
    ResourceNotFoundException,
    ValidationException,
    check_pattern,
    enum_error,
)

USE_CASE_KEYS = ("companyName", "companyWebsite", "intendedUsers", "industryOption", "useCases")
INFERENCE_TYPES = ["ON_DEMAND", "PROVISIONED", "INFERENCE_PROFILE"]
MODALITIES = ["TEXT", "IMAGE", "EMBEDDING"]
CUSTOMIZATIONS = ["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"]


def request_params(response: Any) -> dict[str, Any]:
    """The request's parameters, parsed through botocore's model of the operation."""
    response.parse_parameters(response.normalized_request)
    return dict(response.params)


# ---------------------------------------------------------------- models


def model_summary(model: catalog.FoundationModel, region: str) -> dict[str, Any]:
    """The model as ListFoundationModels lists it, its lifecycle status read against the calendar."""
    lifecycle = model.lifecycle.describe(settings.calendar_now())
    return {
        "modelArn": model.arn(region),
        "modelId": model.model_id,
        "modelName": model.name,
        "providerName": model.provider,
        "inputModalities": list(model.input_modalities),
        "outputModalities": list(model.output_modalities),
        "responseStreamingSupported": model.streaming,
        "customizationsSupported": list(model.customizations),
        "inferenceTypesSupported": list(model.inference_types),
        "modelLifecycle": lifecycle,
    }


def resolve_model_identifier(identifier: str, region: str) -> catalog.FoundationModel:
    """A model ID or foundation-model ARN of this region; AWS's errors otherwise."""
    check_pattern(identifier, "modelIdentifier", "bedrock", "GetFoundationModelIdentifier")
    model_id = identifier
    match = re.fullmatch(r"arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]+)::foundation-model/(.+)", identifier)
    if match:
        if match.group(1) != region:
            raise ResourceNotFoundException(FOUNDATION_MODEL_NOT_FOUND)
        model_id = match.group(2)
    model = catalog.model_in_region(model_id, region)
    if model is None:
        raise ResourceNotFoundException(FOUNDATION_MODEL_NOT_FOUND)
    return model


def _known_model(model_id: str, region: str, member: str = "modelId") -> catalog.FoundationModel:
    check_pattern(model_id, member, "bedrock", "BedrockModelId")
    model = catalog.model_in_region(model_id, region)
    if model is None:
        raise ResourceNotFoundException(FOUNDATION_MODEL_NOT_FOUND)
    return model


def list_foundation_models(self: Any) -> ActionResult:
    params = request_params(self)
    provider = params.get("byProvider")
    output_modality = params.get("byOutputModality")
    inference_type = params.get("byInferenceType")
    customization = params.get("byCustomizationType")
    if provider is not None:
        check_pattern(provider, "byProvider", "bedrock", "Provider")
    for value, member, allowed in (
        (output_modality, "byOutputModality", MODALITIES),
        (inference_type, "byInferenceType", INFERENCE_TYPES),
        (customization, "byCustomizationType", CUSTOMIZATIONS),
    ):
        if value is not None and value not in allowed:
            raise enum_error(value, member, allowed)
    summaries = []
    for model in catalog.models_in_region(self.region):
        summary = model_summary(model, self.region)
        if provider and provider.lower() != model.provider.lower():
            continue
        if output_modality and output_modality not in summary["outputModalities"]:
            continue
        if inference_type and inference_type not in summary["inferenceTypesSupported"]:
            continue
        if customization and customization not in summary["customizationsSupported"]:
            continue
        summaries.append(summary)
    return ActionResult({"modelSummaries": summaries})


def get_foundation_model(self: Any) -> ActionResult:
    params = request_params(self)
    model = resolve_model_identifier(params["modelIdentifier"], self.region)
    return ActionResult({"modelDetails": model_summary(model, self.region)})


def get_foundation_model_availability(self: Any) -> ActionResult:
    params = request_params(self)
    model_id = params["modelId"]
    check_pattern(model_id, "modelId", "bedrock", "BedrockModelId")
    known = catalog.known_anywhere(model_id)
    if known is None or catalog.status(known) == catalog.END_OF_LIFE:
        raise ResourceNotFoundException(FOUNDATION_MODEL_NOT_FOUND)
    return ActionResult(access.availability(self.current_account, self.region, model_id))


# ---------------------------------------------------------------- agreements


def _offer_token(model_id: str, region: str) -> str:
    payload = json.dumps({"modelId": model_id, "region": region, "offer": offer_id(model_id)}, separators=(",", ":"))
    return "tfb1." + base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_offer_token(token: str) -> Optional[dict[str, Any]]:
    if not token.startswith("tfb1."):
        return None
    raw = token[5:]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError):
        return None
    return decoded if isinstance(decoded, dict) else None


def offer_id(model_id: str) -> str:
    return "offer-" + hashlib.sha256(model_id.encode()).hexdigest()[:16]


def _offer(model: catalog.FoundationModel, region: str) -> dict[str, Any]:
    price_in, price_out = catalog.prices_per_1k_tokens(model)
    code = region.upper().replace("-", "")[:4]
    return {
        "offerId": offer_id(model.model_id),
        "offerToken": _offer_token(model.model_id, region),
        "termDetails": {
            "usageBasedPricingTerm": {
                "rateCard": [
                    {
                        "dimension": f"{code}-MP:{code}_InputTokenCount-Units",
                        "price": price_in,
                        "description": f"{model.name} input tokens",
                        "unit": "1K tokens",
                    },
                    {
                        "dimension": f"{code}-MP:{code}_OutputTokenCount-Units",
                        "price": price_out,
                        "description": f"{model.name} output tokens",
                        "unit": "1K tokens",
                    },
                ]
            },
            "legalTerm": {"url": "https://aws.amazon.com/legal/bedrock/third-party-models/"},
            "supportTerm": {"refundPolicyDescription": "No refunds are offered for usage of this model."},
            "validityTerm": {"agreementDuration": "P5Y"},
        },
    }


def list_foundation_model_agreement_offers(self: Any) -> ActionResult:
    params = request_params(self)
    offer_type = params.get("offerType")
    if offer_type is not None and offer_type not in ("ALL", "PUBLIC"):
        raise enum_error(offer_type, "offerType", ["ALL", "PUBLIC"])
    model = _known_model(params["modelId"], self.region)
    offers = [] if catalog.available_by_default(model) else [_offer(model, self.region)]
    return ActionResult({"modelId": model.model_id, "offers": offers})


def create_foundation_model_agreement(self: Any) -> ActionResult:
    params = request_params(self)
    model = _known_model(params["modelId"], self.region)
    token = _decode_offer_token(params.get("offerToken") or "")
    if catalog.available_by_default(model) or token is None or token.get("modelId") != model.model_id or token.get("region") != self.region:
        raise ValidationException(f"The provided offer token is not valid for model {model.model_id} in {self.region}.")
    backend = access.regional(self.current_account, self.region)
    if model.model_id in backend.agreements:
        raise ConflictException(f"An agreement already exists for model {model.model_id}.")
    # Subscribing through AWS Marketplace needs the caller's Marketplace permissions, as a first use does.
    access.authorize_subscription(self.current_account, self.access_key, model)
    backend.subscribe(model, params["offerToken"])
    return ActionResult({"modelId": model.model_id})


def delete_foundation_model_agreement(self: Any) -> ActionResult:
    params = request_params(self)
    model = _known_model(params["modelId"], self.region)
    backend = access.regional(self.current_account, self.region)
    with backend.lock:
        if backend.agreements.pop(model.model_id, None) is None:
            raise ResourceNotFoundException(f"Failed to delete agreement: no agreement exists for model {model.model_id}.")
    return EmptyResult()


# ---------------------------------------------------------------- use case form


def put_use_case_for_model_access(self: Any) -> ActionResult:
    params = request_params(self)
    form = params.get("formData")
    if isinstance(form, str):
        form = form.encode()
    if form is None:
        raise ValidationException("1 validation error detected: Value null at 'formData' failed to satisfy constraint: Member must not be null")
    if len(form) < 10:
        raise ValidationException(
            "1 validation error detected: Value at 'formData' failed to satisfy constraint: Member must have length greater than or equal to 10"
        )
    if len(form) > 16384:
        raise ValidationException(
            "1 validation error detected: Value at 'formData' failed to satisfy constraint: Member must have length less than or equal to 16384"
        )
    try:
        document = json.loads(form)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise ValidationException("The use case form data must be a JSON object.")
    missing = [key for key in USE_CASE_KEYS if not document.get(key)]
    if missing:
        raise ValidationException(f"The use case form data is missing required fields: {', '.join(missing)}.")
    access.store_use_case_form(self.current_account, self.region, bytes(form))
    return EmptyResult()


def get_use_case_for_model_access(self: Any) -> ActionResult:
    form = access.use_case_form(self.current_account, self.region)
    if form is None:
        raise ResourceNotFoundException("No use case details have been submitted for this account.")
    return ActionResult({"formData": form})


# ---------------------------------------------------------------- inference profiles


def profile_summary(profile: catalog.InferenceProfile, region: str, account_id: str) -> dict[str, Any]:
    return {
        "inferenceProfileName": profile.name,
        "description": profile.description,
        "createdAt": profile.created,
        "updatedAt": profile.updated,
        "inferenceProfileArn": profile.arn(region, account_id),
        "models": [{"modelArn": arn} for arn in profile.model_arns],
        "inferenceProfileId": profile.profile_id,
        "status": "ACTIVE",
        "type": "SYSTEM_DEFINED",
    }


def resolve_profile_identifier(identifier: str, region: str, account_id: str) -> Optional[catalog.InferenceProfile]:
    """A system-defined profile by ID, or by ARN of this region and account; None if none."""
    match = re.fullmatch(r"arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*):([0-9]*):inference-profile/(.+)", identifier)
    if match:
        if match.group(1) != region or match.group(2) != account_id:
            return None
        identifier = match.group(3)
    return catalog.profile_in_region(identifier, region)


def list_inference_profiles(self: Any) -> ActionResult:
    params = request_params(self)
    type_equals = params.get("typeEquals")
    if type_equals is not None and type_equals not in ("SYSTEM_DEFINED", "APPLICATION"):
        raise enum_error(type_equals, "typeEquals", ["SYSTEM_DEFINED", "APPLICATION"])
    max_results = params.get("maxResults")
    if max_results is not None and not 1 <= int(max_results) <= 1000:
        raise ValidationException(
            f"1 validation error detected: Value '{max_results}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000"
        )
    profiles: list[dict[str, Any]] = []
    if type_equals != "APPLICATION":
        profiles += [profile_summary(p, self.region, self.current_account) for p in catalog.profiles_in_region(self.region)]
    if type_equals != "SYSTEM_DEFINED":
        profiles += app_profiles.application_summaries(self.region, self.current_account)
    start = 0
    token = params.get("nextToken")
    if token is not None:
        try:
            start = int(base64.b64decode(token, validate=True).decode())
        except (binascii.Error, ValueError):
            raise ValidationException("The provided pagination token is invalid.") from None
    end = len(profiles) if max_results is None else start + int(max_results)
    result: dict[str, Any] = {"inferenceProfileSummaries": profiles[start:end]}
    if end < len(profiles):
        result["nextToken"] = base64.b64encode(str(end).encode()).decode()
    return ActionResult(result)


def get_inference_profile(self: Any) -> ActionResult:
    params = request_params(self)
    identifier = params["inferenceProfileIdentifier"]
    check_pattern(identifier, "inferenceProfileIdentifier", "bedrock", "InferenceProfileIdentifier")
    application = app_profiles.lookup(identifier, self.region, self.current_account)
    if application is not None:
        return ActionResult(application.summary())
    profile = resolve_profile_identifier(identifier, self.region, self.current_account)
    if profile is None:
        raise ResourceNotFoundException(f"Inference profile {identifier} not found.")
    return ActionResult(profile_summary(profile, self.region, self.current_account))


OPERATIONS = {
    "list_foundation_models": list_foundation_models,
    "get_foundation_model": get_foundation_model,
    "get_foundation_model_availability": get_foundation_model_availability,
    "list_foundation_model_agreement_offers": list_foundation_model_agreement_offers,
    "create_foundation_model_agreement": create_foundation_model_agreement,
    "delete_foundation_model_agreement": delete_foundation_model_agreement,
    "put_use_case_for_model_access": put_use_case_for_model_access,
    "get_use_case_for_model_access": get_use_case_for_model_access,
    "list_inference_profiles": list_inference_profiles,
    "get_inference_profile": get_inference_profile,
}

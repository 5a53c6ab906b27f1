"""bedrock-runtime operations: InvokeModel, InvokeModelWithResponseStream, Converse, ConverseStream.

Every call goes through the same steps, in AWS's order:

1. IAM authorization when ``iam_enforcement`` is on (authz.py), against the
   model or profile ARNs the identifier names (profile calls pick their
   destination region first);
2. the identifier: a foundation-model ID or ARN of this region, a
   system-defined inference profile ID or ARN callable from this region, or
   the ARN of an application inference profile of this account and region
   (app_profiles.py: it routes as the model or system profile it copied); else
   ValidationException "The provided model identifier is invalid.". A model
   without on-demand throughput here, called by its bare ID or ARN, fails with
   AWS's "Invocation of model ID ... with on-demand throughput isn’t supported" text;
3. lifecycle and model access in the calling Region: a model past its
   ``endOfLifeTime`` answers 404 "This model version has reached the end of its
   life."; then access.py: a LEGACY model unused by the account within the
   inactivity window 404; the Anthropic form missing 404 (AWS's FTUFormNotFilled
   case); the first use of a Marketplace model subscribes the account when the
   caller may (else 403 with AWS's Marketplace text); with the daily token check
   on, an exhausted account-wide daily quota 429 (quota_checks.py);
4. the request body / Converse messages (bodies.py, converse.py);
5. the seeded reply (``reply_text`` setting), with token usage and latency.

Streams are served as AWS event streams (binary frames with CRCs, built by
moto's serializer from the operation's output shape), which botocore parses.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any, Optional

from moto.core.responses import ActionResult

from local_aws.bedrock import access, app_profiles, authz, bodies, catalog, converse, quota_checks
from local_aws.bedrock.errors import (
    END_OF_LIFE,
    INVALID_MODEL_IDENTIFIER,
    ON_DEMAND_NOT_SUPPORTED,
    ResourceNotFoundException,
    ValidationException,
)

INVOKE = "bedrock:InvokeModel"
INVOKE_STREAM = "bedrock:InvokeModelWithResponseStream"
PROFILE_PREFIXES = ("us.", "eu.", "apac.", "au.", "jp.", "us-gov.", "global.", "ca.")

_FM_ARN = re.compile(r"arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*)::foundation-model/(.+)")
_PROFILE_ARN = re.compile(r"arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*):([0-9]*):inference-profile/(.+)")


@dataclass(frozen=True)
class Target:
    """What a call's ``modelId`` resolved to."""

    model: catalog.FoundationModel
    profile: Optional[catalog.InferenceProfile]
    destination: str  # region serving the call (the source region for direct calls)


def _through_profile(profile: catalog.InferenceProfile, profile_arn: str, region: str,
                     account_id: str) -> tuple[list[authz.Check], str]:
    """The model checks of a call routed by ``profile``, conditioned on ``profile_arn``; the destination picked."""
    requested = {"aws:RequestedRegion": [region]}
    via = {"bedrock:InferenceProfileArn": [profile_arn]}
    if profile.is_global:
        return [authz.Check(f"arn:aws:bedrock:{region}::foundation-model/{profile.model_id}", {**requested, **via}),
                authz.Check(f"arn:aws:bedrock:::foundation-model/{profile.model_id}",
                            {"aws:RequestedRegion": ["unspecified"], **via})], region
    destination = access.regional(account_id, region).next_destination(profile)
    return [authz.Check(f"arn:aws:bedrock:{destination}::foundation-model/{profile.model_id}",
                        {"aws:RequestedRegion": [destination], **via})], destination


def _application_checks(model_id: str, region: str, account_id: str) -> tuple[list[authz.Check], Optional[str]]:
    """An application profile: its ARN, then the model it serves, conditioned on its ARN."""
    requested = {"aws:RequestedRegion": [region]}
    checks = [authz.Check(model_id, requested)]
    application = app_profiles.lookup(model_id, region, account_id)
    if application is None:
        return checks, None
    if application.system_profile is not None:
        more, destination = _through_profile(application.system_profile, model_id, region, account_id)
        return checks + more, destination
    via = {"bedrock:InferenceProfileArn": [model_id]}
    checks.append(authz.Check(f"arn:aws:bedrock:{region}::foundation-model/{application.model_id}", {**requested, **via}))
    return checks, region


def _authz_checks(model_id: str, region: str, account_id: str) -> tuple[list[authz.Check], Optional[str]]:
    """The ARNs IAM authorizes for ``model_id`` and, for a profile, the destination picked."""
    if app_profiles.is_app_profile_arn(model_id):
        return _application_checks(model_id, region, account_id)
    fm = _FM_ARN.fullmatch(model_id)
    pa = _PROFILE_ARN.fullmatch(model_id)
    requested = {"aws:RequestedRegion": [region]}
    if fm:
        return [authz.Check(model_id, requested)], None
    if pa or model_id.startswith(PROFILE_PREFIXES):
        profile_id = pa.group(3) if pa else model_id
        profile_arn = model_id if pa else f"arn:aws:bedrock:{region}:{account_id}:inference-profile/{model_id}"
        checks = [authz.Check(profile_arn, requested)]
        profile = catalog.profile_in_region(profile_id, region) if (not pa or (pa.group(1) == region and pa.group(2) == account_id)) else None
        if profile is None:
            return checks, None
        more, destination = _through_profile(profile, profile_arn, region, account_id)
        return checks + more, destination
    return [authz.Check(f"arn:aws:bedrock:{region}::foundation-model/{model_id}", requested)], None


def _resolve_identifier(model_id: str, region: str, account_id: str) -> tuple[Optional[catalog.FoundationModel], Optional[catalog.InferenceProfile]]:
    """The model (and profile) ``model_id`` names in this Region, retired ones included."""
    if app_profiles.is_app_profile_arn(model_id):
        application = app_profiles.lookup(model_id, region, account_id)
        if application is None:
            return None, None
        return catalog.known_model(application.model_id, region), application.system_profile
    fm = _FM_ARN.fullmatch(model_id)
    pa = _PROFILE_ARN.fullmatch(model_id)
    if fm:
        return (catalog.known_model(fm.group(2), region) if fm.group(1) == region else None), None
    if pa:
        if pa.group(1) != region or pa.group(2) != account_id:
            return None, None
        model_id = pa.group(3)
    profile = catalog.known_profile(model_id, region)
    if profile is not None:
        return catalog.known_model(profile.model_id, region), profile
    if pa:
        return None, None
    return catalog.known_model(model_id, region), None


def resolve_target(response: Any, model_id: str, action: str) -> Target:
    """Authorize, resolve and access-check ``model_id`` for this call (steps 1 to 3)."""
    region, account_id = response.region, response.current_account
    checks, destination = _authz_checks(model_id, region, account_id)
    authz.authorize(account_id, response.access_key, action, checks)

    model, profile = _resolve_identifier(model_id, region, account_id)
    if model is None:
        raise ValidationException(INVALID_MODEL_IDENTIFIER)
    lifecycle = catalog.status(model)
    if lifecycle == catalog.END_OF_LIFE:
        raise ResourceNotFoundException(END_OF_LIFE)
    if lifecycle == catalog.NOT_LAUNCHED:
        raise ValidationException(INVALID_MODEL_IDENTIFIER)
    if profile is None and catalog.ON_DEMAND not in model.inference_types:
        raise ValidationException(ON_DEMAND_NOT_SUPPORTED.format(model_id=model.model_id))
    access.check_invocation_access(account_id, region, response.access_key, model)
    quota_checks.check_daily_tokens(account_id, region)
    return Target(model, profile, destination or region)


def _record(response: Any, target: Target, tokens: int) -> None:
    access.record_invocation(response.current_account, response.region, target.model, tokens)


def _latency_ms(started: float) -> int:
    return max(1, int((time.monotonic() - started) * 1000))


def _raw_body(response: Any) -> bytes:
    body = response._get_param("body")
    if body is None:
        return b""
    return body if isinstance(body, bytes) else str(body).encode()


def _usage_headers(response: Any, input_tokens: int, output_tokens: int, latency: int) -> None:
    response.response_headers.update({
        "X-Amzn-Bedrock-Input-Token-Count": str(input_tokens),
        "X-Amzn-Bedrock-Output-Token-Count": str(output_tokens),
        "X-Amzn-Bedrock-Invocation-Latency": str(latency),
    })


def invoke_model(self: Any) -> ActionResult:
    started = time.monotonic()
    target = resolve_target(self, self._get_param("modelId"), INVOKE)
    body, prepared, reply = bodies.invoke(target.model, _raw_body(self))
    _record(self, target, prepared.input_tokens + reply.output_tokens)
    latency = _latency_ms(started)
    _usage_headers(self, prepared.input_tokens, reply.output_tokens, latency)
    result = {"body": json.dumps(body).encode(), "contentType": "application/json"}
    for name, default in (("performanceConfigLatency", "standard"), ("serviceTier", None)):
        value = self._get_param(name, default)
        if value:
            result[name] = value
    return ActionResult(result)


def invoke_model_with_response_stream(self: Any) -> ActionResult:
    started = time.monotonic()
    target = resolve_target(self, self._get_param("modelId"), INVOKE_STREAM)
    chunks, prepared, reply = bodies.invoke_stream(target.model, _raw_body(self))
    _record(self, target, prepared.input_tokens + reply.output_tokens)
    latency = _latency_ms(started)
    chunks[-1]["amazon-bedrock-invocationMetrics"] = {
        "inputTokenCount": prepared.input_tokens,
        "outputTokenCount": reply.output_tokens,
        "invocationLatency": latency,
        "firstByteLatency": latency,
    }
    events = [{"chunk": {"bytes": json.dumps(chunk).encode()}} for chunk in chunks]
    return ActionResult({"body": events, "contentType": "application/json"})


def converse_call(self: Any) -> ActionResult:
    started = time.monotonic()
    target = resolve_target(self, self._get_param("modelId"), INVOKE)
    prepared = converse.validate(self, target.model)
    reply = converse.make_reply_for(prepared)
    _record(self, target, prepared.input_tokens + reply.output_tokens)
    return ActionResult(converse.response(prepared, reply, _latency_ms(started)))


def converse_stream(self: Any) -> ActionResult:
    started = time.monotonic()
    target = resolve_target(self, self._get_param("modelId"), INVOKE_STREAM)
    prepared = converse.validate(self, target.model)
    reply = converse.make_reply_for(prepared)
    _record(self, target, prepared.input_tokens + reply.output_tokens)
    return ActionResult({"stream": converse.stream_events(prepared, reply, _latency_ms(started))})


REPLACED = {"invoke_model": invoke_model}
ADDED = {
    "invoke_model_with_response_stream": invoke_model_with_response_stream,
    "converse": converse_call,
    "converse_stream": converse_stream,
}

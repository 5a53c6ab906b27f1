"""bedrock-runtime operations: InvokeModel, InvokeModelWithResponseStream, Converse, ConverseStream.

Every call goes through the same steps, in AWS's order:

1. IAM authorization when ``iam_enforcement`` is on (authz.py), against the
   model or profile ARNs the identifier names (profile calls pick their
   destination region first);
2. the identifier: a foundation-model ID or ARN of this region, or a
   system-defined inference profile ID or ARN callable from this region; else
   ValidationException "The provided model identifier is invalid.". A model
   without on-demand throughput here, called by its bare ID or ARN, fails with
   AWS's "Invocation of model ID ... with on-demand throughput isn’t supported" text;
3. model access in the calling region (access.py): else AccessDeniedException
   "You don't have access to the model with the specified model ID."; an
   Anthropic agreement whose account never submitted the use-case form answers
   ResourceNotFoundException (404, AWS's documented FTUFormNotFilled case);
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

from local_aws.bedrock import access, authz, bodies, catalog, converse
from local_aws.bedrock.errors import (
    INVALID_MODEL_IDENTIFIER,
    NO_MODEL_ACCESS,
    ON_DEMAND_NOT_SUPPORTED,
    USE_CASE_NOT_SUBMITTED,
    AccessDeniedException,
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


def _authz_checks(model_id: str, region: str, account_id: str) -> tuple[list[authz.Check], Optional[str]]:
    """The ARNs IAM authorizes for ``model_id`` and, for a profile, the destination picked."""
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
        via = {"bedrock:InferenceProfileArn": [profile_arn]}
        if profile.is_global:
            checks.append(authz.Check(f"arn:aws:bedrock:{region}::foundation-model/{profile.model_id}", {**requested, **via}))
            checks.append(authz.Check(f"arn:aws:bedrock:::foundation-model/{profile.model_id}", {"aws:RequestedRegion": ["unspecified"], **via}))
            return checks, region
        destination = access.regional(account_id, region).next_destination(profile)
        checks.append(authz.Check(f"arn:aws:bedrock:{destination}::foundation-model/{profile.model_id}",
                                  {"aws:RequestedRegion": [destination], **via}))
        return checks, destination
    return [authz.Check(f"arn:aws:bedrock:{region}::foundation-model/{model_id}", requested)], None


def resolve_target(response: Any, model_id: str, action: str) -> Target:
    """Authorize, resolve and access-check ``model_id`` for this call (steps 1 to 3)."""
    region, account_id = response.region, response.current_account
    checks, destination = _authz_checks(model_id, region, account_id)
    authz.authorize(account_id, response.access_key, action, checks)

    profile = None
    model = None
    fm = _FM_ARN.fullmatch(model_id)
    pa = _PROFILE_ARN.fullmatch(model_id)
    if fm:
        if fm.group(1) == region:
            model = catalog.model_in_region(fm.group(2), region)
    elif pa:
        if pa.group(1) == region and pa.group(2) == account_id:
            profile = catalog.profile_in_region(pa.group(3), region)
    else:
        profile = catalog.profile_in_region(model_id, region)
        if profile is None:
            model = catalog.model_in_region(model_id, region)
    if profile is not None:
        model = catalog.MODELS[profile.model_id]
    if model is None:
        raise ValidationException(INVALID_MODEL_IDENTIFIER)
    if profile is None and catalog.ON_DEMAND not in (catalog.inference_types(model, region) or []):
        raise ValidationException(ON_DEMAND_NOT_SUPPORTED.format(model_id=model.model_id))
    status = access.agreement_status(account_id, region, model)["status"]
    if status == "ERROR":
        # The agreement exists but the account never submitted the Anthropic use-case form.
        raise ResourceNotFoundException(USE_CASE_NOT_SUBMITTED)
    if status != "AVAILABLE":
        raise AccessDeniedException(NO_MODEL_ACCESS)
    return Target(model, profile, destination or region)


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
    return ActionResult(converse.response(prepared, reply, _latency_ms(started)))


def converse_stream(self: Any) -> ActionResult:
    started = time.monotonic()
    target = resolve_target(self, self._get_param("modelId"), INVOKE_STREAM)
    prepared = converse.validate(self, target.model)
    reply = converse.make_reply_for(prepared)
    return ActionResult({"stream": converse.stream_events(prepared, reply, _latency_ms(started))})


REPLACED = {"invoke_model": invoke_model}
ADDED = {
    "invoke_model_with_response_stream": invoke_model_with_response_stream,
    "converse": converse_call,
    "converse_stream": converse_stream,
}

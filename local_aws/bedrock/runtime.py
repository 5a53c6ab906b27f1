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
from local_aws.bedrock.guardrails import inference
from local_aws.bedrock.reply import Reply, count_tokens
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


def _through_profile(profile: catalog.InferenceProfile, profile_arn: str, region: str, account_id: str) -> tuple[list[authz.Check], str]:
    """The model checks of a call routed by ``profile``, conditioned on ``profile_arn``; the destination picked."""
    requested = {"aws:RequestedRegion": [region]}
    via = {"bedrock:InferenceProfileArn": [profile_arn]}
    if profile.is_global:
        return [
            authz.Check(f"arn:aws:bedrock:{region}::foundation-model/{profile.model_id}", {**requested, **via}),
            authz.Check(f"arn:aws:bedrock:::foundation-model/{profile.model_id}", {"aws:RequestedRegion": ["unspecified"], **via}),
        ], region
    destination = access.regional(account_id, region).next_destination(profile)
    return [authz.Check(f"arn:aws:bedrock:{destination}::foundation-model/{profile.model_id}", {"aws:RequestedRegion": [destination], **via})], destination


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


def resolve_target(response: Any, model_id: str, action: str, guardrail: Optional[inference.Requested] = None) -> Target:
    """Authorize, resolve and access-check ``model_id`` for this call (steps 1 to 3).

    A request that names a guardrail carries ``bedrock:GuardrailIdentifier`` in
    every check and needs ``bedrock:ApplyGuardrail`` on the guardrail.
    """
    region, account_id = response.region, response.current_account
    checks, destination = _authz_checks(model_id, region, account_id)
    if guardrail is not None:
        key = {"bedrock:GuardrailIdentifier": [guardrail.condition_value(region, account_id)]}
        checks = [authz.Check(c.resource, {**c.context, **key}) for c in checks]
    authz.authorize(account_id, response.access_key, action, checks)
    if guardrail is not None:
        authz.authorize(account_id, response.access_key, inference.APPLY, [authz.Check(guardrail.arn(region, account_id), {"aws:RequestedRegion": [region]})])

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
    response.response_headers.update(
        {
            "X-Amzn-Bedrock-Input-Token-Count": str(input_tokens),
            "X-Amzn-Bedrock-Output-Token-Count": str(output_tokens),
            "X-Amzn-Bedrock-Invocation-Latency": str(latency),
        }
    )


def _header_guardrail(response: Any) -> Optional[inference.Requested]:
    return inference.requested(response._get_param("guardrailIdentifier"), response._get_param("guardrailVersion"))


def _guarded_invoke(target: Target, raw: bytes, guardrails: list, stream: bool) -> tuple[Any, Any, Reply, Optional[inference.Verdict]]:
    """bodies.invoke(_stream), the prompt and the reply going through ``guardrails``."""
    run = bodies.invoke_stream if stream else bodies.invoke
    body, prepared, reply = run(target.model, raw)
    if not guardrails:
        return body, prepared, reply, None
    verdict = inference.check_input(guardrails, inference.body_texts(bodies.parse_json(raw)))
    if not verdict.blocked:
        verdict = inference.check_output(guardrails, reply.text, verdict)
    if verdict.text is not None:
        reply = Reply(verdict.text, count_tokens(verdict.text), False)
        family = bodies.FAMILIES[target.model.family]
        body = (family.stream if stream else family.respond)(prepared, reply, target.model)
    return body, prepared, reply, verdict


def _guardrail_fields(response: Any, verdict: Optional[inference.Verdict]) -> dict[str, Any]:
    if verdict is None:
        return {}
    fields: dict[str, Any] = {"amazon-bedrock-guardrailAction": "INTERVENED" if verdict.intervened else "NONE"}
    if (response._get_param("trace") or "DISABLED") != "DISABLED":
        fields["amazon-bedrock-trace"] = {"guardrail": verdict.trace()}
    return fields


def invoke_model(self: Any) -> ActionResult:
    started = time.monotonic()
    guardrail = _header_guardrail(self)
    target = resolve_target(self, self._get_param("modelId"), INVOKE, guardrail)
    guardrails = inference.active(self.region, self.current_account, guardrail, target.model)
    body, prepared, reply, verdict = _guarded_invoke(target, _raw_body(self), guardrails, stream=False)
    body.update(_guardrail_fields(self, verdict))
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
    guardrail = _header_guardrail(self)
    target = resolve_target(self, self._get_param("modelId"), INVOKE_STREAM, guardrail)
    guardrails = inference.active(self.region, self.current_account, guardrail, target.model)
    chunks, prepared, reply, verdict = _guarded_invoke(target, _raw_body(self), guardrails, stream=True)
    chunks[-1].update(_guardrail_fields(self, verdict))
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


def _converse_guardrail(response: Any) -> Optional[inference.Requested]:
    config = response._get_param("guardrailConfig") or {}
    if not config:
        return None
    if not config.get("guardrailIdentifier") or not config.get("guardrailVersion"):
        raise ValidationException(inference.VERSION_REQUIRED if config.get("guardrailIdentifier") else inference.IDENTIFIER_REQUIRED)
    return inference.requested(config["guardrailIdentifier"], config["guardrailVersion"])


def _guarded_converse(response: Any, action: str) -> tuple[Target, Any, Reply, Optional[inference.Verdict]]:
    guardrail = _converse_guardrail(response)
    target = resolve_target(response, response._get_param("modelId"), action, guardrail)
    prepared = converse.validate(response, target.model)
    reply = converse.make_reply_for(prepared)
    guardrails = inference.active(response.region, response.current_account, guardrail, target.model)
    if not guardrails:
        return target, prepared, reply, None
    verdict = inference.check_input(guardrails, converse.prompt_texts(response))
    if not verdict.blocked:
        verdict = inference.check_output(guardrails, reply.text, verdict)
    if verdict.text is not None:
        reply = Reply(verdict.text, count_tokens(verdict.text), False)
    return target, prepared, reply, verdict


def _converse_trace(response: Any, verdict: Optional[inference.Verdict]) -> Optional[dict[str, Any]]:
    trace = (response._get_param("guardrailConfig") or {}).get("trace", "disabled")
    if verdict is None or trace == "disabled":
        return None
    return {"guardrail": verdict.trace()}


def converse_call(self: Any) -> ActionResult:
    started = time.monotonic()
    target, prepared, reply, verdict = _guarded_converse(self, INVOKE)
    _record(self, target, prepared.input_tokens + reply.output_tokens)
    result = converse.response(prepared, reply, _latency_ms(started))
    if verdict is not None and verdict.intervened:
        result["stopReason"] = "guardrail_intervened"
    trace = _converse_trace(self, verdict)
    if trace:
        result["trace"] = trace
    return ActionResult(result)


def converse_stream(self: Any) -> ActionResult:
    started = time.monotonic()
    target, prepared, reply, verdict = _guarded_converse(self, INVOKE_STREAM)
    _record(self, target, prepared.input_tokens + reply.output_tokens)
    events = converse.stream_events(prepared, reply, _latency_ms(started))
    if verdict is not None and verdict.intervened:
        for event in events:
            if "messageStop" in event:
                event["messageStop"]["stopReason"] = "guardrail_intervened"
    trace = _converse_trace(self, verdict)
    if trace:
        events[-1]["metadata"]["trace"] = trace
    return ActionResult({"stream": events})


REPLACED = {"invoke_model": invoke_model}
ADDED = {
    "invoke_model_with_response_stream": invoke_model_with_response_stream,
    "converse": converse_call,
    "converse_stream": converse_stream,
}

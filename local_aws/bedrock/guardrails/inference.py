"""Guardrails on model invocations: the request's guardrail (Converse ``guardrailConfig``,
InvokeModel's ``X-Amzn-Bedrock-GuardrailIdentifier``/``-Version`` headers) and the Region's
account-level enforced guardrail configurations.

- IAM: the call carries ``bedrock:GuardrailIdentifier`` = the guardrail's ARN and
  version (``arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:VERSION``, the form AWS's
  "Enforce the use of specific guardrails" page puts in its policies) on every
  check of the invocation; a guardrail the request names also needs
  ``bedrock:ApplyGuardrail`` on the guardrail's ARN. Without a guardrail the key
  is absent (so ``StringNotEquals`` Deny statements apply). An ID given instead
  of an ARN is expanded to the ARN (assumption: AWS documents ARN values only).
- the prompt's text goes through each guardrail as INPUT; a block answers the
  guardrail's blocked input message instead of the model's reply; else the
  model's reply goes through as OUTPUT (blocked: the blocked output message;
  anonymized: the masked text).
- enforced configurations apply to every invocation in the Region (their
  ``modelEnforcement`` included/excluded model lists narrow that), whatever the
  request carries; the caller needs no permission on them (unverified detail).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from local_aws.bedrock import catalog
from local_aws.bedrock.errors import ValidationException
from local_aws.bedrock.guardrails import filters, models
from local_aws.bedrock.guardrails.models import Guardrail, GuardrailVersion
from local_aws.bedrock.guardrails.responses import resolve

VERSION_REQUIRED = "Guardrail version is required when a guardrail identifier is specified."  # unverified wording
IDENTIFIER_REQUIRED = "Guardrail identifier is required when a guardrail version is specified."  # unverified wording
APPLY = "bedrock:ApplyGuardrail"


@dataclass(frozen=True)
class Requested:
    identifier: str
    version: str

    def arn(self, region: str, account_id: str) -> str:
        if self.identifier.startswith("arn:"):
            return self.identifier
        return f"arn:aws:bedrock:{region}:{account_id}:guardrail/{self.identifier}"

    def condition_value(self, region: str, account_id: str) -> str:
        return f"{self.arn(region, account_id)}:{self.version}"


def requested(identifier: Optional[str], version: Optional[str]) -> Optional[Requested]:
    """The request's guardrail, or None; AWS's validation when only one half is given."""
    if not identifier and not version:
        return None
    if not version:
        raise ValidationException(VERSION_REQUIRED)
    if not identifier:
        raise ValidationException(IDENTIFIER_REQUIRED)
    return Requested(identifier, str(version))


@dataclass
class Verdict:
    text: Optional[str] = None  # what replaces the prompt's answer / the reply, when intervened
    intervened: bool = False
    blocked: bool = False
    input_assessment: dict[str, Any] = field(default_factory=dict)
    output_assessments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def trace(self) -> dict[str, Any]:
        trace: dict[str, Any] = {}
        if self.input_assessment:
            trace["inputAssessment"] = self.input_assessment
        if self.output_assessments:
            trace["outputAssessments"] = self.output_assessments
        return trace


def _applies(config: models.EnforcedConfiguration, model: catalog.FoundationModel) -> bool:
    enforcement = config.model_enforcement or {}
    included = enforcement.get("includedModels") or ["ALL"]
    excluded = enforcement.get("excludedModels") or []
    if model.model_id in excluded:
        return False
    return "ALL" in included or model.model_id in included


def active(region: str, account_id: str, request: Optional[Requested], model: catalog.FoundationModel) -> list[tuple[Guardrail, GuardrailVersion]]:
    """The guardrail versions this call goes through: the request's, then the Region's enforced ones."""
    chosen = []
    if request is not None:
        chosen.append(resolve(region, account_id, request.identifier, request.version))
    for config in list(models.backend(account_id, region).enforced.values()):
        if _applies(config, model):
            pair = (config.guardrail, config.guardrail.version(config.guardrail_version))
            if pair[1] is not None and all(pair[0] is not g or pair[1] is not v for g, v in chosen):
                chosen.append(pair)
    return chosen


def check_input(guardrails: list[tuple[Guardrail, GuardrailVersion]], texts: list[str]) -> Verdict:
    verdict = Verdict()
    for guardrail, version in guardrails:
        outcome = filters.evaluate(version, "INPUT", texts)
        if outcome.assessment:
            verdict.input_assessment[guardrail.guardrail_id] = outcome.assessment
        if outcome.blocked:
            return Verdict(outcome.outputs[0]["text"], True, True, verdict.input_assessment)
        if outcome.intervened:  # masked prompt: the model sees the masked text
            texts = outcome.masked
            verdict.intervened = True
    return verdict


def check_output(guardrails: list[tuple[Guardrail, GuardrailVersion]], text: str, verdict: Verdict) -> Verdict:
    for guardrail, version in guardrails:
        outcome = filters.evaluate(version, "OUTPUT", [text])
        if outcome.assessment:
            verdict.output_assessments[guardrail.guardrail_id] = [outcome.assessment]
        if outcome.blocked:
            verdict.text, verdict.intervened, verdict.blocked = outcome.outputs[0]["text"], True, True
            return verdict
        if outcome.intervened:
            text = outcome.masked[0]
            verdict.text, verdict.intervened = text, True
    return verdict


_SKIPPED_KEYS = {"anthropic_version", "anthropic_beta", "role", "type", "media_type"}


def body_texts(document: Any) -> list[str]:
    """Every text of an InvokeModel body (its string leaves, not its keywords)."""
    texts: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in _SKIPPED_KEYS:
                continue
            texts += [value] if isinstance(value, str) else body_texts(value)
    elif isinstance(document, list):
        for value in document:
            texts += [value] if isinstance(value, str) else body_texts(value)
    return texts

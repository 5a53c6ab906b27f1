"""The Amazon Bedrock quota catalog served by the local Service Quotas endpoint.

Quota names follow the patterns AWS uses for Bedrock ("On-demand InvokeModel
requests per minute for ...", "Cross-region model inference tokens per minute
for ...", "Global cross-region model inference ...", "Model invocation max
tokens per day for ..."). Default values approximate us-east-1's defaults at the
time of writing; AWS changes them per Region and over time.

AWS does not publish Bedrock quota codes, so the codes here are synthetic but
stable: ``L-`` plus the first 8 hex digits of the SHA-256 of the quota name.
Callers must resolve quotas by name through ListServiceQuotas, as they must on
AWS.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SERVICE_CODE = "bedrock"
SERVICE_NAME = "Amazon Bedrock"


@dataclass(frozen=True)
class QuotaDefinition:
    name: str
    default_value: float
    adjustable: bool
    period_unit: str | None  # "MINUTE", "DAY" or None for a count
    description: str

    @property
    def code(self) -> str:
        return quota_code(self.name)


def quota_code(name: str) -> str:
    return "L-" + hashlib.sha256(name.encode()).hexdigest()[:8].upper()


# (display name, on-demand RPM, on-demand TPM) for models invocable on demand
_ON_DEMAND = (
    ("Anthropic Claude 3 Sonnet", 500, 1_000_000),
    ("Anthropic Claude 3 Haiku", 1000, 2_000_000),
    ("Anthropic Claude 3 Opus", 50, 400_000),
    ("Amazon Titan Text Express", 400, 300_000),
    ("Amazon Nova Lite", 2000, 4_000_000),
    ("Meta Llama 3 8B Instruct", 800, 300_000),
    ("Meta Llama 3 70B Instruct", 400, 300_000),
)

# (display name, cross-region RPM, cross-region TPM) for models served through geographic profiles
_CROSS_REGION = (
    ("Anthropic Claude 3 Sonnet", 1000, 2_000_000),
    ("Anthropic Claude 3 Haiku", 2000, 4_000_000),
    ("Anthropic Claude 3.5 Sonnet V2", 250, 2_000_000),
    ("Anthropic Claude 3.7 Sonnet V1", 250, 1_000_000),
    ("Anthropic Claude Sonnet 4 V1", 200, 200_000),
    ("Anthropic Claude Opus 4 V1", 50, 200_000),
)

# (display name, global cross-region RPM, global cross-region TPM)
_GLOBAL_CROSS_REGION = (
    ("Anthropic Claude Sonnet 4 V1", 200, 400_000),
    ("Anthropic Claude Sonnet 4.5 V1", 200, 400_000),
)

# Per-day token ceilings (not adjustable through Service Quotas)
_TOKENS_PER_DAY = (
    ("Anthropic Claude 3.7 Sonnet V1", 1_440_000_000),
    ("Anthropic Claude Sonnet 4 V1", 288_000_000),
    ("Anthropic Claude Opus 4 V1", 288_000_000),
)

# Models whose on-demand quotas AWS marks "Adjustable: No" (requests go through the Support form)
_NOT_ADJUSTABLE_ON_DEMAND = {"Amazon Titan Text Express", "Meta Llama 3 8B Instruct", "Meta Llama 3 70B Instruct"}


def _build() -> tuple[QuotaDefinition, ...]:
    quotas: list[QuotaDefinition] = []
    for model, rpm, tpm in _ON_DEMAND:
        adjustable = model not in _NOT_ADJUSTABLE_ON_DEMAND
        quotas.append(
            QuotaDefinition(
                f"On-demand InvokeModel requests per minute for {model}",
                rpm,
                adjustable,
                "MINUTE",
                f"The maximum number of times that you can call model inference in one minute for {model}. "
                "The quota considers the combined sum of requests for InvokeModel, InvokeModelWithResponseStream, "
                "Converse, and ConverseStream.",
            )
        )
        quotas.append(
            QuotaDefinition(
                f"On-demand InvokeModel tokens per minute for {model}",
                tpm,
                adjustable,
                "MINUTE",
                f"The maximum number of tokens that you can submit for model inference in one minute for {model}. "
                "The quota considers the combined sum of tokens for InvokeModel, InvokeModelWithResponseStream, "
                "Converse, and ConverseStream.",
            )
        )
    for model, rpm, tpm in _CROSS_REGION:
        quotas.append(
            QuotaDefinition(
                f"Cross-region model inference requests per minute for {model}",
                rpm,
                True,
                "MINUTE",
                f"The maximum number of cross-region model inference requests in one minute for {model}.",
            )
        )
        quotas.append(
            QuotaDefinition(
                f"Cross-region model inference tokens per minute for {model}",
                tpm,
                True,
                "MINUTE",
                f"The maximum number of tokens that you can submit for cross-region model inference in one minute "
                f"for {model}.",
            )
        )
    for model, rpm, tpm in _GLOBAL_CROSS_REGION:
        quotas.append(
            QuotaDefinition(
                f"Global cross-region model inference requests per minute for {model}",
                rpm,
                True,
                "MINUTE",
                f"The maximum number of global cross-region model inference requests in one minute for {model}.",
            )
        )
        quotas.append(
            QuotaDefinition(
                f"Global cross-region model inference tokens per minute for {model}",
                tpm,
                True,
                "MINUTE",
                f"The maximum number of tokens that you can submit for global cross-region model inference in one "
                f"minute for {model}.",
            )
        )
    for model, tpd in _TOKENS_PER_DAY:
        quotas.append(
            QuotaDefinition(
                f"Model invocation max tokens per day for {model}",
                tpd,
                False,
                "DAY",
                f"Daily maximum tokens for model inference for {model}.",
            )
        )
    quotas.append(
        QuotaDefinition(
            "Model units no-commitment Provisioned Throughputs across custom models",
            2,
            True,
            None,
            "The maximum number of model units that can be distributed across no-commitment Provisioned "
            "Throughputs for custom models.",
        )
    )
    return tuple(sorted(quotas, key=lambda q: q.name))


BEDROCK_QUOTAS: tuple[QuotaDefinition, ...] = _build()
BY_CODE: dict[str, QuotaDefinition] = {q.code: q for q in BEDROCK_QUOTAS}
assert len(BY_CODE) == len(BEDROCK_QUOTAS), "quota code collision in the Bedrock catalog"

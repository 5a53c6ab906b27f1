"""The Bedrock model catalog and system-defined inference profiles, as data.

Modelled on what AWS listed in 2025 (approximate, but a model absent from a
region is absent here too). A foundation model is listed in a region when it is
served on demand there, or when the region is a source or destination of one
of its cross-Region inference profiles (then only ``INFERENCE_PROFILE``).

Regions with a catalog: every region that appears below. Any other region has
an empty catalog.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Optional

ANTHROPIC = "Anthropic"
AMAZON = "Amazon"
META = "Meta"
COHERE = "Cohere"
MISTRAL = "Mistral AI"

ON_DEMAND = "ON_DEMAND"
INFERENCE_PROFILE = "INFERENCE_PROFILE"

# Request/response body families used by InvokeModel (see bodies.py).
FAMILY_ANTHROPIC = "anthropic-messages"
FAMILY_TITAN_TEXT = "titan-text"
FAMILY_TITAN_EMBED = "titan-embed"
FAMILY_NOVA = "nova-messages"
FAMILY_LLAMA = "llama"
FAMILY_COHERE_EMBED = "cohere-embed"
FAMILY_MISTRAL = "mistral"

US = ("us-east-1", "us-east-2", "us-west-2")
EU_3 = ("eu-central-1", "eu-west-1", "eu-west-3")
EU_4 = ("eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3")
EU_6 = ("eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3")
APAC_5 = ("ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2")
APAC_7 = ("ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2")
JP = ("ap-northeast-1", "ap-northeast-3")
AU = ("ap-southeast-2", "ap-southeast-4")
# Source regions from which global profiles can be called (their destinations are
# "all commercial regions": the profile lists the region-less model ARN).
GLOBAL_SOURCES = US + EU_4 + ("eu-west-2", "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1")

PROFILE_CREATED = datetime.datetime(2024, 8, 27, tzinfo=datetime.timezone.utc)


def _utc(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, tzinfo=datetime.timezone.utc)


@dataclass(frozen=True)
class FoundationModel:
    model_id: str
    name: str
    provider: str
    input_modalities: tuple[str, ...]
    output_modalities: tuple[str, ...]
    streaming: bool
    family: str
    on_demand_regions: tuple[str, ...]
    max_output_tokens: int = 4096
    customizations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # region -> types
    lifecycle: str = "ACTIVE"
    start_of_life: Optional[datetime.datetime] = None
    legacy_time: Optional[datetime.datetime] = None
    end_of_life: Optional[datetime.datetime] = None

    @property
    def api_model_name(self) -> str:
        """The model name Anthropic bodies echo back (``claude-3-haiku-20240307``)."""
        bare = self.model_id.split(".", 1)[1]
        return bare.rsplit("-v", 1)[0]

    def arn(self, region: str) -> str:
        return f"arn:aws:bedrock:{region}::foundation-model/{self.model_id}"


@dataclass(frozen=True)
class InferenceProfile:
    """A system-defined (cross-Region) inference profile."""

    profile_id: str
    model_id: str
    name: str
    sources: tuple[str, ...]
    destinations: tuple[str, ...]  # empty for global profiles
    created: datetime.datetime = PROFILE_CREATED

    @property
    def is_global(self) -> bool:
        return self.profile_id.startswith("global.")

    def arn(self, region: str, account_id: str) -> str:
        return f"arn:aws:bedrock:{region}:{account_id}:inference-profile/{self.profile_id}"

    def model_arns(self, source_region: str) -> list[str]:
        """``models[].modelArn`` as AWS lists them for a call from ``source_region``."""
        if self.is_global:
            return [
                f"arn:aws:bedrock:{source_region}::foundation-model/{self.model_id}",
                f"arn:aws:bedrock:::foundation-model/{self.model_id}",
            ]
        return [f"arn:aws:bedrock:{region}::foundation-model/{self.model_id}" for region in self.destinations]

    def description(self) -> str:
        if self.is_global:
            return f"Routes requests to {self.name.replace('Global ', '')} in all commercial regions."
        where = ", ".join(self.destinations[:-1]) + " and " + self.destinations[-1]
        return f"Routes requests to {self.name.split(' ', 1)[1]} in {where}."


_TEXT_IMAGE = ("TEXT", "IMAGE")
_TEXT = ("TEXT",)

MODELS: dict[str, FoundationModel] = {
    m.model_id: m
    for m in (
        FoundationModel(
            "anthropic.claude-3-sonnet-20240229-v1:0", "Claude 3 Sonnet", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=("us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-3", "ap-northeast-1", "ap-south-1",
                               "ap-southeast-2", "ca-central-1", "sa-east-1"),
            lifecycle="LEGACY", start_of_life=_utc(2024, 3, 4), legacy_time=_utc(2025, 1, 21),
        ),
        FoundationModel(
            "anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=("us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "ap-northeast-1",
                               "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1"),
            customizations={"us-west-2": ("FINE_TUNING",)}, start_of_life=_utc(2024, 3, 13),
        ),
        FoundationModel(
            "anthropic.claude-3-opus-20240229-v1:0", "Claude 3 Opus", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=("us-west-2",), lifecycle="LEGACY", start_of_life=_utc(2024, 4, 16), legacy_time=_utc(2025, 6, 30),
        ),
        FoundationModel(
            "anthropic.claude-3-5-haiku-20241022-v1:0", "Claude 3.5 Haiku", ANTHROPIC, _TEXT, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=("us-west-2",), max_output_tokens=8192, start_of_life=_utc(2024, 11, 4),
        ),
        FoundationModel(
            "anthropic.claude-3-5-sonnet-20241022-v2:0", "Claude 3.5 Sonnet v2", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=("us-west-2",), max_output_tokens=8192, start_of_life=_utc(2024, 10, 22),
        ),
        FoundationModel(
            "anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.7 Sonnet", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=(), max_output_tokens=131072, start_of_life=_utc(2025, 2, 24),
        ),
        FoundationModel(
            "anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=(), max_output_tokens=65536, start_of_life=_utc(2025, 5, 22),
        ),
        FoundationModel(
            "anthropic.claude-opus-4-20250514-v1:0", "Claude Opus 4", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=(), max_output_tokens=32768, start_of_life=_utc(2025, 5, 22),
        ),
        FoundationModel(
            "anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5", ANTHROPIC, _TEXT_IMAGE, _TEXT, True, FAMILY_ANTHROPIC,
            on_demand_regions=(), max_output_tokens=65536, start_of_life=_utc(2025, 9, 29),
        ),
        FoundationModel(
            "amazon.titan-text-express-v1", "Titan Text G1 - Express", AMAZON, _TEXT, _TEXT, True, FAMILY_TITAN_TEXT,
            on_demand_regions=("us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "ap-northeast-1",
                               "ap-south-1", "ap-southeast-2", "ca-central-1", "sa-east-1"),
            max_output_tokens=8192,
            customizations={"us-east-1": ("FINE_TUNING", "CONTINUED_PRE_TRAINING"), "us-west-2": ("FINE_TUNING", "CONTINUED_PRE_TRAINING")},
            start_of_life=_utc(2023, 11, 29),
        ),
        FoundationModel(
            "amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2", AMAZON, _TEXT, ("EMBEDDING",), False, FAMILY_TITAN_EMBED,
            on_demand_regions=("us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
                               "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-2", "ca-central-1", "sa-east-1"),
            max_output_tokens=0, start_of_life=_utc(2024, 4, 30),
        ),
        FoundationModel(
            "amazon.nova-lite-v1:0", "Nova Lite", AMAZON, ("TEXT", "IMAGE", "VIDEO"), _TEXT, True, FAMILY_NOVA,
            on_demand_regions=("us-east-1", "eu-west-2", "ap-northeast-1", "ap-southeast-2"), max_output_tokens=5120,
            customizations={"us-east-1": ("FINE_TUNING", "DISTILLATION")}, start_of_life=_utc(2024, 12, 3),
        ),
        FoundationModel(
            "amazon.nova-pro-v1:0", "Nova Pro", AMAZON, ("TEXT", "IMAGE", "VIDEO"), _TEXT, True, FAMILY_NOVA,
            on_demand_regions=("us-east-1", "eu-west-2", "ap-northeast-1", "ap-southeast-2"), max_output_tokens=5120,
            customizations={"us-east-1": ("FINE_TUNING", "DISTILLATION")}, start_of_life=_utc(2024, 12, 3),
        ),
        FoundationModel(
            "meta.llama3-8b-instruct-v1:0", "Llama 3 8B Instruct", META, _TEXT, _TEXT, True, FAMILY_LLAMA,
            on_demand_regions=("us-east-1", "us-west-2", "eu-west-2", "ap-south-1", "ca-central-1"), max_output_tokens=2048,
            start_of_life=_utc(2024, 4, 23),
        ),
        FoundationModel(
            "meta.llama3-70b-instruct-v1:0", "Llama 3 70B Instruct", META, _TEXT, _TEXT, True, FAMILY_LLAMA,
            on_demand_regions=("us-east-1", "us-west-2", "eu-west-2", "ap-south-1", "ca-central-1"), max_output_tokens=2048,
            start_of_life=_utc(2024, 4, 23),
        ),
        FoundationModel(
            "meta.llama3-1-8b-instruct-v1:0", "Llama 3.1 8B Instruct", META, _TEXT, _TEXT, True, FAMILY_LLAMA,
            on_demand_regions=("us-west-2",), max_output_tokens=2048, customizations={"us-west-2": ("FINE_TUNING", "DISTILLATION")},
            start_of_life=_utc(2024, 7, 23),
        ),
        FoundationModel(
            "cohere.embed-english-v3", "Embed English", COHERE, _TEXT, ("EMBEDDING",), False, FAMILY_COHERE_EMBED,
            on_demand_regions=("us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "ap-northeast-1",
                               "ap-south-1", "ap-southeast-2", "ca-central-1", "sa-east-1"),
            max_output_tokens=0, start_of_life=_utc(2023, 11, 14),
        ),
        FoundationModel(
            "mistral.mistral-7b-instruct-v0:2", "Mistral 7B Instruct", MISTRAL, _TEXT, _TEXT, True, FAMILY_MISTRAL,
            on_demand_regions=("us-east-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "ap-south-1", "ap-southeast-2",
                               "ca-central-1"),
            max_output_tokens=8192, start_of_life=_utc(2024, 3, 1),
        ),
    )
}


def _profile(prefix: str, label: str, model_id: str, sources: tuple[str, ...]) -> InferenceProfile:
    """A profile whose destinations are its sources (global profiles: all commercial regions)."""
    model = MODELS[model_id]
    return InferenceProfile(
        profile_id=f"{prefix}.{model_id}",
        model_id=model_id,
        name=f"{label} {model.provider} {model.name}".replace("Amazon Nova", "Nova"),
        sources=sources,
        destinations=() if prefix == "global" else sources,
    )


PROFILES: dict[str, InferenceProfile] = {
    p.profile_id: p
    for p in (
        _profile("us", "US", "anthropic.claude-3-haiku-20240307-v1:0", US),
        _profile("us", "US", "anthropic.claude-3-sonnet-20240229-v1:0", ("us-east-1", "us-west-2")),
        _profile("us", "US", "anthropic.claude-3-5-haiku-20241022-v1:0", US),
        _profile("us", "US", "anthropic.claude-3-5-sonnet-20241022-v2:0", US),
        _profile("us", "US", "anthropic.claude-3-7-sonnet-20250219-v1:0", US),
        _profile("us", "US", "anthropic.claude-sonnet-4-20250514-v1:0", US),
        _profile("us", "US", "anthropic.claude-opus-4-20250514-v1:0", US),
        _profile("us", "US", "anthropic.claude-sonnet-4-5-20250929-v1:0", US + ("us-west-1",)),
        _profile("us", "US", "amazon.nova-lite-v1:0", US),
        _profile("us", "US", "amazon.nova-pro-v1:0", US),
        _profile("us", "US", "meta.llama3-1-8b-instruct-v1:0", US),
        _profile("eu", "EU", "anthropic.claude-3-haiku-20240307-v1:0", EU_3),
        _profile("eu", "EU", "anthropic.claude-3-sonnet-20240229-v1:0", EU_3),
        _profile("eu", "EU", "anthropic.claude-3-7-sonnet-20250219-v1:0", EU_4),
        _profile("eu", "EU", "anthropic.claude-sonnet-4-20250514-v1:0", EU_6),
        _profile("eu", "EU", "anthropic.claude-sonnet-4-5-20250929-v1:0", EU_6),
        _profile("eu", "EU", "amazon.nova-lite-v1:0", EU_4),
        _profile("eu", "EU", "amazon.nova-pro-v1:0", EU_4),
        _profile("apac", "APAC", "anthropic.claude-3-haiku-20240307-v1:0", APAC_5),
        _profile("apac", "APAC", "anthropic.claude-3-sonnet-20240229-v1:0", APAC_5),
        _profile("apac", "APAC", "anthropic.claude-3-5-sonnet-20241022-v2:0", APAC_7),
        _profile("apac", "APAC", "anthropic.claude-3-7-sonnet-20250219-v1:0", APAC_7),
        _profile("apac", "APAC", "anthropic.claude-sonnet-4-20250514-v1:0", APAC_7 + ("ap-southeast-4",)),
        _profile("apac", "APAC", "amazon.nova-lite-v1:0", APAC_5),
        _profile("apac", "APAC", "amazon.nova-pro-v1:0", APAC_5),
        _profile("jp", "JP", "anthropic.claude-sonnet-4-5-20250929-v1:0", JP),
        _profile("au", "AU", "anthropic.claude-sonnet-4-5-20250929-v1:0", AU),
        _profile("global", "Global", "anthropic.claude-sonnet-4-20250514-v1:0", GLOBAL_SOURCES),
        _profile("global", "Global", "anthropic.claude-sonnet-4-5-20250929-v1:0", GLOBAL_SOURCES),
    )
}


def _profile_regions(model_id: str) -> set[str]:
    regions: set[str] = set()
    for profile in PROFILES.values():
        if profile.model_id == model_id:
            regions.update(profile.sources)
            regions.update(profile.destinations)
    return regions


def inference_types(model: FoundationModel, region: str) -> Optional[list[str]]:
    """``inferenceTypesSupported`` of ``model`` in ``region``; None when not listed there."""
    if region in model.on_demand_regions:
        return [ON_DEMAND]
    if region in _profile_regions(model.model_id):
        return [INFERENCE_PROFILE]
    return None


def models_in_region(region: str) -> list[FoundationModel]:
    return [m for m in MODELS.values() if inference_types(m, region) is not None]


def model_in_region(model_id: str, region: str) -> Optional[FoundationModel]:
    model = MODELS.get(model_id)
    if model is None or inference_types(model, region) is None:
        return None
    return model


def profiles_in_region(region: str) -> list[InferenceProfile]:
    return [p for p in PROFILES.values() if region in p.sources]


def profile_in_region(profile_id: str, region: str) -> Optional[InferenceProfile]:
    profile = PROFILES.get(profile_id)
    if profile is None or region not in profile.sources:
        return None
    return profile


def all_regions() -> list[str]:
    regions: set[str] = set()
    for model in MODELS.values():
        regions.update(model.on_demand_regions)
        regions.update(_profile_regions(model.model_id))
    return sorted(regions)


def needs_use_case(model: FoundationModel) -> bool:
    """Anthropic models need the account's use-case form (AWS asks it once per account)."""
    return model.provider == ANTHROPIC


def available_by_default(model: FoundationModel) -> bool:
    """Amazon's own models need no Marketplace agreement."""
    return model.provider == AMAZON


# On-demand list prices (USD per 1K input, output tokens) shown in agreement offers' rate cards.
PRICES_PER_1K_TOKENS: dict[str, tuple[str, str]] = {
    "anthropic.claude-3-sonnet-20240229-v1:0": ("0.003", "0.015"),
    "anthropic.claude-3-haiku-20240307-v1:0": ("0.00025", "0.00125"),
    "anthropic.claude-3-opus-20240229-v1:0": ("0.015", "0.075"),
    "anthropic.claude-3-5-haiku-20241022-v1:0": ("0.0008", "0.004"),
    "anthropic.claude-3-5-sonnet-20241022-v2:0": ("0.003", "0.015"),
    "anthropic.claude-3-7-sonnet-20250219-v1:0": ("0.003", "0.015"),
    "anthropic.claude-sonnet-4-20250514-v1:0": ("0.003", "0.015"),
    "anthropic.claude-opus-4-20250514-v1:0": ("0.015", "0.075"),
    "anthropic.claude-sonnet-4-5-20250929-v1:0": ("0.003", "0.015"),
    "meta.llama3-8b-instruct-v1:0": ("0.0003", "0.0006"),
    "meta.llama3-70b-instruct-v1:0": ("0.00265", "0.0035"),
    "meta.llama3-1-8b-instruct-v1:0": ("0.00022", "0.00022"),
    "cohere.embed-english-v3": ("0.0001", "0"),
    "mistral.mistral-7b-instruct-v0:2": ("0.00015", "0.0002"),
}

"""The Bedrock model catalog and system-defined inference profiles, loaded from the snapshot.

The facts live in data files, not here (see ``local_aws/data/README.md``):

- ``data/snapshot/bedrock/<region>.json``: what GetFoundationModel and
  GetInferenceProfile answer in that Region, written by ``python -m
  local_aws.capture`` (or assembled by hand, each entry with ``x-source`` and,
  where no AWS page confirmed it, ``x-unverified``);
- ``data/model_traits.json``: what no read API returns (request-body family,
  output-token ceiling, Converse features, Marketplace product,
  ``anthropic_version`` values, whether ``temperature`` and ``top_p`` may be
  combined, the name quotas use).

Lifecycle is computed from the dates against the endpoint's calendar
(:func:`local_aws.settings.calendar_now`): before ``legacyTime`` a model is
ACTIVE, from it LEGACY, and from ``endOfLifeTime`` it is gone (no longer
listed, calls answer AWS's end-of-life 404). A model before its
``startOfLifeTime`` is not listed yet. A Region without a snapshot file has an
empty catalog.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from local_aws import settings

ANTHROPIC = "Anthropic"
AMAZON = "Amazon"

ON_DEMAND = "ON_DEMAND"
INFERENCE_PROFILE = "INFERENCE_PROFILE"

ACTIVE = "ACTIVE"
LEGACY = "LEGACY"
END_OF_LIFE = "END_OF_LIFE"  # not an AWS enum value: the model is gone
NOT_LAUNCHED = "NOT_LAUNCHED"  # not an AWS enum value: startOfLifeTime is ahead

# Request/response body families used by InvokeModel (see bodies.py).
FAMILY_ANTHROPIC = "anthropic-messages"
FAMILY_TITAN_TEXT = "titan-text"
FAMILY_TITAN_EMBED = "titan-embed"
FAMILY_NOVA = "nova-messages"
FAMILY_LLAMA = "llama"
FAMILY_COHERE_EMBED = "cohere-embed"
FAMILY_MISTRAL = "mistral"

_PROVIDER_FAMILIES = {"anthropic": FAMILY_ANTHROPIC, "amazon": FAMILY_NOVA, "meta": FAMILY_LLAMA, "mistral": FAMILY_MISTRAL}

DATA_DIR = Path(os.environ.get("LOCAL_AWS_DATA_DIR") or Path(__file__).resolve().parent.parent / "data")
STALE_AFTER_DAYS = 183  # "older than 6 months"

CATALOG_KEYS = ("modelId", "modelName", "providerName", "inputModalities", "outputModalities", "inferenceTypesSupported")


class SnapshotError(ValueError):
    """A snapshot file that cannot be loaded; the message names the file and the entry."""


def parse_time(value: Any) -> Optional[datetime.datetime]:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, tz=datetime.timezone.utc)
    parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


@dataclass(frozen=True)
class Lifecycle:
    status: str  # as captured
    start_of_life: Optional[datetime.datetime] = None
    legacy_time: Optional[datetime.datetime] = None
    public_extended_access: Optional[datetime.datetime] = None
    end_of_life: Optional[datetime.datetime] = None

    def status_at(self, moment: datetime.datetime) -> str:
        if self.end_of_life and moment >= self.end_of_life:
            return END_OF_LIFE
        if self.start_of_life and moment < self.start_of_life:
            return NOT_LAUNCHED
        if self.legacy_time:
            return LEGACY if moment >= self.legacy_time else ACTIVE
        return self.status if self.status in (ACTIVE, LEGACY) else ACTIVE

    def describe(self, moment: datetime.datetime) -> dict[str, Any]:
        answer: dict[str, Any] = {"status": LEGACY if self.status_at(moment) in (LEGACY, END_OF_LIFE) else ACTIVE}
        for key, value in (
            ("startOfLifeTime", self.start_of_life),
            ("legacyTime", self.legacy_time),
            ("publicExtendedAccessTime", self.public_extended_access),
            ("endOfLifeTime", self.end_of_life),
        ):
            if value is not None:
                answer[key] = value
        return answer


@dataclass(frozen=True)
class FoundationModel:
    """A model as one Region lists it, with its traits."""

    model_id: str
    name: str
    provider: str
    input_modalities: tuple[str, ...]
    output_modalities: tuple[str, ...]
    streaming: bool
    inference_types: tuple[str, ...]
    customizations: tuple[str, ...]
    lifecycle: Lifecycle
    traits: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def family(self) -> str:
        return self.traits.get("family") or _PROVIDER_FAMILIES.get(self.model_id.split(".", 1)[0], FAMILY_NOVA)

    @property
    def max_output_tokens(self) -> int:
        return int(self.traits.get("maxOutputTokens", 4096))

    @property
    def api_model_name(self) -> str:
        """The model name Anthropic bodies echo back (``claude-haiku-4-5-20251001``, ``claude-sonnet-4-6``)."""
        bare = self.model_id.split(".", 1)[1]
        return bare.rsplit("-v", 1)[0] if ":" in bare or bare.rsplit("-", 1)[-1].startswith("v") else bare

    @property
    def marketplace_product_id(self) -> Optional[str]:
        return self.traits.get("marketplaceProductId")

    @property
    def temperature_with_top_p(self) -> bool:
        return bool(self.traits.get("temperatureWithTopP", True))

    @property
    def anthropic_versions(self) -> tuple[str, ...]:
        return tuple(self.traits.get("anthropicVersions", ("bedrock-2023-05-31",)))

    def converse_supports(self, feature: str) -> bool:
        return bool(self.traits.get("converse", {}).get(feature, True))

    @property
    def quota_name(self) -> str:
        return self.traits.get("quotaDisplayName") or f"{self.provider} {self.name}"

    def arn(self, region: str) -> str:
        return f"arn:aws:bedrock:{region}::foundation-model/{self.model_id}"


@dataclass(frozen=True)
class InferenceProfile:
    """A system-defined (cross-Region) inference profile as one source Region lists it."""

    profile_id: str
    model_id: str
    name: str
    description: str
    source_region: str
    model_arns: tuple[str, ...]
    created: datetime.datetime
    updated: datetime.datetime

    @property
    def is_global(self) -> bool:
        return self.profile_id.startswith("global.")

    @property
    def destinations(self) -> tuple[str, ...]:
        """Regions the profile routes to (empty for a global profile: all commercial Regions)."""
        if self.is_global:
            return ()
        return tuple(arn.split(":")[3] for arn in self.model_arns)

    def arn(self, region: str, account_id: str) -> str:
        return f"arn:aws:bedrock:{region}:{account_id}:inference-profile/{self.profile_id}"


@dataclass
class RegionCatalog:
    region: str
    captured_at: Optional[datetime.datetime]
    models: dict[str, FoundationModel]
    profiles: dict[str, InferenceProfile]


def _fail(path: Path, what: str) -> SnapshotError:
    return SnapshotError(f"{path}: {what}")


def _model(entry: dict[str, Any], traits: dict[str, Any], path: Path) -> FoundationModel:
    missing = [k for k in CATALOG_KEYS if k not in entry]
    if missing:
        raise _fail(path, f"model {entry.get('modelId', '?')} lacks {', '.join(missing)}")
    life = entry.get("modelLifecycle") or {}
    model_id = entry["modelId"]
    return FoundationModel(
        model_id=model_id,
        name=entry["modelName"],
        provider=entry["providerName"],
        input_modalities=tuple(entry["inputModalities"]),
        output_modalities=tuple(entry["outputModalities"]),
        streaming=bool(entry.get("responseStreamingSupported", False)),
        inference_types=tuple(entry["inferenceTypesSupported"]),
        customizations=tuple(entry.get("customizationsSupported") or ()),
        lifecycle=Lifecycle(
            status=str(life.get("status", ACTIVE)),
            start_of_life=parse_time(life.get("startOfLifeTime")),
            legacy_time=parse_time(life.get("legacyTime")),
            public_extended_access=parse_time(life.get("publicExtendedAccessTime")),
            end_of_life=parse_time(life.get("endOfLifeTime")),
        ),
        traits=traits.get(model_id, {}),
    )


def _profile(entry: dict[str, Any], region: str, path: Path) -> InferenceProfile:
    profile_id = entry.get("inferenceProfileId")
    arns = tuple(m["modelArn"] for m in entry.get("models") or ())
    if not profile_id or not arns:
        raise _fail(path, f"inference profile {profile_id or '?'} lacks inferenceProfileId or models")
    if entry.get("type", "SYSTEM_DEFINED") != "SYSTEM_DEFINED":
        raise _fail(path, f"inference profile {profile_id} is not SYSTEM_DEFINED (application profiles are account state)")
    created = parse_time(entry.get("createdAt")) or datetime.datetime(2024, 8, 27, tzinfo=datetime.timezone.utc)
    return InferenceProfile(
        profile_id=profile_id,
        model_id=arns[0].rsplit("/", 1)[1],
        name=entry.get("inferenceProfileName", profile_id),
        description=entry.get("description", ""),
        source_region=region,
        model_arns=arns,
        created=created,
        updated=parse_time(entry.get("updatedAt")) or created,
    )


def load_region_file(path: Path, traits: dict[str, Any]) -> RegionCatalog:
    """One Region's file, in the format ``local_aws.capture`` writes."""
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise _fail(path, f"cannot be read as JSON: {exc}") from exc
    region = document.get("region") or path.stem
    models = {}
    for entry in document.get("foundationModels") or ():
        model = _model(entry, traits, path)
        models[model.model_id] = model
    profiles = {}
    for entry in document.get("inferenceProfiles") or ():
        profile = _profile(entry, region, path)
        profiles[profile.profile_id] = profile
    return RegionCatalog(region, parse_time(document.get("capturedAt")), models, profiles)


def load_traits(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text()).get("models") or {})


@dataclass
class Snapshot:
    snapshot_date: Optional[datetime.datetime]
    regions: dict[str, RegionCatalog]

    def age_days(self, moment: datetime.datetime) -> Optional[int]:
        return None if self.snapshot_date is None else (moment - self.snapshot_date).days


def load_snapshot(data_dir: Path) -> Snapshot:
    traits = load_traits(data_dir / "model_traits.json")
    regions = {}
    for path in sorted((data_dir / "snapshot" / "bedrock").glob("*.json")):
        catalog = load_region_file(path, traits)
        regions[catalog.region] = catalog
    manifest_path = data_dir / "snapshot" / "manifest.json"
    snapshot_date = None
    if manifest_path.exists():
        snapshot_date = parse_time(json.loads(manifest_path.read_text()).get("snapshotDate"))
    if snapshot_date is None:
        dates = [c.captured_at for c in regions.values() if c.captured_at]
        snapshot_date = min(dates) if dates else None
    return Snapshot(snapshot_date, regions)


@functools.lru_cache(maxsize=1)
def snapshot() -> Snapshot:
    return load_snapshot(DATA_DIR)


def stale_warning(moment: Optional[datetime.datetime] = None) -> Optional[str]:
    """The start-up warning when the snapshot is older than 6 months (None when fresh)."""
    moment = moment or datetime.datetime.now(tz=datetime.timezone.utc)
    age = snapshot().age_days(moment)
    if age is None or age <= STALE_AFTER_DAYS:
        return None
    return (
        f"local_aws: WARNING: the Bedrock catalog snapshot is {age} days old (from {snapshot().snapshot_date:%Y-%m-%d}); "
        "AWS retires models, renames quotas and changes access rules within months, so tests may pass here and fail on "
        "AWS. Refresh it with `python -m local_aws.capture` (local_aws/README.md)."
    )


def warn_if_stale() -> None:
    message = stale_warning()
    if message:
        print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- queries (against the calendar)


def _region(region: str) -> Optional[RegionCatalog]:
    return snapshot().regions.get(region)


def status(model: FoundationModel) -> str:
    return model.lifecycle.status_at(settings.calendar_now())


def known_model(model_id: str, region: str) -> Optional[FoundationModel]:
    """The model as the Region's snapshot knows it, retired ones included."""
    catalog = _region(region)
    return None if catalog is None else catalog.models.get(model_id)


def model_in_region(model_id: str, region: str) -> Optional[FoundationModel]:
    """The model if the Region lists it now (launched and not past end of life)."""
    model = known_model(model_id, region)
    if model is None or status(model) in (END_OF_LIFE, NOT_LAUNCHED):
        return None
    return model


def models_in_region(region: str) -> list[FoundationModel]:
    catalog = _region(region)
    if catalog is None:
        return []
    return [m for m in catalog.models.values() if status(m) not in (END_OF_LIFE, NOT_LAUNCHED)]


def known_anywhere(model_id: str) -> Optional[FoundationModel]:
    for catalog in snapshot().regions.values():
        if model_id in catalog.models:
            return catalog.models[model_id]
    return None


def inference_types(model: FoundationModel, region: str) -> Optional[list[str]]:
    """``inferenceTypesSupported`` of ``model`` in ``region``; None when not listed there."""
    listed = model_in_region(model.model_id, region)
    return None if listed is None else list(listed.inference_types)


def known_profile(profile_id: str, region: str) -> Optional[InferenceProfile]:
    catalog = _region(region)
    return None if catalog is None else catalog.profiles.get(profile_id)


def profile_in_region(profile_id: str, region: str) -> Optional[InferenceProfile]:
    """A profile callable from ``region`` now (its model not past end of life)."""
    profile = known_profile(profile_id, region)
    if profile is None:
        return None
    model = known_model(profile.model_id, region)
    if model is not None and status(model) in (END_OF_LIFE, NOT_LAUNCHED):
        return None
    return profile


def profiles_in_region(region: str) -> list[InferenceProfile]:
    catalog = _region(region)
    if catalog is None:
        return []
    return [p for p in catalog.profiles.values() if profile_in_region(p.profile_id, region) is not None]


def all_regions() -> list[str]:
    return sorted(snapshot().regions)


def needs_use_case(model: FoundationModel) -> bool:
    """Anthropic models need the account's first-time-use form."""
    return model.provider == ANTHROPIC


def available_by_default(model: FoundationModel) -> bool:
    """Models without an AWS Marketplace product (Amazon, Meta, Mistral AI, ...) need no subscription."""
    return model.marketplace_product_id is None


def prices_per_1k_tokens(model: FoundationModel) -> tuple[str, str]:
    price = model.traits.get("pricePer1kTokens") or ("0.001", "0.002")
    return str(price[0]), str(price[1])

"""The Amazon Bedrock quota catalog per Region, loaded from the snapshot.

``data/snapshot/service-quotas/<region>.json`` holds ListAWSDefaultServiceQuotas
entries for service code ``bedrock`` as ``python -m local_aws.capture`` writes
them (hand-assembled entries carry ``x-source`` / ``x-unverified``). Names are
today's ("On-demand model inference tokens per minute for ...", "Cross-region
...", "Global cross-region ...", the account-wide "Cross-Model Max Tokens Per
Day"). Where AWS's quota code was not captured the code is synthetic but
stable (``L-`` + 8 hex digits of the name's SHA-256): callers must resolve
quotas by name or code through ListServiceQuotas, as they must on AWS. A
Region without a file has no Bedrock quotas.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from local_aws.bedrock.catalog import DATA_DIR, SnapshotError

SERVICE_CODE = "bedrock"
SERVICE_NAME = "Amazon Bedrock"
DAILY_TOKENS_QUOTA_NAME = "Cross-Model Max Tokens Per Day"


@dataclass(frozen=True)
class QuotaDefinition:
    code: str
    name: str
    default_value: float
    adjustable: bool
    period_unit: Optional[str]  # "MINUTE", "DAY" or None for a count
    description: str
    unit: str = "None"


def _definition(entry: dict[str, Any], path: Path) -> QuotaDefinition:
    try:
        period = entry.get("Period") or {}
        return QuotaDefinition(
            code=str(entry["QuotaCode"]),
            name=str(entry["QuotaName"]),
            default_value=float(entry["Value"]),
            adjustable=bool(entry.get("Adjustable", False)),
            period_unit=period.get("PeriodUnit"),
            description=str(entry.get("Description", "")),
            unit=str(entry.get("Unit", "None")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotError(f"{path}: quota {entry.get('QuotaName', '?')} is missing {exc}") from exc


def load_region_file(path: Path) -> dict[str, QuotaDefinition]:
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path}: cannot be read as JSON: {exc}") from exc
    if document.get("serviceCode", SERVICE_CODE) != SERVICE_CODE:
        raise SnapshotError(f"{path}: serviceCode must be {SERVICE_CODE}")
    entries = document.get("defaultServiceQuotas") or document.get("serviceQuotas") or []
    quotas = {}
    for entry in entries:
        quota = _definition(entry, path)
        if quota.code in quotas:
            raise SnapshotError(f"{path}: quota code {quota.code} appears twice")
        quotas[quota.code] = quota
    return quotas


@functools.cache
def quotas_in_region(region: str) -> dict[str, QuotaDefinition]:
    path = DATA_DIR / "snapshot" / "service-quotas" / f"{region}.json"
    return load_region_file(path) if path.exists() else {}


def quota_named(region: str, name: str) -> Optional[QuotaDefinition]:
    for quota in quotas_in_region(region).values():
        if quota.name == name:
            return quota
    return None

"""``python -m local_aws.capture``: refresh the endpoint's snapshot from a real AWS account.

Read-only calls only (ListFoundationModels, GetFoundationModel,
ListInferenceProfiles, GetInferenceProfile, ListServiceQuotas,
ListAWSDefaultServiceQuotas), with the caller's usual boto3 credentials, for
the Regions given. It writes exactly the files the endpoint loads:

- ``data/snapshot/bedrock/<region>.json``: ``foundationModels`` (GetFoundationModel
  ``modelDetails``) and ``inferenceProfiles`` (SYSTEM_DEFINED, GetInferenceProfile);
- ``data/snapshot/service-quotas/<region>.json``: ``defaultServiceQuotas`` and
  ``serviceQuotas`` of service code ``bedrock``;
- ``data/snapshot/manifest.json``: the snapshot date and Regions.

Models a previous snapshot knew and AWS no longer lists are kept (marked
``x-retained``), so calls to them keep answering the end-of-life 404. Account
IDs in profile ARNs are replaced by the endpoint's default account. Traits
(``data/model_traits.json``) are hand-maintained: the script lists captured
models that have none.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path
from typing import Any

from local_aws.bedrock.catalog import DATA_DIR, load_traits

LOCAL_ACCOUNT = "123456789012"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _pages(client: Any, operation: str, key: str, **params: Any) -> list[dict[str, Any]]:
    return [item for page in client.get_paginator(operation).paginate(**params) for item in page[key]]


def capture_bedrock(session: Any, region: str, previous: dict[str, Any], source: str) -> dict[str, Any]:
    bedrock = session.client("bedrock", region_name=region)
    models = []
    for summary in bedrock.list_foundation_models()["modelSummaries"]:
        details = bedrock.get_foundation_model(modelIdentifier=summary["modelId"])["modelDetails"]
        models.append({**_jsonable(details), "x-source": source})
    listed = {m["modelId"] for m in models}
    for old in previous.get("foundationModels", []):
        if old["modelId"] not in listed:
            models.append({**old, "x-retained": "no longer listed by AWS; kept so calls answer the end-of-life 404"})
    profiles = []
    for summary in _pages(bedrock, "list_inference_profiles", "inferenceProfileSummaries", typeEquals="SYSTEM_DEFINED"):
        profile = _jsonable(bedrock.get_inference_profile(inferenceProfileIdentifier=summary["inferenceProfileId"]))
        profile["inferenceProfileArn"] = re.sub(r":\d{12}:", f":{LOCAL_ACCOUNT}:", profile["inferenceProfileArn"])
        profiles.append({**profile, "x-source": source})
    return {"foundationModels": models, "inferenceProfiles": profiles}


def capture_quotas(session: Any, region: str, source: str) -> dict[str, Any]:
    quotas = session.client("service-quotas", region_name=region)

    def clean(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for entry in _jsonable(entries):
            entry["QuotaArn"] = re.sub(r":\d{12}:", "::", entry.get("QuotaArn", ""))
            out.append({**entry, "x-source": source})
        return sorted(out, key=lambda q: q["QuotaName"])

    return {
        "serviceCode": "bedrock",
        "defaultServiceQuotas": clean(_pages(quotas, "list_aws_default_service_quotas", "Quotas", ServiceCode="bedrock")),
        "serviceQuotas": clean(_pages(quotas, "list_service_quotas", "Quotas", ServiceCode="bedrock")),
    }


def _write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_aws.capture", description=__doc__.split("\n\n")[0])
    parser.add_argument("--regions", nargs="+", required=True, help="Regions to capture, e.g. us-east-1 eu-west-1")
    parser.add_argument("--profile", help="AWS named profile (default: the usual boto3 credential chain)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=f"where to write (default {DATA_DIR})")
    args = parser.parse_args(argv)

    import boto3

    session = boto3.Session(profile_name=args.profile)
    now = datetime.datetime.now(tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    source = f"captured {now[:10]} with local_aws.capture"
    traits = load_traits(args.data_dir / "model_traits.json")
    untraited: set[str] = set()
    for region in args.regions:
        header = {"region": region, "capturedAt": now, "source": source}
        bedrock_path = args.data_dir / "snapshot" / "bedrock" / f"{region}.json"
        previous = json.loads(bedrock_path.read_text()) if bedrock_path.exists() else {}
        bedrock = capture_bedrock(session, region, previous, source)
        _write(bedrock_path, {**header, **bedrock})
        _write(args.data_dir / "snapshot" / "service-quotas" / f"{region}.json", {**header, **capture_quotas(session, region, source)})
        untraited |= {m["modelId"] for m in bedrock["foundationModels"] if m["modelId"] not in traits}
        print(f"{region}: {len(bedrock['foundationModels'])} models, {len(bedrock['inferenceProfiles'])} profiles", flush=True)
    manifest_path = args.data_dir / "snapshot" / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    regions = sorted(set(manifest.get("regions", [])) | set(args.regions))
    _write(manifest_path, {**manifest, "snapshotDate": now[:10], "regions": regions, "source": source})
    if untraited:
        print("models without traits in model_traits.json (defaults of their provider apply):", file=sys.stderr)
        for model_id in sorted(untraited):
            print(f"  {model_id}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

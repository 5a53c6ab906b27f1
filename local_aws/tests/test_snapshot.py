"""The snapshot loaders: a file in the capture script's format loads unchanged; staleness is reported."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from local_aws import capture
from local_aws.bedrock import catalog
from local_aws.service_quotas import catalog as quota_catalog

FIXTURE = Path(__file__).parent / "fixtures" / "capture"
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"


def test_a_captured_file_loads():
    snapshot = catalog.load_snapshot(FIXTURE)
    assert snapshot.snapshot_date == datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)
    region = snapshot.regions["us-east-1"]
    haiku = region.models[HAIKU]
    assert haiku.inference_types == ("INFERENCE_PROFILE",) and haiku.provider == "Anthropic"
    assert haiku.lifecycle.start_of_life.year == 2025
    assert haiku.family == catalog.FAMILY_ANTHROPIC  # no traits: the provider's default
    # A captured LEGACY status without dates is kept as captured.
    nova = region.models["amazon.nova-lite-v1:0"]
    assert nova.lifecycle.status_at(datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)) == catalog.LEGACY
    profile = region.profiles[f"us.{HAIKU}"]
    assert profile.model_id == HAIKU and profile.destinations == ("us-east-1", "us-east-2", "us-west-2")
    quotas = quota_catalog.load_region_file(FIXTURE / "snapshot" / "service-quotas" / "us-east-1.json")
    assert quotas["L-2DC80978"].adjustable and quotas["L-2DC80978"].period_unit == "MINUTE"


def test_the_shipped_snapshot_loads_and_marks_its_sources():
    snapshot = catalog.load_snapshot(catalog.DATA_DIR)
    assert {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1"} <= set(snapshot.regions)
    for region in snapshot.regions.values():
        document = json.loads((catalog.DATA_DIR / "snapshot" / "bedrock" / f"{region.region}.json").read_text())
        for entry in document["foundationModels"] + document["inferenceProfiles"]:
            assert entry.get("x-source"), entry.get("modelId") or entry.get("inferenceProfileId")


def test_lifecycle_from_dates():
    life = catalog.Lifecycle("ACTIVE", legacy_time=catalog.parse_time("2026-10-08T00:00:00Z"), end_of_life=catalog.parse_time("2027-04-08T00:00:00Z"))
    assert life.status_at(catalog.parse_time("2026-10-07T23:59:59Z")) == catalog.ACTIVE
    assert life.status_at(catalog.parse_time("2026-10-08T00:00:00Z")) == catalog.LEGACY
    assert life.status_at(catalog.parse_time("2027-04-08T00:00:00Z")) == catalog.END_OF_LIFE


def test_stale_snapshot_warns():
    date = catalog.snapshot().snapshot_date
    assert catalog.stale_warning(date + datetime.timedelta(days=30)) is None
    assert "days old" in catalog.stale_warning(date + datetime.timedelta(days=200))


def test_a_broken_file_names_itself(tmp_path):
    path = tmp_path / "us-east-1.json"
    path.write_text(json.dumps({"foundationModels": [{"modelId": "x.y"}]}))
    with pytest.raises(catalog.SnapshotError, match="us-east-1.json: model x.y lacks"):
        catalog.load_region_file(path, {})


class _FakeClient:
    def __init__(self, answers):
        self.answers = answers

    def __getattr__(self, name):
        return lambda **kw: self.answers[name](**kw)

    def get_paginator(self, name):
        answers = self.answers

        class Paginator:
            def paginate(self, **kw):
                return [answers[name](**kw)]

        return Paginator()


def test_capture_writes_what_the_loader_reads(tmp_path):
    fixture = json.loads((FIXTURE / "snapshot" / "bedrock" / "us-east-1.json").read_text())
    quotas = json.loads((FIXTURE / "snapshot" / "service-quotas" / "us-east-1.json").read_text())
    by_id = {m["modelId"]: m for m in fixture["foundationModels"]}
    captured = fixture["inferenceProfiles"][0]
    profile = dict(captured, inferenceProfileArn=captured["inferenceProfileArn"].replace("123456789012", "999988887777"))
    bedrock = _FakeClient(
        {
            "list_foundation_models": lambda: {"modelSummaries": list(by_id.values())},
            "get_foundation_model": lambda modelIdentifier: {"modelDetails": by_id[modelIdentifier]},
            "list_inference_profiles": lambda **kw: {"inferenceProfileSummaries": [profile]},
            "get_inference_profile": lambda inferenceProfileIdentifier: profile,
        }
    )
    service_quotas = _FakeClient(
        {
            "list_aws_default_service_quotas": lambda **kw: {"Quotas": quotas["defaultServiceQuotas"]},
            "list_service_quotas": lambda **kw: {"Quotas": []},
        }
    )

    class Session:
        def __init__(self, profile_name=None):
            pass

        def client(self, service, region_name):
            return bedrock if service == "bedrock" else service_quotas

    import boto3

    original = boto3.Session
    boto3.Session = Session
    try:
        assert capture.main(["--regions", "us-east-1", "--data-dir", str(tmp_path)]) == 0
    finally:
        boto3.Session = original
    loaded = catalog.load_snapshot(tmp_path)
    assert set(loaded.regions["us-east-1"].models) == set(by_id)
    assert loaded.regions["us-east-1"].profiles[f"us.{HAIKU}"].arn("us-east-1", "123456789012").endswith(f"us.{HAIKU}")
    written = json.loads((tmp_path / "snapshot" / "bedrock" / "us-east-1.json").read_text())
    assert "999988887777" not in json.dumps(written)
    assert quota_catalog.load_region_file(tmp_path / "snapshot" / "service-quotas" / "us-east-1.json")

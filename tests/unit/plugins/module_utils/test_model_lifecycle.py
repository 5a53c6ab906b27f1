# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Lifecycle from AWS's answers: state, days left, successors, warnings, the end-of-life diagnosis."""

import datetime

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import model_lifecycle as ml
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_model
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_profile
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import today_catalog as today

MODELS = [normalize_model(m) for m in today.CATALOG]
PROFILES = [normalize_profile(p) for p in today.PROFILES]
BY_ID = {m["model_id"]: m for m in MODELS}


@pytest.mark.parametrize(
    "model_id, expected",
    [
        # Retired IDs (end of life in 2026) use the old name order; a retired model must still be read.
        (today.SONNET3, ("anthropic", "claude-sonnet", (3,))),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", ("anthropic", "claude-sonnet", (3, 5))),
        (today.SONNET45, ("anthropic", "claude-sonnet", (4, 5))),
        (today.SONNET46, ("anthropic", "claude-sonnet", (4, 6))),
        (today.OPUS46, ("anthropic", "claude-opus", (4, 6))),
        (today.HAIKU55, ("anthropic", "claude-haiku", (5, 5))),
        (today.NOVA_LITE, ("amazon", "nova-lite", ())),
        (today.NOVA2_LITE, ("amazon", "nova-lite", (2,))),
        ("meta.llama3-3-70b-instruct-v1:0", ("meta", "llama-70b-instruct", (3, 3))),
        ("nonsense", None),
    ],
)
def test_lineage_parses_family_and_version(model_id, expected):
    assert ml.lineage(model_id) == expected


def test_legacy_model_has_dates_days_and_state():
    lifecycle = ml.describe_lifecycle(BY_ID[today.SONNET45]["lifecycle"], today.NOW)
    assert lifecycle["status"] == "LEGACY" and lifecycle["state"] == "LEGACY"
    assert lifecycle["legacy_time"].startswith("2026-10-08")
    assert lifecycle["public_extended_access_time"].startswith("2027-01-08")
    assert lifecycle["end_of_life_time"].startswith("2027-04-08")
    assert lifecycle["days_to_legacy"] == -55
    assert lifecycle["days_to_end_of_life"] == 127


def test_active_model_without_dates_has_no_days():
    lifecycle = ml.describe_lifecycle(BY_ID[today.SONNET46]["lifecycle"], today.NOW)
    assert lifecycle["state"] == "ACTIVE"
    assert lifecycle["days_to_legacy"] is None and lifecycle["days_to_end_of_life"] is None


def test_listed_model_past_legacy_time_is_legacy_even_if_aws_still_says_active():
    lifecycle = ml.describe_lifecycle({"status": "ACTIVE", "legacy_time": "2026-11-01T00:00:00+00:00"}, today.NOW)
    assert lifecycle["state"] == "LEGACY"


def test_no_lifecycle_data_has_no_state():
    assert ml.describe_lifecycle({}, today.NOW)["state"] is None


def test_successors_are_newer_active_members_of_the_family_newest_first():
    found = ml.successors(today.SONNET45, MODELS, PROFILES, "us-east-1", today.NOW, start_of_life="2025-09-29T00:00:00+00:00")
    assert [s["model_id"] for s in found] == [today.SONNET55, today.SONNET46]
    assert found[0]["call_as"] == "us." + today.SONNET55  # the Region's geography before global
    assert found[0]["inference_profiles"] == ["global." + today.SONNET55, "us." + today.SONNET55]
    assert not found[0]["on_demand"]


def test_successors_skip_legacy_models_and_other_families():
    found = ml.successors(today.SONNET3, MODELS, PROFILES, "us-east-1", today.NOW)
    ids = [s["model_id"] for s in found]
    assert today.SONNET45 not in ids  # LEGACY
    assert all(ml.lineage(i)[1] == "claude-sonnet" for i in ids)


def test_profile_only_successor_is_called_through_the_regions_profile():
    found = ml.successors(today.NOVA_LITE, MODELS, PROFILES, "us-east-1", today.NOW)
    assert [(s["model_id"], s["call_as"]) for s in found] == [(today.NOVA2_LITE, "us." + today.NOVA2_LITE)]


def test_on_demand_successor_is_called_by_its_id():
    models = [dict(m, inference_types_supported=["ON_DEMAND"]) if m["model_id"] == today.NOVA2_LITE else m for m in MODELS]
    found = ml.successors(today.NOVA_LITE, models, PROFILES, "us-east-1", today.NOW)
    assert found[0]["on_demand"] and found[0]["call_as"] == today.NOVA2_LITE


def test_successor_in_another_geography():
    found = ml.successors(today.SONNET45, MODELS, PROFILES, "eu-west-1", today.NOW)
    assert found[0]["call_as"] == "global." + today.SONNET55  # no eu. profile listed: global is what is left


def test_newest_model_has_no_successor():
    assert ml.successors(today.SONNET55, MODELS, PROFILES, "us-east-1", today.NOW) == []


def test_legacy_warning_names_dates_and_successor():
    lifecycle = ml.describe_lifecycle(BY_ID[today.SONNET45]["lifecycle"], today.NOW)
    warnings = ml.lifecycle_warnings(today.SONNET45, lifecycle, 90, ["X via profile Y"])
    assert [w["code"] for w in warnings] == ["model_legacy"]
    assert "since 2026-10-08" in warnings[0]["message"] and "2027-04-08 (in 127 days)" in warnings[0]["message"]
    assert warnings[0]["message"].endswith("Move to X via profile Y.")
    assert warnings[0]["days"] == 127


@pytest.mark.parametrize(
    "days_ahead, warn_days, expected",
    [
        (30, 90, ["model_legacy_soon"]),
        (90, 90, ["model_legacy_soon"]),
        (91, 90, []),
        (10, 0, []),
    ],
)
def test_warning_ahead_of_legacy_within_the_window(days_ahead, warn_days, expected):
    legacy = today.NOW + datetime.timedelta(days=days_ahead, hours=1)
    lifecycle = ml.describe_lifecycle({"status": "ACTIVE", "legacy_time": legacy.isoformat()}, today.NOW)
    assert [w["code"] for w in ml.lifecycle_warnings("m", lifecycle, warn_days)] == expected


def test_warning_ahead_of_end_of_life_without_legacy_date():
    eol = today.NOW + datetime.timedelta(days=45, hours=1)
    lifecycle = ml.describe_lifecycle({"status": "ACTIVE", "end_of_life_time": eol.isoformat()}, today.NOW)
    warnings = ml.lifecycle_warnings("m", lifecycle, 90)
    assert [w["code"] for w in warnings] == ["model_end_of_life_soon"] and warnings[0]["days"] == 45


def _entry(model_id, kind="foundation_model", present=False, model=None):
    return {"id": model_id, "model_id": model_id, "kind": kind, "present": present, "model": model}


def test_unlisted_older_family_member_is_end_of_life_with_successors():
    entries = ml.annotate_entries([_entry(today.SONNET3)], MODELS, PROFILES, "us-east-1", today.NOW)
    entry = entries[0]
    assert ml.is_end_of_life(entry)
    assert entry["successors"][0]["model_id"] == today.SONNET55
    message = ml.retired_message(entry, "us-east-1")
    assert "no longer offered in us-east-1" in message
    assert "Use anthropic.claude-sonnet-5-5 via profile us.anthropic.claude-sonnet-5-5" in message
    assert entry["lifecycle_warnings"][0]["code"] == "model_end_of_life"


def test_known_dates_name_the_retirement_date():
    known = {today.SONNET3: {"legacy_time": "2026-01-30T00:00:00+00:00", "end_of_life_time": "2026-07-30T00:00:00+00:00"}}
    entry = ml.annotate_entries([_entry(today.SONNET3)], MODELS, PROFILES, "us-east-1", today.NOW, known_dates=known)[0]
    assert ml.retired_message(entry, "us-east-1").startswith(
        "anthropic.claude-3-sonnet-20240229-v1:0 was retired on 2026-07-30 (end of life). Use "
        "anthropic.claude-sonnet-5-5 via profile us.anthropic.claude-sonnet-5-5"
    )


def test_retired_profile_is_end_of_life_too():
    entry = _entry("us." + today.HAIKU3, kind="inference_profile")
    entry["model_id"] = today.HAIKU3
    ml.annotate_entries([entry], MODELS, PROFILES, "us-east-1", today.NOW)
    assert ml.is_end_of_life(entry)
    assert [s["model_id"] for s in entry["successors"]] == [today.HAIKU55, today.HAIKU45]


def test_unknown_id_is_not_taken_for_a_retired_model():
    entries = [_entry("anthropic.claude-sonet-4-6"), _entry("anthropic.claude-sonnet-9-9")]
    ml.annotate_entries(entries, MODELS, PROFILES, "us-east-1", today.NOW)
    assert [e["lifecycle"] for e in entries] == [None, None]
    assert not any(e["lifecycle_warnings"] for e in entries)


def test_end_of_life_diagnosis_says_what_to_call_instead():
    entry = ml.annotate_entries([_entry(today.SONNET3)], MODELS, PROFILES, "us-east-1", today.NOW)[0]
    diag = ml.end_of_life_diagnosis(entry, "us-east-1")
    assert diag["code"] == "model_end_of_life" and not diag["retryable"]
    assert diag["suggestions"][0] == "us." + today.SONNET55
    assert "us.anthropic.claude-sonnet-5-5" in diag["hint"]
    assert diag["end_of_life_time"] is None


def test_unique_warnings_once_per_model_and_code():
    listed = _entry(today.SONNET45, present=True, model=BY_ID[today.SONNET45])
    via_profile = _entry("us." + today.SONNET45, kind="inference_profile", present=True, model=BY_ID[today.SONNET45])
    via_profile["model_id"] = today.SONNET45
    entries = ml.annotate_entries([listed, via_profile], MODELS, PROFILES, "us-east-1", today.NOW)
    assert [w["code"] for w in ml.unique_warnings(entries)] == ["model_legacy"]

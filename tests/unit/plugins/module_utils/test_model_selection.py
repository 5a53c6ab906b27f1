# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Model selection by intent on today's catalog: families, geographies, data residency, pinning, upgrades."""

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import model_selection as sel
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_model
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_profile
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import today_catalog as today
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.bedrock_responses import profile

MODELS = [normalize_model(m) for m in today.CATALOG]
PROFILES = [normalize_profile(p) for p in today.PROFILES]
SONNET = {"provider": "Anthropic", "family": "Claude Sonnet"}
HAIKU = {"provider": "Anthropic", "family": "Claude Haiku"}


def resolve(intent, region="us-east-1", models=None, profiles=None, name="assistant"):
    return sel.resolve_intent(name, intent, MODELS if models is None else models, PROFILES if profiles is None else profiles, region, today.NOW)


def test_newest_active_sonnet_through_the_regions_geographic_profile():
    chosen = resolve(SONNET)
    assert chosen["model_id"] == today.SONNET55
    assert chosen["call_as"] == "us." + today.SONNET55 and chosen["profile_id"] == "us." + today.SONNET55
    assert chosen["routing"] == "geographic (us)"
    assert "Newest ACTIVE claude-sonnet model of Anthropic in us-east-1" in chosen["why"]
    reasons = {a["model_id"]: a["reason"] for a in chosen["alternatives"]}
    assert reasons[today.SONNET46] == "older than %s" % today.SONNET55
    assert reasons[today.SONNET45] == "LEGACY, not ACTIVE"


@pytest.mark.parametrize("family", ["Claude Haiku", "claude-haiku", "claude_haiku", " CLAUDE HAIKU "])
def test_family_names_are_normalized(family):
    assert resolve({"provider": "anthropic", "family": family})["model_id"] == today.HAIKU55


def test_global_choice_prefers_the_global_profile():
    chosen = resolve(dict(SONNET, cross_region="global"))
    assert chosen["call_as"] == "global." + today.SONNET55 and chosen["routing"] == "global"


def test_global_choice_falls_back_to_geographic_when_no_global_profile():
    chosen = resolve(dict(HAIKU, cross_region="global"))
    assert chosen["model_id"] == today.HAIKU55 and chosen["call_as"] == "us." + today.HAIKU55


def test_in_region_needs_an_on_demand_model():
    with pytest.raises(sel.SelectionError) as caught:
        resolve(dict(SONNET, cross_region="in_region"))
    assert "needs an inference profile and none fits cross_region=in_region" in str(caught.value)
    chosen = resolve({"provider": "Amazon", "family": "Nova Lite", "cross_region": "in_region"})
    assert chosen["model_id"] == today.NOVA_LITE and chosen["call_as"] == today.NOVA_LITE
    assert chosen["routing"] == "in-Region on demand"


def test_data_residency_allow_list_forbids_global():
    eu_profiles = [normalize_profile(profile("eu." + today.SONNET46, today.SONNET46, ("eu-west-1", "eu-central-1"), "EU Claude Sonnet 4.6"))] + [
        p for p in PROFILES if p["geography"] == "global"
    ]
    chosen = resolve(dict(SONNET, cross_region="global", allowed_profile_prefixes=["eu"]), region="eu-west-1", profiles=eu_profiles)
    # Sonnet 5.5 only has a global profile there: the allow-list rules it out, Sonnet 4.6 through eu. is chosen.
    assert chosen["model_id"] == today.SONNET46 and chosen["call_as"] == "eu." + today.SONNET46
    skipped = {a["model_id"]: a["reason"] for a in chosen["alternatives"]}
    assert "within allowed_profile_prefixes eu." in skipped[today.SONNET55]


def test_nothing_active_left_fails_with_what_is_there():
    legacy_only = [m for m in MODELS if m["model_id"] in (today.OPUS41,)]
    with pytest.raises(sel.SelectionError) as caught:
        resolve({"provider": "Anthropic", "family": "Claude Opus"}, models=legacy_only)
    assert "No ACTIVE claude-opus model of Anthropic" in str(caught.value)
    assert today.OPUS41 + " (LEGACY, not ACTIVE)" in str(caught.value)


@pytest.mark.parametrize(
    "intent, text",
    [
        ({"family": "Claude Sonnet"}, "needs a provider"),
        ({"provider": "Anthropic", "family": "Claude Sonnet", "cross_region": "anywhere"}, "cross_region must be"),
        ({"provider": "Anthropic", "family": "Claude Sonnet", "allowed_profile_prefixes": "eu."}, "must be a list"),
        ({"provider": "Anthropic", "family": "Claude Sonnet", "geo": "eu"}, "unknown keys geo"),
        ("Claude Sonnet", "must be a dictionary"),
    ],
)
def test_bad_intents_say_what_to_write(intent, text):
    with pytest.raises(sel.SelectionError) as caught:
        sel.check_intent("assistant", intent)
    assert text in str(caught.value)


# ---- pinning -------------------------------------------------------------------------------------


def pinned_to(model_id, call_as, **dates):
    entry = {"model_id": model_id, "call_as": call_as, "profile_id": call_as, "region": "us-east-1", "resolved_at": "2026-11-01T00:00:00+00:00"}
    entry.update(dates)
    return entry


def test_first_run_pins_and_says_to_commit():
    chosen = sel.apply_pin(resolve(SONNET), None, MODELS, now=today.NOW)
    assert chosen["model_id"] == today.SONNET55
    assert [n["code"] for n in chosen["notices"]] == ["pinned_new"]
    lock = sel.build_lock([chosen], None, now=today.NOW)
    assert lock["version"] == 1
    assert lock["models"]["assistant"]["call_as"] == "us." + today.SONNET55


def test_pin_holds_and_a_newer_successor_is_a_notice():
    pin = pinned_to(today.SONNET46, "us." + today.SONNET46)
    chosen = sel.apply_pin(resolve(SONNET), pin, MODELS, now=today.NOW)
    assert chosen["model_id"] == today.SONNET46 and chosen["call_as"] == "us." + today.SONNET46
    assert chosen["pinned"] and chosen["newest"] == today.SONNET55
    assert [n["code"] for n in chosen["notices"]] == ["newer_available"]
    assert "Set upgrade" in chosen["notices"][0]["message"]
    previous = {"version": 1, "models": {"assistant": pin}}
    assert sel.build_lock([chosen], previous, now=today.NOW) == previous  # nothing to commit


def test_pinned_model_entering_legacy_is_a_notice_with_dates():
    pin = pinned_to(today.SONNET45, "us." + today.SONNET45)
    chosen = sel.apply_pin(resolve(SONNET), pin, MODELS, now=today.NOW)
    assert chosen["model_id"] == today.SONNET45
    codes = [n["code"] for n in chosen["notices"]]
    assert codes == ["pinned_legacy", "newer_available"]
    assert "LEGACY since 2026-10-08, end of life 2027-04-08" in chosen["notices"][0]["message"]


def test_upgrade_switches_and_rewrites_the_lock():
    pin = pinned_to(today.SONNET46, "us." + today.SONNET46)
    chosen = sel.apply_pin(resolve(SONNET), pin, MODELS, upgrade=True, now=today.NOW)
    assert chosen["model_id"] == today.SONNET55
    assert [n["code"] for n in chosen["notices"]] == ["upgraded"]
    lock = sel.build_lock([chosen], {"version": 1, "models": {"assistant": pin}}, now=today.NOW)
    assert lock["models"]["assistant"]["model_id"] == today.SONNET55


def test_follow_newest_switches_without_being_told():
    pin = pinned_to(today.SONNET46, "us." + today.SONNET46)
    assert sel.apply_pin(resolve(SONNET), pin, MODELS, follow_newest=True, now=today.NOW)["model_id"] == today.SONNET55


def test_pinned_model_past_end_of_life_fails_naming_date_and_successor():
    pin = pinned_to(today.SONNET3, "us." + today.SONNET3, end_of_life_time="2026-07-30T00:00:00+00:00")
    with pytest.raises(sel.SelectionError) as caught:
        sel.apply_pin(resolve(SONNET), pin, MODELS, now=today.NOW)
    message = str(caught.value)
    assert "was retired on 2026-07-30 (end of life)" in message
    assert "use %s via us.%s" % (today.SONNET55, today.SONNET55) in message
    chosen = sel.apply_pin(resolve(SONNET), pin, MODELS, upgrade=True, now=today.NOW)
    assert chosen["model_id"] == today.SONNET55


def test_lock_of_another_region_is_refused():
    pin = dict(pinned_to(today.SONNET46, "us." + today.SONNET46), region="eu-west-1")
    with pytest.raises(sel.SelectionError):
        sel.apply_pin(resolve(SONNET), pin, MODELS, now=today.NOW)


def test_lock_remembers_dates_for_the_end_of_life_message():
    legacy = sel.apply_pin(
        resolve(
            SONNET,
            models=[m for m in MODELS if m["model_id"] != today.SONNET55 and m["model_id"] != today.SONNET46]
            + [dict(m, lifecycle=dict(m["lifecycle"], status="ACTIVE", legacy_time=None)) for m in MODELS if m["model_id"] == today.SONNET46],
        ),
        None,
        MODELS,
        now=today.NOW,
    )
    lock = sel.build_lock([legacy], None, now=today.NOW)
    assert sel.known_dates_from_lock(lock) == {}  # an ACTIVE model without dates: nothing to remember
    legacy_lock = {"models": {"a": pinned_to(today.SONNET45, "x", end_of_life_time="2027-04-08T00:00:00+00:00")}}
    assert sel.known_dates_from_lock(legacy_lock) == {today.SONNET45: {"end_of_life_time": "2027-04-08T00:00:00+00:00"}}


def test_kept_pin_gains_the_dates_aws_publishes():
    pin = pinned_to(today.SONNET45, "us." + today.SONNET45)
    chosen = sel.apply_pin(resolve(SONNET), pin, MODELS, now=today.NOW)
    lock = sel.build_lock([chosen], {"version": 1, "models": {"assistant": pin}}, now=today.NOW)
    entry = lock["models"]["assistant"]
    assert entry["model_id"] == today.SONNET45 and entry["resolved_at"] == pin["resolved_at"]
    assert entry["end_of_life_time"].startswith("2027-04-08") and entry["legacy_time"].startswith("2026-10-08")

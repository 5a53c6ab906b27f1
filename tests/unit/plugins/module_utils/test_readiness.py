# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The readiness verdict from the checks the validate role collected."""

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.readiness_report import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils import readiness


def check(name, ok, detail="", severity="error", as_json=True):
    item = {"name": name, "ok": ok, "detail": detail, "severity": severity}
    return json.dumps(item) if as_json else item


def step(step_id, *checks, **extra):
    result = {"id": step_id, "title": step_id.title(), "seed_section": "1", "checks": list(checks)}
    result.update(extra)
    return result


LEGACY_ACCESS = {
    "models": [
        {
            "id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "model_id": "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "ready": True,
            "lifecycle": {
                "state": "LEGACY",
                "status": "LEGACY",
                "legacy_time": "2026-10-08T00:00:00+00:00",
                "public_extended_access_time": "2027-01-08T00:00:00+00:00",
                "end_of_life_time": "2027-04-08T00:00:00+00:00",
                "days_to_legacy": -55,
                "days_to_end_of_life": 127,
            },
            "successors": [{"model_id": "anthropic.claude-sonnet-5-5", "call_as": "us.anthropic.claude-sonnet-5-5"}],
            "lifecycle_warnings": [
                {
                    "code": "model_legacy",
                    "model_id": "anthropic.claude-sonnet-4-5-20250929-v1:0",
                    "message": "anthropic.claude-sonnet-4-5-20250929-v1:0 is LEGACY since 2026-10-08 ...",
                    "date": "2027-04-08T00:00:00+00:00",
                    "days": 127,
                }
            ],
        }
    ]
}


@pytest.mark.parametrize(
    "checks, state",
    [
        ([check("a", True), check("b", True)], "pass"),
        ([check("a", True), check("b", False)], "fail"),
        ([check("a", True), check("b", False, severity="warning")], "warn"),
        ([check("a", None)], "warn"),
        ([check("a", False, severity="warning"), check("b", False)], "fail"),
        ([], "skip"),
    ],
)
def test_step_states(checks, state):
    report = readiness.readiness_report([step("region", *checks)])
    assert report["steps"][0]["state"] == state
    assert report["ready"] is (state != "fail")


def test_report_keeps_the_step_and_adds_schema_lifecycle_and_warnings():
    steps = [step("region", check("Bedrock runs in the region", True, "us-east-1 is a supported Bedrock region")), step("network", note="No VPC configured")]
    report = readiness.readiness_report(
        steps, environment="staging", prod=False, account_id="123456789012", region="us-east-1", generated_at="2026-12-01T12:00:00Z"
    )
    assert list(report) == ["schema_version", "environment", "prod", "account_id", "region", "generated_at", "ready", "steps", "lifecycle", "warnings"]
    assert report["schema_version"] == readiness.SCHEMA_VERSION
    assert report["steps"][0]["checks"] == [
        {"name": "Bedrock runs in the region", "ok": True, "detail": "us-east-1 is a supported Bedrock region", "severity": "error"}
    ]
    assert report["steps"][1] == {"id": "network", "title": "Network", "seed_section": "1", "checks": [], "note": "No VPC configured", "state": "skip"}
    assert report["lifecycle"] == [] and report["warnings"] == []


def test_legacy_model_makes_model_access_warn_with_dates():
    steps = [step("model_access", check("Access to us.anthropic.claude-sonnet-4-5-20250929-v1:0", True))]
    report = readiness.readiness_report(steps, access=LEGACY_ACCESS)
    access = report["steps"][0]
    assert access["state"] == "warn" and report["ready"]
    assert access["checks"][-1]["name"] == "Lifecycle of anthropic.claude-sonnet-4-5-20250929-v1:0"
    assert access["checks"][-1]["severity"] == "warning" and "2026-10-08" in access["checks"][-1]["detail"]
    assert report["lifecycle"][0]["state"] == "LEGACY"
    assert report["lifecycle"][0]["end_of_life_time"].startswith("2027-04-08")
    assert report["lifecycle"][0]["successors"] == [{"model_id": "anthropic.claude-sonnet-5-5", "call_as": "us.anthropic.claude-sonnet-5-5"}]
    assert report["warnings"] == [
        {
            "code": "model_legacy",
            "step": "model_access",
            "check": "Lifecycle of anthropic.claude-sonnet-4-5-20250929-v1:0",
            "message": LEGACY_ACCESS["models"][0]["lifecycle_warnings"][0]["message"],
            "model_id": "anthropic.claude-sonnet-4-5-20250929-v1:0",
            "date": "2027-04-08T00:00:00+00:00",
            "days": 127,
        }
    ]


def test_same_model_twice_warns_once():
    access = {"models": LEGACY_ACCESS["models"] * 2}
    report = readiness.readiness_report([step("model_access")], access=access)
    assert len(report["warnings"]) == 1 and len(report["steps"][0]["checks"]) == 1


def test_warning_checks_and_unchecked_ones_are_listed():
    steps = [
        step("app", check("No static keys on web1", False, "static keys", "warning"), check("Settings on web2", None, "not read in this play", "warning")),
        step("region", check("Credentials belong to the environment account", None, "configured account (not set)")),
    ]
    warnings = readiness.readiness_report(steps)["warnings"]
    assert [(w["code"], w["step"], w["check"]) for w in warnings] == [
        ("check_warning", "app", "No static keys on web1"),
        ("unchecked", "app", "Settings on web2"),
        ("unchecked", "region", "Credentials belong to the environment account"),
    ]


@pytest.mark.parametrize(
    "steps, text",
    [
        ("region", "steps must be a list"),
        ([{"title": "x"}], "a step without an id"),
        ([step("region", "{not json")], "neither a dict nor JSON"),
        ([step("region", {"name": "a"})], "without name and ok"),
        ([step("region", check("a", True, severity="fatal"))], "severity 'fatal'"),
    ],
)
def test_bad_input_is_named(steps, text):
    with pytest.raises(AnsibleFilterError) as caught:
        FilterModule().filters()["readiness_report"](steps)
    assert text in str(caught.value)

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness_checks import guardrail_check
from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness import readiness_report

FOUND = {"changed": False, "guardrail": {"guardrail_id": "hu1dlsv9wy1d", "version": "2", "enforced_config_id": None}}


def test_iam_enforcement_passes_only_when_a_call_without_it_was_denied():
    assert guardrail_check(FOUND, "iam", [{"passed": True, "guardrail_enforced": True}])["ok"] is True
    failed = guardrail_check(FOUND, "iam", [{"guardrail_enforced": True}, {"guardrail_enforced": False}])
    assert failed["ok"] is False and failed["severity"] == "error" and "was allowed" in failed["detail"]
    unchecked = guardrail_check(FOUND, "iam", [{"passed": True}])
    assert unchecked["ok"] is None and unchecked["severity"] == "warning"


def test_account_enforcement_needs_the_enforced_configuration():
    assert guardrail_check(FOUND, "account")["ok"] is False
    enforced = {"guardrail": dict(FOUND["guardrail"], enforced_config_id="config1")}
    assert guardrail_check(enforced, "account")["ok"] is True
    stale = guardrail_check({"guardrail": dict(enforced["guardrail"], enforced_version="1")}, "account")
    assert stale["ok"] is False and "enforces version 1, not the newest 2" in stale["detail"]
    current = {"guardrail": dict(enforced["guardrail"], enforced_version="2")}
    assert guardrail_check(current, "account")["ok"] is True


def test_off_is_a_warning_and_no_version_an_error():
    off = guardrail_check({"skipped": True}, "iam")
    assert off["ok"] is False and off["severity"] == "warning"
    missing = guardrail_check({"guardrail": {"guardrail_id": None, "version": None}}, "iam")
    assert missing["ok"] is False and missing["severity"] == "error"


def test_a_bypassable_guardrail_makes_the_report_not_ready():
    check = guardrail_check(FOUND, "iam", [{"guardrail_enforced": False}])
    report = readiness_report([{"id": "iam", "title": "IAM", "checks": [check]}])
    assert report["ready"] is False and report["steps"][0]["state"] == "fail"
    warned = readiness_report([{"id": "iam", "title": "IAM", "checks": [guardrail_check({"skipped": True}, "iam")]}])
    assert warned["ready"] is True and warned["steps"][0]["state"] == "warn"

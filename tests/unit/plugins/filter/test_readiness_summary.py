# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.readiness_summary import FilterModule

summary = FilterModule().filters()["readiness_summary"]

REPORT = {
    "environment": "staging",
    "account_id": "111111111111",
    "region": "us-east-1",
    "ready": False,
    "steps": [
        {"id": "region", "state": "pass", "checks": [{"name": "Bedrock runs in the region", "ok": True, "detail": "us-east-1 is"}]},
        {
            "id": "iam",
            "state": "fail",
            "checks": [
                {"name": "Runtime role exists", "ok": True, "detail": "TicketFlowBedrockRuntime-staging"},
                {"name": "Invoke policy attached", "ok": False, "detail": "TicketFlowBedrockInvoke-staging among []"},
            ],
        },
        {"id": "quotas", "state": "warn", "checks": [{"name": "Quota L-1", "ok": None, "detail": ""}]},
    ],
}
MODELS = [
    {
        "id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "ready": True,
        "warnings": ["legacy since 2026-10-08, end of life 2027-04-08"],
        "invoke_resources": {},
    },
    {"id": "us.anthropic.claude-sonnet-4-6", "ready": False, "reason": "No agreement"},
]


def test_the_summary_keeps_what_a_scheduler_branches_on():
    result = summary(REPORT, models=MODELS)
    assert result == {
        "environment": "staging",
        "account_id": "111111111111",
        "region": "us-east-1",
        "ready": False,
        "steps": {"region": "pass", "iam": "fail", "quotas": "warn"},
        "failed_checks": ["iam: Invoke policy attached (TicketFlowBedrockInvoke-staging among [])"],
        "models": [
            {"id": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "ready": True, "warnings": ["legacy since 2026-10-08, end of life 2027-04-08"]},
            {"id": "us.anthropic.claude-sonnet-4-6", "ready": False, "warnings": []},
        ],
        "drift_found": None,
    }
    json.dumps(result)  # set_stats artifacts are JSON


def test_unchecked_checks_are_not_failures_and_models_are_optional():
    result = summary(dict(REPORT, ready=True, steps=[REPORT["steps"][2]]))
    assert result["ready"] is True and result["failed_checks"] == [] and result["models"] == []


@pytest.mark.parametrize("value", [None, "report", {"environment": "x"}])
def test_anything_but_a_report_is_refused(value):
    with pytest.raises(AnsibleFilterError, match="expects the readiness report"):
        summary(value)

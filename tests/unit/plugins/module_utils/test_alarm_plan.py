# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.bedrock_alarms import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import AlarmPlanError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import alarm_plan

SONNET = "us.anthropic.claude-sonnet-4-6"
HAIKU = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
NAMES = {SONNET: "Claude Sonnet 4.6", HAIKU: "Claude Haiku 4.5"}
QUOTAS = [
    {"quota_code": "L-02268129", "quota_name": "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6", "applied_value": 1000000.0},
    {
        "quota_code": "L-A597C122",
        "quota_name": "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6",
        "applied_value": 2000000.0,
    },
    {
        "quota_code": "L-BB3EDF6A",
        "quota_name": "Global cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5",
        "applied_value": 500000.0,
    },
]


def by_name(plan):
    return {alarm["name"]: alarm for alarm in plan["alarms"]}


def test_every_model_gets_six_alarms_with_predictable_names_and_the_region_one_for_logging():
    plan = alarm_plan([SONNET, HAIKU, SONNET], "TFB-prod", model_names=NAMES, quotas=QUOTAS, environment="prod")
    keys = ["throttles", "server-errors", "client-errors", "latency", "legacy-invocations", "tpm-quota-usage"]
    expected = ["TFB-prod-%s-%s" % (model, key) for model in (SONNET, HAIKU) for key in keys] + ["TFB-prod-logging-cloudwatch-delivery"]
    assert plan["names"] == expected
    assert plan["tpm_alarm_missing"] == []
    for alarm in plan["alarms"]:
        assert alarm["namespace"] == "AWS/Bedrock"
        assert alarm["dimensions"] == ({"ModelId": alarm["model_id"]} if alarm["model_id"] else {})
        assert "(TicketFlow prod)" in alarm["description"]


def test_legacy_tripwire_fires_on_the_first_call():
    legacy = by_name(alarm_plan([SONNET], "P", model_names=NAMES, quotas=QUOTAS))["P-%s-legacy-invocations" % SONNET]
    assert (legacy["metric_name"], legacy["statistic"], legacy["comparison"], legacy["threshold"]) == (
        "LegacyModelInvocations",
        "Sum",
        "GreaterThanThreshold",
        0.0,
    )


def test_tpm_alarm_uses_the_quota_of_the_route_called():
    plan = by_name(alarm_plan([SONNET, HAIKU], "P", model_names=NAMES, quotas=QUOTAS, settings={"tpm_usage_percent": 50}))
    sonnet = plan["P-%s-tpm-quota-usage" % SONNET]
    haiku = plan["P-%s-tpm-quota-usage" % HAIKU]
    assert (sonnet["metric_name"], sonnet["statistic"], sonnet["threshold"]) == ("EstimatedTPMQuotaUsage", "Maximum", 500000.0)
    assert sonnet["quota"]["quota_code"] == "L-02268129"  # cross-Region, not the global one
    assert (haiku["threshold"], haiku["quota"]["quota_code"]) == (250000.0, "L-BB3EDF6A")
    assert "approximation" in sonnet["description"]


def test_a_model_without_a_known_quota_gets_no_tpm_alarm_and_is_listed():
    plan = alarm_plan([SONNET, "us.amazon.nova-lite-v1:0"], "P", model_names=NAMES, quotas=QUOTAS)
    assert plan["tpm_alarm_missing"] == ["us.amazon.nova-lite-v1:0"]
    assert "P-us.amazon.nova-lite-v1:0-tpm-quota-usage" not in plan["names"]


def test_removal_lists_every_alarm_that_may_exist():
    plan = alarm_plan([SONNET], "P", for_removal=True, settings={"logging_enabled": False})
    assert "P-%s-tpm-quota-usage" % SONNET in plan["names"]
    assert plan["names"][-2:] == ["P-logging-cloudwatch-delivery", "P-logging-s3-delivery"]


def test_settings_shape_thresholds_and_statistics():
    plan = by_name(
        alarm_plan(
            [SONNET],
            "P",
            settings={"latency_statistic": "p99", "latency_threshold_ms": 2500, "client_errors_threshold": 9, "period_seconds": 60, "logging_enabled": False},
        )
    )
    latency = plan["P-%s-latency" % SONNET]
    assert (latency["statistic"], latency["extended_statistic"], latency["threshold"], latency["period"]) == (None, "p99", 2500.0, 60)
    assert plan["P-%s-client-errors" % SONNET]["threshold"] == 9.0
    assert "P-logging-cloudwatch-delivery" not in plan


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"period_seconds": 90}, "multiple of 60"),
        ({"evaluation_periods": 0}, "evaluation_periods must be 1 or more"),
        ({"tpm_usage_percent": 150}, "tpm_usage_percent"),
    ],
)
def test_bad_settings_are_refused(settings, message):
    with pytest.raises(AlarmPlanError, match=message):
        alarm_plan([SONNET], "P", settings=settings)


def test_filter_reports_errors_as_filter_errors():
    alarms = FilterModule().filters()["bedrock_alarms"]
    assert alarms([SONNET], prefix="P")["names"][0] == "P-%s-throttles" % SONNET
    with pytest.raises(AnsibleFilterError, match="prefix is required"):
        alarms([SONNET], prefix="")

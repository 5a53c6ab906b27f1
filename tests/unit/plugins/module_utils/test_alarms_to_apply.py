# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which planned alarms cloudwatch_metric_alarm still has work to do on, from one DescribeAlarms by prefix."""

import pytest

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.ticketflow.bedrock.plugins.filter.bedrock_alarms_to_apply import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import AlarmPlanError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import alarm_plan
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import alarms_to_apply

SONNET = "us.anthropic.claude-sonnet-4-6"
TOPIC = "arn:aws:sns:us-east-1:123456789012:TicketFlowBedrockAlarms-staging"
PLAN = alarm_plan([SONNET], "TicketFlowBedrock-staging", environment="staging")["alarms"]


def put_params(alarm, actions):
    """PutMetricAlarm's parameters as amazon.aws.cloudwatch_metric_alarm builds them from the role's task."""
    params = {
        "AlarmName": alarm["name"],
        "MetricName": alarm["metric_name"],
        "Namespace": alarm["namespace"],
        "Statistic": alarm["statistic"],
        "ComparisonOperator": alarm["comparison"],
        "Threshold": float(alarm["threshold"]),
        "Period": alarm["period"],
        "EvaluationPeriods": alarm["evaluation_periods"],
        "AlarmDescription": alarm["description"],
        "Dimensions": [{"Name": k, "Value": v} for k, v in alarm["dimensions"].items()],
        "AlarmActions": list(actions),
        "InsufficientDataActions": [],
        "OKActions": list(actions),
        "TreatMissingData": alarm["treat_missing_data"],
        "ExtendedStatistic": alarm["extended_statistic"],
    }
    return {k: v for k, v in params.items() if v is not None}


def described(params, **changes):
    """A DescribeAlarms MetricAlarm for what was put, as cloudwatch_metric_alarm_info returns it (snake_case)."""
    alarm = dict(
        params,
        AlarmArn="arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + params["AlarmName"],
        AlarmConfigurationUpdatedTimestamp="2026-12-02T04:00:00+00:00",
        ActionsEnabled=True,
        StateValue="INSUFFICIENT_DATA",
        StateReason="Unchecked: Initial alarm creation",
        StateUpdatedTimestamp="2026-12-02T04:00:00+00:00",
        StateTransitionedTimestamp="2026-12-02T04:00:00+00:00",
    )
    alarm.update(changes)
    return camel_dict_to_snake_dict(alarm)


def found_for(plan, actions=(TOPIC,)):
    return [described(put_params(a, actions)) for a in plan]


def test_nothing_to_apply_when_every_alarm_is_as_planned():
    assert alarms_to_apply(PLAN, found_for(PLAN), [TOPIC]) == []


def test_missing_alarms_are_applied():
    found = found_for(PLAN)[1:]
    pending = alarms_to_apply(PLAN, found, [TOPIC])
    assert [a["name"] for a in pending] == [PLAN[0]["name"]]
    assert pending[0]["differences"] == ["missing"]
    assert pending[0]["metric_name"] == PLAN[0]["metric_name"]  # the plan's fields, for the module task


def test_nothing_found_applies_all():
    assert [a["name"] for a in alarms_to_apply(PLAN, [], [TOPIC])] == [a["name"] for a in PLAN]


@pytest.mark.parametrize(
    "change, setting",
    [
        ({"Threshold": 99.0}, "threshold"),
        ({"AlarmDescription": "changed by hand"}, "alarm_description"),
        ({"ComparisonOperator": "GreaterThanThreshold"}, "comparison_operator"),
        ({"Period": 60}, "period"),
        ({"EvaluationPeriods": 3}, "evaluation_periods"),
        ({"TreatMissingData": "missing"}, "treat_missing_data"),
        ({"AlarmActions": []}, "alarm_actions"),
        ({"OKActions": ["arn:aws:sns:us-east-1:123456789012:other"]}, "ok_actions"),
        ({"InsufficientDataActions": [TOPIC]}, "insufficient_data_actions"),
        ({"Dimensions": [{"Name": "ModelId", "Value": "other"}]}, "dimensions"),
        ({"Unit": "Count"}, "unit"),
        ({"DatapointsToAlarm": 1}, "datapoints_to_alarm"),
    ],
)
def test_drift_in_any_compared_setting_is_applied(change, setting):
    found = found_for(PLAN)
    found[0] = described(put_params(PLAN[0], [TOPIC]), **change)
    pending = alarms_to_apply(PLAN, found, [TOPIC])
    assert [a["name"] for a in pending] == [PLAN[0]["name"]]
    assert setting in pending[0]["differences"]


def test_statistic_switched_to_a_percentile_is_drift():
    latency = next(a for a in PLAN if a["key"] == "latency")
    params = put_params(latency, [TOPIC])
    params.pop("ExtendedStatistic")
    params["Statistic"] = "Average"
    found = [described(params)]
    pending = alarms_to_apply([latency], found, [TOPIC])
    assert set(pending[0]["differences"]) == {"statistic", "extended_statistic"}


def test_state_and_bookkeeping_are_not_drift():
    found = found_for(PLAN)
    found[0] = described(
        put_params(PLAN[0], [TOPIC]), StateValue="ALARM", StateReason="Threshold crossed", ActionsEnabled=False, EvaluationState="PARTIAL_DATA"
    )
    assert alarms_to_apply(PLAN, found, [TOPIC]) == []


def test_logging_alarm_without_dimensions_is_as_planned():
    logging = [a for a in PLAN if a["model_id"] is None]
    assert logging
    assert alarms_to_apply(logging, found_for(logging), [TOPIC]) == []


def test_other_alarms_of_the_prefix_are_ignored():
    other = described(put_params(dict(PLAN[0], name="TicketFlowBedrock-staging2-x-throttles"), [TOPIC]))
    assert alarms_to_apply(PLAN, found_for(PLAN) + [other], [TOPIC]) == []


def test_absent_lists_the_existing_alarms_only():
    removal = alarm_plan([SONNET], "TicketFlowBedrock-staging", for_removal=True)["alarms"]
    found = found_for(removal[:2])
    pending = alarms_to_apply(removal, found, [TOPIC], state="absent")
    assert [a["name"] for a in pending] == [a["name"] for a in removal[:2]]
    assert alarms_to_apply(removal, [], [TOPIC], state="absent") == []


def test_bad_input_is_a_clear_error():
    with pytest.raises(AlarmPlanError, match="alarm_name"):
        alarms_to_apply(PLAN, [{"name": "x"}], [TOPIC])
    with pytest.raises(AlarmPlanError, match="state"):
        alarms_to_apply(PLAN, [], [TOPIC], state="gone")
    apply = FilterModule().filters()["bedrock_alarms_to_apply"]
    with pytest.raises(AnsibleFilterError, match="bedrock_alarms_to_apply"):
        apply(PLAN, [{"name": "x"}])
    assert apply(PLAN, found_for(PLAN), actions=[TOPIC]) == []

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.modules import budget
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import budget_samples as bs
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module


@pytest.fixture
def aws():
    return StubbedAWS()


def args(**overrides):
    result = bs.seed_args(**overrides)
    result["region"] = "us-east-1"
    return result


def seed_notifications_with_subscribers():
    return [{"Notification": bs.request_notification(t), "Subscribers": [bs.email()]} for t in (50, 100, 150)]


def test_creates_the_seed_budget_with_its_alerts(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    stubber = aws.stub("budgets")
    bs.stub_not_found(stubber)
    stubber.add_response(
        "create_budget",
        {},
        {
            "AccountId": bs.ACCOUNT,
            "Budget": {"BudgetName": bs.NAME, "BudgetType": "COST", "TimeUnit": "MONTHLY", "BudgetLimit": {"Amount": "150", "Unit": "USD"}},
            "NotificationsWithSubscribers": seed_notifications_with_subscribers(),
        },
    )
    outcome = run_module(budget.main, args(), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["before"] == {}
    created = outcome.result["budget"]
    assert created["limit_amount"] == "150"
    assert [(n["threshold"], n["threshold_type"], n["notification_type"]) for n in created["notifications"]] == [
        (50.0, "ABSOLUTE_VALUE", "ACTUAL"),
        (100.0, "ABSOLUTE_VALUE", "ACTUAL"),
        (150.0, "ABSOLUTE_VALUE", "ACTUAL"),
    ]


def test_existing_seed_budget_is_unchanged(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    bs.stub_describe(aws.stub("budgets"), bs.api_budget(), bs.SEED_NOTIFICATIONS)
    outcome = run_module(budget.main, args(), aws)
    aws.assert_all_called()  # and nothing mutating was queued
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    assert outcome.result["diff"]["before"] == outcome.result["diff"]["after"]


def test_limit_change_updates_in_place_keeping_cost_types(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    stubber = aws.stub("budgets")
    bs.stub_describe(stubber, bs.api_budget(), bs.SEED_NOTIFICATIONS)
    stubber.add_response(
        "update_budget",
        {},
        {
            "AccountId": bs.ACCOUNT,
            "NewBudget": {
                "BudgetName": bs.NAME,
                "BudgetType": "COST",
                "TimeUnit": "MONTHLY",
                "BudgetLimit": {"Amount": "200", "Unit": "USD"},
                "CostTypes": bs.COST_TYPES,
                "TimePeriod": bs.TIME_PERIOD,
                "CostFilters": {},
            },
        },
    )
    outcome = run_module(budget.main, args(limit_amount=200), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["before"]["limit_amount"] == "150"
    assert outcome.result["diff"]["after"]["limit_amount"] == "200"


def test_notification_changes_touch_only_what_differs(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    stubber = aws.stub("budgets")
    existing = [
        (bs.api_notification(50), [bs.email()]),
        (bs.api_notification(100), [bs.email(), bs.email("old@example.com")]),
        (bs.api_notification(80, notification_type="FORECASTED", threshold_type="PERCENTAGE"), [bs.email()]),
    ]
    bs.stub_describe(stubber, bs.api_budget(), existing)
    base = {"AccountId": bs.ACCOUNT, "BudgetName": bs.NAME}
    stubber.add_response("delete_notification", {}, dict(base, Notification=bs.request_notification(80, "FORECASTED", "PERCENTAGE")))
    stubber.add_response("create_notification", {}, dict(base, Notification=bs.request_notification(150), Subscribers=[bs.email(), bs.sns()]))
    stubber.add_response("delete_subscriber", {}, dict(base, Notification=bs.request_notification(100), Subscriber=bs.email("old@example.com")))
    wanted = args()
    wanted["notifications"][2]["subscribers"].append({"subscription_type": "SNS", "address": bs.TOPIC})
    outcome = run_module(budget.main, wanted, aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    after = outcome.result["diff"]["after"]["notifications"]
    assert [n["threshold"] for n in after] == [50.0, 100.0, 150.0]
    assert len(outcome.result["diff"]["before"]["notifications"]) == 3


def test_without_purge_extra_notifications_stay(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    existing = bs.SEED_NOTIFICATIONS + [(bs.api_notification(90, "FORECASTED", "PERCENTAGE"), [bs.email()])]
    bs.stub_describe(aws.stub("budgets"), bs.api_budget(), existing)
    outcome = run_module(budget.main, args(purge_notifications=False), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] is False
    assert len(outcome.result["budget"]["notifications"]) == 4


def test_check_mode_reports_the_change_without_making_it(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    bs.stub_describe(aws.stub("budgets"), bs.api_budget(amount="100.0"), bs.SEED_NOTIFICATIONS[:1])
    outcome = run_module(budget.main, args(), aws, check_mode=True, diff=True)
    aws.assert_all_called()  # only reads were queued: a mutating call would have failed the module
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["before"]["limit_amount"] == "100"
    assert len(outcome.result["diff"]["after"]["notifications"]) == 3


def test_check_mode_create_makes_no_call_but_reads(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    bs.stub_not_found(aws.stub("budgets"))
    outcome = run_module(budget.main, args(), aws, check_mode=True)
    aws.assert_all_called()
    assert outcome.result["changed"] is True


def test_delete_and_delete_again(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    stubber = aws.stub("budgets")
    bs.stub_describe(stubber, bs.api_budget(), bs.SEED_NOTIFICATIONS)
    stubber.add_response("delete_budget", {}, {"AccountId": bs.ACCOUNT, "BudgetName": bs.NAME})
    outcome = run_module(budget.main, {"name": bs.NAME, "state": "absent", "account_id": bs.ACCOUNT}, aws, diff=True)
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["after"] == {}
    assert outcome.result["diff"]["before"]["name"] == bs.NAME

    again = StubbedAWS()
    bs.stub_not_found(again.stub("budgets"))
    outcome = run_module(budget.main, {"name": bs.NAME, "state": "absent", "account_id": bs.ACCOUNT}, again)
    again.assert_all_called()
    assert outcome.result["changed"] is False


def test_budget_of_another_type_is_not_taken_over(aws):
    stubber = aws.stub("budgets")
    stubber.add_response("describe_budget", {"Budget": bs.api_budget(budget_type="USAGE")}, {"AccountId": bs.ACCOUNT, "BudgetName": bs.NAME})
    outcome = run_module(budget.main, args(account_id=bs.ACCOUNT), aws)
    assert outcome.failed
    assert "exists as a USAGE budget" in outcome.result["msg"]


@pytest.mark.parametrize(
    "notification, message",
    [
        ({"threshold": 0, "subscribers": [{"subscription_type": "EMAIL", "address": bs.EMAIL}]}, "greater than zero"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "PAGER", "address": "oncall"}]}, "use one of EMAIL, SNS"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "EMAIL", "address": "ops.example.com"}]}, "not a valid e-mail address"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "SNS", "address": "arn:aws:sqs:us-east-1:123456789012:q"}]}, "not an SNS topic ARN"),
    ],
)
def test_bad_input_fails_before_any_aws_call(aws, notification, message):
    outcome = run_module(budget.main, args(notifications=[notification]), aws)
    assert outcome.failed
    assert message in outcome.result["msg"]
    assert aws.stubbers == {}


@pytest.mark.parametrize(
    "overrides, message", [({"limit_amount": 0}, "limit_amount"), ({"account_id": "12345"}, "12-digit"), ({"time_unit": "WEEKLY"}, "time_unit")]
)
def test_bad_budget_settings_fail_before_any_aws_call(aws, overrides, message):
    outcome = run_module(budget.main, args(**overrides), aws)
    assert outcome.failed
    assert message in outcome.result["msg"]
    assert aws.stubbers == {}


def test_present_needs_a_limit(aws):
    outcome = run_module(budget.main, {"name": bs.NAME}, aws)
    assert outcome.failed
    assert "limit_amount" in outcome.result["msg"]


def test_access_denied_is_diagnosed_with_aws_code(aws):
    client_error(
        aws.stub("budgets"),
        "describe_budget",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: budgets:ViewBudget on resource: "
        "arn:aws:budgets::123456789012:budget/ticketflow-bedrock-monthly",
    )
    outcome = run_module(budget.main, args(account_id=bs.ACCOUNT), aws)
    assert outcome.failed
    assert outcome.result["error"]["code"] == "AccessDeniedException"
    assert outcome.result["diagnosis"]["code"] == "permission_denied"


def test_no_region_signs_in_us_east_1(aws, monkeypatch):
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "EC2_REGION"):
        monkeypatch.delenv(variable, raising=False)
    bs.stub_caller_identity(aws.stub("sts"))
    bs.stub_describe(aws.stub("budgets"), bs.api_budget(), bs.SEED_NOTIFICATIONS)
    no_region = args()
    del no_region["region"]
    outcome = run_module(budget.main, no_region, aws)
    assert not outcome.failed, outcome.result
    assert aws.client_regions["budgets"] == "us-east-1"


@pytest.fixture
def sleeps(monkeypatch):
    """The backoff sleeps of the retry policy, recorded instead of slept."""
    slept = []
    from ansible_collections.amazon.aws.plugins.module_utils import cloud

    monkeypatch.setattr(cloud.time, "sleep", slept.append)
    return slept


def throttle(stubber, times):
    for _attempt in range(times):
        client_error(stubber, "describe_budget", "ThrottlingException", "Rate exceeded")


def test_three_throttles_in_a_row_on_describe_budget_are_survived(aws, sleeps):
    stubber = aws.stub("budgets")
    throttle(stubber, 3)
    bs.stub_describe(stubber, bs.api_budget(), bs.SEED_NOTIFICATIONS)
    outcome = run_module(budget.main, args(account_id=bs.ACCOUNT), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    assert len(sleeps) == 3 and all(0 <= s <= 20 for s in sleeps)


def test_a_long_throttle_is_diagnosed_for_budgets_not_for_model_invocation(aws, sleeps):
    throttle(aws.stub("budgets"), 7)  # the budgets policy makes 7 attempts
    outcome = run_module(budget.main, args(account_id=bs.ACCOUNT), aws)
    aws.assert_all_called()
    assert outcome.failed
    diagnosis = outcome.result["diagnosis"]
    assert diagnosis["code"] == "throttled_or_quota"
    assert diagnosis["service"] == "budgets" and diagnosis["operation"] == "DescribeBudget"
    assert diagnosis["aws_error_code"] == "ThrottlingException"
    assert "AWS Budgets DescribeBudget" in diagnosis["summary"]
    assert "inference profile" not in diagnosis["hint"] and "quota increase" not in diagnosis["hint"]
    assert "describe budget %s" % bs.NAME in outcome.result["msg"]
    assert len(sleeps) == 6


def test_a_bedrock_service_filter_warns_about_marketplace_spend(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    bs.stub_not_found(aws.stub("budgets"))
    outcome = run_module(budget.main, args(cost_filters={"Service": ["Amazon Bedrock"]}), aws, check_mode=True)
    assert any("(Amazon Bedrock Edition)" in w and "cost_allocation_tag" in w for w in outcome.result.get("warnings", []))


def test_a_cost_allocation_tag_becomes_a_tag_filter_without_warning(aws):
    bs.stub_caller_identity(aws.stub("sts"))
    bs.stub_not_found(aws.stub("budgets"))
    outcome = run_module(budget.main, args(cost_allocation_tag={"key": "env", "values": ["staging"]}), aws, check_mode=True)
    assert outcome.result["budget"]["cost_filters"] == {"TagKeyValue": ["user:env$staging"]}
    assert not outcome.result.get("warnings")

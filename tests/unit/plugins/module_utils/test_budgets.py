# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from ansible_collections.ticketflow.bedrock.plugins.module_utils import budgets as bu
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import budget_samples as bs
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS


def seed():
    return bu.validate_budget_params(bs.seed_args())


# ---- validation ------------------------------------------------------------


def test_seed_budget_validates_to_canonical_form():
    desired = seed()
    assert desired["limit_amount"] == "150"
    assert desired["budget_type"] == "COST"
    assert desired["cost_filters"] is None  # not managed
    assert [n["threshold"] for n in desired["notifications"]] == [50.0, 100.0, 150.0]
    assert desired["notifications"][0] == {
        "notification_type": "ACTUAL",
        "comparison_operator": "GREATER_THAN",
        "threshold": 50.0,
        "threshold_type": "ABSOLUTE_VALUE",
        "subscribers": [{"subscription_type": "EMAIL", "address": bs.EMAIL}],
    }


@pytest.mark.parametrize(
    "notification, message",
    [
        ({"threshold": 0, "subscribers": [{"subscription_type": "EMAIL", "address": bs.EMAIL}]}, "threshold must be a number greater than zero"),
        ({"threshold": -10, "subscribers": [{"subscription_type": "EMAIL", "address": bs.EMAIL}]}, "threshold must be a number greater than zero"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "SLACK", "address": "#ops"}]}, "subscription_type 'SLACK' is not one AWS Budgets knows"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "EMAIL", "address": "ops@example"}]}, "'ops@example' is not a valid e-mail address"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "EMAIL", "address": "ops example.com"}]}, "not a valid e-mail address"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "SNS", "address": "arn:aws:sns:us-east-1:1234:alerts"}]}, "is not an SNS topic ARN"),
        ({"threshold": 50, "subscribers": [{"subscription_type": "SNS", "address": bs.EMAIL}]}, "is not an SNS topic ARN"),
        ({"threshold": 50, "subscribers": []}, "at least one subscriber"),
        (
            {"threshold": 50, "subscribers": [{"subscription_type": "SNS", "address": bs.TOPIC}, {"subscription_type": "SNS", "address": bs.TOPIC + "2"}]},
            "at most 10 EMAIL and 1 SNS subscribers",
        ),
        (
            {
                "threshold": 50,
                "subscribers": [{"subscription_type": "EMAIL", "address": bs.EMAIL}, {"subscription_type": "email", "address": bs.EMAIL.upper()}],
            },
            "the same subscriber is listed twice",
        ),
    ],
)
def test_bad_notifications_are_rejected(notification, message):
    with pytest.raises(bu.BudgetInputError, match="notifications\\[0\\]") as error:
        bu.validate_budget_params(bs.seed_args(notifications=[notification]))
    assert message in str(error.value)


@pytest.mark.parametrize("limit", [0, -1, None, "lots"])
def test_limit_must_be_positive(limit):
    with pytest.raises(bu.BudgetInputError, match="limit_amount must be a number greater than zero"):
        bu.validate_budget_params(bs.seed_args(limit_amount=limit))


def test_name_with_colon_and_too_many_notifications_are_rejected():
    with pytest.raises(bu.BudgetInputError, match="not a valid budget name"):
        bu.validate_budget_params(bs.seed_args(name="team:bedrock"))
    six = [{"threshold": t, "subscribers": [{"subscription_type": "EMAIL", "address": bs.EMAIL}]} for t in range(10, 70, 10)]
    with pytest.raises(bu.BudgetInputError, match="at most 5 notifications"):
        bu.validate_budget_params(bs.seed_args(notifications=six))


def test_duplicate_notifications_are_rejected():
    twice = [{"threshold": 50, "subscribers": [{"subscription_type": "EMAIL", "address": a}]} for a in ("a@example.com", "b@example.com")]
    with pytest.raises(bu.BudgetInputError, match="Merge their subscribers"):
        bu.validate_budget_params(bs.seed_args(notifications=twice))


def test_subscriber_type_is_case_insensitive_and_address_trimmed():
    desired = bu.validate_budget_params(
        bs.seed_args(notifications=[{"threshold": 80, "subscribers": [{"subscription_type": "sns", "address": " %s " % bs.TOPIC}]}])
    )
    assert desired["notifications"][0]["subscribers"] == [{"subscription_type": "SNS", "address": bs.TOPIC}]


# ---- normalisation and comparison ------------------------------------------------


@pytest.mark.parametrize("given, stored", [(150, "150"), ("150.0", "150"), (12.5, "12.5"), ("0.10", "0.1"), (1e3, "1000")])
def test_amounts_compare_as_numbers(given, stored):
    assert bu.format_amount(given) == stored


def test_api_budget_with_seed_notifications_matches_seed():
    current = bu.budget_from_api(bs.api_budget(), [bu.notification_from_api(n, s) for n, s in bs.SEED_NOTIFICATIONS])
    desired = seed()
    assert not bu.budget_settings_differ(current, desired)
    assert bu.plan_is_empty(bu.plan_notification_changes(current["notifications"], desired["notifications"]))


def test_settings_difference_detects_limit_time_unit_and_filters():
    current = bu.budget_from_api(bs.api_budget(cost_filters={"Service": ["Amazon Bedrock"]}), [])
    assert bu.budget_settings_differ(current, bu.validate_budget_params(bs.seed_args(limit_amount=200)))
    assert bu.budget_settings_differ(current, bu.validate_budget_params(bs.seed_args(time_unit="QUARTERLY")))
    assert bu.budget_settings_differ(current, bu.validate_budget_params(bs.seed_args(cost_filters={})))
    assert not bu.budget_settings_differ(current, bu.validate_budget_params(bs.seed_args(cost_filters={"Service": ["Amazon Bedrock", "Amazon Bedrock"]})))
    assert not bu.budget_settings_differ(current, seed())  # filters not given: left alone


def test_plan_adds_removes_and_keeps_notifications():
    current = [
        bu.notification_from_api(bs.api_notification(50), [bs.email(), bs.email("old@example.com")]),
        bu.notification_from_api(bs.api_notification(75), [bs.email()]),
    ]
    desired = seed()["notifications"]
    plan = bu.plan_notification_changes(current, desired)
    assert [n["threshold"] for n in plan["create"]] == [100.0, 150.0]
    assert [n["threshold"] for n in plan["delete"]] == [75.0]
    assert [(n["threshold"], s["address"]) for n, s in plan["remove_subscribers"]] == [(50.0, "old@example.com")]
    assert plan["add_subscribers"] == []
    kept = bu.plan_notification_changes(current, desired, purge=False)
    assert kept["delete"] == [] and kept["remove_subscribers"] == []
    merged = bu.merge_notifications(current, desired, purge=False)
    assert [n["threshold"] for n in merged] == [50.0, 75.0, 100.0, 150.0]
    assert len(merged[0]["subscribers"]) == 2


def test_email_addresses_compare_without_case():
    current = [bu.notification_from_api(bs.api_notification(50), [bs.email("Ops@Example.com")])]
    desired = [
        bu.validate_notification(
            {"threshold": 50, "threshold_type": "ABSOLUTE_VALUE", "subscribers": [{"subscription_type": "EMAIL", "address": "ops@example.com"}]}, 0
        )
    ]
    assert bu.plan_is_empty(bu.plan_notification_changes(current, desired))


def test_update_keeps_unmanaged_settings():
    api = bu.budget_to_api(bu.validate_budget_params(bs.seed_args(limit_amount=300)), bs.api_budget(cost_filters={"Region": ["us-east-1"]}))
    assert api["BudgetLimit"] == {"Amount": "300", "Unit": "USD"}
    assert api["CostTypes"] == bs.COST_TYPES
    assert api["TimePeriod"] == bs.TIME_PERIOD
    assert api["CostFilters"] == {"Region": ["us-east-1"]}
    assert "CalculatedSpend" not in api


# ---- calls -------------------------------------------------------------------


@pytest.fixture
def aws():
    return StubbedAWS()


def wrapped(stubber):
    return RetryingBotoClientWrapper(stubber.client, AWSRetry.jittered_backoff())


def test_describe_notifications_reads_subscribers_of_each(aws):
    stubber = aws.stub("budgets")
    bs.stub_describe(stubber, bs.api_budget(), [(bs.api_notification(50, state="ALARM"), [bs.email(), bs.sns()])])
    client = wrapped(stubber)
    assert bu.describe_budget(client, bs.ACCOUNT, bs.NAME)["BudgetName"] == bs.NAME
    notifications = bu.describe_notifications(client, bs.ACCOUNT, bs.NAME)
    stubber.assert_no_pending_responses()
    assert notifications[0]["subscribers"] == [{"subscription_type": "EMAIL", "address": bs.EMAIL}, {"subscription_type": "SNS", "address": bs.TOPIC}]


def test_describe_missing_budget_is_none(aws):
    stubber = aws.stub("budgets")
    bs.stub_not_found(stubber)
    assert bu.describe_budget(wrapped(stubber), bs.ACCOUNT, bs.NAME) is None


def test_apply_plan_adds_subscribers_before_removing(aws):
    stubber = aws.stub("budgets")
    current = [bu.notification_from_api(bs.api_notification(50), [bs.email("old@example.com")])]
    desired = seed()["notifications"][:1]
    plan = bu.plan_notification_changes(current, desired)
    base = {"AccountId": bs.ACCOUNT, "BudgetName": bs.NAME, "Notification": bs.request_notification(50)}
    stubber.add_response("create_subscriber", {}, dict(base, Subscriber=bs.email()))
    stubber.add_response("delete_subscriber", {}, dict(base, Subscriber=bs.email("old@example.com")))
    bu.apply_notification_plan(wrapped(stubber), bs.ACCOUNT, bs.NAME, plan)
    stubber.assert_no_pending_responses()


def test_tag_cost_filter_and_the_marketplace_warning():
    from ansible_collections.ticketflow.bedrock.plugins.module_utils import budgets as b

    assert b.tag_cost_filter({"key": "env", "values": ["prod", "staging"]}) == {"TagKeyValue": ["user:env$prod", "user:env$staging"]}
    with pytest.raises(b.BudgetInputError):
        b.tag_cost_filter({"key": "env", "values": []})
    assert b.marketplace_gap_warning({"Service": ["Amazon Bedrock"]})
    assert b.marketplace_gap_warning({"Service": ["Claude Haiku 4.5 (Amazon Bedrock Edition)"]}) is None
    assert b.marketplace_gap_warning({}) is None

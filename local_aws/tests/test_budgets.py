"""Budgets: create, update and delete budgets, notifications and subscribers as on AWS."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ALERT_50 = {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 50.0, "ThresholdType": "ABSOLUTE_VALUE"}
ALERT_100 = {**ALERT_50, "Threshold": 100.0}
EMAIL = {"SubscriptionType": "EMAIL", "Address": "finops@example.com"}
SNS = {"SubscriptionType": "SNS", "Address": "arn:aws:sns:us-east-1:123456789012:budget-alerts"}


def budget_spec(amount="200", name="bedrock-monthly"):
    return {
        "BudgetName": name,
        "BudgetLimit": {"Amount": amount, "Unit": "USD"},
        "TimeUnit": "MONTHLY",
        "BudgetType": "COST",
        "CostFilters": {"Service": ["Amazon Bedrock"]},
    }


@pytest.fixture
def budgets(client):
    api = client("budgets")
    api.create_budget(
        AccountId=ACCOUNT,
        Budget=budget_spec(),
        NotificationsWithSubscribers=[{"Notification": ALERT_50, "Subscribers": [EMAIL]}],
    )
    return api


def error_of(caught):
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_update_budget_changes_limit_keeps_notifications(budgets):
    before = budgets.describe_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")["Budget"]
    budgets.update_budget(AccountId=ACCOUNT, NewBudget=budget_spec(amount="300"))
    after = budgets.describe_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")["Budget"]
    assert after["BudgetLimit"] == {"Amount": "300", "Unit": "USD"}
    assert after["TimePeriod"] == before["TimePeriod"]
    assert after["CostFilters"] == {"Service": ["Amazon Bedrock"]}
    notes = budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")["Notifications"]
    assert notes == [ALERT_50]


def test_update_missing_budget(budgets):
    with pytest.raises(ClientError) as caught:
        budgets.update_budget(AccountId=ACCOUNT, NewBudget=budget_spec(name="nope"))
    assert error_of(caught) == ("NotFoundException", "Unable to update budget: nope - the budget doesn't exist.")


def test_update_budget_without_limit(budgets):
    spec = budget_spec()
    del spec["BudgetLimit"]
    with pytest.raises(ClientError) as caught:
        budgets.update_budget(AccountId=ACCOUNT, NewBudget=spec)
    assert error_of(caught)[0] == "InvalidParameterException"


def test_duplicate_budget(budgets):
    with pytest.raises(ClientError) as caught:
        budgets.create_budget(AccountId=ACCOUNT, Budget=budget_spec())
    assert error_of(caught) == ("DuplicateRecordException", "Error creating budget: bedrock-monthly - the budget already exists.")


def test_notification_create_duplicate_update_delete(budgets):
    budgets.create_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", Notification=ALERT_100, Subscribers=[EMAIL])
    with pytest.raises(ClientError) as caught:
        budgets.create_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", Notification=ALERT_100, Subscribers=[EMAIL])
    assert error_of(caught)[0] == "DuplicateRecordException"

    alert_150 = {**ALERT_100, "Threshold": 150.0}
    budgets.update_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", OldNotification=ALERT_100, NewNotification=alert_150)
    notes = budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")["Notifications"]
    assert sorted(n["Threshold"] for n in notes) == [50.0, 150.0]
    # updating onto an existing notification is a duplicate
    with pytest.raises(ClientError) as caught:
        budgets.update_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", OldNotification=alert_150, NewNotification=ALERT_50)
    assert error_of(caught)[0] == "DuplicateRecordException"
    # the subscribers followed the notification
    subs = budgets.describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", Notification=alert_150)
    assert subs["Subscribers"] == [EMAIL]

    budgets.delete_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", Notification=alert_150)
    with pytest.raises(ClientError) as caught:
        budgets.delete_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", Notification=alert_150)
    assert error_of(caught) == ("NotFoundException", "Unable to delete notification - the notification doesn't exist.")


def test_threshold_type_defaults_to_percentage_when_matching(client):
    api = client("budgets")
    percent = {"NotificationType": "FORECASTED", "ComparisonOperator": "GREATER_THAN", "Threshold": 80.0}
    api.create_budget(AccountId=ACCOUNT, Budget=budget_spec(), NotificationsWithSubscribers=[{"Notification": percent, "Subscribers": [EMAIL]}])
    notes = api.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")["Notifications"]
    assert notes == [{**percent, "ThresholdType": "PERCENTAGE"}]
    api.delete_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", Notification={**percent, "ThresholdType": "PERCENTAGE"})
    assert api.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")["Notifications"] == []


def test_notifications_of_missing_budget(client):
    with pytest.raises(ClientError) as caught:
        client("budgets").describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName="nope")
    code, message = error_of(caught)
    assert code == "NotFoundException"
    assert "the budget doesn't exist" in message


def test_subscriber_lifecycle(budgets):
    kwargs = {"AccountId": ACCOUNT, "BudgetName": "bedrock-monthly", "Notification": ALERT_50}
    budgets.create_subscriber(Subscriber=SNS, **kwargs)
    assert budgets.describe_subscribers_for_notification(**kwargs)["Subscribers"] == [EMAIL, SNS]

    with pytest.raises(ClientError) as caught:
        budgets.create_subscriber(Subscriber=SNS, **kwargs)
    assert error_of(caught) == (
        "DuplicateRecordException",
        f"Error creating subscriber: {SNS['Address']} - the subscriber already exists.",
    )

    new_email = {"SubscriptionType": "EMAIL", "Address": "owner@example.com"}
    budgets.update_subscriber(OldSubscriber=EMAIL, NewSubscriber=new_email, **kwargs)
    assert budgets.describe_subscribers_for_notification(**kwargs)["Subscribers"] == [new_email, SNS]
    with pytest.raises(ClientError) as caught:
        budgets.update_subscriber(OldSubscriber=EMAIL, NewSubscriber=new_email, **kwargs)
    assert error_of(caught)[0] == "NotFoundException"

    budgets.delete_subscriber(Subscriber=SNS, **kwargs)
    assert budgets.describe_subscribers_for_notification(**kwargs)["Subscribers"] == [new_email]
    with pytest.raises(ClientError) as caught:
        budgets.delete_subscriber(Subscriber=SNS, **kwargs)
    assert error_of(caught) == ("NotFoundException", "Unable to delete subscriber - the subscriber doesn't exist.")


def test_second_sns_subscriber_exceeds_limit(budgets):
    kwargs = {"AccountId": ACCOUNT, "BudgetName": "bedrock-monthly", "Notification": ALERT_50}
    budgets.create_subscriber(Subscriber=SNS, **kwargs)
    with pytest.raises(ClientError) as caught:
        budgets.create_subscriber(Subscriber={**SNS, "Address": SNS["Address"] + "-2"}, **kwargs)
    assert error_of(caught)[0] == "CreationLimitExceededException"


def test_subscribers_of_missing_notification_or_budget(budgets):
    with pytest.raises(ClientError) as caught:
        budgets.describe_subscribers_for_notification(AccountId=ACCOUNT, BudgetName="bedrock-monthly", Notification=ALERT_100)
    assert error_of(caught)[0] == "NotFoundException"
    with pytest.raises(ClientError) as caught:
        budgets.create_subscriber(AccountId=ACCOUNT, BudgetName="nope", Notification=ALERT_50, Subscriber=SNS)
    assert error_of(caught) == ("NotFoundException", "Unable to create subscriber - the budget doesn't exist.")


def test_delete_budget_then_describe(budgets):
    budgets.delete_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")
    with pytest.raises(ClientError) as caught:
        budgets.describe_budget(AccountId=ACCOUNT, BudgetName="bedrock-monthly")
    assert error_of(caught) == ("NotFoundException", "Unable to get budget: bedrock-monthly - the budget doesn't exist.")

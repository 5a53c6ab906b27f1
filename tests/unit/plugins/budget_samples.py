# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS Budgets answers shaped as AWS gives them, and the seed plan's monthly budget."""

import datetime

ACCOUNT = "123456789012"
NAME = "ticketflow-bedrock-monthly"
EMAIL = "ops@example.com"
TOPIC = "arn:aws:sns:us-east-1:123456789012:ticketflow-budget-alerts"

COST_TYPES = {
    "IncludeTax": True,
    "IncludeSubscription": True,
    "UseBlended": False,
    "IncludeRefund": False,
    "IncludeCredit": False,
    "IncludeUpfront": True,
    "IncludeRecurring": True,
    "IncludeOtherSubscription": True,
    "IncludeSupport": True,
    "IncludeDiscount": True,
    "UseAmortized": False,
}
TIME_PERIOD = {
    "Start": datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc),
    "End": datetime.datetime(2087, 6, 15, tzinfo=datetime.timezone.utc),
}


def seed_args(**overrides):
    """Module arguments of the seed plan's budget: 150 USD a month, alerts at 50/100/150 USD actual spend."""
    args = {
        "name": NAME,
        "limit_amount": 150,
        "limit_unit": "USD",
        "time_unit": "MONTHLY",
        "notifications": [
            {
                "notification_type": "ACTUAL",
                "threshold": t,
                "threshold_type": "ABSOLUTE_VALUE",
                "subscribers": [{"subscription_type": "EMAIL", "address": EMAIL}],
            }
            for t in (50, 100, 150)
        ],
    }
    args.update(overrides)
    return args


def api_budget(amount="150.0", time_unit="MONTHLY", cost_filters=None, budget_type="COST"):
    """DescribeBudget's Budget structure (AWS returns the amount as a decimal string)."""
    return {
        "BudgetName": NAME,
        "BudgetLimit": {"Amount": amount, "Unit": "USD"},
        "CostFilters": cost_filters or {},
        "CostTypes": COST_TYPES,
        "TimeUnit": time_unit,
        "TimePeriod": TIME_PERIOD,
        "CalculatedSpend": {"ActualSpend": {"Amount": "12.34", "Unit": "USD"}, "ForecastedSpend": {"Amount": "40.1", "Unit": "USD"}},
        "BudgetType": budget_type,
        "LastUpdatedTime": datetime.datetime(2025, 3, 2, tzinfo=datetime.timezone.utc),
    }


def api_notification(threshold, notification_type="ACTUAL", threshold_type="ABSOLUTE_VALUE", state="OK"):
    return {
        "NotificationType": notification_type,
        "ComparisonOperator": "GREATER_THAN",
        "Threshold": float(threshold),
        "ThresholdType": threshold_type,
        "NotificationState": state,
    }


def request_notification(threshold, notification_type="ACTUAL", threshold_type="ABSOLUTE_VALUE"):
    """A Notification as the module sends it (no state)."""
    n = api_notification(threshold, notification_type, threshold_type)
    del n["NotificationState"]
    return n


def email(address=EMAIL):
    return {"SubscriptionType": "EMAIL", "Address": address}


def sns(address=TOPIC):
    return {"SubscriptionType": "SNS", "Address": address}


def stub_caller_identity(stubber):
    stubber.add_response(
        "get_caller_identity",
        {"UserId": "AIDAEXAMPLEUSERID", "Account": ACCOUNT, "Arn": "arn:aws:iam::%s:user/admin" % ACCOUNT},
        {},
    )


def stub_describe(stubber, budget, notifications):
    """DescribeBudget then its notifications and, per notification, its subscribers.

    ``notifications``: list of (api_notification, [subscribers]).
    """
    stubber.add_response("describe_budget", {"Budget": budget}, {"AccountId": ACCOUNT, "BudgetName": NAME})
    stubber.add_response(
        "describe_notifications_for_budget",
        {"Notifications": [n for n, _subscribers in notifications]},
        {"AccountId": ACCOUNT, "BudgetName": NAME},
    )
    for notification, subscribers in notifications:
        sent = {k: v for k, v in notification.items() if k != "NotificationState"}
        stubber.add_response(
            "describe_subscribers_for_notification",
            {"Subscribers": subscribers},
            {"AccountId": ACCOUNT, "BudgetName": NAME, "Notification": sent},
        )


def stub_not_found(stubber):
    stubber.add_client_error(
        "describe_budget",
        service_error_code="NotFoundException",
        service_message="[Exception=NotFoundException] Failed to call DescribeBudget for [accountId: %s] - Unable to get budget: %s - the budget doesn't exist."
        % (ACCOUNT, NAME),
        http_status_code=404,
        expected_params={"AccountId": ACCOUNT, "BudgetName": NAME},
    )


SEED_NOTIFICATIONS = [(api_notification(t), [email()]) for t in (50, 100, 150)]

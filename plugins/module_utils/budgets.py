# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS Budgets: input validation, normalisation and comparison of cost budgets
and their notifications, plus the calls the budget module makes.

Budgets and notifications are compared in one canonical snake_case form
(``canonical_budget``), which is also what the module returns and diffs.
"""

import re
from decimal import Decimal, InvalidOperation

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import BudgetsErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

SUBSCRIPTION_TYPES = ("EMAIL", "SNS")
# Documented in the CreateBudget API reference: "A budget can have up to five
# notifications, and each notification can have one SNS subscriber and up to
# 10 email subscribers."
MAX_NOTIFICATIONS = 5
MAX_EMAIL_SUBSCRIBERS = 10
MAX_SNS_SUBSCRIBERS = 1

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
SNS_TOPIC_ARN_RE = re.compile(r"^arn:aws(?:-[a-z]+)*:sns:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$")
BUDGET_NAME_RE = re.compile(r"^[^:\\]{1,100}$")


class BudgetInputError(ValueError):
    """Module input that AWS Budgets would reject (or that cannot be meant)."""


def _amount(value):
    """Decimal form of an amount given as number or string; None when not a number."""
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def format_amount(value):
    """An amount as the string Budgets stores, without trailing zeros: 100 -> "100", 12.50 -> "12.5"."""
    amount = _amount(value)
    if amount is None:
        return str(value)
    text = format(amount.normalize(), "f")
    return text


def validate_subscriber(subscriber, where):
    """Raise BudgetInputError for an unknown type or a malformed address; returns the canonical subscriber."""
    kind = str(subscriber.get("subscription_type") or "").upper()
    address = (subscriber.get("address") or "").strip()
    if kind not in SUBSCRIPTION_TYPES:
        raise BudgetInputError(
            "%s: subscription_type %r is not one AWS Budgets knows; use one of %s."
            % (where, subscriber.get("subscription_type"), ", ".join(SUBSCRIPTION_TYPES))
        )
    if kind == "EMAIL" and not EMAIL_RE.match(address):
        raise BudgetInputError("%s: %r is not a valid e-mail address (expected name@example.com)." % (where, address))
    if kind == "SNS" and not SNS_TOPIC_ARN_RE.match(address):
        raise BudgetInputError("%s: %r is not an SNS topic ARN (expected arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME)." % (where, address))
    return {"subscription_type": kind, "address": address}


def validate_notification(notification, index):
    """Raise BudgetInputError for bad thresholds or subscribers; returns the canonical notification."""
    where = "notifications[%d]" % index
    threshold = _amount(notification.get("threshold"))
    if threshold is None or not threshold.is_finite() or threshold <= 0:
        raise BudgetInputError("%s: threshold must be a number greater than zero, got %r." % (where, notification.get("threshold")))
    subscribers = notification.get("subscribers") or []
    if not subscribers:
        raise BudgetInputError("%s: at least one subscriber (EMAIL or SNS) is required; AWS Budgets rejects a notification without one." % where)
    canonical = [validate_subscriber(s, "%s.subscribers[%d]" % (where, i)) for i, s in enumerate(subscribers)]
    emails = [s for s in canonical if s["subscription_type"] == "EMAIL"]
    topics = [s for s in canonical if s["subscription_type"] == "SNS"]
    if len(emails) > MAX_EMAIL_SUBSCRIBERS or len(topics) > MAX_SNS_SUBSCRIBERS:
        raise BudgetInputError(
            "%s: AWS Budgets allows at most %d EMAIL and %d SNS subscribers per notification, got %d and %d."
            % (where, MAX_EMAIL_SUBSCRIBERS, MAX_SNS_SUBSCRIBERS, len(emails), len(topics))
        )
    unique = {(s["subscription_type"], s["address"].lower()) for s in canonical}
    if len(unique) != len(canonical):
        raise BudgetInputError("%s: the same subscriber is listed twice." % where)
    return {
        "notification_type": notification.get("notification_type") or "ACTUAL",
        "comparison_operator": notification.get("comparison_operator") or "GREATER_THAN",
        "threshold": float(threshold),
        "threshold_type": notification.get("threshold_type") or "PERCENTAGE",
        "subscribers": sort_subscribers(canonical),
    }


def validate_budget_params(params):
    """Check the budget module's parameters; returns the desired canonical budget (state=present).

    Raises BudgetInputError before any AWS call.
    """
    name = params.get("name") or ""
    if not BUDGET_NAME_RE.match(name):
        raise BudgetInputError("name %r is not a valid budget name: 1 to 100 characters, none of them ':' or '\\'." % name)
    limit = _amount(params.get("limit_amount"))
    if limit is None or not limit.is_finite() or limit <= 0:
        raise BudgetInputError("limit_amount must be a number greater than zero, got %r." % params.get("limit_amount"))
    notifications = params.get("notifications")
    canonical_notifications = None
    if notifications is not None:
        if len(notifications) > MAX_NOTIFICATIONS:
            raise BudgetInputError("AWS Budgets allows at most %d notifications per budget, got %d." % (MAX_NOTIFICATIONS, len(notifications)))
        canonical_notifications = [validate_notification(n, i) for i, n in enumerate(notifications)]
        keys = [notification_key(n) for n in canonical_notifications]
        if len(set(keys)) != len(keys):
            raise BudgetInputError(
                "Two notifications share the same type, comparison operator, threshold and threshold type; "
                "AWS Budgets keeps them as one. Merge their subscribers."
            )
    cost_filters = params.get("cost_filters")
    if params.get("cost_allocation_tag"):
        cost_filters = dict(cost_filters or {}, **tag_cost_filter(params["cost_allocation_tag"]))
    return {
        "name": name,
        "budget_type": "COST",
        "limit_amount": format_amount(limit),
        "limit_unit": params.get("limit_unit") or "USD",
        "time_unit": params.get("time_unit") or "MONTHLY",
        "cost_filters": normalize_cost_filters(cost_filters) if cost_filters is not None else None,
        "notifications": sort_notifications(canonical_notifications) if canonical_notifications is not None else None,
    }


TAG_FILTER_DIMENSION = "TagKeyValue"


def tag_cost_filter(tag):
    """The CostFilters entry of a cost allocation tag filter: ``{"key": K, "values": [V...]}``.

    Budgets names a user-defined cost allocation tag ``user:KEY`` and its values
    ``user:KEY$VALUE`` in the TagKeyValue dimension (values are OR-ed). Only tags
    activated as cost allocation tags count, about 24 hours after activation.
    """
    key = str((tag or {}).get("key") or "").strip()
    values = [str(v) for v in (tag or {}).get("values") or []]
    if not key or "$" in key or not values:
        raise BudgetInputError("cost_allocation_tag needs a key (without '$') and at least one value, got %r." % (tag,))
    return {TAG_FILTER_DIMENSION: sorted({"user:%s$%s" % (key, value) for value in values})}


def marketplace_gap_warning(filters):
    """A warning when a Service filter names Bedrock: Claude and other third-party models are billed as
    AWS Marketplace products ("<Model> (Amazon Bedrock Edition)"), which such a budget misses."""
    services = [str(v) for v in (filters or {}).get("Service") or []]
    bedrock = [v for v in services if "bedrock" in v.lower() and "bedrock edition" not in v.lower()]
    if not bedrock:
        return None
    return (
        "cost_filters Service=%s misses third-party model spend: Anthropic Claude and other Marketplace models are billed "
        "as AWS Marketplace products named '<Model> (Amazon Bedrock Edition)', not under the Amazon Bedrock service. "
        "Filter by a cost allocation tag of the application inference profiles (cost_allocation_tag, e.g. env), or "
        "leave cost_filters empty in an account dedicated to the application." % ", ".join(bedrock)
    )


def normalize_cost_filters(filters):
    """Cost filters with sorted, de-duplicated string values."""
    return {str(k): sorted({str(v) for v in (values or [])}) for k, values in (filters or {}).items()}


def sort_subscribers(subscribers):
    return sorted(subscribers, key=lambda s: (s["subscription_type"], s["address"].lower()))


def notification_key(notification):
    """What identifies a notification in AWS Budgets (the Notification structure without its state)."""
    return (
        notification["notification_type"],
        notification["comparison_operator"],
        float(notification["threshold"]),
        notification["threshold_type"],
    )


def sort_notifications(notifications):
    return sorted(notifications, key=notification_key)


def notification_from_api(notification, subscribers):
    """Canonical notification from the API's Notification and Subscriber structures."""
    return {
        "notification_type": notification["NotificationType"],
        "comparison_operator": notification["ComparisonOperator"],
        "threshold": float(notification["Threshold"]),
        "threshold_type": notification.get("ThresholdType") or "PERCENTAGE",
        "subscribers": sort_subscribers([{"subscription_type": s["SubscriptionType"], "address": s["Address"]} for s in subscribers]),
    }


def notification_to_api(notification):
    return {
        "NotificationType": notification["notification_type"],
        "ComparisonOperator": notification["comparison_operator"],
        "Threshold": float(notification["threshold"]),
        "ThresholdType": notification["threshold_type"],
    }


def subscriber_to_api(subscriber):
    return {"SubscriptionType": subscriber["subscription_type"], "Address": subscriber["address"]}


def budget_from_api(budget, notifications):
    """Canonical budget from DescribeBudget's Budget and the canonical notifications."""
    limit = budget.get("BudgetLimit") or {}
    return {
        "name": budget["BudgetName"],
        "budget_type": budget.get("BudgetType"),
        "limit_amount": format_amount(limit.get("Amount")) if limit.get("Amount") is not None else None,
        "limit_unit": limit.get("Unit"),
        "time_unit": budget.get("TimeUnit"),
        "cost_filters": normalize_cost_filters(budget.get("CostFilters")),
        "notifications": sort_notifications(notifications),
    }


def budget_to_api(desired, current_api=None):
    """The Budget structure for CreateBudget/UpdateBudget.

    Settings the module does not manage (cost types, time period, and cost
    filters when ``desired`` leaves them out) are carried over from
    ``current_api`` so an update keeps them.
    """
    budget = {}
    if current_api:
        for key in ("CostTypes", "TimePeriod"):
            if key in current_api:
                budget[key] = current_api[key]
        if desired["cost_filters"] is None and "CostFilters" in current_api:
            budget["CostFilters"] = current_api["CostFilters"]
    budget.update(
        {
            "BudgetName": desired["name"],
            "BudgetType": desired["budget_type"],
            "TimeUnit": desired["time_unit"],
            "BudgetLimit": {"Amount": desired["limit_amount"], "Unit": desired["limit_unit"]},
        }
    )
    if desired["cost_filters"] is not None:
        budget["CostFilters"] = desired["cost_filters"]
    return budget


def budget_settings_differ(current, desired):
    """True when the budget itself (not its notifications) needs an update."""
    for key in ("budget_type", "limit_unit", "time_unit"):
        if current.get(key) != desired.get(key):
            return True
    if _amount(current.get("limit_amount")) != _amount(desired.get("limit_amount")):
        return True
    if desired.get("cost_filters") is not None and (current.get("cost_filters") or {}) != desired["cost_filters"]:
        return True
    return False


def plan_notification_changes(current, desired, purge=True):
    """What to do to turn the ``current`` notifications into the ``desired`` ones.

    Returns a dict with ``create`` (notifications), ``delete`` (notifications),
    ``add_subscribers`` and ``remove_subscribers`` (lists of (notification,
    subscriber) pairs). With ``purge`` false, notifications and subscribers
    that exist but are not desired stay.
    """
    current_by_key = {notification_key(n): n for n in current}
    desired_by_key = {notification_key(n): n for n in desired}
    plan = {"create": [], "delete": [], "add_subscribers": [], "remove_subscribers": []}
    for key, wanted in desired_by_key.items():
        existing = current_by_key.get(key)
        if existing is None:
            plan["create"].append(wanted)
            continue
        have = {(s["subscription_type"], s["address"].lower()): s for s in existing["subscribers"]}
        want = {(s["subscription_type"], s["address"].lower()): s for s in wanted["subscribers"]}
        plan["add_subscribers"].extend((existing, want[k]) for k in want if k not in have)
        if purge:
            plan["remove_subscribers"].extend((existing, have[k]) for k in have if k not in want)
    if purge:
        plan["delete"].extend(n for key, n in current_by_key.items() if key not in desired_by_key)
    return plan


def plan_is_empty(plan):
    return not any(plan.values())


def merge_notifications(current, desired, purge=True):
    """The notifications a budget has once ``plan_notification_changes`` is applied."""
    if purge:
        return sort_notifications(desired)
    merged = {notification_key(n): dict(n, subscribers=list(n["subscribers"])) for n in current}
    for n in desired:
        key = notification_key(n)
        if key not in merged:
            merged[key] = n
            continue
        have = {(s["subscription_type"], s["address"].lower()) for s in merged[key]["subscribers"]}
        extra = [s for s in n["subscribers"] if (s["subscription_type"], s["address"].lower()) not in have]
        merged[key]["subscribers"] = sort_subscribers(merged[key]["subscribers"] + extra)
    return sort_notifications(merged.values())


# ---- AWS calls -----------------------------------------------------------


@retry_decorator("budgets")
def _paginate(client, operation, result_key, **params):
    items = []
    for page in client.get_paginator(operation).paginate(**params):
        items.extend(page.get(result_key, []))
    return items


@BudgetsErrorHandler.list_error_handler("describe budget {name}")
def describe_budget(client, account_id, name):
    """DescribeBudget's Budget structure, or None when the budget does not exist."""
    return client.describe_budget(AccountId=account_id, BudgetName=name, aws_retry=True)["Budget"]


@BudgetsErrorHandler.common_error_handler("read the notifications of budget {name}")
def describe_notifications(client, account_id, name):
    """Canonical notifications of a budget, each with its subscribers."""
    notifications = _paginate(client, "describe_notifications_for_budget", "Notifications", AccountId=account_id, BudgetName=name)
    result = []
    for notification in notifications:
        api_notification = {k: v for k, v in notification.items() if k != "NotificationState"}
        subscribers = _paginate(
            client,
            "describe_subscribers_for_notification",
            "Subscribers",
            AccountId=account_id,
            BudgetName=name,
            Notification=api_notification,
        )
        result.append(notification_from_api(notification, subscribers))
    return sort_notifications(result)


@BudgetsErrorHandler.common_error_handler("create budget {desired[name]}")
def create_budget(client, account_id, desired):
    notifications = [
        {"Notification": notification_to_api(n), "Subscribers": [subscriber_to_api(s) for s in n["subscribers"]]} for n in desired["notifications"] or []
    ]
    params = {"AccountId": account_id, "Budget": budget_to_api(desired)}
    if notifications:
        params["NotificationsWithSubscribers"] = notifications
    client.create_budget(aws_retry=True, **params)


@BudgetsErrorHandler.common_error_handler("update budget {desired[name]}")
def update_budget(client, account_id, desired, current_api):
    client.update_budget(AccountId=account_id, NewBudget=budget_to_api(desired, current_api), aws_retry=True)


@BudgetsErrorHandler.deletion_error_handler("delete budget {name}")
def delete_budget(client, account_id, name):
    """Delete a budget; True when it was there."""
    client.delete_budget(AccountId=account_id, BudgetName=name, aws_retry=True)
    return True


@BudgetsErrorHandler.common_error_handler("change the notifications of budget {name}")
def apply_notification_plan(client, account_id, name, plan):
    """Make the calls a plan from ``plan_notification_changes`` asks for.

    Subscribers are added before others are removed, so a notification never
    drops to zero subscribers (AWS Budgets requires at least one).
    """
    for notification in plan["delete"]:
        client.delete_notification(AccountId=account_id, BudgetName=name, Notification=notification_to_api(notification), aws_retry=True)
    for notification in plan["create"]:
        client.create_notification(
            AccountId=account_id,
            BudgetName=name,
            Notification=notification_to_api(notification),
            Subscribers=[subscriber_to_api(s) for s in notification["subscribers"]],
            aws_retry=True,
        )
    for action, pairs in (("create_subscriber", plan["add_subscribers"]), ("delete_subscriber", plan["remove_subscribers"])):
        for notification, subscriber in pairs:
            getattr(client, action)(
                AccountId=account_id,
                BudgetName=name,
                Notification=notification_to_api(notification),
                Subscriber=subscriber_to_api(subscriber),
                aws_retry=True,
            )

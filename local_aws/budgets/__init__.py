"""AWS Budgets: the update and subscriber operations moto 5.2.5 lacks, and its notification gaps.

Added: UpdateBudget, UpdateNotification, CreateSubscriber, DeleteSubscriber,
UpdateSubscriber, DescribeSubscribersForNotification.

Replaced (moto's versions differ from AWS):
- CreateNotification: moto accepts a duplicate notification; AWS answers
  DuplicateRecordException.
- DeleteNotification: moto silently ignores a missing notification and compares
  raw dicts (so a notification sent without ``ThresholdType`` never matches one
  stored with it); AWS answers NotFoundException.
- DescribeNotificationsForBudget: moto fails with a KeyError (HTML 500) for a
  missing budget; AWS answers NotFoundException.

A notification is identified, as on AWS, by NotificationType,
ComparisonOperator, Threshold and ThresholdType (PERCENTAGE when omitted); a
subscriber by SubscriptionType and Address. A notification holds at most one
SNS and ten EMAIL subscribers.

Error texts follow the pattern AWS uses for budgets ("Unable to get budget: NAME
- the budget doesn't exist.", "Error creating budget: NAME - the budget already
exists.").
"""

from __future__ import annotations

import copy
import json
from typing import Any

from moto.budgets.exceptions import BudgetMissingLimit, DuplicateRecordException, NotFoundException
from moto.budgets.models import Budget, Notification
from moto.budgets.responses import BudgetsResponse
from moto.core.exceptions import JsonRESTError
from moto.core.utils import unix_time

from local_aws.patching import add_operation, replace_operation

MAX_EMAIL_SUBSCRIBERS = 10
MAX_SNS_SUBSCRIBERS = 1


class CreationLimitExceeded(JsonRESTError):
    code = 400

    def __init__(self, message: str) -> None:
        super().__init__("CreationLimitExceededException", message)


class Duplicate(JsonRESTError):
    code = 400

    def __init__(self, message: str) -> None:
        super().__init__("DuplicateRecordException", message)


# --- identity of notifications and subscribers -------------------------------------


def notification_key(notification: dict[str, Any]) -> tuple[str, str, float, str]:
    return (
        str(notification.get("NotificationType")),
        str(notification.get("ComparisonOperator")),
        float(notification.get("Threshold", 0)),
        str(notification.get("ThresholdType") or "PERCENTAGE"),
    )


def subscriber_key(subscriber: dict[str, Any]) -> tuple[str, str]:
    return str(subscriber.get("SubscriptionType")), str(subscriber.get("Address"))


def _stored_notification(notification: dict[str, Any]) -> dict[str, Any]:
    stored = {k: v for k, v in notification.items() if k != "NotificationState"}
    stored.setdefault("ThresholdType", "PERCENTAGE")
    return stored


# --- lookups -------------------------------------------------------------------------


def _budget(response: BudgetsResponse, verb: str, what: str) -> Budget:
    account_id = response._get_param("AccountId")
    name = response._get_param("BudgetName")
    budget = response.backend.budgets[account_id].get(name)
    if budget is None:
        raise NotFoundException(f"Unable to {verb} {what} - the budget doesn't exist.")
    return budget


def _notification(budget: Budget, notification: dict[str, Any], verb: str, what: str) -> Notification:
    key = notification_key(notification)
    for candidate in budget.notifications:
        if notification_key(candidate.details) == key:
            return candidate
    raise NotFoundException(f"Unable to {verb} {what} - the notification doesn't exist.")


def _check_subscriber_limits(subscribers: list[dict[str, Any]]) -> None:
    emails = sum(1 for s in subscribers if s.get("SubscriptionType") == "EMAIL")
    sns = sum(1 for s in subscribers if s.get("SubscriptionType") == "SNS")
    if emails > MAX_EMAIL_SUBSCRIBERS or sns > MAX_SNS_SUBSCRIBERS:
        raise CreationLimitExceeded(f"A notification can have at most {MAX_SNS_SUBSCRIBERS} SNS subscriber and {MAX_EMAIL_SUBSCRIBERS} email subscribers.")


# --- operations ------------------------------------------------------------------------


def update_budget(self: BudgetsResponse) -> str:
    account_id = self._get_param("AccountId")
    new_budget = copy.deepcopy(self._get_param("NewBudget"))
    name = new_budget.get("BudgetName")
    budget = self.backend.budgets[account_id].get(name)
    if budget is None:
        raise NotFoundException(f"Unable to update budget: {name} - the budget doesn't exist.")
    if "BudgetLimit" not in new_budget and "PlannedBudgetLimits" not in new_budget:
        raise BudgetMissingLimit()
    # Every part of a budget can change except its name and calculated spend.
    for kept in ("CalculatedSpend", "TimePeriod"):
        if kept not in new_budget and kept in budget.budget:
            new_budget[kept] = budget.budget[kept]
    new_budget["LastUpdatedTime"] = unix_time()
    budget.budget = new_budget
    return "{}"


def create_notification(self: BudgetsResponse) -> str:
    budget = _budget(self, "create", "notification")
    notification = self._get_param("Notification")
    subscribers = self._get_param("Subscribers") or []
    key = notification_key(notification)
    if any(notification_key(n.details) == key for n in budget.notifications):
        raise Duplicate(f"Error creating notification: {self._get_param('BudgetName')} - the notification already exists.")
    _check_subscriber_limits(subscribers)
    budget.add_notification(details=_stored_notification(notification), subscribers=list(subscribers))
    return "{}"


def delete_notification(self: BudgetsResponse) -> str:
    budget = _budget(self, "delete", "notification")
    found = _notification(budget, self._get_param("Notification"), "delete", "notification")
    budget.notifications.remove(found)
    return "{}"


def describe_notifications_for_budget(self: BudgetsResponse) -> str:
    budget = _budget(self, "get", "notifications")
    return json.dumps({"Notifications": [_stored_notification(n.details) for n in budget.notifications]})


def update_notification(self: BudgetsResponse) -> str:
    budget = _budget(self, "update", "notification")
    found = _notification(budget, self._get_param("OldNotification"), "update", "notification")
    new = self._get_param("NewNotification")
    new_key = notification_key(new)
    if new_key != notification_key(found.details) and any(notification_key(n.details) == new_key for n in budget.notifications):
        raise Duplicate(f"Error updating notification: {self._get_param('BudgetName')} - the notification already exists.")
    found.details = _stored_notification(new)
    return "{}"


def create_subscriber(self: BudgetsResponse) -> str:
    budget = _budget(self, "create", "subscriber")
    found = _notification(budget, self._get_param("Notification"), "create", "subscriber")
    subscriber = self._get_param("Subscriber")
    if any(subscriber_key(s) == subscriber_key(subscriber) for s in found.subscribers):
        raise DuplicateRecordException(record_type="subscriber", record_name=str(subscriber.get("Address")))
    _check_subscriber_limits([*found.subscribers, subscriber])
    found.subscribers.append(dict(subscriber))
    return "{}"


def delete_subscriber(self: BudgetsResponse) -> str:
    budget = _budget(self, "delete", "subscriber")
    found = _notification(budget, self._get_param("Notification"), "delete", "subscriber")
    key = subscriber_key(self._get_param("Subscriber"))
    remaining = [s for s in found.subscribers if subscriber_key(s) != key]
    if len(remaining) == len(found.subscribers):
        raise NotFoundException("Unable to delete subscriber - the subscriber doesn't exist.")
    found.subscribers = remaining
    return "{}"


def update_subscriber(self: BudgetsResponse) -> str:
    budget = _budget(self, "update", "subscriber")
    found = _notification(budget, self._get_param("Notification"), "update", "subscriber")
    old_key = subscriber_key(self._get_param("OldSubscriber"))
    new = dict(self._get_param("NewSubscriber"))
    index = next((i for i, s in enumerate(found.subscribers) if subscriber_key(s) == old_key), None)
    if index is None:
        raise NotFoundException("Unable to update subscriber - the subscriber doesn't exist.")
    if subscriber_key(new) != old_key and any(subscriber_key(s) == subscriber_key(new) for s in found.subscribers):
        raise Duplicate(f"Error updating subscriber: {new.get('Address')} - the subscriber already exists.")
    updated = list(found.subscribers)
    updated[index] = new
    _check_subscriber_limits(updated)
    found.subscribers = updated
    return "{}"


def describe_subscribers_for_notification(self: BudgetsResponse) -> str:
    budget = _budget(self, "get", "subscribers")
    found = _notification(budget, self._get_param("Notification"), "get", "subscribers")
    return json.dumps({"Subscribers": list(found.subscribers)})


_REASON = "moto 5.2.5 accepts duplicates, ignores missing notifications and fails with KeyError on a missing budget"


def install() -> None:
    add_operation(BudgetsResponse, "update_budget", update_budget)
    add_operation(BudgetsResponse, "update_notification", update_notification)
    add_operation(BudgetsResponse, "create_subscriber", create_subscriber)
    add_operation(BudgetsResponse, "delete_subscriber", delete_subscriber)
    add_operation(BudgetsResponse, "update_subscriber", update_subscriber)
    add_operation(BudgetsResponse, "describe_subscribers_for_notification", describe_subscribers_for_notification)
    replace_operation(BudgetsResponse, "create_notification", create_notification, _REASON)
    replace_operation(BudgetsResponse, "delete_notification", delete_notification, _REASON)
    replace_operation(BudgetsResponse, "describe_notifications_for_budget", describe_notifications_for_budget, _REASON)

"""Model access per account and Region, as AWS grants it since late 2025 ("simplified model access").

- Serverless models are on by default. A model without an AWS Marketplace
  product (Amazon, Meta, Mistral AI, ...) needs nothing more.
- A model with a Marketplace product (Anthropic, Cohere, ...) is subscribed on
  its first use in the account and Region: the caller of that first invocation
  must be allowed ``aws-marketplace:ViewSubscriptions`` and
  ``aws-marketplace:Subscribe`` (context ``aws-marketplace:ProductId``), else
  403 with AWS's Marketplace text. ``CreateFoundationModelAgreement`` subscribes
  explicitly (same permissions). The subscription reads PENDING for
  ``agreement_pending_seconds``, then AVAILABLE, or, when
  ``marketplace_subscription_outcome`` is FAILED, ERROR: calls made during the
  window succeed, later ones are denied ("may succeed, then fail"). Once
  subscribed, any invoker works without Marketplace permissions; deleting the
  agreement only means the next call subscribes again.
- Anthropic models also need the first-time-use form (PutUseCaseForModelAccess)
  once per account, and once more in each opt-in Region.
- A LEGACY model refuses an account that has not invoked it within
  ``legacy_inactivity_days`` (calendar days, :func:`settings.calendar_now`).
- With ``daily_token_quota_enforcement`` on, the account-wide daily token quota
  (Service Quotas, applied value) is enforced per calendar day.

State lives in moto BackendDicts, so ``/moto-api/reset`` and
``/_local_aws/reset`` (which resets moto's backends) clear it.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass
from typing import Any, Optional

from moto.core.base_backend import BackendDict, BaseBackend

from local_aws import settings
from local_aws.bedrock import authz, catalog
from local_aws.bedrock.errors import (
    LEGACY_INACTIVE,
    MARKETPLACE_DENIED,
    MARKETPLACE_SUBSCRIPTION_FAILED,
    USE_CASE_NOT_SUBMITTED,
    USE_CASE_NOT_SUBMITTED_OPT_IN,
    AccessDeniedException,
    ResourceNotFoundException,
)

USE_CASE_MISSING = USE_CASE_NOT_SUBMITTED
MARKETPLACE_ACTIONS = ("aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe")

# Regions an account must opt in to (AWS "Managing AWS Regions"): the Anthropic form is asked again there.
OPT_IN_REGIONS = frozenset(
    {
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-south-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "ca-west-1",
        "eu-central-2",
        "eu-south-1",
        "eu-south-2",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
    }
)


@dataclass
class Agreement:
    """A Marketplace subscription of one model (first use or CreateFoundationModelAgreement)."""

    model_id: str
    offer_token: Optional[str]
    created_at: float  # server clock, epoch seconds
    outcome: str = "SUCCEEDED"

    def state(self) -> str:
        if settings.now() < self.created_at + float(settings.get("agreement_pending_seconds")):
            return "PENDING"
        return "AVAILABLE" if self.outcome == "SUCCEEDED" else "ERROR"


class BedrockAccessBackend(BaseBackend):
    """Per account and Region: subscriptions, daily token use, the round-robin of profile routing."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.agreements: dict[str, Agreement] = {}
        self.profile_calls: dict[str, int] = {}
        self.tokens_by_day: dict[str, int] = {}
        self.lock = threading.Lock()

    def next_destination(self, profile: catalog.InferenceProfile) -> str:
        """The destination Region of this call through ``profile``.

        AWS routes each call to one of the destinations; here the k-th call (per
        account, source Region and profile) goes to destination k modulo their
        number, starting with the source Region when it is a destination. So a
        policy that misses a destination fails within len(destinations) calls.
        """
        destinations = list(profile.destinations)
        if self.region_name in destinations:
            destinations.remove(self.region_name)
            destinations.insert(0, self.region_name)
        with self.lock:
            k = self.profile_calls.get(profile.profile_id, 0)
            self.profile_calls[profile.profile_id] = k + 1
        return destinations[k % len(destinations)]

    def subscribe(self, model: catalog.FoundationModel, offer_token: Optional[str]) -> Agreement:
        with self.lock:
            agreement = Agreement(model.model_id, offer_token, settings.now(), str(settings.get("marketplace_subscription_outcome")))
            self.agreements[model.model_id] = agreement
            return agreement

    def tokens_today(self) -> int:
        return self.tokens_by_day.get(_day(), 0)

    def add_tokens(self, count: int) -> None:
        with self.lock:
            day = _day()
            self.tokens_by_day[day] = self.tokens_by_day.get(day, 0) + int(count)


class BedrockAccountBackend(BaseBackend):
    """Per account (Region ``aws``): the use-case forms and when each model was last invoked."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.use_case_form: Optional[bytes] = None
        self.opt_in_forms: dict[str, bytes] = {}
        self.last_invoked: dict[str, datetime.datetime] = {}  # model ID -> calendar time


access_backends = BackendDict(BedrockAccessBackend, "bedrock")
account_backends = BackendDict(BedrockAccountBackend, "bedrock-account", use_boto3_regions=False, additional_regions=["aws"])


def _day() -> str:
    return settings.calendar_now().strftime("%Y-%m-%d")


def regional(account_id: str, region: str) -> BedrockAccessBackend:
    return access_backends[account_id][region]


def account(account_id: str) -> BedrockAccountBackend:
    return account_backends[account_id]["aws"]


# ---------------------------------------------------------------- use-case form


def use_case_form(account_id: str, region: str) -> Optional[bytes]:
    backend = account(account_id)
    if region in OPT_IN_REGIONS:
        return backend.opt_in_forms.get(region)
    return backend.use_case_form


def store_use_case_form(account_id: str, region: str, form: bytes) -> None:
    backend = account(account_id)
    if region in OPT_IN_REGIONS:
        backend.opt_in_forms[region] = form
    else:
        backend.use_case_form = form


def use_case_missing_message(region: str) -> str:
    return USE_CASE_NOT_SUBMITTED_OPT_IN if region in OPT_IN_REGIONS else USE_CASE_NOT_SUBMITTED


# ---------------------------------------------------------------- availability


def agreement_status(account_id: str, region: str, model: catalog.FoundationModel) -> dict[str, Any]:
    """``agreementAvailability`` of ``model`` for the account in the Region."""
    if catalog.available_by_default(model):
        return {"status": "AVAILABLE"}
    agreement = regional(account_id, region).agreements.get(model.model_id)
    if agreement is None:
        return {"status": "NOT_AVAILABLE"}
    state = agreement.state()
    if state == "ERROR":
        return {"status": "ERROR", "errorMessage": MARKETPLACE_SUBSCRIPTION_FAILED}
    if state == "AVAILABLE" and catalog.needs_use_case(model) and use_case_form(account_id, region) is None:
        return {"status": "ERROR", "errorMessage": use_case_missing_message(region)}
    return {"status": state}


def availability(account_id: str, region: str, model_id: str) -> dict[str, Any]:
    """The GetFoundationModelAvailability answer (model known in some Region).

    ``entitlementAvailability`` is AVAILABLE wherever the model is served (access
    is on by default); ``agreementAvailability`` tells whether the account is
    subscribed (NOT_AVAILABLE until the first use or an agreement).
    """
    model = catalog.model_in_region(model_id, region)
    if model is None:
        return {
            "modelId": model_id,
            "agreementAvailability": {"status": "NOT_AVAILABLE"},
            "authorizationStatus": "AUTHORIZED",
            "entitlementAvailability": "NOT_AVAILABLE",
            "regionAvailability": "NOT_AVAILABLE",
        }
    return {
        "modelId": model_id,
        "agreementAvailability": agreement_status(account_id, region, model),
        "authorizationStatus": "AUTHORIZED",
        "entitlementAvailability": "AVAILABLE",
        "regionAvailability": "AVAILABLE",
    }


# ---------------------------------------------------------------- Marketplace


def marketplace_checks(model: catalog.FoundationModel) -> list[authz.Check]:
    return [
        authz.Check(
            "*",
            {
                "aws-marketplace:ProductId": [model.marketplace_product_id or ""],
                "aws:CalledVia": ["bedrock.amazonaws.com"],
                "aws:CalledViaLast": ["bedrock.amazonaws.com"],
            },
        )
    ]


def authorize_subscription(account_id: str, access_key_id: str, model: catalog.FoundationModel) -> None:
    """The caller may subscribe the account to ``model`` (no-op when IAM enforcement is off)."""
    for action in MARKETPLACE_ACTIONS:
        authz.authorize(account_id, access_key_id, action, marketplace_checks(model))


def check_invocation_access(account_id: str, region: str, access_key_id: str, model: catalog.FoundationModel) -> None:
    """Raise AWS's error unless the account may invoke ``model`` now; subscribe it on first use."""
    if catalog.status(model) == catalog.LEGACY:
        _check_legacy_activity(account_id, model)
    if catalog.needs_use_case(model) and use_case_form(account_id, region) is None:
        raise ResourceNotFoundException(use_case_missing_message(region))
    if catalog.available_by_default(model):
        return
    backend = regional(account_id, region)
    agreement = backend.agreements.get(model.model_id)
    if agreement is None:
        try:
            authorize_subscription(account_id, access_key_id, model)
        except AccessDeniedException:
            raise AccessDeniedException(MARKETPLACE_DENIED) from None
        agreement = backend.subscribe(model, None)
    if agreement.state() == "ERROR":
        raise AccessDeniedException(MARKETPLACE_SUBSCRIPTION_FAILED)


def _check_legacy_activity(account_id: str, model: catalog.FoundationModel) -> None:
    days = settings.get("legacy_inactivity_days")
    last = account(account_id).last_invoked.get(model.model_id)
    if last is None or settings.calendar_now() - last > datetime.timedelta(days=float(days)):
        raise ResourceNotFoundException(LEGACY_INACTIVE.format(days=int(days) if float(days).is_integer() else days))


def record_invocation(account_id: str, region: str, model: catalog.FoundationModel, tokens: int) -> None:
    account(account_id).last_invoked[model.model_id] = settings.calendar_now()
    regional(account_id, region).add_tokens(tokens)

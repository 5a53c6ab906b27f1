"""Model access per account and region, as AWS grants it.

- Anthropic models need the account's use-case form (PutUseCaseForModelAccess,
  account-wide) and a Marketplace agreement in the region
  (CreateFoundationModelAgreement). The agreement reads PENDING for
  ``agreement_pending_seconds`` (setting), then AVAILABLE; if the use-case form
  is still missing by then it reads ERROR with an explanation.
- Other third-party models (Meta, Cohere, Mistral AI) need the agreement only.
- Amazon models are available without an agreement.

State lives in moto BackendDicts, so ``/moto-api/reset`` and
``/_local_aws/reset`` (which resets moto's backends) clear it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Optional

from moto.core.base_backend import BackendDict, BaseBackend

from local_aws import settings
from local_aws.bedrock import catalog
from local_aws.bedrock.errors import USE_CASE_NOT_SUBMITTED

USE_CASE_MISSING = USE_CASE_NOT_SUBMITTED


@dataclass
class Agreement:
    model_id: str
    offer_token: str
    created_at: float  # server clock, epoch seconds


class BedrockAccessBackend(BaseBackend):
    """Per account and region: agreements, and the round-robin of profile routing."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.agreements: dict[str, Agreement] = {}
        self.profile_calls: dict[str, int] = {}
        self.lock = threading.Lock()

    def next_destination(self, profile: catalog.InferenceProfile) -> str:
        """The destination region of this call through ``profile``.

        AWS routes each call to one of the destinations; here the k-th call (per
        account, source region and profile) goes to destination k modulo their
        number, starting with the source region when it is a destination. So a
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


class BedrockAccountBackend(BaseBackend):
    """Per account (region ``global``): the use-case form."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.use_case_form: Optional[bytes] = None


access_backends = BackendDict(BedrockAccessBackend, "bedrock")
account_backends = BackendDict(BedrockAccountBackend, "bedrock-account", use_boto3_regions=False, additional_regions=["aws"])


def regional(account_id: str, region: str) -> BedrockAccessBackend:
    return access_backends[account_id][region]


def account(account_id: str) -> BedrockAccountBackend:
    return account_backends[account_id]["aws"]


def agreement_status(account_id: str, region: str, model: catalog.FoundationModel) -> dict[str, Any]:
    """``agreementAvailability`` of ``model`` for the account in the region."""
    if catalog.available_by_default(model):
        return {"status": "AVAILABLE"}
    agreement = regional(account_id, region).agreements.get(model.model_id)
    if agreement is None:
        return {"status": "NOT_AVAILABLE"}
    if settings.now() < agreement.created_at + float(settings.get("agreement_pending_seconds")):
        return {"status": "PENDING"}
    if catalog.needs_use_case(model) and account(account_id).use_case_form is None:
        return {"status": "ERROR", "errorMessage": USE_CASE_MISSING}
    return {"status": "AVAILABLE"}


def availability(account_id: str, region: str, model_id: str) -> dict[str, Any]:
    """The GetFoundationModelAvailability answer (model known in some region)."""
    model = catalog.MODELS[model_id]
    if catalog.model_in_region(model_id, region) is None:
        return {
            "modelId": model_id,
            "agreementAvailability": {"status": "NOT_AVAILABLE"},
            "authorizationStatus": "AUTHORIZED",
            "entitlementAvailability": "NOT_AVAILABLE",
            "regionAvailability": "NOT_AVAILABLE",
        }
    agreement = agreement_status(account_id, region, model)
    return {
        "modelId": model_id,
        "agreementAvailability": agreement,
        "authorizationStatus": "AUTHORIZED",
        "entitlementAvailability": "AVAILABLE" if agreement["status"] == "AVAILABLE" else "NOT_AVAILABLE",
        "regionAvailability": "AVAILABLE",
    }


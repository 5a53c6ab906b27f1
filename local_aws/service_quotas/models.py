"""Service Quotas state of one account and Region: applied values and increase requests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from moto.servicequotas.models import ServiceQuotasBackend

from local_aws import settings
from local_aws.service_quotas.catalog import SERVICE_CODE, SERVICE_NAME, QuotaDefinition

OPEN_STATUSES = ("PENDING", "CASE_OPENED")


@dataclass
class IncreaseRequest:
    request_id: str
    case_id: str
    quota: QuotaDefinition
    desired_value: float
    created: float
    step_seconds: float
    outcome: str
    applied: bool = False

    def status_at(self, moment: float) -> tuple[str, float]:
        """(status, time it was reached) at server time ``moment``."""
        steps = int((moment - self.created) // self.step_seconds) if self.step_seconds > 0 else 2
        if steps <= 0:
            return "PENDING", self.created
        if steps == 1:
            return "CASE_OPENED", self.created + self.step_seconds
        return self.outcome, self.created + 2 * self.step_seconds


class BedrockQuotaState:
    """Applied values and increase requests of one account in one Region."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self.applied: dict[str, float] = {}
        self.requests: list[IncreaseRequest] = []

    def settle(self) -> None:
        """Apply every request that reached APPROVED by now (server time)."""
        now = settings.now()
        for request in self.requests:
            if not request.applied and request.status_at(now)[0] == "APPROVED":
                self.applied[request.quota.code] = max(self.applied_value(request.quota), request.desired_value)
                request.applied = True

    def applied_value(self, quota: QuotaDefinition) -> float:
        return float(self.applied.get(quota.code, quota.default_value))

    def quota_arn(self, quota: QuotaDefinition) -> str:
        return f"arn:aws:servicequotas:{self.region}:{self.account_id}:{SERVICE_CODE}/{quota.code}"

    def describe_quota(self, quota: QuotaDefinition, value: float) -> dict[str, Any]:
        described: dict[str, Any] = {
            "ServiceCode": SERVICE_CODE,
            "ServiceName": SERVICE_NAME,
            "QuotaArn": self.quota_arn(quota),
            "QuotaCode": quota.code,
            "QuotaName": quota.name,
            "Value": float(value),
            "Unit": quota.unit,
            "Adjustable": quota.adjustable,
            "GlobalQuota": False,
            "QuotaAppliedAtLevel": "ACCOUNT",
            "Description": quota.description,
        }
        if quota.period_unit:
            described["Period"] = {"PeriodValue": 1, "PeriodUnit": quota.period_unit}
        return described

    def describe_request(self, request: IncreaseRequest) -> dict[str, Any]:
        status, last_updated = request.status_at(settings.now())
        described: dict[str, Any] = {
            "Id": request.request_id,
            "ServiceCode": SERVICE_CODE,
            "ServiceName": SERVICE_NAME,
            "QuotaCode": request.quota.code,
            "QuotaName": request.quota.name,
            "DesiredValue": float(request.desired_value),
            "Status": status,
            "Created": request.created,
            "LastUpdated": last_updated,
            "Requester": json.dumps({"accountId": self.account_id, "callerArn": f"arn:aws:iam::{self.account_id}:root"}),
            "QuotaArn": self.quota_arn(request.quota),
            "GlobalQuota": False,
            "Unit": "None",
            "QuotaRequestedAtLevel": "ACCOUNT",
        }
        if status != "PENDING":
            described["CaseId"] = request.case_id
        return described

    def open_request(self, quota: QuotaDefinition) -> IncreaseRequest | None:
        now = settings.now()
        for request in self.requests:
            if request.quota.code == quota.code and request.status_at(now)[0] in OPEN_STATUSES:
                return request
        return None


def state_of(backend: ServiceQuotasBackend) -> BedrockQuotaState:
    state = backend.__dict__.get("_local_aws_bedrock_quotas")
    if state is None:
        state = BedrockQuotaState(backend.account_id, backend.region_name)
        backend.__dict__["_local_aws_bedrock_quotas"] = state
    state.settle()
    return state


def applied_value(account_id: str, region: str, quota: QuotaDefinition) -> float:
    """The applied value of ``quota`` for the account in the Region (default until an increase is approved)."""
    from moto.servicequotas.models import servicequotas_backends

    return state_of(servicequotas_backends[account_id][region]).applied_value(quota)

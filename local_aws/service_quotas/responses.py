"""Service Quotas for Amazon Bedrock, with quota increase requests and their lifecycle.

moto 5.2.5 knows only ``vpc`` default quotas and two read operations. This
extension serves the Bedrock catalog (:mod:`local_aws.service_quotas.catalog`, loaded from the snapshot)
per account and Region, keeps moto's ``vpc`` answers, and adds the request
operations:

- ListServiceQuotas, GetServiceQuota (applied values), ListAWSDefaultServiceQuotas,
  GetAWSDefaultServiceQuota (defaults), with pagination (MaxResults, NextToken);
- RequestServiceQuotaIncrease: a request goes PENDING -> CASE_OPENED -> APPROVED
  or DENIED, one step every ``quota_request_step_seconds`` of server time, ending
  in ``quota_request_outcome`` (both read when the request is made). An APPROVED
  request raises the applied value to the desired value;
- GetRequestedServiceQuotaChange, ListRequestedServiceQuotaChangeHistory,
  ListRequestedServiceQuotaChangeHistoryByQuota (newest request first, Status filter).

Errors, as AWS answers them: NoSuchResourceException (unknown service or
quota, unknown request ID), IllegalArgumentException (desired value not above
the applied value; quota not adjustable; bad MaxResults),
ResourceAlreadyExistsException (an open request exists for the quota),
InvalidPaginationTokenException.

State lives on moto's ServiceQuotasBackend instance (one per account and
Region), so moto's reset clears it.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from moto.servicequotas.exceptions import NoSuchResource as MotoNoSuchResource
from moto.servicequotas.models import ServiceQuotasBackend, servicequotas_backends
from moto.servicequotas.responses import ServiceQuotasResponse

from local_aws import settings
from local_aws.patching import add_operation, replace_operation
from local_aws.service_quotas.catalog import SERVICE_CODE, QuotaDefinition, quotas_in_region
from local_aws.service_quotas.exceptions import (
    ALREADY_OPEN,
    NOT_ABOVE_CURRENT,
    UNKNOWN_QUOTA,
    UNKNOWN_REQUEST,
    UNKNOWN_SERVICE,
    IllegalArgument,
    InvalidPaginationToken,
    NoSuchResource,
    ResourceAlreadyExists,
)
from local_aws.service_quotas.models import BedrockQuotaState, IncreaseRequest, state_of

DEFAULT_MAX_RESULTS = 100

_MOTO_LIST_DEFAULTS = ServiceQuotasResponse.list_aws_default_service_quotas
_MOTO_GET_QUOTA = ServiceQuotasResponse.get_service_quota


# --- request helpers -------------------------------------------------------------


def _params(response: ServiceQuotasResponse) -> dict[str, Any]:
    return json.loads(response.body or "{}")


def _backend(response: ServiceQuotasResponse) -> ServiceQuotasBackend:
    return servicequotas_backends[response.current_account][response.region]


def _quota(params: dict[str, Any], region: str) -> QuotaDefinition:
    quota = quotas_in_region(region).get(str(params.get("QuotaCode")))
    if quota is None:
        raise NoSuchResource(UNKNOWN_QUOTA)
    return quota


def _moto_defaults(response: ServiceQuotasResponse, params: dict[str, Any]) -> list[dict[str, Any]]:
    """moto's default quotas of a non-Bedrock service, with AWS's text for an unknown service."""
    try:
        return list(response.backend.list_aws_default_service_quotas(str(params.get("ServiceCode"))))
    except MotoNoSuchResource:
        raise NoSuchResource(UNKNOWN_SERVICE) from None


def _moto_get_quota(response: ServiceQuotasResponse) -> str:
    try:
        return _MOTO_GET_QUOTA(response)
    except MotoNoSuchResource:
        # moto serves vpc only: there the quota code is unknown, elsewhere the service is.
        unknown_quota = _params(response).get("ServiceCode") == "vpc"
        raise NoSuchResource(UNKNOWN_QUOTA if unknown_quota else UNKNOWN_SERVICE) from None


def _check_service(params: dict[str, Any]) -> None:
    if params.get("ServiceCode") != SERVICE_CODE:
        raise NoSuchResource(UNKNOWN_SERVICE)


def _page(items: list[dict[str, Any]], params: dict[str, Any], key: str) -> str:
    max_results = params.get("MaxResults", DEFAULT_MAX_RESULTS)
    if not isinstance(max_results, int) or not 1 <= max_results <= 100:
        raise IllegalArgument("MaxResults must be between 1 and 100")
    start = 0
    token = params.get("NextToken")
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("offset:"))
        except (ValueError, UnicodeDecodeError):
            raise InvalidPaginationToken() from None
        if not 0 <= start <= len(items):
            raise InvalidPaginationToken()
    page = items[start : start + max_results]
    result: dict[str, Any] = {key: page}
    if start + max_results < len(items):
        result["NextToken"] = base64.urlsafe_b64encode(f"offset:{start + max_results}".encode()).decode()
    return json.dumps(result)


def _requests_filtered(state: BedrockQuotaState, params: dict[str, Any], quota: QuotaDefinition | None) -> list[dict[str, Any]]:
    described = [state.describe_request(r) for r in reversed(state.requests) if quota is None or r.quota.code == quota.code]
    status = params.get("Status")
    if status:
        described = [d for d in described if d["Status"] == status]
    return described


# --- operations --------------------------------------------------------------------


def list_service_quotas(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    if params.get("ServiceCode") != SERVICE_CODE:
        # Other services: the applied values are moto's defaults (vpc only).
        quotas = _moto_defaults(self, params)
        if params.get("QuotaCode"):
            quotas = [q for q in quotas if q["QuotaCode"] == params["QuotaCode"]]
        return _page(list(quotas), params, "Quotas")
    state = state_of(_backend(self))
    catalog = quotas_in_region(self.region)
    quotas = [catalog[params["QuotaCode"]]] if params.get("QuotaCode") in catalog else []
    if not params.get("QuotaCode"):
        quotas = list(catalog.values())
    quotas.sort(key=lambda q: q.name)
    return _page([state.describe_quota(q, state.applied_value(q)) for q in quotas], params, "Quotas")


def get_service_quota(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    if params.get("ServiceCode") != SERVICE_CODE:
        return _moto_get_quota(self)
    quota = _quota(params, self.region)
    state = state_of(_backend(self))
    return json.dumps({"Quota": state.describe_quota(quota, state.applied_value(quota))})


def list_aws_default_service_quotas(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    if params.get("ServiceCode") != SERVICE_CODE:
        quotas = _moto_defaults(self, params)
        return _page(list(quotas), params, "Quotas")
    state = state_of(_backend(self))
    quotas = sorted(quotas_in_region(self.region).values(), key=lambda q: q.name)
    return _page([state.describe_quota(q, q.default_value) for q in quotas], params, "Quotas")


def get_aws_default_service_quota(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    if params.get("ServiceCode") != SERVICE_CODE:
        return _moto_get_quota(self)
    quota = _quota(params, self.region)
    state = state_of(_backend(self))
    return json.dumps({"Quota": state.describe_quota(quota, quota.default_value)})


def request_service_quota_increase(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    _check_service(params)
    quota = _quota(params, self.region)
    state = state_of(_backend(self))
    if not quota.adjustable:
        raise IllegalArgument(
            f"The quota {quota.code} ({quota.name}) is not adjustable through Service Quotas. "
            "To request an increase, use the AWS Support Center limit increase form."
        )
    if state.open_request(quota) is not None:
        raise ResourceAlreadyExists(ALREADY_OPEN)
    desired = float(params["DesiredValue"])
    if desired <= state.applied_value(quota):
        raise IllegalArgument(NOT_ABOVE_CURRENT)
    request = IncreaseRequest(
        request_id=uuid.uuid4().hex,
        case_id=str(170000000000 + len(state.requests) + 1),
        quota=quota,
        desired_value=desired,
        created=settings.now(),
        step_seconds=float(settings.get("quota_request_step_seconds")),
        outcome=str(settings.get("quota_request_outcome")),
    )
    state.requests.append(request)
    state.settle()
    return json.dumps({"RequestedQuota": state.describe_request(request)})


def get_requested_service_quota_change(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    request_id = params.get("RequestId")
    state = state_of(_backend(self))
    for request in state.requests:
        if request.request_id == request_id:
            return json.dumps({"RequestedQuota": state.describe_request(request)})
    raise NoSuchResource(UNKNOWN_REQUEST)


def list_requested_service_quota_change_history(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    if params.get("ServiceCode") not in (None, SERVICE_CODE):
        if params["ServiceCode"] == "vpc":
            return _page([], params, "RequestedQuotas")
        raise NoSuchResource(UNKNOWN_SERVICE)
    state = state_of(_backend(self))
    return _page(_requests_filtered(state, params, None), params, "RequestedQuotas")


def list_requested_service_quota_change_history_by_quota(self: ServiceQuotasResponse) -> str:
    params = _params(self)
    _check_service(params)
    quota = _quota(params, self.region)
    state = state_of(_backend(self))
    return _page(_requests_filtered(state, params, quota), params, "RequestedQuotas")


_REASON = "moto 5.2.5 serves only vpc default quotas; Bedrock quotas with applied values are added"


def install() -> None:
    replace_operation(ServiceQuotasResponse, "get_service_quota", get_service_quota, _REASON)
    replace_operation(ServiceQuotasResponse, "list_aws_default_service_quotas", list_aws_default_service_quotas, _REASON)
    add_operation(ServiceQuotasResponse, "list_service_quotas", list_service_quotas)
    add_operation(ServiceQuotasResponse, "get_aws_default_service_quota", get_aws_default_service_quota)
    add_operation(ServiceQuotasResponse, "request_service_quota_increase", request_service_quota_increase)
    add_operation(ServiceQuotasResponse, "get_requested_service_quota_change", get_requested_service_quota_change)
    add_operation(ServiceQuotasResponse, "list_requested_service_quota_change_history", list_requested_service_quota_change_history)
    add_operation(
        ServiceQuotasResponse,
        "list_requested_service_quota_change_history_by_quota",
        list_requested_service_quota_change_history_by_quota,
    )

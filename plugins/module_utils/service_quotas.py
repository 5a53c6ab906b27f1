# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Service Quotas reads shared by quota_info and quota_request.

Quota names drift between AWS releases, so quotas are always resolved from the
listing (by code, exact name or name pattern), never from hard-coded codes.
"""

import difflib
import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import ServiceQuotasErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

# Statuses after which a request can no longer change (from the botocore
# service model). Any other status, including one botocore does not know yet,
# counts as open: a duplicate request is worse than a skipped one.
TERMINAL_REQUEST_STATUSES = ("APPROVED", "DENIED", "CASE_CLOSED", "NOT_APPROVED", "INVALID_REQUEST")
SUCCESSFUL_REQUEST_STATUSES = ("APPROVED",)


class QuotaLookupError(Exception):
    """The quota asked for cannot be resolved; ``suggestions`` holds close names."""

    def __init__(self, message, suggestions=None):
        super().__init__(message)
        self.suggestions = suggestions or []


def is_open_request(request):
    """True when a (snake_case) request has not reached a terminal status."""
    return request.get("status") not in TERMINAL_REQUEST_STATUSES


def normalize_name(name):
    """Quota names compared without case or repeated white space."""
    return " ".join((name or "").split()).lower()


def quota_to_result(quota, default_value=None):
    """Snake_case view of a Service Quotas ``ServiceQuota`` structure."""
    period = quota.get("Period") or {}
    result = {
        "service_code": quota.get("ServiceCode"),
        "service_name": quota.get("ServiceName"),
        "quota_code": quota.get("QuotaCode"),
        "quota_name": quota.get("QuotaName"),
        "quota_arn": quota.get("QuotaArn"),
        "applied_value": quota.get("Value"),
        "default_value": default_value,
        "unit": quota.get("Unit"),
        "adjustable": bool(quota.get("Adjustable", False)),
        "global_quota": bool(quota.get("GlobalQuota", False)),
        "period": {"period_value": period.get("PeriodValue"), "period_unit": period.get("PeriodUnit")} if period else None,
    }
    if quota.get("ErrorReason"):
        result["error_reason"] = {
            "error_code": quota["ErrorReason"].get("ErrorCode"),
            "error_message": quota["ErrorReason"].get("ErrorMessage"),
        }
    return result


def request_to_result(request):
    """Snake_case view of a ``RequestedServiceQuotaChange`` structure."""
    result = {
        "id": request.get("Id"),
        "case_id": request.get("CaseId"),
        "service_code": request.get("ServiceCode"),
        "quota_code": request.get("QuotaCode"),
        "quota_name": request.get("QuotaName"),
        "desired_value": request.get("DesiredValue"),
        "status": request.get("Status"),
        "requester": request.get("Requester"),
        "quota_arn": request.get("QuotaArn"),
        "unit": request.get("Unit"),
    }
    for key, name in (("Created", "created"), ("LastUpdated", "last_updated")):
        value = request.get(key)
        result[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return result


@retry_decorator("service-quotas")
def _paginate(client, operation, result_key, **params):
    paginator = client.get_paginator(operation)
    items = []
    for page in paginator.paginate(**params):
        items.extend(page.get(result_key, []))
    return items


@ServiceQuotasErrorHandler.common_error_handler("list the {service_code} quotas")
def list_quotas(client, service_code):
    """Every quota of a service with its applied and default values, by code.

    ListServiceQuotas leaves out quotas that have no applied value yet; those
    come from ListAWSDefaultServiceQuotas with the default as applied value.
    """
    applied = _paginate(client, "list_service_quotas", "Quotas", ServiceCode=service_code)
    defaults = _paginate(client, "list_aws_default_service_quotas", "Quotas", ServiceCode=service_code)
    default_values = {q.get("QuotaCode"): q.get("Value") for q in defaults}
    quotas = {}
    for quota in defaults:
        quotas[quota.get("QuotaCode")] = quota_to_result(quota, default_value=quota.get("Value"))
    for quota in applied:
        quotas[quota.get("QuotaCode")] = quota_to_result(quota, default_value=default_values.get(quota.get("QuotaCode")))
    return sorted(quotas.values(), key=lambda q: (q["quota_name"] or "", q["quota_code"] or ""))


@ServiceQuotasErrorHandler.list_error_handler("read the AWS default of quota {quota_code} of {service_code}")
def _default_quota(client, service_code, quota_code):
    return client.get_aws_default_service_quota(ServiceCode=service_code, QuotaCode=quota_code, aws_retry=True)["Quota"]


@ServiceQuotasErrorHandler.list_error_handler("read quota {quota_code} of {service_code}")
def _applied_quota(client, service_code, quota_code):
    return client.get_service_quota(ServiceCode=service_code, QuotaCode=quota_code, aws_retry=True)["Quota"]


def get_quota(client, service_code, quota_code):
    """One quota by code with applied and default values; None when unknown.

    GetServiceQuota answers NoSuchResourceException for a quota that has no
    applied value; the AWS default then stands for the applied value.
    """
    default = _default_quota(client, service_code, quota_code)
    applied = _applied_quota(client, service_code, quota_code)
    if applied is None and default is None:
        return None
    return quota_to_result(applied or default, default_value=default.get("Value") if default else None)


def closest_names(name, quotas, count=3):
    """Up to ``count`` quota names closest to ``name`` (for "did you mean")."""
    names = [q["quota_name"] for q in quotas if q.get("quota_name")]
    by_normalized = {normalize_name(n): n for n in names}
    close = difflib.get_close_matches(normalize_name(name), list(by_normalized), n=count, cutoff=0.4)
    if not close:
        # Fall back to the names sharing the most words with the query.
        words = set(normalize_name(name).split())
        scored = sorted(names, key=lambda n: -len(words & set(normalize_name(n).split())))
        return [n for n in scored[:count] if words & set(normalize_name(n).split())]
    return [by_normalized[c] for c in close]


def compile_name_pattern(pattern):
    """A case-insensitive regular expression; raises ValueError with a readable message."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise ValueError("quota_name_pattern %r is not a valid regular expression: %s" % (pattern, e)) from e


def filter_quotas(quotas, quota_codes=None, name_pattern=None):
    """Quotas whose code is in ``quota_codes`` or whose name matches ``name_pattern``.

    With neither filter every quota is returned.
    """
    if not quota_codes and not name_pattern:
        return list(quotas)
    codes = set(quota_codes or [])
    regex = compile_name_pattern(name_pattern) if name_pattern else None
    return [q for q in quotas if q["quota_code"] in codes or (regex is not None and regex.search(q["quota_name"] or ""))]


def resolve_one_quota(quotas, service_code, quota_name=None, name_pattern=None):
    """The single quota named ``quota_name`` (case and spacing ignored) or matching ``name_pattern``.

    Raises QuotaLookupError when none or several match.
    """
    if quota_name is not None:
        wanted = normalize_name(quota_name)
        matches = [q for q in quotas if normalize_name(q["quota_name"]) == wanted]
        label = "named %r" % quota_name
        query = quota_name
    else:
        regex = compile_name_pattern(name_pattern)
        matches = [q for q in quotas if regex.search(q["quota_name"] or "")]
        label = "matching the pattern %r" % name_pattern
        query = name_pattern
    if len(matches) == 1:
        return matches[0]
    if not matches:
        suggestions = closest_names(query, quotas)
        hint = "; closest names: %s" % "; ".join(repr(s) for s in suggestions) if suggestions else ""
        raise QuotaLookupError(
            "No %s quota %s (quota names change between AWS releases; list them with ticketflow.bedrock.quota_info)%s" % (service_code, label, hint),
            suggestions=suggestions,
        )
    raise QuotaLookupError(
        "%d %s quotas are %s: %s. Narrow the pattern or give quota_code."
        % (len(matches), service_code, label, "; ".join("%s (%s)" % (q["quota_name"], q["quota_code"]) for q in matches[:10])),
        suggestions=[q["quota_name"] for q in matches],
    )


@ServiceQuotasErrorHandler.common_error_handler("list the increase requests of quota {quota_code} of {service_code}")
def list_requests(client, service_code, quota_code):
    """Every increase request recorded for a quota, newest first (snake_case)."""
    requests = _paginate(
        client,
        "list_requested_service_quota_change_history_by_quota",
        "RequestedQuotas",
        ServiceCode=service_code,
        QuotaCode=quota_code,
    )
    results = [request_to_result(r) for r in requests]
    return sorted(results, key=lambda r: str(r.get("created") or ""), reverse=True)


def list_open_requests(client, service_code, quota_code):
    """The increase requests of a quota that are still open, newest first."""
    return [r for r in list_requests(client, service_code, quota_code) if is_open_request(r)]


# Up to this many quotas, their open requests are read quota by quota (one call each); above it,
# one read of the service's whole request history (usually one page) serves them all.
PER_QUOTA_HISTORY_MAX = 2


@ServiceQuotasErrorHandler.common_error_handler("list the increase requests of {service_code}")
def list_service_requests(client, service_code):
    """Every increase request recorded for the quotas of a service, newest first (snake_case)."""
    requests = _paginate(client, "list_requested_service_quota_change_history", "RequestedQuotas", ServiceCode=service_code)
    results = [request_to_result(r) for r in requests]
    return sorted(results, key=lambda r: str(r.get("created") or ""), reverse=True)


def open_requests_by_quota(client, service_code, quota_codes):
    """``{quota code: its open increase requests, newest first}`` for ``quota_codes``, in the fewest calls.

    No status filter: a status botocore does not know yet counts as open (see ``is_open_request``).
    """
    if len(quota_codes) <= PER_QUOTA_HISTORY_MAX:
        return {code: list_open_requests(client, service_code, code) for code in quota_codes}
    found = {code: [] for code in quota_codes}
    for request in list_service_requests(client, service_code):
        if request.get("quota_code") in found and is_open_request(request):
            found[request["quota_code"]].append(request)
    return found


@ServiceQuotasErrorHandler.common_error_handler("read quota increase request {request_id}")
def get_request(client, request_id):
    """One increase request by id (snake_case)."""
    return request_to_result(client.get_requested_service_quota_change(RequestId=request_id, aws_retry=True)["RequestedQuota"])


@ServiceQuotasErrorHandler.common_error_handler("request an increase of quota {quota_code} of {service_code} to {desired_value}")
def request_increase(client, service_code, quota_code, desired_value):
    """Submit an increase request; returns the new request (snake_case)."""
    response = client.request_service_quota_increase(
        ServiceCode=service_code,
        QuotaCode=quota_code,
        DesiredValue=float(desired_value),
        aws_retry=True,
    )
    return request_to_result(response["RequestedQuota"])

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Service Quotas answers shaped as AWS gives them for Amazon Bedrock in us-east-1."""

import datetime

ACCOUNT = "123456789012"
REGION = "us-east-1"

SONNET_TPM = "L-254CACF4"
HAIKU_TPM = "L-F4DDD3EB"
SONNET_RPM = "L-5A5D1D8E"
CROSS_REGION_SONNET_TPM = "L-479B647C"
BATCH_RECORDS = "L-B3C2A1F0"

SONNET_TPM_NAME = "On-demand InvokeModel tokens per minute for Anthropic Claude 3 Sonnet"
HAIKU_TPM_NAME = "On-demand InvokeModel tokens per minute for Anthropic Claude 3 Haiku"
SONNET_RPM_NAME = "On-demand InvokeModel requests per minute for Anthropic Claude 3 Sonnet"
CROSS_REGION_SONNET_TPM_NAME = "Cross-region model inference tokens per minute for Anthropic Claude 3 Sonnet"
BATCH_RECORDS_NAME = "Minimum number of records per batch inference job for Claude 3 Haiku"


def quota(code, name, value, adjustable=True, applied=True, period=True):
    """A ServiceQuota structure; ``applied`` quotas carry the account in their ARN."""
    result = {
        "ServiceCode": "bedrock",
        "ServiceName": "Amazon Bedrock",
        "QuotaArn": "arn:aws:servicequotas:%s:%s:bedrock/%s" % (REGION, ACCOUNT if applied else "", code),
        "QuotaCode": code,
        "QuotaName": name,
        "Value": float(value),
        "Unit": "None",
        "Adjustable": adjustable,
        "GlobalQuota": False,
        "QuotaAppliedAtLevel": "ACCOUNT",
    }
    if period:
        result["Period"] = {"PeriodValue": 1, "PeriodUnit": "MINUTE"}
    return result


# AWS defaults (ListAWSDefaultServiceQuotas / GetAWSDefaultServiceQuota).
DEFAULTS = [
    quota(SONNET_TPM, SONNET_TPM_NAME, 400000, applied=False),
    quota(HAIKU_TPM, HAIKU_TPM_NAME, 2000000, applied=False),
    quota(SONNET_RPM, SONNET_RPM_NAME, 500, applied=False),
    quota(CROSS_REGION_SONNET_TPM, CROSS_REGION_SONNET_TPM_NAME, 800000, applied=False),
    quota(BATCH_RECORDS, BATCH_RECORDS_NAME, 100, adjustable=False, applied=False, period=False),
]

# Applied values (ListServiceQuotas): Sonnet TPM was raised; the batch quota has no applied value.
APPLIED = [
    quota(SONNET_TPM, SONNET_TPM_NAME, 600000),
    quota(HAIKU_TPM, HAIKU_TPM_NAME, 2000000),
    quota(SONNET_RPM, SONNET_RPM_NAME, 500),
    quota(CROSS_REGION_SONNET_TPM, CROSS_REGION_SONNET_TPM_NAME, 800000),
]


def by_code(quotas, code):
    return next(q for q in quotas if q["QuotaCode"] == code)


def request(code, name, desired, status="PENDING", request_id="d4e5f6a7b8c94d0e9f1a2b3c4d5e6f70", created_day=1, case_id=None):
    """A RequestedServiceQuotaChange structure."""
    result = {
        "Id": request_id,
        "ServiceCode": "bedrock",
        "ServiceName": "Amazon Bedrock",
        "QuotaCode": code,
        "QuotaName": name,
        "DesiredValue": float(desired),
        "Status": status,
        "Created": datetime.datetime(2025, 3, created_day, 9, 30, tzinfo=datetime.timezone.utc),
        "LastUpdated": datetime.datetime(2025, 3, created_day, 9, 31, tzinfo=datetime.timezone.utc),
        "Requester": '{"accountId":"%s","callerArn":"arn:aws:iam::%s:user/admin"}' % (ACCOUNT, ACCOUNT),
        "QuotaArn": "arn:aws:servicequotas:%s:%s:bedrock/%s" % (REGION, ACCOUNT, code),
        "GlobalQuota": False,
        "Unit": "None",
        "QuotaRequestedAtLevel": "ACCOUNT",
    }
    if case_id:
        result["CaseId"] = case_id
    return result


def stub_listing(stubber, applied=None, defaults=None):
    """Queue ListServiceQuotas then ListAWSDefaultServiceQuotas (one page each)."""
    stubber.add_response("list_service_quotas", {"Quotas": APPLIED if applied is None else applied}, {"ServiceCode": "bedrock"})
    stubber.add_response("list_aws_default_service_quotas", {"Quotas": DEFAULTS if defaults is None else defaults}, {"ServiceCode": "bedrock"})


def stub_history(stubber, code, requests):
    stubber.add_response(
        "list_requested_service_quota_change_history_by_quota",
        {"RequestedQuotas": requests},
        {"ServiceCode": "bedrock", "QuotaCode": code},
    )


def stub_service_history(stubber, requests, next_token=None, token=None):
    """Queue one page of ListRequestedServiceQuotaChangeHistory for the whole service."""
    expected = {"ServiceCode": "bedrock"}
    if token:
        expected["NextToken"] = token
    answer = {"RequestedQuotas": requests}
    if next_token:
        answer["NextToken"] = next_token
    stubber.add_response("list_requested_service_quota_change_history", answer, expected)

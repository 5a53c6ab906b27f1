"""Service Quotas for Bedrock: catalog, pagination, increase requests and their lifecycle.

Time moves through the server clock (``clock_offset_seconds``), never sleeps.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

# Today's names (snapshot 2026-12-01).
SONNET_TPM = "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6"
HAIKU_TPM = "Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5"
TPD_37 = "Cross-Model Max Tokens Per Day"  # account-wide, replaced the per-model daily quotas


@pytest.fixture
def quotas(client):
    return client("service-quotas")


def all_quotas(quotas, **kwargs):
    return [q for page in quotas.get_paginator("list_service_quotas").paginate(ServiceCode="bedrock", **kwargs) for q in page["Quotas"]]


def by_name(quotas, name):
    matches = [q for q in all_quotas(quotas) if q["QuotaName"] == name]
    assert len(matches) == 1, name
    return matches[0]


def error_of(caught):
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_catalog_has_the_quota_kinds_with_real_shapes(quotas):
    listed = all_quotas(quotas)
    names = {q["QuotaName"] for q in listed}
    for expected in (
        "On-demand model inference requests per minute for Amazon Nova Lite",
        "On-demand model inference tokens per minute for Amazon Nova Lite",
        SONNET_TPM,
        HAIKU_TPM,
        "Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.6",
        "Global cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5",
        TPD_37,
    ):
        assert expected in names
    # Retired models have no quotas any more; nor do the old "On-demand InvokeModel ..." names.
    assert not [n for n in names if "Claude 3" in n or "InvokeModel" in n or "Claude Sonnet 4 " in n]
    codes = [q["QuotaCode"] for q in listed]
    assert len(set(codes)) == len(codes)
    quota = by_name(quotas, SONNET_TPM)
    assert quota["QuotaCode"].startswith("L-") and len(quota["QuotaCode"]) == 10
    assert quota["QuotaArn"] == f"arn:aws:servicequotas:us-east-1:123456789012:bedrock/{quota['QuotaCode']}"
    assert quota["ServiceName"] == "Amazon Bedrock"
    assert quota["GlobalQuota"] is False
    assert quota["Unit"] == "None"
    assert quota["Period"] == {"PeriodValue": 1, "PeriodUnit": "MINUTE"}
    assert quota["Value"] > 0
    assert by_name(quotas, TPD_37)["Adjustable"] is False
    assert quota["Adjustable"] is True


def test_pagination_walks_every_quota_once(quotas):
    first = quotas.list_service_quotas(ServiceCode="bedrock", MaxResults=5)
    assert len(first["Quotas"]) == 5
    assert "NextToken" in first
    paged = all_quotas(quotas, PaginationConfig={"PageSize": 5})
    unpaged = quotas.list_service_quotas(ServiceCode="bedrock")["Quotas"]
    assert [q["QuotaCode"] for q in paged] == [q["QuotaCode"] for q in unpaged]
    assert "NextToken" not in quotas.list_service_quotas(ServiceCode="bedrock")


def test_bad_pagination_token(quotas):
    with pytest.raises(ClientError) as caught:
        quotas.list_service_quotas(ServiceCode="bedrock", NextToken="garbage!!")
    assert error_of(caught)[0] == "InvalidPaginationTokenException"


def test_get_quota_and_defaults(quotas):
    quota = by_name(quotas, HAIKU_TPM)
    got = quotas.get_service_quota(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"])["Quota"]
    assert got == quota
    default = quotas.get_aws_default_service_quota(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"])["Quota"]
    assert default["Value"] == quota["Value"]
    defaults = [q for p in quotas.get_paginator("list_aws_default_service_quotas").paginate(ServiceCode="bedrock") for q in p["Quotas"]]
    assert {q["QuotaCode"] for q in defaults} == {q["QuotaCode"] for q in all_quotas(quotas)}


def test_quota_code_filter(quotas):
    quota = by_name(quotas, HAIKU_TPM)
    assert quotas.list_service_quotas(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"])["Quotas"] == [quota]


def test_unknown_quota_and_service(quotas):
    with pytest.raises(ClientError) as caught:
        quotas.get_service_quota(ServiceCode="bedrock", QuotaCode="L-00000000")
    # AWS answers a quota code the Region does not have with an empty message (aws/aws-cli#5925).
    assert error_of(caught) == ("NoSuchResourceException", "")
    with pytest.raises(ClientError) as caught:
        quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode="L-00000000", DesiredValue=5)
    assert error_of(caught)[0] == "NoSuchResourceException"
    with pytest.raises(ClientError) as caught:
        quotas.request_service_quota_increase(ServiceCode="no-such-service", QuotaCode="L-00000000", DesiredValue=5)
    assert error_of(caught) == ("NoSuchResourceException", "The request failed because the specified service does not exist.")
    with pytest.raises(ClientError) as caught:
        quotas.list_service_quotas(ServiceCode="no-such-service")
    assert error_of(caught) == ("NoSuchResourceException", "The request failed because the specified service does not exist.")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_moto_vpc_quotas_still_answer(quotas):
    vpc = quotas.list_aws_default_service_quotas(ServiceCode="vpc")["Quotas"]
    assert vpc
    assert quotas.get_service_quota(ServiceCode="vpc", QuotaCode=vpc[0]["QuotaCode"])["Quota"]["Value"] == vpc[0]["Value"]
    assert quotas.list_service_quotas(ServiceCode="vpc")["Quotas"]


def test_request_lifecycle_approved_changes_applied_value(quotas, control):
    quota = by_name(quotas, SONNET_TPM)
    desired = quota["Value"] * 2
    requested = quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=desired)["RequestedQuota"]
    assert requested["Status"] == "PENDING"
    assert requested["DesiredValue"] == desired
    assert requested["QuotaName"] == SONNET_TPM
    assert "CaseId" not in requested
    request_id = requested["Id"]

    control.config(clock_offset_seconds=1.5)
    opened = quotas.get_requested_service_quota_change(RequestId=request_id)["RequestedQuota"]
    assert opened["Status"] == "CASE_OPENED"
    assert opened["CaseId"]
    assert quotas.get_service_quota(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"])["Quota"]["Value"] == quota["Value"]

    control.config(clock_offset_seconds=2.5)
    approved = quotas.get_requested_service_quota_change(RequestId=request_id)["RequestedQuota"]
    assert approved["Status"] == "APPROVED"
    assert approved["LastUpdated"] > approved["Created"]
    assert quotas.get_service_quota(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"])["Quota"]["Value"] == desired
    # the default is unchanged
    assert quotas.get_aws_default_service_quota(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"])["Quota"]["Value"] == quota["Value"]


def test_request_denied_keeps_applied_value(quotas, control):
    control.config(quota_request_outcome="DENIED", quota_request_step_seconds=0)
    quota = by_name(quotas, HAIKU_TPM)
    requested = quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] + 1)["RequestedQuota"]
    assert requested["Status"] == "DENIED"
    assert quotas.get_service_quota(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"])["Quota"]["Value"] == quota["Value"]
    # a closed request does not block a new one
    again = quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] + 1)
    assert again["RequestedQuota"]["Id"] != requested["Id"]


def test_second_open_request_is_refused(quotas, control):
    quota = by_name(quotas, SONNET_TPM)
    quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * 2)
    with pytest.raises(ClientError) as caught:
        quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * 3)
    assert error_of(caught) == ("ResourceAlreadyExistsException", "Only one open service quota increase request is allowed per quota.")
    control.config(clock_offset_seconds=1.5)  # CASE_OPENED is still open
    with pytest.raises(ClientError) as caught:
        quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * 3)
    assert error_of(caught)[0] == "ResourceAlreadyExistsException"
    control.config(clock_offset_seconds=2.5)  # approved: a higher request may follow
    quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * 3)


@pytest.mark.parametrize("factor", [1.0, 0.5])
def test_desired_value_must_be_above_applied(quotas, factor):
    quota = by_name(quotas, SONNET_TPM)
    with pytest.raises(ClientError) as caught:
        quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * factor)
    assert error_of(caught) == ("IllegalArgumentException", "You must provide a quota value greater than the current quota value")


def test_non_adjustable_quota_is_refused(quotas):
    quota = by_name(quotas, TPD_37)
    with pytest.raises(ClientError) as caught:
        quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * 2)
    code, message = error_of(caught)
    assert code == "IllegalArgumentException"
    assert "not adjustable" in message


def test_unknown_request_id(quotas):
    with pytest.raises(ClientError) as caught:
        quotas.get_requested_service_quota_change(RequestId="0" * 32)
    assert error_of(caught)[0] == "NoSuchResourceException"


def test_history_lists_newest_first_and_filters(quotas, control):
    control.config(quota_request_step_seconds=0)  # each request settles at once
    sonnet = by_name(quotas, SONNET_TPM)
    haiku = by_name(quotas, HAIKU_TPM)
    first = quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=sonnet["QuotaCode"], DesiredValue=sonnet["Value"] + 1)
    control.config(quota_request_step_seconds=60)  # this one stays PENDING
    second = quotas.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=haiku["QuotaCode"], DesiredValue=haiku["Value"] + 1)

    history = quotas.list_requested_service_quota_change_history(ServiceCode="bedrock")["RequestedQuotas"]
    assert [r["Id"] for r in history] == [second["RequestedQuota"]["Id"], first["RequestedQuota"]["Id"]]
    pending = quotas.list_requested_service_quota_change_history(ServiceCode="bedrock", Status="PENDING")["RequestedQuotas"]
    assert [r["Id"] for r in pending] == [second["RequestedQuota"]["Id"]]
    by_quota = quotas.list_requested_service_quota_change_history_by_quota(ServiceCode="bedrock", QuotaCode=sonnet["QuotaCode"])
    assert [r["Status"] for r in by_quota["RequestedQuotas"]] == ["APPROVED"]
    assert quotas.get_service_quota(ServiceCode="bedrock", QuotaCode=sonnet["QuotaCode"])["Quota"]["Value"] == sonnet["Value"] + 1


def test_requests_are_per_region_and_cleared_by_reset(client, control):
    east = client("service-quotas", region="us-east-1")
    west = client("service-quotas", region="us-west-2")
    quota = by_name(east, SONNET_TPM)
    east.request_service_quota_increase(ServiceCode="bedrock", QuotaCode=quota["QuotaCode"], DesiredValue=quota["Value"] * 2)
    assert west.list_requested_service_quota_change_history(ServiceCode="bedrock")["RequestedQuotas"] == []
    assert by_name(west, SONNET_TPM)["QuotaArn"].startswith("arn:aws:servicequotas:us-west-2:")
    control.reset()
    assert east.list_requested_service_quota_change_history(ServiceCode="bedrock")["RequestedQuotas"] == []

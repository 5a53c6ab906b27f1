# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from ansible_collections.ticketflow.bedrock.plugins.module_utils import service_quotas as sq
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import quota_samples as qs
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error


@pytest.fixture
def aws():
    return StubbedAWS()


@pytest.fixture
def stubber(aws):
    return aws.stub("service-quotas")


@pytest.fixture
def client(stubber):
    return RetryingBotoClientWrapper(stubber.client, AWSRetry.jittered_backoff())


def test_list_quotas_merges_applied_and_default_values(stubber, client):
    qs.stub_listing(stubber)
    quotas = {q["quota_code"]: q for q in sq.list_quotas(client, "bedrock")}
    stubber.assert_no_pending_responses()
    assert set(quotas) == {qs.SONNET_TPM, qs.HAIKU_TPM, qs.SONNET_RPM, qs.CROSS_REGION_SONNET_TPM, qs.BATCH_RECORDS}
    sonnet = quotas[qs.SONNET_TPM]
    assert sonnet["applied_value"] == 600000.0
    assert sonnet["default_value"] == 400000.0
    assert sonnet["adjustable"] is True
    assert sonnet["period"] == {"period_value": 1, "period_unit": "MINUTE"}
    assert sonnet["quota_arn"].endswith(":123456789012:bedrock/" + qs.SONNET_TPM)
    # Only a default exists: the default stands for the applied value.
    batch = quotas[qs.BATCH_RECORDS]
    assert batch["applied_value"] == batch["default_value"] == 100.0
    assert batch["adjustable"] is False
    assert batch["period"] is None


def test_list_quotas_follows_pagination(stubber, client):
    stubber.add_response("list_service_quotas", {"Quotas": qs.APPLIED[:2], "NextToken": "page-2"}, {"ServiceCode": "bedrock"})
    stubber.add_response("list_service_quotas", {"Quotas": qs.APPLIED[2:]}, {"ServiceCode": "bedrock", "NextToken": "page-2"})
    stubber.add_response("list_aws_default_service_quotas", {"Quotas": qs.DEFAULTS}, {"ServiceCode": "bedrock"})
    quotas = sq.list_quotas(client, "bedrock")
    stubber.assert_no_pending_responses()
    assert len(quotas) == 5
    assert [q["quota_name"] for q in quotas] == sorted(q["quota_name"] for q in quotas)


def test_filter_by_code_or_pattern(stubber, client):
    qs.stub_listing(stubber)
    quotas = sq.list_quotas(client, "bedrock")
    assert sq.filter_quotas(quotas) == quotas
    by_code = sq.filter_quotas(quotas, quota_codes=[qs.HAIKU_TPM])
    assert [q["quota_code"] for q in by_code] == [qs.HAIKU_TPM]
    by_pattern = sq.filter_quotas(quotas, name_pattern="tokens per minute.*claude 3 sonnet")
    assert {q["quota_code"] for q in by_pattern} == {qs.SONNET_TPM, qs.CROSS_REGION_SONNET_TPM}
    either = sq.filter_quotas(quotas, quota_codes=[qs.SONNET_RPM], name_pattern="^On-demand.*Haiku$")
    assert {q["quota_code"] for q in either} == {qs.SONNET_RPM, qs.HAIKU_TPM}


def test_invalid_pattern_is_a_readable_error():
    with pytest.raises(ValueError, match="not a valid regular expression"):
        sq.compile_name_pattern("tokens per (minute")


def quotas_from_samples():
    return [sq.quota_to_result(q, default_value=q["Value"]) for q in qs.DEFAULTS]


def test_resolve_by_exact_name_ignores_case_and_spacing():
    found = sq.resolve_one_quota(quotas_from_samples(), "bedrock", quota_name="  on-demand invokemodel TOKENS per minute for  anthropic claude 3 haiku")
    assert found["quota_code"] == qs.HAIKU_TPM


def test_resolve_unknown_name_suggests_closest_names():
    with pytest.raises(sq.QuotaLookupError) as error:
        sq.resolve_one_quota(quotas_from_samples(), "bedrock", quota_name="On-demand InvokeModel tokens per minute for Anthropic Claude 3.5 Sonnet")
    assert error.value.suggestions[0] == qs.SONNET_TPM_NAME
    assert "closest names" in str(error.value)
    assert qs.SONNET_TPM_NAME in str(error.value)


def test_resolve_pattern_matching_several_quotas_fails_with_their_names():
    with pytest.raises(sq.QuotaLookupError) as error:
        sq.resolve_one_quota(quotas_from_samples(), "bedrock", name_pattern="Claude 3 Sonnet")
    message = str(error.value)
    assert message.startswith("3 bedrock quotas are matching")
    assert qs.SONNET_RPM in message and qs.CROSS_REGION_SONNET_TPM in message


def test_resolve_pattern_matching_nothing_suggests_names():
    with pytest.raises(sq.QuotaLookupError) as error:
        sq.resolve_one_quota(quotas_from_samples(), "bedrock", name_pattern="tokens per day for Claude 3 Haiku")
    assert qs.HAIKU_TPM_NAME in error.value.suggestions


def test_open_requests_skip_terminal_statuses_and_keep_unknown_ones(stubber, client):
    qs.stub_history(
        stubber,
        qs.SONNET_TPM,
        [
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 500000, status="APPROVED", request_id="a1", created_day=1),
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 900000, status="DENIED", request_id="a2", created_day=2),
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000, status="CASE_OPENED", request_id="a3", created_day=3, case_id="171234567800001"),
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000, status="PENDING", request_id="a4", created_day=4),
        ],
    )
    found = sq.list_open_requests(client, "bedrock", qs.SONNET_TPM)
    assert [r["id"] for r in found] == ["a4", "a3"]  # newest first
    assert found[1]["case_id"] == "171234567800001"
    assert found[0]["created"] == "2025-03-04T09:30:00+00:00"
    assert sq.is_open_request({"status": "SOME_FUTURE_STATUS"}) is True
    assert sq.is_open_request({"status": "NOT_APPROVED"}) is False


def test_open_requests_of_two_quotas_are_read_quota_by_quota(stubber, client):
    qs.stub_history(stubber, qs.SONNET_TPM, [qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000, request_id="s1")])
    qs.stub_history(stubber, qs.HAIKU_TPM, [])
    found = sq.open_requests_by_quota(client, "bedrock", [qs.SONNET_TPM, qs.HAIKU_TPM])
    stubber.assert_no_pending_responses()
    assert {code: [r["id"] for r in requests] for code, requests in found.items()} == {qs.SONNET_TPM: ["s1"], qs.HAIKU_TPM: []}


def test_open_requests_of_many_quotas_come_from_one_read_of_the_service_history(stubber, client):
    # Two pages of the service's history (no status filter), across quotas, terminal and unknown statuses.
    qs.stub_service_history(
        stubber,
        [
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000, status="PENDING", request_id="s-old", created_day=2),
            qs.request(qs.HAIKU_TPM, qs.HAIKU_TPM_NAME, 900000, status="APPROVED", request_id="h-done", created_day=3),
            qs.request(qs.BATCH_RECORDS, qs.BATCH_RECORDS_NAME, 10, status="PENDING", request_id="not-asked", created_day=4),
        ],
        next_token="page-2",
    )
    qs.stub_service_history(
        stubber,
        [
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 900000, status="CASE_OPENED", request_id="s-new", created_day=5),
            qs.request(qs.SONNET_RPM, qs.SONNET_RPM_NAME, 500, status="SOME_FUTURE_STATUS", request_id="r-future", created_day=6),
        ],
        token="page-2",
    )
    found = sq.open_requests_by_quota(client, "bedrock", [qs.SONNET_TPM, qs.HAIKU_TPM, qs.SONNET_RPM])
    stubber.assert_no_pending_responses()
    assert {code: [r["id"] for r in requests] for code, requests in found.items()} == {
        qs.SONNET_TPM: ["s-new", "s-old"],  # newest first
        qs.HAIKU_TPM: [],  # APPROVED is terminal
        qs.SONNET_RPM: ["r-future"],  # an unknown status counts as open
    }


def test_get_quota_falls_back_to_default_when_no_applied_value(stubber, client):
    default = qs.by_code(qs.DEFAULTS, qs.BATCH_RECORDS)
    stubber.add_response("get_aws_default_service_quota", {"Quota": default}, {"ServiceCode": "bedrock", "QuotaCode": qs.BATCH_RECORDS})
    client_error(stubber, "get_service_quota", "NoSuchResourceException", "The request failed because the specified service quota doesn't exist.")
    found = sq.get_quota(client, "bedrock", qs.BATCH_RECORDS)
    assert found["applied_value"] == 100.0 and found["default_value"] == 100.0


def test_get_quota_unknown_code_is_none(stubber, client):
    client_error(stubber, "get_aws_default_service_quota", "NoSuchResourceException", "The request failed because the specified service quota doesn't exist.")
    client_error(stubber, "get_service_quota", "NoSuchResourceException", "The request failed because the specified service quota doesn't exist.")
    assert sq.get_quota(client, "bedrock", "L-00000000") is None


def test_request_increase_sends_desired_value_as_number(stubber, client):
    stubber.add_response(
        "request_service_quota_increase",
        {"RequestedQuota": qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000)},
        {"ServiceCode": "bedrock", "QuotaCode": qs.SONNET_TPM, "DesiredValue": 800000.0},
    )
    made = sq.request_increase(client, "bedrock", qs.SONNET_TPM, 800000)
    stubber.assert_no_pending_responses()
    assert made["status"] == "PENDING" and made["desired_value"] == 800000.0

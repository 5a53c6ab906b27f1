# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.modules import quota_info
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import quota_samples as qs
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

BASE_ARGS = {"region": "us-east-1"}


@pytest.fixture
def aws():
    return StubbedAWS()


def test_pattern_selects_quotas_with_values_and_open_requests(aws):
    stubber = aws.stub("service-quotas")
    qs.stub_listing(stubber)
    # Sorted by name: the cross-region quota comes before the on-demand one.
    qs.stub_history(stubber, qs.CROSS_REGION_SONNET_TPM, [])
    qs.stub_history(
        stubber,
        qs.SONNET_TPM,
        [
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 600000, status="APPROVED", request_id="old", created_day=1),
            qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 900000, status="CASE_OPENED", request_id="open", created_day=5, case_id="171234567800001"),
        ],
    )
    outcome = run_module(quota_info.main, dict(BASE_ARGS, quota_name_pattern="tokens per minute.*Claude 3 Sonnet"), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    quotas = outcome.result["quotas"]
    assert [q["quota_code"] for q in quotas] == [qs.CROSS_REGION_SONNET_TPM, qs.SONNET_TPM]
    sonnet = quotas[1]
    assert (sonnet["applied_value"], sonnet["default_value"], sonnet["adjustable"]) == (600000.0, 400000.0, True)
    assert [(r["id"], r["status"], r["desired_value"]) for r in sonnet["open_requests"]] == [("open", "CASE_OPENED", 900000.0)]
    assert quotas[0]["open_requests"] == []


def test_open_requests_of_many_quotas_in_one_history_read(aws):
    stubber = aws.stub("service-quotas")
    qs.stub_listing(stubber)
    qs.stub_service_history(stubber, [qs.request(qs.HAIKU_TPM, qs.HAIKU_TPM_NAME, 700000, status="PENDING", request_id="h1")])
    outcome = run_module(quota_info.main, dict(BASE_ARGS, quota_codes=[qs.SONNET_TPM, qs.HAIKU_TPM, qs.SONNET_RPM]), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    requests = {q["quota_code"]: [r["id"] for r in q["open_requests"]] for q in outcome.result["quotas"]}
    assert requests == {qs.SONNET_TPM: [], qs.HAIKU_TPM: ["h1"], qs.SONNET_RPM: []}


def test_codes_without_requests_and_unknown_code_warns(aws):
    qs.stub_listing(aws.stub("service-quotas"))
    outcome = run_module(quota_info.main, dict(BASE_ARGS, quota_codes=[qs.BATCH_RECORDS, "L-00000000"], include_open_requests=False), aws)
    aws.assert_all_called()
    assert not outcome.failed
    assert [q["quota_code"] for q in outcome.result["quotas"]] == [qs.BATCH_RECORDS]
    assert "open_requests" not in outcome.result["quotas"][0]
    assert any("L-00000000" in w for w in outcome.result.get("warnings", []))


def test_no_filter_lists_every_quota(aws):
    qs.stub_listing(aws.stub("service-quotas"))
    outcome = run_module(quota_info.main, dict(BASE_ARGS, include_open_requests=False), aws)
    assert len(outcome.result["quotas"]) == len(qs.DEFAULTS)


def test_bad_pattern_fails_before_any_call(aws):
    outcome = run_module(quota_info.main, dict(BASE_ARGS, quota_name_pattern="Claude (3"), aws)
    assert outcome.failed
    assert "not a valid regular expression" in outcome.result["msg"]
    assert aws.stubbers == {}


def test_region_without_bedrock_fails_before_any_call(aws):
    outcome = run_module(quota_info.main, {"region": "xx-nowhere-9"}, aws)
    assert outcome.failed
    assert "xx-nowhere-9" in outcome.result["msg"]
    assert aws.stubbers == {}


def test_access_denied_keeps_aws_error_code_and_diagnosis(aws):
    client_error(
        aws.stub("service-quotas"),
        "list_service_quotas",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: servicequotas:ListServiceQuotas",
        status=400,
    )
    outcome = run_module(quota_info.main, BASE_ARGS, aws)
    assert outcome.failed
    assert outcome.result["error"]["code"] == "AccessDeniedException"
    assert outcome.result["diagnosis"]["code"] == "permission_denied"
    assert "servicequotas:ListServiceQuotas" in outcome.result["msg"]

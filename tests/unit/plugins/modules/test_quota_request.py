# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import functools

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import waiting
from ansible_collections.ticketflow.bedrock.plugins.modules import quota_request
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import quota_samples as qs
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

BASE_ARGS = {"region": "us-east-1"}
NEW_ID = "0b6f3e2a9c8d4e1fa7b5c3d2e1f0a9b8"


@pytest.fixture
def aws():
    return StubbedAWS()


@pytest.fixture
def sleeps(monkeypatch):
    """Record the waits instead of sleeping."""
    recorded = []
    monkeypatch.setattr(quota_request, "wait_until", functools.partial(waiting.wait_until, sleep=recorded.append))
    return recorded


def stub_by_code(stubber, code, applied_value=None):
    default = qs.by_code(qs.DEFAULTS, code)
    stubber.add_response("get_aws_default_service_quota", {"Quota": default}, {"ServiceCode": "bedrock", "QuotaCode": code})
    applied = dict(qs.by_code(qs.APPLIED, code))
    if applied_value is not None:
        applied["Value"] = float(applied_value)
    stubber.add_response("get_service_quota", {"Quota": applied}, {"ServiceCode": "bedrock", "QuotaCode": code})


def stub_request(stubber, code, name, desired, status="PENDING"):
    stubber.add_response(
        "request_service_quota_increase",
        {"RequestedQuota": qs.request(code, name, desired, status=status, request_id=NEW_ID, created_day=9)},
        {"ServiceCode": "bedrock", "QuotaCode": code, "DesiredValue": float(desired)},
    )


def test_met_quota_makes_no_request(aws):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=600000), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    assert outcome.result["request"] is None
    assert "already has the value" in outcome.result["msg"]


def test_desired_below_applied_is_an_error_without_request(aws):
    stub_by_code(aws.stub("service-quotas"), qs.SONNET_TPM)
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=500000), aws)
    aws.assert_all_called()
    assert outcome.failed
    assert "below the applied value 600000.0" in outcome.result["msg"]
    assert "only raises quotas" in outcome.result["msg"]


def test_not_adjustable_quota_is_support_case_guidance_without_request(aws):
    stubber = aws.stub("service-quotas")
    qs.stub_listing(stubber)
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_name=qs.BATCH_RECORDS_NAME, desired_value=1000), aws)
    aws.assert_all_called()  # the listing only: no RequestServiceQuotaIncrease was stubbed, none was made
    assert not outcome.failed
    assert outcome.result["changed"] is False
    assert outcome.result["support_case_required"] is True
    assert outcome.result["request"] is None
    assert "is not adjustable" in outcome.result["msg"]
    assert "Support case" in outcome.result["msg"]
    assert qs.BATCH_RECORDS in outcome.result["msg"]


def test_unknown_quota_name_suggests_closest_names(aws):
    qs.stub_listing(aws.stub("service-quotas"))
    outcome = run_module(
        quota_request.main,
        dict(BASE_ARGS, quota_name="On-demand InvokeModel tokens per minute for Anthropic Claude 3.5 Haiku", desired_value=3000000),
        aws,
    )
    assert outcome.failed
    assert outcome.result["suggestions"][0] == qs.HAIKU_TPM_NAME
    assert "closest names" in outcome.result["msg"]


def test_unknown_quota_code_fails_clearly(aws):
    stubber = aws.stub("service-quotas")
    client_error(stubber, "get_aws_default_service_quota", "NoSuchResourceException", "The request failed because the specified service quota doesn't exist.")
    client_error(stubber, "get_service_quota", "NoSuchResourceException", "The request failed because the specified service quota doesn't exist.")
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code="L-00000000", desired_value=10), aws)
    assert outcome.failed
    assert "No bedrock quota has the code L-00000000" in outcome.result["msg"]


def test_open_request_is_reported_and_not_duplicated(aws):
    stubber = aws.stub("service-quotas")
    qs.stub_listing(stubber)
    qs.stub_history(
        stubber,
        qs.HAIKU_TPM,
        [qs.request(qs.HAIKU_TPM, qs.HAIKU_TPM_NAME, 3000000, status="CASE_OPENED", request_id="open-1", case_id="171234567800002")],
    )
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_name_pattern="^On-demand.*tokens.*Haiku$", desired_value=3000000), aws)
    aws.assert_all_called()  # and no RequestServiceQuotaIncrease was queued, so none was made
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    assert outcome.result["request_open_before"] is True
    assert (outcome.result["request"]["id"], outcome.result["request"]["status"]) == ("open-1", "CASE_OPENED")
    assert "already open" in outcome.result["msg"] and "CASE_OPENED" in outcome.result["msg"]


def test_open_request_for_less_warns(aws):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.HAIKU_TPM)
    qs.stub_history(stubber, qs.HAIKU_TPM, [qs.request(qs.HAIKU_TPM, qs.HAIKU_TPM_NAME, 2500000, request_id="open-2")])
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.HAIKU_TPM, desired_value=3000000), aws)
    assert outcome.result["changed"] is False
    assert any("asks for 2500000.0, less than desired_value 3000000.0" in w for w in outcome.result["warnings"])


def test_check_mode_reports_the_request_without_making_it(aws):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    qs.stub_history(stubber, qs.SONNET_TPM, [qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 600000, status="APPROVED")])
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=800000), aws, check_mode=True, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert outcome.result["would_request"] == {"service_code": "bedrock", "quota_code": qs.SONNET_TPM, "desired_value": 800000.0}
    assert outcome.result["request"] is None
    assert outcome.result["diff"]["after"]["open_request"] == {"desired_value": 800000.0}


def test_request_is_made_when_not_met(aws):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    qs.stub_history(stubber, qs.SONNET_TPM, [])
    stub_request(stubber, qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000)
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=800000), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert (outcome.result["request"]["id"], outcome.result["request"]["status"]) == (NEW_ID, "PENDING")
    assert outcome.result["diff"]["before"]["open_request"] is None


def test_wait_until_approved_rereads_the_quota(aws, sleeps):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    qs.stub_history(stubber, qs.SONNET_TPM, [])
    stub_request(stubber, qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000)
    for status in ("PENDING", "CASE_OPENED", "APPROVED"):
        stubber.add_response(
            "get_requested_service_quota_change",
            {"RequestedQuota": qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000, status=status, request_id=NEW_ID)},
            {"RequestId": NEW_ID},
        )
    stub_by_code(stubber, qs.SONNET_TPM, applied_value=800000)
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=800000, wait=True, wait_timeout=60, wait_delay=2), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["request"]["status"] == "APPROVED"
    assert outcome.result["quota"]["applied_value"] == 800000.0
    assert sleeps == [2, 2]


def test_wait_ending_denied_fails_and_reports_change(aws, sleeps):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    qs.stub_history(stubber, qs.SONNET_TPM, [])
    stub_request(stubber, qs.SONNET_TPM, qs.SONNET_TPM_NAME, 5000000)
    stubber.add_response(
        "get_requested_service_quota_change",
        {"RequestedQuota": qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 5000000, status="DENIED", request_id=NEW_ID, case_id="171234567800003")},
        {"RequestId": NEW_ID},
    )
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=5000000, wait=True, wait_delay=1), aws)
    assert outcome.failed
    assert outcome.result["changed"] is True
    assert "ended DENIED" in outcome.result["msg"] and "171234567800003" in outcome.result["msg"]
    assert sleeps == []


def test_wait_timeout_fails_with_the_open_request(aws, sleeps):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    qs.stub_history(stubber, qs.SONNET_TPM, [])
    stub_request(stubber, qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000)
    stubber.add_response(
        "get_requested_service_quota_change",
        {"RequestedQuota": qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000, status="CASE_OPENED", request_id=NEW_ID)},
        {"RequestId": NEW_ID},
    )
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=800000, wait=True, wait_timeout=0), aws)
    assert outcome.failed
    assert outcome.result["changed"] is True
    assert "still CASE_OPENED after 0 seconds" in outcome.result["msg"]
    assert outcome.result["request"]["id"] == NEW_ID


def test_request_racing_another_run_reports_its_request(aws):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    qs.stub_history(stubber, qs.SONNET_TPM, [])
    client_error(
        stubber, "request_service_quota_increase", "ResourceAlreadyExistsException", "Only one open service quota increase request is allowed per quota."
    )
    qs.stub_history(stubber, qs.SONNET_TPM, [qs.request(qs.SONNET_TPM, qs.SONNET_TPM_NAME, 800000, request_id="other-run")])
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=800000), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    assert outcome.result["request"]["id"] == "other-run"


def test_aws_refusal_keeps_error_code(aws):
    stubber = aws.stub("service-quotas")
    stub_by_code(stubber, qs.SONNET_TPM)
    qs.stub_history(stubber, qs.SONNET_TPM, [])
    client_error(stubber, "request_service_quota_increase", "QuotaExceededException", "You have exceeded the number of open quota increase requests.")
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=800000), aws)
    assert outcome.failed
    assert outcome.result["error"]["code"] == "QuotaExceededException"
    assert "diagnosis" in outcome.result


@pytest.mark.parametrize("desired", [0, -5, float("nan")])
def test_desired_value_must_be_positive_before_any_call(aws, desired):
    outcome = run_module(quota_request.main, dict(BASE_ARGS, quota_code=qs.SONNET_TPM, desired_value=desired), aws)
    assert outcome.failed
    assert "greater than zero" in outcome.result["msg"]
    assert aws.stubbers == {}


def test_quota_selector_is_required(aws):
    outcome = run_module(quota_request.main, dict(BASE_ARGS, desired_value=10), aws)
    assert outcome.failed
    assert "one of the following is required" in outcome.result["msg"]

"""The front door: control API, call log, faults, clock skew, unimplemented operations."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import botocore.auth
import pytest
from botocore.exceptions import ClientError

from local_aws.identify import is_mutating

REPO = Path(__file__).resolve().parents[2]


# --- control API -----------------------------------------------------------


def test_health(control):
    assert control.request("GET", "health") == (200, {"status": "ok"})


def test_unknown_control_path_is_404(control):
    status, body = control.request("GET", "nope")
    assert status == 404
    assert "/health" in body["error"]


def test_config_defaults_and_partial_update(control):
    assert control.config() == {
        "agreement_pending_seconds": 2,
        "quota_request_step_seconds": 1,
        "quota_request_outcome": "APPROVED",
        "reply_text": "Hello! How can I help you today?",
        "clock_offset_seconds": 0,
        "iam_enforcement": False,
        "clock_pinned_at": "2026-12-01T12:00:00Z",  # conftest pins the calendar through $LOCAL_AWS_CLOCK
        "legacy_inactivity_days": 15,
        "marketplace_subscription_outcome": "SUCCEEDED",
        "daily_token_quota_enforcement": False,
        "root_access_key_ids": ["testing"],
        "account_root_access_key_ids": {},
    }
    updated = control.config(reply_text="Hi", quota_request_outcome="DENIED")
    assert updated["reply_text"] == "Hi"
    assert updated["quota_request_outcome"] == "DENIED"
    assert updated["agreement_pending_seconds"] == 2


@pytest.mark.parametrize(
    "payload",
    [{"no_such_setting": 1}, {"quota_request_outcome": "MAYBE"}, {"iam_enforcement": "yes"}, {"agreement_pending_seconds": -1}],
)
def test_config_rejects_bad_updates_whole(control, payload):
    status, body = control.request("POST", "config", payload)
    assert status == 400
    assert "error" in body
    assert control.config()["quota_request_outcome"] == "APPROVED"


def test_reset_clears_moto_state_settings_faults_and_calls(control, client):
    iam = client("iam")
    iam.create_role(RoleName="before-reset", AssumeRolePolicyDocument="{}")
    control.config(reply_text="changed", clock_offset_seconds=30)
    control.fault(service="sts", operation="GetCallerIdentity", count=5, error_code="AccessDenied")
    assert control.calls()

    control.reset()

    assert control.calls() == []
    assert control.request("GET", "faults")[1] == {"faults": []}
    assert control.config()["reply_text"] == "Hello! How can I help you today?"
    assert control.config()["clock_offset_seconds"] == 0
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == []
    client("sts").get_caller_identity()  # the fault is gone


def test_reset_runs_extension_reset_hooks(control):
    from local_aws import settings

    seen = []
    hook = settings.on_reset(lambda: seen.append("reset"))
    try:
        control.reset()
        assert seen == ["reset"]
    finally:
        settings._reset_hooks.remove(hook)


# --- call log ----------------------------------------------------------------


def test_call_log_records_service_operation_region_mutating_status(control, client):
    client("iam").create_role(RoleName="logged", AssumeRolePolicyDocument="{}")  # query protocol
    client("ec2", region="eu-west-1").describe_vpcs()  # ec2 protocol
    client("logs", region="eu-central-1").describe_log_groups()  # json protocol
    client("s3").list_buckets()  # rest-xml
    with pytest.raises(ClientError):
        client("iam").get_role(RoleName="missing")

    calls = control.calls()
    assert calls == [
        {"service": "iam", "operation": "CreateRole", "region": "us-east-1", "mutating": True, "status": 200, "fault": False},
        {"service": "ec2", "operation": "DescribeVpcs", "region": "eu-west-1", "mutating": False, "status": 200, "fault": False},
        {"service": "logs", "operation": "DescribeLogGroups", "region": "eu-central-1", "mutating": False, "status": 200, "fault": False},
        {"service": "s3", "operation": "ListBuckets", "region": "us-east-1", "mutating": False, "status": 200, "fault": False},
        {"service": "iam", "operation": "GetRole", "region": "us-east-1", "mutating": False, "status": 404, "fault": False},
    ]


def test_call_log_tells_bedrock_services_apart(control, client):
    """bedrock and bedrock-runtime share the signing name 'bedrock'."""
    for service, call in (
        ("bedrock", lambda c: c.get_model_invocation_logging_configuration()),
        ("bedrock-runtime", lambda c: c.invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", body=b"{}")),
    ):
        try:
            call(client(service))
        except ClientError:
            pass  # whatever the answer, the call is logged under the right service
    assert [(c["service"], c["operation"]) for c in control.calls()] == [
        ("bedrock", "GetModelInvocationLoggingConfiguration"),
        ("bedrock-runtime", "InvokeModel"),
    ]


def test_control_requests_are_not_logged_and_calls_can_be_cleared(control, client):
    control.config()
    control.request("GET", "health")
    assert control.calls() == []
    client("sts").get_caller_identity()
    assert len(control.calls()) == 1
    control.clear_calls()
    assert control.calls() == []


@pytest.mark.parametrize(
    ("operation", "mutating"),
    [
        ("GetRole", False),
        ("ListFoundationModels", False),
        ("DescribeVpcs", False),
        ("HeadBucket", False),
        ("SimulatePrincipalPolicy", False),
        ("LookupEvents", False),
        ("BatchGetItem", False),
        ("InvokeModel", False),
        ("Converse", False),
        ("ConverseStream", False),
        ("PutUseCaseForModelAccess", True),
        ("CreateRole", True),
        ("PutBucketPolicy", True),
        ("DeleteBudget", True),
        ("RequestServiceQuotaIncrease", True),
        ("CreateFoundationModelAgreement", True),
        ("BatchWriteItem", True),
        (None, True),
    ],
)
def test_mutating_classification(operation, mutating):
    assert is_mutating(operation) is mutating


# --- faults ------------------------------------------------------------------


def test_fault_fails_next_n_calls_json_protocol(control, client):
    control.fault(
        service="logs",
        operation="DescribeLogGroups",
        count=2,
        error_code="ThrottlingException",
        status=429,
        message="Rate exceeded",
    )
    logs = client("logs")
    for _ in range(2):
        with pytest.raises(ClientError) as caught:
            logs.describe_log_groups()
        error = caught.value.response
        assert error["Error"]["Code"] == "ThrottlingException"
        assert error["Error"]["Message"] == "Rate exceeded"
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 429
    logs.describe_log_groups()  # the third call passes
    assert [(c["status"], c["fault"]) for c in control.calls()] == [(429, True), (429, True), (200, False)]


def test_latency_fault_of_every_service(control, client):
    control.fault(service="*", count=2, latency_ms=30)
    started = time.monotonic()
    client("sts").get_caller_identity()
    client("iam").list_roles()
    delayed = time.monotonic() - started
    client("logs").describe_log_groups()  # both uses are spent: no delay, no fault
    assert delayed >= 0.06
    assert [(c["service"], c["status"], c["fault"]) for c in control.calls()] == [("sts", 200, True), ("iam", 200, True), ("logs", 200, False)]


def test_fault_only_matches_its_operation(control, client):
    control.fault(service="logs", operation="DescribeLogGroups", error_code="AccessDeniedException")
    client("logs").describe_metric_filters()  # a different operation: moto answers
    assert control.calls()[-1] == {
        "service": "logs",
        "operation": "DescribeMetricFilters",
        "region": "us-east-1",
        "mutating": False,
        "status": 200,
        "fault": False,
    }
    with pytest.raises(ClientError) as caught:
        client("logs").describe_log_groups()
    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_fault_query_protocol_is_xml_shaped(control, client):
    control.fault(service="iam", operation="ListRoles", error_code="AccessDenied", status=403, message="User is not authorized")
    with pytest.raises(ClientError) as caught:
        client("iam").list_roles()
    assert caught.value.response["Error"] == {"Code": "AccessDenied", "Message": "User is not authorized", "Type": "Sender"}
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_fault_ec2_and_rest_xml_shapes(control, client):
    control.fault(service="ec2", operation="DescribeVpcs", error_code="RequestLimitExceeded", status=503, message="Request limit exceeded.")
    control.fault(service="s3", operation="ListBuckets", error_code="InternalError", status=500, message="We encountered an internal error.")
    with pytest.raises(ClientError) as caught:
        client("ec2").describe_vpcs()
    assert caught.value.response["Error"]["Code"] == "RequestLimitExceeded"
    assert caught.value.response["Error"]["Message"] == "Request limit exceeded."
    with pytest.raises(ClientError) as caught:
        client("s3").list_buckets()
    assert caught.value.response["Error"]["Code"] == "InternalError"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_fault_rest_json_by_signing_name_any_operation(control, client):
    control.fault(service="bedrock", count=1, error_code="ServiceUnavailableException", status=503, message="Service unavailable")
    with pytest.raises(ClientError) as caught:
        client("bedrock-runtime").invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", body=b"{}")
    assert caught.value.response["Error"]["Code"] == "ServiceUnavailableException"
    assert caught.value.response["Error"]["Message"] == "Service unavailable"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_throttling_fault_is_retried_by_botocore(control, client):
    """A 429 ThrottlingException is retryable: with retries on, the caller sees success."""
    control.fault(service="sts", operation="GetCallerIdentity", count=2, error_code="ThrottlingException", status=429)
    sts = client("sts", retries={"total_max_attempts": 3, "mode": "standard"})
    assert sts.get_caller_identity()["Account"] == "123456789012"
    assert [c["status"] for c in control.calls()] == [429, 429, 200]


def test_transient_5xx_is_retried_by_botocore_then_succeeds(control, client):
    """A 500 InternalServerException is retryable: two failures, then the third attempt answers."""
    control.fault(
        service="bedrock",
        operation="ListFoundationModels",
        count=2,
        error_code="InternalServerException",
        status=500,
        message="The server encountered an internal error.",
    )
    bedrock = client("bedrock", retries={"total_max_attempts": 3, "mode": "standard"})
    assert bedrock.list_foundation_models()["modelSummaries"]
    assert [(c["operation"], c["status"], c["fault"]) for c in control.calls()] == [
        ("ListFoundationModels", 500, True),
        ("ListFoundationModels", 500, True),
        ("ListFoundationModels", 200, False),
    ]
    assert control.request("GET", "faults")[1] == {"faults": []}


def test_latency_only_fault_delays_then_passes(control, client):
    control.fault(service="sts", operation="GetCallerIdentity", count=1, latency_ms=300)
    sts = client("sts")
    start = time.monotonic()
    sts.get_caller_identity()
    delayed = time.monotonic() - start
    assert delayed >= 0.3
    assert control.calls()[0]["fault"] is True
    assert control.calls()[0]["status"] == 200
    assert control.request("GET", "faults")[1] == {"faults": []}


def test_fault_with_error_and_latency(control, client):
    control.fault(service="sts", error_code="InternalFailure", status=500, latency_ms=200)
    start = time.monotonic()
    with pytest.raises(ClientError) as caught:
        client("sts").get_caller_identity()
    assert time.monotonic() - start >= 0.2
    assert caught.value.response["Error"]["Code"] == "InternalFailure"


@pytest.mark.parametrize(
    "spec",
    [
        {"operation": "X", "error_code": "E"},
        {"service": "sts"},
        {"service": "sts", "error_code": "E", "count": 0},
        {"service": "sts", "error_code": "E", "status": 200},
        {"service": "sts", "error_code": "E", "colour": "red"},
    ],
)
def test_bad_fault_specs_are_rejected(control, spec):
    status, body = control.request("POST", "faults", spec)
    assert status == 400
    assert body["error"]
    assert control.request("GET", "faults")[1] == {"faults": []}


def test_faults_can_be_listed_and_cleared(control, client):
    control.fault(service="sts", error_code="AccessDenied", count=4)
    pending = control.request("GET", "faults")[1]["faults"]
    assert pending[0]["count"] == 4
    assert pending[0]["status"] == 403
    control.clear_faults()
    client("sts").get_caller_identity()


# --- clock skew ----------------------------------------------------------------


def _signed_at(moment: datetime.datetime):
    return mock.patch.object(botocore.auth, "get_current_datetime", return_value=moment.replace(tzinfo=None))


def test_request_signed_ten_minutes_ago_is_rejected_json(client):
    logs = client("logs")
    signed = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(minutes=10)
    with _signed_at(signed), pytest.raises(ClientError) as caught:
        logs.describe_log_groups()
    error = caught.value.response["Error"]
    assert error["Code"] == "InvalidSignatureException"
    stamp = signed.strftime("%Y%m%dT%H%M%SZ")
    assert error["Message"].startswith(f"Signature expired: {stamp} is now earlier than ")
    assert error["Message"].endswith(" - 5 min.)")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_request_signed_in_the_future_is_rejected_rest_json(client):
    bedrock = client("bedrock")
    signed = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=7)
    with _signed_at(signed), pytest.raises(ClientError) as caught:
        bedrock.get_model_invocation_logging_configuration()
    error = caught.value.response["Error"]
    assert error["Code"] == "InvalidSignatureException"
    assert error["Message"].startswith("Signature not yet current: ")
    assert error["Message"].endswith(" + 5 min.)")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_server_clock_offset_rejects_query_requests(control, client):
    control.config(clock_offset_seconds=600)
    with pytest.raises(ClientError) as caught:
        client("sts").get_caller_identity()
    error = caught.value.response["Error"]
    assert error["Code"] == "SignatureDoesNotMatch"
    # "Signature expired: <signed> is now earlier than <server-5min> (<server> - 5 min.)"
    words = error["Message"].split()
    signed, limit, server_now = words[2], words[7], words[8].lstrip("(")
    fmt = "%Y%m%dT%H%M%SZ"
    as_time = lambda s: datetime.datetime.strptime(s, fmt)  # noqa: E731
    assert as_time(server_now) - as_time(limit) == datetime.timedelta(minutes=5)
    assert 595 <= (as_time(server_now) - as_time(signed)).total_seconds() <= 605
    assert control.calls()[-1]["status"] == 403


def test_skew_within_five_minutes_is_accepted(control, client):
    control.config(clock_offset_seconds=240)
    assert client("sts").get_caller_identity()["Account"] == "123456789012"


def test_ec2_and_s3_skew_errors(control, client):
    control.config(clock_offset_seconds=-3600)
    with pytest.raises(ClientError) as caught:
        client("ec2").describe_vpcs()
    assert caught.value.response["Error"]["Code"] == "RequestExpired"
    with pytest.raises(ClientError) as caught:
        client("s3").list_buckets()
    assert caught.value.response["Error"]["Code"] == "RequestTimeTooSkewed"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


# --- unimplemented operations -----------------------------------------------------


def test_unimplemented_operation_is_aws_shaped_and_not_retried(control, client):
    """moto raises NotImplementedError for this one; botocore must see a non-retryable AWS error."""
    sns = client("sns", retries={"total_max_attempts": 5, "mode": "standard"})
    with pytest.raises(ClientError) as caught:
        sns.get_data_protection_policy(ResourceArn="arn:aws:sns:us-east-1:123456789012:t")
    error = caught.value.response
    assert error["Error"]["Code"] == "NotImplemented"
    assert "GetDataProtectionPolicy" in error["Error"]["Message"]
    assert "not implemented by the local AWS endpoint" in error["Error"]["Message"]
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert error["ResponseMetadata"]["RetryAttempts"] == 0
    assert len(control.calls()) == 1


def test_unimplemented_json_operation(client):
    with pytest.raises(ClientError) as caught:
        client("logs").describe_import_tasks()
    assert caught.value.response["Error"]["Code"] == "NotImplemented"
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 0


# --- start-up check ------------------------------------------------------------


def test_startup_fails_loudly_when_moto_grew_an_added_operation():
    """Simulate a newer moto that implements UpdateBudget: `python -m local_aws` must refuse to start."""
    code = (
        "import moto.budgets.responses as r\n"
        "r.BudgetsResponse.update_budget = lambda self: None\n"
        "from local_aws.__main__ import main\n"
        "raise SystemExit(main(['--port', '0']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, cwd=REPO)
    assert result.returncode != 0
    assert "start-up check failed" in result.stderr
    assert "update_budget" in result.stderr


def test_operation_moto_cannot_route_is_not_implemented(control, client):
    """moto answers an empty text/html 404 when its Response class finds no action."""
    agents = client("bedrock-agent-runtime")
    with pytest.raises(ClientError) as caught:
        agents.retrieve(knowledgeBaseId="KB12345678", retrievalQuery={"text": "hello"})
    assert caught.value.response["Error"]["Code"] == "NotImplemented"
    assert "Retrieve" in caught.value.response["Error"]["Message"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert control.calls()[0]["service"] == "bedrock-agent-runtime"


def test_service_without_moto_backend_is_not_implemented(control, client):
    with pytest.raises(ClientError) as caught:
        client("freetier").get_free_tier_usage()
    assert caught.value.response["Error"]["Code"] == "NotImplemented"
    assert "GetFreeTierUsage" in caught.value.response["Error"]["Message"]
    assert control.calls()[0]["status"] == 501

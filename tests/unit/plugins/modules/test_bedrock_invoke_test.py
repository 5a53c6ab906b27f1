# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""bedrock_invoke_test main() against Stubber-backed bedrock-runtime, bedrock and STS clients.

Every client the module creates is a real botocore client with a Stubber
attached: requests are validated against the service model, and an
unexpected call fails the test.
"""

import io
import json
import socket

import pytest
from ansible.module_utils.testing import patch_module_args
from botocore.response import StreamingBody

from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_invoke_test

REGION = "us-east-1"
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
US_HAIKU = "us." + HAIKU  # Haiku 4.5 is profile only: probes call its us. profile
SONNET_46 = "anthropic.claude-sonnet-4-6"  # profile only, unversioned ID
SESSION_SECRET = "Zk9vQmFyU2VjcmV0S2V5VGhhdE11c3ROb3RMZWFr0"
CONVERSE_REPLY = {
    "output": {"message": {"role": "assistant", "content": [{"text": "Hello! How can I help you today?"}]}},
    "stopReason": "end_turn",
    "usage": {"inputTokens": 14, "outputTokens": 10, "totalTokens": 24},
    "metrics": {"latencyMs": 412},
}
THROTTLED = ("ThrottlingException", "Too many requests, please wait before trying again.", 429)


def run_module(capsys, **args):
    """Run main() with ``args``; return (failed, result)."""
    args.setdefault("region", REGION)
    with patch_module_args(args):
        with pytest.raises(SystemExit) as exited:
            bedrock_invoke_test.main()
    result = json.loads(capsys.readouterr().out)
    assert bool(result.get("failed")) == (exited.value.code != 0)
    return bool(result.get("failed")), result


def converse_params(model_id=US_HAIKU, max_tokens=64, temperature=None, prompt="Say hello in one sentence."):
    config = {"maxTokens": max_tokens}
    if temperature is not None:
        config["temperature"] = temperature
    return {"modelId": model_id, "messages": [{"role": "user", "content": [{"text": prompt}]}], "inferenceConfig": config}


def anthropic_body(text="Hello there.", stop_reason="end_turn", output_tokens=4):
    # Answer of the seed plan's model (used only by the seed-plan test below).
    body = json.dumps(
        {
            "id": "msg_bdrk_017",
            "type": "message",
            "role": "assistant",
            "model": "claude-3-sonnet-20240229",
            "content": [{"type": "text", "text": text}],
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": {"input_tokens": 13, "output_tokens": output_tokens},
        }
    ).encode()
    return {"body": StreamingBody(io.BytesIO(body), len(body)), "contentType": "application/json"}


def test_converse_success_reports_reply_usage_and_latency(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU)
    assert not failed
    assert result["changed"] is False
    assert result["passed"] is True and result["invoked"] is True
    assert result["reply_text"] == "Hello! How can I help you today?"
    assert result["stop_reason"] == "end_turn"
    assert result["usage"] == {"input_tokens": 14, "output_tokens": 10, "total_tokens": 24}
    assert result["server_latency_ms"] == 412
    assert result["latency_ms"] >= 0 and result["samples"] == 1
    assert "latency" not in result and "diagnosis" not in result
    runtime.assert_no_pending_responses()


def test_invoke_model_sends_the_seed_plan_body(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    # The seed plan's own model ID (Claude 3 Sonnet, end of life 2026-07-30), kept on purpose: this test
    # checks the request body the plan sends against a stub, not that the retired model still answers.
    model = "anthropic.claude-3-sonnet-20240229-v1:0"
    expected_body = json.dumps(
        {
            "anthropic_version": "bedrock-2023-05-31",
            "max_tokens": 64,
            "messages": [{"role": "user", "content": [{"type": "text", "text": "Say hello in one sentence."}]}],
            "temperature": 0.3,
        }
    )
    runtime.add_response(
        "invoke_model",
        anthropic_body("Hello there."),
        {"modelId": model, "contentType": "application/json", "accept": "application/json", "body": expected_body},
    )
    failed, result = run_module(capsys, model_id=model, api="invoke_model", temperature=0.3)
    assert not failed
    assert result["api"] == "invoke_model"
    assert result["reply_text"] == "Hello there."
    assert result["usage"] == {"input_tokens": 13, "output_tokens": 4, "total_tokens": 17}
    assert result["server_latency_ms"] is None


def test_samples_give_latency_percentiles_and_total_usage(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    for _dummy in range(3):
        runtime.add_response("converse", CONVERSE_REPLY, converse_params(max_tokens=16))
    failed, result = run_module(capsys, model_id=US_HAIKU, samples=3, max_tokens=16)
    assert not failed
    assert result["samples"] == 3
    assert set(result["latency"]) == {"min_ms", "max_ms", "mean_ms", "p50_ms", "p95_ms"}
    assert result["latency"]["min_ms"] <= result["latency"]["p50_ms"] <= result["latency"]["p95_ms"]
    assert result["total_usage"] == {"input_tokens": 42, "output_tokens": 30, "total_tokens": 72}
    runtime.assert_no_pending_responses()


def test_check_mode_validates_but_does_not_invoke(aws, capsys):
    failed, result = run_module(capsys, model_id=US_HAIKU, _ansible_check_mode=True)
    assert not failed
    assert result["invoked"] is False and result["changed"] is False
    assert "passed" not in result
    assert aws.created == []


def test_check_mode_invokes_when_asked(aws, capsys):
    aws.stub("bedrock-runtime").add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, _ansible_check_mode=True, run_in_check_mode=True)
    assert not failed and result["passed"] is True and result["changed"] is False


def test_no_model_access_fails_with_diagnosis_and_the_aws_error_code(aws, capsys):
    aws.stub("bedrock-runtime").add_client_error("converse", "AccessDeniedException", "You don't have access to the model with the specified model ID.", 403)
    failed, result = run_module(capsys, model_id=US_HAIKU)
    assert failed
    assert result["passed"] is False
    assert result["diagnosis"]["code"] == "model_access_not_granted"
    assert result["diagnosis"]["aws_error_code"] == "AccessDeniedException"
    assert result["error"]["code"] == "AccessDeniedException"
    assert "[model_access_not_granted]" in result["msg"]
    assert "You don't have access to the model" in result["msg"]


def test_report_only_is_ok_with_passed_false(aws, capsys):
    aws.stub("bedrock-runtime").add_client_error("converse", "AccessDeniedException", "You don't have access to the model with the specified model ID.", 403)
    failed, result = run_module(capsys, model_id=US_HAIKU, fail_on_error=False)
    assert not failed
    assert result["passed"] is False and result["changed"] is False
    assert result["diagnosis"]["code"] == "model_access_not_granted"


def test_bare_profile_only_model_suggests_the_profile_from_the_catalog(aws, capsys):
    aws.stub("bedrock-runtime").add_client_error(
        "converse",
        "ValidationException",
        "Invocation of model ID %s with on-demand throughput isn\u2019t supported. Retry your request with the ID or "
        "ARN of an inference profile that contains this model." % SONNET_46,
        400,
    )
    bedrock = aws.stub("bedrock")
    bedrock.add_response(
        "list_foundation_models",
        {
            "modelSummaries": [
                {
                    "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/" + SONNET_46,
                    "modelId": SONNET_46,
                    "providerName": "Anthropic",
                    "inferenceTypesSupported": ["INFERENCE_PROFILE"],
                }
            ]
        },
        {},
    )
    bedrock.add_response(
        "list_inference_profiles",
        {
            "inferenceProfileSummaries": [
                {
                    "inferenceProfileName": "US Anthropic Claude Sonnet 4.6",
                    "inferenceProfileId": "us." + SONNET_46,
                    "inferenceProfileArn": "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + SONNET_46,
                    "models": [
                        {"modelArn": "arn:aws:bedrock:%s::foundation-model/%s" % (region, SONNET_46)} for region in ("us-east-1", "us-east-2", "us-west-2")
                    ],
                    "status": "ACTIVE",
                    "type": "SYSTEM_DEFINED",
                }
            ]
        },
        {"typeEquals": "SYSTEM_DEFINED"},
    )
    failed, result = run_module(capsys, model_id=SONNET_46)
    assert failed
    assert result["diagnosis"]["code"] == "inference_profile_required"
    assert result["diagnosis"]["suggestions"] == ["us." + SONNET_46]


def test_unreadable_catalog_still_diagnoses(aws, capsys):
    aws.stub("bedrock-runtime").add_client_error("converse", "ValidationException", "The provided model identifier is invalid.", 400)
    aws.stub("bedrock").add_client_error("list_foundation_models", "AccessDeniedException", "denied", 403)
    failed, result = run_module(capsys, model_id="anthropic.claude-haiku-4-5-20251001-v9:0")
    assert failed
    assert result["diagnosis"]["code"] == "model_id_unknown"
    assert "suggestions" not in result["diagnosis"]


def test_short_throttling_burst_is_retried_to_success(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    for _dummy in range(3):
        runtime.add_client_error("converse", *THROTTLED)
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, retries=3)
    assert not failed and result["passed"] is True
    runtime.assert_no_pending_responses()


def test_long_throttling_burst_fails_as_throttled_or_quota(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    for _dummy in range(3):
        runtime.add_client_error("converse", *THROTTLED)
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, retries=2)
    assert failed
    assert result["diagnosis"]["code"] == "throttled_or_quota"
    assert result["diagnosis"]["retryable"] is True
    assert result["samples"] == 0
    # The first call and 2 retries used the three throttled answers; the success is still queued.
    assert aws.clients["bedrock-runtime"].converse(**converse_params())["stopReason"] == "end_turn"
    runtime.assert_no_pending_responses()


def test_quota_at_zero_is_not_retried(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    runtime.add_client_error("converse", "ThrottlingException", "Too many tokens per day, please wait before trying again.", 429)
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, retries=3)
    assert failed
    assert result["diagnosis"]["code"] == "quota_zero"
    # Not retried: the success is still queued.
    assert aws.clients["bedrock-runtime"].converse(**converse_params())["stopReason"] == "end_turn"
    runtime.assert_no_pending_responses()


def assume_role_reply():
    """STS's AssumeRole answer for the runtime role, its secret being SESSION_SECRET."""
    return {
        "Credentials": {
            "AccessKeyId": "ASIAEXAMPLEEXAMPLE01",
            "SecretAccessKey": SESSION_SECRET,
            "SessionToken": "FwoGZXIvYXdzEXAMPLETOKEN",
            "Expiration": "2030-01-01T00:00:00Z",
        },
        "AssumedRoleUser": {"AssumedRoleId": "AROAEXAMPLE:probe", "Arn": "arn:aws:sts::123456789012:assumed-role/ticketflow-bedrock-runtime/probe"},
    }


def test_role_is_assumed_and_its_session_used_without_leaking_the_secret(aws, capsys):
    role = "arn:aws:iam::123456789012:role/ticketflow-bedrock-runtime"
    aws.stub("sts").add_response(
        "assume_role",
        assume_role_reply(),
        {"RoleArn": role, "RoleSessionName": "probe", "ExternalId": "tf-ext-1"},
    )
    aws.stub("bedrock-runtime").add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, role_arn=role, role_session_name="probe", external_id="tf-ext-1")
    assert not failed
    assert result["assumed_role_arn"] == "arn:aws:sts::123456789012:assumed-role/ticketflow-bedrock-runtime/probe"
    runtime_kwargs = [kwargs for service, kwargs in aws.created if service == "bedrock-runtime"][0]
    assert runtime_kwargs["aws_access_key_id"] == "ASIAEXAMPLEEXAMPLE01"
    assert runtime_kwargs["aws_secret_access_key"] == SESSION_SECRET
    assert runtime_kwargs["aws_session_token"] == "FwoGZXIvYXdzEXAMPLETOKEN"
    assert SESSION_SECRET not in json.dumps(result)


def test_denied_role_assumption_is_diagnosed_as_such(aws, capsys):
    role = "arn:aws:iam::123456789012:role/ticketflow-bedrock-runtime"
    aws.stub("sts").add_client_error(
        "assume_role", "AccessDenied", "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: sts:AssumeRole on resource: " + role, 403
    )
    failed, result = run_module(capsys, model_id=US_HAIKU, role_arn=role)
    assert failed
    assert result["msg"].startswith("Assuming role %s failed [assume_role_failed]" % role)
    assert result["diagnosis"]["denied_action"] == "sts:AssumeRole"
    assert result["diagnosis"]["operation"] == "AssumeRole"
    assert "bedrock-runtime" not in [service for service, kwargs in aws.created]


def test_a_missing_role_is_an_assume_role_failure_not_a_model_problem(aws, capsys):
    role = "arn:aws:iam::123456789012:role/does-not-exist"
    aws.stub("sts").add_client_error("assume_role", "NoSuchEntity", "The role with name does-not-exist cannot be found.", 404)
    failed, result = run_module(capsys, model_id=US_HAIKU, role_arn=role)
    assert failed
    assert result["diagnosis"]["code"] == "assume_role_failed"
    assert "does-not-exist" in result["diagnosis"]["summary"]
    assert "trust policy" in result["diagnosis"]["hint"]


def test_a_throttled_assume_role_is_retried_and_then_invokes(aws, capsys, monkeypatch):
    from ansible_collections.amazon.aws.plugins.module_utils import cloud

    monkeypatch.setattr(cloud.time, "sleep", lambda seconds: None)
    role = "arn:aws:iam::123456789012:role/ticketflow-bedrock-runtime"
    sts = aws.stub("sts")
    sts.add_client_error("assume_role", "Throttling", "Rate exceeded", 400)
    sts.add_response(
        "assume_role",
        assume_role_reply(),
    )
    aws.stub("bedrock-runtime").add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, role_arn=role)
    assert not failed, result


@pytest.mark.parametrize(
    "role_arn", ["*", "arn:aws:iam::123456789012:role/*", "ticketflow-bedrock-runtime", "arn:aws:iam::123456789012:user/ops", "arn:aws:iam::12345:role/x"]
)
def test_bad_role_arns_are_refused_before_any_call(aws, capsys, role_arn):
    failed, result = run_module(capsys, model_id=US_HAIKU, role_arn=role_arn)
    assert failed
    assert result["diagnosis"]["code"] == "invalid_request"
    assert "role_arn" in result["msg"]
    assert aws.created == []


def test_no_retries_means_one_attempt(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    runtime.add_client_error("converse", *THROTTLED)
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, retries=0)
    assert failed and result["diagnosis"]["code"] == "throttled_or_quota"
    assert aws.clients["bedrock-runtime"].converse(**converse_params())["stopReason"] == "end_turn"


@pytest.mark.parametrize(
    "args, code, fragment",
    [
        ({"samples": 21}, "invalid_request", "samples must be between 1 and 20"),
        ({"samples": 0}, "invalid_request", "samples must be between 1 and 20"),
        ({"max_tokens": 0}, "invalid_request", "max_tokens"),
        ({"temperature": 1.5}, "invalid_request", "temperature"),
        ({"model_id": "claude-3-haiku"}, "model_id_unknown", "provider prefix"),
        ({"model_id": "eu." + HAIKU}, "wrong_region", "eu geography"),
        ({"model_id": "arn:aws:bedrock:eu-west-1::foundation-model/" + HAIKU}, "wrong_region", "eu-west-1"),
        ({"model_id": "amazon.titan-text-express-v1", "api": "invoke_model"}, "invalid_request", "not an Anthropic"),
    ],
)
def test_bad_input_fails_before_any_aws_call(aws, capsys, args, code, fragment):
    args = dict({"model_id": US_HAIKU}, **args)
    failed, result = run_module(capsys, **args)
    assert failed
    assert fragment in result["msg"]
    assert result["diagnosis"]["code"] == code
    assert aws.created == []


def test_closed_endpoint_is_endpoint_unreachable(monkeypatch, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    failed, result = run_module(
        capsys,
        model_id=US_HAIKU,
        endpoint_url="http://127.0.0.1:%d" % port,
        access_key="testing",
        secret_key="testing",
        aws_config={"retries": {"total_max_attempts": 1}, "connect_timeout": 2},
    )
    assert failed
    assert result["diagnosis"]["code"] == "endpoint_unreachable"
    assert result["diagnosis"]["aws_error_code"] is None
    assert "127.0.0.1:%d" % port in result["msg"]


MARKETPLACE_DENIED = (
    "AccessDeniedException",
    "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions "
    "(aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock "
    "User Guide for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. "
    "If you recently fixed this issue, try again after 2 minutes.",
    403,
)


def test_answered_then_denied_after_the_subscription_window_fails(aws, capsys, monkeypatch):
    slept = []
    monkeypatch.setattr(bedrock_invoke_test.time, "sleep", slept.append)
    runtime = aws.stub("bedrock-runtime")
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    runtime.add_client_error("converse", *MARKETPLACE_DENIED)
    failed, result = run_module(capsys, model_id=US_HAIKU, recheck_after_seconds=120)
    assert failed and slept == [120]
    assert result["passed"] is False
    assert result["recheck"]["passed"] is False and result["recheck"]["after_seconds"] == 120
    assert result["diagnosis"]["code"] == "marketplace_permissions_missing"
    assert "answered, then was refused 120 seconds later" in result["msg"]


def test_recheck_that_answers_passes(aws, capsys, monkeypatch):
    monkeypatch.setattr(bedrock_invoke_test.time, "sleep", lambda seconds: None)
    runtime = aws.stub("bedrock-runtime")
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, recheck_after_seconds=1)
    assert not failed and result["passed"] is True and result["recheck"] == {"after_seconds": 1, "passed": True}
    runtime.assert_no_pending_responses()


def test_recheck_window_out_of_range_fails_before_any_call(aws, capsys):
    failed, result = run_module(capsys, model_id=US_HAIKU, recheck_after_seconds=901)
    assert failed and "recheck_after_seconds must be between 0 and 900" in result["msg"] and not aws.stubs

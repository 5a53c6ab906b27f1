# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One test per diagnosis category, from errors raised by real botocore clients.

AWS error answers come from botocore's Stubber on a real client (so the
exception is the modelled class botocore raises, with the response shape it
builds); connection failures come from a real client aimed at a closed port.
"""

import socket

import boto3
import botocore.config
import botocore.exceptions
import pytest
from botocore.stub import Stubber

from ansible_collections.ticketflow.bedrock.plugins.module_utils import diagnosis
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import diagnose
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import fail_with_diagnosis

REGION = "us-east-1"
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
SONNET_46 = "anthropic.claude-sonnet-4-6"  # profile only, unversioned ID
NOVA_LITE = "amazon.nova-lite-v1:0"  # has an apac. profile, unlike Haiku 4.5
DUMMY_KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
CONVERSE = {"modelId": HAIKU, "messages": [{"role": "user", "content": [{"text": "hi"}]}]}


def _client(service, region=REGION, **kwargs):
    return boto3.client(service, region_name=region, **DUMMY_KEYS, **kwargs)


def runtime_error(code, message, status, model_id=HAIKU):
    """The exception a bedrock-runtime Converse call raises when AWS answers this error."""
    client = _client("bedrock-runtime")
    with Stubber(client) as stub:
        stub.add_client_error("converse", service_error_code=code, service_message=message, http_status_code=status)
        with pytest.raises(botocore.exceptions.ClientError) as caught:
            client.converse(**dict(CONVERSE, modelId=model_id))
    return caught.value


def sts_error(code, message, status):
    client = _client("sts")
    with Stubber(client) as stub:
        stub.add_client_error("get_caller_identity", service_error_code=code, service_message=message, http_status_code=status)
        with pytest.raises(botocore.exceptions.ClientError) as caught:
            client.get_caller_identity()
    return caught.value


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_complete(result):
    for key in ("code", "summary", "hint", "aws_error_code", "aws_error_message", "retryable"):
        assert key in result
    assert result["code"] in diagnosis.CODES
    assert result["summary"] and result["hint"]


# model_access_not_granted


def test_no_model_access_is_model_access_not_granted():
    error = runtime_error("AccessDeniedException", "You don't have access to the model with the specified model ID.", 403)
    result = diagnose(error, region=REGION, model_id=HAIKU)
    assert_complete(result)
    assert result["code"] == "model_access_not_granted"
    assert result["aws_error_code"] == "AccessDeniedException"
    assert result["aws_error_message"] == "You don't have access to the model with the specified model ID."
    assert result["retryable"] is False
    assert REGION in result["hint"]


# policy_missing_model_arn / permission_denied


def test_policy_without_model_arn_names_the_denied_resource():
    arn = "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
    error = runtime_error(
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ticketflow-app is not authorized to perform: bedrock:InvokeModel on "
        "resource: %s because no identity-based policy allows the bedrock:InvokeModel action" % arn,
        403,
    )
    result = diagnose(error, region=REGION, model_id=HAIKU, policy_resources=["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-*"])
    assert result["code"] == "policy_missing_model_arn"
    assert result["denied_action"] == "bedrock:InvokeModel"
    assert result["denied_resource"] == arn
    assert result["cross_region"] is False
    assert result["missing_resources"] == [arn]
    assert arn in result["hint"]


def test_policy_covering_the_resource_by_wildcard_lists_nothing_missing():
    arn = "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
    error = runtime_error(
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ticketflow-app is not authorized to perform: bedrock:InvokeModel on "
        "resource: %s with an explicit deny in a service control policy" % arn,
        403,
    )
    result = diagnose(error, region=REGION, policy_resources=["arn:aws:bedrock:*::foundation-model/*"])
    assert result["code"] == "policy_missing_model_arn"
    assert "missing_resources" not in result


def test_policy_missing_a_cross_region_destination_is_flagged():
    destination = "arn:aws:bedrock:us-west-2::foundation-model/" + SONNET_46
    error = runtime_error(
        "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/ticketflow-runtime/app is not authorized to perform: "
        "bedrock:InvokeModel on resource: %s because no identity-based policy allows the bedrock:InvokeModel action" % destination,
        403,
        model_id="us." + SONNET_46,
    )
    result = diagnose(error, region=REGION, model_id="us." + SONNET_46)
    assert result["code"] == "policy_missing_model_arn"
    assert result["cross_region"] is True
    assert "destination region" in result["summary"]
    assert "aws:RequestedRegion" in result["hint"]


def test_denied_non_invoke_action_is_permission_denied():
    error = sts_error(
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/ticketflow-runtime",
        403,
    )
    result = diagnose(error, region=REGION)
    assert result["code"] == "permission_denied"
    assert result["denied_action"] == "sts:AssumeRole"


# inference_profile_required


PROFILE_REQUIRED = (
    "Invocation of model ID %s with on-demand throughput isn\u2019t supported. Retry your request with "
    "the ID or ARN of an inference profile that contains this model." % SONNET_46
)


def test_bare_profile_only_model_id_requires_an_inference_profile():
    error = runtime_error("ValidationException", PROFILE_REQUIRED, 400, model_id=SONNET_46)
    result = diagnose(error, region=REGION, model_id=SONNET_46, known_profile_ids=["eu." + SONNET_46, "us." + SONNET_46, "us." + HAIKU])
    assert result["code"] == "inference_profile_required"
    assert result["aws_error_code"] == "ValidationException"
    assert result["suggestions"] == ["us." + SONNET_46, "eu." + SONNET_46]


def test_profile_suggestion_follows_the_region_geography_without_a_profile_list():
    error = runtime_error("ValidationException", PROFILE_REQUIRED, 400, model_id=SONNET_46)
    result = diagnose(error, region="eu-central-1", model_id=SONNET_46)
    assert result["code"] == "inference_profile_required"
    assert result["suggestions"][0] == "eu." + SONNET_46


# model_id_unknown


def test_mistyped_model_id_is_unknown_with_closest_ids():
    wanted = "anthropic.claude-haiku-4-5-20251001-v1"
    error = runtime_error("ValidationException", "The provided model identifier is invalid.", 400, model_id=wanted)
    known = [HAIKU, "anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.titan-text-express-v1", "meta.llama3-8b-instruct-v1:0"]
    result = diagnose(error, region=REGION, model_id=wanted, known_model_ids=known)
    assert result["code"] == "model_id_unknown"
    assert result["suggestions"][0] == HAIKU
    assert "meta.llama3-8b-instruct-v1:0" not in result["suggestions"]
    assert wanted in result["summary"]


def test_resource_not_found_for_a_model_is_model_id_unknown():
    error = runtime_error("ResourceNotFoundException", "Model not found.", 404, model_id="anthropic.claude-9")
    result = diagnose(error, region=REGION, model_id="anthropic.claude-9")
    assert result["code"] == "model_id_unknown"
    assert "suggestions" not in result


def test_resource_not_found_without_a_model_is_resource_not_found():
    client = _client("bedrock")
    with Stubber(client) as stub:
        stub.add_client_error("get_model_invocation_logging_configuration", "ResourceNotFoundException", "Logging configuration not found.", 404)
        with pytest.raises(botocore.exceptions.ClientError) as caught:
            client.get_model_invocation_logging_configuration()
    assert diagnose(caught.value, region=REGION)["code"] == "resource_not_found"


# wrong_region


def test_profile_of_another_geography_is_wrong_region():
    profile = "eu." + HAIKU
    error = runtime_error("ValidationException", "The provided model identifier is invalid.", 400, model_id=profile)
    result = diagnose(error, region=REGION, model_id=profile, known_model_ids=[HAIKU])
    assert result["code"] == "wrong_region"
    assert "eu" in result["summary"] and REGION in result["summary"]


def test_arn_of_another_region_is_wrong_region():
    arn = "arn:aws:bedrock:eu-west-1::foundation-model/" + HAIKU
    error = runtime_error("ValidationException", "The provided model identifier is invalid.", 400, model_id=arn)
    assert diagnose(error, region=REGION, model_id=arn)["code"] == "wrong_region"


def test_model_offered_only_elsewhere_is_wrong_region():
    model = "anthropic.claude-opus-4-6-v1"
    error = runtime_error("ValidationException", "The provided model identifier is invalid.", 400, model_id=model)
    result = diagnose(error, region="eu-west-1", model_id=model, model_regions=["us-west-2"])
    assert result["code"] == "wrong_region"
    assert "us-west-2" in result["summary"]


def test_no_access_with_a_profile_of_another_geography_is_wrong_region():
    profile = "apac." + NOVA_LITE
    error = runtime_error("AccessDeniedException", "You don't have access to the model with the specified model ID.", 403, model_id=profile)
    assert diagnose(error, region=REGION, model_id=profile)["code"] == "wrong_region"


def test_missing_region_is_wrong_region(monkeypatch):
    for variable in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    with pytest.raises(botocore.exceptions.NoRegionError) as caught:
        boto3.session.Session(region_name=None, **DUMMY_KEYS).client("bedrock-runtime", config=botocore.config.Config(region_name=None))
    result = diagnose(caught.value)
    assert result["code"] == "wrong_region"
    assert result["aws_error_code"] is None


# throttled_or_quota / quota_zero


def test_throttling_is_retryable_throttled_or_quota():
    error = runtime_error("ThrottlingException", "Too many requests, please wait before trying again.", 429)
    result = diagnose(error, region=REGION)
    assert result["code"] == "throttled_or_quota"
    assert result["retryable"] is True
    assert result["aws_error_code"] == "ThrottlingException"


def test_service_quota_exceeded_is_throttled_or_quota():
    error = runtime_error(
        "ServiceQuotaExceededException",
        "Your request exceeds the service quota for your account. You can view your quotas at "
        "https://docs.aws.amazon.com/servicequotas/latest/userguide/gs-request-quota.html.",
        400,
    )
    result = diagnose(error, region=REGION)
    assert result["code"] == "throttled_or_quota"
    assert "quota" in result["summary"]


def test_tokens_per_day_is_quota_zero_and_not_retryable():
    error = runtime_error("ThrottlingException", "Too many tokens per day, please wait before trying again.", 429)
    result = diagnose(error, region=REGION)
    assert result["code"] == "quota_zero"
    assert result["retryable"] is False


# endpoint_unreachable


def test_closed_port_is_endpoint_unreachable():
    client = _client(
        "bedrock-runtime",
        endpoint_url="http://127.0.0.1:%d" % closed_port(),
        config=botocore.config.Config(retries={"total_max_attempts": 1}, connect_timeout=2),
    )
    with pytest.raises(botocore.exceptions.EndpointConnectionError) as caught:
        client.converse(**CONVERSE)
    result = diagnose(caught.value, region=REGION)
    assert result["code"] == "endpoint_unreachable"
    assert result["aws_error_code"] is None
    assert result["retryable"] is True
    assert "com.amazonaws.us-east-1.bedrock-runtime" in result["hint"]


@pytest.mark.parametrize(
    "error",
    [
        botocore.exceptions.ConnectTimeoutError(endpoint_url="https://bedrock-runtime.us-east-1.amazonaws.com/"),
        botocore.exceptions.ConnectionClosedError(endpoint_url="https://bedrock-runtime.us-east-1.amazonaws.com/"),
    ],
)
def test_timeouts_and_closed_connections_are_endpoint_unreachable(error):
    assert diagnose(error, region=REGION)["code"] == "endpoint_unreachable"


def test_endpoint_of_another_region_is_named_in_the_hint():
    error = botocore.exceptions.EndpointConnectionError(endpoint_url="https://bedrock-runtime.eu-west-1.amazonaws.com/model/x/converse")
    result = diagnose(error, region=REGION)
    assert result["code"] == "endpoint_unreachable"
    assert "eu-west-1" in result["hint"] and REGION in result["hint"]


# clock_skew


def test_signature_expired_is_clock_skew():
    error = runtime_error(
        "InvalidSignatureException", "Signature expired: 20250101T120000Z is now earlier than 20250101T121000Z (20250101T121500Z - 5 min.)", 403
    )
    result = diagnose(error, region=REGION)
    assert result["code"] == "clock_skew"
    assert "NTP" in result["hint"]


def test_signature_not_yet_current_from_a_query_service_is_clock_skew():
    error = sts_error(
        "SignatureDoesNotMatch", "Signature not yet current: 20250101T123000Z is still later than 20250101T122000Z (20250101T121500Z + 5 min.)", 403
    )
    assert diagnose(error)["code"] == "clock_skew"


def test_request_time_too_skewed_is_clock_skew():
    client = _client("s3")
    with Stubber(client) as stub:
        stub.add_client_error("list_buckets", "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403)
        with pytest.raises(botocore.exceptions.ClientError) as caught:
            client.list_buckets()
    assert diagnose(caught.value)["code"] == "clock_skew"


# credentials_missing / credentials_invalid


def test_no_credentials_is_credentials_missing():
    result = diagnose(botocore.exceptions.NoCredentialsError())
    assert result["code"] == "credentials_missing"
    assert result["aws_error_code"] is None


def test_partial_credentials_is_credentials_missing():
    error = botocore.exceptions.PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY")
    assert diagnose(error)["code"] == "credentials_missing"


@pytest.mark.parametrize(
    "code, message",
    [
        ("UnrecognizedClientException", "The security token included in the request is invalid."),
        (
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.",
        ),
    ],
)
def test_rejected_keys_are_credentials_invalid(code, message):
    result = diagnose(runtime_error(code, message, 403), region=REGION)
    assert result["code"] == "credentials_invalid"
    assert result["aws_error_code"] == code


def test_unknown_access_key_from_sts_is_credentials_invalid():
    error = sts_error("InvalidClientTokenId", "The security token included in the request is invalid.", 403)
    assert diagnose(error)["code"] == "credentials_invalid"


def test_expired_token_is_credentials_invalid_and_says_expired():
    error = runtime_error("ExpiredTokenException", "The security token included in the request is expired", 403)
    result = diagnose(error)
    assert result["code"] == "credentials_invalid"
    assert "expired" in result["summary"]


# service_unavailable, invalid_request, unknown


@pytest.mark.parametrize("code, status", [("ServiceUnavailableException", 503), ("ModelTimeoutException", 408), ("InternalServerException", 500)])
def test_server_side_failures_are_service_unavailable(code, status):
    result = diagnose(runtime_error(code, "The service is unavailable.", status))
    assert result["code"] == "service_unavailable"
    assert result["retryable"] is True


def test_other_validation_errors_are_invalid_request():
    error = runtime_error(
        "ValidationException",
        "1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1",
        400,
    )
    assert diagnose(error, model_id=HAIKU)["code"] == "invalid_request"


@pytest.mark.parametrize("destination", ["log group: /aws/bedrock/invocations", "bucket: ticketflow-bedrock-logs"])
def test_logging_destination_permission_failure(destination):
    message = (
        "Failed to validate permissions for %s, with role: arn:aws:iam::123456789012:role/BedrockLogging. "
        "Verify the IAM role permissions are correct." % destination
    )
    result = diagnose(runtime_error("ValidationException", message, 400))
    assert result["code"] == "logging_destination_denied"
    assert result["aws_error_code"] == "ValidationException"
    assert "bedrock.amazonaws.com" in result["hint"]


def test_param_validation_error_is_invalid_request():
    with pytest.raises(botocore.exceptions.ParamValidationError) as caught:
        _client("bedrock-runtime").converse(modelId=HAIKU, inferenceConfig={"maxTokens": "many"})
    assert diagnose(caught.value)["code"] == "invalid_request"


def test_other_exception_is_unknown_and_names_it():
    result = diagnose(RuntimeError("disk full"))
    assert result["code"] == "unknown"
    assert result["summary"] == "RuntimeError: disk full"
    assert result["aws_error_code"] is None


# no secrets


def test_secret_looking_strings_are_scrubbed():
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1"
    error = runtime_error("IncompleteSignature", "Bad header X-Amz-Security-Token=IQoJb3JpZ2luX2VjEAIaCXVz and key " + secret, 400)
    result = diagnose(error)
    text = repr(result)
    assert secret not in text
    assert "IQoJb3JpZ2luX2VjEAIaCXVz" not in text
    assert "X-Amz-Security-Token=********" in result["aws_error_message"]


def test_arns_and_model_ids_survive_scrubbing():
    arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0"
    error = runtime_error(
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/app is not authorized to perform: bedrock:InvokeModel on resource: %s "
        "because no identity-based policy allows the bedrock:InvokeModel action" % arn,
        403,
    )
    assert arn in diagnose(error)["aws_error_message"]


def test_every_code_has_a_summary_a_hint_and_a_retry_flag():
    for code, (summary, hint, retryable) in diagnosis.CODES.items():
        assert summary.endswith(".") and hint.endswith("."), code
        assert isinstance(retryable, bool)


# fail_with_diagnosis


class RecordingModule:
    """Stands in for AnsibleAWSModule: records how the task was failed."""

    def __init__(self):
        self.calls = []

    def fail_json_aws(self, exception, msg=None, **kwargs):
        self.calls.append(("fail_json_aws", exception, msg, kwargs))
        raise SystemExit(1)

    def fail_json(self, msg, **kwargs):
        self.calls.append(("fail_json", None, msg, kwargs))
        raise SystemExit(1)


def test_fail_with_diagnosis_keeps_the_aws_error_through_fail_json_aws():
    module = RecordingModule()
    error = runtime_error("ValidationException", PROFILE_REQUIRED, 400, model_id=SONNET_46)
    with pytest.raises(SystemExit):
        fail_with_diagnosis(module, error, "Invoking %s failed" % SONNET_46, region=REGION, model_id=SONNET_46)
    ((how, exception, msg, kwargs),) = module.calls
    assert how == "fail_json_aws" and exception is error
    assert kwargs["diagnosis"]["code"] == "inference_profile_required"
    assert msg.startswith("Invoking %s failed [inference_profile_required]: " % SONNET_46)
    assert "Fix: " in msg


def test_fail_with_diagnosis_uses_fail_json_for_other_errors():
    module = RecordingModule()
    with pytest.raises(SystemExit):
        fail_with_diagnosis(module, ValueError("bad reply"), "Reading the reply failed")
    ((how, _exception, msg, kwargs),) = module.calls
    assert how == "fail_json"
    assert kwargs["diagnosis"]["code"] == "unknown"
    assert msg.endswith("Cause: bad reply")


def test_make_diagnosis_uses_the_code_defaults():
    result = diagnosis.make_diagnosis("wrong_region", summary="eu. profile called from us-east-1.")
    assert result["summary"] == "eu. profile called from us-east-1."
    assert result["hint"] == diagnosis.CODES["wrong_region"][1]
    assert result["aws_error_code"] is None and result["retryable"] is False


def _throttle(operation):
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}, "ResponseMetadata": {"HTTPStatusCode": 400}}, operation)


def test_throttle_hint_depends_on_the_service():
    budgets = diagnose(_throttle("DescribeBudget"), service="budgets")
    assert budgets["code"] == "throttled_or_quota"
    assert budgets["operation"] == "DescribeBudget" and budgets["service"] == "budgets"
    assert "inference profile" not in budgets["hint"]
    assert "AWS Budgets DescribeBudget" in budgets["summary"]
    runtime = diagnose(_throttle("Converse"), service="bedrock-runtime")
    assert "inference profile" in runtime["hint"]


def test_outage_hint_names_the_service():
    from botocore.exceptions import ClientError

    outage = ClientError({"Error": {"Code": "ServiceException", "Message": "x"}, "ResponseMetadata": {"HTTPStatusCode": 500}}, "ListServiceQuotas")
    diagnosis = diagnose(outage, service="service-quotas")
    assert diagnosis["code"] == "service_unavailable"
    assert "Service Quotas ListServiceQuotas" in diagnosis["summary"]


def test_throttled_catalog_read_without_a_service_gets_no_invocation_hint():
    # A Bedrock control-plane read (the catalog) throttled, diagnosed without a service in the context
    # (bedrock_model_access, bedrock_model_access_info, bedrock_model_select): found by the reliability tier's
    # long bursts; an inference profile or a quota increase cannot help an API rate limit.
    catalog = diagnose(_throttle("ListFoundationModels"), region="us-east-1")
    assert catalog["code"] == "throttled_or_quota"
    assert catalog["operation"] == "ListFoundationModels"
    assert "inference profile" not in catalog["hint"]
    assert "ListFoundationModels throttled the request" in catalog["summary"]
    invocation = diagnose(_throttle("Converse"), region="us-east-1")
    assert "inference profile" in invocation["hint"]

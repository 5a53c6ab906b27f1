# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Diagnoses of today's Bedrock answers, from errors raised by real botocore clients (Stubber).

The texts are AWS's as the bedrock-facts notes quote them and as the local
endpoint (local_aws/bedrock/errors.py) answers them.
"""

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import diagnose
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import bearer_token_in_environment
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.module_utils.test_diagnosis import REGION
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.module_utils.test_diagnosis import runtime_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.module_utils.test_diagnosis import sts_error

SONNET3 = "anthropic.claude-3-sonnet-20240229-v1:0"  # the seed plan's model, end of life 2026-07-30
SONNET45 = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
HAIKU45 = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
END_OF_LIFE = "This model version has reached the end of its life. Please refer to the AWS documentation for more details."
LEGACY = (
    "Access denied. This Model is marked by provider as Legacy and you have not been actively using the model "
    "in the last {} days. Please upgrade to an active model on Amazon Bedrock"
)
MARKETPLACE = (
    "Model access is denied due to IAM user or service role is not authorized to perform the required AWS "
    "Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this "
    "model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this "
    "model cannot be completed at this time. If you recently fixed this issue, try again after 2 minutes."
)
USE_CASE = (
    "Model use case details have not been submitted for this account. Fill out the Anthropic use case details "
    "form before using the model. If you have already filled out the form, try again in 15 minutes."
)
USE_CASE_OPT_IN = (
    "You have not filled out the required use-case form for this model. Fill out the Anthropic use case details form for this Region before using the model."
)
SAMPLING = "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one."
NO_ENV = {}


def test_end_of_life_404_is_model_end_of_life_with_successors():
    error = runtime_error("ResourceNotFoundException", END_OF_LIFE, 404, model_id=SONNET3)
    result = diagnose(error, region=REGION, model_id=SONNET3, successors=["us.anthropic.claude-sonnet-4-6"], environ=NO_ENV)
    assert result["code"] == "model_end_of_life"
    assert result["aws_error_code"] == "ResourceNotFoundException" and result["aws_error_message"] == END_OF_LIFE
    assert not result["retryable"]
    assert SONNET3 in result["summary"]
    assert "us.anthropic.claude-sonnet-4-6" in result["hint"]
    assert result["suggestions"] == ["us.anthropic.claude-sonnet-4-6"]


def test_end_of_life_without_successors_points_to_the_catalog():
    result = diagnose(runtime_error("ResourceNotFoundException", END_OF_LIFE, 404), region=REGION, environ=NO_ENV)
    assert result["code"] == "model_end_of_life" and "bedrock_model_access_info" in result["hint"]


@pytest.mark.parametrize("days", [15, 30])
def test_legacy_inactivity_names_the_window(days):
    error = runtime_error("ResourceNotFoundException", LEGACY.format(days), 404, model_id=SONNET45)
    result = diagnose(error, region=REGION, model_id=SONNET45, environ=NO_ENV)
    assert result["code"] == "legacy_model_inactive"
    assert result["inactivity_days"] == days
    assert "last %d days" % days in result["summary"]
    assert not result["retryable"]


def test_marketplace_first_use_names_the_missing_permissions():
    error = runtime_error("AccessDeniedException", MARKETPLACE, 403, model_id=HAIKU45)
    result = diagnose(error, region=REGION, model_id=HAIKU45, environ=NO_ENV)
    assert result["code"] == "marketplace_permissions_missing"
    assert result["missing_permissions"] == ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"]
    assert "setup identity" in result["hint"] and "runtime role" in result["hint"]
    assert result["aws_error_code"] == "AccessDeniedException"


def test_use_case_form_missing():
    result = diagnose(runtime_error("ResourceNotFoundException", USE_CASE, 404, model_id=HAIKU45), region=REGION, model_id=HAIKU45, environ=NO_ENV)
    assert result["code"] == "use_case_form_missing"
    assert "bedrock_model_access" in result["hint"] and "management account" in result["hint"]


def test_use_case_form_missing_in_an_opt_in_region():
    result = diagnose(runtime_error("ResourceNotFoundException", USE_CASE_OPT_IN, 404), region="eu-south-2", environ=NO_ENV)
    assert result["code"] == "use_case_form_missing_region"
    assert "opt-in" in result["hint"].lower()


def test_daily_token_quota_is_a_support_case():
    result = diagnose(runtime_error("ThrottlingException", "Too many tokens per day, please wait before trying again.", 429), region=REGION, environ=NO_ENV)
    assert result["code"] == "quota_zero" and not result["retryable"]
    assert "Support case" in result["hint"] and "Cross-Model Max Tokens Per Day" in result["summary"]


def test_per_minute_token_throttle_stays_retryable():
    result = diagnose(runtime_error("ThrottlingException", "Too many tokens, please wait before trying again.", 429), region=REGION, environ=NO_ENV)
    assert result["code"] == "throttled_or_quota" and result["retryable"]


def test_temperature_with_top_p():
    result = diagnose(runtime_error("ValidationException", SAMPLING, 400, model_id=HAIKU45), region=REGION, environ=NO_ENV)
    assert result["code"] == "sampling_parameters_conflict"
    assert "only one" in result["hint"]


def test_bearer_token_in_environment_explains_an_auth_refusal():
    env = {"AWS_BEARER_TOKEN_BEDROCK": "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl"}
    error = runtime_error("AccessDeniedException", "Authentication failed: Please make sure your API Key is valid.", 403, model_id=HAIKU45)
    result = diagnose(error, region=REGION, model_id=HAIKU45, environ=env)
    assert result["code"] == "bearer_token_overrides_sigv4"
    assert "AWS_BEARER_TOKEN_BEDROCK" in result["hint"]
    assert env["AWS_BEARER_TOKEN_BEDROCK"] not in str(result)


def test_bearer_token_read_from_the_process_environment(monkeypatch):
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl")
    assert bearer_token_in_environment()
    result = diagnose(sts_error("InvalidClientTokenId", "The security token included in the request is invalid.", 403))
    assert result["code"] == "bearer_token_overrides_sigv4"


def test_without_bearer_token_an_auth_refusal_keeps_its_code():
    assert not bearer_token_in_environment({"AWS_BEARER_TOKEN_BEDROCK": "  "})
    result = diagnose(sts_error("InvalidClientTokenId", "The security token included in the request is invalid.", 403), environ=NO_ENV)
    assert result["code"] == "credentials_invalid"


def test_bearer_token_does_not_hide_lifecycle_answers():
    env = {"AWS_BEARER_TOKEN_BEDROCK": "x"}
    result = diagnose(runtime_error("ResourceNotFoundException", END_OF_LIFE, 404), environ=env)
    assert result["code"] == "model_end_of_life"

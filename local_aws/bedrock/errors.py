"""AWS-shaped Bedrock errors.

moto serializes a raised ``ServiceException`` through the service model: the
error shape named by ``code`` gives the HTTP status (ValidationException 400,
AccessDeniedException 403, ResourceNotFoundException 404, ...) and the
``X-Amzn-Errortype`` header, so botocore raises the matching modelled class.
Both ``bedrock`` and ``bedrock-runtime`` define these codes.
"""

from __future__ import annotations

import functools
import re

from botocore.loaders import Loader

from moto.core.exceptions import ServiceException


class ValidationException(ServiceException):
    code = "ValidationException"


class ResourceNotFoundException(ServiceException):
    code = "ResourceNotFoundException"


class AccessDeniedException(ServiceException):
    code = "AccessDeniedException"


class ConflictException(ServiceException):
    code = "ConflictException"


class ThrottlingException(ServiceException):
    code = "ThrottlingException"


# Texts AWS answers (bedrock-runtime).
INVALID_MODEL_IDENTIFIER = "The provided model identifier is invalid."
NO_MODEL_ACCESS = "You don't have access to the model with the specified model ID."
# AWS writes "isn’t" with a typographic apostrophe (U+2019).
ON_DEMAND_NOT_SUPPORTED = (
    "Invocation of model ID {model_id} with on-demand throughput isn\u2019t supported. "
    "Retry your request with the ID or ARN of an inference profile that contains this model."
)
# bedrock control plane, a well-formed identifier that names no model here.
FOUNDATION_MODEL_NOT_FOUND = "Could not resolve the foundation model from the provided model identifier."
# The Anthropic use-case form is missing (AWS's troubleshooting page: error FTUFormNotFilled, HTTP
# 404, cause and solution in these words). Also the agreement's errorMessage in that state.
USE_CASE_NOT_SUBMITTED = "Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model."

# The opt-in Region variant (reported text; the part after the first sentence unverified).
USE_CASE_NOT_SUBMITTED_OPT_IN = (
    "You have not filled out the required use-case form for this model. Fill out the Anthropic use case details form for this Region before using the model."
)
# An invocation after the model's endOfLifeTime (observed text, HTTP 404).
END_OF_LIFE = "This model version has reached the end of its life. Please refer to the AWS documentation for more details."
# A LEGACY model called by an account that has not used it within the inactivity window (observed text, HTTP 404).
LEGACY_INACTIVE = (
    "Access denied. This Model is marked by provider as Legacy and you have not been actively using the model in the "
    "last {days} days. Please upgrade to an active model on Amazon Bedrock"
)
# The first use of a Marketplace model by a caller without Marketplace permissions (observed text, HTTP 403).
MARKETPLACE_DENIED = (
    "Model access is denied due to IAM user or service role is not authorized to perform the required AWS "
    "Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this "
    "model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this "
    "model cannot be completed at this time. If you recently fixed this issue, try again after 2 minutes."
)
# A subscription that failed after its setup window (e.g. no valid payment method); wording unverified.
MARKETPLACE_SUBSCRIPTION_FAILED = (
    "Model access is denied because the AWS Marketplace subscription for this model could not be completed. "
    "Check that the account has a valid payment method. If you recently fixed this issue, try again after 2 minutes."
)
# Claude 4.5 generation and later (observed text, HTTP 400).
TEMPERATURE_WITH_TOP_P = "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one."
# Runtime quotas (observed texts, HTTP 429).
TOKENS_PER_DAY_EXCEEDED = "Too many tokens per day, please wait before trying again."
# Converse with a feature the model lacks (wording unverified).
CONVERSE_NO_SYSTEM = "This model doesn't support system messages. Try again with a different model or without the system field."
CONVERSE_NO_TOOLS = "This model doesn't support tool use."


@functools.cache
def _shapes(service: str) -> dict:
    return Loader().load_service_model(service, "service-2")["shapes"]


def shape_pattern(service: str, shape: str) -> str:
    """The ``pattern`` of a string shape in botocore's service model."""
    return _shapes(service)[shape]["pattern"]


def pattern_error(value: str, member: str, pattern: str) -> ValidationException:
    """The Coral validation text AWS answers for a value that breaks the model's pattern."""
    return ValidationException(
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
    )


def check_pattern(value: str, member: str, service: str, shape: str) -> None:
    """Raise AWS's validation error when ``value`` breaks the pattern of ``shape``."""
    pattern = shape_pattern(service, shape)
    if not re.fullmatch(pattern, value or ""):
        raise pattern_error(value, member, pattern)


def enum_error(value: str, member: str, allowed: list[str]) -> ValidationException:
    return ValidationException(
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{', '.join(allowed)}]"
    )

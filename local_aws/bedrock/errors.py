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
USE_CASE_NOT_SUBMITTED = (
    "Model use case details have not been submitted for this account. "
    "Fill out the Anthropic use case details form before using the model."
)



@functools.cache
def _shapes(service: str) -> dict:
    return Loader().load_service_model(service, "service-2")["shapes"]


def shape_pattern(service: str, shape: str) -> str:
    """The ``pattern`` of a string shape in botocore's service model."""
    return _shapes(service)[shape]["pattern"]


def pattern_error(value: str, member: str, pattern: str) -> ValidationException:
    """The Coral validation text AWS answers for a value that breaks the model's pattern."""
    return ValidationException(
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {pattern}"
    )


def check_pattern(value: str, member: str, service: str, shape: str) -> None:
    """Raise AWS's validation error when ``value`` breaks the pattern of ``shape``."""
    pattern = shape_pattern(service, shape)
    if not re.fullmatch(pattern, value or ""):
        raise pattern_error(value, member, pattern)


def enum_error(value: str, member: str, allowed: list[str]) -> ValidationException:
    return ValidationException(
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
        f"Member must satisfy enum value set: [{', '.join(allowed)}]"
    )

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The retry policy of every AWS service this collection calls, in one place.

amazon.aws's ``AWSRetry`` retries ``Throttling``, ``TooManyRequestsException``,
``ServiceUnavailable`` and a few more, but not ``ThrottlingException`` (the
code of Bedrock, Budgets and most JSON-protocol services) nor 5xx answers with
service-specific codes. Here each service gets a retry class that knows its
throttling and transient codes, plus every HTTP 429 and 5xx answer, and a
bounded jittered exponential backoff (``RetryPolicy``: attempts, first delay,
longest delay; the worst-case total wait is ``RetryPolicy.max_wait``).

- ``retry_decorator(service, attempts=None)``: the decorator (for
  ``module.client(..., retry_decorator=...)`` or a function), with the
  service's policy; ``attempts`` overrides the number of attempts.
- ``aws_client(module, service, attempts=None, **kwargs)``: a client of
  ``service`` whose calls retry when given ``aws_retry=True``.
- ``is_transient(service, error)``: whether the policy would retry ``error``.

A Bedrock Runtime ``ThrottlingException`` saying the daily token quota is used
up (or at zero) is never retried: waiting seconds cannot help.
"""

import re
from collections import namedtuple

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry


class RetryPolicy(namedtuple("RetryPolicy", "attempts delay max_delay")):
    """Attempts (the first call included), first delay and longest delay, in seconds."""

    __slots__ = ()

    @property
    def max_wait(self):
        """The longest total sleep of the policy (jitter only shortens it)."""
        total, delay = 0.0, float(self.delay)
        for _attempt in range(self.attempts - 1):
            total += min(delay, self.max_delay)
            delay *= 2
        return total


# Codes every AWS service may answer for a transient failure (query, JSON and REST protocols).
COMMON_TRANSIENT_CODES = frozenset(
    (
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "Unavailable",
        "InternalFailure",
        "InternalError",
        "InternalServerError",
        "InternalServerException",
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
    )
)

# Each service's own transient codes, from its API reference (Errors sections).
SERVICE_TRANSIENT_CODES = {
    "bedrock": frozenset(("ThrottlingException", "ServiceUnavailableException", "InternalServerException")),
    "bedrock-runtime": frozenset(("ThrottlingException", "ServiceUnavailableException", "InternalServerException", "ModelNotReadyException")),
    "budgets": frozenset(("ThrottlingException", "InternalErrorException")),
    "service-quotas": frozenset(("TooManyRequestsException", "ServiceException")),
    "s3": frozenset(("SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout")),
    "sts": frozenset(("Throttling", "IDPCommunicationError")),
    "iam": frozenset(("Throttling", "ServiceFailure")),
    # Secrets Manager's Common Errors: InternalServiceError (documented with status 400 and 500), InternalServiceFailure.
    "secretsmanager": frozenset(("ThrottlingException", "InternalServiceError", "InternalServiceFailure")),
}

# Bounded: the worst case stays well under a minute per call.
DEFAULT_POLICY = RetryPolicy(attempts=6, delay=1, max_delay=15)
SERVICE_POLICIES = {
    # Budgets allows few requests per second per account: wait a little longer.
    "budgets": RetryPolicy(attempts=7, delay=1, max_delay=20),
    "service-quotas": RetryPolicy(attempts=6, delay=1, max_delay=15),
    "bedrock": RetryPolicy(attempts=8, delay=1, max_delay=15),
    "bedrock-runtime": RetryPolicy(attempts=6, delay=1, max_delay=10),
}

_QUOTA_EXHAUSTED_TEXT = re.compile(r"too many tokens per day|tokens per day|quota (?:value )?(?:is |of )?0\b", re.I)


def policy_for(service):
    """The ``RetryPolicy`` of ``service``."""
    return SERVICE_POLICIES.get(service, DEFAULT_POLICY)


def transient_codes(service):
    """Every error code retried for ``service``."""
    return COMMON_TRANSIENT_CODES | SERVICE_TRANSIENT_CODES.get(service, frozenset())


def _answer(error):
    """(code, message, http_status) of a botocore ClientError-like exception."""
    response = getattr(error, "response", None) or {}
    err = response.get("Error") or {}
    status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
    return err.get("Code"), err.get("Message") or "", status


def is_transient(service, error):
    """Whether ``error`` (a ClientError) is a throttle or transient failure worth retrying for ``service``."""
    code, message, status = _answer(error)
    if code is None and status is None:
        return False
    if service == "bedrock-runtime" and _QUOTA_EXHAUSTED_TEXT.search(message):
        return False
    return code in transient_codes(service) or status == 429 or (status or 0) >= 500


class ServiceRetry(AWSRetry):
    """AWSRetry deciding by ``is_transient`` for one service (set ``service`` in a subclass)."""

    service = None

    @classmethod
    def status_code_from_exception(cls, error):
        # AWSRetry passes this value to ``found``: the whole decision is made here, with the answer at hand.
        return "transient" if is_transient(cls.service, error) else "final"

    @staticmethod
    def found(response_code, catch_extra_error_codes=None):
        return response_code == "transient"


_RETRY_CLASSES = {}


def retry_class(service):
    """The ``ServiceRetry`` subclass of ``service`` (one per service, made once)."""
    if service not in _RETRY_CLASSES:
        name = "%sRetry" % "".join(part.capitalize() for part in service.split("-"))
        _RETRY_CLASSES[service] = type(name, (ServiceRetry,), {"service": service})
    return _RETRY_CLASSES[service]


def retry_decorator(service, attempts=None):
    """The jittered-backoff retry decorator of ``service``; ``attempts`` counts the first call."""
    policy = policy_for(service)
    return retry_class(service).jittered_backoff(retries=attempts or policy.attempts, delay=policy.delay, backoff=2.0, max_delay=policy.max_delay)


def aws_client(module, service, attempts=None, **kwargs):
    """A client of ``service`` for an AnsibleAWSModule whose calls retry with ``aws_retry=True``."""
    return module.client(service, retry_decorator=retry_decorator(service, attempts=attempts), **kwargs)

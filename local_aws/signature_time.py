"""Rejects requests signed too far from the server clock, as AWS does.

AWS compares the SigV4 request time (``X-Amz-Date``) with its own clock and
refuses a request more than 5 minutes away (EC2 and S3 allow 15 minutes). The
code and text depend on the protocol:

- JSON and REST-JSON services: ``InvalidSignatureException``, "Signature
  expired: 20201010T000000Z is now earlier than 20201010T000500Z
  (20201010T001000Z - 5 min.)", or for a request from the future "Signature
  not yet current: ... is still later than ... (... + 5 min.)". awsJson
  services answer 400, REST-JSON services 403.
- Query services (IAM, STS, SNS, ...): 403 ``SignatureDoesNotMatch``, same text.
- EC2: 400 ``RequestExpired``, "Request has expired."
- S3: 403 ``RequestTimeTooSkewed``, "The difference between the request time
  and the current time is too large."

The server clock is :func:`local_aws.settings.now`, so ``clock_offset_seconds``
simulates a client whose clock drifted.
"""

from __future__ import annotations

import datetime
from typing import Any

from local_aws import settings
from local_aws.aws_errors import AWSErrorResponse, error_response

SIGV4_TIMESTAMP = "%Y%m%dT%H%M%SZ"


def _window_seconds(protocol: str | None) -> int:
    return 15 * 60 if protocol in ("ec2", "rest-xml") else 5 * 60


def request_time(environ: dict[str, Any]) -> datetime.datetime | None:
    """The SigV4 time of a header-signed request, or None (unsigned or presigned)."""
    if not environ.get("HTTP_AUTHORIZATION", "").startswith("AWS4-"):
        return None
    stamp = environ.get("HTTP_X_AMZ_DATE", "")
    try:
        return datetime.datetime.strptime(stamp, SIGV4_TIMESTAMP).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def check(environ: dict[str, Any], protocol: str | None) -> AWSErrorResponse | None:
    """An AWS-shaped rejection when the request time is outside the allowed window."""
    signed = request_time(environ)
    if signed is None:
        return None
    server_now = settings.utcnow().replace(microsecond=0)
    window = _window_seconds(protocol)
    skew = (signed - server_now).total_seconds()
    if abs(skew) <= window:
        return None
    if protocol == "ec2":
        return error_response(protocol, 400, "RequestExpired", "Request has expired.")
    if protocol == "rest-xml":
        return error_response(protocol, 403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
    minutes = window // 60
    limit = datetime.timedelta(seconds=window)
    fmt = SIGV4_TIMESTAMP
    if skew < 0:
        message = (
            f"Signature expired: {signed.strftime(fmt)} is now earlier than {(server_now - limit).strftime(fmt)} ({server_now.strftime(fmt)} - {minutes} min.)"
        )
    else:
        message = (
            f"Signature not yet current: {signed.strftime(fmt)} is still later than "
            f"{(server_now + limit).strftime(fmt)} ({server_now.strftime(fmt)} + {minutes} min.)"
        )
    if protocol == "query":
        return error_response(protocol, 403, "SignatureDoesNotMatch", message)
    status = 403 if protocol == "rest-json" else 400
    return error_response(protocol, status, "InvalidSignatureException", message)

"""Error responses shaped as AWS shapes them, per wire protocol.

botocore reads the error code and message from a different place for each
protocol; these builders put them where AWS puts them:

- ``json`` (awsJson1.0/1.1): body ``{"__type": code, "message": ...}`` and the
  ``x-amzn-ErrorType`` header (plus ``x-amzn-query-error`` for services that are
  awsQueryCompatible).
- ``rest-json``: body ``{"message": ...}`` and the ``x-amzn-ErrorType`` header.
- ``query``: ``<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>``.
- ``ec2``: ``<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>``.
- ``rest-xml`` (S3): ``<Error><Code/><Message/><RequestId/></Error>``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class AWSErrorResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes = field(repr=False)

    @property
    def status_line(self) -> str:
        return f"{self.status} {REASONS.get(self.status, 'Error')}"


def error_response(protocol: str | None, status: int, code: str, message: str) -> AWSErrorResponse:
    """An AWS-shaped error for ``protocol`` (JSON when the protocol is unknown)."""
    request_id = str(uuid.uuid4())
    headers = [("x-amzn-RequestId", request_id), ("x-amz-request-id", request_id)]
    if protocol in ("query", "ec2", "rest-xml"):
        xml_message = escape(message)
        if protocol == "query":
            fault = "Sender" if status < 500 else "Receiver"
            body = (
                '<ErrorResponse xmlns="https://local-aws/doc/">'
                f"<Error><Type>{fault}</Type><Code>{escape(code)}</Code><Message>{xml_message}</Message></Error>"
                f"<RequestId>{request_id}</RequestId></ErrorResponse>"
            )
        elif protocol == "ec2":
            body = (
                f"<Response><Errors><Error><Code>{escape(code)}</Code><Message>{xml_message}</Message>"
                f"</Error></Errors><RequestID>{request_id}</RequestID></Response>"
            )
        else:
            body = f"<Error><Code>{escape(code)}</Code><Message>{xml_message}</Message><RequestId>{request_id}</RequestId></Error>"
        payload = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()
        headers.append(("Content-Type", "text/xml"))
    else:
        document = {"message": message}
        if protocol != "rest-json":
            document = {"__type": code, "message": message}
            fault = "Sender" if status < 500 else "Receiver"
            headers.append(("x-amzn-query-error", f"{code};{fault}"))
        payload = json.dumps(document).encode()
        headers.append(("Content-Type", "application/json" if protocol == "rest-json" else "application/x-amz-json-1.1"))
        headers.append(("x-amzn-ErrorType", code))
    headers.append(("Content-Length", str(len(payload))))
    return AWSErrorResponse(status, headers, payload)

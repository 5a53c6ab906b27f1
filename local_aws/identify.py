"""Which AWS service, operation and region a request is for, from the request alone.

The service comes from the SigV4 credential scope in the Authorization header
(``Credential=KEY/DATE/REGION/SERVICE/aws4_request``), or from the
``X-Amz-Credential`` query parameter of a presigned URL. That scope holds the
*signing* name, which several services share (``bedrock`` signs Bedrock,
Bedrock Runtime and Bedrock Agent): the operation is then matched against each
candidate's botocore service model (X-Amz-Target for JSON protocols, ``Action``
for query protocols, HTTP method and URI template for REST protocols) through
moto's router, the same matching moto itself does.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from moto.core.request import Request, determine_request_protocol
from moto.core.routing import get_service_router
from moto.core.utils import get_service_model

# Signing names that differ from the botocore service name, or that several
# botocore services share (tried in order; the first whose model matches wins).
SIGNING_NAME_SERVICES: dict[str, tuple[str, ...]] = {
    "bedrock": ("bedrock", "bedrock-runtime", "bedrock-agent", "bedrock-agent-runtime"),
    "monitoring": ("cloudwatch",),
    "servicequotas": ("service-quotas",),
    "email": ("ses", "sesv2"),
    "states": ("stepfunctions",),
    "elasticloadbalancing": ("elbv2", "elb"),
    "access-analyzer": ("accessanalyzer",),
    "s3": ("s3", "s3control"),
    "execute-api": ("apigatewaymanagementapi",),
    "aws-marketplace": ("marketplace-catalog", "marketplace-agreement"),
}

READ_ONLY_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Simulate",
    "Lookup",
    "Search",
    "Check",
    "Query",
    "Scan",
    "BatchGet",
)


# Operations whose names carry no read verb but whose IAM access level is
# "Read": they change no state, so check mode may call them.
READ_ONLY_OPERATIONS = frozenset(
    {
        "InvokeModel",
        "InvokeModelWithResponseStream",
        "Converse",
        "ConverseStream",
        "CountTokens",
        "ApplyGuardrail",
        # STS: temporary credentials change no resource (IAM access level of AssumeRole* is "Write", but
        # nothing in the account is created or modified)
        "AssumeRole",
        "AssumeRoleWithWebIdentity",
        "AssumeRoleWithSAML",
        "DecodeAuthorizationMessage",
    }
)


def is_mutating(operation: str | None) -> bool:
    """True unless the operation reads only (a read verb, or READ_ONLY_OPERATIONS).

    Unknown operations count as mutating: a check-mode proof must not pass
    because a call could not be identified.
    """
    if not operation:
        return True
    return operation not in READ_ONLY_OPERATIONS and not operation.startswith(READ_ONLY_PREFIXES)


@dataclass
class Identified:
    service: str | None  # botocore service name, e.g. "bedrock-runtime"
    signing_name: str | None  # service in the credential scope, e.g. "bedrock"
    operation: str | None  # e.g. "InvokeModel"
    region: str | None
    protocol: str | None  # botocore protocol of the service: json, rest-json, query, ec2, rest-xml

    @property
    def mutating(self) -> bool:
        return is_mutating(self.operation)


def credential_scope(environ: dict[str, Any]) -> tuple[str | None, str | None]:
    """(region, signing name) from the SigV4 credential scope, or (None, None)."""
    credential = None
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if auth.startswith("AWS4-"):
        for part in auth.split(" ", 1)[-1].split(","):
            key, _, value = part.strip().partition("=")
            if key == "Credential":
                credential = value
                break
    else:
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if "X-Amz-Credential" in query:
            credential = query["X-Amz-Credential"][0]
    if not credential:
        return None, None
    parts = credential.split("/")
    if len(parts) != 5:
        return None, None
    return parts[2], parts[3].lower()


@functools.cache
def _protocol(service: str) -> str | None:
    try:
        return str(get_service_model(service).protocol)
    except Exception:
        return None


def _request_protocol(service: str, environ: dict[str, Any]) -> str | None:
    """The protocol this request speaks (CloudWatch, for one, accepts several)."""
    try:
        return determine_request_protocol(get_service_model(service), environ.get("CONTENT_TYPE", ""))
    except Exception:
        return _protocol(service)


def _match_operation(service: str, environ: dict[str, Any], body: bytes) -> str | None:
    probe = dict(environ)
    probe["wsgi.input"] = io.BytesIO(body)
    try:
        operation, _ = get_service_router(service).match(Request(probe))
    except Exception:
        return None
    return operation.name


def identify(environ: dict[str, Any], body: bytes) -> Identified:
    """Identify the request whose WSGI environ and (already read) body are given."""
    region, signing_name = credential_scope(environ)
    if signing_name is None:
        return Identified(None, None, None, region, None)
    candidates = SIGNING_NAME_SERVICES.get(signing_name, (signing_name,))
    for service in candidates:
        if _protocol(service) is None:
            continue
        operation = _match_operation(service, environ, body)
        if operation:
            return Identified(service, signing_name, operation, region, _request_protocol(service, environ))
    # Known signing name, unknown operation: report the first candidate with a model.
    service = next((s for s in candidates if _protocol(s)), None)
    protocol = _request_protocol(service, environ) if service else None
    return Identified(service or signing_name, signing_name, None, region, protocol)

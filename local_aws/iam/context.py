"""The request context keys AWS sets on every authorized request.

``aws:CurrentTime`` / ``aws:EpochTime`` (server clock), ``aws:SourceIp``,
``aws:RequestedRegion``, ``aws:SecureTransport``, ``aws:PrincipalAccount``,
``aws:PrincipalArn``, ``aws:PrincipalType``, ``aws:userid``, ``aws:username``
(IAM users), ``aws:PrincipalTag/KEY``. ``aws:SourceVpce`` and ``aws:SourceVpc``
are absent: no call reaches this endpoint through a VPC endpoint, and AWS leaves
them absent for calls that do not. Service keys (``bedrock:InferenceProfileArn``,
``sts:ExternalId``, ...) are added by the caller of :func:`base_context`.
"""

from __future__ import annotations

from typing import Optional

from local_aws import settings
from local_aws.iam.evaluator import Context
from local_aws.iam.principals import Principal


def base_context(principal: Principal, region: Optional[str] = None, source_ip: str = "127.0.0.1") -> Context:
    now = settings.utcnow()
    context: Context = {
        "aws:CurrentTime": [now.strftime("%Y-%m-%dT%H:%M:%SZ")],
        "aws:EpochTime": [str(int(now.timestamp()))],
        "aws:SourceIp": [source_ip],
        "aws:SecureTransport": ["true"],
        "aws:PrincipalAccount": [principal.account_id],
        "aws:userid": [principal.user_id],
    }
    if region:
        context["aws:RequestedRegion"] = [region]
    if principal.kind == "user":
        context["aws:PrincipalType"] = ["User"]
        context["aws:username"] = [principal.name]
        context["aws:PrincipalArn"] = [principal.arn]
    elif principal.kind == "role":
        context["aws:PrincipalType"] = ["AssumedRole"]
        context["aws:PrincipalArn"] = [principal.role_arn or principal.arn]
    else:
        context["aws:PrincipalType"] = ["Account"]
        context["aws:PrincipalArn"] = [principal.arn]
    for key, value in principal.tags.items():
        context[f"aws:PrincipalTag/{key}"] = [value]
    return context

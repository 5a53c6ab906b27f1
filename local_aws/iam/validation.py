"""IAM policy document checks moto skips, answered with IAM's codes and texts.

Always on (AWS validates documents whatever the caller may do):

- CreatePolicy, CreatePolicyVersion: over 6,144 characters (whitespace
  excluded): 409 ``LimitExceeded`` "Cannot exceed quota for PolicySize: 6144";
- PutRolePolicy / PutUserPolicy / PutGroupPolicy: the entity's inline policies
  together over 10,240 / 2,048 / 5,120: 409 ``LimitExceeded`` "Maximum policy size
  of 10240 bytes exceeded for role NAME" (user NAME, group NAME);
- CreateRole, UpdateAssumeRolePolicy: a trust policy over 2,048 (the default
  ACLSizePerRole quota): 409 ``LimitExceeded`` "Cannot exceed quota for
  ACLSizePerRole: 2048";
- identity policies: a ``Principal``/``NotPrincipal`` element: 400
  ``MalformedPolicyDocument`` "Policy document should not specify a principal.";
- trust policies: an ``AWS`` principal of this account naming no existing user
  or role, or a malformed ``Service`` principal: 400 ``MalformedPolicyDocument``
  'Invalid principal in policy: "AWS":"ARN"'.

Limits: AWS's "IAM and AWS STS quotas" page; the texts: AWS SDK error
reports (``PolicySize: 6144``, ``ACLSizePerRole: 2048``, ``Maximum policy size of
10240 bytes exceeded for role``); the user and group texts follow the role's
pattern (unverified). The invalid-principal text for a ``Service`` principal
is written ``"SERVICE":"name"`` as the console shows it (unverified wording).
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional

from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import iam_backends

from local_aws.aws_errors import AWSErrorResponse, error_response
from local_aws.iam import principals

MANAGED_LIMIT = 6144
ROLE_INLINE_LIMIT = 10240
USER_INLINE_LIMIT = 2048
GROUP_INLINE_LIMIT = 5120
TRUST_LIMIT = 2048
SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")
IAM_ENTITY = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):(user|role)/.+$")


def size(document: str) -> int:
    """A document's size as IAM counts it: characters other than whitespace."""
    return len(re.sub(r"\s", "", document))


def _statements(document: str) -> list[dict[str, Any]]:
    try:
        doc = json.loads(document)
    except ValueError:
        return []  # moto answers MalformedPolicyDocument for syntax
    statements = doc.get("Statement", []) if isinstance(doc, dict) else []
    return [s for s in (statements if isinstance(statements, list) else [statements]) if isinstance(s, dict)]


def _limit(message: str) -> AWSErrorResponse:
    return error_response("query", 409, "LimitExceeded", message)


def _malformed(message: str) -> AWSErrorResponse:
    return error_response("query", 400, "MalformedPolicyDocument", message)


def _identity(document: str) -> Optional[AWSErrorResponse]:
    if any("Principal" in s or "NotPrincipal" in s for s in _statements(document)):
        return _malformed("Policy document should not specify a principal.")
    return None


def _trust(document: str, account_id: str) -> Optional[AWSErrorResponse]:
    if size(document) > TRUST_LIMIT:
        return _limit(f"Cannot exceed quota for ACLSizePerRole: {TRUST_LIMIT}")
    for statement in _statements(document):
        principal = statement.get("Principal", statement.get("NotPrincipal"))
        if not isinstance(principal, dict):
            continue
        for value in principal.get("AWS", []) if isinstance(principal.get("AWS"), list) else [principal.get("AWS")]:
            match = IAM_ENTITY.match(str(value)) if value else None
            if match and match.group(1) == account_id and not principals.exists(account_id, str(value)):
                return _malformed(f'Invalid principal in policy: "AWS":"{value}"')
        services = principal.get("Service", [])
        for value in services if isinstance(services, list) else [services]:
            if value and not SERVICE_PRINCIPAL.match(str(value)):
                return _malformed(f'Invalid principal in policy: "SERVICE":"{value}"')
    return None


def _inline(existing: dict[str, str], name: str, document: str, limit: int, kind: str, entity: str) -> Optional[AWSErrorResponse]:
    total = sum(size(doc) for policy_name, doc in existing.items() if policy_name != name) + size(document)
    if total > limit:
        return _limit(f"Maximum policy size of {limit} bytes exceeded for {kind} {entity}")
    return None


def check(operation: str, params: dict[str, str], account_id: str = DEFAULT_ACCOUNT_ID) -> Optional[AWSErrorResponse]:
    """The IAM error for an invalid document in this IAM request, or None."""
    backend = iam_backends[account_id]["aws"]
    if operation in ("CreateRole", "UpdateAssumeRolePolicy"):
        document = params.get("AssumeRolePolicyDocument") or params.get("PolicyDocument")
        return _trust(document, account_id) if document else None
    document = params.get("PolicyDocument")
    if not document:
        return None
    if operation in ("CreatePolicy", "CreatePolicyVersion"):
        if size(document) > MANAGED_LIMIT:
            return _limit(f"Cannot exceed quota for PolicySize: {MANAGED_LIMIT}")
        return _identity(document)
    inline = {
        "PutRolePolicy": ("RoleName", backend.roles.values(), ROLE_INLINE_LIMIT, "role"),
        "PutUserPolicy": ("UserName", backend.users.values(), USER_INLINE_LIMIT, "user"),
        "PutGroupPolicy": ("GroupName", backend.groups.values(), GROUP_INLINE_LIMIT, "group"),
    }.get(operation)
    if inline is None:
        return None
    param, entities, limit, kind = inline
    name = params.get(param, "")
    entity = next((e for e in list(entities) if e.name == name), None)
    existing = dict(entity.policies) if entity is not None else {}
    return _inline(existing, params.get("PolicyName", ""), document, limit, kind, name) or _identity(document)

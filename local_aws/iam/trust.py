"""STS AssumeRole as AWS performs it (under IAM enforcement), and the session data moto drops.

- The role must exist and its trust policy must admit the caller: a statement
  whose ``Principal`` names the caller (its user ARN, its role's ARN for a role
  session), the account (``arn:aws:iam::ACCOUNT:root`` or the bare ID) or
  ``*``, and whose conditions hold (``sts:ExternalId``, ``sts:RoleSessionName``,
  ``aws:PrincipalTag/*``, ``aws:RequestTag/*``, ``aws:SourceIp``, ...). A
  service principal (``ec2.amazonaws.com``) never admits an IAM user.
- A trust policy that names the caller itself is enough in the same account;
  one that names the account delegates to the caller's own policies, which must
  then allow ``sts:AssumeRole`` on the role (boundary and session policies
  included).
- Across accounts (a role of account B assumed with credentials of account A,
  as an Organizations deploy role is): the role is looked up in B, the account
  of its ARN; B's trust policy must admit the caller (naming it or account A)
  and A's policies must allow ``sts:AssumeRole`` on the role, always (AWS's
  cross-account rule: a resource policy alone never grants another account's
  principal). The session's keys belong to B.
- Denied: 403 ``AccessDenied`` "User: CALLER is not authorized to perform:
  sts:AssumeRole on resource: ROLE_ARN" (the text AWS SDKs report).
- ``DurationSeconds`` above the role's ``MaxSessionDuration``: 400
  ``ValidationError`` "The requested DurationSeconds exceeds the MaxSessionDuration
  set for this role."; above 3600 for a role session (role chaining): "The
  requested DurationSeconds exceeds the 1 hour session limit for roles assumed by
  role chaining." Checked with or without enforcement.
- ``PolicyArns`` and session ``Tags``, which moto's STS ignores, are kept for the
  issued key so the session is narrowed by them (principals.py).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from moto.sts.responses import TokenResponse

from local_aws.aws_errors import AWSErrorResponse, error_response
from local_aws.iam import authorization, principals
from local_aws.iam.context import base_context
from local_aws.iam.evaluator import SourcePolicy, evaluate
from local_aws.patching import replace_operation

ACTION = "sts:AssumeRole"
CHAINING_LIMIT = 3600


def _indexed(params: dict[str, str], prefix: str, field: str) -> list[str]:
    pattern = re.compile(rf"^{re.escape(prefix)}\.member\.(\d+)\.{field}$")
    found = sorted((int(m.group(1)), v) for k, v in params.items() if (m := pattern.match(k)))
    return [v for _, v in found]


def session_tags(params: dict[str, str]) -> dict[str, str]:
    return dict(zip(_indexed(params, "Tags", "Key"), _indexed(params, "Tags", "Value")))


def _denied(caller_arn: str, role_arn: str) -> AWSErrorResponse:
    return error_response("query", 403, "AccessDenied", f"User: {caller_arn} is not authorized to perform: {ACTION} on resource: {role_arn}")


def role_account(role_arn: str, caller_account_id: str) -> str:
    """The account of the role an AssumeRole names: its ARN's, else the caller's (a bare name)."""
    parts = role_arn.split(":")
    return parts[4] if len(parts) > 5 and parts[0] == "arn" and parts[4].isdigit() else caller_account_id


def check_duration(caller: Optional[principals.Principal], params: dict[str, str], caller_account_id: str) -> Optional[AWSErrorResponse]:
    try:
        duration = int(params.get("DurationSeconds") or 3600)
    except ValueError:
        return None
    role_arn = params.get("RoleArn") or ""
    role = principals.find_role(role_account(role_arn, caller_account_id), role_arn)
    if role is not None and duration > int(role.max_session_duration or 3600):
        return error_response("query", 400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    if caller is not None and caller.kind == "role" and duration > CHAINING_LIMIT:
        return error_response(
            "query", 400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
        )
    return None


def _names_caller(statement: dict[str, Any], identities: list[str]) -> bool:
    principal = statement.get("Principal")
    if not isinstance(principal, dict):
        return False
    named = principal.get("AWS")
    return any(str(p) in identities for p in (named if isinstance(named, list) else [named]))


def authorize(caller: principals.Principal, params: dict[str, str], region: Optional[str], source_ip: str) -> Optional[AWSErrorResponse]:
    """None when ``caller`` may assume the role ``params['RoleArn']``; else AWS's AccessDenied."""
    role_arn = params.get("RoleArn") or ""
    account_id = role_account(role_arn, caller.account_id)
    role = principals.find_role(account_id, role_arn)
    if role is None or role.arn != role_arn:
        return _denied(caller.arn, role_arn)
    context = base_context(caller, region, source_ip)
    for key in ("ExternalId", "RoleSessionName", "SourceIdentity"):
        if params.get(key):
            context[f"sts:{key}"] = [params[key]]
    for key, value in session_tags(params).items():
        context[f"aws:RequestTag/{key}"] = [value]
    if session_tags(params):
        context["aws:TagKeys"] = list(session_tags(params))
    trust = SourcePolicy("trust-policy", "resource", role.assume_role_policy_document)
    identities = caller.trust_identities()
    decision = evaluate([trust], ACTION, role.arn, context, caller={"AWS": identities})
    if not decision.allowed:
        return _denied(caller.arn, role.arn)
    # Naming the caller grants by itself within one account only; across accounts the caller's own
    # account must allow the call too.
    named = account_id == caller.account_id and any(_names_caller(policy.statements()[index], identities) for policy, index in decision.matched)
    try:
        authorization.check(caller, ACTION, role.arn, region, context, source_ip, resource_grant=named)
    except authorization.Denied:
        return _denied(caller.arn, role.arn)
    return None


_original_assume_role = TokenResponse.assume_role


def assume_role(self: Any) -> Any:
    """moto's AssumeRole, keeping the session's PolicyArns and Tags for the key it issues."""
    result = _original_assume_role(self)
    credentials = result.result["Credentials"]
    policy_arns = [v for k, v in sorted(self.querystring.items()) if re.match(r"^PolicyArns\.member\.\d+\.arn$", k) for v in v]
    tags = session_tags({k: v[0] for k, v in self.querystring.items()})
    principals.remember_session(credentials.access_key_id, policy_arns, tags)
    return result


def install() -> None:
    replace_operation(TokenResponse, "assume_role", assume_role, "moto's STS drops PolicyArns and session Tags; they narrow the session")

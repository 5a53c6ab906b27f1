"""IAM authorization of bedrock-runtime calls, as AWS performs it.

Only when the ``iam_enforcement`` setting is on. The caller (from the request's
access key, see principals.py) must be allowed, by its identity policies:

- a foundation model invoked directly: ``action`` on
  ``arn:aws:bedrock:REGION::foundation-model/ID`` (``aws:RequestedRegion`` =
  the region called);
- through a geographic inference profile: ``action`` on the profile ARN
  (``aws:RequestedRegion`` = source region), then on the foundation-model ARN
  in the destination region picked for the call (``aws:RequestedRegion`` = that
  region, ``bedrock:InferenceProfileArn`` = the profile ARN);
- through a global profile: the profile ARN, the source-region model ARN, and
  the region-less model ARN ``arn:aws:bedrock:::foundation-model/ID`` with
  ``aws:RequestedRegion`` = ``unspecified`` (as AWS documents it).

``action`` is ``bedrock:InvokeModel`` (InvokeModel, Converse) or
``bedrock:InvokeModelWithResponseStream`` (the two stream operations).
A denial answers AccessDeniedException with AWS's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from local_aws import settings
from local_aws.bedrock import principals
from local_aws.bedrock.errors import AccessDeniedException
from local_aws.bedrock.policy_eval import EXPLICIT_DENY, Context, evaluate


@dataclass(frozen=True)
class Check:
    resource: str
    context: dict[str, list[str]] = field(default_factory=dict)


def base_context(principal: principals.Principal, account_id: str) -> Context:
    context: Context = {
        "aws:PrincipalAccount": [account_id],
        "aws:SecureTransport": ["true"],
        "aws:PrincipalType": ["User" if principal.kind == "user" else "AssumedRole"],
    }
    if principal.kind == "user":
        context["aws:username"] = [principal.name]
        context["aws:PrincipalArn"] = [principal.arn]
    elif principal.kind == "role":
        context["aws:PrincipalArn"] = [f"arn:aws:iam::{account_id}:role/{principal.name}"]
    return context


def denial_message(principal_arn: str, action: str, resource: str, decision: str) -> str:
    if decision == EXPLICIT_DENY:
        reason = "with an explicit deny in an identity-based policy"
    else:
        reason = f"because no identity-based policy allows the {action} action"
    return f"User: {principal_arn} is not authorized to perform: {action} on resource: {resource} {reason}"


def authorize(account_id: str, access_key_id: str, action: str, checks: list[Check]) -> Optional[principals.Principal]:
    """Raise AccessDeniedException unless every check is allowed (no-op when enforcement is off)."""
    if not settings.get("iam_enforcement"):
        return None
    principal = principals.from_access_key(account_id, access_key_id)
    if principal.is_root:
        return principal
    for check in checks:
        context = base_context(principal, account_id)
        context.update(check.context)
        decision = evaluate(principal.policies, action, check.resource, context)
        if not decision.allowed:
            raise AccessDeniedException(denial_message(principal.arn, action, check.resource, decision.decision))
    return principal

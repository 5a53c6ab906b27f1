"""IAM authorization of Bedrock calls whose resources only the handler knows.

A thin Bedrock-side mapping over the shared evaluator (``local_aws.iam``):
the handler names the action and the resources, this module asks the shared
:mod:`local_aws.iam.authorization` (identity policies, permissions boundary,
session policies, explicit deny) and answers a denial with Bedrock's
AccessDeniedException. Only when the ``iam_enforcement`` setting is on; the
front door has already authenticated the key.

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
``bedrock:InvokeModelWithResponseStream`` (the two stream operations); other
callers (e.g. Marketplace permission checks) pass their own action.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from local_aws import settings
from local_aws.bedrock.errors import AccessDeniedException
from local_aws.iam import authorization, caller, context, principals
from local_aws.iam.evaluator import EXPLICIT_DENY, IMPLICIT_DENY, Context, Decision
from local_aws.iam.evaluator import denial_message as _denial_message


@dataclass(frozen=True)
class Check:
    resource: str
    context: dict[str, list[str]] = field(default_factory=dict)


def base_context(principal: principals.Principal, account_id: str) -> Context:
    """The request context AWS sets for ``principal`` (kept for callers of the former module)."""
    del account_id  # the principal knows its account
    return context.base_context(principal)


def denial_message(principal_arn: str, action: str, resource: str, decision: str) -> str:
    """AWS's text for an identity-policy denial (``decision``: explicitDeny or implicitDeny)."""
    kind = EXPLICIT_DENY if decision == EXPLICIT_DENY else IMPLICIT_DENY
    return _denial_message(principal_arn, action, resource, Decision(kind))


def authorize(account_id: str, access_key_id: str, action: str, checks: list[Check]) -> Optional[principals.Principal]:
    """Raise AccessDeniedException unless every check is allowed (no-op when enforcement is off)."""
    if not settings.get("iam_enforcement"):
        return None
    principal = caller.current() or principals.from_access_key(account_id, access_key_id)
    if principal is None:  # the front door refuses unknown keys first; never allow one here
        raise AccessDeniedException("The security token included in the request is invalid.")
    for check in checks:
        try:
            authorization.check(principal, action, check.resource, extra_context=check.context)
        except authorization.Denied as denied:
            raise AccessDeniedException(denied.message) from None
    return principal

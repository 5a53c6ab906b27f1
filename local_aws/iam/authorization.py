"""Authorize one action of a known principal: the shared entry point of every caller.

The front door (every service), Bedrock's ``authz.authorize`` (invocations,
Marketplace checks), STS AssumeRole (trust.py) all come here, so there is one
decision for one request. The account root is always allowed.
"""

from __future__ import annotations

from typing import Optional

from local_aws.iam.context import base_context
from local_aws.iam.evaluator import ALLOWED, Context, Decision, denial_message, evaluate_layers
from local_aws.iam.principals import Principal


class Denied(Exception):
    """The principal may not perform the action; ``message`` is AWS's text."""

    def __init__(self, message: str, action: str, resource: str, decision: Decision) -> None:
        super().__init__(message)
        self.message = message
        self.action = action
        self.resource = resource
        self.decision = decision


def decide(principal: Principal, action: str, resource: str, context: Context, resource_grant: bool = False) -> Decision:
    if principal.is_root:
        return Decision(ALLOWED)
    return evaluate_layers(principal.policies, action, resource, context, boundary=principal.boundary, session=principal.session, resource_grant=resource_grant)


def check(
    principal: Principal,
    action: str,
    resource: str,
    region: Optional[str] = None,
    extra_context: Optional[Context] = None,
    source_ip: str = "127.0.0.1",
    resource_grant: bool = False,
) -> None:
    """Raise :class:`Denied` unless ``principal`` may perform ``action`` on ``resource``."""
    context = base_context(principal, region, source_ip)
    context.update(extra_context or {})
    decision = decide(principal, action, resource, context, resource_grant)
    if not decision.allowed:
        raise Denied(denial_message(principal.arn, action, resource, decision), action, resource, decision)

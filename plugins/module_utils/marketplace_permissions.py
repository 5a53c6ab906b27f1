# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whether the setup identity may subscribe the account to a Marketplace model, asked before any change.

The first use of a third-party model (or ``CreateFoundationModelAgreement``)
subscribes the account through AWS Marketplace; the caller needs
``aws-marketplace:ViewSubscriptions`` and ``aws-marketplace:Subscribe`` (the
two AWS's refusal names), and AWS documents ``aws-marketplace:Unsubscribe``
too. ``check_permissions(sts, iam)`` asks IAM with SimulatePrincipalPolicy on
the caller's identity (for an assumed role, the role: its ARN is read from IAM
when the session ARN does not carry the role's path) and returns::

    {"identity": caller ARN, "simulated_as": user or role ARN or None,
     "checked": bool, "missing": [required actions denied],
     "missing_recommended": [...], "decisions": {action: EvalDecision},
     "reason": why it was not checked (None when it was)}

When the simulation cannot run (the account root, a federated user, or
SimulatePrincipalPolicy itself denied), ``checked`` is false and the real
call's answer decides (its refusal is diagnosed as
``marketplace_permissions_missing``).
"""

import re

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import IAMErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import STSErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

REQUIRED_ACTIONS = ("aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe")
RECOMMENDED_ACTIONS = ("aws-marketplace:Unsubscribe",)

_USER = re.compile(r"^arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):user/.+$")
_ASSUMED_ROLE = re.compile(r"^arn:(?P<partition>[\w-]+):sts::(?P<account>\d{12}):assumed-role/(?P<role>[\w+=,.@-]+)/[^/]+$")


def simulation_source(caller_arn):
    """``(kind, arn_or_role_name)`` to simulate for the caller: ``("user", ARN)``, ``("role", NAME)`` or ``(None, why)``."""
    if _USER.match(caller_arn or ""):
        return "user", caller_arn
    match = _ASSUMED_ROLE.match(caller_arn or "")
    if match:
        return "role", match.group("role")
    if (caller_arn or "").endswith(":root"):
        return None, "the caller is the account root, which IAM policies do not restrict"
    return None, "IAM cannot simulate the policies of %s" % caller_arn


@STSErrorHandler.common_error_handler("identify the caller")
def _caller_arn(sts):
    return sts.get_caller_identity(aws_retry=True)["Arn"]


@IAMErrorHandler.common_error_handler("read role {name}")
def _role_arn(iam, name):
    return iam.get_role(RoleName=name, aws_retry=True)["Role"]["Arn"]


@IAMErrorHandler.common_error_handler("simulate the Marketplace permissions of {arn}")
@retry_decorator("iam")
def _simulate(iam, arn, actions):
    results = []
    for page in iam.get_paginator("simulate_principal_policy").paginate(PolicySourceArn=arn, ActionNames=list(actions)):
        results.extend(page.get("EvaluationResults") or [])
    return results


def _error_code(error):
    exception = getattr(error, "exception", None)
    return (getattr(exception, "response", None) or {}).get("Error", {}).get("Code") or type(exception or error).__name__


def check_permissions(sts, iam):
    """The Marketplace permissions of the caller, as IAM evaluates its policies (see the module docstring).

    ``iam``: an IAM client, or a function that returns one (called only when a simulation is to run).
    """
    identity = _caller_arn(sts)
    result = {"identity": identity, "simulated_as": None, "checked": False, "missing": [], "missing_recommended": [], "decisions": {}, "reason": None}
    kind, source = simulation_source(identity)
    if kind is None:
        result["reason"] = "%s: not simulated, the first real call decides" % source
        return result
    if callable(iam):
        iam = iam()
    try:
        arn = _role_arn(iam, source) if kind == "role" else source
        evaluations = _simulate(iam, arn, REQUIRED_ACTIONS + RECOMMENDED_ACTIONS)
    except AnsibleAWSError as e:
        result["reason"] = "SimulatePrincipalPolicy could not run for %s (%s): the first real call decides" % (identity, _error_code(e))
        return result
    decisions = {}
    for evaluation in evaluations:
        action = evaluation.get("EvalActionName")
        # An action is allowed only when every resource answer allows it.
        if decisions.get(action, "allowed") == "allowed":
            decisions[action] = evaluation.get("EvalDecision")
    result.update(
        simulated_as=arn,
        checked=True,
        decisions=decisions,
        missing=[a for a in REQUIRED_ACTIONS if decisions.get(a) != "allowed"],
        missing_recommended=[a for a in RECOMMENDED_ACTIONS if decisions.get(a) != "allowed"],
    )
    return result


def missing_message(result, region):
    """The failure text for missing required permissions: which ones, for whom, and where to grant them."""
    detail = ", ".join("%s (%s)" % (a, result["decisions"].get(a) or "not evaluated") for a in result["missing"])
    who = result["simulated_as"]
    where = ("an identity policy of role %s" % who) if ":role/" in (who or "") else ("an identity policy of user %s" % who)
    return (
        "the setup identity %s is not allowed %s, which the account's first Marketplace subscription to these models in %s "
        "needs. Grant them in %s (scopable with aws-marketplace:ProductId), check that no SCP or permissions boundary "
        "denies them, and keep them off the runtime role and the dev user: once the account is subscribed, no invoker "
        "needs them." % (result["identity"], detail, region, where)
    )

"""The front door's IAM step, for every AWS request (see server.py).

1. Authentication (under ``iam_enforcement``): the access key must be one IAM
   or STS issued, active and unexpired, or a bootstrap root key
   (authentication.py).
2. Authorization (under ``iam_enforcement``): the operation's IAM action on
   its resource (actions.py) must be allowed by the caller's policies,
   boundary and session policies (authorization.py); STS AssumeRole is
   authorized by the role's trust policy (trust.py); Bedrock invocations by
   their handler (bedrock/authz.py), through the same evaluator.
   A Bedrock API key (bearer.py) is also authorized as
   ``bedrock:CallWithBearerToken`` (``bedrock:bearerTokenType``) first, and
   refused once expired.
3. Validation (always): IAM policy documents (validation.py) and AssumeRole's
   DurationSeconds (trust.py), as IAM and STS validate them.

moto's own IAM access control (``INITIAL_NO_AUTH_ACTION_COUNT``) stays off, so
one evaluator decides: :func:`assert_single_evaluator` refuses to start
otherwise.
"""

from __future__ import annotations

from typing import Any, Optional

from moto import settings as moto_settings

from local_aws import settings
from local_aws.aws_errors import AWSErrorResponse, error_response
from local_aws.iam import actions, authorization, bearer, caller as current_caller, principals, trust, validation
from local_aws.iam.authentication import authenticate, expired_key, unknown_key
from local_aws.iam.request import facts


def denied_response(service: str, protocol: Optional[str], message: str) -> AWSErrorResponse:
    """AWS's access-denied answer for ``service``, per protocol."""
    if protocol == "ec2":
        return error_response(protocol, 403, "UnauthorizedOperation", f"You are not authorized to perform this operation. {message}")
    if service == "sns":
        return error_response(protocol, 403, "AuthorizationError", message)
    if protocol in ("query", "rest-xml") or service == "cloudwatch":  # CloudWatch's JSON protocol keeps its query code
        return error_response(protocol, 403, "AccessDenied", message)
    return error_response(protocol, 403 if protocol == "rest-json" else 400, "AccessDeniedException", message)


def assert_single_evaluator() -> None:
    if moto_settings.INITIAL_NO_AUTH_ACTION_COUNT != float("inf"):
        raise RuntimeError(
            "moto's IAM access control is on (INITIAL_NO_AUTH_ACTION_COUNT is set): local_aws authorizes every "
            "request itself; unset it and use the iam_enforcement setting instead"
        )


def _bearer_check(
    caller: Any, token: bearer.BearerToken, service: str, region: Optional[str], protocol: Optional[str], source_ip: str
) -> Optional[AWSErrorResponse]:
    """A Bedrock API key: only Bedrock takes it, unexpired, and bedrock:CallWithBearerToken must be allowed."""
    if service not in ("bedrock", "bedrock-runtime"):
        return unknown_key(protocol)
    if bearer.expired(token, settings.utcnow()):
        return expired_key(protocol)
    try:
        authorization.check(caller, bearer.ACTION, "*", region, source_ip=source_ip, extra_context={"bedrock:bearerTokenType": [token.token_type]})
    except authorization.Denied as denied:
        return denied_response(service, protocol, denied.message)
    return None


def check(
    environ: dict[str, Any], body: bytes, service: Optional[str], operation: Optional[str], region: Optional[str], protocol: Optional[str]
) -> Optional[AWSErrorResponse]:
    """The answer that stops this request, or None to let moto answer it."""
    if not service or not operation:
        return None
    request = facts(environ, body, service, protocol)
    caller = None
    current_caller.set_current(None)
    if settings.get("iam_enforcement"):
        caller, failure = authenticate(request.access_key_id, protocol)
        if failure is not None:
            return failure
        current_caller.set_current(caller)
        token = environ.get(bearer.ENVIRON_KEY)
        if token is not None:
            refusal = _bearer_check(caller, token, service, region, protocol, request.source_ip)
            if refusal is not None:
                return refusal
        key = (service, operation)
        if key == ("sts", "AssumeRole"):
            denial = trust.authorize(caller, request.params, region, request.source_ip)
            if denial is not None:
                return denial
        elif key not in actions.UNAUTHORIZED and key not in actions.IN_HANDLER:
            action = actions.action_for(service, operation)
            resource = actions.resource_for(service, operation, request.params, region or "us-east-1", caller.account_id)
            try:
                authorization.check(caller, action, resource, region, source_ip=request.source_ip)
            except authorization.Denied as denied:
                return denied_response(service, protocol, denied.message)
    if service not in ("iam", "sts"):
        return None
    # The account the request acts in: the caller's (an assumed role's key: the role's account).
    account_id = caller.account_id if caller is not None else principals.account_of_key(request.access_key_id or "")
    if service == "iam":
        return validation.check(operation, request.params, account_id)
    if operation == "AssumeRole":
        return trust.check_duration(caller, request.params, account_id)
    return None

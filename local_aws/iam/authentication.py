"""Authentication under IAM enforcement: the request's access key must be one AWS would accept.

Only keys IAM (CreateAccessKey, status Active) or STS (AssumeRole, not expired
by the server clock) issued, and the bootstrap keys of setting
``root_access_key_ids`` (the account root), are accepted. Anything else fails
as AWS fails it, per protocol (texts as AWS SDKs report them):

- query (IAM, STS, SNS, CloudWatch): 403 ``InvalidClientTokenId`` "The security
  token included in the request is invalid."; expired: 403 ``ExpiredToken`` "The
  security token included in the request is expired";
- JSON (400) and REST-JSON (403): ``UnrecognizedClientException`` and
  ``ExpiredTokenException`` with the same texts;
- EC2: 401 ``AuthFailure`` "AWS was not able to validate the provided access
  credentials" (for expired credentials too: unverified);
- S3: 403 ``InvalidAccessKeyId`` "The AWS Access Key Id you provided does not
  exist in our records."; expired: 400 ``ExpiredToken`` "The provided token has
  expired.".

A request with no signature at all is refused like an unknown key
(``MissingAuthenticationToken`` is what query services answer; the JSON
services' ``MissingAuthenticationTokenException``), S3 answers AccessDenied.
"""

from __future__ import annotations

from typing import Optional

from local_aws.aws_errors import AWSErrorResponse, error_response
from local_aws.iam import principals

INVALID = "The security token included in the request is invalid."
EXPIRED = "The security token included in the request is expired"


def _unknown(protocol: Optional[str]) -> AWSErrorResponse:
    if protocol == "query":
        return error_response(protocol, 403, "InvalidClientTokenId", INVALID)
    if protocol == "ec2":
        return error_response(protocol, 401, "AuthFailure", "AWS was not able to validate the provided access credentials")
    if protocol == "rest-xml":
        return error_response(protocol, 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
    return error_response(protocol, 403 if protocol == "rest-json" else 400, "UnrecognizedClientException", INVALID)


def _expired(protocol: Optional[str]) -> AWSErrorResponse:
    if protocol == "query":
        return error_response(protocol, 403, "ExpiredToken", EXPIRED)
    if protocol == "ec2":
        return error_response(protocol, 401, "AuthFailure", "AWS was not able to validate the provided access credentials")
    if protocol == "rest-xml":
        return error_response(protocol, 400, "ExpiredToken", "The provided token has expired.")
    return error_response(protocol, 403 if protocol == "rest-json" else 400, "ExpiredTokenException", EXPIRED)


def _missing(protocol: Optional[str]) -> AWSErrorResponse:
    if protocol == "rest-xml":
        return error_response(protocol, 403, "AccessDenied", "Access Denied")
    if protocol in ("query", "ec2"):
        return error_response(protocol, 403, "MissingAuthenticationToken", "Request is missing Authentication Token")
    return error_response(protocol, 403 if protocol == "rest-json" else 400, "MissingAuthenticationTokenException", "Missing Authentication Token")


def authenticate(access_key_id: Optional[str], protocol: Optional[str]) -> tuple[Optional[principals.Principal], Optional[AWSErrorResponse]]:
    """(principal, None) for an accepted key, of the account the key belongs to; (None, error answer) otherwise."""
    if not access_key_id:
        return None, _missing(protocol)
    account_id = principals.account_of_key(access_key_id)
    principal = principals.from_access_key(account_id, access_key_id)
    if principal is None or not principal.active:
        return None, _unknown(protocol)
    if principal.expired:
        return None, _expired(protocol)
    return principal, None


def unknown_key(protocol: Optional[str]) -> AWSErrorResponse:
    """The answer to a credential AWS does not know (also a Bedrock API key it cannot read)."""
    return _unknown(protocol)


def expired_key(protocol: Optional[str]) -> AWSErrorResponse:
    """The answer to an expired credential (also an expired short-term Bedrock API key: unverified)."""
    return _expired(protocol)

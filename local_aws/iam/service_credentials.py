"""IAM service-specific credentials, which moto does not implement.

CreateServiceSpecificCredential, ListServiceSpecificCredentials and
DeleteServiceSpecificCredential, kept on the moto user object (reset clears
them), as the IAM API reference describes them:

- supported services: Amazon Bedrock (long-term API keys), CloudWatch Logs,
  CodeCommit and Amazon Keyspaces; another name is ``NotSupportedService``
  ("The specified service does not support service-specific credentials.",
  botocore's ServiceNotSupportedException);
- at most two per service and user (``LimitExceeded``);
- ``CredentialAgeDays`` (1 to 36600) only for Bedrock and CloudWatch Logs keys;
  without it the credential does not expire;
- Bedrock and CloudWatch Logs keys answer ``ServiceCredentialAlias`` and
  ``ServiceCredentialSecret`` (the key, ``ABSK...`` for Bedrock); CodeCommit
  and Keyspaces ``ServiceUserName`` and ``ServicePassword``. The secret is
  returned by the create call only, never listed.

Why it matters here: ``amazon.aws.iam_user state=absent`` lists a user's
service-specific credentials (and deletes them) before it deletes the user, so
without these operations the dev user could not be removed on the endpoint;
and the readiness report can prove the dev-user path made no Bedrock API key.
Unverified: the exact texts of the LimitExceeded and InvalidInput answers, the
alias format (``<user>-at-<account>``, as AWS's console shows it) and the
secret's encoding; requests signed with a long-term key are still refused
(``local_aws/iam/bearer.py``).
"""

from __future__ import annotations

import base64
import datetime
import secrets
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.iam.exceptions import IAMException, InvalidInput, LimitExceededException, NotFoundException
from moto.iam.responses import IamResponse

from local_aws.patching import add_operation

KEY_SERVICES = ("bedrock.amazonaws.com", "logs.amazonaws.com")  # API keys: alias + secret, may expire
PASSWORD_SERVICES = ("codecommit.amazonaws.com", "cassandra.amazonaws.com")
PER_SERVICE = 2
MAX_AGE_DAYS = 36600


class ServiceNotSupported(IAMException):
    code = "NotSupportedService"

    def __init__(self, service: str):
        super().__init__("The specified service does not support service-specific credentials.")
        self.code = "NotSupportedService"
        self.service = service


def _credentials(self: Any, user_name: str) -> list[dict[str, Any]]:
    user = self.backend.get_user(user_name)  # NoSuchEntity for an unknown user
    if not hasattr(user, "service_specific_credentials"):
        user.service_specific_credentials = []
    return user.service_specific_credentials


def _metadata(credential: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in credential.items() if k not in ("ServicePassword", "ServiceCredentialSecret")}


def create_service_specific_credential(self: Any) -> ActionResult:
    user_name, service = self._get_param("UserName"), self._get_param("ServiceName")
    age = self._get_param("CredentialAgeDays")
    if service not in KEY_SERVICES + PASSWORD_SERVICES:
        raise ServiceNotSupported(service)
    if age is not None:
        age = int(age)
        if service not in KEY_SERVICES:
            raise InvalidInput("CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API keys.")
        if not 1 <= age <= MAX_AGE_DAYS:
            raise InvalidInput(f"Value ({age}) for parameter CredentialAgeDays is invalid. Valid range is 1 to {MAX_AGE_DAYS}.")
    held = _credentials(self, user_name)
    if sum(1 for c in held if c["ServiceName"] == service) >= PER_SERVICE:
        raise LimitExceededException(f"Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {PER_SERVICE}")
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    credential: dict[str, Any] = {
        "UserName": user_name,
        "Status": "Active",
        "ServiceName": service,
        "CreateDate": now,
        "ServiceSpecificCredentialId": "ACCA" + secrets.token_hex(8).upper(),
    }
    if service in KEY_SERVICES:
        credential["ServiceCredentialAlias"] = f"{user_name}-at-{self.current_account}"
        token = base64.b64encode(f"{credential['ServiceCredentialAlias']}:{secrets.token_urlsafe(45)}".encode()).decode()
        credential["ServiceCredentialSecret"] = ("ABSK" if service.startswith("bedrock") else "ACWL") + token
        if age is not None:
            credential["ExpirationDate"] = now + datetime.timedelta(days=age)
    else:
        credential["ServiceUserName"] = f"{user_name}-at-{self.current_account}"
        credential["ServicePassword"] = secrets.token_urlsafe(30)
    held.append(credential)
    return ActionResult({"ServiceSpecificCredential": dict(credential)})


def list_service_specific_credentials(self: Any) -> ActionResult:
    user_name, service = self._get_param("UserName"), self._get_param("ServiceName")
    if self._get_param("AllUsers") in (True, "true"):
        users = [u.name for u in self.backend.list_users(None, None, None)]
    else:
        users = [user_name] if user_name else []
    found = [_metadata(c) for name in users for c in _credentials(self, name) if not service or c["ServiceName"] == service]
    return ActionResult({"ServiceSpecificCredentials": found, "IsTruncated": False})


def delete_service_specific_credential(self: Any) -> EmptyResult:
    user_name, credential_id = self._get_param("UserName"), self._get_param("ServiceSpecificCredentialId")
    held = _credentials(self, user_name)
    match = [c for c in held if c["ServiceSpecificCredentialId"] == credential_id]
    if not match:
        raise NotFoundException(f"No such credential {credential_id} exists")
    held.remove(match[0])
    return EmptyResult()


def install() -> None:
    add_operation(IamResponse, "create_service_specific_credential", create_service_specific_credential)
    add_operation(IamResponse, "list_service_specific_credentials", list_service_specific_credentials)
    add_operation(IamResponse, "delete_service_specific_credential", delete_service_specific_credential)

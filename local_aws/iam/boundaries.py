"""Permissions boundaries of IAM users, which moto does not keep (roles it keeps).

Adds PutUserPermissionsBoundary and DeleteUserPermissionsBoundary, and keeps
CreateUser's ``PermissionsBoundary``, on the moto user object
(``permissions_boundary_arn``, as moto names it for roles), so reset clears it.
GetUser does not report it (moto's User serializer has no such field).
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.iam.exceptions import InvalidInput
from moto.iam.responses import IamResponse

from local_aws.patching import add_operation, replace_operation

_original_create_user = IamResponse.create_user


def _set(self: Any, user_name: str, boundary: str) -> None:
    if boundary and boundary not in self.backend.managed_policies:
        raise InvalidInput(f"Value ({boundary}) for parameter PermissionsBoundary is invalid.")
    self.backend.get_user(user_name).permissions_boundary_arn = boundary or None


def create_user(self: Any) -> ActionResult:
    result = _original_create_user(self)
    boundary = self._get_param("PermissionsBoundary")
    if boundary:
        _set(self, self._get_param("UserName"), boundary)
    return result


def put_user_permissions_boundary(self: Any) -> EmptyResult:
    _set(self, self._get_param("UserName"), self._get_param("PermissionsBoundary"))
    return EmptyResult()


def delete_user_permissions_boundary(self: Any) -> EmptyResult:
    self.backend.get_user(self._get_param("UserName")).permissions_boundary_arn = None
    return EmptyResult()


def install() -> None:
    replace_operation(IamResponse, "create_user", create_user, "moto ignores CreateUser's PermissionsBoundary")
    add_operation(IamResponse, "put_user_permissions_boundary", put_user_permissions_boundary)
    add_operation(IamResponse, "delete_user_permissions_boundary", delete_user_permissions_boundary)

"""Who is calling, and which policies apply to them (from moto's IAM and STS state).

- an access key created by IAM CreateAccessKey belongs to that user: the
  user's inline and attached policies and those of its groups, its permissions
  boundary, its tags;
- an access key returned by STS AssumeRole belongs to the role session: the
  role's inline and attached policies, its boundary, the session policies
  (``Policy`` and ``PolicyArns``) and tags (role tags, overridden by session
  tags);
- a bootstrap key (setting ``root_access_key_ids``, ``testing`` by default)
  acts as the root of the default account, a key of setting
  ``account_root_access_key_ids`` as the root of its account, as AWS allows the
  root user everything;
- every key belongs to one account (:func:`account_of_key`): a bootstrap key's,
  or the account IAM or STS issued it in (an AssumeRole key: the role's
  account), so each account's policies, roles and sessions are its own;
- any other key is unknown: :func:`from_access_key` returns None and the
  front door answers as AWS does (see authentication.py).
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam import models as moto_iam_models
from moto.iam.models import IAMBackend, Role, User, iam_backends
from moto.sts.models import sts_backends

from local_aws import settings
from local_aws.iam.evaluator import SourcePolicy

ACTIVE = "Active"


@dataclass(frozen=True)
class Principal:
    arn: str  # what error messages name: user ARN, or sts assumed-role ARN
    kind: str  # root | user | role
    name: str  # user or role name
    policies: tuple[SourcePolicy, ...]
    account_id: str = DEFAULT_ACCOUNT_ID
    boundary: Optional[tuple[SourcePolicy, ...]] = None  # None: no permissions boundary
    session: Optional[tuple[SourcePolicy, ...]] = None  # None: no session policy
    tags: dict[str, str] = field(default_factory=dict)
    user_id: str = ""
    role_arn: str = ""  # the IAM role ARN of a role session
    expiration: Optional[datetime.datetime] = None  # of a role session's credentials
    active: bool = True  # False: an inactive IAM access key

    @property
    def is_root(self) -> bool:
        return self.kind == "root"

    @property
    def expired(self) -> bool:
        return self.expiration is not None and settings.utcnow() >= self.expiration

    def trust_identities(self) -> list[str]:
        """The ARNs a trust or resource policy can name this caller by."""
        return [self.arn] + ([self.role_arn] if self.role_arn else [])


# Session data moto's STS does not keep: PolicyArns and session tags, by access key ID.
_sessions: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def remember_session(access_key_id: str, policy_arns: list[str], tags: dict[str, str]) -> None:
    with _lock:
        _sessions[access_key_id] = {"policy_arns": list(policy_arns), "tags": dict(tags)}


@settings.on_reset
def _forget_sessions() -> None:
    with _lock:
        _sessions.clear()


def _iam(account_id: str) -> IAMBackend:
    return iam_backends[account_id]["aws"]


def _document(policy: Any) -> str:
    return next(v for v in policy.versions if v.is_default).document


def _managed(policy: Any) -> SourcePolicy:
    kind = "aws-managed" if ":iam::aws:policy/" in policy.arn else "user-managed"
    return SourcePolicy(policy.name, kind, _document(policy))


def managed_policy(account_id: str, arn: str) -> Optional[SourcePolicy]:
    policy = _iam(account_id).managed_policies.get(arn)
    return _managed(policy) if policy is not None else None


def _boundary(account_id: str, arn: Optional[str]) -> Optional[tuple[SourcePolicy, ...]]:
    if not arn:
        return None
    policy = managed_policy(account_id, arn)
    # A boundary whose policy is gone allows nothing.
    return (policy,) if policy is not None else ()


def _tags(entity: Any) -> dict[str, str]:
    tags = getattr(entity, "tags", None) or {}
    if isinstance(tags, dict):
        return {str(v.get("Key", k)): str(v.get("Value", "")) if isinstance(v, dict) else str(v) for k, v in tags.items()}
    return {t["Key"]: t["Value"] for t in tags}


def user_policies(user: User, backend: IAMBackend) -> tuple[SourcePolicy, ...]:
    policies = [SourcePolicy(name, "user", doc) for name, doc in user.policies.items()]
    policies += [_managed(p) for p in user.managed_policies.values()]
    for group in backend.get_groups_for_user(user.name):
        policies += [SourcePolicy(name, "group", doc) for name, doc in group.policies.items()]
        policies += [_managed(p) for p in group.managed_policies.values()]
    return tuple(policies)


def role_policies(role: Role) -> tuple[SourcePolicy, ...]:
    policies = [SourcePolicy(name, "role", doc) for name, doc in role.policies.items()]
    policies += [_managed(p) for p in role.managed_policies.values()]
    return tuple(policies)


def user_principal(user: User, backend: IAMBackend, account_id: str, active: bool = True) -> Principal:
    return Principal(
        user.arn,
        "user",
        user.name,
        user_policies(user, backend),
        account_id,
        boundary=_boundary(account_id, getattr(user, "permissions_boundary_arn", None)),
        tags={t["Key"]: t["Value"] for t in backend.list_user_tags(user.name)},
        user_id=user.id,
        active=active,
    )


def role_principal(role: Role, account_id: str) -> Principal:
    return Principal(
        role.arn,
        "role",
        role.name,
        role_policies(role),
        account_id,
        boundary=_boundary(account_id, role.permissions_boundary_arn),
        tags=_tags(role),
        user_id=role.id,
        role_arn=role.arn,
    )


def find_role(account_id: str, arn_or_name: str) -> Optional[Role]:
    name = arn_or_name.split("/")[-1]
    for role in list(_iam(account_id).roles.values()):
        if role.arn == arn_or_name or role.name == name and not arn_or_name.startswith("arn:"):
            return role
    return None


# moto's own lookup (IAM and STS keys by the account that issued them; the default account otherwise).
_moto_account_of_key = moto_iam_models.get_account_id_from


def root_key_account(access_key_id: str) -> Optional[str]:
    """The account whose root a bootstrap key acts as; None for any other key."""
    if access_key_id in settings.get("root_access_key_ids"):
        return DEFAULT_ACCOUNT_ID
    for account_id, keys in settings.get("account_root_access_key_ids").items():
        if access_key_id in keys:
            return account_id
    return None


def account_of_key(access_key_id: str) -> str:
    """The account ``access_key_id`` belongs to (moto serves the request from that account's backends)."""
    return root_key_account(access_key_id) or _moto_account_of_key(access_key_id)


def install() -> None:
    """moto routes each request to the account of its key, bootstrap keys of other accounts included."""
    moto_iam_models.get_account_id_from = account_of_key


def is_root_key(access_key_id: str) -> bool:
    return root_key_account(access_key_id) is not None


def root(account_id: str = DEFAULT_ACCOUNT_ID) -> Principal:
    return Principal(f"arn:aws:iam::{account_id}:root", "root", "root", (), account_id, user_id=account_id)


def from_access_key(account_id: str, access_key_id: str) -> Optional[Principal]:
    """The principal behind ``access_key_id``; None when IAM and STS never issued it (or deleted it)."""
    root_account = root_key_account(access_key_id)
    if root_account is not None:
        return root(root_account)
    backend = _iam(account_id)
    for user in list(backend.users.values()):
        for key in user.access_keys:
            if key.access_key_id == access_key_id:
                return user_principal(user, backend, account_id, active=key.status == ACTIVE)
    assumed = sts_backends[account_id]["aws"].get_assumed_role_from_access_key(access_key_id)
    if assumed is None:
        return None
    role_name = assumed.role_arn.split("/")[-1]
    session_arn = f"arn:aws:sts::{account_id}:assumed-role/{role_name}/{assumed.session_name}"
    role = find_role(account_id, assumed.role_arn)
    extra = _sessions.get(access_key_id, {})
    session: list[SourcePolicy] = []
    if assumed.policy:
        session.append(SourcePolicy("session-policy", "session", assumed.policy))
    for arn in extra.get("policy_arns", []):
        policy = managed_policy(account_id, arn)
        session.append(policy if policy is not None else SourcePolicy(arn, "session", {"Statement": []}))
    expiration = assumed.expiration
    if expiration.tzinfo is None:
        expiration = expiration.replace(tzinfo=datetime.timezone.utc)
    base = role_principal(role, account_id) if role is not None else None
    return Principal(
        session_arn,
        "role",
        role_name,
        base.policies if base else (),
        account_id,
        boundary=base.boundary if base else None,
        session=tuple(session) if (assumed.policy or extra.get("policy_arns")) else None,
        tags={**(base.tags if base else {}), **extra.get("tags", {})},
        user_id=f"{role.id if role else 'AROA'}:{assumed.session_name}",
        role_arn=assumed.role_arn,
        expiration=expiration,
    )


def from_arn(account_id: str, arn: str) -> Optional[Principal]:
    """The principal a SimulatePrincipalPolicy ``PolicySourceArn`` names (user or role)."""
    backend = _iam(account_id)
    for user in list(backend.users.values()):
        if user.arn == arn:
            return user_principal(user, backend, account_id)
    for role in list(backend.roles.values()):
        if role.arn == arn:
            return role_principal(role, account_id)
    return None


def exists(account_id: str, arn: str) -> bool:
    """Whether an IAM user or role ARN of this account names an existing entity (for trust policies)."""
    return from_arn(account_id, arn) is not None

"""Who is calling, and which identity policies apply to them (from moto's IAM and STS state).

- an access key created by IAM CreateAccessKey belongs to that user: the user's
  inline and attached policies, and those of the user's groups;
- an access key returned by STS AssumeRole belongs to the role session: the
  role's inline and attached policies;
- any other key (the dummy ``testing`` key, keys moto never issued) acts as the
  account root: always allowed, as AWS allows the root user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from moto.iam.models import IAMBackend, Role, User, iam_backends
from moto.sts.models import sts_backends

from local_aws.bedrock.policy_eval import SourcePolicy


@dataclass(frozen=True)
class Principal:
    arn: str  # what error messages name: user ARN, or sts assumed-role ARN
    kind: str  # root | user | role
    name: str  # user or role name
    policies: tuple[SourcePolicy, ...]

    @property
    def is_root(self) -> bool:
        return self.kind == "root"


def _iam(account_id: str) -> IAMBackend:
    return iam_backends[account_id]["aws"]


def _managed(policy: object) -> SourcePolicy:
    arn = policy.arn  # type: ignore[attr-defined]
    version = next(v for v in policy.versions if v.is_default)  # type: ignore[attr-defined]
    kind = "aws-managed" if ":iam::aws:policy/" in arn else "user-managed"
    return SourcePolicy(policy.name, kind, version.document)  # type: ignore[attr-defined]


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


def from_access_key(account_id: str, access_key_id: str) -> Principal:
    backend = _iam(account_id)
    for user in list(backend.users.values()):
        if any(key.access_key_id == access_key_id for key in user.access_keys):
            return Principal(user.arn, "user", user.name, user_policies(user, backend))
    assumed = sts_backends[account_id]["aws"].get_assumed_role_from_access_key(access_key_id)
    if assumed is not None:
        role_name = assumed.role_arn.split("/")[-1]
        session_arn = f"arn:aws:sts::{account_id}:assumed-role/{role_name}/{assumed.session_name}"
        role = next((r for r in list(backend.roles.values()) if r.name == role_name), None)
        return Principal(session_arn, "role", role_name, role_policies(role) if role else ())
    return Principal(f"arn:aws:iam::{account_id}:root", "root", "root", ())


def from_arn(account_id: str, arn: str) -> Optional[Principal]:
    """The principal a SimulatePrincipalPolicy ``PolicySourceArn`` names (user or role)."""
    backend = _iam(account_id)
    for user in list(backend.users.values()):
        if user.arn == arn:
            return Principal(user.arn, "user", user.name, user_policies(user, backend))
    for role in list(backend.roles.values()):
        if role.arn == arn:
            return Principal(role.arn, "role", role.name, role_policies(role))
    return None

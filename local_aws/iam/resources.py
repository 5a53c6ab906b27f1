"""ARNs of existing resources, read from moto's state (paths and random suffixes AWS adds)."""

from __future__ import annotations

from moto.iam.models import iam_backends
from moto.secretsmanager.models import secretsmanager_backends


def iam_entity_arn(account: str, kind: str, name: str, path: str = "/") -> str:
    """The ARN of an IAM role, user, group, instance profile or policy; its real path when it exists."""
    backend = iam_backends[account]["aws"]
    collections = {
        "role": backend.roles.values(),
        "user": backend.users.values(),
        "group": backend.groups.values(),
        "instance-profile": backend.instance_profiles.values(),
        "policy": backend.managed_policies.values(),
    }
    for entity in list(collections.get(kind, [])):
        if entity.name == name and (kind != "policy" or f":{account}:" in entity.arn):
            return entity.arn
    return f"arn:aws:iam::{account}:{kind}{path}{name}"


def secret_arn(account: str, region: str, secret_id: str) -> str:
    """A secret's ARN (with its six-character suffix) when it exists; else NAME-?????? as policies match it."""
    if secret_id.startswith("arn:"):
        return secret_id
    backend = secretsmanager_backends[account][region]
    for secret in list(backend.secrets.values()):
        if getattr(secret, "name", None) == secret_id:
            return secret.arn
    return f"arn:aws:secretsmanager:{region}:{account}:secret:{secret_id}-??????"

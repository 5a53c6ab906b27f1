"""The list of extensions installed into moto before the server answers its first request.

Each entry is a module with an ``install()`` function that patches moto (see
``patching.py``). ``install()`` must be idempotent.
"""

from __future__ import annotations

import importlib

from local_aws.patching import MotoAlreadyImplements

EXTENSIONS = (
    "local_aws.bedrock",
    "local_aws.service_quotas",
    "local_aws.budgets",
    "local_aws.moto_fixes",
    "local_aws.iam_managed_policies",
    "local_aws.iam",
)

_installed = False


def install_all() -> None:
    global _installed
    if _installed:
        return
    for name in EXTENSIONS:
        try:
            importlib.import_module(name).install()
        except MotoAlreadyImplements:
            raise
        except Exception as exc:
            raise RuntimeError(f"local_aws extension {name} failed to install: {exc}") from exc
    _installed = True

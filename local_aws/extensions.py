"""The list of extensions installed into moto before the server answers its first request.

Each entry is a module with an ``install()`` function that patches moto (see
``patching.py``). ``install()`` must be idempotent.
"""

from __future__ import annotations

import importlib

EXTENSIONS = (
    "local_aws.bedrock",
    "local_aws.service_quotas",
    "local_aws.budgets",
    "local_aws.ec2_fixes",
    "local_aws.iam_simulate",
)

_installed = False


def install_all() -> None:
    global _installed
    if _installed:
        return
    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # extension not written yet
                continue
            raise
        if getattr(module, "__file__", None) is None and not hasattr(module, "install"):
            continue  # a directory without __init__.py yet: extension being written
        module.install()
    _installed = True

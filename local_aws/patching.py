"""Adds operations to moto's Response classes, and notices when moto grows them.

moto identifies the operation of a request through botocore's service model and
then calls the Response-class method of that name (snake_case). Adding methods
to those classes before the first request implements an operation, with moto's
serializer shaping the reply exactly as AWS's wire protocol does.
"""

from __future__ import annotations

from typing import Any, Callable

_ADDED: dict[tuple[type, str], Callable[..., Any]] = {}


class MotoAlreadyImplements(RuntimeError):
    """The installed moto implements an operation this package adds: review the extension."""


def add_operation(response_cls: type, name: str, func: Callable[..., Any]) -> None:
    """Add ``name`` to ``response_cls``; fail loudly if moto already has it.

    Re-adding our own function (a second install in one process) is a no-op.
    """
    key = (response_cls, name)
    if _ADDED.get(key) is func:
        return
    if key not in _ADDED and hasattr(response_cls, name):
        raise MotoAlreadyImplements(
            f"moto's {response_cls.__name__} already implements {name!r}: the installed moto "
            "grew this operation, so local_aws's version must be reviewed (drop ours, or "
            "switch to replace_operation with a reason)."
        )
    setattr(response_cls, name, func)
    _ADDED[key] = func


def replace_operation(response_cls: type, name: str, func: Callable[..., Any], reason: str) -> None:
    """Replace moto's own ``name`` (it exists but does not behave as AWS does)."""
    key = (response_cls, name)
    if _ADDED.get(key) is func:
        return
    if key not in _ADDED and not hasattr(response_cls, name):
        raise RuntimeError(f"{response_cls.__name__}.{name} does not exist in the installed moto; use add_operation instead (replacement reason was: {reason})")
    setattr(response_cls, name, func)
    _ADDED[key] = func


def added_operations() -> list[str]:
    """Every operation this package added or replaced, as 'ResponseClass.method'."""
    return sorted(f"{cls.__name__}.{name}" for cls, name in _ADDED)

"""The log of AWS requests the endpoint received (``GET /_local_aws/calls``).

Each entry says which service and operation was called, in which region,
whether the operation mutates state, and the HTTP status answered, so a test
can prove, for instance, that a check-mode run made no mutating call.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_calls: list[dict[str, Any]] = []


def record(entry: dict[str, Any]) -> None:
    with _lock:
        _calls.append(dict(entry))


def calls() -> list[dict[str, Any]]:
    """A copy of every recorded call, in arrival order."""
    with _lock:
        return [dict(entry) for entry in _calls]


def clear() -> None:
    with _lock:
        _calls.clear()

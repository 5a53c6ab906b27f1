"""Settings of the local AWS endpoint, the server clock, and reset hooks.

Settings are changed at run time through the control API
(``GET``/``POST /_local_aws/config``) or in Python with :func:`update`.
Every extension reads time through :func:`now` (so ``clock_offset_seconds``
moves the whole endpoint's clock), and dates of the model lifecycle through
:func:`calendar_now` (``clock_pinned_at`` pins it) and registers a function with
:func:`on_reset` to clear its own state on ``POST /_local_aws/reset``.
"""

from __future__ import annotations

import copy
import datetime
import os
import re
import threading
import time
from typing import Any, Callable

DEFAULTS: dict[str, Any] = {
    # seconds an agreement stays PENDING before AVAILABLE (Bedrock model access)
    "agreement_pending_seconds": 2,
    # seconds between the steps PENDING -> CASE_OPENED -> APPROVED/DENIED (Service Quotas)
    "quota_request_step_seconds": 1,
    # final status of a quota increase request: "APPROVED" or "DENIED"
    "quota_request_outcome": "APPROVED",
    # text of every model reply (Bedrock runtime)
    "reply_text": "Hello! How can I help you today?",
    # offset of the server clock from the machine clock, in seconds
    "clock_offset_seconds": 0,
    # authenticate and authorize every request as IAM does (local_aws/iam/)
    "iam_enforcement": False,
    # the calendar models' lifecycle is read against (ISO-8601 UTC instant, frozen), or None for the
    # server clock; $LOCAL_AWS_CLOCK sets the start-up value so a whole test run sees one date
    "clock_pinned_at": os.environ.get("LOCAL_AWS_CLOCK") or None,
    # days without an invocation after which a LEGACY model refuses the account (AWS's text says 15;
    # reports also show 30)
    "legacy_inactivity_days": 15,
    # outcome of a Marketplace subscription (first use or CreateFoundationModelAgreement): "SUCCEEDED", or
    # "FAILED" (e.g. no valid payment method): calls succeed for agreement_pending_seconds, then are denied
    "marketplace_subscription_outcome": "SUCCEEDED",
    # answer 429 "Too many tokens per day" once the account's daily token quota is used up
    "daily_token_quota_enforcement": False,
    # access keys that act as the account root (the bootstrap credentials)
    "root_access_key_ids": ["testing"],
    # bootstrap keys of further accounts, {"ACCOUNT_ID": ["AKIA...", ...]}: each acts as that account's root
    # (a fleet's member accounts; their deploy roles are created with them). Keys have AWS's shape
    # (20 upper-case letters and digits), the only one moto reads an account from.
    "account_root_access_key_ids": {},
}

_VALIDATORS: dict[str, Callable[[Any], bool]] = {
    "agreement_pending_seconds": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0,
    "quota_request_step_seconds": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0,
    "quota_request_outcome": lambda v: v in ("APPROVED", "DENIED"),
    "reply_text": lambda v: isinstance(v, str),
    "clock_offset_seconds": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "iam_enforcement": lambda v: isinstance(v, bool),
    "clock_pinned_at": lambda v: v is None or _is_instant(v),
    "legacy_inactivity_days": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0,
    "marketplace_subscription_outcome": lambda v: v in ("SUCCEEDED", "FAILED"),
    "daily_token_quota_enforcement": lambda v: isinstance(v, bool),
    "root_access_key_ids": lambda v: isinstance(v, list) and all(isinstance(k, str) and k for k in v),
    "account_root_access_key_ids": lambda v: (
        isinstance(v, dict)
        and all(
            isinstance(a, str)
            and len(a) == 12
            and a.isdigit()
            and isinstance(keys, list)
            and all(isinstance(k, str) and re.fullmatch(r"[A-Z0-9]{20}", k) for k in keys)
            for a, keys in v.items()
        )
    ),
}


def _parse_instant(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def _is_instant(value: object) -> bool:
    try:
        _parse_instant(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


_lock = threading.RLock()
_values: dict[str, Any] = copy.deepcopy(DEFAULTS)
_reset_hooks: list[Callable[[], None]] = []


class SettingsError(ValueError):
    """An unknown setting name or a value of the wrong kind."""


def get(name: str | None = None) -> Any:
    """One setting's value, or a copy of all settings when ``name`` is None."""
    with _lock:
        if name is None:
            return dict(_values)
        if name not in _values:
            raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(DEFAULTS))}")
        return _values[name]


def update(changes: dict[str, Any]) -> dict[str, Any]:
    """Apply a partial update atomically (all or nothing); return all settings."""
    if not isinstance(changes, dict):
        raise SettingsError("settings update must be a JSON object")
    for name, value in changes.items():
        if name not in DEFAULTS:
            raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(DEFAULTS))}")
        if not _VALIDATORS[name](value):
            raise SettingsError(f"invalid value {value!r} for setting {name!r}")
    with _lock:
        _values.update(changes)
        return dict(_values)


def reset() -> None:
    """Settings back to their defaults (reset hooks are run by :func:`reset_all`)."""
    with _lock:
        _values.clear()
        _values.update(copy.deepcopy(DEFAULTS))


def on_reset(hook: Callable[[], None]) -> Callable[[], None]:
    """Register ``hook`` to run on every endpoint reset (usable as a decorator).

    Registering the same function twice keeps one entry.
    """
    with _lock:
        if hook not in _reset_hooks:
            _reset_hooks.append(hook)
    return hook


def run_reset_hooks() -> None:
    with _lock:
        hooks = list(_reset_hooks)
    for hook in hooks:
        hook()


def now() -> float:
    """The server clock: epoch seconds, machine time plus ``clock_offset_seconds``."""
    return time.time() + float(get("clock_offset_seconds"))


def utcnow() -> datetime.datetime:
    """The server clock as an aware UTC datetime."""
    return datetime.datetime.fromtimestamp(now(), tz=datetime.timezone.utc)


def calendar_now() -> datetime.datetime:
    """The calendar model lifecycles, legacy inactivity and daily quotas are read against.

    ``clock_pinned_at`` when set (frozen there: tests move it explicitly), else the
    server clock. Request signatures and pending windows keep using :func:`now`,
    so moving the calendar by months does not make every signature expire.
    """
    pinned = get("clock_pinned_at")
    return _parse_instant(pinned) if pinned else utcnow()

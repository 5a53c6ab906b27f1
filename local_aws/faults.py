"""Injected faults (``POST /_local_aws/faults``): errors and latency for the next N calls.

A fault matches a service (the botocore service name, e.g. ``bedrock-runtime``,
or the signing name, e.g. ``bedrock``; ``*`` matches every service) and
optionally one operation. Each
matching call uses up one of its ``count``; a fault with no ``error_code``
only adds latency and lets the call through.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

# Status when the caller names an error code but no status.
DEFAULT_STATUS = {
    "ThrottlingException": 429,
    "Throttling": 400,
    "TooManyRequestsException": 429,
    "RequestLimitExceeded": 503,
    "SlowDown": 503,
    "AccessDeniedException": 403,
    "AccessDenied": 403,
    "UnauthorizedOperation": 403,
    "InternalServerException": 500,
    "InternalFailure": 500,
    "InternalError": 500,
    "ServiceUnavailableException": 503,
    "ServiceUnavailable": 503,
    "ModelNotReadyException": 429,
}


# The ``service`` of a fault that matches every service (e.g. a latency on every AWS call).
ANY_SERVICE = "*"


class FaultError(ValueError):
    """A fault description that cannot be used."""


@dataclass
class Fault:
    service: str
    operation: str | None = None
    count: int = 1
    error_code: str | None = None
    status: int | None = None
    message: str | None = None
    latency_ms: int = 0

    def matches(self, service: str | None, signing_name: str | None, operation: str | None) -> bool:
        if self.count <= 0:
            return False
        if self.service != ANY_SERVICE and self.service not in (service, signing_name):
            return False
        return self.operation is None or self.operation == operation


_lock = threading.Lock()
_faults: list[Fault] = []


def parse(spec: Any) -> Fault:
    if not isinstance(spec, dict):
        raise FaultError("a fault is a JSON object")
    known = {"service", "operation", "count", "error_code", "status", "message", "latency_ms"}
    unknown = set(spec) - known
    if unknown:
        raise FaultError(f"unknown fault field(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    if not isinstance(spec.get("service"), str) or not spec["service"]:
        raise FaultError('\'service\' is required (e.g. "bedrock-runtime", or "*" for every service)')
    fault = Fault(**spec)
    if not isinstance(fault.count, int) or isinstance(fault.count, bool) or fault.count < 1:
        raise FaultError("'count' must be an integer >= 1")
    if not isinstance(fault.latency_ms, int) or isinstance(fault.latency_ms, bool) or fault.latency_ms < 0:
        raise FaultError("'latency_ms' must be an integer >= 0")
    if fault.error_code is None and fault.latency_ms == 0:
        raise FaultError("a fault needs an 'error_code', a 'latency_ms', or both")
    if fault.error_code is not None:
        if fault.status is None:
            fault.status = DEFAULT_STATUS.get(fault.error_code, 400)
        if not isinstance(fault.status, int) or not 400 <= fault.status <= 599:
            raise FaultError("'status' must be an HTTP error status (400-599)")
        if fault.message is None:
            fault.message = f"{fault.error_code} (injected by the local AWS endpoint)"
    return fault


def add(spec: Any) -> Fault:
    fault = parse(spec)
    with _lock:
        _faults.append(fault)
    return fault


def take(service: str | None, signing_name: str | None, operation: str | None) -> Fault | None:
    """The first fault matching this call, with one use consumed; None when none matches."""
    with _lock:
        for fault in _faults:
            if fault.matches(service, signing_name, operation):
                fault.count -= 1
                taken = Fault(**asdict(fault))
                if fault.count <= 0:
                    _faults.remove(fault)
                return taken
    return None


def pending() -> list[dict[str, Any]]:
    with _lock:
        return [asdict(fault) for fault in _faults]


def clear() -> None:
    with _lock:
        _faults.clear()

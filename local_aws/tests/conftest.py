"""Fixtures for the local AWS endpoint's tests: one server per test session
(per xdist worker), state reset before every test, boto3 clients aimed at it.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any, Callable

import boto3
import pytest
from botocore.config import Config

# Every test sees one calendar date, whatever day it runs: lifecycle states (ACTIVE, LEGACY,
# end of life) are computed from the snapshot's dates against it. Tests that move time use
# Control.pin_clock / advance_days; the reset before each test restores this pin.
PINNED_CLOCK = "2026-12-01T12:00:00Z"
os.environ["LOCAL_AWS_CLOCK"] = PINNED_CLOCK

from local_aws.server import LocalAWSServer  # noqa: E402

DUMMY_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


class Control:
    """Calls the endpoint's control API (``/_local_aws/...``)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def request(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        data = None if payload is None else json.dumps(payload).encode()
        req = urllib.request.Request(
            f"{self.url}/_local_aws/{path.lstrip('/')}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def _ok(self, method: str, path: str, payload: Any = None) -> Any:
        status, body = self.request(method, path, payload)
        assert status == 200, f"{method} /_local_aws/{path} answered {status}: {body}"
        return body

    def reset(self) -> None:
        self._ok("POST", "reset")

    def calls(self, service: str | None = None) -> list[dict[str, Any]]:
        calls = self._ok("GET", "calls")["calls"]
        return [c for c in calls if service is None or c["service"] == service]

    def clear_calls(self) -> None:
        self._ok("DELETE", "calls")

    def fault(self, **spec: Any) -> Any:
        return self._ok("POST", "faults", spec)

    def clear_faults(self) -> None:
        self._ok("DELETE", "faults")

    def pin_clock(self, instant: str | None) -> dict[str, Any]:
        return self._ok("POST", "clock", {"pinned_at": instant})

    def advance_days(self, days: float) -> dict[str, Any]:
        return self._ok("POST", "clock", {"advance_days": days})

    def config(self, **changes: Any) -> dict[str, Any]:
        if changes:
            return self._ok("POST", "config", changes)
        return self._ok("GET", "config")


@pytest.fixture(scope="session")
def local_aws_server():
    server = LocalAWSServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def endpoint_url(local_aws_server) -> str:
    return local_aws_server.url


@pytest.fixture(scope="session")
def control(endpoint_url) -> Control:
    return Control(endpoint_url)


@pytest.fixture(autouse=True)
def _reset_local_aws(control):
    control.reset()
    yield


@pytest.fixture
def client(endpoint_url) -> Callable[..., Any]:
    """``client(service, region="us-east-1", **config)``: a boto3 client for the endpoint.

    Retries are off (one attempt in all) so error tests stay fast; pass
    ``retries={...}`` to test retry behaviour.
    """

    def make(service: str, region: str = "us-east-1", **config: Any) -> Any:
        config.setdefault("retries", {"total_max_attempts": 1, "mode": "standard"})
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=endpoint_url,
            config=Config(**config),
            **DUMMY_CREDENTIALS,
        )

    return make

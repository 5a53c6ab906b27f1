"""The control API of the local AWS endpoint, under ``/_local_aws/``.

- ``GET /_local_aws/health`` -> ``{"status": "ok"}``
- ``POST /_local_aws/reset`` -> resets moto's backends, every extension's state
  (reset hooks), settings, faults and the call log
- ``GET /_local_aws/calls`` -> ``{"calls": [...]}``; ``DELETE`` clears the log
- ``GET /_local_aws/faults`` -> pending faults; ``POST`` adds one; ``DELETE`` clears
- ``GET /_local_aws/config`` -> settings; ``POST`` applies a partial update
- ``GET /_local_aws/clock`` -> the server clock and the calendar; ``POST``
  ``{"pinned_at": "2026-12-01T12:00:00Z"}`` pins the calendar (``null`` unpins),
  ``{"advance_days": 30}`` moves it (pinning it first when it was not)

Control requests are not recorded in the call log.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Callable, Iterable

from local_aws import call_log, faults, settings

CONTROL_PREFIX = "/_local_aws"

StartResponse = Callable[..., Any]

_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}


def json_response(start_response: StartResponse, status: int, payload: Any) -> Iterable[bytes]:
    body = json.dumps(payload, indent=1, sort_keys=True, default=str).encode()
    start_response(
        f"{status} {_REASONS.get(status, 'OK')}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


def reset_everything() -> None:
    """Everything back to the state of a freshly started endpoint."""
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()
    settings.reset()
    settings.run_reset_hooks()
    faults.clear()
    call_log.clear()


def _read_json(environ: dict[str, Any]) -> Any:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw.strip():
        return {}
    return json.loads(raw)


def _health(method: str, environ: dict[str, Any]) -> tuple[int, Any]:
    return 200, {"status": "ok"}


def _reset(method: str, environ: dict[str, Any]) -> tuple[int, Any]:
    if method != "POST":
        return 405, {"error": "POST to reset"}
    reset_everything()
    return 200, {"status": "ok"}


def _calls(method: str, environ: dict[str, Any]) -> tuple[int, Any]:
    if method == "GET":
        return 200, {"calls": call_log.calls()}
    if method == "DELETE":
        call_log.clear()
        return 200, {"calls": []}
    return 405, {"error": "GET or DELETE"}


def _faults(method: str, environ: dict[str, Any]) -> tuple[int, Any]:
    if method == "GET":
        return 200, {"faults": faults.pending()}
    if method == "POST":
        try:
            faults.add(_read_json(environ))
        except (ValueError, TypeError) as exc:  # FaultError and JSON errors are ValueErrors
            return 400, {"error": str(exc)}
        return 200, {"faults": faults.pending()}
    if method == "DELETE":
        faults.clear()
        return 200, {"faults": []}
    return 405, {"error": "GET, POST or DELETE"}


def _config(method: str, environ: dict[str, Any]) -> tuple[int, Any]:
    if method == "GET":
        return 200, settings.get()
    if method == "POST":
        try:
            return 200, settings.update(_read_json(environ))
        except ValueError as exc:  # SettingsError and JSON errors
            return 400, {"error": str(exc)}
    return 405, {"error": "GET or POST"}


def _clock_state() -> dict[str, Any]:
    return {
        "server_clock": settings.utcnow().isoformat(),
        "calendar": settings.calendar_now().isoformat(),
        "clock_pinned_at": settings.get("clock_pinned_at"),
    }


def _clock(method: str, environ: dict[str, Any]) -> tuple[int, Any]:
    if method == "GET":
        return 200, _clock_state()
    if method != "POST":
        return 405, {"error": "GET or POST"}
    try:
        body = _read_json(environ)
        if not isinstance(body, dict) or set(body) - {"pinned_at", "advance_days"} or len(body) != 1:
            raise ValueError('POST {"pinned_at": ISO-8601 or null} or {"advance_days": number}')
        if "pinned_at" in body:
            settings.update({"clock_pinned_at": body["pinned_at"]})
        else:
            days = body["advance_days"]
            if not isinstance(days, (int, float)) or isinstance(days, bool):
                raise ValueError("advance_days must be a number")
            moved = settings.calendar_now() + datetime.timedelta(days=days)
            settings.update({"clock_pinned_at": moved.isoformat().replace("+00:00", "Z")})
    except ValueError as exc:
        return 400, {"error": str(exc)}
    return 200, _clock_state()


ROUTES: dict[str, Callable[[str, dict[str, Any]], tuple[int, Any]]] = {
    "/health": _health,
    "/reset": _reset,
    "/calls": _calls,
    "/faults": _faults,
    "/config": _config,
    "/clock": _clock,
}


def handle(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")[len(CONTROL_PREFIX) :].rstrip("/")
    route = ROUTES.get(path)
    if route is None:
        return json_response(start_response, 404, {"error": f"no control endpoint {path!r}; known: {sorted(ROUTES)}"})
    status, payload = route(environ.get("REQUEST_METHOD", "GET"), environ)
    return json_response(start_response, status, payload)

"""The local AWS endpoint: moto's WSGI dispatcher behind a thin front door.

The front door (:class:`FrontDoor`) answers the control API under ``/_local_aws/``
and hands every other request to moto. Bound to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import threading
from typing import Any, Callable, Iterable

from werkzeug.serving import BaseWSGIServer, make_server

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

from local_aws.extensions import install_all

CONTROL_PREFIX = "/_local_aws"

StartResponse = Callable[..., Any]


def json_response(start_response: StartResponse, status: int, payload: Any) -> Iterable[bytes]:
    body = json.dumps(payload, indent=1, sort_keys=True, default=str).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "OK")
    start_response(
        f"{status} {reason}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


class FrontDoor:
    """WSGI application: control API first, then moto."""

    def __init__(self) -> None:
        install_all()
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == CONTROL_PREFIX + "/health":
            return json_response(start_response, 200, {"status": "ok"})
        return self.moto(environ, start_response)


def create_app() -> FrontDoor:
    return FrontDoor()


class LocalAWSServer:
    """Runs the endpoint in a background thread (for pytest and scripts).

    ``port=0`` picks a free port; ``url`` tells which.
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "LocalAWSServer":
        self._server = make_server(
            self.host, self.port, create_app(), threaded=True, request_handler=MotoRequestHandler
        )
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> "LocalAWSServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

"""The local AWS endpoint: moto's WSGI dispatcher behind a front door.

The front door (:class:`FrontDoor`) answers the control API under ``/_local_aws/``
(see :mod:`local_aws.control`) and, for every AWS request:

1. identifies service, operation and region (:mod:`local_aws.identify`);
   (a Bedrock API key, ``Authorization: Bearer``, by the scope it carries: :mod:`local_aws.iam.bearer`);
2. rejects a request signed too far from the server clock (:mod:`local_aws.signature_time`);
   then authenticates, authorizes and validates it as IAM does (:mod:`local_aws.iam.gate`);
3. applies an injected fault, if one matches (:mod:`local_aws.faults`);
4. hands the request to moto, turning "not implemented" into an AWS-shaped
   error botocore does not retry, never an HTML 500;
5. records the call and its HTTP status (:mod:`local_aws.call_log`).

Bound to 127.0.0.1 only.
"""

from __future__ import annotations

import io
import threading
import time
import traceback
from typing import Any, Callable, Iterable

from flask import Flask, request as flask_request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.serving import BaseWSGIServer, make_server

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

from local_aws import call_log, control, faults, signature_time
from local_aws.aws_errors import AWSErrorResponse, error_response
from local_aws.extensions import install_all
from local_aws.iam import bearer, gate
from local_aws.iam.authentication import INVALID
from local_aws.identify import Identified, identify

CONTROL_PREFIX = control.CONTROL_PREFIX
IDENTIFIED_ENVIRON_KEY = "local_aws.identified"

StartResponse = Callable[..., Any]


def not_implemented(ident: Identified | None) -> AWSErrorResponse:
    """The answer for an operation botocore knows but nobody implemented here.

    501 with code ``NotImplemented``: botocore retries neither (its retryable
    statuses are 500, 502, 503, 504 and throttling codes).
    """
    protocol = ident.protocol if ident else None
    if ident is not None and ident.operation:
        message = f"The operation {ident.operation} of service {ident.service} is not implemented by the local AWS endpoint"
    else:
        message = "The operation of this request is not implemented by the local AWS endpoint"
    return error_response(protocol, 501, "NotImplemented", message)


def unknown_operation(ident: Identified | None) -> AWSErrorResponse:
    """The answer for a request that names no operation of the service (as AWS answers it)."""
    protocol = ident.protocol if ident else None
    if protocol in ("query", "ec2"):
        return error_response(protocol, 400, "InvalidAction", "The action or operation requested is invalid. Verify that the action is typed correctly.")
    if protocol == "rest-xml":
        return error_response(protocol, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
    status = 404 if protocol == "rest-json" else 400
    return error_response(protocol, status, "UnknownOperationException", "The requested operation is not recognized by the service.")


def _flask_error(exc: Exception) -> Any:
    ident = flask_request.environ.get(IDENTIFIED_ENVIRON_KEY)
    answer = not_implemented(ident) if ident is not None and ident.operation else unknown_operation(ident)
    return answer.body, answer.status, answer.headers


class NoMotoBackend(NotImplementedError):
    """moto has no backend for the service of this request."""


def create_backend_app_with_aws_errors(service: Any) -> Flask:
    """moto's per-service Flask app, answering unrouted requests with AWS-shaped errors."""
    if service is None:
        raise NoMotoBackend()
    app = create_backend_app(service)
    app.register_error_handler(NotFound, _flask_error)
    app.register_error_handler(MethodNotAllowed, _flask_error)
    return app


def _read_body(environ: dict[str, Any]) -> bytes:
    """Read the request body once and put it back for moto to read again."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH")
    if length:
        try:
            body = stream.read(int(length))
        except ValueError:
            body = b""
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _send(start_response: StartResponse, answer: AWSErrorResponse) -> Iterable[bytes]:
    start_response(answer.status_line, answer.headers)
    return [answer.body]


class FrontDoor:
    """WSGI application: control API first, then checks, faults and moto."""

    def __init__(self) -> None:
        install_all()
        self.moto = DomainDispatcherApplication(create_backend_app_with_aws_errors)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            return control.handle(environ, start_response)
        if path.startswith("/moto-api"):
            return self.moto(environ, start_response)
        return self._aws_request(environ, start_response)

    def _aws_request(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = _read_body(environ)
        bearer_refusal = None
        token = bearer.bearer_value(environ)
        if token is not None:  # a Bedrock API key: route it by the credential scope it carries
            try:
                bearer.to_sigv4_scope(environ, bearer.parse(token))
            except bearer.InvalidToken:
                bearer_refusal = error_response("rest-json", 403, "UnrecognizedClientException", INVALID)
        ident = identify(environ, body)
        environ[IDENTIFIED_ENVIRON_KEY] = ident
        entry: dict[str, Any] = {
            "service": ident.service,
            "operation": ident.operation,
            "mutating": ident.mutating,
            "region": ident.region,
            "status": None,
            "fault": False,
        }

        def recording_start_response(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            try:
                entry["status"] = int(status.split(" ", 1)[0])
            except ValueError:
                entry["status"] = None
            return start_response(status, headers, *args)

        try:
            if bearer_refusal is not None:
                return _send(recording_start_response, bearer_refusal)
            rejection = signature_time.check(environ, ident.protocol)
            if rejection is not None:
                return _send(recording_start_response, rejection)

            refusal = gate.check(environ, body, ident.service, ident.operation, ident.region, ident.protocol)
            if refusal is not None:
                return _send(recording_start_response, refusal)

            fault = faults.take(ident.service, ident.signing_name, ident.operation)
            if fault is not None:
                entry["fault"] = True
                if fault.latency_ms:
                    time.sleep(fault.latency_ms / 1000.0)
                if fault.error_code is not None:
                    answer = error_response(ident.protocol, fault.status or 400, fault.error_code, fault.message or "")
                    return _send(recording_start_response, answer)

            try:
                return self._moto(environ, recording_start_response, ident)
            except NotImplementedError:
                return _send(recording_start_response, not_implemented(ident))
            except Exception as exc:
                traceback.print_exc()
                answer = error_response(ident.protocol, 500, "InternalFailure", f"The local AWS endpoint failed: {type(exc).__name__}: {exc}")
                return _send(recording_start_response, answer)
        finally:
            call_log.record(entry)

    def _moto(self, environ: dict[str, Any], start_response: StartResponse, ident: Identified) -> Iterable[bytes]:
        """moto's answer, unless it is an empty or HTML error page (never what AWS sends)."""
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            captured[:] = [status, headers, *args]
            return lambda data: None  # moto's Flask apps never use the legacy write()

        body = self.moto(environ, capture)
        status_line, headers = captured[0], captured[1]
        status = int(status_line.split(" ", 1)[0])
        header_map = {k.lower(): v for k, v in headers}
        html = header_map.get("content-type", "").startswith("text/html")
        empty = header_map.get("content-length") == "0"
        if status >= 400 and html and environ.get("REQUEST_METHOD") != "HEAD":
            if status >= 500 or empty:
                if hasattr(body, "close"):
                    body.close()
                if status >= 500:
                    answer = error_response(ident.protocol, 500, "InternalFailure", "The local AWS endpoint failed to process the request.")
                else:
                    answer = not_implemented(ident) if ident.operation else unknown_operation(ident)
                return _send(start_response, answer)
        start_response(*captured)
        return body


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

    def start(self) -> LocalAWSServer:
        self._server = make_server(self.host, self.port, create_app(), threaded=True, request_handler=MotoRequestHandler)
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

    def __enter__(self) -> LocalAWSServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

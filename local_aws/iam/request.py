"""What the front door knows of a request, for authentication and authorization.

The caller's access key (SigV4 credential scope), the source IP, and the
request's parameters as a flat name -> value map: query/EC2 form fields, JSON
body members, and the URI labels of REST protocols (as moto's router matches
them, e.g. S3 ``Bucket``/``Key``, Bedrock ``modelIdentifier``).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import parse_qs

from moto.core.request import Request
from moto.core.routing import get_service_router


@dataclass
class RequestFacts:
    access_key_id: Optional[str]
    source_ip: str
    params: dict[str, str]


def access_key(environ: dict[str, Any]) -> Optional[str]:
    auth = environ.get("HTTP_AUTHORIZATION", "")
    credential = None
    if auth.startswith("AWS4-"):
        for part in auth.split(" ", 1)[-1].split(","):
            key, _, value = part.strip().partition("=")
            if key == "Credential":
                credential = value
    else:
        credential = (parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential") or [None])[0]
    return credential.split("/", 1)[0] if credential else None


def _flat(document: Any) -> dict[str, str]:
    if not isinstance(document, dict):
        return {}
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in document.items() if not isinstance(v, (dict, list))} | {
        k: json.dumps(v) for k, v in document.items() if isinstance(v, (dict, list))
    }


def parameters(environ: dict[str, Any], body: bytes, service: str, protocol: Optional[str]) -> dict[str, str]:
    params: dict[str, str] = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    if protocol in ("query", "ec2"):
        params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        return params
    if protocol in ("json", "rest-json") and body:
        try:
            params.update(_flat(json.loads(body)))
        except ValueError:
            pass
    if protocol in ("rest-json", "rest-xml"):
        probe = dict(environ)
        probe["wsgi.input"] = io.BytesIO(body)
        try:
            _, labels = get_service_router(service).match(Request(probe))
            params.update({k: str(v) for k, v in (labels or {}).items()})
        except Exception:
            pass
    return params


def facts(environ: dict[str, Any], body: bytes, service: str, protocol: Optional[str]) -> RequestFacts:
    return RequestFacts(access_key(environ), environ.get("REMOTE_ADDR", "127.0.0.1"), parameters(environ, body, service, protocol))

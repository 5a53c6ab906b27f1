"""Amazon Bedrock API keys: requests signed ``Authorization: Bearer <key>`` instead of SigV4.

botocore sends them for Bedrock when ``AWS_BEARER_TOKEN_BEDROCK`` is set (the
bedrock and bedrock-runtime models list ``smithy.api#httpBearerAuth``).

- A short-term key is ``bedrock-api-key-`` followed by the base64 of a SigV4
  presigned URL (``bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-
  Credential=KEY/DATE/REGION/bedrock/aws4_request&...&Version=1``), as AWS's
  token generator builds it: it carries the generating session's access key,
  so the request is that session's, with its permissions. It expires with
  ``X-Amz-Date`` + ``X-Amz-Expires`` (at most 12 hours) and never outlives
  the session.
- A long-term key (``ABSK...``, an IAM service-specific credential) is not
  modelled: moto has no service-specific credentials. Such a request is
  refused as an unknown key (unverified text).

The front door turns an accepted key into the SigV4 credential scope moto
routes by (service, region) and marks the request, so the IAM gate also
authorizes ``bedrock:CallWithBearerToken`` with ``bedrock:bearerTokenType`` =
``SHORT_TERM`` (resource ``*``: the action has no resource type, so the denial text names none) before the
operation's own action.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import parse_qs

SHORT_TERM_PREFIX = "bedrock-api-key-"
ENVIRON_KEY = "local_aws.bearer_token"
ACTION = "bedrock:CallWithBearerToken"


@dataclass(frozen=True)
class BearerToken:
    access_key_id: str
    region: str
    token_type: str
    expires_at: Optional[datetime.datetime]


class InvalidToken(ValueError):
    """Not a Bedrock API key this endpoint can read."""


def bearer_value(environ: dict[str, Any]) -> Optional[str]:
    auth = environ.get("HTTP_AUTHORIZATION", "")
    return auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else None


def parse(token: str) -> BearerToken:
    if not token.startswith(SHORT_TERM_PREFIX):
        raise InvalidToken("not a short-term Bedrock API key")
    raw = token[len(SHORT_TERM_PREFIX) :]
    try:
        url = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=False).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise InvalidToken("not base64") from None
    query = parse_qs(url.partition("?")[2])
    credential = (query.get("X-Amz-Credential") or [""])[0].split("/")
    if (query.get("Action") or [""])[0] != "CallWithBearerToken" or len(credential) != 5 or credential[3] != "bedrock":
        raise InvalidToken("not a presigned CallWithBearerToken URL")
    expires_at = None
    try:
        signed = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        expires_at = signed + datetime.timedelta(seconds=int(query["X-Amz-Expires"][0]))
    except (KeyError, ValueError):
        pass
    return BearerToken(credential[0], credential[2], "SHORT_TERM", expires_at)


def to_sigv4_scope(environ: dict[str, Any], token: BearerToken) -> None:
    """Give the request the credential scope moto and the front door route by, and mark it as a bearer request."""
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d")
    environ["HTTP_AUTHORIZATION"] = (
        f"AWS4-HMAC-SHA256 Credential={token.access_key_id}/{date}/{token.region}/bedrock/aws4_request, SignedHeaders=host, Signature=bearer"
    )
    environ[ENVIRON_KEY] = token


def expired(token: BearerToken, now: datetime.datetime) -> bool:
    return token.expires_at is not None and now >= token.expires_at

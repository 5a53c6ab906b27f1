"""The principal the front door authenticated for the request being handled (one thread per request).

Handlers that authorize themselves (bedrock/authz.py) read it here rather than
re-reading the access key: moto's own key parsing does not recognise every
key shape (the bootstrap ``testing`` key, for one).
"""

from __future__ import annotations

import threading
from typing import Optional

from local_aws.iam.principals import Principal

_local = threading.local()


def set_current(principal: Optional[Principal]) -> None:
    _local.principal = principal


def current() -> Optional[Principal]:
    return getattr(_local, "principal", None)

"""``python -m local_aws``: serve the local AWS endpoint in the foreground."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from werkzeug.serving import make_server

from moto.moto_server.werkzeug_app import MotoRequestHandler

from local_aws.patching import MotoAlreadyImplements
from local_aws.server import create_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_aws", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("LOCAL_AWS_PORT", "4566")),
        help="port (default $LOCAL_AWS_PORT or 4566)",
    )
    args = parser.parse_args(argv)
    try:
        app = create_app()
    except MotoAlreadyImplements as exc:
        print(f"local_aws: start-up check failed: {exc}", file=sys.stderr, flush=True)
        return 3
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"local_aws listening on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# run-ee.sh (make ee): the execution environment's build context, made by
# `ansible-builder create` (scripts/ee-context.sh) and checked: pins, this
# collection's tarball, the galaxy stage's install and the builder stage's
# introspection replayed without a container engine (tests/ee/check_context.py).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
home=${TFB_HOME:-$HOME/.cache/ticketflow-bedrock}
venv=${VENV:-$home/venv}
context=$home/ee/context
"$repo/scripts/ee-context.sh" "$context"
"$venv/bin/python" "$repo/tests/ee/check_context.py" "$context" "$repo" "$home/collections"

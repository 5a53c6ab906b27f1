#!/usr/bin/env bash
# run-pytest.sh PATH...: pytest with this checkout importable as
# ansible_collections.ticketflow.bedrock and the local endpoint as local_aws.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
home=${TFB_HOME:-$HOME/.cache/ticketflow-bedrock}
export PYTHONPATH="$home/collections:$repo${PYTHONPATH:+:$PYTHONPATH}"
cd "$repo"
set +e
"$home/venv/bin/python" -m pytest -p no:cacheprovider -q -n 2 "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "run-pytest: no test was collected under $*: a tier that runs no test fails" >&2
  exit 1
fi
exit "$rc"

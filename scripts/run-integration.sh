#!/usr/bin/env bash
# run-integration.sh STAGE: ansible-test integration against the local endpoint.
# ansible-test skips cloud/aws targets (and exits 0) without a cloud config, so
# this writes one, then fails unless every target under tests/integration/targets ran.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=$1
port=${LOCAL_AWS_PORT:-4566}
targets=$(find "$stage/tests/integration/targets" -mindepth 1 -maxdepth 1 -type d ! -name 'setup_*' -printf '%f\n' | sort)
expected=$(printf '%s\n' "$targets" | grep -c . || true)
if [ "$expected" -eq 0 ]; then
  echo "run-integration: no target under tests/integration/targets: a tier that runs no test fails" >&2
  exit 1
fi
cat > "$stage/tests/integration/cloud-config-aws.ini" <<INI
[default]
aws_access_key = testing
aws_secret_key = testing
security_token =
aws_region = us-east-1
aws_endpoint_url = http://127.0.0.1:$port
local_aws_url = http://127.0.0.1:$port
INI
log=$(mktemp)
cd "$stage"
set +e
"$repo/scripts/local-aws.sh" run ansible-test integration --local --python 3.12 --color no "${@:2}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
ran=$(grep -cE '^Running [^ ]+ integration test role' "$log" || true)
rm -f "$log"
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
if [ "$#" -eq 1 ] && [ "$ran" -ne "$expected" ]; then
  echo "run-integration: $ran of $expected targets ran; ansible-test skipped the rest (see above)" >&2
  exit 1
fi
echo "run-integration: $ran targets passed"

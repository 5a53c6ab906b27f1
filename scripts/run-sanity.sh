#!/usr/bin/env bash
# run-sanity.sh STAGE: ansible-test sanity on the staged copy; no ignore entries allowed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
stage=$1
entries=$(cat "$repo"/tests/sanity/ignore-*.txt 2>/dev/null | grep -cv '^\s*\(#.*\)\?$' || true)
if [ "${entries:-0}" -ne 0 ]; then
  echo "run-sanity: tests/sanity/ignore-*.txt has $entries entries; fix the code instead" >&2
  exit 1
fi
cd "$stage"
ansible-test sanity --local --python 3.12 --color no

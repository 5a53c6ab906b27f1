#!/usr/bin/env bash
# run-galaxy-importer.sh DIST: build the collection, then run galaxy-importer on it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dist=$1
rm -rf "$dist"
mkdir -p "$dist"
ansible-galaxy collection build --force --output-path "$dist" "$repo"
tarball=$(ls "$dist"/ticketflow-bedrock-*.tar.gz)
cd "$dist"
cat > galaxy-importer.cfg <<'CFG'
[galaxy-importer]
LOG_LEVEL_MAIN = INFO
RUN_ANSIBLE_TEST = False
RUN_ANSIBLE_LINT = True
CFG
GALAXY_IMPORTER_CONFIG=$dist/galaxy-importer.cfg python -m galaxy_importer.main "$tarball" | tee importer.log
if grep -E '^(ERROR|CRITICAL)' importer.log || grep -q 'ImporterError' importer.log; then
  echo "run-galaxy-importer: galaxy-importer reported errors (above)" >&2
  exit 1
fi
python - "$dist/importer_result.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
print(f"galaxy-importer: {len(result.get('contents', []))} content items imported, no error")
PY

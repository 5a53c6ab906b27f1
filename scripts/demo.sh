#!/usr/bin/env bash
# demo.sh (make demo): the whole seed plan against the local AWS endpoint.
# Starts the endpoint, runs playbooks/site.yml on inventories/local, prints the
# state of each step and where the readiness report is, stops the endpoint.
# Nothing is faked: the summary is read from the report the run wrote.
set -euo pipefail
# shellcheck source=lib/playbook-env.sh
source "$(dirname "$0")/lib/playbook-env.sh"
# The run's output directory: TFB_OUTPUT_DIR, else the playbooks' default
# beside the inventory (never inside the built collection: galaxy.yml ignores it).
output=${TFB_OUTPUT_DIR:-$repo/inventories/local/output}
report_dir=$output/local
log=$output/demo-site.log

scripts/local-aws.sh start
trap 'scripts/local-aws.sh stop' EXIT

mkdir -p "$output"
rm -rf "$report_dir"
echo "demo: running playbooks/site.yml on inventories/local (log: $log)"
start=$(date +%s)
status=0
"$venv/bin/ansible-playbook" -i inventories/local playbooks/site.yml 2>&1 | tee "$log" || status=$?
elapsed=$(( $(date +%s) - start ))

echo
echo "===== demo summary ====="
sed -n '/^PLAY RECAP/,$p' "$log" | grep -E ':\s+ok=' || true
if [ -f "$report_dir/readiness.json" ]; then
  "$venv/bin/python" - "$report_dir/readiness.json" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
print(f"environment {report['environment']} ({report['region']}, account {report['account_id']}): "
      f"{'READY' if report['ready'] else 'NOT READY'}")
for step in report["steps"]:
    failed = [c["name"] for c in step["checks"] if c["ok"] is False]
    print(f"  {step['state'].upper():5} {step['title']}" + (f"  ({'; '.join(failed)})" if failed else ""))
PY
  echo "readiness report: $report_dir/readiness.md (and readiness.json)"
else
  echo "no readiness report was written: site.yml stopped before the report step (see $log)"
fi
echo "site.yml took ${elapsed}s and exited with $status"
exit "$status"

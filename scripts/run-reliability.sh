#!/usr/bin/env bash
# run-reliability.sh (make reliability): the reliability tier against one local endpoint.
#  1. tests/reliability/converge_interrupted.py: site.yml from an empty endpoint, interrupted
#     (SIGINT, SIGKILL) at several points and run again; no duplicate left. Every later check
#     reuses this converged environment (they must not reset the endpoint).
#  2. every tests/reliability/check_*.py, in sorted order, each printing its figures as
#     `reliability: NAME=VALUE` and exiting non-zero below its goals.
#  The long throttling bursts (tests/reliability/long_bursts.py) run meanwhile, in the
#  background, on endpoints of their own: they mostly wait out retries.
# Logs: $TFB_RELIABILITY_WORK (kept when the tier fails). See docs/reliability.md.
set -euo pipefail
# shellcheck source=lib/playbook-env.sh
source "$(dirname "$0")/lib/playbook-env.sh"
export ANSIBLE_NOCOLOR=1 VENV=$venv
work=$(mktemp -d "${TMPDIR:-/tmp}/tfb-reliability.XXXXXX")
export TFB_RELIABILITY_WORK=$work TFB_OUTPUT_DIR=$work/output
py=$venv/bin/python
t0=$(date +%s)
failed=()

scripts/local-aws.sh start
background=
cleanup() {
  [ -n "$background" ] && kill "$background" 2>/dev/null || true
  scripts/local-aws.sh stop
}
trap cleanup EXIT
curl -fsS -X POST "$LOCAL_AWS_URL/_local_aws/reset" >/dev/null

step() {  # step SCRIPT: run one check, keep its output, remember a failure or a check that printed no figure
  local script=$1 name
  name=$(basename "$script" .py)
  printf '\n== reliability [%ss] %s\n' "$(( $(date +%s) - t0 ))" "$name"
  if ! "$py" "$script" 2>&1 | tee "$work/$name.out"; then
    failed+=("$name")
  elif ! grep -q '^reliability: ' "$work/$name.out"; then
    echo "reliability FAILED: $name printed no figure"
    failed+=("$name")
  fi
}

"$py" tests/reliability/long_bursts.py >"$work/long_bursts.out" 2>&1 &
background=$!

step tests/reliability/converge_interrupted.py
if [ ${#failed[@]} -eq 0 ]; then
  for script in $(printf '%s\n' tests/reliability/check_*.py | sort); do
    step "$script"
  done
fi

printf '\n== reliability [%ss] long_bursts (background)\n' "$(( $(date +%s) - t0 ))"
if wait "$background"; then status=0; else status=$?; fi
background=
cat "$work/long_bursts.out"
if [ "$status" -ne 0 ]; then
  failed+=(long_bursts)
elif ! grep -q '^reliability: ' "$work/long_bursts.out"; then
  echo "reliability FAILED: long_bursts printed no figure"
  failed+=(long_bursts)
fi

printf '\n== reliability figures (%ss)\n' "$(( $(date +%s) - t0 ))"
cat "$work"/*.out | grep '^reliability: ' || true
# The fault figures of every part, added up.
cat "$work"/*.out | awk -F'[=: ]+' '/^reliability: faults_(tried|survived|classified)=/ { total[$2] += $3 }
  END { for (name in total) printf "reliability: total_%s=%d\n", name, total[name] }' | sort
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nreliability FAILED: %s\nlogs: %s\n' "${failed[*]}" "$work" >&2
  exit 1
fi
rm -rf "$work"
echo "reliability passed"

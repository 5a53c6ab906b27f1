#!/usr/bin/env bash
# run-tiers.sh "LANE1 TIERS" ["LANE2 TIERS" ...] (make test): every tier, stopping at the first failure.
# Each lane runs its tiers one after another (`make TIER`); the lanes run side by side, each with a
# local endpoint port of its own (LOCAL_AWS_PORT, then +100, +200, ...), since one ansible run or
# test suite mostly keeps one core busy. A tier's output goes to its log file; when the tier ends its
# last lines are printed (its figures, its test count), the whole log when it fails. The first
# failure stops the other lanes. Tiers that share a working tree (the ansible-test stage, the
# inventories' default output directory) must be in the same lane: see the Makefile's LANES.
# TFB_TEST_LANES=1 runs every tier in one lane, with its output streamed as it comes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
base_port=${LOCAL_AWS_PORT:-4566}
t0=$(date +%s)
elapsed() { echo $(( $(date +%s) - t0 )); }

if [ "${TFB_TEST_LANES:-}" = 1 ]; then
  for tier in $*; do
    printf '\n===== make %s =====\n' "$tier"
    start=$(date +%s)
    if ! make --no-print-directory "$tier"; then
      printf '\nFAILED: tier "%s" failed after %ss; run `make %s` alone to reproduce.\n' "$tier" "$(( $(date +%s) - start ))" "$tier"
      exit 1
    fi
    printf '===== %s passed in %ss =====\n' "$tier" "$(( $(date +%s) - start ))"
  done
  printf '\nAll tiers passed in %ss: %s\n' "$(elapsed)" "$*"
  exit 0
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/tfb-test.XXXXXX")
pids=()
stop_lanes() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop_lanes; exit 130' INT TERM

lane() {  # lane N TIERS: run the tiers in order; writes $logs/lane-N.failed (the tier's name) on a failure
  local n=$1 tier start rc
  shift
  export LOCAL_AWS_PORT=$(( base_port + 100 * (n - 1) ))
  for tier in "$@"; do
    start=$(date +%s)
    printf '===== lane %s: make %s started at %ss (port %s) =====\n' "$n" "$tier" "$(elapsed)" "$LOCAL_AWS_PORT"
    if make --no-print-directory "$tier" >"$logs/$tier.log" 2>&1; then rc=0; else rc=$?; fi
    if [ "$rc" -ne 0 ]; then
      echo "$tier $(( $(date +%s) - start ))" >"$logs/lane-$n.failed"
      return 1
    fi
    {
      printf '\n===== %s passed in %ss (lane %s); the end of its log: =====\n' "$tier" "$(( $(date +%s) - start ))" "$n"
      grep -E '^reliability: |^benchmark: ' "$logs/$tier.log" || true
      tail -n 12 "$logs/$tier.log"
    } >"$logs/$tier.summary"
    cat "$logs/$tier.summary"
  done
}

n=0
for tiers in "$@"; do
  n=$((n + 1))
  # shellcheck disable=SC2086
  setsid bash -c "set -uo pipefail; $(declare -p logs base_port t0); $(declare -f elapsed lane); lane $n $tiers" &
  pids+=("$!")
done

# Wait for every lane; at the first failure stop the others.
failed=
while :; do
  running=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=$((running + 1)); done
  if compgen -G "$logs/lane-*.failed" >/dev/null; then
    failed=$(cat "$logs"/lane-*.failed | head -n 1)
    break
  fi
  [ "$running" -eq 0 ] && break
  sleep 2
done
if [ -n "$failed" ]; then
  stop_lanes
  tier=${failed%% *}
  printf '\n===== the log of make %s (%s) =====\n' "$tier" "$logs/$tier.log"
  cat "$logs/$tier.log"
  printf '\nFAILED: tier "%s" failed after %ss; run `make %s` alone to reproduce (logs: %s).\n' "$tier" "${failed##* }" "$tier" "$logs"
  exit 1
fi
wait
for tiers in "$@"; do
  for tier in $tiers; do
    [ -f "$logs/$tier.summary" ] || { printf '\nFAILED: tier "%s" did not run (logs: %s).\n' "$tier" "$logs"; exit 1; }
  done
done
rm -rf "$logs"
printf '\nAll tiers passed in %ss: %s\n' "$(elapsed)" "$*"

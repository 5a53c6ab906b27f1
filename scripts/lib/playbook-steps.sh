# Sourced by the tiers that run playbooks step by step (run-e2e.sh, run-fleet.sh), after
# playbook-env.sh, with $tier set: a log directory, a clock, and the helpers they share.
#   say TEXT          a step header with the seconds since the start
#   fail TEXT         the failure, where the logs are, exit 1
#   json EXPR         EXPR (Python, d = the JSON on stdin) printed
#   run NAME ARGS...  ansible-playbook ARGS, its log in $logs/NAME.log (tail shown on failure)
export ANSIBLE_NOCOLOR=1
playbook=$venv/bin/ansible-playbook
check=("$venv/bin/python" "$repo/tests/e2e/check_run.py")
logs=$(mktemp -d "${TMPDIR:-/tmp}/tfb-$tier.XXXXXX")
t0=$(date +%s)

say() { printf '\n== %s [%ss] %s\n' "$tier" "$(( $(date +%s) - t0 ))" "$*"; }
fail() { printf '\n%s FAILED: %s\nlogs: %s\n' "$tier" "$*" "$logs" >&2; exit 1; }
json() { "$venv/bin/python" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
run() {
  local name=$1; shift
  if ! "$playbook" "$@" >"$logs/$name.log" 2>&1; then
    tail -n 40 "$logs/$name.log" >&2
    fail "ansible-playbook $* ($logs/$name.log)"
  fi
}

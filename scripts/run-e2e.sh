#!/usr/bin/env bash
# run-e2e.sh (make e2e): the whole seed plan on inventories/local, end to end.
#  1. site.yml from an empty endpoint
#  2. site.yml again: the recap must say changed=0
#  3. validate.yml passes and writes reports/local/readiness.{json,md}
#  4. site.yml --check --diff on the converged environment: changed=0, and the
#     endpoint's call log shows no mutating call
#  5. drift (tests/e2e/drift.yml: budget limit, invoke policy detached), then
#     --check --diff shows both and the call log shows no mutating call
#  6. teardown.yml, then nothing the setup created is left in the endpoint
#  7. teardown.yml on inventories/prod is refused without teardown_confirm_prod
set -euo pipefail
# shellcheck source=lib/playbook-env.sh
source "$(dirname "$0")/lib/playbook-env.sh"
export ANSIBLE_NOCOLOR=1
playbook=$venv/bin/ansible-playbook
check=("$venv/bin/python" "$repo/tests/e2e/check_run.py")
logs=$(mktemp -d "${TMPDIR:-/tmp}/tfb-e2e.XXXXXX")
t0=$(date +%s)

say() { printf '\n== e2e [%ss] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }
fail() { printf '\ne2e FAILED: %s\nlogs: %s\n' "$*" "$logs" >&2; exit 1; }
json() { "$venv/bin/python" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
run() {  # run NAME ARGS...: ansible-playbook ARGS, log in $logs/NAME.log
  local name=$1; shift
  if ! "$playbook" "$@" >"$logs/$name.log" 2>&1; then
    tail -n 40 "$logs/$name.log" >&2
    fail "ansible-playbook $* ($logs/$name.log)"
  fi
}
clear_calls() { curl -fsS -X DELETE "$LOCAL_AWS_URL/_local_aws/calls" >/dev/null; }
no_mutating_calls() {
  local calls
  calls=$("${check[@]}" mutating-calls "$LOCAL_AWS_URL")
  [ "$(json 'len(d)' <<<"$calls")" = 0 ] || fail "$1 made mutating calls: $calls"
  echo "call log: no mutating call"
}

scripts/local-aws.sh start
trap 'scripts/local-aws.sh stop' EXIT
curl -fsS -X POST "$LOCAL_AWS_URL/_local_aws/reset" >/dev/null
rm -rf "$repo/reports/local"
"${check[@]}" leftovers "$LOCAL_AWS_URL" >"$logs/empty-endpoint.json"  # what an empty endpoint already has

say "1. site.yml from an empty state"
run site-1 -i inventories/local playbooks/site.yml
"${check[@]}" recap "$logs/site-1.log" | json '"changed=%d ok=%d" % (d["changed"], d["ok"])'

say "2. site.yml again: changed=0"
run site-2 -i inventories/local playbooks/site.yml
recap=$("${check[@]}" recap "$logs/site-2.log")
echo "$recap" | json '"changed=%d ok=%d" % (d["changed"], d["ok"])'
[ "$(json 'd["changed"]' <<<"$recap")" = 0 ] || fail "second run changed: $("${check[@]}" changed-tasks "$logs/site-2.log")"

say "3. validate.yml passes and writes the readiness report"
rm -f reports/local/readiness.json reports/local/readiness.md
run validate -i inventories/local playbooks/validate.yml
[ -s reports/local/readiness.md ] || fail "reports/local/readiness.md was not written"
ready=$(json 'd["ready"] and all(s["state"] == "pass" for s in d["steps"])' < reports/local/readiness.json)
[ "$ready" = True ] || fail "readiness report not all pass: $(json '[(s["id"], s["state"]) for s in d["steps"]]' < reports/local/readiness.json)"
json '" ".join("%s=%s" % (s["id"], s["state"]) for s in d["steps"])' < reports/local/readiness.json

say "4. --check --diff on the converged environment: no change, no mutating call"
clear_calls
run check-converged -i inventories/local playbooks/site.yml --check --diff
recap=$("${check[@]}" recap "$logs/check-converged.log")
[ "$(json 'd["changed"]' <<<"$recap")" = 0 ] || fail "check mode on a converged environment reports changes: $("${check[@]}" changed-tasks "$logs/check-converged.log")"
echo "changed=0"
no_mutating_calls "check mode on the converged environment"

say "5. drift, then --check --diff shows it and changes nothing"
run drift -i inventories/local tests/e2e/drift.yml
clear_calls
run check-drifted -i inventories/local playbooks/site.yml --check --diff
changed=$("${check[@]}" changed-tasks "$logs/check-drifted.log")
echo "$changed"
json 'any("budget" in t for t in d)' <<<"$changed" | grep -qx True || fail "check mode did not show the budget drift"
json 'any("runtime role" in t.lower() for t in d)' <<<"$changed" | grep -qx True || fail "check mode did not show the detached invoke policy"
grep -q "limit_amount: '999'" "$logs/check-drifted.log" || fail "the diff does not show the drifted budget limit"
grep -q "FAIL   IAM least privilege" "$logs/check-drifted.log" && grep -q "FAIL   Budgets" "$logs/check-drifted.log" \
  || fail "the readiness summary of the check run does not flag IAM and Budgets"
no_mutating_calls "check mode on the drifted environment"

say "6. teardown.yml leaves nothing behind"
run teardown -i inventories/local playbooks/teardown.yml
left=$("${check[@]}" leftovers "$LOCAL_AWS_URL" "$logs/empty-endpoint.json")
[ "$left" = "{}" ] || fail "teardown left resources behind: $left"
echo "nothing left"

say "7. teardown.yml refuses prod without teardown_confirm_prod"
if "$playbook" -i inventories/prod playbooks/teardown.yml >"$logs/teardown-prod.log" 2>&1; then
  fail "teardown.yml ran on inventories/prod without -e teardown_confirm_prod=true"
fi
grep -q "is marked prod" "$logs/teardown-prod.log" || fail "teardown on prod failed for another reason ($logs/teardown-prod.log)"
echo "refused"

say "e2e passed"

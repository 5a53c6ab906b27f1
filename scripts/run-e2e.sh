#!/usr/bin/env bash
# run-e2e.sh (make e2e): the whole seed plan on inventories/local, end to end.
#  1. site.yml from an empty endpoint
#  2. site.yml again: the recap must say changed=0
#  3. validate.yml passes and writes readiness.{json,md} to the output directory; under IAM
#     enforcement the runtime role calls its application inference profiles, and another
#     environment's profile and the system profile they copy are denied
#  4. teardown.yml, then nothing the setup created is left in the endpoint (application profiles included)
#  5. guards, each refused with no mutating call: teardown with another account's
#     credentials, teardown of prod with -e tfb_prod=false, of prod without
#     teardown_confirm_prod, of staging without the account confirmation;
#     site.yml with another account's credentials, a region typo, trusting "*"
#     (refused before any AWS call), a 2099 admin grant
# Check mode (changed=0 and no mutating call on a converged environment; drift
# shown in the diff and the readiness summary, no mutating call on a drifted one)
# is the runner tier's (make runner: tests/runner/run_jobs.py), through the
# drift-check job that runs site.yml in check mode.
set -euo pipefail
# shellcheck source=lib/playbook-env.sh
source "$(dirname "$0")/lib/playbook-env.sh"
tier=e2e
# shellcheck source=lib/playbook-steps.sh
source "$(dirname "$0")/lib/playbook-steps.sh"
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
out=${TFB_OUTPUT_DIR:-$repo/inventories/local/output}/local  # the playbooks' default output directory
rm -rf "$out"
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
rm -f "$out/readiness.json" "$out/readiness.md"
run validate -i inventories/local playbooks/validate.yml
[ -s "$out/readiness.md" ] || fail "$out/readiness.md was not written"
ready=$(json 'd["ready"] and all(s["state"] == "pass" for s in d["steps"])' < "$out/readiness.json")
[ "$ready" = True ] || fail "readiness report not all pass: $(json '[(s["id"], s["state"]) for s in d["steps"]]' < "$out/readiness.json")"
json '" ".join("%s=%s" % (s["id"], s["state"]) for s in d["steps"])' < "$out/readiness.json"

say "3b. the runtime role calls its application profiles only: another environment's and the system profile denied"
"${check[@]}" profiles "$LOCAL_AWS_URL" local "arn:aws:iam::123456789012:role/TicketFlowBedrockRuntime-local" >"$logs/profiles.json" \
  || fail "application profiles not kept to the environment: $(cat "$logs/profiles.json")"
json '"own %s; other environment: %s; system profile: %s" % (d["own"], d["other_environment"], d["system_profile"])' <"$logs/profiles.json"

say "4. teardown.yml leaves nothing behind"
run teardown -i inventories/local playbooks/teardown.yml
left=$("${check[@]}" leftovers "$LOCAL_AWS_URL" "$logs/empty-endpoint.json")
[ "$left" = "{}" ] || fail "teardown left resources behind: $left"
echo "nothing left"

say "5. guards: wrong account, no confirmation, prod flag bypass, trust-anyone: refused, no mutating call"
# The prod and staging inventories pointed at the local endpoint (its account is 123456789012).
on_local=(-e "{\"tfb_aws_connection\": {\"endpoint_url\": \"$LOCAL_AWS_URL\", \"access_key\": \"testing\", \"secret_key\": \"testing\"}}")
refused() {  # refused NAME EXPECTED-TEXT ARGS...: ansible-playbook fails with EXPECTED-TEXT and makes no mutating call
  local name=$1 expected=$2; shift 2
  clear_calls
  if "$playbook" "$@" >"$logs/$name.log" 2>&1; then fail "$name: ansible-playbook $* was not refused"; fi
  grep -q -- "$expected" "$logs/$name.log" || fail "$name: refused for another reason than '$expected' ($logs/$name.log)"
  no_mutating_calls "$name" >/dev/null
  echo "$name: refused ($expected), no mutating call"
}
refused teardown-other-account "belong to account 123456789012" -i inventories/prod playbooks/teardown.yml "${on_local[@]}" \
  -e teardown_confirm_prod=true -e tfb_teardown_confirm_account_id=222222222222
refused teardown-prod-flag-bypass "tfb_teardown_confirm_account_id=123456789012" -i inventories/prod playbooks/teardown.yml \
  "${on_local[@]}" -e tfb_account_id=123456789012 -e tfb_prod=false -e teardown_confirm_prod=true
refused teardown-prod-unconfirmed "is marked prod" -i inventories/prod playbooks/teardown.yml "${on_local[@]}" \
  -e tfb_account_id=123456789012 -e tfb_teardown_confirm_account_id=123456789012
refused teardown-staging-unconfirmed "tfb_teardown_confirm_account_id=123456789012" -i inventories/staging \
  playbooks/teardown.yml "${on_local[@]}" -e tfb_account_id=123456789012
refused site-other-account "lives in account 111111111111" -i inventories/local playbooks/site.yml -e tfb_account_id=111111111111
refused site-region-typo "is not a region where Amazon Bedrock is offered" -i inventories/local playbooks/site.yml -e tfb_region=us-east-7
refused site-admin-2099 "more than 7 days ahead" -i inventories/local playbooks/iam.yml \
  -e '{"tfb_temporary_admin_access": [{"principal_type": "role", "principal_name": "ops", "expires_at": "2099-01-01T00:00:00Z"}]}'
# One run for both checks: refused with no mutating call, and the call log (cleared by refused) is empty.
refused site-trust-anyone "is a wildcard" -i inventories/local playbooks/site.yml -e '{"tfb_runtime_role_trusted_principal_arns": ["*"]}'
[ "$(curl -fsS "$LOCAL_AWS_URL/_local_aws/calls" | json 'len(d["calls"])')" = 0 ] || fail "trusting \"*\" was refused only after AWS calls"
echo "site-trust-anyone: refused before any AWS call"

say "e2e passed"

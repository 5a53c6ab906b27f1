#!/usr/bin/env bash
# run-fleet.sh (make fleet): a fleet of 3 accounts x 2 Regions (inventories/fleet) in one parallel run.
#  1. the member accounts' deploy roles (playbooks/local_fleet_prerequisites.yml)
#  2. site.yml on all six environments at once (--forks 6), each assuming its account's deploy role
#  3. site.yml again: changed=0
#  4. each account, read with its own key, holds its environments' resources and nothing of another's
#  5. --limit one environment, --check: only that environment runs, changed=0
# Lean on purpose: the steps whose state the endpoint keeps per account and Region
# (model access, IAM, Service Quotas); the whole seed plan runs in make e2e.
# Override with TFB_FLEET_TAGS (comma-separated site.yml tags).
set -euo pipefail
# shellcheck source=lib/playbook-env.sh
source "$(dirname "$0")/lib/playbook-env.sh"
tier=fleet
# shellcheck source=lib/playbook-steps.sh
source "$(dirname "$0")/lib/playbook-steps.sh"
tags=${TFB_FLEET_TAGS:-model_access,iam,quotas}
export TFB_OUTPUT_DIR=${TFB_OUTPUT_DIR:-$logs/output}
hosts_ran() { json '" ".join(sorted(d["hosts"]))' <<<"$1"; }

scripts/local-aws.sh start
trap 'scripts/local-aws.sh stop' EXIT
curl -fsS -X POST "$LOCAL_AWS_URL/_local_aws/reset" >/dev/null
"$venv/bin/ansible-inventory" -i inventories/fleet --list >"$logs/inventory.json"
all_hosts=$(json '" ".join(sorted(d["local_fleet_environments"]["hosts"]))' <"$logs/inventory.json")

say "1. deploy roles of the member accounts"
run prerequisites -i inventories/fleet playbooks/local_fleet_prerequisites.yml

say "2. site.yml (tags $tags) on every environment in one run, forks 6"
run site-1 -i inventories/fleet playbooks/site.yml --forks 6 --tags "$tags"
recap=$("${check[@]}" recap "$logs/site-1.log")
[ "$(hosts_ran "$recap")" = "$all_hosts" ] || fail "the run did not reach every environment: $(hosts_ran "$recap")"
echo "$recap" | json '"changed=%d ok=%d on %d environments" % (d["changed"], d["ok"], len(d["hosts"]))'

say "3. site.yml again: changed=0"
run site-2 -i inventories/fleet playbooks/site.yml --forks 6 --tags "$tags"
recap=$("${check[@]}" recap "$logs/site-2.log")
[ "$(json 'd["changed"]' <<<"$recap")" = 0 ] || fail "second run changed: $("${check[@]}" changed-tasks "$logs/site-2.log")"
echo "changed=0"

say "4. every account holds its own environments' resources, none of another account's"
"$venv/bin/python" "$repo/tests/e2e/check_fleet.py" apart "$LOCAL_AWS_URL" "$logs/inventory.json" >"$logs/apart.json" \
  || fail "accounts not kept apart (above; $logs/apart.json)"
json '"; ".join("%s: %d roles, %d policies" % (a, len(s["roles"]), len(s["policies"])) for a, s in d.items())' <"$logs/apart.json"

say "5. --limit one environment, check mode: only it runs, changed=0"
run limited -i inventories/fleet playbooks/site.yml --tags "$tags" --limit fleet-b-usw2 --check --diff
recap=$("${check[@]}" recap "$logs/limited.log")
[ "$(hosts_ran "$recap")" = fleet-b-usw2 ] || fail "--limit fleet-b-usw2 ran on: $(hosts_ran "$recap")"
[ "$(json 'd["changed"]' <<<"$recap")" = 0 ] || fail "the limited check run reports changes: $("${check[@]}" changed-tasks "$logs/limited.log")"
echo "fleet-b-usw2 alone: changed=0"

say "fleet passed"

#!/usr/bin/env bash
# run-molecule.sh [ROLE...]: `molecule test` for each role's scenario against one
# local endpoint. molecule only finds roles/X/molecule when run from roles/X.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ "$#" -gt 0 ]; then roles=("$@"); else
  mapfile -t roles < <(find roles -mindepth 3 -maxdepth 3 -path '*/molecule/*' -name default -printf '%h\n' | cut -d/ -f2 | sort -u)
fi
if [ "${#roles[@]}" -eq 0 ]; then
  echo "run-molecule: no role has a molecule/default scenario: a tier that runs no test fails" >&2
  exit 1
fi
run_all() {
  local role
  for role in "${roles[@]}"; do
    printf '\n--- molecule: %s ---\n' "$role"
    (cd "roles/$role" && molecule --base-config "$base" test) || { echo "run-molecule: role $role failed" >&2; return 1; }
  done
  echo "run-molecule: ${#roles[@]} scenarios passed (${roles[*]})"
}
base=$repo/.config/molecule/config.yml
"$repo/scripts/local-aws.sh" run bash -c "$(declare -p roles base); $(declare -f run_all); run_all"

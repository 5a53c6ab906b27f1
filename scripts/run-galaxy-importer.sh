#!/usr/bin/env bash
# run-galaxy-importer.sh DIST: build the collection, then run galaxy-importer on it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dist=$1
rm -rf "$dist"
mkdir -p "$dist"

# Run output must never enter the built collection. A dev-user run writes the
# dev user's secret key into the local app host's bedrock.env: make one (on the
# local endpoint), plant the same files where older versions wrote them
# (reports/), build, and fail if any of them, any .env file or the key is packed.
planted=()
plant() {  # plant PATH: a generated file with a recognisable fake secret, removed on exit
  [ -e "$1" ] && return 0
  mkdir -p "$(dirname "$1")"
  printf 'AWS_SECRET_ACCESS_KEY=%s\n' "$canary" >"$1"
  planted+=("$1")
}
cleanup() {
  for f in "${planted[@]}"; do rm -f "$f"; rmdir -p "$(dirname "$f")" 2>/dev/null || true; done
  "$repo/scripts/local-aws.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
canary=TFBgalaxyCanary$(date +%s)SecretKeyMustNeverShip0000
# The dev-user run writes to an operator-chosen TFB_OUTPUT_DIR inside the checkout
# (output/), so that it never overwrites what a demo or e2e run left in the
# default directory beside the inventory; such a default gets planted files.
out=$repo/output
export TFB_OUTPUT_DIR=$out
env_file=$out/local/app-hosts/local-app-1/bedrock.env
[ -e "$env_file" ] || planted+=("$env_file")  # the dev-user run's own file goes too, unless it was there before
(
  source "$repo/scripts/lib/playbook-env.sh"
  "$repo/scripts/local-aws.sh" start >/dev/null
  curl -fsS -X POST "$LOCAL_AWS_URL/_local_aws/reset" >/dev/null
  "$venv/bin/ansible-playbook" -i inventories/local playbooks/local_prerequisites.yml playbooks/model_access.yml playbooks/iam.yml playbooks/app.yml \
    -e tfb_dev_user_enabled=true -e tfb_app_credentials_source=dev_user_secret >"$dist/dev-user-run.log" 2>&1 \
    || { tail -n 30 "$dist/dev-user-run.log" >&2; echo "run-galaxy-importer: the dev-user run failed" >&2; exit 1; }
)
grep -q '^AWS_SECRET_ACCESS_KEY=.' "$env_file" \
  || { echo "run-galaxy-importer: the dev-user run wrote no key to $env_file" >&2; exit 1; }
secret=$(sed -n 's/^AWS_SECRET_ACCESS_KEY=//p' "$env_file")
unset TFB_OUTPUT_DIR
# (Another inventory's default directory than e2e's, which make test runs at the same time.)
plant "$repo/inventories/staging/output/staging/app-hosts/staging-app-1/bedrock.env"
plant "$repo/inventories/staging/output/staging/readiness.json"
plant "$repo/reports/local/app-hosts/local-app-1/bedrock.env"
plant "$repo/reports/local/readiness.json"

ansible-galaxy collection build --force --output-path "$dist" "$repo"
tarball=$(ls "$dist"/ticketflow-bedrock-*.tar.gz)
python - "$tarball" "$secret" "$canary" <<'PY'
import sys
import tarfile

tarball, *secrets = sys.argv[1:]
leaks = []
with tarfile.open(tarball) as archive:
    for member in archive.getmembers():
        parts = member.name.split("/")
        if parts[0] in ("reports", "output") or "output" in parts[:-1] or member.name.endswith(".env"):
            leaks.append(member.name)
        elif member.isfile():
            data = archive.extractfile(member).read()
            leaks.extend("%s (holds a secret)" % member.name for s in secrets if s and s.encode() in data)
if leaks:
    sys.exit("run-galaxy-importer: generated files or secrets in the built collection: %s" % ", ".join(leaks))
print("run-galaxy-importer: no run output, .env file or secret key in %s" % tarball.rsplit("/", 1)[-1])
PY
# The built collection as an operator installs it: ansible-galaxy collection install of the tarball
# into a collections path of its own, then `ansible-playbook ticketflow.bedrock.site` from another
# directory (model access and app steps). Its output must land under TFB_OUTPUT_DIR, nothing inside
# the installed collection.
installed=$dist/installed
mkdir -p "$installed/ansible_collections" "$installed/cwd"
ANSIBLE_COLLECTIONS_PATH="$installed" ansible-galaxy collection install --force --no-deps --offline -p "$installed" "$tarball" >"$dist/install.log"
for dep in amazon community; do ln -sfn "$TFB_HOME/collections/ansible_collections/$dep" "$installed/ansible_collections/$dep"; done
collection=$installed/ansible_collections/ticketflow/bedrock
[ -f "$collection/MANIFEST.json" ] || { echo "run-galaxy-importer: the install left no $collection/MANIFEST.json" >&2; exit 1; }
touch "$installed/before-run"
(
  source "$repo/scripts/lib/playbook-env.sh"
  cd "$installed/cwd"
  # The endpoint the dev-user run started (stopped on exit), emptied for this run.
  curl -fsS -X POST "$LOCAL_AWS_URL/_local_aws/reset" >/dev/null
  env -u ANSIBLE_CONFIG ANSIBLE_COLLECTIONS_PATH="$installed" TFB_OUTPUT_DIR="$installed/output" \
    "$venv/bin/ansible-playbook" ticketflow.bedrock.site -i "$repo/inventories/local" --tags model_access,iam,app \
    >"$dist/installed-run.log" 2>&1 \
    || { tail -n 30 "$dist/installed-run.log" >&2; echo "run-galaxy-importer: ticketflow.bedrock.site from the installed collection failed" >&2; exit 1; }
)
# The checkout is on no collections path of that run: only the installed copy can answer ticketflow.bedrock.
listed=$(ANSIBLE_COLLECTIONS_PATH="$installed" ansible-galaxy collection list ticketflow.bedrock 2>/dev/null)
grep -qx "# $installed/ansible_collections" <<<"$listed" \
  || { echo "run-galaxy-importer: ticketflow.bedrock does not resolve to the installed copy" >&2; exit 1; }
written=$(find "$collection" -newer "$installed/before-run" -type f -not -path '*/__pycache__/*' | sort)
[ -z "$written" ] || { echo "run-galaxy-importer: the run wrote into the installed collection: $written" >&2; exit 1; }
app_env=$installed/output/local/app-hosts/local-app-1/bedrock.env
grep -q '^AWS_REGION=us-east-1' "$app_env" \
  || { echo "run-galaxy-importer: the app settings are not under TFB_OUTPUT_DIR ($app_env)" >&2; exit 1; }
echo "run-galaxy-importer: the installed collection ran; its output is under TFB_OUTPUT_DIR ($(cd "$installed/output" && find . -type f | sort | tr '\n' ' ')), nothing written inside it"

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

#!/usr/bin/env bash
# run-runner.sh (make runner): jobs as AWX runs them, through ansible-runner,
# against one local endpoint: site.yml, validate.yml, the drift check on a
# converged and on a drifted environment (tests/runner/run_jobs.py says how
# each job is set up and what is checked).
set -euo pipefail
# shellcheck source=lib/playbook-env.sh
source "$(dirname "$0")/lib/playbook-env.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/tfb-runner.XXXXXX")
scripts/local-aws.sh start
trap 'scripts/local-aws.sh stop' EXIT
curl -fsS -X POST "$LOCAL_AWS_URL/_local_aws/reset" >/dev/null
if ! "$venv/bin/python" "$repo/tests/runner/run_jobs.py" "$repo" "$home/collections" "$LOCAL_AWS_URL" "$work"; then
  echo "run-runner: failed; the jobs' private data directory (artifacts/<job>/stdout, job_events/) is $work/pdd" >&2
  exit 1
fi
rm -rf "$work"

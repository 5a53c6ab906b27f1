# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Jobs as AWX runs them: site.yml, validate.yml and the drift check through ansible-runner.

usage: run_jobs.py REPO COLLECTIONS_TREE LOCAL_AWS_URL WORKDIR

Each job gets what AWX gives a job: a private data directory with the project
checked out in project/, the collections beside it (requirements_collections/),
the inventory from the project, env/envvars with the AWS credential as AWX's
"Amazon Web Services" credential type injects it (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY), env/extravars with AWX's awx_* variables, the job type
Check as --check, and the job's --limit. No credential comes from the inventory:
the extra variables replace the local inventory's connection settings with the
endpoint alone. Checks status, rc and the artifacts (set_stats of the readiness
summary and of the drift), and that no secret reaches the artifacts or the run's
output. The two check-mode jobs (converged, then drifted) are also where the suite
proves, from the endpoint's call log, that check mode makes no mutating AWS call,
and that --check --diff shows the drift (the budget's diff, the readiness summary's
FAIL lines); make e2e no longer repeats them. Prints one line per check and
"N passed, N failed".
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import ansible_runner

RESULTS = []
# An access key pair of this run only, so that finding it anywhere is a leak.
ACCESS_KEY = "AKIA" + secrets.token_hex(8).upper()
SECRET_KEY = secrets.token_urlsafe(30)


def check(name, ok, detail=""):
    RESULTS.append(bool(ok))
    print("%s  %s%s" % ("ok  " if ok else "FAIL", name, (": %s" % detail) if detail and not ok else ""), flush=True)
    return ok


def project_checkout(repo, project):
    """The git-visible files of the repository, as an AWX project update checks them out."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=repo, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = repo / name
        if source.is_file():
            target = project / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def private_data_dir(workdir, repo, tree, url):
    pdd = workdir / "pdd"
    shutil.rmtree(pdd, ignore_errors=True)
    project = pdd / "project"
    project_checkout(repo, project)
    collections = pdd / "requirements_collections" / "ansible_collections"
    (collections / "ticketflow").mkdir(parents=True)
    (collections / "ticketflow" / "bedrock").symlink_to(project)
    for namespace in ("amazon", "community"):
        (collections / namespace).symlink_to((tree / "ansible_collections" / namespace).resolve())
    env = pdd / "env"
    env.mkdir()
    (env / "envvars").write_text(
        json.dumps(
            {
                # What AWX's "Amazon Web Services" credential injects.
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                # AWX points ansible at the project's collection requirements.
                "ANSIBLE_COLLECTIONS_PATH": str(pdd / "requirements_collections"),
                "LOCAL_AWS_URL": url,
                "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_FORCE_COLOR": "0",
            }
        )
    )
    (env / "extravars").write_text(
        json.dumps(
            {
                "awx_job_template_name": "ticketflow-bedrock",
                "awx_user_name": "scheduler",
                "awx_inventory_name": "local",
                # The endpoint only: credentials come from the environment, as in AWX.
                "tfb_aws_connection": {"endpoint_url": url},
                "tfb_app_aws_access_key": "",
                "tfb_app_aws_secret_key": "",
            }
        )
    )
    (env / "settings").write_text(json.dumps({"job_timeout": 1200, "suppress_ansible_output": True}))
    return pdd


JOB_COUNT = [0]


def run_job(pdd, playbook, job_type="run", limit=None):
    JOB_COUNT[0] += 1
    ident = "%d-%s%s" % (JOB_COUNT[0], Path(playbook).stem, "-check" if job_type == "check" else "")
    extravars = json.loads((pdd / "env" / "extravars").read_text())
    extravars.update({"awx_job_id": JOB_COUNT[0], "tower_job_id": JOB_COUNT[0], "awx_job_launch_type": "scheduled"})
    (pdd / "env" / "extravars").write_text(json.dumps(extravars))
    # AWX's job type Check is --check (with --diff when the template says so). ansible-runner keeps
    # env/cmdline between runs of one private data directory: write it for every job.
    cmdline = pdd / "env" / "cmdline"
    if job_type == "check":
        cmdline.write_text("--check --diff")
    else:
        cmdline.unlink(missing_ok=True)
    started = time.monotonic()
    runner = ansible_runner.run(
        private_data_dir=str(pdd),
        playbook=playbook,
        inventory=str(pdd / "project" / "inventories" / "local"),
        ident=ident,
        limit=limit,
        quiet=True,
    )
    elapsed = time.monotonic() - started
    stats = next((e["event_data"] for e in runner.events if e.get("event") == "playbook_on_stats"), {})
    artifacts = stats.get("artifact_data") or {}
    print("job %s: status=%s rc=%s in %.0fs" % (ident, runner.status, runner.rc, elapsed), flush=True)
    return runner, artifacts


def stdout_of(runner):
    return runner.stdout.read() if runner.stdout else ""


def clear_calls(url):
    """Empty the endpoint's call log, so that the next job's calls are alone in it."""
    with urllib.request.urlopen(urllib.request.Request(url + "/_local_aws/calls", method="DELETE"), timeout=10):
        pass


def mutating_calls(url):
    """The mutating AWS calls in the endpoint's call log ("service:Operation")."""
    with urllib.request.urlopen(url + "/_local_aws/calls", timeout=10) as answer:
        return ["%s:%s" % (c["service"], c["operation"]) for c in json.load(answer)["calls"] if c["mutating"]]


def changed_count(runner):
    """The tasks the job reported changed, summed over hosts (the PLAY RECAP's changed=)."""
    stats = next((e["event_data"] for e in runner.events if e.get("event") == "playbook_on_stats"), {})
    return sum((stats.get("changed") or {}).values())


def drift_labels(artifacts):
    return [d.get("label", "") for d in (artifacts.get("ticketflow_bedrock_drift", {}).get("local", {}).get("drift") or [])]


def main(repo, tree, url, workdir):
    for name in [k for k in os.environ if k.startswith("AWS_") and k != "AWS_CA_BUNDLE"] + ["ANSIBLE_CONFIG", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_INVENTORY"]:
        os.environ.pop(name, None)
    pdd = private_data_dir(workdir, repo, tree, url)

    site, artifacts = run_job(pdd, "playbooks/site.yml")
    check("site.yml job successful, rc 0", site.status == "successful" and site.rc == 0, stdout_of(site)[-1500:])
    readiness = artifacts.get("ticketflow_bedrock_readiness", {}).get("local", {})
    check("site.yml publishes the readiness summary (set_stats)", readiness.get("ready") is True, json.dumps(artifacts)[:800])
    check(
        "the summary has every step's state", readiness.get("steps") and all(s in ("pass", "skip") for s in readiness["steps"].values()), readiness.get("steps")
    )
    check(
        "the summary lists the models with their lifecycle warnings",
        readiness.get("models") and all({"id", "ready", "warnings"} <= set(m) for m in readiness["models"]),
        readiness.get("models"),
    )

    validate, artifacts = run_job(pdd, "playbooks/validate.yml")
    check("validate.yml job successful, rc 0", validate.status == "successful" and validate.rc == 0, stdout_of(validate)[-1500:])
    check("validate.yml publishes readiness", artifacts.get("ticketflow_bedrock_readiness", {}).get("local", {}).get("ready") is True)

    clear_calls(url)
    clean, artifacts = run_job(pdd, "playbooks/drift_check.yml", job_type="check")
    check("drift check on a converged environment successful", clean.status == "successful" and clean.rc == 0, stdout_of(clean)[-2000:])
    check("check mode on the converged environment makes no mutating AWS call (call log)", not mutating_calls(url), mutating_calls(url))
    check("check mode on the converged environment reports changed=0", changed_count(clean) == 0, changed_count(clean))
    check(
        "it publishes drift_found false",
        artifacts.get("ticketflow_bedrock_drift", {}).get("local", {}).get("drift_found") is False,
        json.dumps(artifacts)[:800],
    )
    check(
        "the readiness summary carries the drift verdict",
        artifacts.get("ticketflow_bedrock_readiness", {}).get("local", {}).get("drift_found") is False
        and artifacts["ticketflow_bedrock_readiness"]["local"].get("ready") is True,
    )

    refused, _refused_artifacts = run_job(pdd, "playbooks/drift_check.yml")
    check("drift check outside check mode is refused", refused.status == "failed" and "must change nothing" in stdout_of(refused), stdout_of(refused)[-800:])

    drift, _drift_artifacts = run_job(pdd, "tests/e2e/drift.yml")
    check("drift made by hand (budget limit, invoke policy detached, alarm threshold)", drift.status == "successful", stdout_of(drift)[-800:])

    clear_calls(url)
    drifted, artifacts = run_job(pdd, "playbooks/drift_check.yml", job_type="check", limit="local")
    output = stdout_of(drifted)
    check("check mode on the drifted environment makes no mutating AWS call (call log)", not mutating_calls(url), mutating_calls(url))
    check("the --diff output shows the drifted budget limit", "limit_amount: '999'" in output, output[-1500:])
    check(
        "the readiness summary of the check run flags IAM and Budgets",
        "FAIL   IAM least privilege" in output and "FAIL   Budgets" in output,
        output[-1500:],
    )
    labels = drift_labels(artifacts)
    check("drift check on a drifted environment fails the job (--limit local)", drifted.status == "failed" and drifted.rc != 0, output[-1500:])
    check("the drift artifacts name the budget", any("budget" in label.lower() for label in labels), labels)
    check("the drift artifacts name the runtime role", any("runtime role" in label.lower() for label in labels), labels)
    check("the drift artifacts name the alarm changed by hand", any("-throttles" in label for label in labels), labels)
    check("the failure message names the drift", "drifted (" in output and "Run playbooks/site.yml" in output, output[-1500:])
    check("the readiness summary says not ready and drift found", artifacts.get("ticketflow_bedrock_readiness", {}).get("local", {}).get("drift_found") is True)

    leaks = []
    for root in (pdd / "artifacts", pdd / "project" / "reports"):
        for path in root.rglob("*") if root.exists() else []:
            # ansible-runner's own record of the process (command line and environment, mode 0600),
            # as in AWX, whose private data directory is removed after the job; not written by the playbooks.
            if path.is_file() and path.name != "command":
                text = path.read_text(errors="replace")
                if SECRET_KEY in text:
                    leaks.append(str(path.relative_to(pdd)))
    check("no secret key in any event, stdout, set_stats artifact or report", not leaks, leaks[:10])
    events = sum(1 for _event in (pdd / "artifacts").rglob("job_events/*.json"))
    check("the jobs left their events in artifacts/", events > 100, events)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    repo, tree, url, workdir = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    with urllib.request.urlopen(url + "/_local_aws/health", timeout=5):
        pass
    # The endpoint authenticates every request: this run's key pair becomes one of its bootstrap
    # (account root) keys, as an AWX credential holds the keys of an identity the account knows.
    register = urllib.request.Request(
        url + "/_local_aws/config",
        data=json.dumps({"root_access_key_ids": ["testing", ACCESS_KEY]}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(register, timeout=5):
        pass
    main(repo, tree, url, workdir)
    passed = sum(RESULTS)
    print("runner: %d passed, %d failed" % (passed, len(RESULTS) - passed))
    sys.exit(0 if RESULTS and all(RESULTS) else 1)

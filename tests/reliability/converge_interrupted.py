"""Interrupts: the tier's converged environment, reached through interrupted first runs.

From an empty endpoint, site.yml is stopped at several points of its first run (SIGINT as
Ctrl-C or an AWX cancel sends it, SIGKILL as a lost node does), each time while a task that
creates something is in flight, and run again; the last run must finish. Then the endpoint's
resources are listed: no role, policy, budget, endpoint, alarm, quota request, agreement,
secret or access key may exist twice (``common.resource_keys``).

An interrupt counts as recovered when the next run gets past the interrupted task and the
final state has no duplicate. Figure: ``interrupts_recovered`` (goal: every interrupt).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import common
import faults_plan

# (signal, the task (a regular expression on its TASK line) in flight when the signal is sent,
#  seconds to wait after the TASK line so that its AWS calls are under way)
INTERRUPTS = [
    (signal.SIGINT, r"bedrock_model_access : Model access is present", 1.0),
    (signal.SIGKILL, r"bedrock_iam : Ensure the EC2 runtime role", 0.3),
    (signal.SIGKILL, r"bedrock_iam : Keep the dev user.s access key in Secrets Manager, rotated", 0.2),
    (signal.SIGKILL, r"bedrock_observability : Bedrock alarms are present", 0.5),
    (signal.SIGINT, r"bedrock_quotas : Request increases where the applied value is below the target", 0.5),
]
# The interrupted runs take the steps where the interrupt points are (the lean subset that keeps
# the tier short); the run after them is the whole site.yml.
LEAN_TAGS = "model_access,iam,observability,quotas"
TASK = re.compile(r"^TASK \[(.*)\]")


def interrupted_run(name: str, sig: signal.Signals, pattern: str, delay: float) -> str | None:
    """site.yml until a task matching PATTERN starts; then SIG to the whole job. The task hit, or None."""
    log = common.WORK / "logs" / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    hit = None
    with open(log, "w", encoding="utf-8") as handle:
        proc = subprocess.Popen(
            [common.PLAYBOOK, *common.INVENTORY, common.SITE, *common.SITE_VARS, "--tags", LEAN_TAGS],
            cwd=common.REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env=os.environ.copy(),
        )
        for line in proc.stdout:
            handle.write(line)
            handle.flush()
            match = TASK.match(line)
            if match and re.search(pattern, match.group(1)):
                hit = match.group(1)
                time.sleep(delay)
                os.killpg(proc.pid, sig)
                break
        try:
            rest = proc.communicate(timeout=60)[0]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            rest = proc.communicate()[0]
        handle.write(rest or "")
    if hit is None:
        raise common.CheckFailed(f"{name}: no task matching {pattern!r} ran (see {log}); the interrupt points are stale")
    if proc.returncode == 0:
        raise common.CheckFailed(f"{name}: {sig.name} at {hit!r} did not stop the run")
    return hit


def passed(run: common.Run, task: str) -> bool:
    """Whether RUN got past TASK: its TASK line is followed by another TASK line or the recap."""
    lines = run.output.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"TASK [{task}]"):
            return any(later.startswith(("TASK [", "PLAY RECAP")) for later in lines[index + 1 :])
    return False


def check() -> None:
    common.control("POST", "reset")
    hits = []
    for number, (sig, pattern, delay) in enumerate(INTERRUPTS, start=1):
        hit = interrupted_run(f"interrupt-{number}-{sig.name}", sig, pattern, delay)
        common.say(f"interrupt {number}: {sig.name} during {hit!r}")
        hits.append(hit)
    # The re-run also rides out a short burst of throttling, 5xx and latency on every service.
    plan = faults_plan.faults()
    for fault in plan:
        common.add_fault(**fault)
    final = common.site("converge-after-interrupts")
    left = [fault for fault in common.pending_faults() if fault.get("error_code")]  # latency may stay unused
    common.clear_faults()
    if final.rc != 0:
        raise common.CheckFailed(f"the run after the interrupts failed (rc {final.rc}, {final.log}):\n{final.tail()}")
    common.say(f"re-run finished in {final.seconds:.0f}s: {final.recap['changed']} changed")
    services = sorted({fault["service"] for fault in plan})
    missed = sorted({fault["service"] for fault in left})
    common.figure("short_bursts_services", len(services))
    common.figure("faults_tried", len(plan))
    common.figure("faults_survived", len(plan) - len(left))
    common.figure("faults_classified", 0)
    if left:
        raise common.CheckFailed(f"the run never called {missed}: their short bursts were not tried ({left})")
    keys = common.resource_keys()
    twice = common.duplicates(keys)
    common.figure("resource_kinds_listed", len(keys))
    common.figure("duplicates", sum(len(v) for v in twice.values()))
    # Each interrupted task was passed by a later run (the next interrupted one or the final one).
    logs = [common.Run(p.stem, 1, p.read_text(encoding="utf-8"), p, 0) for p in sorted((common.WORK / "logs").glob("interrupt-*.log"))] + [final]
    recovered = sum(1 for index, task in enumerate(hits) if not twice and any(passed(later, task) for later in logs[index + 1 :]))
    common.figure("interrupts", len(hits))
    common.figure("interrupts_recovered", recovered)
    if twice:
        raise common.CheckFailed(f"duplicates after the interrupted runs: {twice}")
    if recovered < len(hits):
        raise common.CheckFailed(f"only {recovered} of {len(hits)} interrupts recovered")
    (common.WORK / "converged").write_text("site.yml converged after interrupts\n", encoding="utf-8")


if __name__ == "__main__":
    common.main(check)

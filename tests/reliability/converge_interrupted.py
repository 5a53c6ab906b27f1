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

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

import common
import faults_plan


class Interrupt(NamedTuple):
    """One interrupted run: SIGNAL while a task matching PATTERN is in flight.

    ``delay``: seconds after the TASK line before the signal (so that its AWS calls are under
    way). ``tags``: the steps the run takes: the step of the task, and an earlier step only when
    the task's step needs it complete (the earlier runs converged, or interrupted, the steps
    before; the final run takes them all).
    ``after_call``: instead of a delay, send the signal as soon as the endpoint's call log shows
    that operation; ``hold`` is a fault added for that run (e.g. the next call held and failed),
    so the signal lands between the two calls.
    """

    sig: signal.Signals
    pattern: str
    delay: float
    tags: str
    after_call: str | None = None
    hold: dict | None = None


INTERRUPTS = [
    Interrupt(signal.SIGINT, r"bedrock_model_access : Model access is present", 1.0, "model_access"),
    # The iam step stops unless the models are ready: this run first completes the interrupted model access.
    Interrupt(signal.SIGKILL, r"bedrock_iam : Ensure the EC2 runtime role", 0.3, "model_access,iam"),
    # The new key made, its store held 5 s then failed by the endpoint: killed in between, the key
    # exists and no secret holds it (the next run must delete it and store a new one).
    Interrupt(
        signal.SIGKILL,
        r"bedrock_iam : Keep the dev user.s access key in Secrets Manager",
        0.0,
        "iam",
        after_call="CreateAccessKey",
        hold={"service": "secretsmanager", "operation": "CreateSecret", "count": 1, "latency_ms": 5000, "error_code": "InternalServiceError", "status": 500},
    ),
    Interrupt(signal.SIGKILL, r"bedrock_observability : Bedrock alarms are present", 0.5, "observability"),
    Interrupt(signal.SIGINT, r"bedrock_quotas : Request increases where the applied value is below the target", 0.5, "quotas"),
]
DEV_USER_SECRET = "ticketflow/bedrock/local/dev-user-access-key"
TASK = re.compile(r"^TASK \[(.*)\]")


def descendants(root: int) -> list[int]:
    """Every live descendant of ROOT (from /proc). ansible-playbook's workers start sessions of their
    own, so a signal to the run's process group does not reach them."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def signal_all(workers: dict[int, bytes | None], sig: signal.Signals) -> None:
    """SIG to each process of WORKERS ({pid: command line}) still running the same command (never a reused pid)."""
    for pid, command in workers.items():
        if command is None or cmdline(pid) != command:
            continue
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def wait_for_call(operation: str, seen: int, timeout: float = 120.0) -> bool:
    """Whether the call log shows OPERATION after its first SEEN entries, within TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(call["operation"] == operation for call in common.calls()[seen:]):
            return True
        time.sleep(0.05)
    return False


def interrupted_run(name: str, point: Interrupt) -> str | None:
    """site.yml (the point's step) until a task matching its pattern starts; then its signal to the whole job."""
    log = common.WORK / "logs" / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    hit, workers = None, {}
    if point.hold:
        common.add_fault(**point.hold)
    with open(log, "w", encoding="utf-8") as handle:
        proc = subprocess.Popen(
            [common.PLAYBOOK, *common.INVENTORY, common.SITE, *common.SITE_VARS, "--tags", point.tags],
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
            if match and re.search(point.pattern, match.group(1)):
                hit = match.group(1)
                if point.after_call:
                    seen = len(common.calls())
                    if not wait_for_call(point.after_call, seen):
                        os.killpg(proc.pid, signal.SIGKILL)
                        raise common.CheckFailed(f"{name}: {point.after_call} never came during {hit!r} (see {log})")
                else:
                    time.sleep(point.delay)
                workers = {pid: cmdline(pid) for pid in descendants(proc.pid)}
                os.killpg(proc.pid, point.sig)
                if point.sig == signal.SIGKILL:  # a lost node: every process of the run dies at once
                    signal_all(workers, signal.SIGKILL)
                break
        try:
            rest = proc.communicate(timeout=60)[0]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            rest = proc.communicate()[0]
        handle.write(rest or "")
    # Nothing of an interrupted run may outlive it (a worker left running would call AWS during the next run).
    signal_all(workers, signal.SIGKILL)
    if point.hold:
        common.clear_faults()
    if hit is None:
        raise common.CheckFailed(f"{name}: no task matching {point.pattern!r} ran (see {log}); the interrupt points are stale")
    if proc.returncode == 0:
        raise common.CheckFailed(f"{name}: {point.sig.name} at {hit!r} did not stop the run")
    return hit


def passed(run: common.Run, task: str) -> bool:
    """Whether RUN got past TASK: its TASK line is followed by another TASK line or the recap."""
    lines = run.output.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"TASK [{task}]"):
            return any(later.startswith(("TASK [", "PLAY RECAP")) for later in lines[index + 1 :])
    return False


def dev_user_key_consistent() -> bool:
    """Whether the dev user's secret holds the user's one active key, and the user's tag names it."""
    stored = json.loads(common.client("secretsmanager").get_secret_value(SecretId=DEV_USER_SECRET)["SecretString"])
    iam = common.client("iam")
    user = stored["UserName"]
    active = [k["AccessKeyId"] for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"] if k["Status"] == "Active"]
    tags = {t["Key"]: t["Value"] for t in iam.list_user_tags(UserName=user)["Tags"]}
    return active == [stored["AccessKeyId"]] and tags.get("TicketFlowSecretAccessKeyId") == stored["AccessKeyId"]


def check() -> None:
    common.control("POST", "reset")
    hits = []
    for number, point in enumerate(INTERRUPTS, start=1):
        start = time.monotonic()
        hit = interrupted_run(f"interrupt-{number}-{point.sig.name}", point)
        common.say(f"interrupt {number}: {point.sig.name} during {hit!r} (--tags {point.tags}, {time.monotonic() - start:.0f}s)")
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
    held = dev_user_key_consistent()
    common.figure("dev_user_key_consistent", int(held))
    if not held:
        raise common.CheckFailed("after the interrupted runs the dev user's secret does not hold its one active key, named by its tag")
    if recovered < len(hits):
        raise common.CheckFailed(f"only {recovered} of {len(hits)} interrupts recovered")
    (common.WORK / "converged").write_text("site.yml converged after interrupts\n", encoding="utf-8")


if __name__ == "__main__":
    common.main(check)

"""Faults: a skewed clock and the endpoint going away in the middle of a run.

On the converged environment (the short bursts of throttling, 5xx and latency ride along the
tier's full site.yml run in converge_interrupted.py; the long bursts run in long_bursts.py):

- clock skew within AWS's 5 minutes (the server clock 2 minutes ahead): the region step
  survives; beyond it (15 minutes ahead, and 15 minutes behind): refused by every signature
  check, the run fails with a classified error (``clock_skew`` diagnosis, or amazon.aws's
  message with AWS's ``Signature expired`` / ``not yet current`` text), never a traceback;
- the endpoint unreachable mid-run: the observability step runs through a proxy that is shut
  while a task is in flight; the run fails with ``endpoint_unreachable`` or botocore's
  "Could not connect to the endpoint URL", never a traceback; afterwards nothing it touched is
  half-done (the budget and alarms are as before).
Figures: faults_tried, faults_survived, faults_classified.
"""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import socketserver
import subprocess
import threading

import common

REGION = [*common.INVENTORY, str(common.REPO / "playbooks" / "region.yml")]
OBSERVABILITY = [*common.INVENTORY, str(common.REPO / "playbooks" / "observability.yml")]
CLASSIFIED = re.compile(
    r"clock_skew|endpoint_unreachable|Signature expired|Signature not yet current|RequestExpired|"
    r"RequestTimeTooSkewed|Could not connect to the endpoint URL|Connection was closed"
)


def classified(run: common.Run) -> str | None:
    """Why RUN's failure is classified, or None (a traceback, or no recognised cause)."""
    if common.TRACEBACK.search(run.output) or "MODULE FAILURE" in run.output:
        return None
    starts = [run.output.find(mark) for mark in ("[ERROR]", "fatal:", "failed:") if mark in run.output]
    if not starts:
        return None
    match = CLASSIFIED.search(run.output[min(starts) :])
    return match.group(0) if match else None


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self):
        upstream = socket.create_connection(self.server.upstream)
        self.server.open.add(self.request)
        self.server.open.add(upstream)
        try:
            while True:
                ready = select.select([self.request, upstream], [], [], 1)[0]
                if self.server.stopped.is_set():
                    return
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.request else self.request).sendall(data)
        except OSError:
            return
        finally:
            upstream.close()


class Proxy(socketserver.ThreadingTCPServer):
    """A TCP relay to the endpoint that can be shut, connections and all."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream: tuple[str, int]):
        super().__init__(("127.0.0.1", 0), _Pipe)
        self.upstream, self.open, self.stopped = upstream, set(), threading.Event()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def cut(self) -> None:
        self.stopped.set()
        self.shutdown()
        self.server_close()
        for sock in list(self.open):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


def skew(results: dict) -> None:
    for name, offset, expect_ok in (("skew-2min", 120, True), ("skew+15min", 900, False), ("skew-15min", -900, False)):
        common.configure(clock_offset_seconds=offset)
        try:
            run = common.playbook(name, *REGION)
        finally:
            common.configure(clock_offset_seconds=0)
        if expect_ok:
            results[name] = "survived" if run.rc == 0 else None
        else:
            why = classified(run) if run.rc != 0 else None
            results[name] = f"classified ({why})" if why else None
        common.say(f"{name}: {results[name] or 'NOT survived or classified'} ({run.log})")


def unreachable(results: dict) -> None:
    budget_before = common.client("budgets").describe_budget(AccountId=common.ACCOUNT, BudgetName="TicketFlowBedrock-local")["Budget"]["BudgetLimit"]
    alarms_before = sorted(a["AlarmName"] for a in common.client("cloudwatch").describe_alarms()["MetricAlarms"])
    port = int(common.URL.rsplit(":", 1)[1])
    proxy = Proxy(("127.0.0.1", port))
    log = common.WORK / "logs" / "unreachable.log"
    env = {**os.environ, "LOCAL_AWS_URL": proxy.url}
    hit = None
    with open(log, "w", encoding="utf-8") as handle:
        proc = subprocess.Popen(
            [common.PLAYBOOK, *OBSERVABILITY], cwd=common.REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
        )
        for line in proc.stdout:
            handle.write(line)
            if hit is None and line.startswith("TASK [") and "Monthly budget with its alerts is present" in line:
                hit = line.strip()
                proxy.cut()
        proc.wait()
    output = log.read_text(encoding="utf-8")
    run = common.Run("unreachable", proc.returncode, output, log, 0)
    why = classified(run) if run.rc != 0 and hit else None
    budget_after = common.client("budgets").describe_budget(AccountId=common.ACCOUNT, BudgetName="TicketFlowBedrock-local")["Budget"]["BudgetLimit"]
    alarms_after = sorted(a["AlarmName"] for a in common.client("cloudwatch").describe_alarms()["MetricAlarms"])
    intact = budget_after == budget_before and alarms_after == alarms_before
    results["unreachable-mid-run"] = f"classified ({why})" if why and intact else None
    common.say(f"endpoint cut at {hit}: {results['unreachable-mid-run'] or 'NOT classified'}{'' if intact else ' (state changed: half done)'} ({log})")
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)


def check() -> None:
    results: dict[str, str | None] = {}
    skew(results)
    unreachable(results)
    common.figure("faults_tried", len(results))
    common.figure("faults_survived", sum(1 for r in results.values() if r == "survived"))
    common.figure("faults_classified", sum(1 for r in results.values() if r and r.startswith("classified")))
    bad = [name for name, result in results.items() if result is None]
    if bad:
        raise common.CheckFailed(f"neither survived nor classified: {bad} (logs in {common.WORK / 'logs'})")


if __name__ == "__main__":
    common.main(check)

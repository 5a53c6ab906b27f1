#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark of the no-op re-run of site.yml against the first converge (a script, not a test: it prints
figures, asserts nothing).

Run against the local endpoint:  make benchmark
(or scripts/local-aws.sh run $VENV/bin/python benchmarks/site_rerun.py [--latency-ms 50]).

From an empty endpoint, with --latency-ms of delay injected on every AWS call
(POST /_local_aws/faults {"service": "*", ...}):
  1. playbooks/site.yml on inventories/local (the first converge)
  2. the same again (the no-op re-run: nothing changes)
For each: wall time, CPU time of ansible's processes, AWS calls (total, mutating, reads) from the
endpoint's call log. Managed resources are counted in the endpoint's state after the first converge,
as the end-to-end teardown check lists them (tests/e2e/check_run.py leftovers: roles, policies,
instance profiles, VPC endpoints, security groups, VPCs, instances, trails, buckets, budgets, alarms,
topics, log groups, secrets, model agreements, invocation logging), less what an empty endpoint has.
Then the re-run's reads grouped by operation, most frequent first.
"""

import argparse
import os
import sys
import tempfile

import bench_lib

sys.path.insert(0, os.path.join(bench_lib.REPO, "tests", "e2e"))
import check_run  # the e2e helpers: the endpoint's inventory of resources)

SITE = ["-i", "inventories/local", "playbooks/site.yml"]


def managed_resources(url, baseline):
    """{kind: [names]} of what the endpoint holds beyond ``baseline`` (same shape)."""
    found = check_run.leftovers(url)
    return {
        kind: [n for n in names if n not in baseline.get(kind, [])] for kind, names in found.items() if [n for n in names if n not in baseline.get(kind, [])]
    }


def summary(log):
    mutating = sum(1 for c in log if c["mutating"])
    return {"calls": len(log), "mutating": mutating, "reads": len(log) - mutating}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-ms", type=int, default=50, help="latency injected on every AWS call")
    parser.add_argument("--top", type=int, default=25, help="operations listed for the re-run's reads")
    parser.add_argument("--logs", help="directory for the two ansible-playbook logs (default: a temporary one)")
    options = parser.parse_args()
    url = bench_lib.url()

    bench_lib.control("reset")
    baseline = check_run.leftovers(url)
    workdir = options.logs or tempfile.mkdtemp(prefix="tfb-bench-rerun-")
    os.makedirs(workdir, exist_ok=True)
    runs = {}
    for name in ("first converge", "no-op re-run"):
        bench_lib.calls(clear=True)
        bench_lib.inject_latency(options.latency_ms)
        log_path = os.path.join(workdir, name.replace(" ", "-") + ".log")
        wall, cpu = bench_lib.run_playbook(SITE, log_path=log_path)
        bench_lib.inject_latency(0)
        log = bench_lib.calls(clear=True)
        runs[name] = dict(summary(log), wall=wall, cpu=cpu, log=log)
        if name == "first converge":
            resources = managed_resources(url, baseline)

    managed = sum(len(names) for names in resources.values())
    first, rerun = runs["first converge"], runs["no-op re-run"]
    print("site.yml on inventories/local, %d ms injected on every AWS call (logs: %s)" % (options.latency_ms, workdir))
    print("%-16s %8s %8s %7s %9s %7s %16s" % ("run", "wall s", "CPU s", "calls", "mutating", "reads", "reads/resource"))
    for name, run in runs.items():
        print("%-16s %8.1f %8.1f %7d %9d %7d %16.2f" % (name, run["wall"], run["cpu"], run["calls"], run["mutating"], run["reads"], run["reads"] / managed))
    print()
    print("managed resources: %d (%s)" % (managed, ", ".join("%s %d" % (k, len(v)) for k, v in sorted(resources.items()))))
    print(
        "no-op re-run / first converge: wall %.2fx, calls %.2fx; re-run mutating calls: %d"
        % (rerun["wall"] / first["wall"], rerun["calls"] / first["calls"], rerun["mutating"])
    )
    print()
    print("re-run reads by operation (top %d of %d operations):" % (options.top, len(bench_lib.by_operation(rerun["log"]))))
    for operation, count in bench_lib.by_operation([c for c in rerun["log"] if not c["mutating"]]).most_common(options.top):
        print("  %4d  %s" % (count, operation))
    if rerun["mutating"]:
        print("re-run mutating calls: %s" % dict(bench_lib.by_operation([c for c in rerun["log"] if c["mutating"]])))


if __name__ == "__main__":
    main()

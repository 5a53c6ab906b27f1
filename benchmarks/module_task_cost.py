#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark of the per-task cost of this collection's modules against amazon.aws.aws_caller_info
(a script, not a test: it prints figures, asserts nothing).

Run against the local endpoint:  make benchmark
(or scripts/local-aws.sh run $VENV/bin/python benchmarks/module_task_cost.py [--latency-ms 50]).

For each module, a play of --tasks identical tasks and an empty play (the fixed cost of
ansible-playbook); per-task cost = (wall of the play - wall of the empty play) / tasks, median of
--repeat runs, with --latency-ms of delay injected on every AWS call. Also the AWS calls one task
makes (from the endpoint's call log) and the ratio to aws_caller_info's per-task cost.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile

import bench_lib

MODULES = [
    ("amazon.aws.aws_caller_info", {}),
    ("ticketflow.bedrock.quota_info", {"quota_codes": []}),
    ("ticketflow.bedrock.bedrock_model_access_info", {"models": ["anthropic.claude-haiku-4-5-20251001-v1:0"]}),
]


def play(module, args, count):
    defaults = {
        "access_key": "{{ lookup('env', 'AWS_ACCESS_KEY_ID') }}",
        "secret_key": "{{ lookup('env', 'AWS_SECRET_ACCESS_KEY') }}",
        "region": "us-east-1",
        "endpoint_url": "{{ lookup('env', 'AWS_ENDPOINT_URL') }}",
    }
    tasks = [{"name": "task %d" % number, module: args} for number in range(count)]
    return [
        {
            "name": "benchmark",
            "hosts": "localhost",
            "gather_facts": False,
            "connection": "local",
            "module_defaults": {"group/ticketflow.bedrock.aws": defaults},
            "tasks": tasks,
        }
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10, help="tasks per play")
    parser.add_argument("--repeat", type=int, default=3, help="runs per play (median reported)")
    parser.add_argument("--latency-ms", type=int, default=50, help="latency injected on every AWS call")
    options = parser.parse_args()
    bench_lib.url()
    bench_lib.control("reset")
    extra_env = {"ANSIBLE_PYTHON_INTERPRETER": sys.executable}
    rows = []
    with tempfile.TemporaryDirectory(prefix="tfb-bench-task-") as workdir:

        def timed(name, body):
            path = _write(workdir, name, body)
            return statistics.median(bench_lib.run_playbook(["-i", "localhost,", path], extra_env=extra_env)[0] for _ in range(options.repeat))

        bench_lib.run_playbook(["-i", "localhost,", _write(workdir, "warm", play(*MODULES[0], 1))], extra_env=extra_env)
        bench_lib.inject_latency(options.latency_ms)
        empty = timed("empty", play("ansible.builtin.meta", "noop", 0))
        for module, args in MODULES:
            bench_lib.calls(clear=True)
            wall = timed(module.rsplit(".", 1)[1], play(module, args, options.tasks))
            per_task_calls = len(bench_lib.calls(clear=True)) / (options.tasks * options.repeat)
            rows.append((module, (wall - empty) / options.tasks, per_task_calls))
        bench_lib.inject_latency(0)

    base = rows[0][1]
    print(
        "per-task cost, %d tasks per play, median of %d runs, %d ms on every AWS call; empty play %.2f s"
        % (options.tasks, options.repeat, options.latency_ms, empty)
    )
    print("%-48s %12s %14s %10s" % ("module", "s per task", "AWS calls/task", "vs caller"))
    for module, cost, per_task_calls in rows:
        print("%-48s %12.3f %14.1f %9.2fx" % (module, cost, per_task_calls, cost / base))


def _write(workdir, name, body):
    path = os.path.join(workdir, name + ".yml")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(body, handle)  # JSON is YAML
    return path


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark of bedrock_model_access_info (a script, not a test: it prints figures, asserts nothing).

Run against the local endpoint:  make benchmark
(or scripts/local-aws.sh run $VENV/bin/python benchmarks/model_access_info.py).

Wall time of ansible-playbook for:
  A. 1 model in one task
  B. 20 models in one task (max_concurrency 8, the default)
  C. 20 models in one task with max_concurrency 1 (serial look-ups)
  D. 20 single-model tasks
each with no added latency and with a per-call latency injected by the
endpoint on every Bedrock control-plane call (real AWS answers in tens to
hundreds of milliseconds), median of --repeat runs.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

HOME = os.environ.get("TFB_HOME", os.path.expanduser("~/.cache/ticketflow-bedrock"))
OPERATIONS = ("ListFoundationModels", "GetFoundationModel", "ListInferenceProfiles", "GetInferenceProfile", "GetFoundationModelAvailability")


def control(path, method="POST", body=None):
    url = os.environ["LOCAL_AWS_URL"] + "/_local_aws/" + path
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read()


def set_latency(latency_ms):
    control("faults", method="DELETE")
    if latency_ms:
        for operation in OPERATIONS:
            control("faults", body={"service": "bedrock", "operation": operation, "count": 1000000, "latency_ms": latency_ms})


def twenty_identifiers():
    """20 model and profile IDs of the endpoint's catalog: profile-only models through their profiles."""
    client = boto3.client("bedrock")
    models = client.list_foundation_models()["modelSummaries"]
    profiles = client.list_inference_profiles()["inferenceProfileSummaries"]
    ids = [m["modelId"] for m in models if "ON_DEMAND" in m["inferenceTypesSupported"]]
    ids += [p["inferenceProfileId"] for p in profiles]
    if len(ids) < 20:
        sys.exit("the endpoint's catalog has only %d models and profiles; 20 are needed" % len(ids))
    return ids[:20]


def playbook(tasks):
    defaults = {
        "access_key": "{{ lookup('env', 'AWS_ACCESS_KEY_ID') }}",
        "secret_key": "{{ lookup('env', 'AWS_SECRET_ACCESS_KEY') }}",
        "region": "us-east-1",
        "endpoint_url": "{{ lookup('env', 'AWS_ENDPOINT_URL') }}",
    }
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


def info_task(models, concurrency=8):
    return {"name": "describe %d" % len(models), "ticketflow.bedrock.bedrock_model_access_info": {"models": models, "max_concurrency": concurrency}}


def run_playbook(path):
    env = dict(os.environ)
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(HOME, "collections"))
    env["ANSIBLE_LOCALHOST_WARNING"] = "false"
    env["ANSIBLE_PYTHON_INTERPRETER"] = sys.executable
    env["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "false"
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    start = time.monotonic()
    done = subprocess.run([ansible_playbook, "-i", "localhost,", path], env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        sys.exit("ansible-playbook %s failed:\n%s\n%s" % (path, done.stdout[-3000:], done.stderr[-3000:]))
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (median reported)")
    parser.add_argument("--latency-ms", type=int, default=100, help="latency injected per Bedrock call")
    options = parser.parse_args()
    if "LOCAL_AWS_URL" not in os.environ:
        sys.exit("run through scripts/local-aws.sh run (LOCAL_AWS_URL is not set)")

    control("reset")
    ids = twenty_identifiers()
    scenarios = [
        ("A", "1 model, one task", playbook([info_task(ids[:1])])),
        ("B", "20 models, one task (max_concurrency 8)", playbook([info_task(ids)])),
        ("C", "20 models, one task (max_concurrency 1)", playbook([info_task(ids, concurrency=1)])),
        ("D", "20 single-model tasks", playbook([info_task([model]) for model in ids])),
    ]
    results = {}
    with tempfile.TemporaryDirectory(prefix="tfb-bench-") as workdir:
        paths = {}
        for key, _title, play in scenarios:
            paths[key] = os.path.join(workdir, "%s.yml" % key)
            with open(paths[key], "w", encoding="utf-8") as handle:
                json.dump(play, handle)  # JSON is YAML
        run_playbook(paths["A"])  # warm-up: caches and byte-compiled files, not measured
        for latency in (0, options.latency_ms):
            set_latency(latency)
            for key, _title, _play in scenarios:
                times = [run_playbook(paths[key]) for _ in range(options.repeat)]
                results[(latency, key)] = statistics.median(times)
        set_latency(0)

    print("bedrock_model_access_info wall times (median of %d ansible-playbook runs, seconds)" % options.repeat)
    print("%-45s %12s %16s" % ("scenario", "no latency", "%d ms per call" % options.latency_ms))
    for key, title, _play in scenarios:
        print("%-45s %12.2f %16.2f" % ("%s. %s" % (key, title), results[(0, key)], results[(options.latency_ms, key)]))
    print()
    for latency in (0, options.latency_ms):
        b, c, d, a = (results[(latency, k)] for k in ("B", "C", "D", "A"))
        print(
            "latency %4d ms: D/B (20 tasks vs one task) = %.1fx   C/B (serial vs concurrent) = %.1fx   "
            "B/A (20 models vs 1) = %.2fx" % (latency, d / b, c / b, b / a)
        )


if __name__ == "__main__":
    main()

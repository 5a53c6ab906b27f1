# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the benchmark scripts share: the local endpoint's control API, the
latency injected on every AWS call, the call log, and timed ansible-playbook runs.

Every script runs through ``scripts/local-aws.sh run`` (which sets
``LOCAL_AWS_URL``, ``AWS_ENDPOINT_URL`` and dummy credentials).
"""

import collections
import json
import os
import subprocess
import sys
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOME = os.environ.get("TFB_HOME", os.path.expanduser("~/.cache/ticketflow-bedrock"))


def url():
    if "LOCAL_AWS_URL" not in os.environ:
        sys.exit("run through scripts/local-aws.sh run (LOCAL_AWS_URL is not set)")
    return os.environ["LOCAL_AWS_URL"]


def control(path, method="POST", body=None):
    """One control API request; the decoded JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url() + "/_local_aws/" + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def inject_latency(latency_ms):
    """``latency_ms`` of delay on every AWS call of every service from now on (0: none)."""
    control("faults", method="DELETE")
    if latency_ms:
        control("faults", body={"service": "*", "count": 100000000, "latency_ms": latency_ms})


def calls(clear=False):
    """The endpoint's call log (and clear it afterwards when ``clear``)."""
    log = control("calls", method="GET")["calls"]
    if clear:
        control("calls", method="DELETE")
    return log


def by_operation(log):
    """Counter of "service:Operation" over a call log."""
    return collections.Counter("%s:%s" % (c["service"], c["operation"]) for c in log)


def cpu_seconds():
    """User + system CPU time of every child process that has ended so far."""
    times = os.times()
    return times.children_user + times.children_system


def run_playbook(args, log_path=None, extra_env=None):
    """Run ansible-playbook ARGS from the repository; (wall seconds, CPU seconds of its processes)."""
    env = dict(os.environ)
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(HOME, "collections"))
    env.setdefault("ANSIBLE_CONFIG", os.path.join(REPO, "ansible.cfg"))
    env["ANSIBLE_LOCALHOST_WARNING"] = "false"
    env["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "false"
    env["ANSIBLE_NOCOLOR"] = "1"
    env.update(extra_env or {})
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    cpu, start = cpu_seconds(), time.monotonic()
    done = subprocess.run([ansible_playbook] + list(args), cwd=REPO, env=env, capture_output=True, text=True, check=False)
    elapsed, cpu = time.monotonic() - start, cpu_seconds() - cpu
    if log_path:
        with open(log_path, "w", encoding="utf-8") as handle:
            handle.write(done.stdout + done.stderr)
    if done.returncode != 0:
        sys.exit("ansible-playbook %s failed:\n%s\n%s" % (" ".join(args), done.stdout[-3000:], done.stderr[-3000:]))
    return elapsed, cpu

"""Fleet benchmark: N environments in one run at forks=N, with latency on every AWS call.

For N in 1, 4 and 10 (or the sizes given with --sizes), writes an inventory of
N environments shaped like inventories/fleet (ceil(N/2) member accounts x
us-east-1 / us-west-2, each assuming its account's deploy role), starts from an
empty local endpoint, creates the deploy roles (not timed), injects
--latency-ms of delay on every AWS call (a latency-only fault per service, see
the endpoint's control API), and times one converge of site.yml with the
fleet test's tags at --forks N. Prints wall time, the CPU time of
ansible-playbook and its forks, and the endpoint's CPU time, then each N's
wall against the target (0.5 x N + 1) x the wall of one environment.

    scripts/local-aws.sh is started by this script; run it from the repository root:
    python benchmarks/fleet.py [--sizes 1 4 10] [--latency-ms 50] [--tags model_access,iam,quotas]

Figures, not a test: it never fails on a missed target.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOME = os.environ.get("TFB_HOME", os.path.expanduser("~/.cache/ticketflow-bedrock"))
VENV = os.environ.get("VENV", os.path.join(HOME, "venv"))
# Every service the seed plan calls (botocore service or signing names).
SERVICES = ("sts", "iam", "ec2", "s3", "bedrock", "service-quotas", "budgets", "cloudtrail", "cloudwatch", "logs", "sns", "secretsmanager")
REGIONS = ("us-east-1", "us-west-2")


def control(url: str, method: str, path: str, payload: object = None) -> object:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url + "/_local_aws" + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as reply:
        return json.load(reply)


def write_inventory(directory: str, size: int) -> None:
    hosts = {}
    for index in range(size):
        account = "2200000000%02d" % (index // 2 + 1)
        region = REGIONS[index % 2]
        name = "bench-%02d-%s" % (index // 2 + 1, "use1" if region == "us-east-1" else "usw2")
        hosts[name] = {"tfb_environment": name, "tfb_account_id": account, "tfb_region": region}
    inventory = {"all": {"children": {"bedrock_environments": {"children": {"local_fleet_environments": None}}, "local_fleet_environments": {"hosts": hosts}}}}
    with open(os.path.join(directory, "hosts.yml"), "w", encoding="utf-8") as handle:
        json.dump(inventory, handle, indent=1)  # JSON is YAML
    os.symlink(os.path.join(REPO, "inventories", "fleet", "group_vars"), os.path.join(directory, "group_vars"))


def endpoint_cpu(pid: int) -> float:
    with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def playbook(args: list[str], env: dict, log: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of ansible-playbook and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with open(log, "w", encoding="utf-8") as handle:
        code = subprocess.call([os.path.join(VENV, "bin", "ansible-playbook"), *args], cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        sys.exit("fleet benchmark: ansible-playbook %s failed (exit %d), see %s" % (" ".join(args), code, log))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 10])
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--tags", default="model_access,iam,quotas")
    options = parser.parse_args()
    port = os.environ.get("LOCAL_AWS_PORT", "4566")
    url = "http://127.0.0.1:%s" % port
    env = dict(
        os.environ,
        LOCAL_AWS_URL=url,
        ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_COLLECTIONS_PATH=os.environ.get("ANSIBLE_COLLECTIONS_PATH", os.path.join(HOME, "collections")),
    )
    work = tempfile.mkdtemp(prefix="tfb-bench-fleet.")
    env["TFB_OUTPUT_DIR"] = os.path.join(work, "output")
    subprocess.check_call([os.path.join(REPO, "scripts", "local-aws.sh"), "start"], env=env)
    rows = []
    try:
        with open(os.path.join(HOME, "local-aws-%s.pid" % port), encoding="ascii") as handle:
            pid = int(handle.read())
        for size in options.sizes:
            inventory = os.path.join(work, "fleet-%d" % size)
            os.mkdir(inventory)
            write_inventory(inventory, size)
            control(url, "POST", "/reset", {})
            playbook(["-i", inventory, "playbooks/local_fleet_prerequisites.yml"], env, os.path.join(work, "prerequisites-%d.log" % size))
            for service in SERVICES:
                control(url, "POST", "/faults", {"service": service, "count": 10**7, "latency_ms": options.latency_ms})
            control(url, "DELETE", "/calls")
            cpu_before = endpoint_cpu(pid)
            wall, cpu = playbook(
                ["-i", inventory, "playbooks/site.yml", "--forks", str(size), "--tags", options.tags], env, os.path.join(work, "site-%d.log" % size)
            )
            calls = len(control(url, "GET", "/calls")["calls"])
            rows.append({"environments": size, "wall": wall, "cpu": cpu, "endpoint_cpu": endpoint_cpu(pid) - cpu_before, "calls": calls})
            print(
                "fleet of %2d: wall %6.1f s, ansible CPU %6.1f s, endpoint CPU %5.1f s, %d AWS calls" % (size, wall, cpu, rows[-1]["endpoint_cpu"], calls),
                flush=True,
            )
    finally:
        subprocess.call([os.path.join(REPO, "scripts", "local-aws.sh"), "stop"], env=env)
    one = next((r["wall"] for r in rows if r["environments"] == 1), None)
    print("\n| environments (forks) | wall (s) | ansible CPU (s) | endpoint CPU (s) | AWS calls | target wall (s) | met |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        target = (0.5 * row["environments"] + 1) * one if one else math.nan
        print(
            "| %d | %.1f | %.1f | %.1f | %d | %.1f | %s |"
            % (row["environments"], row["wall"], row["cpu"], row["endpoint_cpu"], row["calls"], target, "yes" if row["wall"] <= target else "no")
        )
    print("\nlatency %d ms on every AWS call; tags %s; %d CPU cores; logs in %s" % (options.latency_ms, options.tags, os.cpu_count() or 0, work))
    return 0


if __name__ == "__main__":
    sys.exit(main())

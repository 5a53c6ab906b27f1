"""Faults, long throttling bursts: one per service the collection calls, each a classified failure.

Every call to the service is throttled (its own throttling code and status, as AWS answers)
for as long as the module keeps trying. The module must give up within its bounded retries
with a classified failure, never a traceback: the collection's ``throttled_or_quota``
diagnosis, or amazon.aws's message naming the AWS error code. Where the module was creating
something, nothing of it may exist once the burst is over (nothing half-done).

The bursts mostly wait out backoffs, so they run in parallel, in the background of the tier
(scripts/run-reliability.sh), on endpoints of their own: one per group of services that no
job of another group calls (STS and Bedrock control-plane bursts would fail the other jobs'
calls). Figures: long_bursts_tried, long_bursts_classified, long_bursts_half_done (goal 0).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import common

ASSUME_EC2 = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
)
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
QUOTA = "Cross-region model inference requests per minute for Anthropic Claude Haiku 4.5"


def _none(kind):
    """A probe: the names of KIND the job may have created (must be empty after the burst)."""

    def probe(url):
        keys = {
            "budgets": lambda: [b["BudgetName"] for b in common.client("budgets", url).describe_budgets(AccountId=common.ACCOUNT).get("Budgets", [])],
            "quota_requests": lambda: common.client("service-quotas", url).list_requested_service_quota_change_history(ServiceCode="bedrock")[
                "RequestedQuotas"
            ],
            "agreements": lambda: [
                m
                for m in [HAIKU]
                if common.client("bedrock", url).get_foundation_model_availability(modelId=m)["agreementAvailability"]["status"] in ("AVAILABLE", "PENDING")
            ],
            "roles": lambda: [r["RoleName"] for r in common.client("iam", url).list_roles()["Roles"] if r["RoleName"] == "TicketFlowBurst"],
            "vpcs": lambda: [v["VpcId"] for v in common.client("ec2", url).describe_vpcs()["Vpcs"] if not v["IsDefault"]],
            "buckets": lambda: [b["Name"] for b in common.client("s3", url).list_buckets()["Buckets"]],
            "log_groups": lambda: [g["logGroupName"] for g in common.client("logs", url).describe_log_groups()["logGroups"]],
            "topics": lambda: common.client("sns", url).list_topics()["Topics"],
            "alarms": lambda: common.client("cloudwatch", url).describe_alarms()["MetricAlarms"],
            "secrets": lambda: common.client("secretsmanager", url).list_secrets()["SecretList"],
        }
        return keys[kind]()

    return probe


# service, endpoint group, throttling code and status AWS answers, module, arguments, what it would create
JOBS = [
    (
        "budgets",
        "A",
        "ThrottlingException",
        400,
        "ticketflow.bedrock.budget",
        {"name": "TicketFlowBurst", "limit_amount": 10, "account_id": common.ACCOUNT},
        _none("budgets"),
    ),
    (
        "service-quotas",
        "A",
        "TooManyRequestsException",
        400,
        "ticketflow.bedrock.quota_request",
        {"quota_name": QUOTA, "desired_value": 3000},
        _none("quota_requests"),
    ),
    ("bedrock-runtime", "A", "ThrottlingException", 429, "ticketflow.bedrock.bedrock_invoke_test", {"model_id": "us." + HAIKU}, None),
    (
        "iam",
        "A",
        "Throttling",
        400,
        "amazon.aws.iam_role",
        {"name": "TicketFlowBurst", "assume_role_policy_document": ASSUME_EC2, "create_instance_profile": False},
        _none("roles"),
    ),
    ("ec2", "A", "RequestLimitExceeded", 503, "amazon.aws.ec2_vpc_net", {"name": "ticketflow-burst", "cidr_block": "10.77.0.0/16"}, _none("vpcs")),
    ("s3", "A", "SlowDown", 503, "amazon.aws.s3_bucket", {"name": "ticketflow-burst-bucket"}, _none("buckets")),
    ("logs", "A", "ThrottlingException", 400, "amazon.aws.cloudwatchlogs_log_group", {"log_group_name": "/ticketflow/burst"}, _none("log_groups")),
    ("sns", "A", "Throttled", 429, "community.aws.sns_topic", {"name": "ticketflow-burst"}, _none("topics")),
    (
        "cloudwatch",
        "A",
        "Throttling",
        400,
        "amazon.aws.cloudwatch_metric_alarm",
        {
            "name": "ticketflow-burst",
            "metric_name": "Invocations",
            "namespace": "AWS/Bedrock",
            "statistic": "Sum",
            "comparison": "GreaterThanThreshold",
            "threshold": 1,
            "period": 300,
            "evaluation_periods": 1,
        },
        _none("alarms"),
    ),
    ("cloudtrail", "A", "ThrottlingException", 400, "amazon.aws.cloudtrail_info", {}, None),
    (
        "secretsmanager",
        "A",
        "ThrottlingException",
        400,
        "community.aws.secretsmanager_secret",
        {"name": "ticketflow/burst", "secret": "not-a-secret"},
        _none("secrets"),
    ),
    ("sts", "B", "Throttling", 400, "amazon.aws.aws_caller_info", {}, None),
    ("bedrock", "C", "ThrottlingException", 429, "ticketflow.bedrock.bedrock_model_access", {"models": [HAIKU], "wait": False}, _none("agreements")),
]
JOB_TIMEOUT = 600  # the retries are bounded: a job still running after this is a failure


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_endpoint() -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(common.REPO), "LOCAL_AWS_CLOCK": "2026-12-01T12:00:00Z"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "local_aws", "--port", str(port)], cwd=common.REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _attempt in range(300):
        try:
            common.control("GET", "health", url=url)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise common.CheckFailed(f"a private endpoint did not start on port {port}")


def run_job(job, url: str, work: Path) -> dict:
    service, _group, code, status, module, args, _probe = job
    connection = {"endpoint_url": url, "access_key": "testing", "secret_key": "testing", "region": "us-east-1"}
    play = [
        {
            "name": f"long burst on {service}",
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": [{"name": f"{module} under a {code} burst", module: {**args, **connection}}],
        }
    ]
    path = work / f"burst-{service}.yml"
    path.write_text(json.dumps(play), encoding="utf-8")
    env = {**os.environ, "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json", "ANSIBLE_LOAD_CALLBACK_PLUGINS": "1"}
    start = time.monotonic()
    proc = subprocess.run(
        [common.PLAYBOOK, "-i", "localhost,", "-c", "local", "-e", f"ansible_python_interpreter={common.VENV / 'bin' / 'python'}", str(path)],
        cwd=common.REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=JOB_TIMEOUT,
        check=False,
    )
    seconds = time.monotonic() - start
    (work / f"burst-{service}.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    try:
        result = json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]["localhost"]
    except (ValueError, KeyError, IndexError):
        return {"service": service, "classified": False, "how": f"no task result (rc {proc.returncode})", "seconds": seconds}
    text = json.dumps(result)
    msg = str(result.get("msg", ""))
    diagnosis = (result.get("diagnosis") or {}).get("code")
    crashed = "module_stderr" in result or "MODULE FAILURE" in str(result.get("msg", ""))
    if not result.get("failed"):
        how, classified = "did not fail under a burst that never ends", False
    elif crashed:
        how, classified = "module crash (traceback)", False
    elif diagnosis == "throttled_or_quota" and service != "bedrock-runtime" and "inference profile" in text:
        how, classified = "diagnosis throttled_or_quota with a model-invocation hint for an API rate limit", False
    elif diagnosis == "throttled_or_quota":
        how, classified = "diagnosis throttled_or_quota", True
    elif code in msg or f"({status})" in msg:
        how, classified = f"amazon.aws error naming {code if code in msg else status}", True
    else:
        how, classified = f"unclassified: {str(result.get('msg'))[:200]}", False
    return {"service": service, "classified": classified, "how": how, "seconds": seconds}


def check() -> None:
    work = Path(tempfile.mkdtemp(prefix="long-bursts.", dir=common.WORK if common.WORK.is_dir() else None))
    endpoints = {}
    try:
        for group in sorted({job[1] for job in JOBS}):
            endpoints[group] = start_endpoint()
        for service, group, code, status, *_rest in JOBS:
            common.add_fault(url=endpoints[group][1], service=service, count=100000, error_code=code, status=status, message="Rate exceeded")
        results: dict[str, dict] = {}

        def one(job):
            results[job[0]] = run_job(job, endpoints[job[1]][1], work)

        threads = [threading.Thread(target=one, args=(job,)) for job in JOBS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        half_done = []
        for _proc, url in endpoints.values():
            common.clear_faults(url=url)
        for service, group, *_rest, probe in JOBS:
            if probe is not None:
                left = probe(endpoints[group][1])
                if left:
                    half_done.append(f"{service}: {left}")
        for service, *_rest in JOBS:
            result = results[service]
            common.say(f"long burst on {service}: {result['how']} after {result['seconds']:.0f}s")
        classified = sum(1 for r in results.values() if r["classified"])
        common.figure("faults_tried", len(JOBS))
        common.figure("faults_survived", 0)
        common.figure("faults_classified", classified)
        common.figure("long_bursts_tried", len(JOBS))
        common.figure("long_bursts_classified", classified)
        common.figure("long_bursts_half_done", len(half_done))
        common.figure("long_bursts_longest_seconds", round(max(r["seconds"] for r in results.values())))
        if classified < len(JOBS) or half_done:
            raise common.CheckFailed(f"unclassified: {[r for r in results.values() if not r['classified']]}; half done: {half_done} (logs: {work})")
    finally:
        for proc, _url in endpoints.values():
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    common.main(check)

"""Shared helpers of the reliability tier (scripts/run-reliability.sh runs the checks of this folder).

Every check runs against the one local endpoint the tier started (``LOCAL_AWS_URL``), on the
environment ``converge_interrupted.py`` converged, and prints its figures as lines
``reliability: NAME=VALUE``. A check that misses a goal raises ``CheckFailed``; ``main`` turns it
into one ``reliability FAILED: ...`` line and exit status 1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable

import boto3

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
from check_run import changed_tasks, recap

URL = os.environ.get("LOCAL_AWS_URL", "http://127.0.0.1:4566")
WORK = Path(os.environ.get("TFB_RELIABILITY_WORK", "/tmp/tfb-reliability"))
VENV = Path(os.environ.get("VENV", sys.prefix))
PLAYBOOK = str(VENV / "bin" / "ansible-playbook")
INVENTORY = ["-i", str(REPO / "inventories" / "local")]
SITE = str(REPO / "playbooks" / "site.yml")
ACCOUNT = "123456789012"
# Every site.yml run of the tier takes the dev-user path, so that the secrets check has a real key to look for.
SITE_VARS = ["-e", "tfb_dev_user_enabled=true", "-e", "tfb_app_credentials_source=dev_user_secret"]
ROOT_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|The full traceback is:")


class CheckFailed(Exception):
    """A reliability goal was missed."""


def figure(name: str, value) -> None:
    print(f"reliability: {name}={value}", flush=True)


def say(text: str) -> None:
    print(f"-- {text}", flush=True)


def control(method: str, path: str, body: dict | None = None, url: str = URL) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + "/_local_aws/" + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        text = reply.read()
    return json.loads(text) if text else {}


def calls(url: str = URL) -> list[dict]:
    return control("GET", "calls", url=url)["calls"]


def mutating_calls(url: str = URL) -> list[dict]:
    return [call for call in calls(url) if call["mutating"]]


def clear_calls(url: str = URL) -> None:
    control("DELETE", "calls", url=url)


def add_fault(url: str = URL, **spec) -> None:
    control("POST", "faults", spec, url=url)


def pending_faults(url: str = URL) -> list[dict]:
    return control("GET", "faults", url=url)["faults"]


def clear_faults(url: str = URL) -> None:
    control("DELETE", "faults", url=url)


def configure(url: str = URL, **settings) -> None:
    control("POST", "config", settings, url=url)


def client(service: str, url: str = URL):
    """A boto3 client of the endpoint with the bootstrap (account root) key."""
    return boto3.client(service, endpoint_url=url, region_name="us-east-1", **ROOT_CREDENTIALS)


class Run:
    """One finished ansible-playbook run: return code, output, where its log is."""

    def __init__(self, name: str, rc: int, output: str, log: Path, seconds: float):
        self.name, self.rc, self.output, self.log, self.seconds = name, rc, output, log, seconds

    @property
    def recap(self) -> dict:
        return recap(str(self.log))

    @property
    def changed_tasks(self) -> list[str]:
        return changed_tasks(str(self.log))

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.output.splitlines()[-lines:])


def playbook(name: str, *args: str, env: dict | None = None, timeout: int = 3600) -> Run:
    """ansible-playbook ARGS from the repository root; output kept in WORK/logs/NAME.log.

    ``timeout`` only stops a hung run (a loaded shared machine takes 15 minutes for a full site.yml).
    """
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    start = time.monotonic()
    with open(log, "w", encoding="utf-8") as handle:
        try:
            proc = _run(args, handle, env, timeout)
        except subprocess.TimeoutExpired as error:
            raise CheckFailed(f"ansible-playbook {' '.join(args)} still running after {timeout}s ({log})") from error
    return Run(name, proc.returncode, log.read_text(encoding="utf-8", errors="replace"), log, time.monotonic() - start)


def _run(args, handle, env, timeout):
    return subprocess.run([PLAYBOOK, *args], cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, timeout=timeout, check=False)


def site(name: str, *args: str, **kwargs) -> Run:
    return playbook(name, *INVENTORY, SITE, *SITE_VARS, *args, **kwargs)


def main(check: Callable[[], None]) -> None:
    start = time.monotonic()
    name = Path(sys.argv[0]).stem
    try:
        check()
    except CheckFailed as error:
        print(f"reliability FAILED: {name}: {error}", flush=True)
        sys.exit(1)
    finally:
        print(f"-- {name}: {time.monotonic() - start:.0f}s", flush=True)


def _pages(api, method: str, key: str, **kwargs) -> list:
    return [item for page in api.get_paginator(method).paginate(**kwargs) for item in page[key]]


def _tag(tags: list[dict] | None, name: str = "Name") -> str:
    return next((tag["Value"] for tag in tags or [] if tag["Key"] == name), "")


def resource_keys(url: str = URL) -> dict[str, list[str]]:
    """Every resource the setup owns, each under the key that must be unique for it.

    Names are unique by AWS's rules for most kinds, so the keys are what a duplicate would share
    (an interface endpoint per VPC and service, an alarm per metric and dimensions, an open quota
    request per quota, an active access key per dev user, an instance or VPC per Name tag).
    """
    iam, ec2 = client("iam", url), client("ec2", url)
    keys: dict[str, list[str]] = {}
    keys["iam_roles"] = [r["RoleName"] for r in _pages(iam, "list_roles", "Roles") if "ticketflow" in r["RoleName"].lower()]
    keys["iam_policies"] = [p["PolicyName"] for p in _pages(iam, "list_policies", "Policies", Scope="Local")]
    keys["role_policy_attachments"] = [
        f"{role}:{p['PolicyName']}" for role in keys["iam_roles"] for p in _pages(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=role)
    ]
    keys["instance_profile_roles"] = [f"{p['InstanceProfileName']}" for p in _pages(iam, "list_instance_profiles", "InstanceProfiles") for _role in p["Roles"]]
    users = [u["UserName"] for u in _pages(iam, "list_users", "Users") if "ticketflow" in u["UserName"].lower()]
    keys["active_access_keys_per_user"] = [
        user for user in users for key in _pages(iam, "list_access_keys", "AccessKeyMetadata", UserName=user) if key["Status"] == "Active"
    ]
    keys["vpcs"] = [_tag(v.get("Tags")) or v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
    keys["subnets"] = [f"{s['VpcId']}:{s['CidrBlock']}" for s in ec2.describe_subnets()["Subnets"] if not s.get("DefaultForAz")]
    keys["security_groups"] = [f"{g['VpcId']}:{g['GroupName']}" for g in ec2.describe_security_groups()["SecurityGroups"]]
    keys["instances"] = [
        _tag(i.get("Tags")) or i["InstanceId"]
        for r in ec2.describe_instances()["Reservations"]
        for i in r["Instances"]
        if i["State"]["Name"] not in ("terminated", "shutting-down")
    ]
    keys["vpc_endpoints"] = [
        f"{e['VpcId']}:{e['ServiceName']}" for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["State"].lower() not in ("deleted", "deleting")
    ]
    budgets = client("budgets", url)
    names = [b["BudgetName"] for b in budgets.describe_budgets(AccountId=ACCOUNT).get("Budgets", [])]
    keys["budgets"] = names
    keys["budget_notifications"] = [
        f"{name}:{n['NotificationType']}:{n['ComparisonOperator']}:{n['Threshold']}"
        for name in names
        for n in budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName=name).get("Notifications", [])
    ]
    keys["alarms"] = [
        a["MetricName"] + ":" + json.dumps(sorted((d["Name"], d["Value"]) for d in a.get("Dimensions", [])))
        for a in _pages(client("cloudwatch", url), "describe_alarms", "MetricAlarms")
    ]
    keys["sns_topics"] = [t["TopicArn"] for t in _pages(client("sns", url), "list_topics", "Topics")]
    keys["trails"] = [t["Name"] for t in client("cloudtrail", url).describe_trails()["trailList"]]
    keys["buckets"] = [b["Name"] for b in client("s3", url).list_buckets()["Buckets"]]
    keys["log_groups"] = [g["logGroupName"] for g in _pages(client("logs", url), "describe_log_groups", "logGroups")]
    keys["secrets"] = [s["Name"] for s in client("secretsmanager", url).list_secrets(IncludePlannedDeletion=True)["SecretList"]]
    quotas = client("service-quotas", url)
    keys["open_quota_requests"] = [
        r["QuotaCode"]
        for r in quotas.list_requested_service_quota_change_history(ServiceCode="bedrock")["RequestedQuotas"]
        if r["Status"] in ("PENDING", "CASE_OPENED")
    ]
    keys["quota_requests"] = [
        f"{r['QuotaCode']}:{r['DesiredValue']}" for r in quotas.list_requested_service_quota_change_history(ServiceCode="bedrock")["RequestedQuotas"]
    ]
    bedrock = client("bedrock", url)
    keys["model_agreements"] = [
        m["modelId"]
        for m in bedrock.list_foundation_models()["modelSummaries"]
        if bedrock.get_foundation_model_availability(modelId=m["modelId"])["agreementAvailability"]["status"] in ("AVAILABLE", "PENDING")
    ]
    return keys


def duplicates(keys: dict[str, list[str]]) -> dict[str, list[str]]:
    found = {}
    for kind, values in keys.items():
        twice = sorted({value for value in values if values.count(value) > 1})
        if twice:
            found[kind] = twice
    return found

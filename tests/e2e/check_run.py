"""Helpers of scripts/run-e2e.sh: read an ansible-playbook log and the local endpoint.

  check_run.py recap LOG              total ok/changed/failed/unreachable of the PLAY RECAPs
  check_run.py changed-tasks LOG      the tasks that reported changed
  check_run.py mutating-calls URL     the mutating AWS calls the endpoint received
  check_run.py leftovers URL [BASE]   what is in the endpoint, less what the JSON file BASE
                                      (the output of an earlier call, on the empty endpoint) lists;
                                      a KMS key pending deletion (and an alias of it) counts as gone:
                                      KMS deletes a key only after its pending window, which teardown sets
  check_run.py profiles URL ENV ROLE  under the endpoint's IAM enforcement, as the runtime role ROLE of
                                      environment ENV: its application profiles answer, another environment's
                                      profile (made for the test, then deleted) and the system profile its
                                      own copies are denied (exit status 1 otherwise)
Each prints JSON; exit status 0 unless said.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request

import boto3
from botocore.exceptions import ClientError

RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")
TASK = re.compile(r"^TASK \[(.*)\]")
PREFIXES = ("ticketflow",)


def recap(log: str) -> dict:
    totals = {"ok": 0, "changed": 0, "unreachable": 0, "failed": 0, "hosts": {}}
    with open(log, encoding="utf-8") as handle:
        for line in handle:
            match = RECAP.match(line)
            if match:
                host, ok, changed, unreachable, failed = match.groups()
                totals["hosts"][host] = {"ok": int(ok), "changed": int(changed)}
                totals["ok"] += int(ok)
                totals["changed"] += int(changed)
                totals["unreachable"] += int(unreachable)
                totals["failed"] += int(failed)
    return totals


def changed_tasks(log: str) -> list[str]:
    tasks, current = [], None
    with open(log, encoding="utf-8") as handle:
        for line in handle:
            match = TASK.match(line)
            if match:
                current = match.group(1)
            elif line.startswith("changed:") and current and current not in tasks:
                tasks.append(current)
    return tasks


def mutating_calls(url: str) -> list[dict]:
    with urllib.request.urlopen(url + "/_local_aws/calls") as reply:
        calls = json.load(reply)["calls"]
    return [call for call in calls if call["mutating"]]


def ours(name: str) -> bool:
    return name.lower().startswith(PREFIXES) or "ticketflow" in name.lower()


def leftovers(url: str, baseline: str | None = None) -> dict:
    kwargs = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

    def client(name: str):
        return boto3.client(name, **kwargs)

    iam, ec2 = client("iam"), client("ec2")
    account = client("sts").get_caller_identity()["Account"]
    left = {
        "iam_roles": [r["RoleName"] for r in iam.list_roles()["Roles"] if ours(r["RoleName"])],
        "iam_policies": [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]],
        "iam_users": [u["UserName"] for u in iam.list_users()["Users"] if ours(u["UserName"])],
        "iam_instance_profiles": [p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"] if ours(p["InstanceProfileName"])],
        "vpc_endpoints": [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["State"].lower() not in ("deleted", "deleting")],
        "security_groups": [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"] if g["GroupName"] != "default"],
        "vpcs": [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")],
        "instances": [
            i["InstanceId"]
            for r in ec2.describe_instances()["Reservations"]
            for i in r["Instances"]
            if i["State"]["Name"] not in ("terminated", "shutting-down")
        ],
        "trails": [t["Name"] for t in client("cloudtrail").describe_trails()["trailList"]],
        "buckets": [b["Name"] for b in client("s3").list_buckets()["Buckets"]],
        "budgets": [b["BudgetName"] for b in client("budgets").describe_budgets(AccountId=account).get("Budgets", [])],
        "alarms": [a["AlarmName"] for a in client("cloudwatch").describe_alarms()["MetricAlarms"]],
        "sns_topics": [t["TopicArn"] for t in client("sns").list_topics()["Topics"]],
        "log_groups": [g["logGroupName"] for g in client("logs").describe_log_groups()["logGroups"]],
        "secrets": [s["Name"] for s in client("secretsmanager").list_secrets()["SecretList"]],
    }
    kms = client("kms")
    live_keys = {}
    for key in kms.list_keys()["Keys"]:
        meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        if meta.get("KeyManager") == "CUSTOMER" and meta["KeyState"] not in ("PendingDeletion", "PendingReplicaDeletion"):
            live_keys[meta["KeyId"]] = meta["Arn"]
    left["kms_keys"] = sorted(live_keys.values())
    left["kms_aliases"] = sorted(
        a["AliasName"] for a in kms.list_aliases()["Aliases"] if a.get("TargetKeyId") in live_keys and not a["AliasName"].startswith("alias/aws/")
    )
    bedrock = client("bedrock")
    left["model_agreements"] = [
        model["modelId"]
        for model in bedrock.list_foundation_models()["modelSummaries"]
        if bedrock.get_foundation_model_availability(modelId=model["modelId"])["agreementAvailability"]["status"] in ("AVAILABLE", "PENDING")
    ]
    left["application_inference_profiles"] = [
        p["inferenceProfileName"] for p in bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]
    ]
    logging = bedrock.get_model_invocation_logging_configuration().get("loggingConfig")
    left["invocation_logging"] = [json.dumps(logging, default=str)] if logging else []
    if baseline:
        with open(baseline, encoding="utf-8") as handle:
            before = json.load(handle)
        left = {kind: [name for name in names if name not in before.get(kind, [])] for kind, names in left.items()}
    return {kind: names for kind, names in left.items() if names}


def _invoke(runtime, model_id: str, guardrail: dict) -> str:
    """ "allowed", or the error code of the call."""
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 16, "messages": [{"role": "user", "content": "ping"}]})
    try:
        runtime.invoke_model(modelId=model_id, body=body, **guardrail)
        return "allowed"
    except ClientError as error:
        return error.response["Error"]["Code"]


def profiles(url: str, environment: str, role_arn: str) -> dict:
    """The runtime role of ``environment`` calls its own application profiles, not another environment's."""
    root = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    bedrock = boto3.client("bedrock", **root)
    summaries = bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]
    own = [
        p
        for p in summaries
        if {t["key"]: t["value"] for t in bedrock.list_tags_for_resource(resourceARN=p["inferenceProfileArn"])["tags"]}.get("env") == environment
    ]
    if not own:
        raise SystemExit(f"no application inference profile tagged env={environment}")
    # inventories/local is in us-east-1 and copies the geographic (us.) profile of each model.
    system_id = "us." + own[0]["models"][0]["modelArn"].split("/")[-1]
    account = own[0]["inferenceProfileArn"].split(":")[4]
    other = bedrock.create_inference_profile(
        inferenceProfileName="ticketflow-other-env-check",
        modelSource={"copyFrom": f"arn:aws:bedrock:us-east-1:{account}:inference-profile/{system_id}"},
        tags=[{"key": "app", "value": "ticketflow"}, {"key": "env", "value": "other"}],
    )["inferenceProfileArn"]
    try:
        guardrails = [g for g in bedrock.list_guardrails()["guardrails"] if g["name"] == f"ticketflow-{environment}"]
        guardrail = {}
        if guardrails:
            versions = bedrock.list_guardrails(guardrailIdentifier=guardrails[0]["id"])["guardrails"]
            number = max((int(v["version"]) for v in versions if v["version"] != "DRAFT"), default=None)
            if number is not None:
                guardrail = {"guardrailIdentifier": guardrails[0]["id"], "guardrailVersion": str(number)}
        creds = boto3.client("sts", **root).assume_role(RoleArn=role_arn, RoleSessionName="e2e-profiles")["Credentials"]
        runtime = boto3.client(
            "bedrock-runtime",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
        result = {
            "own": {p["inferenceProfileName"]: _invoke(runtime, p["inferenceProfileArn"], guardrail) for p in own},
            "other_environment": _invoke(runtime, other, guardrail),
            "system_profile": _invoke(runtime, system_id, guardrail),
        }
    finally:
        bedrock.delete_inference_profile(inferenceProfileIdentifier=other)
    result["ok"] = (
        set(result["own"].values()) == {"allowed"}
        and result["other_environment"] == "AccessDeniedException"
        and result["system_profile"] == "AccessDeniedException"
    )
    return result


def main(argv: list[str]) -> int:
    command, args = argv[1], argv[2:]
    result = {"recap": recap, "changed-tasks": changed_tasks, "mutating-calls": mutating_calls, "leftovers": leftovers, "profiles": profiles}[command](*args)
    print(json.dumps(result, indent=1, default=str))
    return 1 if command == "profiles" and not result["ok"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

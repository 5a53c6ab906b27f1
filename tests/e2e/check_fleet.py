"""Helper of scripts/run-fleet.sh: every fleet account's resources, read from the local endpoint.

check_fleet.py apart URL INVENTORY_JSON
    INVENTORY_JSON is `ansible-inventory --list` of inventories/fleet. For each
    account of the inventory, with that account's bootstrap key, lists what the
    seed plan makes (IAM roles and customer managed policies, per Region the
    Service Quotas requests and the model agreements) and checks that every
    environment of the account has its own, and that nothing of an environment
    of another account is there. Prints a summary per account (JSON); exit
    status 1 with the problems when resources are missing or mixed.
"""

from __future__ import annotations

import json
import sys

import boto3


def environments(inventory: dict) -> list[dict]:
    hostvars = inventory["_meta"]["hostvars"]
    hosts = inventory["local_fleet_environments"]["hosts"]
    return [{"name": hostvars[h]["tfb_environment"], "account": hostvars[h]["tfb_account_id"], "region": hostvars[h]["tfb_region"]} for h in hosts]


def account_resources(url: str, account: str, regions: list[str]) -> dict:
    key = f"AKIA{account}ROOT"  # inventories/fleet: tfb_local_fleet_root_access_key

    def client(service: str, region: str = "us-east-1"):
        return boto3.client(service, region_name=region, endpoint_url=url, aws_access_key_id=key, aws_secret_access_key="testing")

    identity = client("sts").get_caller_identity()["Account"]
    iam = client("iam")
    found = {
        "identity": identity,
        "roles": sorted(r["RoleName"] for r in iam.list_roles()["Roles"]),
        "policies": sorted(p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]),
        "quota_requests": {},
        "agreements": {},
    }
    for region in regions:
        quotas = client("service-quotas", region)
        found["quota_requests"][region] = [r["QuotaName"] for r in quotas.list_requested_service_quota_change_history(ServiceCode="bedrock")["RequestedQuotas"]]
        bedrock = client("bedrock", region)
        found["agreements"][region] = sorted(
            m["modelId"]
            for m in bedrock.list_foundation_models(byProvider="Anthropic")["modelSummaries"]
            if bedrock.get_foundation_model_availability(modelId=m["modelId"])["agreementAvailability"]["status"] == "AVAILABLE"
        )
    return found


def apart(url: str, inventory_json: str) -> int:
    with open(inventory_json, encoding="utf-8") as handle:
        envs = environments(json.load(handle))
    regions = sorted({e["region"] for e in envs})
    problems, summary = [], {}
    for account in sorted({e["account"] for e in envs}):
        own = [e for e in envs if e["account"] == account]
        others = [e for e in envs if e["account"] != account]
        found = account_resources(url, account, regions)
        summary[account] = found
        if found["identity"] != account:
            problems.append(f"the bootstrap key of {account} acts in account {found['identity']}")
        names = found["roles"] + found["policies"]
        for env in own:
            if not any(name.endswith("-" + env["name"]) for name in found["roles"]):
                problems.append(f"account {account} has no role of its environment {env['name']}: {found['roles']}")
            if not any(name.endswith("-" + env["name"]) for name in found["policies"]):
                problems.append(f"account {account} has no policy of its environment {env['name']}: {found['policies']}")
        for env in others:
            mixed = [name for name in names if name.endswith("-" + env["name"])]
            if mixed:
                problems.append(f"account {account} holds {mixed} of {env['name']} (account {env['account']})")
        for region in regions:
            in_region = [e for e in own if e["region"] == region]
            requests = found["quota_requests"][region]
            if len(requests) != len(in_region):
                problems.append(f"account {account} in {region}: {len(requests)} quota requests for {len(in_region)} environment(s): {requests}")
            if in_region and not found["agreements"][region]:
                problems.append(f"account {account} in {region}: no model agreement")
            if not in_region and found["agreements"][region]:
                problems.append(f"account {account} in {region} (no environment there) has agreements {found['agreements'][region]}")
    print(json.dumps({a: {"roles": s["roles"], "policies": s["policies"], "quota_requests": s["quota_requests"]} for a, s in summary.items()}, indent=1))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    command, args = argv[1], argv[2:]
    return {"apart": apart}[command](*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

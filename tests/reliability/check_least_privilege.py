"""Least privilege: every policy the roles created, read back from the endpoint, audited.

parliament (the IAM policy linter the issue names) cannot run in this toolchain: its 1.6.4
release imports ``pkg_resources``, which setuptools 81 and later (constraints pin 84.2.1) no
longer ship. These are its checks that matter here, written against the policies as AWS
stores them (docs/reliability.md, "Least privilege"):

- ``action_wildcard``: ``*``, ``service:*`` or a partial wildcard in an Allow's actions;
- ``resource_star`` / ``resource_wildcard``: ``*`` or a wildcard in a resource ARN's type or
  name (an S3 object key path is fine) of an Allow, unless every action of the statement has
  no resource-level permission (``RESOURCE_STAR_ACTIONS``);
- ``not_element``: NotAction, NotResource or NotPrincipal in an Allow;
- ``unknown_action``: a prefix or action no service defines (botocore's models, plus the
  Service Authorization Reference names of ``local_aws/iam/actions.py``);
- ``resource_mismatch``: a resource ARN of another service than the action's;
- ``principal_*``: in trust and resource policies, ``*`` without a condition binding the
  account, an account root, a service principal the role does not need, a service principal
  of a resource or service role without ``aws:SourceAccount``/``aws:SourceArn``.

Each remaining finding must be in ``EXPLAINED`` (with its reason in docs/reliability.md).
Figures: policies_checked, findings, findings_explained, findings_unexplained (goal 0).
"""

from __future__ import annotations

import json
import re
import sys

import botocore.session

import common

sys.path.insert(0, str(common.REPO))
from local_aws.iam.actions import ACTION_NAMES, PREFIXES

# Actions that support no resource-level permission: "*" is the only resource they take.
RESOURCE_STAR_ACTIONS = frozenset({"cloudwatch:PutMetricData", "bedrock:ListFoundationModels"})
# The service principals each role may trust (by the role name's start).
TRUSTED_SERVICES = {
    "TicketFlowBedrockRuntime": {"ec2.amazonaws.com"},
    "TicketFlowBedrockInvocationLogging": {"bedrock.amazonaws.com"},
}
# Service principals that act for a resource (confused deputy): their statements need a source condition.
SOURCE_CONDITION_SERVICES = {"bedrock.amazonaws.com", "cloudtrail.amazonaws.com", "cloudwatch.amazonaws.com", "budgets.amazonaws.com"}
SOURCE_KEYS = {"aws:sourceaccount", "aws:sourcearn", "aws:sourceowner"}
ACCOUNT_KEYS = SOURCE_KEYS | {"aws:principalaccount", "aws:resourceaccount", "aws:principalorgid"}
# (where the policy is, finding) -> the reason, repeated in docs/reliability.md.
EXPLAINED = {
    # ("where", "*"): every finding of that policy.
    (
        "vpc-endpoint:com.amazonaws.us-east-1.bedrock",
        "*",
    ): "AWS's default (full access) endpoint policy: inventories/local sets no bedrock_network_endpoint_policy_model_arns",
    (
        "vpc-endpoint:com.amazonaws.us-east-1.bedrock-runtime",
        "*",
    ): "AWS's default (full access) endpoint policy: inventories/local sets no bedrock_network_endpoint_policy_model_arns",
    ("vpc-endpoint:com.amazonaws.us-east-1.s3", "*"): "AWS's default gateway endpoint policy (the S3 gateway endpoint takes no policy variable)",
    (
        "trust:TicketFlowBedrockRuntime-local",
        "principal_account_root",
    ): "inventories/local trusts the account root on purpose (tfb_runtime_role_allow_account_root: the "
    "endpoint's bootstrap key is the root); the readiness report lists it",
}


def _list(value) -> list:
    return value if isinstance(value, list) else [value]


def known_actions() -> set[str]:
    session = botocore.session.get_session()
    actions = set(ACTION_NAMES.values())
    for service in session.get_available_services():
        try:
            model = session.get_service_model(service)
        except Exception:
            continue
        prefix = PREFIXES.get(service, model.signing_name or service)
        actions.update(f"{prefix}:{operation}".lower() for operation in model.operation_names)
    return {action.lower() for action in actions}


def statement_findings(statement: dict, known: set[str], trust_role: str | None) -> list[str]:
    if statement.get("Effect") != "Allow":
        return []
    found = []
    if any(key in statement for key in ("NotAction", "NotResource", "NotPrincipal")):
        found.append("not_element")
    actions = [a for a in _list(statement.get("Action", [])) if isinstance(a, str)]
    for action in actions:
        if "*" in action:
            found.append("action_wildcard")
        elif action.lower() not in known:
            found.append("unknown_action")
    resources = _list(statement.get("Resource", [])) if "Resource" in statement else []
    for resource in resources:
        if resource == "*":
            if not (actions and all(a in RESOURCE_STAR_ACTIONS for a in actions)):
                found.append("resource_star")
            continue
        parts = resource.split(":", 5)
        if len(parts) < 6:
            found.append("resource_mismatch")
            continue
        service, name = parts[2], parts[5]
        prefixes = {a.split(":")[0] for a in actions if ":" in a}
        if prefixes and service not in prefixes and not (service == "logs" and prefixes == {"logs"}):
            found.append("resource_mismatch")
        object_path = service == "s3" and "/" in name and "*" not in name.split("/", 1)[0]
        if "*" in name and not object_path:
            found.append("resource_wildcard")
    conditions = {key.lower() for block in (statement.get("Condition") or {}).values() for key in block}
    principals = statement.get("Principal")
    if principals is not None:
        entries = [("AWS", principals)] if principals == "*" else [(kind, value) for kind, values in principals.items() for value in _list(values)]
        for kind, value in entries:
            if value == "*":
                if not conditions & ACCOUNT_KEYS:
                    found.append("principal_star")
            elif kind == "AWS" and re.fullmatch(r"(arn:aws[\w-]*:iam::)?\d{12}(:root)?", value):
                found.append("principal_account_root")
            elif kind == "Service":
                allowed = next((names for start, names in TRUSTED_SERVICES.items() if trust_role and trust_role.startswith(start)), None)
                if trust_role and allowed is not None and value not in allowed:
                    found.append("principal_unneeded_service")
                if value in SOURCE_CONDITION_SERVICES and not conditions & SOURCE_KEYS:
                    found.append("principal_service_without_source")
    return found


def policies() -> list[tuple[str, dict, str | None]]:
    """(where, document, role whose trust policy it is) for every policy of the environment."""
    iam = common.client("iam")
    found = []
    for policy in iam.list_policies(Scope="Local")["Policies"]:
        version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
        found.append((f"policy:{policy['PolicyName']}", version["PolicyVersion"]["Document"], None))
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        if "ticketflow" not in name.lower():
            continue
        found.append((f"trust:{name}", role["AssumeRolePolicyDocument"], name))
        for inline in iam.list_role_policies(RoleName=name)["PolicyNames"]:
            found.append((f"inline:{name}/{inline}", iam.get_role_policy(RoleName=name, PolicyName=inline)["PolicyDocument"], None))
    for user in iam.list_users()["Users"]:
        for inline in iam.list_user_policies(UserName=user["UserName"])["PolicyNames"]:
            doc = iam.get_user_policy(UserName=user["UserName"], PolicyName=inline)["PolicyDocument"]
            found.append((f"inline:{user['UserName']}/{inline}", doc, None))
    s3 = common.client("s3")
    for bucket in s3.list_buckets()["Buckets"]:
        try:
            found.append((f"bucket:{bucket['Name']}", json.loads(s3.get_bucket_policy(Bucket=bucket["Name"])["Policy"]), None))
        except s3.exceptions.ClientError:
            pass  # no bucket policy
    sns = common.client("sns")
    for topic in sns.list_topics()["Topics"]:
        policy = sns.get_topic_attributes(TopicArn=topic["TopicArn"])["Attributes"].get("Policy")
        if policy:
            found.append((f"topic:{topic['TopicArn'].rsplit(':', 1)[1]}", json.loads(policy), None))
    for endpoint in common.client("ec2").describe_vpc_endpoints()["VpcEndpoints"]:
        if endpoint.get("PolicyDocument"):
            found.append((f"vpc-endpoint:{endpoint['ServiceName']}", json.loads(endpoint["PolicyDocument"]), None))
    return found


def check() -> None:
    known = known_actions()
    everything = policies()
    kinds = {where.split(":", 1)[0] for where, _doc, _role in everything}
    if not {"policy", "trust", "inline", "bucket", "topic"} <= kinds:
        raise common.CheckFailed(f"the environment is not converged: only {sorted(kinds)} policies found")
    findings = []
    for where, document, role in everything:
        for statement in _list(document.get("Statement", [])):
            for finding in statement_findings(statement, known, role):
                findings.append((where, finding, statement.get("Sid", "")))

    def reason(where: str, finding: str) -> str | None:
        return EXPLAINED.get((where, finding)) or EXPLAINED.get((where, "*"))

    explained = [f for f in findings if reason(f[0], f[1])]
    unexplained = [f for f in findings if not reason(f[0], f[1])]
    for where, finding, sid in findings:
        why = reason(where, finding) or "NOT EXPLAINED"
        common.say(f"{where} {sid or '-'}: {finding}: {why}")
    invoke = [doc for where, doc, _role in everything if where.startswith("policy:TicketFlowBedrockInvoke")]
    # Wildcards that grant: an explicit Deny on "*" (the guardrail requirement's Deny without the guardrail) narrows.
    star = sum(1 for doc in invoke for st in _list(doc["Statement"]) if st.get("Effect", "Allow") == "Allow" for r in _list(st.get("Resource", [])) if "*" in r)
    common.figure("policies_checked", len(everything))
    common.figure("invoke_policy_wildcard_resources", star)
    common.figure("findings", len(findings))
    common.figure("findings_explained", len(explained))
    common.figure("findings_unexplained", len(unexplained))
    if not invoke:
        raise common.CheckFailed("no invoke policy TicketFlowBedrockInvoke-* in the endpoint")
    if unexplained or star:
        raise common.CheckFailed(f"unexplained findings: {unexplained}; wildcard resources in the invoke policy: {star}")


if __name__ == "__main__":
    common.main(check)

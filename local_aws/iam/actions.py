"""Which IAM action, on which resource, each AWS operation the collection makes needs.

Data, after the Service Authorization Reference ("Actions, resources, and
condition keys for <service>"): most operations need the action of their own
name in the service's prefix; the table lists the prefixes that differ from the
botocore service name, the actions whose name differs from the operation, the
operations that need no authorization, those authorized inside their handler
(where the resource depends on the call, e.g. a Bedrock invocation through an
inference profile), and how to build the resource ARN from the request's
parameters. An operation without a resource rule is authorized on ``*``.

Simplification (documented in the README): EC2 actions are authorized on ``*``
(the reference lists per-action resource types such as ``vpc/*``; a policy that
scopes EC2 actions to resource ARNs is stricter here than on AWS).
"""

from __future__ import annotations

import json
from typing import Callable, Optional

from local_aws.iam.resources import iam_entity_arn, secret_arn

Params = dict[str, str]
ResourceRule = Callable[[Params, str, str], Optional[str]]  # (params, region, account) -> ARN

# botocore service name -> IAM service prefix, where they differ.
PREFIXES = {
    "bedrock-runtime": "bedrock",
    "bedrock-agent": "bedrock",
    "bedrock-agent-runtime": "bedrock",
    "service-quotas": "servicequotas",
    "marketplace-agreement": "aws-marketplace",
    "marketplace-catalog": "aws-marketplace",
}

# (service, operation) -> IAM action, where it is not PREFIX:Operation.
ACTION_NAMES = {
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "HeadBucket"): "s3:ListBucket",
    ("s3", "ListObjects"): "s3:ListBucket",
    ("s3", "ListObjectsV2"): "s3:ListBucket",
    ("s3", "ListObjectVersions"): "s3:ListBucketVersions",
    ("s3", "HeadObject"): "s3:GetObject",
    ("s3", "DeleteObjects"): "s3:DeleteObject",
    ("s3", "PutBucketEncryption"): "s3:PutEncryptionConfiguration",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "DeleteBucketEncryption"): "s3:PutEncryptionConfiguration",
    ("s3", "PutPublicAccessBlock"): "s3:PutBucketPublicAccessBlock",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "DeletePublicAccessBlock"): "s3:PutBucketPublicAccessBlock",
    ("s3", "PutBucketLifecycleConfiguration"): "s3:PutLifecycleConfiguration",
    ("s3", "GetBucketLifecycleConfiguration"): "s3:GetLifecycleConfiguration",
    ("s3", "DeleteBucketLifecycle"): "s3:PutLifecycleConfiguration",
    ("s3", "DeleteBucketTagging"): "s3:PutBucketTagging",
    ("s3", "PutBucketOwnershipControls"): "s3:PutBucketOwnershipControls",
    ("s3", "GetBucketOwnershipControls"): "s3:GetBucketOwnershipControls",
    ("budgets", "CreateBudget"): "budgets:ModifyBudget",
    ("budgets", "UpdateBudget"): "budgets:ModifyBudget",
    ("budgets", "DeleteBudget"): "budgets:ModifyBudget",
    ("budgets", "CreateNotification"): "budgets:ModifyBudget",
    ("budgets", "UpdateNotification"): "budgets:ModifyBudget",
    ("budgets", "DeleteNotification"): "budgets:ModifyBudget",
    ("budgets", "CreateSubscriber"): "budgets:ModifyBudget",
    ("budgets", "UpdateSubscriber"): "budgets:ModifyBudget",
    ("budgets", "DeleteSubscriber"): "budgets:ModifyBudget",
    ("budgets", "DescribeBudget"): "budgets:ViewBudget",
    ("budgets", "DescribeBudgets"): "budgets:ViewBudget",
    ("budgets", "DescribeNotificationsForBudget"): "budgets:ViewBudget",
    ("budgets", "DescribeSubscribersForNotification"): "budgets:ViewBudget",
    ("budgets", "DescribeBudgetPerformanceHistory"): "budgets:ViewBudget",
    ("bedrock-runtime", "ConverseStream"): "bedrock:InvokeModelWithResponseStream",
    ("bedrock-runtime", "Converse"): "bedrock:InvokeModel",
}

# Operations no IAM policy governs: STS GetCallerIdentity needs no permission
# ("No permissions are required to perform this operation"); GetSessionToken
# cannot be limited by identity policies either.
UNAUTHORIZED = frozenset({("sts", "GetCallerIdentity"), ("sts", "GetSessionToken")})

# Operations whose handler authorizes (with the resources only it knows), or
# that a dedicated module authorizes (STS AssumeRole: trust.py).
IN_HANDLER = frozenset(
    {
        ("bedrock-runtime", "InvokeModel"),
        ("bedrock-runtime", "InvokeModelWithResponseStream"),
        ("bedrock-runtime", "Converse"),
        ("bedrock-runtime", "ConverseStream"),
        ("sts", "AssumeRole"),
    }
)


def _iam_entity(kind: str, param: str, path_param: str = "Path") -> ResourceRule:
    def rule(params: Params, region: str, account: str) -> Optional[str]:
        name = params.get(param)
        if not name:
            return None
        path = params.get(path_param) or "/"
        return iam_entity_arn(account, kind, name, path)

    return rule


def _param_arn(param: str) -> ResourceRule:
    return lambda params, region, account: params.get(param) or None


def _regional(service: str, template: str, *names: str) -> ResourceRule:
    def rule(params: Params, region: str, account: str) -> Optional[str]:
        values = [params.get(n) for n in names]
        if not all(values):
            return None
        if values[0].startswith("arn:"):
            return values[0]
        return f"arn:aws:{service}:{region}:{account}:" + template.format(*values)

    return rule


def _bucket(params: Params, region: str, account: str) -> Optional[str]:
    bucket = params.get("Bucket")
    if not bucket:
        return None
    key = params.get("Key")
    return f"arn:aws:s3:::{bucket}/{key}" if key else f"arn:aws:s3:::{bucket}"


def _budget(params: Params, region: str, account: str) -> Optional[str]:
    name = params.get("BudgetName")
    if not name and params.get("Budget"):  # CreateBudget / UpdateBudget carry it inside Budget / NewBudget
        name = json.loads(params["Budget"]).get("BudgetName")
    if not name and params.get("NewBudget"):
        name = json.loads(params["NewBudget"]).get("BudgetName")
    return f"arn:aws:budgets::{params.get('AccountId') or account}:budget/{name}" if name else None


def _foundation_model(params: Params, region: str, account: str) -> Optional[str]:
    model = params.get("modelIdentifier")
    if not model:
        return None
    return model if model.startswith("arn:") else f"arn:aws:bedrock:{region}::foundation-model/{model}"


def _inference_profile(params: Params, region: str, account: str) -> Optional[str]:
    profile = params.get("inferenceProfileIdentifier")
    if not profile:
        return None
    if profile.startswith("arn:"):
        return profile
    # System-defined profile IDs carry a geography prefix and the model ID; application profile IDs do not.
    kind = "inference-profile" if "." in profile else "application-inference-profile"
    return f"arn:aws:bedrock:{region}:{account}:{kind}/{profile}"


def _guardrail(params: Params, region: str, account: str) -> Optional[str]:
    guardrail = params.get("guardrailIdentifier")
    if not guardrail:
        return None
    return guardrail if guardrail.startswith("arn:") else f"arn:aws:bedrock:{region}:{account}:guardrail/{guardrail}"


def _secret(params: Params, region: str, account: str) -> Optional[str]:
    secret = params.get("SecretId") or params.get("Name")
    if not secret:
        return None
    return secret_arn(account, region, secret)


_ROLE = _iam_entity("role", "RoleName")
_USER = _iam_entity("user", "UserName")
_GROUP = _iam_entity("group", "GroupName")
_PROFILE = _iam_entity("instance-profile", "InstanceProfileName")
_QUOTA = _regional("servicequotas", "{}/{}", "ServiceCode", "QuotaCode")

# service -> operation -> resource rule ("*" when absent or when the rule gives None).
RESOURCES: dict[str, dict[str, ResourceRule]] = {
    "iam": {
        **{
            op: _ROLE
            for op in (
                "CreateRole",
                "GetRole",
                "DeleteRole",
                "UpdateRole",
                "UpdateRoleDescription",
                "UpdateAssumeRolePolicy",
                "PutRolePolicy",
                "GetRolePolicy",
                "DeleteRolePolicy",
                "ListRolePolicies",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "ListAttachedRolePolicies",
                "TagRole",
                "UntagRole",
                "ListRoleTags",
                "PutRolePermissionsBoundary",
                "DeleteRolePermissionsBoundary",
                "ListInstanceProfilesForRole",
            )
        },
        **{
            op: _USER
            for op in (
                "CreateUser",
                "GetUser",
                "DeleteUser",
                "UpdateUser",
                "PutUserPolicy",
                "GetUserPolicy",
                "DeleteUserPolicy",
                "ListUserPolicies",
                "AttachUserPolicy",
                "DetachUserPolicy",
                "ListAttachedUserPolicies",
                "TagUser",
                "UntagUser",
                "ListUserTags",
                "CreateAccessKey",
                "DeleteAccessKey",
                "UpdateAccessKey",
                "ListAccessKeys",
                "ListGroupsForUser",
                "PutUserPermissionsBoundary",
                "DeleteUserPermissionsBoundary",
                "CreateServiceSpecificCredential",
                "ListServiceSpecificCredentials",
                "DeleteServiceSpecificCredential",
            )
        },
        **{
            op: _GROUP
            for op in (
                "CreateGroup",
                "GetGroup",
                "DeleteGroup",
                "AddUserToGroup",
                "RemoveUserFromGroup",
                "PutGroupPolicy",
                "AttachGroupPolicy",
                "DetachGroupPolicy",
                "ListAttachedGroupPolicies",
            )
        },
        **{
            op: _PROFILE
            for op in (
                "CreateInstanceProfile",
                "GetInstanceProfile",
                "DeleteInstanceProfile",
                "AddRoleToInstanceProfile",
                "RemoveRoleFromInstanceProfile",
                "TagInstanceProfile",
                "UntagInstanceProfile",
            )
        },
        **{
            op: _param_arn("PolicyArn")
            for op in (
                "GetPolicy",
                "DeletePolicy",
                "GetPolicyVersion",
                "CreatePolicyVersion",
                "DeletePolicyVersion",
                "ListPolicyVersions",
                "SetDefaultPolicyVersion",
                "TagPolicy",
                "UntagPolicy",
                "ListPolicyTags",
            )
        },
        "CreatePolicy": _iam_entity("policy", "PolicyName"),
        "SimulatePrincipalPolicy": _param_arn("PolicySourceArn"),
    },
    "s3": {"*": _bucket},
    "budgets": {"*": _budget},
    "bedrock": {
        "GetFoundationModel": _foundation_model,
        "GetInferenceProfile": _inference_profile,
        **{op: _guardrail for op in ("GetGuardrail", "UpdateGuardrail", "CreateGuardrailVersion", "DeleteGuardrail", "ListGuardrails")},
        "DeleteInferenceProfile": _inference_profile,
        "TagResource": _param_arn("resourceARN"),
        "UntagResource": _param_arn("resourceARN"),
        "ListTagsForResource": _param_arn("resourceARN"),
    },
    "bedrock-runtime": {"ApplyGuardrail": _guardrail},
    "service-quotas": {
        "GetServiceQuota": _QUOTA,
        "RequestServiceQuotaIncrease": _QUOTA,
        "GetAWSDefaultServiceQuota": _QUOTA,
    },
    "secretsmanager": {"*": _secret},
    "sns": {"CreateTopic": _regional("sns", "{}", "Name"), "*": _param_arn("TopicArn")},
    "cloudtrail": {"*": _regional("cloudtrail", "trail/{}", "Name")},
    "cloudwatch": {"PutMetricAlarm": _regional("cloudwatch", "alarm:{}", "AlarmName")},
    "logs": {"*": _regional("logs", "log-group:{}", "logGroupName")},
}


def action_for(service: str, operation: str) -> str:
    return ACTION_NAMES.get((service, operation)) or f"{PREFIXES.get(service, service)}:{operation}"


def resource_for(service: str, operation: str, params: Params, region: str, account: str) -> str:
    rules = RESOURCES.get(service, {})
    rule = rules.get(operation) or rules.get("*")
    return (rule(params, region, account) if rule else None) or "*"

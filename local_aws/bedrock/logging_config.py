"""Model invocation logging configuration, with AWS's checks of its destinations.

moto 5.2.5 stores any configuration and answers ``{"loggingConfig": {}}`` when
none is set. AWS checks, when the configuration is put, that Bedrock can write
to every destination, and answers ``{}`` when none is set:

- ``cloudWatchConfig``: the log group exists in the region; the role is in the
  caller's account, trusts ``bedrock.amazonaws.com`` and its policies allow
  ``logs:CreateLogStream`` and ``logs:PutLogEvents`` on the log group;
- ``s3Config`` and ``largeDataDeliveryS3Config``: the bucket exists in the same
  account and region, and its bucket policy lets ``bedrock.amazonaws.com``
  ``s3:PutObject`` under the key prefix (for requests from this account).

At least one of ``cloudWatchConfig`` and ``s3Config`` is required.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.iam.models import iam_backends
from moto.logs.models import logs_backends
from moto.s3.models import s3_backends

from local_aws.bedrock.errors import ValidationException
from local_aws.iam.evaluator import SourcePolicy, evaluate
from local_aws.iam.principals import role_policies

BEDROCK_SERVICE = {"Service": "bedrock.amazonaws.com"}


def _log_group_error(name: str, role_arn: str) -> ValidationException:
    return ValidationException(f"Failed to validate permissions for log group: {name}, with role: {role_arn}. Verify the IAM role permissions are correct.")


def _bucket_error(bucket: str) -> ValidationException:
    return ValidationException(f"Failed to validate permissions for bucket: {bucket}. Verify the bucket policy allows Amazon Bedrock to write to it.")


def check_cloudwatch(config: dict[str, Any], account_id: str, region: str) -> None:
    name, role_arn = config.get("logGroupName", ""), config.get("roleArn", "")
    if name not in logs_backends[account_id][region].groups:
        raise _log_group_error(name, role_arn)
    if role_arn.split(":")[4:5] != [account_id]:
        raise _log_group_error(name, role_arn)
    role = next((r for r in list(iam_backends[account_id]["aws"].roles.values()) if r.arn == role_arn), None)
    if role is None:
        raise _log_group_error(name, role_arn)
    trust = SourcePolicy("trust", "resource", role.assume_role_policy_document)
    context = {"aws:SourceAccount": [account_id], "aws:SourceArn": [f"arn:aws:bedrock:{region}:{account_id}:*"]}
    if not evaluate([trust], "sts:AssumeRole", role_arn, context, caller=BEDROCK_SERVICE).allowed:
        raise _log_group_error(name, role_arn)
    stream_arn = f"arn:aws:logs:{region}:{account_id}:log-group:{name}:log-stream:aws/bedrock/modelinvocations"
    policies = role_policies(role)
    for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
        if not evaluate(policies, action, stream_arn, {"aws:RequestedRegion": [region]}).allowed:
            raise _log_group_error(name, role_arn)
    if config.get("largeDataDeliveryS3Config"):
        check_bucket(config["largeDataDeliveryS3Config"], account_id, region)


def check_bucket(config: dict[str, Any], account_id: str, region: str) -> None:
    bucket_name = config.get("bucketName", "")
    bucket = s3_backends[account_id]["aws"].buckets.get(bucket_name)
    if bucket is None or bucket.region_name != region or bucket.account_id != account_id or not bucket.policy:
        raise _bucket_error(bucket_name)
    prefix = (config.get("keyPrefix") or "").strip("/")
    key = "/".join(p for p in (prefix, "AWSLogs", account_id, "BedrockModelInvocationLogs", region, "test") if p)
    policy_doc = bucket.policy.decode() if isinstance(bucket.policy, bytes) else bucket.policy
    context = {"aws:SourceAccount": [account_id], "aws:SourceArn": [f"arn:aws:bedrock:{region}:{account_id}:*"]}
    decision = evaluate(
        [SourcePolicy("bucket", "resource", json.loads(policy_doc))], "s3:PutObject", f"arn:aws:s3:::{bucket_name}/{key}", context, caller=BEDROCK_SERVICE
    )
    if not decision.allowed:
        raise _bucket_error(bucket_name)


def put_model_invocation_logging_configuration(self: Any) -> ActionResult:
    params = json.loads(self.body or "{}")
    config = params.get("loggingConfig") or {}
    if not config.get("cloudWatchConfig") and not config.get("s3Config"):
        raise ValidationException("At least one of cloudWatchConfig or s3Config must be specified in loggingConfig.")
    if config.get("cloudWatchConfig"):
        check_cloudwatch(config["cloudWatchConfig"], self.current_account, self.region)
    if config.get("s3Config"):
        check_bucket(config["s3Config"], self.current_account, self.region)
    self.bedrock_backend.put_model_invocation_logging_configuration(logging_config=config)
    return EmptyResult()


def get_model_invocation_logging_configuration(self: Any) -> ActionResult:
    config = self.bedrock_backend.get_model_invocation_logging_configuration()
    return ActionResult({"loggingConfig": config} if config else {})


REPLACED = {
    "put_model_invocation_logging_configuration": (
        put_model_invocation_logging_configuration,
        "moto stores any configuration; AWS checks that Bedrock can write to each destination",
    ),
    "get_model_invocation_logging_configuration": (
        get_model_invocation_logging_configuration,
        "moto answers loggingConfig {} when none is set; AWS answers without loggingConfig",
    ),
}

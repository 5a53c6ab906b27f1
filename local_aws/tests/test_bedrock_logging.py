"""Model invocation logging configuration: a per-region singleton whose destinations AWS checks."""

from __future__ import annotations

import json

import pytest
from bedrock_support import expect_error

ACCOUNT = "123456789012"
REGION = "us-east-1"
LOG_GROUP = "/aws/bedrock/ticketflow"
ROLE = "TicketFlowBedrockLogging"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/{ROLE}"
BUCKET = "ticketflow-bedrock-logs"

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "bedrock.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        }
    ],
}
WRITE_LOGS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{LOG_GROUP}:log-stream:aws/bedrock/modelinvocations",
        }
    ],
}


def bucket_policy(bucket=BUCKET, prefix="bedrock"):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "bedrock.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/{prefix}/AWSLogs/{ACCOUNT}/BedrockModelInvocationLogs/*",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}, "ArnLike": {"aws:SourceArn": f"arn:aws:bedrock:{REGION}:{ACCOUNT}:*"}},
            }
        ],
    }


@pytest.fixture
def destinations(client):
    """A log group, a role Bedrock can assume to write to it, and a bucket Bedrock may write to."""
    client("logs").create_log_group(logGroupName=LOG_GROUP)
    iam = client("iam")
    iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.put_role_policy(RoleName=ROLE, PolicyName="write-logs", PolicyDocument=json.dumps(WRITE_LOGS))
    s3 = client("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(bucket_policy()))
    return client


def full_config(**overrides):
    config = {
        "cloudWatchConfig": {"logGroupName": LOG_GROUP, "roleArn": ROLE_ARN},
        "s3Config": {"bucketName": BUCKET, "keyPrefix": "bedrock"},
        "textDataDeliveryEnabled": True,
        "imageDataDeliveryEnabled": False,
        "embeddingDataDeliveryEnabled": False,
    }
    config.update(overrides)
    return config


def test_no_configuration_answers_without_logging_config(client):
    answer = client("bedrock").get_model_invocation_logging_configuration()
    assert "loggingConfig" not in answer


def test_put_get_delete(destinations):
    bedrock = destinations("bedrock")
    bedrock.put_model_invocation_logging_configuration(loggingConfig=full_config())
    assert bedrock.get_model_invocation_logging_configuration()["loggingConfig"] == full_config()
    assert "loggingConfig" not in destinations("bedrock", "us-west-2").get_model_invocation_logging_configuration()
    bedrock.delete_model_invocation_logging_configuration()
    assert "loggingConfig" not in bedrock.get_model_invocation_logging_configuration()


def test_a_destination_is_required(destinations):
    bedrock = destinations("bedrock")
    expect_error(lambda: bedrock.put_model_invocation_logging_configuration(loggingConfig={"textDataDeliveryEnabled": True}), "ValidationException", 400)


def test_missing_log_group_is_rejected(destinations):
    bedrock = destinations("bedrock")
    config = full_config(cloudWatchConfig={"logGroupName": "/nope", "roleArn": ROLE_ARN})
    error = expect_error(lambda: bedrock.put_model_invocation_logging_configuration(loggingConfig=config), "ValidationException", 400)
    assert "log group: /nope" in error.response["Error"]["Message"]


def test_role_bedrock_cannot_assume_is_rejected(destinations):
    iam = destinations("iam")
    iam.create_role(
        RoleName="ec2-only",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
            }
        ),
    )
    iam.put_role_policy(RoleName="ec2-only", PolicyName="write-logs", PolicyDocument=json.dumps(WRITE_LOGS))
    config = full_config(cloudWatchConfig={"logGroupName": LOG_GROUP, "roleArn": f"arn:aws:iam::{ACCOUNT}:role/ec2-only"})
    expect_error(lambda: destinations("bedrock").put_model_invocation_logging_configuration(loggingConfig=config), "ValidationException", 400)


def test_role_without_log_permissions_is_rejected(destinations):
    destinations("iam").delete_role_policy(RoleName=ROLE, PolicyName="write-logs")
    expect_error(lambda: destinations("bedrock").put_model_invocation_logging_configuration(loggingConfig=full_config()), "ValidationException", 400)


def test_role_of_another_account_is_rejected(destinations):
    config = full_config(cloudWatchConfig={"logGroupName": LOG_GROUP, "roleArn": f"arn:aws:iam::210987654321:role/{ROLE}"})
    expect_error(lambda: destinations("bedrock").put_model_invocation_logging_configuration(loggingConfig=config), "ValidationException", 400)


def test_bucket_without_policy_for_bedrock_is_rejected(destinations):
    destinations("s3").delete_bucket_policy(Bucket=BUCKET)
    error = expect_error(lambda: destinations("bedrock").put_model_invocation_logging_configuration(loggingConfig=full_config()), "ValidationException", 400)
    assert f"bucket: {BUCKET}" in error.response["Error"]["Message"]


def test_bucket_policy_for_another_prefix_is_rejected(destinations):
    destinations("s3").put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(bucket_policy(prefix="other")))
    expect_error(lambda: destinations("bedrock").put_model_invocation_logging_configuration(loggingConfig=full_config()), "ValidationException", 400)


def test_bucket_in_another_region_is_rejected(destinations):
    s3 = destinations("s3", "us-west-2")
    s3.create_bucket(Bucket="west-logs", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    s3.put_bucket_policy(Bucket="west-logs", Policy=json.dumps(bucket_policy("west-logs")))
    config = full_config(s3Config={"bucketName": "west-logs", "keyPrefix": "bedrock"})
    expect_error(lambda: destinations("bedrock").put_model_invocation_logging_configuration(loggingConfig=config), "ValidationException", 400)


def test_s3_only_configuration(destinations):
    config = {"s3Config": {"bucketName": BUCKET, "keyPrefix": "bedrock"}, "textDataDeliveryEnabled": True}
    destinations("bedrock").put_model_invocation_logging_configuration(loggingConfig=config)
    assert destinations("bedrock").get_model_invocation_logging_configuration()["loggingConfig"] == config

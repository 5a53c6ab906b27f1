"""CloudWatch Logs and CloudTrail check a customer-managed key's policy before they use it, as AWS does."""

from __future__ import annotations

import json

from bedrock_support import expect_error

ACCOUNT = "123456789012"
REGION = "us-east-1"
GROUP = "/aws/bedrock/ticketflow-test/invocations"
GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{GROUP}"
TRAIL = "TicketFlowTrail"
TRAIL_ARN = f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/{TRAIL}"
ADMIN = {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}
# The statements AWS documents (CloudWatch Logs User Guide; CloudTrail User Guide, default key policy for trails).
LOGS = {
    "Effect": "Allow",
    "Principal": {"Service": f"logs.{REGION}.amazonaws.com"},
    "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    "Resource": "*",
    "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": GROUP_ARN}},
}
CLOUDTRAIL = {
    "Effect": "Allow",
    "Principal": {"Service": "cloudtrail.amazonaws.com"},
    "Action": "kms:GenerateDataKey*",
    "Resource": "*",
    "Condition": {
        "StringEquals": {"aws:SourceArn": TRAIL_ARN},
        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"},
    },
}


def key(client, *statements, region=REGION):
    policy = {"Version": "2012-10-17", "Statement": [ADMIN, *statements]}
    return client("kms", region).create_key(Policy=json.dumps(policy))["KeyMetadata"]


def denied_text(arn=GROUP_ARN):
    return f"The specified KMS key does not exist or is not allowed to be used with Arn '{arn}'"


def test_log_group_with_a_key_that_allows_logs(client):
    arn = key(client, LOGS)["Arn"]
    logs = client("logs")
    logs.create_log_group(logGroupName=GROUP, kmsKeyId=arn)
    assert logs.describe_log_groups(logGroupNamePrefix=GROUP)["logGroups"][0]["kmsKeyId"] == arn


def test_log_group_with_a_key_that_does_not_allow_logs_is_refused(client):
    arn = key(client)["Arn"]
    expect_error(lambda: client("logs").create_log_group(logGroupName=GROUP, kmsKeyId=arn), "AccessDeniedException", 400, denied_text())
    assert client("logs").describe_log_groups()["logGroups"] == []


def test_log_group_key_for_another_group_is_refused(client):
    arn = key(client, LOGS)["Arn"]
    other = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:other"
    expect_error(lambda: client("logs").create_log_group(logGroupName="other", kmsKeyId=arn), "AccessDeniedException", 400, denied_text(other))


def test_log_group_with_a_missing_or_disabled_key_is_refused(client):
    missing = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
    expect_error(lambda: client("logs").create_log_group(logGroupName=GROUP, kmsKeyId=missing), "AccessDeniedException", 400)
    meta = key(client, LOGS)
    client("kms").schedule_key_deletion(KeyId=meta["KeyId"], PendingWindowInDays=7)
    expect_error(lambda: client("logs").create_log_group(logGroupName=GROUP, kmsKeyId=meta["Arn"]), "AccessDeniedException", 400)


def test_associate_and_disassociate_a_key(client):
    logs = client("logs")
    logs.create_log_group(logGroupName=GROUP)
    refused = key(client)["Arn"]
    expect_error(lambda: logs.associate_kms_key(logGroupName=GROUP, kmsKeyId=refused), "AccessDeniedException", 400, denied_text())
    arn = key(client, LOGS)["Arn"]
    logs.associate_kms_key(logGroupName=GROUP, kmsKeyId=arn)
    assert logs.describe_log_groups()["logGroups"][0]["kmsKeyId"] == arn
    logs.disassociate_kms_key(logGroupName=GROUP)
    assert "kmsKeyId" not in logs.describe_log_groups()["logGroups"][0]
    expect_error(lambda: logs.associate_kms_key(logGroupName="nope", kmsKeyId=arn), "ResourceNotFoundException", 400)


def _bucket(client):
    client("s3").create_bucket(Bucket="trail-logs")


def test_trail_with_a_key_that_allows_cloudtrail_stores_its_arn(client):
    _bucket(client)
    meta = key(client, CLOUDTRAIL)
    client("kms").create_alias(AliasName="alias/trail", TargetKeyId=meta["KeyId"])
    trail = client("cloudtrail").create_trail(Name=TRAIL, S3BucketName="trail-logs", KmsKeyId="alias/trail")
    assert trail["KmsKeyId"] == meta["Arn"]
    assert client("cloudtrail").describe_trails(trailNameList=[TRAIL])["trailList"][0]["KmsKeyId"] == meta["Arn"]


def test_trail_with_a_key_that_does_not_allow_cloudtrail_is_refused(client):
    _bucket(client)
    arn = key(client)["Arn"]
    expect_error(
        lambda: client("cloudtrail").create_trail(Name=TRAIL, S3BucketName="trail-logs", KmsKeyId=arn),
        "InsufficientEncryptionPolicyException",
        400,
        f"Insufficient permissions to access S3 bucket trail-logs or KMS key {arn}.",
    )


def test_trail_key_scoped_to_another_trail_is_refused_on_update(client):
    _bucket(client)
    client("cloudtrail").create_trail(Name="Other", S3BucketName="trail-logs")
    arn = key(client, CLOUDTRAIL)["Arn"]
    expect_error(lambda: client("cloudtrail").update_trail(Name="Other", KmsKeyId=arn), "InsufficientEncryptionPolicyException", 400)
    client("cloudtrail").create_trail(Name=TRAIL, S3BucketName="trail-logs")
    assert client("cloudtrail").update_trail(Name=TRAIL, KmsKeyId=arn)["KmsKeyId"] == arn


def test_trail_with_an_unknown_key(client):
    _bucket(client)
    expect_error(lambda: client("cloudtrail").create_trail(Name=TRAIL, S3BucketName="trail-logs", KmsKeyId="alias/none"), "KmsKeyNotFoundException", 400)


def test_invocation_logging_keeps_video_and_audio_flags(client):
    """PutModelInvocationLoggingConfiguration takes videoDataDeliveryEnabled / audioDataDeliveryEnabled and Get returns them."""
    bedrock = client("bedrock")
    s3 = client("s3")
    s3.create_bucket(Bucket="bedrock-logs")
    s3.put_bucket_policy(
        Bucket="bedrock-logs",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "bedrock.amazonaws.com"},
                        "Action": "s3:PutObject",
                        "Resource": f"arn:aws:s3:::bedrock-logs/AWSLogs/{ACCOUNT}/BedrockModelInvocationLogs/*",
                        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
                    }
                ],
            }
        ),
    )
    config = {
        "s3Config": {"bucketName": "bedrock-logs"},
        "textDataDeliveryEnabled": True,
        "imageDataDeliveryEnabled": False,
        "embeddingDataDeliveryEnabled": False,
        "videoDataDeliveryEnabled": True,
        "audioDataDeliveryEnabled": False,
    }
    bedrock.put_model_invocation_logging_configuration(loggingConfig=config)
    stored = bedrock.get_model_invocation_logging_configuration()["loggingConfig"]
    assert stored["videoDataDeliveryEnabled"] is True
    assert stored["audioDataDeliveryEnabled"] is False


def test_schedule_and_cancel_key_deletion_by_arn(client):
    kms = client("kms")
    meta = key(client)
    kms.schedule_key_deletion(KeyId=meta["Arn"], PendingWindowInDays=7)
    assert kms.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion"
    kms.cancel_key_deletion(KeyId=meta["Arn"])
    assert kms.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import invocation_logging as il
from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_invocation_logging
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

ACCOUNT = "123456789012"
ROLE = "arn:aws:iam::%s:role/TicketFlowBedrockLogging" % ACCOUNT
LOG_GROUP = "/ticketflow/bedrock/invocations"
BUCKET = "ticketflow-bedrock-logs-%s" % ACCOUNT


@pytest.fixture
def aws():
    return StubbedAWS()


def cloudwatch_args(**overrides):
    args = {"region": "us-east-1", "cloudwatch": {"log_group": LOG_GROUP, "role_arn": ROLE}}
    args.update(overrides)
    return args


def api_config(s3=False, large=False, text=True, image=True, embedding=True, video=True):
    """GetModelInvocationLoggingConfiguration's loggingConfig as AWS answers it."""
    config = {
        "cloudWatchConfig": {"logGroupName": LOG_GROUP, "roleArn": ROLE},
        "textDataDeliveryEnabled": text,
        "imageDataDeliveryEnabled": image,
        "embeddingDataDeliveryEnabled": embedding,
        "videoDataDeliveryEnabled": video,
    }
    if large:
        config["cloudWatchConfig"]["largeDataDeliveryS3Config"] = {"bucketName": BUCKET, "keyPrefix": "large/"}
    if s3:
        config["s3Config"] = {"bucketName": BUCKET, "keyPrefix": "invocations/"}
    return config


def stub_get(stubber, config):
    stubber.add_response("get_model_invocation_logging_configuration", {"loggingConfig": config} if config else {}, {})


def stub_location(stubber, bucket, constraint):
    stubber.add_response("get_bucket_location", {"LocationConstraint": constraint} if constraint else {}, {"Bucket": bucket})


def put_params(config):
    sent = dict(config)
    sent["audioDataDeliveryEnabled"] = False
    return {"loggingConfig": sent}


def test_enables_cloudwatch_logging(aws):
    stubber = aws.stub("bedrock")
    stub_get(stubber, None)
    stubber.add_response("put_model_invocation_logging_configuration", {}, put_params(api_config()))
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["before"] == {}
    assert outcome.result["logging_config"]["cloudwatch"] == {"log_group_name": LOG_GROUP, "role_arn": ROLE, "large_data_s3": None}
    assert outcome.result["logging_config"]["text_data_delivery_enabled"] is True
    assert outcome.result["logging_config"]["audio_data_delivery_enabled"] is False


def test_same_configuration_is_unchanged(aws):
    stub_get(aws.stub("bedrock"), api_config())
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False


def test_log_group_arn_in_region_matches_configuration_by_name(aws):
    stub_get(aws.stub("bedrock"), api_config())
    arn = "arn:aws:logs:us-east-1:%s:log-group:%s:*" % (ACCOUNT, LOG_GROUP)
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(cloudwatch={"log_group": arn, "role_arn": ROLE}), aws)
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False


def test_s3_and_data_types_change_with_diff(aws):
    stub_location(aws.stub("s3"), BUCKET, None)  # us-east-1 answers an empty LocationConstraint
    stubber = aws.stub("bedrock")
    stub_get(stubber, api_config())
    wanted = api_config(s3=True, image=False, video=False)
    stubber.add_response("put_model_invocation_logging_configuration", {}, put_params(wanted))
    outcome = run_module(
        bedrock_invocation_logging.main,
        cloudwatch_args(s3={"bucket": BUCKET, "key_prefix": "invocations/"}, data_types=["text", "embedding"]),
        aws,
        diff=True,
    )
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["before"]["s3"] is None
    assert outcome.result["diff"]["after"]["s3"] == {"bucket_name": BUCKET, "key_prefix": "invocations/"}
    assert outcome.result["diff"]["after"]["image_data_delivery_enabled"] is False


def test_check_mode_makes_no_put(aws):
    stub_get(aws.stub("bedrock"), api_config(video=False))
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(), aws, check_mode=True)
    aws.assert_all_called()  # no put was queued: making one would have failed the module
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True


def test_absent_deletes_then_is_unchanged(aws):
    stubber = aws.stub("bedrock")
    stub_get(stubber, api_config(large=True))
    stubber.add_response("delete_model_invocation_logging_configuration", {}, {})
    outcome = run_module(bedrock_invocation_logging.main, {"region": "us-east-1", "state": "absent"}, aws, diff=True)
    aws.assert_all_called()
    assert outcome.result["changed"] is True
    assert outcome.result["logging_config"] is None
    assert outcome.result["diff"]["before"]["cloudwatch"]["large_data_s3"] == {"bucket_name": BUCKET, "key_prefix": "large/"}

    again = StubbedAWS()
    stub_get(again.stub("bedrock"), None)
    outcome = run_module(bedrock_invocation_logging.main, {"region": "us-east-1", "state": "absent"}, again)
    again.assert_all_called()
    assert outcome.result["changed"] is False


@pytest.mark.parametrize(
    "args, message",
    [
        ({"region": "us-east-1"}, "needs a destination"),
        (cloudwatch_args(cloudwatch={"log_group": LOG_GROUP, "role_arn": "TicketFlowBedrockLogging"}), "is not an IAM role ARN"),
        (cloudwatch_args(cloudwatch={"log_group": LOG_GROUP, "role_arn": "arn:aws:iam::123:role/x"}), "is not an IAM role ARN"),
        (
            cloudwatch_args(cloudwatch={"log_group": "arn:aws:logs:eu-west-1:%s:log-group:%s" % (ACCOUNT, LOG_GROUP), "role_arn": ROLE}),
            "is in eu-west-1, but invocation logging for us-east-1",
        ),
        (
            cloudwatch_args(cloudwatch={"log_group": "arn:aws:logs:us-east-1:210987654321:log-group:%s" % LOG_GROUP, "role_arn": ROLE}),
            "must be in the account that runs Bedrock",
        ),
        (cloudwatch_args(cloudwatch={"log_group": "bad log group!", "role_arn": ROLE}), "not a valid log group name"),
        (cloudwatch_args(s3={"bucket": "s3://%s" % BUCKET}), "is not an S3 bucket name"),
        (cloudwatch_args(cloudwatch={"log_group": LOG_GROUP, "role_arn": ROLE, "large_data_key_prefix": "x/"}), "needs cloudwatch.large_data_bucket"),
        (cloudwatch_args(region="mars-north-1"), "mars-north-1"),
        (cloudwatch_args(data_types=["text", "smell"]), "data_types"),
    ],
)
def test_bad_input_fails_before_any_aws_call(aws, args, message):
    outcome = run_module(bedrock_invocation_logging.main, args, aws)
    assert outcome.failed
    assert message in outcome.result["msg"]
    assert aws.stubbers == {}


def test_bucket_in_another_region_fails_after_reading_its_location_only(aws):
    stub_location(aws.stub("s3"), BUCKET, "eu-central-1")
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(s3={"bucket": BUCKET}), aws)
    aws.assert_all_called()
    assert outcome.failed
    assert "bucket %s is in eu-central-1" % BUCKET in outcome.result["msg"]
    assert "bedrock" not in aws.stubbers  # no Bedrock call at all


def test_large_data_bucket_in_eu_legacy_constraint_is_eu_west_1(aws):
    stub_location(aws.stub("s3"), BUCKET, "EU")
    args = cloudwatch_args(cloudwatch={"log_group": LOG_GROUP, "role_arn": ROLE, "large_data_bucket": BUCKET})
    outcome = run_module(bedrock_invocation_logging.main, args, aws)
    assert outcome.failed
    assert "cloudwatch.large_data_bucket: bucket %s is in eu-west-1" % BUCKET in outcome.result["msg"]


def test_missing_bucket_fails_clearly(aws):
    client_error(aws.stub("s3"), "get_bucket_location", "NoSuchBucket", "The specified bucket does not exist", status=404)
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(s3={"bucket": BUCKET}), aws)
    assert outcome.failed
    assert "does not exist" in outcome.result["msg"]
    assert "bedrock" not in aws.stubbers


def test_unreadable_bucket_location_warns_and_continues(aws):
    client_error(aws.stub("s3"), "get_bucket_location", "AccessDenied", "Access Denied", status=403)
    stubber = aws.stub("bedrock")
    stub_get(stubber, api_config(s3=True))
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(s3={"bucket": BUCKET, "key_prefix": "invocations/"}), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    assert any("GetBucketLocation was denied" in w for w in outcome.result["warnings"])


def test_validation_error_from_bedrock_is_diagnosed(aws):
    stubber = aws.stub("bedrock")
    stub_get(stubber, None)
    client_error(
        stubber,
        "put_model_invocation_logging_configuration",
        "ValidationException",
        "Failed to validate permissions for log group: /ticketflow/bedrock/invocations, with role: %s. Verify the IAM role permissions are correct." % ROLE,
    )
    outcome = run_module(bedrock_invocation_logging.main, cloudwatch_args(), aws)
    assert outcome.failed
    assert outcome.result["error"]["code"] == "ValidationException"
    assert "diagnosis" in outcome.result


def test_config_round_trip_ignores_empty_prefix():
    config = il.desired_config({"s3": {"bucket": BUCKET}, "cloudwatch": None, "data_types": None}, "us-east-1")
    api = il.config_to_api(config)
    assert api["s3Config"] == {"bucketName": BUCKET}
    answered = dict(api, s3Config={"bucketName": BUCKET, "keyPrefix": ""})
    del answered["audioDataDeliveryEnabled"]  # an endpoint that leaves a false flag out
    assert il.config_from_api(answered) == config

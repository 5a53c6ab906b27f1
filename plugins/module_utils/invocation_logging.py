# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bedrock model invocation logging: the per-region singleton configuration.

Parameters are checked and turned into one canonical snake_case form
(``desired_config``); the configuration read from AWS is turned into the same
form (``config_from_api``) so the two compare with ``==``.
"""

import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import BedrockErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import S3ErrorHandler

# The data types a configuration can deliver, and the LoggingConfig flag of each.
DATA_TYPES = ("text", "image", "embedding", "video", "audio")
DEFAULT_DATA_TYPES = ("text", "image", "embedding", "video")

ROLE_ARN_RE = re.compile(r"^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role/[\w+=,.@/-]+$")
LOG_GROUP_ARN_RE = re.compile(r"^arn:aws(?:-[a-z]+)*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$")
LOG_GROUP_NAME_RE = re.compile(r"^[.\-_/#A-Za-z0-9]{1,512}$")
BUCKET_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class LoggingInputError(ValueError):
    """Module input that cannot make a valid logging configuration."""


def flag_name(data_type):
    return "%sDataDeliveryEnabled" % data_type


def parse_log_group(value, region):
    """(name, account) of a log group given by name or ARN; an ARN must be in ``region``."""
    value = (value or "").strip()
    match = LOG_GROUP_ARN_RE.match(value)
    if match:
        arn_region, account, name = match.groups()
        if arn_region != region:
            raise LoggingInputError(
                "cloudwatch.log_group %s is in %s, but invocation logging for %s can only deliver to a log group in %s. "
                "Create the log group in %s or run the task in %s." % (value, arn_region, region, region, region, arn_region)
            )
        return name, account
    if value.startswith("arn:"):
        raise LoggingInputError("cloudwatch.log_group %r is not a CloudWatch Logs log group ARN (arn:aws:logs:REGION:ACCOUNT_ID:log-group:NAME)." % value)
    if not LOG_GROUP_NAME_RE.match(value):
        raise LoggingInputError("cloudwatch.log_group %r is not a valid log group name (1-512 of A-Z a-z 0-9 . - _ / #)." % value)
    return value, None


def check_role_arn(role_arn):
    """The account of a valid IAM role ARN; raises LoggingInputError otherwise."""
    match = ROLE_ARN_RE.match((role_arn or "").strip())
    if not match:
        raise LoggingInputError(
            "cloudwatch.role_arn %r is not an IAM role ARN (arn:aws:iam::ACCOUNT_ID:role/NAME). "
            "Bedrock assumes this role, trusted by bedrock.amazonaws.com, to write to the log group." % role_arn
        )
    return match.group(1)


def check_bucket_name(bucket, option):
    bucket = (bucket or "").strip()
    if not BUCKET_NAME_RE.match(bucket) or ".." in bucket:
        raise LoggingInputError(
            "%s %r is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens; give the name, not an ARN or URL)." % (option, bucket)
        )
    return bucket


def _s3_config(bucket, key_prefix):
    config = {"bucket_name": bucket}
    config["key_prefix"] = key_prefix or ""
    return config


def desired_config(params, region):
    """The canonical configuration asked for by the module parameters (state=present).

    Raises LoggingInputError for malformed ARNs and names, a log group in
    another region, accounts that differ, no destination, or unknown data types.
    """
    cloudwatch = params.get("cloudwatch")
    s3 = params.get("s3")
    if not cloudwatch and not s3:
        raise LoggingInputError("state=present needs a destination: give cloudwatch (log group and role), s3 (bucket), or both.")
    data_types = params.get("data_types")
    if data_types is None:
        data_types = list(DEFAULT_DATA_TYPES)
    unknown = sorted(set(data_types) - set(DATA_TYPES))
    if unknown:
        raise LoggingInputError("data_types %s unknown; choose from %s." % (", ".join(unknown), ", ".join(DATA_TYPES)))
    config = {"cloudwatch": None, "s3": None}
    if cloudwatch:
        name, log_group_account = parse_log_group(cloudwatch.get("log_group"), region)
        role_account = check_role_arn(cloudwatch.get("role_arn"))
        if log_group_account and log_group_account != role_account:
            raise LoggingInputError(
                "cloudwatch.log_group is in account %s but cloudwatch.role_arn in account %s: "
                "the role and the log group must be in the account that runs Bedrock." % (log_group_account, role_account)
            )
        large = None
        if cloudwatch.get("large_data_bucket"):
            large = _s3_config(check_bucket_name(cloudwatch["large_data_bucket"], "cloudwatch.large_data_bucket"), cloudwatch.get("large_data_key_prefix"))
        elif cloudwatch.get("large_data_key_prefix"):
            raise LoggingInputError("cloudwatch.large_data_key_prefix needs cloudwatch.large_data_bucket.")
        config["cloudwatch"] = {"log_group_name": name, "role_arn": cloudwatch["role_arn"].strip(), "large_data_s3": large}
    if s3:
        config["s3"] = _s3_config(check_bucket_name(s3.get("bucket"), "s3.bucket"), s3.get("key_prefix"))
    for data_type in DATA_TYPES:
        config["%s_data_delivery_enabled" % data_type] = data_type in data_types
    return config


def buckets_of(config):
    """(option, bucket) pairs named by a canonical configuration."""
    pairs = []
    if config.get("cloudwatch") and config["cloudwatch"].get("large_data_s3"):
        pairs.append(("cloudwatch.large_data_bucket", config["cloudwatch"]["large_data_s3"]["bucket_name"]))
    if config.get("s3"):
        pairs.append(("s3.bucket", config["s3"]["bucket_name"]))
    return pairs


def config_from_api(logging_config):
    """Canonical form of GetModelInvocationLoggingConfiguration's loggingConfig; None when there is none."""
    if not logging_config:
        return None
    config = {"cloudwatch": None, "s3": None}
    cloudwatch = logging_config.get("cloudWatchConfig")
    if cloudwatch:
        large = cloudwatch.get("largeDataDeliveryS3Config")
        config["cloudwatch"] = {
            "log_group_name": cloudwatch.get("logGroupName"),
            "role_arn": cloudwatch.get("roleArn"),
            "large_data_s3": _s3_config(large.get("bucketName"), large.get("keyPrefix")) if large and large.get("bucketName") else None,
        }
    s3 = logging_config.get("s3Config")
    if s3 and s3.get("bucketName"):
        config["s3"] = _s3_config(s3.get("bucketName"), s3.get("keyPrefix"))
    for data_type in DATA_TYPES:
        config["%s_data_delivery_enabled" % data_type] = bool(logging_config.get(flag_name(data_type), False))
    if not config["cloudwatch"] and not config["s3"]:
        return None
    return config


def _s3_to_api(s3):
    api = {"bucketName": s3["bucket_name"]}
    if s3.get("key_prefix"):
        api["keyPrefix"] = s3["key_prefix"]
    return api


def config_to_api(config):
    """The loggingConfig structure for PutModelInvocationLoggingConfiguration."""
    api = {}
    if config.get("cloudwatch"):
        cloudwatch = config["cloudwatch"]
        api["cloudWatchConfig"] = {"logGroupName": cloudwatch["log_group_name"], "roleArn": cloudwatch["role_arn"]}
        if cloudwatch.get("large_data_s3"):
            api["cloudWatchConfig"]["largeDataDeliveryS3Config"] = _s3_to_api(cloudwatch["large_data_s3"])
    if config.get("s3"):
        api["s3Config"] = _s3_to_api(config["s3"])
    for data_type in DATA_TYPES:
        api[flag_name(data_type)] = bool(config["%s_data_delivery_enabled" % data_type])
    return api


def region_of_location(location_constraint):
    """The region named by GetBucketLocation's LocationConstraint (None and "" mean us-east-1, "EU" eu-west-1)."""
    if not location_constraint:
        return "us-east-1"
    if location_constraint == "EU":
        return "eu-west-1"
    return location_constraint


@S3ErrorHandler.list_error_handler("read the region of bucket {bucket}", default_value=False)
def _bucket_location(s3_client, bucket):
    return s3_client.get_bucket_location(Bucket=bucket, aws_retry=True)


def bucket_region(s3_client, bucket):
    """The region of a bucket, or None when it does not exist."""
    response = _bucket_location(s3_client, bucket)
    if response is False:
        return None
    return region_of_location(response.get("LocationConstraint"))


@BedrockErrorHandler.common_error_handler("read the model invocation logging configuration")
def get_config(client):
    """The region's current configuration in canonical form, or None."""
    response = client.get_model_invocation_logging_configuration(aws_retry=True)
    return config_from_api(response.get("loggingConfig"))


@BedrockErrorHandler.common_error_handler("put the model invocation logging configuration")
def put_config(client, config):
    client.put_model_invocation_logging_configuration(loggingConfig=config_to_api(config), aws_retry=True)


@BedrockErrorHandler.common_error_handler("delete the model invocation logging configuration")
def delete_config(client):
    client.delete_model_invocation_logging_configuration(aws_retry=True)

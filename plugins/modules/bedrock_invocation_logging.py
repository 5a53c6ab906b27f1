#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: bedrock_invocation_logging
short_description: Manage Amazon Bedrock model invocation logging in a region
version_added: 1.0.0
description:
  - Manages the model invocation logging configuration of Amazon Bedrock, a singleton per account and region.
    It records every model invocation (input, output, token counts) and is how token use and cost are tracked per request.
  - Delivers to CloudWatch Logs (a log group and a role Bedrock assumes to write to it, optionally an S3 bucket for
    data too large for a log event), to S3, or to both.
  - Idempotent, with diff. O(state=absent) removes the configuration.
  - Input is checked before any change. It needs at least one destination, a well-formed role ARN, a log group (name or ARN)
    and buckets in the task's region (bucket regions are read with GetBucketLocation).
author:
  - TicketFlow platform team (@ticketflow)
options:
  state:
    description:
      - Whether invocation logging is configured.
    type: str
    choices: [present, absent]
    default: present
  cloudwatch:
    description:
      - Deliver the logs to CloudWatch Logs.
    type: dict
    suboptions:
      log_group:
        description:
          - The log group name, or its ARN (which must name the task's region).
          - The log group must exist.
        type: str
        required: true
      role_arn:
        description:
          - The IAM role Bedrock assumes to write to the log group; its trust policy must allow C(bedrock.amazonaws.com)
            and it needs C(logs:CreateLogStream) and C(logs:PutLogEvents) on the log group.
        type: str
        required: true
      large_data_bucket:
        description:
          - An S3 bucket, in the task's region, for data larger than 100 KB or binary (images, video).
        type: str
      large_data_key_prefix:
        description:
          - The key prefix in O(cloudwatch.large_data_bucket).
        type: str
  s3:
    description:
      - Deliver the logs to S3. The bucket must be in the task's region and its policy must allow
        C(bedrock.amazonaws.com) to put objects.
    type: dict
    suboptions:
      bucket:
        description:
          - The bucket name.
        type: str
        required: true
      key_prefix:
        description:
          - The key prefix of the log objects.
        type: str
  data_types:
    description:
      - The kinds of data logged. Those not listed are not logged.
    type: list
    elements: str
    choices: [text, image, embedding, video, audio]
    default: [text, image, embedding, video]
notes:
  - Needs C(bedrock:GetModelInvocationLoggingConfiguration), C(bedrock:PutModelInvocationLoggingConfiguration),
    C(bedrock:DeleteModelInvocationLoggingConfiguration), C(s3:GetBucketLocation) on the buckets and
    C(iam:PassRole) on O(cloudwatch.role_arn).
  - Logged prompts and replies can hold personal data; restrict access to the log group and bucket.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Log every Bedrock invocation to CloudWatch Logs, large payloads to S3
  ticketflow.bedrock.bedrock_invocation_logging:
    region: us-east-1
    cloudwatch:
      log_group: /ticketflow/bedrock/invocations
      role_arn: arn:aws:iam::123456789012:role/TicketFlowBedrockLogging
      large_data_bucket: ticketflow-bedrock-logs-123456789012
      large_data_key_prefix: large/
    data_types: [text, embedding]

- name: Log to S3 only
  ticketflow.bedrock.bedrock_invocation_logging:
    s3:
      bucket: ticketflow-bedrock-logs-123456789012
      key_prefix: invocations/

- name: Turn invocation logging off
  ticketflow.bedrock.bedrock_invocation_logging:
    state: absent
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
logging_config:
  description: The configuration after the task (as it would be, in check mode); null when there is none.
  returned: always
  type: dict
  sample:
    cloudwatch:
      log_group_name: /ticketflow/bedrock/invocations
      role_arn: arn:aws:iam::123456789012:role/TicketFlowBedrockLogging
      large_data_s3: {"bucket_name": "ticketflow-bedrock-logs-123456789012", "key_prefix": "large/"}
    s3: null
    text_data_delivery_enabled: true
    image_data_delivery_enabled: false
    embedding_data_delivery_enabled: true
    video_data_delivery_enabled: false
    audio_data_delivery_enabled: false
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import is_ansible_aws_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import DATA_TYPES
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import DEFAULT_DATA_TYPES
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import LoggingInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import bucket_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import buckets_of
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import delete_config
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import desired_config
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import get_config
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import put_config
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client


def check_bucket_regions(module, config, region):
    """Fail when a bucket of the configuration is missing or in another region (read-only calls)."""
    pairs = buckets_of(config)
    if not pairs:
        return
    s3 = aws_client(module, "s3")
    for option, bucket in pairs:
        try:
            found = bucket_region(s3, bucket)
        except is_ansible_aws_error_code(["AccessDenied", "AccessDeniedException"]):
            module.warn(
                "Could not read the region of bucket %s (%s): s3:GetBucketLocation was denied; Bedrock rejects a bucket outside %s." % (bucket, option, region)
            )
            continue
        except AnsibleAWSError as e:  # pylint: disable=duplicate-except
            fail_with_aws_error(module, e, "Could not read the region of bucket %s (%s)" % (bucket, option), region=region)
        if found is None:
            module.fail_json(
                msg="%s: bucket %s does not exist. Create it in %s (with a policy letting bedrock.amazonaws.com put objects) first." % (option, bucket, region)
            )
        if found != region:
            module.fail_json(
                msg="%s: bucket %s is in %s, but invocation logging for %s can only deliver to a bucket in %s. "
                "Use a bucket in %s or run the task in %s." % (option, bucket, found, region, region, region, found)
            )


def main():
    argument_spec = dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        cloudwatch=dict(
            type="dict",
            options=dict(
                log_group=dict(type="str", required=True),
                role_arn=dict(type="str", required=True),
                large_data_bucket=dict(type="str"),
                large_data_key_prefix=dict(type="str", no_log=False),
            ),
        ),
        s3=dict(
            type="dict",
            options=dict(
                bucket=dict(type="str", required=True),
                key_prefix=dict(type="str", no_log=False),
            ),
        ),
        data_types=dict(type="list", elements="str", choices=list(DATA_TYPES), default=list(DEFAULT_DATA_TYPES)),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    region = module.region
    try:
        validate_region(region)
    except BedrockInputError as e:
        module.fail_json(msg=str(e))

    desired = None
    if module.params["state"] == "present":
        try:
            desired = desired_config(module.params, region)
        except LoggingInputError as e:
            module.fail_json(msg=str(e))
        check_bucket_regions(module, desired, region)

    client = aws_client(module, "bedrock")
    try:
        current = get_config(client)
        changed = current != desired
        if changed and not module.check_mode:
            if desired is None:
                delete_config(client)
            else:
                put_config(client, desired)
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not manage Bedrock model invocation logging in %s" % region, region=region)
    module.exit_json(changed=changed, logging_config=desired, diff={"before": current or {}, "after": desired or {}})


if __name__ == "__main__":
    main()

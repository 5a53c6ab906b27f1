#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: quota_info
short_description: List the Service Quotas of a service (Amazon Bedrock by default)
version_added: 1.0.0
description:
  - Lists the quotas of an AWS service with their applied and AWS default values, unit and adjustable flag.
  - Quotas are selected by code or by a name pattern, because quota names change between AWS releases
    (for example C(Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6) next to
    C(Cross-region model inference tokens per minute for ...)). Never hard-code quota codes you have not read here.
  - For every selected quota, the increase requests that are still open (not yet APPROVED, DENIED, CASE_CLOSED,
    NOT_APPROVED or INVALID_REQUEST) are listed, read with C(ListRequestedServiceQuotaChangeHistoryByQuota) for one or
    two quotas, else with one C(ListRequestedServiceQuotaChangeHistory) of the service for all of them.
  - Service Quotas is regional; the quotas returned are those of O(region).
author:
  - TicketFlow platform team (@ticketflow)
options:
  service_code:
    description:
      - The Service Quotas service code.
    type: str
    default: bedrock
  quota_codes:
    description:
      - Quota codes to return (for example V(L-254CACF4)).
      - Combined with O(quota_name_pattern), a quota is returned when it matches either.
    type: list
    elements: str
    default: []
  quota_name_pattern:
    description:
      - A Python regular expression searched, case-insensitively, in quota names.
      - For example V(InvokeModel tokens per minute.*Claude 3 Sonnet).
    type: str
  include_open_requests:
    description:
      - Read the open increase requests of every returned quota (one call per quota for one or two quotas, else one
        read of the service's request history for all).
      - Set to V(false) to list many quotas quickly.
    type: bool
    default: true
notes:
  - Needs C(servicequotas:ListServiceQuotas), C(servicequotas:ListAWSDefaultServiceQuotas) and, with
    O(include_open_requests), C(servicequotas:ListRequestedServiceQuotaChangeHistoryByQuota) and
    C(servicequotas:ListRequestedServiceQuotaChangeHistory).
  - Supports check mode (it changes nothing).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Review the Bedrock token quotas of the Claude 3 models
  ticketflow.bedrock.quota_info:
    region: us-east-1
    quota_name_pattern: "tokens per minute.*Claude 3 (Sonnet|Haiku)"
  register: claude_quotas

- name: Show applied against default values
  ansible.builtin.debug:
    msg: "{{ item.quota_name }}: {{ item.applied_value }} (default {{ item.default_value }}), open requests: {{ item.open_requests | length }}"
  loop: "{{ claude_quotas.quotas }}"

- name: Read two quotas by code, without their requests
  ticketflow.bedrock.quota_info:
    quota_codes: [L-254CACF4, L-F4DDD3EB]
    include_open_requests: false
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
quotas:
  description: The selected quotas, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    service_code:
      description: The service code.
      type: str
      sample: bedrock
    service_name:
      description: The service name.
      type: str
      sample: Amazon Bedrock
    quota_code:
      description: The quota code.
      type: str
      sample: L-254CACF4
    quota_name:
      description: The quota name as AWS spells it today.
      type: str
      sample: Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6
    quota_arn:
      description: The quota ARN.
      type: str
      sample: arn:aws:servicequotas:us-east-1:123456789012:bedrock/L-254CACF4
    applied_value:
      description: The value in force for the account (the default when nothing else was applied).
      type: float
      sample: 400000.0
    default_value:
      description: The AWS default value; null when AWS publishes none.
      type: float
      sample: 400000.0
    unit:
      description: The unit of the value.
      type: str
      sample: None
    adjustable:
      description: Whether an increase can be requested.
      type: bool
      sample: true
    global_quota:
      description: Whether the quota is global (not per region).
      type: bool
      sample: false
    period:
      description: The period the value counts over, when the quota has one.
      type: dict
      sample: {"period_value": 1, "period_unit": "MINUTE"}
    open_requests:
      description:
        - The increase requests not yet in a terminal status, newest first.
        - Only with O(include_open_requests=true).
      type: list
      elements: dict
      sample: [{"id": "c1f0e6a2d1", "status": "PENDING", "desired_value": 800000.0, "case_id": null}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import compile_name_pattern
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import filter_quotas
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import list_quotas
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import open_requests_by_quota


def main():
    argument_spec = dict(
        service_code=dict(type="str", default="bedrock"),
        quota_codes=dict(type="list", elements="str", default=[]),
        quota_name_pattern=dict(type="str"),
        include_open_requests=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    service_code = module.params["service_code"]
    pattern = module.params["quota_name_pattern"]

    if service_code == "bedrock":
        try:
            validate_region(module.region)
        except BedrockInputError as e:
            module.fail_json(msg=str(e))
    if pattern is not None:
        try:
            compile_name_pattern(pattern)
        except ValueError as e:
            module.fail_json(msg=str(e))

    client = aws_client(module, "service-quotas")
    try:
        quotas = filter_quotas(list_quotas(client, service_code), module.params["quota_codes"], pattern)
        if module.params["include_open_requests"]:
            open_requests = open_requests_by_quota(client, service_code, [q["quota_code"] for q in quotas])
            for quota in quotas:
                quota["open_requests"] = open_requests[quota["quota_code"]]
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not read the %s quotas in %s" % (service_code, module.region), region=module.region)

    missing = sorted(set(module.params["quota_codes"]) - {q["quota_code"] for q in quotas})
    if missing:
        module.warn("No %s quota has the code(s) %s in %s." % (service_code, ", ".join(missing), module.region))
    module.exit_json(changed=False, quotas=quotas)


if __name__ == "__main__":
    main()

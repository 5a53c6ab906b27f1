#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: quota_request
short_description: Ensure a Service Quotas quota (Amazon Bedrock by default) is at least a desired value
version_added: 1.0.0
description:
  - Ensures a quota of an AWS service is at least O(desired_value), requesting an increase through Service Quotas
    when it is not.
  - No request is made when the applied value already equals O(desired_value).
  - No duplicate is made while an increase request for the quota is still open (AWS allows one open request per
    quota); the open request and its status are returned instead.
  - Otherwise an increase is requested and, with O(wait=true), the module waits, up to O(wait_timeout) seconds,
    for the request to reach a terminal status (APPROVED, DENIED, CASE_CLOSED, NOT_APPROVED, INVALID_REQUEST).
  - A quota that is not adjustable (for example Bedrock's account-wide V(Cross-Model Max Tokens Per Day), or the
    in-Region on-demand quotas of new models) cannot be raised through Service Quotas. The module then makes no
    request, does not fail, warns and returns RV(support_case_required=true) with what to ask AWS Support for.
  - Fails, before any request, when O(desired_value) is below the applied value (Service Quotas only raises quotas)
    or when no quota has the given name (the closest names are suggested).
  - The quota is chosen by code, by exact name or by a name pattern matching exactly one quota. Quota names change
    between AWS releases; use M(ticketflow.bedrock.quota_info) to find the current ones.
author:
  - TicketFlow platform team (@ticketflow)
options:
  service_code:
    description:
      - The Service Quotas service code.
    type: str
    default: bedrock
  quota_code:
    description:
      - The quota code, for example V(L-254CACF4).
      - Exactly one of O(quota_code), O(quota_name) and O(quota_name_pattern) is required.
    type: str
  quota_name:
    description:
      - The quota name, compared without regard to case or repeated spaces.
    type: str
  quota_name_pattern:
    description:
      - A Python regular expression searched, case-insensitively, in quota names. It must match exactly one quota.
    type: str
  desired_value:
    description:
      - The value the quota must reach, in the quota's unit. Must be greater than zero.
    type: float
    required: true
  wait:
    description:
      - Wait for the request (the new one, or the open one found) to reach a terminal status.
      - The task fails when the request ends in another status than APPROVED, or when O(wait_timeout) passes.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait at most with O(wait=true). Real increases can take days; the request stays open
        after a timeout and a later run reports it.
    type: int
    default: 300
  wait_delay:
    description:
      - Seconds between two reads of the request status while waiting.
    type: int
    default: 15
notes:
  - Needs C(servicequotas:GetServiceQuota), C(servicequotas:GetAWSDefaultServiceQuota),
    C(servicequotas:ListServiceQuotas), C(servicequotas:ListAWSDefaultServiceQuotas),
    C(servicequotas:ListRequestedServiceQuotaChangeHistoryByQuota), C(servicequotas:RequestServiceQuotaIncrease)
    and C(servicequotas:GetRequestedServiceQuotaChange).
  - In check mode the module reads the quota and its requests and reports the request it would make in RV(would_request).
  - Service Quotas is regional; the quota is that of O(region).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Make sure Claude 3 Sonnet can use 800k on-demand tokens per minute
  ticketflow.bedrock.quota_request:
    region: us-east-1
    quota_name_pattern: "^Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6$"
    desired_value: 800000
  register: sonnet_tokens

- name: Report a request still under review
  ansible.builtin.debug:
    msg: "Request {{ sonnet_tokens.request.id }} is {{ sonnet_tokens.request.status }}"
  when: sonnet_tokens.request is not none

- name: Raise a quota by code and wait up to 10 minutes for the answer
  ticketflow.bedrock.quota_request:
    quota_code: L-254CACF4
    desired_value: 1000000
    wait: true
    wait_timeout: 600
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
quota:
  description: The quota (after approval when the module waited for it).
  returned: always
  type: dict
  sample:
    quota_code: L-254CACF4
    quota_name: Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6
    applied_value: 400000.0
    default_value: 400000.0
    adjustable: true
    unit: None
request:
  description:
    - The increase request made by this run, or the open request found for the quota; null when none.
    - C(status) is one of PENDING, CASE_OPENED, APPROVED, DENIED, CASE_CLOSED, NOT_APPROVED, INVALID_REQUEST.
  returned: always
  type: dict
  sample:
    id: 3f1c0c7e2b0d4d7c9a7e4f2b6d1a0e9f
    status: PENDING
    desired_value: 800000.0
    quota_code: L-254CACF4
    case_id: null
    created: "2025-01-01T12:00:00+00:00"
request_open_before:
  description: Whether an open request already existed, so that no new one was made.
  returned: always
  type: bool
  sample: false
would_request:
  description: In check mode, the request the module would make.
  returned: in check mode when a request is needed
  type: dict
  sample: {"service_code": "bedrock", "quota_code": "L-254CACF4", "desired_value": 800000.0}
support_case_required:
  description:
    - V(true) when the quota is not adjustable and below O(desired_value) - no request was made; open an AWS Support
      case (Service limit increase) instead, as RV(msg) says.
  returned: always
  type: bool
  sample: false
msg:
  description: What the module found or did.
  returned: always
  type: str
  sample: The quota already has the value 800000.0; no request made.
"""

import math

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import is_ansible_aws_error_code
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_region
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import SUCCESSFUL_REQUEST_STATUSES
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import QuotaLookupError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import compile_name_pattern
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import get_quota
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import get_request
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import is_open_request
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import list_open_requests
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import list_quotas
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import request_increase
from ansible_collections.ticketflow.bedrock.plugins.module_utils.service_quotas import resolve_one_quota
from ansible_collections.ticketflow.bedrock.plugins.module_utils.waiting import WaitTimeout
from ansible_collections.ticketflow.bedrock.plugins.module_utils.waiting import wait_until


def check_input(module):
    """Fail on input no request could satisfy, before any AWS call."""
    params = module.params
    desired = params["desired_value"]
    if desired is None or math.isnan(desired) or math.isinf(desired) or desired <= 0:
        module.fail_json(msg="desired_value must be a number greater than zero, got %r." % desired)
    if params["wait_timeout"] < 0 or params["wait_delay"] < 1:
        module.fail_json(msg="wait_timeout must be zero or more and wait_delay at least 1 second.")
    if params["quota_name_pattern"] is not None:
        try:
            compile_name_pattern(params["quota_name_pattern"])
        except ValueError as e:
            module.fail_json(msg=str(e))
    if params["service_code"] == "bedrock":
        try:
            validate_region(module.region)
        except BedrockInputError as e:
            module.fail_json(msg=str(e))


def find_quota(module, client):
    """The quota the parameters name; fails with suggestions when there is none."""
    params = module.params
    service_code = params["service_code"]
    if params["quota_code"]:
        quota = get_quota(client, service_code, params["quota_code"])
        if quota is None:
            module.fail_json(
                msg="No %s quota has the code %s in %s. Find quota codes with ticketflow.bedrock.quota_info."
                % (service_code, params["quota_code"], module.region)
            )
        return quota
    quotas = list_quotas(client, service_code)
    try:
        return resolve_one_quota(quotas, service_code, quota_name=params["quota_name"], name_pattern=params["quota_name_pattern"])
    except QuotaLookupError as e:
        module.fail_json(msg=str(e), suggestions=e.suggestions)


def wait_for_request(module, client, request, changed, quota):
    """Wait for a terminal status; fail when it is not APPROVED or when time runs out."""
    params = module.params
    try:
        final = wait_until(
            lambda: get_request(client, request["id"]),
            lambda r: not is_open_request(r),
            timeout=params["wait_timeout"],
            delay=params["wait_delay"],
        )
    except WaitTimeout as e:
        last = e.last or request
        module.fail_json(
            msg="Increase request %s for %s is still %s after %s seconds. It stays open: a later run reports it; "
            "raise wait_timeout or run without wait." % (last["id"], quota["quota_name"], last["status"], params["wait_timeout"]),
            changed=changed,
            request=last,
            quota=quota,
        )
    if final["status"] not in SUCCESSFUL_REQUEST_STATUSES:
        module.fail_json(
            msg="Increase request %s for %s (%s to %s) ended %s%s. Review it in the Service Quotas console or the support case, "
            "then request a value AWS can grant."
            % (
                final["id"],
                quota["quota_name"],
                quota["quota_code"],
                final["desired_value"],
                final["status"],
                " (support case %s)" % final["case_id"] if final.get("case_id") else "",
            ),
            changed=changed,
            request=final,
            quota=quota,
        )
    return final


def main():
    argument_spec = dict(
        service_code=dict(type="str", default="bedrock"),
        quota_code=dict(type="str"),
        quota_name=dict(type="str"),
        quota_name_pattern=dict(type="str"),
        desired_value=dict(type="float", required=True),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=300),
        wait_delay=dict(type="int", default=15),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        mutually_exclusive=[("quota_code", "quota_name", "quota_name_pattern")],
        required_one_of=[("quota_code", "quota_name", "quota_name_pattern")],
    )
    check_input(module)
    params = module.params
    service_code = params["service_code"]
    desired = float(params["desired_value"])
    client = aws_client(module, "service-quotas")
    context = {"region": module.region}

    try:
        quota = find_quota(module, client)
        applied = quota["applied_value"]
        label = "%s (%s)" % (quota["quota_name"], quota["quota_code"])
        if applied is not None and desired < applied:
            module.fail_json(
                msg="desired_value %s is below the applied value %s of %s. Service Quotas only raises quotas: set desired_value "
                "to %s or more (the quota already allows what you asked for)." % (desired, applied, label, applied),
                quota=quota,
            )
        if applied is not None and desired == applied:
            module.exit_json(
                support_case_required=False,
                changed=False,
                quota=quota,
                request=None,
                request_open_before=False,
                msg="%s already has the value %s; no request made." % (label, applied),
            )
        if not quota["adjustable"]:
            guidance = (
                "%s is not adjustable in Service Quotas (applied value %s, desired %s): no request was made. Open an AWS "
                "Support case (Service limit increase, service Amazon Bedrock, Region %s) asking for %s, or spread the load "
                "over other models, inference profiles or Regions." % (label, applied, desired, module.region, desired)
            )
            module.warn(guidance)
            module.exit_json(changed=False, quota=quota, request=None, request_open_before=False, support_case_required=True, msg=guidance)

        open_requests = list_open_requests(client, service_code, quota["quota_code"])
        if open_requests:
            found = open_requests[0]
            if found["desired_value"] is not None and found["desired_value"] < desired:
                module.warn(
                    "The open request %s asks for %s, less than desired_value %s; AWS allows one open request per quota, "
                    "so request again once it is closed." % (found["id"], found["desired_value"], desired)
                )
            if params["wait"] and not module.check_mode:
                found = wait_for_request(module, client, found, False, quota)
                quota = get_quota(client, service_code, quota["quota_code"]) or quota
            module.exit_json(
                support_case_required=False,
                changed=False,
                quota=quota,
                request=found,
                request_open_before=True,
                msg="An increase request for %s is already open (%s, status %s, desired value %s); no duplicate made."
                % (label, found["id"], found["status"], found["desired_value"]),
            )

        diff = {
            "before": {"quota_code": quota["quota_code"], "applied_value": applied, "open_request": None},
            "after": {"quota_code": quota["quota_code"], "applied_value": applied, "open_request": {"desired_value": desired}},
        }
        if module.check_mode:
            module.exit_json(
                support_case_required=False,
                changed=True,
                quota=quota,
                request=None,
                request_open_before=False,
                diff=diff,
                would_request={"service_code": service_code, "quota_code": quota["quota_code"], "desired_value": desired},
                msg="Would request an increase of %s from %s to %s." % (label, applied, desired),
            )

        try:
            request = request_increase(client, service_code, quota["quota_code"], desired)
        except is_ansible_aws_error_code("ResourceAlreadyExistsException"):
            # Another run opened one between our read and our request.
            open_requests = list_open_requests(client, service_code, quota["quota_code"])
            found = open_requests[0] if open_requests else None
            module.exit_json(
                support_case_required=False,
                changed=False,
                quota=quota,
                request=found,
                request_open_before=True,
                msg="An increase request for %s was opened meanwhile; no duplicate made." % label,
            )
        diff["after"]["open_request"] = {"desired_value": desired, "id": request["id"], "status": request["status"]}
        if params["wait"]:
            request = wait_for_request(module, client, request, True, quota)
            quota = get_quota(client, service_code, quota["quota_code"]) or quota
        module.exit_json(
            support_case_required=False,
            changed=True,
            quota=quota,
            request=request,
            request_open_before=False,
            diff=diff,
            msg="Requested an increase of %s from %s to %s: request %s is %s." % (label, applied, desired, request["id"], request["status"]),
        )
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Service Quotas call for %s failed in %s" % (service_code, module.region), **context)


if __name__ == "__main__":
    main()

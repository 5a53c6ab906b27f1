#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: budget
short_description: Manage an AWS Budgets cost budget and its notifications
version_added: 1.0.0
description:
  - Creates, updates in place or deletes an AWS Budgets C(COST) budget with its limit, time unit, optional cost
    filters and its notifications, each with EMAIL and/or SNS subscribers.
  - Idempotent. An update changes only what differs; the diff shows the budget before and after.
  - Notifications are identified by their type, comparison operator, threshold and threshold type. With
    O(purge_notifications=true), notifications and subscribers that are not listed are removed.
  - Input is checked before any AWS call. Amounts and thresholds must be greater than zero, subscribers must be
    EMAIL addresses or SNS topic ARNs, at most 5 notifications per budget and 1 SNS plus 10 EMAIL subscribers per
    notification.
author:
  - TicketFlow platform team (@ticketflow)
options:
  name:
    description:
      - The budget name, unique in the account (1 to 100 characters, no C(:) or C(\)).
    type: str
    required: true
  state:
    description:
      - Whether the budget exists.
    type: str
    choices: [present, absent]
    default: present
  account_id:
    description:
      - The account that owns the budget. Defaults to the account of the credentials (read with STS GetCallerIdentity).
    type: str
  limit_amount:
    description:
      - The spend limit for each period, in O(limit_unit). Required with O(state=present); must be greater than zero.
    type: float
  limit_unit:
    description:
      - The currency of O(limit_amount).
    type: str
    default: USD
  time_unit:
    description:
      - The period the budget is reset over.
    type: str
    choices: [DAILY, MONTHLY, QUARTERLY, ANNUALLY]
    default: MONTHLY
  cost_filters:
    description:
      - 'Cost filters, as in the Budgets API: a dict of dimension name to list of values, for example C({"Service": ["Amazon Bedrock"]}).'
      - Omit to leave the budget's filters as they are; V({}) removes them.
      - Claude and other third-party models are billed as AWS Marketplace products ("<Model> (Amazon Bedrock
        Edition)"), which a budget filtered to C(Service=Amazon Bedrock) misses; the module warns when asked for one.
        Filter by O(cost_allocation_tag) instead, or by nothing in an account dedicated to the application.
    type: dict
  cost_allocation_tag:
    description:
      - Count only the spend of resources carrying this cost allocation tag (for example the C(env) tag of the
        application inference profiles made by M(ticketflow.bedrock.bedrock_inference_profile)). Added to
        O(cost_filters) as the C(TagKeyValue) dimension (C(user:KEY$VALUE)); the values are alternatives.
      - The tag key must be activated as a cost allocation tag in the Billing console; spend shows about 24 hours
        after activation and is not back-filled before it.
    type: dict
    suboptions:
      key:
        description: The tag key.
        type: str
        required: true
      values:
        description: The tag values counted.
        type: list
        elements: str
        required: true
  notifications:
    description:
      - The alerts of the budget. Omit to leave the notifications as they are.
    type: list
    elements: dict
    suboptions:
      notification_type:
        description:
          - V(ACTUAL) spend or V(FORECASTED) spend.
        type: str
        choices: [ACTUAL, FORECASTED]
        default: ACTUAL
      comparison_operator:
        description:
          - How spend is compared with the threshold.
        type: str
        choices: [GREATER_THAN, LESS_THAN, EQUAL_TO]
        default: GREATER_THAN
      threshold:
        description:
          - The threshold, greater than zero; a percentage of the limit or an amount in O(limit_unit), per O(notifications[].threshold_type).
        type: float
        required: true
      threshold_type:
        description:
          - Whether O(notifications[].threshold) is a V(PERCENTAGE) of the limit or an V(ABSOLUTE_VALUE).
        type: str
        choices: [PERCENTAGE, ABSOLUTE_VALUE]
        default: PERCENTAGE
      subscribers:
        description:
          - Who is alerted. At least one; at most one SNS topic and ten e-mail addresses.
        type: list
        elements: dict
        required: true
        suboptions:
          subscription_type:
            description:
              - V(EMAIL) or V(SNS) (case does not matter).
            type: str
            required: true
          address:
            description:
              - An e-mail address for V(EMAIL), an SNS topic ARN for V(SNS). The topic policy must allow
                C(budgets.amazonaws.com) to publish.
            type: str
            required: true
  purge_notifications:
    description:
      - Remove the notifications and subscribers of the budget that O(notifications) does not list.
    type: bool
    default: true
notes:
  - Budgets is a global service; O(region) only chooses the endpoint's signing region (us-east-1 when not set).
  - Needs C(budgets:ViewBudget) and C(budgets:ModifyBudget), and C(sts:GetCallerIdentity) without O(account_id).
  - Budgets are billed per budget-day beyond the free ones; check AWS Budgets pricing.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# The seed plan's monthly budget: e-mail alerts when actual spend passes 50, 100 and 150 USD.
- name: Monthly Bedrock budget with 50/100/150 USD alerts
  ticketflow.bedrock.budget:
    name: ticketflow-bedrock-monthly
    limit_amount: 150
    limit_unit: USD
    time_unit: MONTHLY
    notifications:
      - notification_type: ACTUAL
        comparison_operator: GREATER_THAN
        threshold: 50
        threshold_type: ABSOLUTE_VALUE
        subscribers:
          - subscription_type: EMAIL
            address: ops@example.com
      - notification_type: ACTUAL
        comparison_operator: GREATER_THAN
        threshold: 100
        threshold_type: ABSOLUTE_VALUE
        subscribers:
          - subscription_type: EMAIL
            address: ops@example.com
      - notification_type: ACTUAL
        comparison_operator: GREATER_THAN
        threshold: 150
        threshold_type: ABSOLUTE_VALUE
        subscribers:
          - subscription_type: EMAIL
            address: ops@example.com
          - subscription_type: SNS
            address: arn:aws:sns:us-east-1:123456789012:ticketflow-budget-alerts

- name: Forecast alert at 80 percent, staging's Bedrock spend (its application inference profiles' env tag)
  ticketflow.bedrock.budget:
    name: ticketflow-bedrock-forecast
    limit_amount: 200
    cost_allocation_tag:
      key: env
      values: [staging]
    notifications:
      - notification_type: FORECASTED
        threshold: 80
        subscribers:
          - subscription_type: EMAIL
            address: finance@example.com

- name: Remove a budget
  ticketflow.bedrock.budget:
    name: ticketflow-bedrock-forecast
    state: absent
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
budget:
  description: The budget after the task (as it would be, in check mode); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: The budget name.
      type: str
      sample: ticketflow-bedrock-monthly
    budget_type:
      description: Always C(COST).
      type: str
      sample: COST
    limit_amount:
      description: The limit, as a decimal string without trailing zeros.
      type: str
      sample: "150"
    limit_unit:
      description: The currency.
      type: str
      sample: USD
    time_unit:
      description: The period.
      type: str
      sample: MONTHLY
    cost_filters:
      description: The cost filters (values sorted).
      type: dict
      sample: {"Service": ["Amazon Bedrock"]}
    notifications:
      description: The notifications, sorted by type, operator, threshold and threshold type.
      type: list
      elements: dict
      sample:
        - notification_type: ACTUAL
          comparison_operator: GREATER_THAN
          threshold: 50.0
          threshold_type: ABSOLUTE_VALUE
          subscribers: [{"subscription_type": "EMAIL", "address": "ops@example.com"}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_id
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import BudgetInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import apply_notification_plan
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import budget_from_api
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import budget_settings_differ
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import create_budget
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import delete_budget
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import describe_budget
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import describe_notifications
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import marketplace_gap_warning
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import merge_notifications
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import plan_is_empty
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import plan_notification_changes
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import update_budget
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import validate_budget_params
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client

ACCOUNT_ID_LENGTH = 12


def ensure_present(module, client, account_id, desired):
    """Create or update the budget; returns (changed, before, after)."""
    name = desired["name"]
    current_api = describe_budget(client, account_id, name)
    if current_api is None:
        after = dict(desired, cost_filters=desired["cost_filters"] or {}, notifications=desired["notifications"] or [])
        if not module.check_mode:
            create_budget(client, account_id, desired)
        return True, {}, after

    if current_api.get("BudgetType") != "COST":
        module.fail_json(
            msg="Budget %s exists as a %s budget; this module manages COST budgets. Choose another name or delete that budget first."
            % (name, current_api.get("BudgetType"))
        )
    before = budget_from_api(current_api, describe_notifications(client, account_id, name))
    purge = module.params["purge_notifications"]
    settings_changed = budget_settings_differ(before, desired)
    if desired["notifications"] is None:
        plan = {"create": [], "delete": [], "add_subscribers": [], "remove_subscribers": []}
        notifications = before["notifications"]
    else:
        plan = plan_notification_changes(before["notifications"], desired["notifications"], purge=purge)
        notifications = merge_notifications(before["notifications"], desired["notifications"], purge=purge)
    after = dict(
        before,
        limit_amount=desired["limit_amount"],
        limit_unit=desired["limit_unit"],
        time_unit=desired["time_unit"],
        cost_filters=desired["cost_filters"] if desired["cost_filters"] is not None else before["cost_filters"],
        notifications=notifications,
    )
    changed = settings_changed or not plan_is_empty(plan)
    if changed and not module.check_mode:
        if settings_changed:
            update_budget(client, account_id, desired, current_api)
        apply_notification_plan(client, account_id, name, plan)
    return changed, before, after


def ensure_absent(module, client, account_id, name):
    """Delete the budget when it exists; returns (changed, before, after)."""
    current_api = describe_budget(client, account_id, name)
    if current_api is None:
        return False, {}, {}
    before = budget_from_api(current_api, describe_notifications(client, account_id, name))
    if not module.check_mode:
        delete_budget(client, account_id, name)
    return True, before, {}


def main():
    subscriber_spec = dict(
        subscription_type=dict(type="str", required=True),
        address=dict(type="str", required=True),
    )
    notification_spec = dict(
        notification_type=dict(type="str", choices=["ACTUAL", "FORECASTED"], default="ACTUAL"),
        comparison_operator=dict(type="str", choices=["GREATER_THAN", "LESS_THAN", "EQUAL_TO"], default="GREATER_THAN"),
        threshold=dict(type="float", required=True),
        threshold_type=dict(type="str", choices=["PERCENTAGE", "ABSOLUTE_VALUE"], default="PERCENTAGE"),
        subscribers=dict(type="list", elements="dict", required=True, options=subscriber_spec),
    )
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        account_id=dict(type="str"),
        limit_amount=dict(type="float"),
        limit_unit=dict(type="str", default="USD"),
        time_unit=dict(type="str", choices=["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY"], default="MONTHLY"),
        cost_filters=dict(type="dict"),
        cost_allocation_tag=dict(
            type="dict", options=dict(key=dict(type="str", required=True, no_log=False), values=dict(type="list", elements="str", required=True))
        ),
        notifications=dict(type="list", elements="dict", options=notification_spec),
        purge_notifications=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ("limit_amount",))],
    )
    params = module.params
    account_id = params["account_id"]
    if account_id is not None and (len(account_id) != ACCOUNT_ID_LENGTH or not account_id.isdigit()):
        module.fail_json(msg="account_id %r is not a 12-digit AWS account ID." % account_id)
    desired = None
    if params["state"] == "present":
        try:
            desired = validate_budget_params(params)
        except BudgetInputError as e:
            module.fail_json(msg=str(e))
        gap = marketplace_gap_warning(desired["cost_filters"])
        if gap:
            module.warn(gap)

    # Budgets has one global endpoint; any region signs for it, us-east-1 when none is set.
    client = aws_client(module, "budgets", region=module.region or "us-east-1")
    if account_id is None:
        account_id = get_aws_account_id(module)
    try:
        if desired is not None:
            changed, before, after = ensure_present(module, client, account_id, desired)
        else:
            changed, before, after = ensure_absent(module, client, account_id, params["name"])
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "AWS Budgets call for budget %s failed" % params["name"], region=module.region)
    module.exit_json(changed=changed, budget=after, diff={"before": before, "after": after})


if __name__ == "__main__":
    main()

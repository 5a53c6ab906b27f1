#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: bedrock_trail_data_events
short_description: Log Amazon Bedrock data events (guardrails and others) on a CloudTrail trail
version_added: 1.1.0
description:
  - Sets a trail's advanced event selectors to log management events and the CloudTrail data events of the
    given Bedrock resource types. Guardrail evaluations (ApplyGuardrail, and guardrails applied to invocations)
    are data events of C(AWS::Bedrock::Guardrail), which a trail does not log by default.
  - Advanced selectors replace the trail's selectors; management events are kept with a selector of their own.
    Other selectors the trail had are replaced (the diff shows them).
  - Idempotent, with check mode and diff. Data events are charged per event.
author:
  - TicketFlow platform team (@ticketflow)
options:
  trail_name:
    description: The trail's name or ARN. It must exist.
    type: str
    required: true
  resource_types:
    description:
      - The Bedrock resource types whose data events are logged; an empty list logs management events only.
    type: list
    elements: str
    choices: [AWS::Bedrock::Guardrail, AWS::Bedrock::AgentAlias, AWS::Bedrock::KnowledgeBase, AWS::Bedrock::FlowAlias]
    default: [AWS::Bedrock::Guardrail]
notes:
  - Needs C(cloudtrail:GetEventSelectors) and C(cloudtrail:PutEventSelectors) on the trail.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Log guardrail evaluations on the TicketFlow trail
  ticketflow.bedrock.bedrock_trail_data_events:
    trail_name: TicketFlowBedrock-staging
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
advanced_event_selectors:
  description: The trail's advanced event selectors after the task (as they would be, in check mode).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "Management events", "field_selectors": [{"field": "eventCategory", "equals": ["Management"]}]}]
"""

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils import trail_data_events as tde
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client


def snake(selectors):
    return [camel_dict_to_snake_dict(s) for s in selectors or []]


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            trail_name=dict(type="str", required=True),
            resource_types=dict(type="list", elements="str", choices=list(tde.RESOURCE_TYPES), default=["AWS::Bedrock::Guardrail"]),
        ),
        supports_check_mode=True,
    )
    try:
        desired = tde.desired_selectors(module.params["resource_types"])
    except tde.DataEventsInputError as e:
        module.fail_json(msg=str(e))
    client = aws_client(module, "cloudtrail")
    trail = module.params["trail_name"]
    try:
        current = tde.get_selectors(client, trail)
        changed = not tde.same_selectors(desired, current or [])
        if changed and not module.check_mode:
            tde.put_selectors(client, trail, desired)
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not set the data events of trail %s" % trail, region=module.region)
    module.exit_json(
        changed=changed,
        advanced_event_selectors=snake(desired),
        diff={"before": {"advanced_event_selectors": snake(current)}, "after": {"advanced_event_selectors": snake(desired)}},
    )


if __name__ == "__main__":
    main()

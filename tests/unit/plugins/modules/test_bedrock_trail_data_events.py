# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import trail_data_events as tde
from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_trail_data_events
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

TRAIL = "TicketFlowBedrock-staging"
TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/%s" % TRAIL
GUARDRAIL_DATA = {
    "Name": "Data events of AWS::Bedrock::Guardrail",
    "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::Bedrock::Guardrail"]}],
}


@pytest.fixture
def aws():
    return StubbedAWS()


def args(**extra):
    return dict({"region": "us-east-1", "trail_name": TRAIL}, **extra)


def test_default_trail_gets_management_and_guardrail_selectors(aws):
    stubber = aws.stub("cloudtrail")
    # A trail created without selectors answers the basic default (all management events).
    stubber.add_response(
        "get_event_selectors", {"TrailARN": TRAIL_ARN, "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]}, {"TrailName": TRAIL}
    )
    stubber.add_response(
        "put_event_selectors", {"TrailARN": TRAIL_ARN}, {"TrailName": TRAIL, "AdvancedEventSelectors": [tde.MANAGEMENT_SELECTOR, GUARDRAIL_DATA]}
    )
    outcome = run_module(bedrock_trail_data_events.main, args(), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    assert outcome.result["diff"]["before"] == {"advanced_event_selectors": []}


def test_same_selectors_in_another_order_are_unchanged(aws):
    stubber = aws.stub("cloudtrail")
    renamed = dict(GUARDRAIL_DATA, Name="guardrails", FieldSelectors=list(reversed(GUARDRAIL_DATA["FieldSelectors"])))
    stubber.add_response("get_event_selectors", {"TrailARN": TRAIL_ARN, "AdvancedEventSelectors": [renamed, tde.MANAGEMENT_SELECTOR]}, {"TrailName": TRAIL})
    outcome = run_module(bedrock_trail_data_events.main, args(), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] is False


def test_check_mode_puts_nothing(aws):
    stubber = aws.stub("cloudtrail")
    stubber.add_response("get_event_selectors", {"TrailARN": TRAIL_ARN, "AdvancedEventSelectors": [tde.MANAGEMENT_SELECTOR]}, {"TrailName": TRAIL})
    outcome = run_module(bedrock_trail_data_events.main, args(), aws, check_mode=True)
    aws.assert_all_called()
    assert outcome.result["changed"] is True


def test_missing_trail_keeps_the_aws_error_code(aws):
    client_error(aws.stub("cloudtrail"), "get_event_selectors", "TrailNotFoundException", "Unknown trail: %s for the user: 123456789012" % TRAIL_ARN)
    outcome = run_module(bedrock_trail_data_events.main, args(), aws)
    assert outcome.failed and "TrailNotFoundException" in str(outcome.result)


def test_unknown_resource_type_is_refused():
    with pytest.raises(tde.DataEventsInputError, match="unknown"):
        tde.desired_selectors(["AWS::S3::Object"])

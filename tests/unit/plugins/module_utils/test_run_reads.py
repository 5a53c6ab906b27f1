# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which same-run reads the readiness report takes instead of reading again."""

from ansible_collections.ticketflow.bedrock.plugins.filter.readiness_run_reads import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils.run_reads import usable_run_reads

MODELS = ["us.anthropic.claude-sonnet-4-6", "amazon.nova-lite-v1:0"]
ACCESS = {"changed": False, "ready": True, "models": [{"id": MODELS[0], "ready": True}, {"id": MODELS[1], "ready": True}]}
FOUND = {"changed": False, "metric_alarms": [{"alarm_name": "TicketFlowBedrock-local-logging-cloudwatch-delivery"}]}
NOTHING_APPLIED = {"changed": False, "skipped": True, "skipped_reason": "No items in the list", "results": []}
APPLIED = {"changed": True, "results": [{"changed": True, "item": {"name": "TicketFlowBedrock-local-x-throttles"}}]}
ENDPOINTS = {"vpc_id": "vpc-1", "vpc_endpoints": [{"vpc_endpoint_id": "vpce-1", "service_name": "com.amazonaws.us-east-1.bedrock-runtime"}]}


BUDGET_STATE = {"name": "TicketFlowBedrock-local", "limit_amount": "50", "limit_unit": "USD", "notifications": []}
BUDGET = {"changed": False, "budget": BUDGET_STATE, "diff": {"before": BUDGET_STATE, "after": BUDGET_STATE}}


def test_everything_read_in_this_run_is_reused():
    reads = usable_run_reads(
        {"access": ACCESS, "alarms_found": FOUND, "alarms_applied": NOTHING_APPLIED, "endpoints": ENDPOINTS, "budget": BUDGET},
        MODELS,
        "vpc-1",
        budget_name="TicketFlowBedrock-local",
        budget_limit=50,
    )
    assert reads == {"access": ACCESS, "alarms": FOUND, "endpoints": {"vpc_endpoints": ENDPOINTS["vpc_endpoints"]}, "budget": BUDGET}


def test_a_changed_or_other_budget_is_read_again():
    changed = dict(BUDGET, changed=True, diff={"before": dict(BUDGET_STATE, limit_amount="999"), "after": BUDGET_STATE})
    assert usable_run_reads({"budget": changed}, budget_name="TicketFlowBedrock-local", budget_limit=50)["budget"] is None
    assert usable_run_reads({"budget": BUDGET}, budget_name="TicketFlowBedrock-prod", budget_limit=50)["budget"] is None
    assert usable_run_reads({"budget": BUDGET}, budget_name="TicketFlowBedrock-local", budget_limit=60)["budget"] is None
    assert usable_run_reads({"budget": dict(BUDGET, skipped=True)}, budget_name="TicketFlowBedrock-local", budget_limit=50)["budget"] is None


def test_the_report_alone_reads_everything():
    """validate.yml alone: no role ran, the facts are undefined (None)."""
    empty = {"access": None, "alarms": None, "endpoints": None, "budget": None}
    nothing = {"access": None, "alarms_found": None, "alarms_applied": None, "endpoints": None, "budget": None}
    assert usable_run_reads(nothing, MODELS, "vpc-1", budget_name="TicketFlowBedrock-local", budget_limit=50) == empty
    assert usable_run_reads(None, MODELS, "vpc-1") == empty


def test_access_of_other_models_is_read_again():
    assert usable_run_reads({"access": ACCESS}, MODELS[:1])["access"] is None
    assert usable_run_reads({"access": ACCESS}, list(reversed(MODELS)))["access"] is None
    assert usable_run_reads({"access": dict(ACCESS, skipped=True)}, MODELS)["access"] is None


def test_alarms_are_read_again_after_a_change_or_when_unknown():
    assert usable_run_reads({"alarms_found": FOUND, "alarms_applied": APPLIED})["alarms"] is None
    assert usable_run_reads({"alarms_found": FOUND, "alarms_applied": None})["alarms"] is None
    assert usable_run_reads({"alarms_found": {"skipped": True}, "alarms_applied": NOTHING_APPLIED})["alarms"] is None


def test_endpoints_of_another_vpc_or_no_vpc_are_not_reused():
    assert usable_run_reads({"endpoints": ENDPOINTS}, vpc_id="vpc-2")["endpoints"] is None
    assert usable_run_reads({"endpoints": ENDPOINTS}, vpc_id="")["endpoints"] is None


def test_filter():
    run_reads = FilterModule().filters()["readiness_run_reads"]
    assert run_reads({"access": ACCESS}, models=MODELS)["access"] == ACCESS

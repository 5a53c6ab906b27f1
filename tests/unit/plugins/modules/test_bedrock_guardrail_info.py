# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_guardrail_info
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import ARN
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import GID
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import desired
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import enforced
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import stub_enforced
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import stub_find
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import stub_get
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_guardrail import stub_versions
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module


@pytest.fixture
def aws():
    return StubbedAWS()


def test_reads_newest_version_and_enforcement(aws):
    stubber = aws.stub("bedrock")
    stub_find(stubber)
    stub_enforced(stubber, enforced(guardrail_id="someoneelse", config_id="other"), enforced(version="2"))
    stub_versions(stubber, 1, 2)
    outcome = run_module(bedrock_guardrail_info.main, {"region": "us-east-1", "name": "ticketflow"}, aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    guardrail = outcome.result["guardrail"]
    assert outcome.result["changed"] is False and outcome.result["guardrails"] == [guardrail]
    assert (guardrail["guardrail_id"], guardrail["versions"], guardrail["version_arn"]) == (GID, ["1", "2"], ARN + ":2")
    assert (guardrail["enforced_config_id"], guardrail["enforced_version"]) == ("config1", "2")
    assert guardrail["config"] == {}


def test_missing_guardrail_is_null_not_an_error(aws):
    stub_find(aws.stub("bedrock"), found=False)  # no enforcement read when there is nothing to match
    outcome = run_module(bedrock_guardrail_info.main, {"region": "us-east-1", "name": "ticketflow"}, aws, check_mode=True)
    aws.assert_all_called()
    assert not outcome.failed and outcome.result["guardrail"] is None and outcome.result["guardrails"] == []


def test_all_guardrails_with_config(aws):
    stubber = aws.stub("bedrock")
    stub_find(stubber)
    stub_enforced(stubber)
    stub_versions(stubber)
    stub_get(stubber, desired())
    outcome = run_module(bedrock_guardrail_info.main, {"region": "us-east-1", "include_config": True}, aws)
    aws.assert_all_called()
    assert "guardrail" not in outcome.result
    (guardrail,) = outcome.result["guardrails"]
    assert guardrail["version"] is None and guardrail["version_arn"] is None and guardrail["enforced_config_id"] is None
    assert guardrail["config"]["name"] == "ticketflow"


def test_bad_input_fails_before_any_call(aws):
    for params, text in (({"name": "no spaces"}, "not a valid guardrail name"), ({"region": "us-east-9"}, "us-east-9")):
        outcome = run_module(bedrock_guardrail_info.main, dict({"region": "us-east-1", "name": "ticketflow"}, **params), aws)
        assert outcome.failed and text in outcome.result["msg"]
    assert aws.stubbers == {}


def test_access_denied_keeps_the_error_code(aws):
    client_error(aws.stub("bedrock"), "list_guardrails", "AccessDeniedException", "User is not authorized to perform: bedrock:ListGuardrails", 403)
    outcome = run_module(bedrock_guardrail_info.main, {"region": "us-east-1", "name": "ticketflow"}, aws)
    assert outcome.failed
    assert "AccessDeniedException" in str(outcome.result) and "bedrock:ListGuardrails" in outcome.result["msg"]

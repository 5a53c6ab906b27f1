# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""bedrock_invoke_test with a guardrail: the request carries it, and require_guardrail proves a call without it is denied."""

import pytest
from botocore.stub import ANY

from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_invoke_test import CONVERSE_REPLY
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_invoke_test import US_HAIKU
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_invoke_test import anthropic_body
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_invoke_test import converse_params
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.modules.test_bedrock_invoke_test import run_module

GID = "hu1dlsv9wy1d"
DENIED = (
    "User: arn:aws:sts::123456789012:assumed-role/TicketFlowBedrockRuntime/s is not authorized to perform: bedrock:InvokeModel on resource: "
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/%s with an explicit deny in an identity-based policy" % US_HAIKU
)


def guarded_params():
    return dict(converse_params(), guardrailConfig={"guardrailIdentifier": GID, "guardrailVersion": "1"})


def test_converse_carries_the_guardrail(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    runtime.add_response("converse", CONVERSE_REPLY, guarded_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, guardrail_id=GID, guardrail_version="1")
    assert not failed, result
    assert "guardrail_enforced" not in result
    runtime.assert_no_pending_responses()


def test_require_guardrail_passes_when_the_unguarded_call_is_denied(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    runtime.add_response("converse", CONVERSE_REPLY, guarded_params())
    runtime.add_client_error("converse", "AccessDeniedException", DENIED, 403, expected_params=converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, guardrail_id=GID, guardrail_version="1", require_guardrail=True)
    assert not failed, result
    assert result["passed"] is True and result["guardrail_enforced"] is True
    runtime.assert_no_pending_responses()


def test_require_guardrail_fails_when_the_unguarded_call_is_allowed(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    runtime.add_response("converse", CONVERSE_REPLY, guarded_params())
    runtime.add_response("converse", CONVERSE_REPLY, converse_params())
    failed, result = run_module(capsys, model_id=US_HAIKU, guardrail_id=GID, guardrail_version="1", require_guardrail=True)
    assert failed
    assert result["guardrail_enforced"] is False and result["diagnosis"]["code"] == "guardrail_not_enforced"
    assert "without the guardrail was allowed" in result["msg"]


def test_invoke_model_sends_the_guardrail_headers(aws, capsys):
    runtime = aws.stub("bedrock-runtime")
    runtime.add_response(
        "invoke_model",
        anthropic_body(),
        {
            "modelId": US_HAIKU,
            "contentType": "application/json",
            "accept": "application/json",
            "body": ANY,
            "guardrailIdentifier": GID,
            "guardrailVersion": "2",
        },
    )
    failed, result = run_module(capsys, model_id=US_HAIKU, api="invoke_model", guardrail_id=GID, guardrail_version="2")
    assert not failed, result
    runtime.assert_no_pending_responses()


@pytest.mark.parametrize("args", [{"guardrail_id": GID}, {"require_guardrail": True}])
def test_incomplete_guardrail_options_fail_before_any_call(aws, capsys, args):
    failed, result = run_module(capsys, model_id=US_HAIKU, **args)
    assert failed
    assert aws.created == []

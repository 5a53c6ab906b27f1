# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import copy

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.invoke_policy import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import INVOKE_ACTIONS
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import InvokePolicyError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import require_guardrail

GUARDRAIL = "arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d"
PROFILE = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "InvokeInferenceProfiles", "Effect": "Allow", "Action": list(INVOKE_ACTIONS), "Resource": [PROFILE]},
        {
            "Sid": "InvokeProfileDestinationModels",
            "Effect": "Allow",
            "Action": list(INVOKE_ACTIONS),
            "Resource": ["arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"],
            "Condition": {"StringEquals": {"bedrock:InferenceProfileArn": PROFILE}},
        },
    ],
}


def test_every_invoke_allow_requires_the_guardrail_version():
    document = require_guardrail(POLICY, GUARDRAIL + ":2")
    allows = [s for s in document["Statement"] if s["Effect"] == "Allow" and s["Action"] == INVOKE_ACTIONS]
    assert len(allows) == 2
    for statement in allows:
        assert statement["Condition"]["StringEquals"]["bedrock:GuardrailIdentifier"] == GUARDRAIL + ":2"
    # The profile condition is kept next to the guardrail one.
    assert allows[1]["Condition"]["StringEquals"]["bedrock:InferenceProfileArn"] == PROFILE


def test_deny_without_the_guardrail_and_apply_on_it():
    document = require_guardrail(POLICY, GUARDRAIL + ":2")
    deny = next(s for s in document["Statement"] if s["Effect"] == "Deny")
    assert deny["Action"] == INVOKE_ACTIONS and deny["Resource"] == "*"
    assert deny["Condition"] == {"StringNotEquals": {"bedrock:GuardrailIdentifier": GUARDRAIL + ":2"}}
    apply = next(s for s in document["Statement"] if s.get("Sid") == "ApplyGuardrail")
    assert apply == {"Sid": "ApplyGuardrail", "Effect": "Allow", "Action": ["bedrock:ApplyGuardrail"], "Resource": [GUARDRAIL]}


def test_input_document_is_not_changed():
    before = copy.deepcopy(POLICY)
    require_guardrail(POLICY, GUARDRAIL + ":1")
    assert POLICY == before


@pytest.mark.parametrize("bad", [GUARDRAIL, GUARDRAIL + ":DRAFT", "hu1dlsv9wy1d:1", "", None, GUARDRAIL + ":*"])
def test_refuses_what_is_not_a_numbered_version_arn(bad):
    with pytest.raises(InvokePolicyError, match="not a guardrail version ARN"):
        require_guardrail(POLICY, bad)


def test_filter_wraps_errors():
    invoke_policy_guardrail = FilterModule().filters()["invoke_policy_guardrail"]
    assert invoke_policy_guardrail(POLICY, GUARDRAIL + ":3")["Statement"][-1]["Resource"] == [GUARDRAIL]
    with pytest.raises(AnsibleFilterError, match="invoke_policy_guardrail"):
        invoke_policy_guardrail(POLICY, "DRAFT")

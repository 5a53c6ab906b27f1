# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Comparing what policy documents grant."""

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils.policy_compare import PolicyDocumentError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.policy_compare import policy_difference

PROFILE = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6"
MODELS = ["arn:aws:bedrock:%s::foundation-model/anthropic.claude-sonnet-4-6" % r for r in ("us-east-1", "us-east-2", "us-west-2")]
ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
COMPUTED = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "InvokeInferenceProfiles", "Effect": "Allow", "Action": ACTIONS, "Resource": [PROFILE]},
        {
            "Sid": "InvokeProfileDestinationModels",
            "Effect": "Allow",
            "Action": ACTIONS,
            "Resource": MODELS,
            "Condition": {"StringEquals": {"bedrock:InferenceProfileArn": PROFILE}},
        },
    ],
}


def test_same_grants_cut_differently_are_equal():
    parts = [
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "A", "Effect": "Allow", "Action": "bedrock:invokemodel", "Resource": PROFILE},
                {"Effect": "Allow", "Action": "bedrock:InvokeModelWithResponseStream", "Resource": PROFILE},
            ],
        },
        {
            "Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Action": ACTIONS, "Resource": MODELS, "Condition": {"StringEquals": {"bedrock:InferenceProfileArn": [PROFILE]}}},
        },
    ]
    assert policy_difference(parts, [COMPUTED]) == {"extra": [], "missing": []}


def test_widened_resource_and_action_are_named():
    widened = {
        "Version": "2012-10-17",
        "Statement": COMPUTED["Statement"]
        + [
            {
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:CreateModelCustomizationJob"],
                "Resource": "arn:aws:bedrock:us-east-1::foundation-model/*",
            }
        ],
    }
    diff = policy_difference(widened, COMPUTED)
    assert diff["missing"] == []
    assert diff["extra"] == [
        "Allow bedrock:createmodelcustomizationjob on arn:aws:bedrock:us-east-1::foundation-model/*",
        "Allow bedrock:invokemodel on arn:aws:bedrock:us-east-1::foundation-model/*",
    ]


def test_dropped_condition_is_both_extra_and_missing():
    unconditioned = {"Version": "2012-10-17", "Statement": [COMPUTED["Statement"][0], dict(COMPUTED["Statement"][1], Condition={})]}
    diff = policy_difference(unconditioned, COMPUTED)
    assert len(diff["extra"]) == 6 and len(diff["missing"]) == 6
    assert all(" if " not in grant for grant in diff["extra"])


def test_not_action_never_matches():
    diff = policy_difference({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}, COMPUTED)
    assert diff["extra"] == ["Allow NotAction:iam:* on *"]


def test_not_a_policy():
    with pytest.raises(PolicyDocumentError):
        policy_difference("{not json", COMPUTED)
    with pytest.raises(PolicyDocumentError):
        policy_difference({"Version": "2012-10-17"}, COMPUTED)

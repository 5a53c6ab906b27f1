# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The runtime role and the dev user never get AWS Marketplace permissions (the setup identity subscribes once)."""

import pathlib

from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import build_invoke_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness_checks import invoke_policy_check

ROOT = pathlib.Path(__file__).resolve().parents[4]
PROFILE = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0"
ENTRIES = [
    {
        "id": "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        "invoke_resources": {"profile_arn": PROFILE, "model_arns": ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"]},
    },
    {"id": "amazon.nova-lite-v1:0", "invoke_resources": {"model_arns": ["arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"]}},
]


def test_the_computed_invoke_policy_grants_only_invocation():
    policy = build_invoke_policy(ENTRIES)
    actions = {a for statement in policy["Statement"] for a in statement["Action"]}
    assert actions == {"bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"}


def test_no_role_that_creates_the_runtime_role_or_the_dev_user_grants_marketplace_actions():
    for role in ("bedrock_iam", "bedrock_instance_role"):
        for path in (ROOT / "roles" / role).rglob("*"):
            if path.is_file() and path.suffix in (".yml", ".j2", ".json"):
                assert "aws-marketplace" not in path.read_text(encoding="utf-8").lower(), path


def test_a_marketplace_grant_on_the_runtime_role_fails_the_readiness_check():
    policy = build_invoke_policy(ENTRIES)
    widened = {
        "Version": "2012-10-17",
        "Statement": policy["Statement"] + [{"Effect": "Allow", "Action": ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"], "Resource": "*"}],
    }
    read = {"exists": True, "inline_policies": [], "managed_policies": [{"policy_name": "TicketFlowBedrockInvoke-prod", "document": widened}]}
    result = invoke_policy_check("runtime role", read, "TicketFlowBedrockInvoke-prod", policy)
    assert result["ok"] is False
    assert "Allow aws-marketplace:subscribe on *" in result["detail"] and "Allow aws-marketplace:viewsubscriptions on *" in result["detail"]

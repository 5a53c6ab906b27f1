"""IAM SimulatePrincipalPolicy, answered by the evaluator that authorizes Bedrock invocations."""

from __future__ import annotations

import json

import pytest
from bedrock_support import expect_error

ACCOUNT = "123456789012"
HAIKU_ARN = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
OPUS_ARN = "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-opus-20240229-v1:0"
SEED = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowInvokeSelectedModels",
            "Effect": "Allow",
            "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            "Resource": [HAIKU_ARN],
            "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}},
        }
    ],
}


@pytest.fixture
def iam(client):
    iam = client("iam")
    iam.create_user(UserName="app")
    iam.put_user_policy(UserName="app", PolicyName="invoke", PolicyDocument=json.dumps(SEED))
    return iam


def simulate(iam, source, actions, resources=None, context=None):
    kwargs = {"PolicySourceArn": source, "ActionNames": actions}
    if resources:
        kwargs["ResourceArns"] = resources
    if context:
        kwargs["ContextEntries"] = [{"ContextKeyName": k, "ContextKeyValues": [v], "ContextKeyType": "string"} for k, v in context.items()]
    return iam.simulate_principal_policy(**kwargs)["EvaluationResults"]


USER = f"arn:aws:iam::{ACCOUNT}:user/app"


def test_allowed_with_matched_statement(iam):
    (result,) = simulate(iam, USER, ["bedrock:InvokeModel"], [HAIKU_ARN], {"aws:RequestedRegion": "us-east-1"})
    assert result["EvalDecision"] == "allowed"
    assert result["EvalResourceName"] == HAIKU_ARN
    assert result["MatchedStatements"] == [{"SourcePolicyId": "invoke", "SourcePolicyType": "user"}]
    assert result["ResourceSpecificResults"][0]["EvalResourceDecision"] == "allowed"


def test_implicit_deny_for_other_resources_actions_and_regions(iam):
    results = simulate(iam, USER, ["bedrock:InvokeModel", "bedrock:CreateModelCustomizationJob"], [HAIKU_ARN, OPUS_ARN], {"aws:RequestedRegion": "us-east-1"})
    decisions = {(r["EvalActionName"], r["EvalResourceName"]): r["EvalDecision"] for r in results}
    assert decisions == {
        ("bedrock:InvokeModel", HAIKU_ARN): "allowed",
        ("bedrock:InvokeModel", OPUS_ARN): "implicitDeny",
        ("bedrock:CreateModelCustomizationJob", HAIKU_ARN): "implicitDeny",
        ("bedrock:CreateModelCustomizationJob", OPUS_ARN): "implicitDeny",
    }
    (west,) = simulate(iam, USER, ["bedrock:InvokeModel"], [HAIKU_ARN], {"aws:RequestedRegion": "us-west-2"})
    assert west["EvalDecision"] == "implicitDeny"


def test_missing_context_values_are_reported(iam):
    (result,) = simulate(iam, USER, ["bedrock:InvokeModel"], [HAIKU_ARN])
    assert result["EvalDecision"] == "implicitDeny"
    assert result["MissingContextValues"] == ["aws:RequestedRegion"]


def test_explicit_deny_from_an_attached_managed_policy(iam):
    deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "bedrock:*", "Resource": "*"}]}
    arn = iam.create_policy(PolicyName="NoBedrock", PolicyDocument=json.dumps(deny))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="app", PolicyArn=arn)
    (result,) = simulate(iam, USER, ["bedrock:InvokeModel"], [HAIKU_ARN], {"aws:RequestedRegion": "us-east-1"})
    assert result["EvalDecision"] == "explicitDeny"
    assert result["MatchedStatements"] == [{"SourcePolicyId": "NoBedrock", "SourcePolicyType": "user-managed"}]


def test_role_policies_and_wildcards(client):
    iam = client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    role_arn = iam.create_role(RoleName="TicketFlowApp", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    document = {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "bedrock:Invoke*", "Resource": "arn:aws:bedrock:*::foundation-model/anthropic.*"},
    }
    iam.put_role_policy(RoleName="TicketFlowApp", PolicyName="invoke", PolicyDocument=json.dumps(document))
    results = simulate(iam, role_arn, ["bedrock:invokemodel", "bedrock:InvokeModelWithResponseStream"], [OPUS_ARN])
    assert {r["EvalDecision"] for r in results} == {"allowed"}
    (meta,) = simulate(iam, role_arn, ["bedrock:InvokeModel"], ["arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0"])
    assert meta["EvalDecision"] == "implicitDeny"


def test_without_resource_arns_the_resource_is_star(iam):
    (result,) = simulate(iam, USER, ["bedrock:InvokeModel"], context={"aws:RequestedRegion": "us-east-1"})
    assert result["EvalResourceName"] == "*"
    assert result["EvalDecision"] == "implicitDeny"


def test_unknown_principal(client):
    expect_error(lambda: simulate(client("iam"), f"arn:aws:iam::{ACCOUNT}:user/ghost", ["bedrock:InvokeModel"]), "NoSuchEntity", 404)

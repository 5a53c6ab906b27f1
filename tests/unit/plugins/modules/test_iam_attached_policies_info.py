# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""iam_attached_policies_info reads the documents a role or user holds, from IAM's answers."""

import datetime
import json

import pytest

from ansible_collections.ticketflow.bedrock.plugins.modules import iam_attached_policies_info
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

ARN = "arn:aws:iam::123456789012:policy/TicketFlowBedrockInvoke-staging"
WIDE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:us-east-1::foundation-model/*"}],
}
INLINE = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
WHEN = datetime.datetime(2026, 11, 2, tzinfo=datetime.timezone.utc)


@pytest.fixture
def aws():
    return StubbedAWS()


def test_role_managed_and_inline_documents(aws):
    iam = aws.stub("iam")
    iam.add_response(
        "list_attached_role_policies",
        {"AttachedPolicies": [{"PolicyName": "TicketFlowBedrockInvoke-staging", "PolicyArn": ARN}], "IsTruncated": False},
        {"RoleName": "TicketFlowBedrockRuntime-staging"},
    )
    iam.add_response("list_role_policies", {"PolicyNames": ["extra"], "IsTruncated": False}, {"RoleName": "TicketFlowBedrockRuntime-staging"})
    iam.add_response("get_policy", {"Policy": {"PolicyName": "TicketFlowBedrockInvoke-staging", "Arn": ARN, "DefaultVersionId": "v3"}}, {"PolicyArn": ARN})
    iam.add_response(
        "get_policy_version",
        {"PolicyVersion": {"Document": json.dumps(WIDE), "VersionId": "v3", "IsDefaultVersion": True, "CreateDate": WHEN}},
        {"PolicyArn": ARN, "VersionId": "v3"},
    )
    iam.add_response(
        "get_role_policy",
        {"RoleName": "TicketFlowBedrockRuntime-staging", "PolicyName": "extra", "PolicyDocument": json.dumps(INLINE)},
        {"RoleName": "TicketFlowBedrockRuntime-staging", "PolicyName": "extra"},
    )
    outcome = run_module(iam_attached_policies_info.main, {"role_name": "TicketFlowBedrockRuntime-staging"}, aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False and outcome.result["exists"] is True
    assert outcome.result["managed_policies"] == [
        {"policy_name": "TicketFlowBedrockInvoke-staging", "policy_arn": ARN, "default_version_id": "v3", "document": WIDE}
    ]
    assert outcome.result["inline_policies"] == [{"policy_name": "extra", "document": INLINE}]


def test_user_lists_its_bedrock_api_keys_across_pages(aws):
    iam = aws.stub("iam")
    user = {"UserName": "ticketflow-bedrock-dev-staging"}
    iam.add_response("list_attached_user_policies", {"AttachedPolicies": [], "IsTruncated": False}, user)
    iam.add_response("list_user_policies", {"PolicyNames": [], "IsTruncated": False}, user)
    key = {
        "UserName": user["UserName"],
        "Status": "Active",
        "ServiceUserName": "",
        "CreateDate": WHEN,
        "ServiceSpecificCredentialId": "ACCA1234567890EXAMPL",
        "ServiceName": "bedrock.amazonaws.com",
    }
    wanted = dict(user, ServiceName="bedrock.amazonaws.com")
    iam.add_response("list_service_specific_credentials", {"ServiceSpecificCredentials": [key], "IsTruncated": True, "Marker": "m1"}, wanted)
    expiring = dict(key, ServiceSpecificCredentialId="ACCA0987654321EXAMPL", ExpirationDate=WHEN)
    iam.add_response("list_service_specific_credentials", {"ServiceSpecificCredentials": [expiring], "IsTruncated": False}, dict(wanted, Marker="m1"))
    outcome = run_module(iam_attached_policies_info.main, {"user_name": user["UserName"]}, aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    keys = outcome.result["bedrock_api_keys"]
    assert [k["credential_id"] for k in keys] == ["ACCA1234567890EXAMPL", "ACCA0987654321EXAMPL"]
    assert keys[0]["expiration_date"] is None and keys[1]["expiration_date"].startswith("2026-11-02")


def test_missing_user_is_not_a_failure(aws):
    client_error(aws.stub("iam"), "list_attached_user_policies", "NoSuchEntity", "The user with name ticketflow-bedrock-dev-staging cannot be found.", 404)
    outcome = run_module(iam_attached_policies_info.main, {"user_name": "ticketflow-bedrock-dev-staging"}, aws)
    assert not outcome.failed, outcome.result
    assert outcome.result["exists"] is False and outcome.result["managed_policies"] == []
    assert outcome.result["bedrock_api_keys"] == []


def test_access_denied_keeps_the_code_and_names_the_principal(aws):
    client_error(
        aws.stub("iam"),
        "list_attached_role_policies",
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:ListAttachedRolePolicies",
        403,
    )
    outcome = run_module(iam_attached_policies_info.main, {"role_name": "TicketFlowBedrockRuntime-staging"}, aws)
    assert outcome.failed
    assert "TicketFlowBedrockRuntime-staging" in outcome.result["msg"]
    assert outcome.result["error"]["code"] == "AccessDenied"


def test_empty_name_fails_before_any_call(aws):
    outcome = run_module(iam_attached_policies_info.main, {"role_name": " "}, aws)
    assert outcome.failed and "role_name is empty" in outcome.result["msg"]
    assert aws.stubbers == {}

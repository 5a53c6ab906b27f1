"""AWS managed policies a Bedrock setup attaches exist in every account."""

import pytest
from botocore.exceptions import ClientError

BEDROCK_FULL_ACCESS = "arn:aws:iam::aws:policy/AmazonBedrockFullAccess"


def test_bedrock_full_access_exists_and_attaches(client):
    iam = client("iam")
    assert iam.get_policy(PolicyArn=BEDROCK_FULL_ACCESS)["Policy"]["PolicyName"] == "AmazonBedrockFullAccess"
    iam.create_user(UserName="admin")
    iam.attach_user_policy(UserName="admin", PolicyArn=BEDROCK_FULL_ACCESS)
    attached = iam.list_attached_user_policies(UserName="admin")["AttachedPolicies"]
    assert attached == [{"PolicyName": "AmazonBedrockFullAccess", "PolicyArn": BEDROCK_FULL_ACCESS}]


def test_policies_outside_the_loaded_subset_are_no_such_entity(client):
    with pytest.raises(ClientError) as err:
        client("iam").get_policy(PolicyArn="arn:aws:iam::aws:policy/AmazonS3FullAccess")
    assert err.value.response["Error"]["Code"] == "NoSuchEntity"

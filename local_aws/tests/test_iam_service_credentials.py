"""IAM service-specific credentials (Bedrock long-term API keys among them), which moto lacks."""

import pytest
from botocore.exceptions import ClientError


def _user(client, name="dev"):
    iam = client("iam")
    iam.create_user(UserName=name)
    return iam


def _code(call):
    with pytest.raises(ClientError) as err:
        call()
    return err.value.response["Error"]["Code"]


def test_bedrock_key_is_created_listed_without_secret_and_deleted(client):
    iam = _user(client)
    made = iam.create_service_specific_credential(UserName="dev", ServiceName="bedrock.amazonaws.com", CredentialAgeDays=30)["ServiceSpecificCredential"]
    assert made["ServiceCredentialSecret"].startswith("ABSK") and made["ServiceCredentialAlias"] == "dev-at-123456789012"
    assert (made["ExpirationDate"] - made["CreateDate"]).days == 30
    (listed,) = iam.list_service_specific_credentials(UserName="dev")["ServiceSpecificCredentials"]
    assert listed["ServiceSpecificCredentialId"] == made["ServiceSpecificCredentialId"]
    assert "ServiceCredentialSecret" not in listed and listed["Status"] == "Active"
    assert iam.list_service_specific_credentials(UserName="dev", ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredentials"] == []
    iam.delete_service_specific_credential(UserName="dev", ServiceSpecificCredentialId=made["ServiceSpecificCredentialId"])
    assert iam.list_service_specific_credentials(UserName="dev")["ServiceSpecificCredentials"] == []


def test_limits_and_bad_input_are_refused_as_aws_does(client):
    iam = _user(client)
    for _ in range(2):
        iam.create_service_specific_credential(UserName="dev", ServiceName="codecommit.amazonaws.com")
    assert _code(lambda: iam.create_service_specific_credential(UserName="dev", ServiceName="codecommit.amazonaws.com")) == "LimitExceeded"
    assert _code(lambda: iam.create_service_specific_credential(UserName="dev", ServiceName="s3.amazonaws.com")) == "NotSupportedService"
    assert _code(lambda: iam.create_service_specific_credential(UserName="dev", ServiceName="codecommit.amazonaws.com", CredentialAgeDays=3)) == "InvalidInput"
    assert _code(lambda: iam.create_service_specific_credential(UserName="nobody", ServiceName="bedrock.amazonaws.com")) == "NoSuchEntity"
    assert _code(lambda: iam.delete_service_specific_credential(UserName="dev", ServiceSpecificCredentialId="ACCANOSUCHID00000000")) == "NoSuchEntity"


def test_all_users_lists_every_user_and_reset_clears(client, control):
    iam = _user(client)
    _user(client, "other")
    iam.create_service_specific_credential(UserName="dev", ServiceName="bedrock.amazonaws.com")
    iam.create_service_specific_credential(UserName="other", ServiceName="bedrock.amazonaws.com")
    users = sorted(c["UserName"] for c in iam.list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"])
    assert users == ["dev", "other"]
    control.reset()
    _user(client)
    assert iam.list_service_specific_credentials(UserName="dev")["ServiceSpecificCredentials"] == []

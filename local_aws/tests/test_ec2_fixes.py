"""EC2 instance-profile associations behave as on AWS (so ec2_instance is idempotent)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def profiles(client):
    iam = client("iam")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument='{"Version": "2012-10-17", "Statement": []}')
    created = {}
    for name in ("app-old", "app-new"):
        profile = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName="app")
        created[name] = profile
    return created


def instance_profile_of(ec2, instance_id):
    return ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]["IamInstanceProfile"]


def test_run_instances_reports_profile_arn_and_id(client, profiles):
    ec2 = client("ec2")
    old = profiles["app-old"]
    instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, IamInstanceProfile={"Arn": old["Arn"]})["Instances"][0]
    assert instance_profile_of(ec2, instance["InstanceId"]) == {"Arn": old["Arn"], "Id": old["InstanceProfileId"]}


def test_replace_association_updates_instance_and_association(client, profiles):
    ec2 = client("ec2")
    old, new = profiles["app-old"], profiles["app-new"]
    instance_id = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "app-old"})["Instances"][0]["InstanceId"]
    [association] = ec2.describe_iam_instance_profile_associations(Filters=[{"Name": "instance-id", "Values": [instance_id]}])["IamInstanceProfileAssociations"]
    assert association["IamInstanceProfile"]["Arn"] == old["Arn"]

    replaced = ec2.replace_iam_instance_profile_association(AssociationId=association["AssociationId"], IamInstanceProfile={"Arn": new["Arn"]})[
        "IamInstanceProfileAssociation"
    ]
    assert replaced["IamInstanceProfile"]["Arn"] == new["Arn"]
    assert replaced["AssociationId"] != association["AssociationId"]
    assert replaced["InstanceId"] == instance_id

    assert instance_profile_of(ec2, instance_id) == {"Arn": new["Arn"], "Id": new["InstanceProfileId"]}
    [current] = ec2.describe_iam_instance_profile_associations(Filters=[{"Name": "instance-id", "Values": [instance_id]}])["IamInstanceProfileAssociations"]
    assert current["AssociationId"] == replaced["AssociationId"]
    assert current["IamInstanceProfile"]["Arn"] == new["Arn"]

    # the old association ID is gone
    with pytest.raises(ClientError) as caught:
        ec2.replace_iam_instance_profile_association(AssociationId=association["AssociationId"], IamInstanceProfile={"Arn": old["Arn"]})
    assert caught.value.response["Error"]["Code"] == "InvalidAssociationID.NotFound"


def test_disassociate_after_replace_clears_instance_profile(client, profiles):
    ec2 = client("ec2")
    instance_id = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    association = ec2.associate_iam_instance_profile(InstanceId=instance_id, IamInstanceProfile={"Name": "app-old"})["IamInstanceProfileAssociation"]
    assert instance_profile_of(ec2, instance_id)["Id"] == profiles["app-old"]["InstanceProfileId"]
    replaced = ec2.replace_iam_instance_profile_association(AssociationId=association["AssociationId"], IamInstanceProfile={"Name": "app-new"})[
        "IamInstanceProfileAssociation"
    ]
    ec2.disassociate_iam_instance_profile(AssociationId=replaced["AssociationId"])
    described = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    assert "IamInstanceProfile" not in described

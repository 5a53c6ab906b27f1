"""CloudTrail DeleteTrail by ARN, as AWS accepts it."""

import pytest
from botocore.exceptions import ClientError


def _trail(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="trail-logs")
    return client("cloudtrail").create_trail(Name="TicketFlowTrail", S3BucketName="trail-logs")


def test_delete_trail_by_arn_removes_it(client):
    arn = _trail(client)["TrailARN"]
    client("cloudtrail").delete_trail(Name=arn)
    assert client("cloudtrail").describe_trails()["trailList"] == []


def test_delete_trail_by_name_still_works(client):
    _trail(client)
    client("cloudtrail").delete_trail(Name="TicketFlowTrail")
    assert client("cloudtrail").describe_trails()["trailList"] == []


def test_delete_unknown_trail_is_trail_not_found(client):
    with pytest.raises(ClientError) as err:
        client("cloudtrail").delete_trail(Name="NoSuchTrail")
    assert err.value.response["Error"]["Code"] == "TrailNotFoundException"


def test_describe_trails_honours_trail_name_list(client):
    s3 = client("s3")
    s3.create_bucket(Bucket="trail-bucket")
    east, west = client("cloudtrail"), client("cloudtrail", "us-west-2")
    one = east.create_trail(Name="one", S3BucketName="trail-bucket")["TrailARN"]
    east.create_trail(Name="two", S3BucketName="trail-bucket")
    other = west.create_trail(Name="far", S3BucketName="trail-bucket", IsMultiRegionTrail=True)["TrailARN"]
    assert [t["Name"] for t in east.describe_trails(trailNameList=["one"])["trailList"]] == ["one"]
    assert [t["TrailARN"] for t in east.describe_trails(trailNameList=[one])["trailList"]] == [one]
    assert east.describe_trails(trailNameList=["missing"])["trailList"] == []
    assert east.describe_trails(trailNameList=["far"])["trailList"] == []  # another Region: by ARN only
    assert [t["TrailARN"] for t in east.describe_trails(trailNameList=[other])["trailList"]] == [other]
    assert {t["Name"] for t in east.describe_trails()["trailList"]} == {"one", "two", "far"}


def test_assume_role_is_not_mutating():
    from local_aws.identify import is_mutating

    assert not is_mutating("AssumeRole") and not is_mutating("GetCallerIdentity")
    assert is_mutating("CreateRole")

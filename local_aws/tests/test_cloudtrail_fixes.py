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


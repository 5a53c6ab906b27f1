# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import datetime

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.aws_assume_role import FilterModule as AssumeRoleFilters
from ansible_collections.ticketflow.bedrock.plugins.filter.aws_module_defaults import FilterModule as ModuleDefaultsFilters
from ansible_collections.ticketflow.bedrock.plugins.module_utils.aws_connection import ConnectionSettingsError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.aws_connection import assume_role
from ansible_collections.ticketflow.bedrock.plugins.module_utils.aws_connection import module_defaults
from ansible_collections.ticketflow.bedrock.plugins.module_utils.aws_connection import session_needs_renewal

ROLE_ARN = "arn:aws:iam::111111111111:role/TicketFlowBedrockDeploy"
NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.timezone.utc)


def session(expires_in_minutes=60, role_arn=ROLE_ARN):
    return {
        "access_key": "ASIASESSION",
        "secret_key": "session-secret",
        "session_token": "session-token",
        "expiration": (NOW + datetime.timedelta(minutes=expires_in_minutes)).isoformat(),
        "role_arn": role_arn,
    }


def test_empty_settings_give_the_region_only_so_boto3_finds_credentials_itself():
    assert module_defaults({}, "eu-central-1") == {"region": "eu-central-1"}
    assert module_defaults(None, "eu-central-1") == {"region": "eu-central-1"}


def test_set_values_pass_through_and_empty_ones_are_left_out():
    settings = {"endpoint_url": "http://127.0.0.1:4566", "access_key": "testing", "secret_key": "testing", "profile": "", "aws_ca_bundle": None}
    assert module_defaults(settings, "us-east-1") == {
        "region": "us-east-1",
        "endpoint_url": "http://127.0.0.1:4566",
        "access_key": "testing",
        "secret_key": "testing",
    }


def test_the_settings_region_must_agree_with_the_environment_region():
    assert module_defaults({"region": "us-west-2"}, "")["region"] == "us-west-2"
    assert module_defaults({"region": "us-west-2"}, "us-west-2")["region"] == "us-west-2"
    with pytest.raises(ConnectionSettingsError, match=r"differs from the environment's tfb_region \(us-east-1\)"):
        module_defaults({"region": "us-west-2"}, "us-east-1")
    with pytest.raises(ConnectionSettingsError, match="has no region"):
        module_defaults({}, "")


def test_unknown_keys_and_half_a_key_pair_are_refused():
    with pytest.raises(ConnectionSettingsError, match="unknown keys aws_profile, endpoint;"):
        module_defaults({"aws_profile": "x", "endpoint": "y"}, "us-east-1")
    with pytest.raises(ConnectionSettingsError, match="both access_key and secret_key"):
        module_defaults({"access_key": "AKIA"}, "us-east-1")
    with pytest.raises(ConnectionSettingsError, match="must be a mapping"):
        module_defaults("ticketflow-staging", "us-east-1")


def test_an_assumed_role_replaces_the_source_credentials_with_the_session():
    settings = {"profile": "org-admin", "endpoint_url": "https://sts.example", "assume_role": {"role_arn": ROLE_ARN}}
    assert module_defaults(settings, "us-east-1", sts_session=session()) == {
        "region": "us-east-1",
        "endpoint_url": "https://sts.example",
        "access_key": "ASIASESSION",
        "secret_key": "session-secret",
        "session_token": "session-token",
    }
    # The play that assumes the role uses the source credentials.
    assert module_defaults(settings, "us-east-1", source=True) == {"region": "us-east-1", "endpoint_url": "https://sts.example", "profile": "org-admin"}


def test_an_assumed_role_without_its_session_fails_instead_of_using_the_source_account():
    settings = {"assume_role": {"role_arn": ROLE_ARN}}
    with pytest.raises(ConnectionSettingsError, match="no session of that role is known.*playbooks/connection.yml"):
        module_defaults(settings, "us-east-1")
    with pytest.raises(ConnectionSettingsError, match="not of tfb_aws_connection.assume_role.role_arn"):
        module_defaults(settings, "us-east-1", sts_session=session(role_arn="arn:aws:iam::999999999999:role/Other"))


def test_assume_role_fills_its_defaults():
    assert assume_role({"assume_role": {"role_arn": ROLE_ARN}}, "staging", now=NOW) == {
        "role_arn": ROLE_ARN,
        "session_name": "ticketflow-bedrock-staging",
        "duration_seconds": 3600,
        "renew": True,
    }
    role = {"role_arn": ROLE_ARN, "external_id": "ext-123", "session_name": "awx-job-42", "duration_seconds": "7200"}
    assert assume_role({"assume_role": role}, "staging", now=NOW) == {
        "role_arn": ROLE_ARN,
        "session_name": "awx-job-42",
        "duration_seconds": 7200,
        "external_id": "ext-123",
        "renew": True,
    }


def test_no_role_or_an_all_empty_role_assumes_nothing():
    assert assume_role({}, "staging") == {}
    assert assume_role({"assume_role": {"role_arn": "", "external_id": ""}}, "staging") == {}


@pytest.mark.parametrize(
    "role, message",
    [
        ({"role_arn": "TicketFlowBedrockDeploy"}, "must be an IAM role ARN"),
        ({"role_arn": "arn:aws:iam::111111111111:user/deploy"}, "must be an IAM role ARN"),
        ({"external_id": "x"}, "must be an IAM role ARN"),
        ({"role_arn": ROLE_ARN, "session_name": "has space"}, "not a valid STS session name"),
        ({"role_arn": ROLE_ARN, "session_name": "x" * 65}, "not a valid STS session name"),
        ({"role_arn": ROLE_ARN, "duration_seconds": 600}, "between 900 and 43200"),
        ({"role_arn": ROLE_ARN, "duration_seconds": "an hour"}, "a number of seconds"),
        ({"role_arn": ROLE_ARN, "mfa": "123456"}, "unknown keys mfa"),
    ],
)
def test_what_sts_would_refuse_is_refused_first(role, message):
    with pytest.raises(ConnectionSettingsError, match=message):
        assume_role({"assume_role": role}, "staging")


def test_a_session_is_renewed_when_missing_of_another_role_or_about_to_expire():
    assert session_needs_renewal(None, ROLE_ARN, now=NOW)
    assert session_needs_renewal({"access_key": "ASIA"}, ROLE_ARN, now=NOW)
    assert not session_needs_renewal(session(60), ROLE_ARN, now=NOW)
    assert session_needs_renewal(session(10), ROLE_ARN, now=NOW)
    assert session_needs_renewal(session(-5), ROLE_ARN, now=NOW)
    assert session_needs_renewal(session(60, role_arn="arn:aws:iam::999999999999:role/Other"), ROLE_ARN, now=NOW)
    # STS's own form of the time, with a Z.
    fresh = dict(session(), expiration="2026-12-01T13:00:00Z")
    assert not session_needs_renewal(fresh, ROLE_ARN, now=NOW)
    assert assume_role({"assume_role": {"role_arn": ROLE_ARN}}, "staging", sts_session=fresh, now=NOW)["renew"] is False


def test_an_unreadable_expiration_is_an_error():
    with pytest.raises(ConnectionSettingsError, match="not an ISO 8601 time"):
        session_needs_renewal(dict(session(), expiration="tomorrow"), ROLE_ARN, now=NOW)


def test_the_filters_name_themselves_in_errors():
    to_defaults = ModuleDefaultsFilters().filters()["aws_module_defaults"]
    to_role = AssumeRoleFilters().filters()["aws_assume_role"]
    assert to_defaults({"profile": "p"}, region="us-east-1") == {"region": "us-east-1", "profile": "p"}
    with pytest.raises(AnsibleFilterError, match=r"^ticketflow.bedrock.aws_module_defaults: .*unknown keys"):
        to_defaults({"regoin": "us-east-1"}, region="us-east-1")
    with pytest.raises(AnsibleFilterError, match=r"^ticketflow.bedrock.aws_assume_role: .*IAM role ARN"):
        to_role({"assume_role": {"role_arn": "nope"}}, environment="staging")

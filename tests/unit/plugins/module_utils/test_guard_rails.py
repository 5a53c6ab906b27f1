# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from datetime import datetime
from datetime import timezone

import pytest

from ansible_collections.ticketflow.bedrock.plugins.filter.guard_rails import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils import guard_rails

NOW = datetime(2026, 12, 1, 20, 0, 0, tzinfo=timezone.utc)
ROLE = "arn:aws:iam::123456789012:role/ops/TicketFlowOperator"
ROOT = "arn:aws:iam::123456789012:root"


@pytest.mark.parametrize("arn", ["*", "arn:aws:iam::*:root", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::12345678901?:root"])
def test_wildcard_principals_are_refused(arn):
    problems = guard_rails.principal_arn_errors([arn], allow_account_root=True)
    assert len(problems) == 1
    assert "wildcard" in problems[0]


def test_bare_account_id_is_refused_as_an_account_root():
    problems = guard_rails.principal_arn_errors(["123456789012"], allow_account_root=True)
    assert len(problems) == 1 and "account root" in problems[0]


def test_account_root_needs_explicit_permission():
    assert "account root" in guard_rails.principal_arn_errors([ROOT])[0]
    assert guard_rails.principal_arn_errors([ROOT], allow_account_root=True) == []


@pytest.mark.parametrize(
    "arn",
    [
        ROLE,
        "arn:aws:iam::123456789012:user/alice",
        "arn:aws-us-gov:iam::123456789012:role/x",
        "arn:aws:sts::123456789012:assumed-role/Admin/alice",
    ],
)
def test_named_principals_pass(arn):
    assert guard_rails.principal_arn_errors([arn]) == []


@pytest.mark.parametrize("arn", ["arn:aws:iam::1234:role/x", "arn:aws:s3:::bucket", "role/x", "", None, "arn:aws:iam::123456789012:policy/x"])
def test_malformed_principals_are_refused(arn):
    assert len(guard_rails.principal_arn_errors([arn])) == 1


def test_principals_must_be_a_list():
    assert "must be a list" in guard_rails.principal_arn_errors("*")[0]
    assert guard_rails.principal_arn_errors([]) == []


def test_account_root_principals_are_reported():
    assert guard_rails.account_root_principals([ROLE, ROOT]) == [ROOT]


@pytest.mark.parametrize(
    "arn,ok",
    [
        (ROLE, True),
        ("arn:aws:iam::123456789012:role/TicketFlowBedrockRuntime-local", True),
        ("arn:aws:iam::123456789012:role/*", False),
        ("arn:aws:iam::123456789012:user/alice", False),
        ("arn:aws:iam::12345:role/x", False),
        ("TicketFlowBedrockRuntime-local", False),
        ("", False),
    ],
)
def test_role_arns(arn, ok):
    assert (guard_rails.role_arn_errors(arn) == []) is ok


@pytest.mark.parametrize(
    "value,ok", [("123456789012", True), ("012345678901", True), (12345678901, False), ("", False), ("12345678901a", False), (None, False)]
)
def test_account_ids(value, ok):
    assert (guard_rails.account_id_errors(value) == []) is ok


def grant(expires_at, principal_type="role", name="ops"):
    return {"principal_type": principal_type, "principal_name": name, "expires_at": expires_at}


def test_grant_within_horizon_passes():
    assert guard_rails.temporary_admin_grant_errors([grant("2026-12-03T18:00:00Z")], now=NOW) == []


def test_grant_beyond_horizon_is_refused():
    problems = guard_rails.temporary_admin_grant_errors([grant("2099-01-01T00:00:00Z")], now=NOW)
    assert len(problems) == 1 and "more than 7 days ahead" in problems[0]


def test_horizon_is_configurable():
    assert guard_rails.temporary_admin_grant_errors([grant("2026-12-20T00:00:00Z")], max_days=30, now=NOW) == []
    assert guard_rails.temporary_admin_grant_errors([grant("2026-12-03T00:00:00Z")], max_days=1, now=NOW) != []
    assert "at least 1" in guard_rails.temporary_admin_grant_errors([], max_days=0, now=NOW)[0]


def test_past_expiry_is_a_revocation_and_accepted():
    assert guard_rails.temporary_admin_grant_errors([grant("2020-01-01T00:00:00Z")], now=NOW) == []


@pytest.mark.parametrize(
    "bad",
    [
        grant("2026-12-03"),
        grant("2026-12-03T18:00:00+01:00"),
        grant("2026-12-03T18:00:00Z", principal_type="account"),
        grant("2026-12-03T18:00:00Z", name="arn:aws:iam::123456789012:role/ops"),
        grant("2026-12-03T18:00:00Z", name="*"),
        "role/ops",
    ],
)
def test_malformed_grants_are_refused(bad):
    assert len(guard_rails.temporary_admin_grant_errors([bad], now=NOW)) >= 1


def test_now_can_be_a_timestamp_string():
    assert guard_rails.temporary_admin_grant_errors([grant("2026-12-09T00:00:00Z")], now="2026-12-01T20:00:00Z") != []


def test_account_guard():
    assert guard_rails.account_guard_errors("123456789012", "123456789012", "local") == []
    problem = guard_rails.account_guard_errors("222222222222", "111111111111", "staging")[0]
    assert "222222222222" in problem and "111111111111" in problem and "nothing was changed" in problem
    assert "tfb_account_id" in guard_rails.account_guard_errors("222222222222", "", "staging")[0]


def test_teardown_on_the_local_endpoint_needs_no_confirmation():
    assert guard_rails.teardown_guard_errors("local", "123456789012", "123456789012", "http://127.0.0.1:4566", local_environment=True) == []


def test_a_loopback_endpoint_alone_does_not_make_an_environment_local():
    problems = guard_rails.teardown_guard_errors("prod", "123456789012", "123456789012", "http://127.0.0.1:4566", prod=True)
    assert len(problems) == 2


@pytest.mark.parametrize("url", ["", "https://bedrock.us-east-1.amazonaws.com", "http://127.example.com"])
def test_teardown_elsewhere_needs_the_account_id(url):
    problems = guard_rails.teardown_guard_errors("staging", "111111111111", "111111111111", url)
    assert len(problems) == 1 and "tfb_teardown_confirm_account_id=111111111111" in problems[0]
    assert guard_rails.teardown_guard_errors("staging", "111111111111", "111111111111", url, confirm_account_id="111111111111") == []


def test_prod_teardown_is_bound_to_the_account_not_the_flag():
    # tfb_prod=false (a bypass attempt) still needs the account confirmation
    assert guard_rails.teardown_guard_errors("prod", "222222222222", "222222222222", prod=False) != []
    problems = guard_rails.teardown_guard_errors("prod", "222222222222", "222222222222", prod=True, confirm_account_id="222222222222")
    assert len(problems) == 1 and "teardown_confirm_prod" in problems[0]
    assert guard_rails.teardown_guard_errors("prod", "222222222222", "222222222222", prod=True, confirm_account_id="222222222222", confirm_prod=True) == []


def test_teardown_with_another_accounts_credentials_is_refused_even_when_confirmed():
    problems = guard_rails.teardown_guard_errors("staging", "222222222222", "111111111111", confirm_account_id="222222222222")
    assert len(problems) == 1 and "belong to account 222222222222" in problems[0]


def test_filters_are_exposed():
    filters = FilterModule().filters()
    assert filters["principal_arn_errors"](["*"]) != []
    assert filters["account_root_principals"]([ROOT]) == [ROOT]
    assert filters["temporary_admin_grant_errors"]([grant("2099-01-01T00:00:00Z")]) != []
    assert filters["account_guard_errors"]("1", "123456789012") != []
    assert filters["teardown_guard_errors"]("123456789012", "x", "123456789012", "http://localhost:1", local_environment=True) == []


def test_trust_policy_principals():
    document = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": [ROLE, ROOT]}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:user/x"}, "Action": "sts:AssumeRole"},
        ]
    }
    assert guard_rails.trust_policy_principals(document) == [ROLE, ROOT, "*"]
    single = '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "%s"}}}' % ROLE
    assert guard_rails.trust_policy_principals(single) == [ROLE]
    assert guard_rails.trust_policy_principals({}) == []

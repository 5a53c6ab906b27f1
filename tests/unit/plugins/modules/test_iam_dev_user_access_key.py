# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import datetime
import json

import pytest
from botocore.stub import ANY

from ansible_collections.ticketflow.bedrock.plugins.module_utils import dev_user_access_key as du
from ansible_collections.ticketflow.bedrock.plugins.modules import iam_dev_user_access_key
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

USER = "ticketflow-bedrock-dev-staging"
SECRET = "ticketflow/bedrock/staging/dev-user-access-key"
ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:%s-AbCdEf" % SECRET
OLD = "AKIAOLDOLDOLDOLDOLD1"
NEW = "AKIANEWNEWNEWNEWNEW1"
STRAY = "AKIASTRAYSTRAYSTRAY1"
NEW_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYNEWSECRET1"
NOW = datetime.datetime.now(datetime.timezone.utc)
TAGS = {"Application": "ticketflow", "Environment": "staging"}
DESCRIPTION = "Access key of the TicketFlow Bedrock dev user"


@pytest.fixture
def aws(monkeypatch):
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", lambda seconds: None)
    return StubbedAWS()


def key(key_id, days_old=1.0, status="Active"):
    return {"UserName": USER, "AccessKeyId": key_id, "Status": status, "CreateDate": NOW - datetime.timedelta(days=days_old)}


def secret(held=None, deleted=False, tags=None, description=DESCRIPTION):
    answer = {"ARN": ARN, "Name": SECRET, "Description": description, "Tags": du.tags_to_api(TAGS if tags is None else tags)}
    if held:
        answer["VersionIdsToStages"] = {du.version_token(USER, held): ["AWSCURRENT"], "0a1b2c3d-old-version-id-000000000000": ["AWSPREVIOUS"]}
    if deleted:
        answer["DeletedDate"] = NOW
    return answer


def args(**overrides):
    base = {"region": "us-east-1", "user_name": USER, "secret_name": SECRET, "description": DESCRIPTION, "tags": dict(TAGS)}
    base.update(overrides)
    return base


def stub_reads(aws, keys, tag=None, described=None):
    iam, sm = aws.stub("iam"), aws.stub("secretsmanager")
    iam.add_response("list_access_keys", {"AccessKeyMetadata": keys, "IsTruncated": False}, {"UserName": USER})
    iam.add_response("list_user_tags", {"Tags": [{"Key": du.KEY_ID_TAG, "Value": tag}] if tag else [], "IsTruncated": False}, {"UserName": USER})
    if described is None:
        client_error(sm, "describe_secret", "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
    else:
        sm.add_response("describe_secret", described, {"SecretId": SECRET})
    return iam, sm


def stub_create_key(iam, key_id=NEW):
    iam.add_response(
        "create_access_key",
        {"AccessKey": {"UserName": USER, "AccessKeyId": key_id, "Status": "Active", "SecretAccessKey": NEW_SECRET, "CreateDate": NOW}},
        {"UserName": USER},
    )


def capture(client, event):
    seen = []
    client.meta.events.register(event, lambda params, **kwargs: seen.append(dict(params)))
    return seen


def assert_no_secret(outcome):
    text = json.dumps(outcome.result, default=str)
    assert NEW_SECRET not in text and "SecretAccessKey" not in text


# ---- the decision --------------------------------------------------------------------


def test_plan_without_a_secret_rotates_and_deletes_every_key():
    decided = du.plan(USER, [key(OLD)], OLD, None, 90, NOW)
    assert decided["reasons"] == ["secret_missing"] and decided["rotate"] and decided["delete"] == [OLD]


def test_plan_keeps_a_young_tracked_key():
    decided = du.plan(USER, [key(OLD, 10)], OLD, {"current_version_id": du.version_token(USER, OLD)}, 90, NOW)
    assert decided == {"held": OLD, "reasons": [], "rotate": False, "make_room": None, "retag": False, "delete": []}


def test_plan_the_secret_version_wins_over_a_stale_tag():
    # Stopped after storing NEW but before tagging the user: keep NEW, fix the tag, delete OLD.
    decided = du.plan(USER, [key(OLD, 30), key(NEW, 0)], OLD, {"current_version_id": du.version_token(USER, NEW)}, 90, NOW)
    assert decided["held"] == NEW and not decided["rotate"] and decided["retag"] and decided["delete"] == [OLD]


def test_plan_a_key_created_but_never_stored_is_deleted():
    decided = du.plan(USER, [key(OLD, 30), key(STRAY, 0)], OLD, {"current_version_id": du.version_token(USER, OLD)}, 90, NOW)
    assert decided["held"] == OLD and not decided["rotate"] and decided["delete"] == [STRAY]


def test_plan_the_tag_is_used_for_a_secret_stored_without_the_version_token():
    decided = du.plan(USER, [key(OLD, 30)], OLD, {"current_version_id": "6f2d4c36-aaaa-bbbb-cccc-123456789012"}, 90, NOW)
    assert decided["held"] == OLD and not decided["rotate"]


@pytest.mark.parametrize(
    "keys, tag, max_age, reason",
    [
        ([key(OLD, 100)], OLD, 90, "max_age"),
        ([key(OLD, 0.01)], OLD, 0, "max_age"),
        ([key(OLD, 1, status="Inactive")], OLD, 90, "tracked_key_inactive"),
        ([key(OLD, 1)], "AKIAGONEGONEGONEGONE", 90, "tracked_key_missing"),
        ([key(OLD, 1)], None, 90, "tracked_key_missing"),
    ],
)
def test_plan_rotation_reasons(keys, tag, max_age, reason):
    decided = du.plan(USER, keys, tag, {"current_version_id": None}, max_age, NOW)
    assert decided["reasons"] == [reason] and decided["rotate"]


def test_plan_makes_room_with_the_untracked_key_first():
    decided = du.plan(USER, [key(OLD, 100), key(STRAY, 5)], OLD, {"current_version_id": du.version_token(USER, OLD)}, 90, NOW)
    assert decided["make_room"] == STRAY and decided["delete"] == [OLD]


# ---- the module ------------------------------------------------------------------------


def test_first_run_creates_the_key_and_the_secret_and_returns_no_secret(aws):
    iam, sm = stub_reads(aws, [key(STRAY, 3)], None, None)
    stub_create_key(iam)
    created = capture(aws.stub("secretsmanager").client, "provide-client-params.secrets-manager.CreateSecret")
    sm.add_response(
        "create_secret",
        {"ARN": ARN, "Name": SECRET, "VersionId": du.version_token(USER, NEW)},
        {"Name": SECRET, "SecretString": ANY, "ClientRequestToken": du.version_token(USER, NEW), "Tags": du.tags_to_api(TAGS), "Description": DESCRIPTION},
    )
    iam.add_response("tag_user", {}, {"UserName": USER, "Tags": [{"Key": du.KEY_ID_TAG, "Value": NEW}]})
    iam.add_response("delete_access_key", {}, {"UserName": USER, "AccessKeyId": STRAY})
    outcome = run_module(iam_dev_user_access_key.main, args(), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    result = outcome.result
    assert result["changed"] and result["rotated"] and result["rotation_reasons"] == ["secret_missing"]
    assert result["access_key_id"] == NEW and result["secret_arn"] == ARN and result["secret_created"]
    assert result["deleted_access_key_ids"] == [STRAY] and 0 <= result["key_age_days"] < 1
    assert result["diff"]["before"]["access_key_ids"] == [STRAY] and result["diff"]["after"]["access_key_ids"] == [NEW]
    assert json.loads(created[0]["SecretString"]) == {
        "AccessKeyId": NEW,
        "SecretAccessKey": NEW_SECRET,
        "UserName": USER,
        "CreateDate": du.iso(NOW),
    }
    assert_no_secret(outcome)


def test_second_run_reads_only_and_changes_nothing(aws):
    stub_reads(aws, [key(NEW, 2)], NEW, secret(NEW))
    outcome = run_module(iam_dev_user_access_key.main, args(), aws)
    aws.assert_all_called()
    result = outcome.result
    assert not outcome.failed and not result["changed"] and not result["rotated"]
    assert result["access_key_id"] == NEW and result["deleted_access_key_ids"] == [] and 1.9 < result["key_age_days"] < 2.1


def test_check_mode_makes_no_mutating_call(aws):
    # Only reads are queued: any mutating call would fail the module.
    stub_reads(aws, [key(OLD, 100), key(STRAY, 1)], OLD, secret(OLD, description="old text"))
    outcome = run_module(iam_dev_user_access_key.main, args(), aws, check_mode=True, diff=True)
    aws.assert_all_called()
    result = outcome.result
    assert not outcome.failed, result
    assert result["changed"] and result["rotated"] and result["rotation_reasons"] == ["max_age"] and result["access_key_id"] is None
    assert result["deleted_access_key_ids"] == [STRAY, OLD]
    assert result["diff"]["after"]["access_key_ids"] == ["(new key)"]


def test_rotation_by_age_puts_a_new_version_and_deletes_the_old_key(aws):
    iam, sm = stub_reads(aws, [key(OLD, 0.5)], OLD, secret(OLD))
    stub_create_key(iam)
    sm.add_response(
        "put_secret_value",
        {"ARN": ARN, "Name": SECRET, "VersionId": du.version_token(USER, NEW)},
        {"SecretId": ARN, "SecretString": ANY, "ClientRequestToken": du.version_token(USER, NEW)},
    )
    iam.add_response("tag_user", {}, {"UserName": USER, "Tags": [{"Key": du.KEY_ID_TAG, "Value": NEW}]})
    iam.add_response("delete_access_key", {}, {"UserName": USER, "AccessKeyId": OLD})
    outcome = run_module(iam_dev_user_access_key.main, args(max_age_days=0), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] and outcome.result["access_key_id"] == NEW and outcome.result["deleted_access_key_ids"] == [OLD]
    assert not outcome.result["secret_created"]
    assert_no_secret(outcome)


def test_a_failed_store_deletes_the_new_key_and_keeps_the_aws_code(aws):
    iam, sm = stub_reads(aws, [key(OLD, 0.5)], OLD, secret(OLD))
    stub_create_key(iam)
    client_error(sm, "put_secret_value", "AccessDeniedException", "User is not authorized to perform: secretsmanager:PutSecretValue")
    iam.add_response("delete_access_key", {}, {"UserName": USER, "AccessKeyId": NEW})
    outcome = run_module(iam_dev_user_access_key.main, args(max_age_days=0), aws)
    aws.assert_all_called()
    assert outcome.failed
    assert "store the new access key in secret %s" % SECRET in outcome.result["msg"]
    assert outcome.result["diagnosis"]["aws_error_code"] == "AccessDeniedException"
    assert outcome.result["diagnosis"]["service"] == "secretsmanager"
    assert_no_secret(outcome)


def test_a_stale_tag_is_repaired_without_a_new_key(aws):
    iam, _sm = stub_reads(aws, [key(OLD, 30), key(NEW, 0)], OLD, secret(NEW))
    iam.add_response("tag_user", {}, {"UserName": USER, "Tags": [{"Key": du.KEY_ID_TAG, "Value": NEW}]})
    iam.add_response("delete_access_key", {}, {"UserName": USER, "AccessKeyId": OLD})
    outcome = run_module(iam_dev_user_access_key.main, args(), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] and not outcome.result["rotated"] and outcome.result["access_key_id"] == NEW


def test_secret_tags_and_description_follow_without_rotation(aws):
    _iam, sm = stub_reads(aws, [key(NEW, 2)], NEW, secret(NEW, tags={"Application": "ticketflow", "Stale": "x"}, description="old"))
    sm.add_response("update_secret", {"ARN": ARN, "Name": SECRET}, {"SecretId": ARN, "Description": DESCRIPTION})
    sm.add_response("tag_resource", {}, {"SecretId": ARN, "Tags": [{"Key": "Environment", "Value": "staging"}]})
    sm.add_response("untag_resource", {}, {"SecretId": ARN, "TagKeys": ["Stale"]})
    outcome = run_module(iam_dev_user_access_key.main, args(), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] and not outcome.result["rotated"]


def test_a_secret_scheduled_for_deletion_is_restored_and_rotated(aws):
    iam, sm = stub_reads(aws, [key(OLD, 1)], OLD, secret(OLD, deleted=True))
    stub_create_key(iam)
    sm.add_response("restore_secret", {"ARN": ARN, "Name": SECRET}, {"SecretId": SECRET})
    sm.add_response("put_secret_value", {"ARN": ARN, "Name": SECRET}, {"SecretId": ARN, "SecretString": ANY, "ClientRequestToken": ANY})
    iam.add_response("tag_user", {}, {"UserName": USER, "Tags": [{"Key": du.KEY_ID_TAG, "Value": NEW}]})
    iam.add_response("delete_access_key", {}, {"UserName": USER, "AccessKeyId": OLD})
    outcome = run_module(iam_dev_user_access_key.main, args(), aws)
    aws.assert_all_called()
    assert outcome.result["rotation_reasons"] == ["secret_missing"] and outcome.result["secret_created"]


def test_throttled_reads_are_retried(aws):
    iam = aws.stub("iam")
    client_error(iam, "list_access_keys", "Throttling", "Rate exceeded")
    stub_reads(aws, [key(NEW, 2)], NEW, secret(NEW))
    outcome = run_module(iam_dev_user_access_key.main, args(), aws)
    aws.assert_all_called()
    assert not outcome.failed and not outcome.result["changed"]


def test_a_missing_user_fails_with_what_to_do(aws):
    client_error(aws.stub("iam"), "list_access_keys", "NoSuchEntity", "The user with name %s cannot be found." % USER, 404)
    outcome = run_module(iam_dev_user_access_key.main, args(), aws)
    aws.assert_all_called()
    assert outcome.failed and "does not exist: create it first" in outcome.result["msg"]


def test_absent_deletes_keys_tag_and_secret_then_changes_nothing(aws):
    iam, sm = stub_reads(aws, [key(NEW, 2), key(STRAY, 1)], NEW, secret(NEW))
    iam.add_response("delete_access_key", {}, {"UserName": USER, "AccessKeyId": NEW})
    iam.add_response("delete_access_key", {}, {"UserName": USER, "AccessKeyId": STRAY})
    iam.add_response("untag_user", {}, {"UserName": USER, "TagKeys": [du.KEY_ID_TAG]})
    sm.add_response("delete_secret", {"ARN": ARN, "Name": SECRET}, {"SecretId": SECRET, "RecoveryWindowInDays": 7})
    outcome = run_module(iam_dev_user_access_key.main, args(state="absent", recovery_window_days=7), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] and outcome.result["secret_deleted"] and outcome.result["deleted_access_key_ids"] == [NEW, STRAY]

    again = StubbedAWS()
    client_error(again.stub("iam"), "list_access_keys", "NoSuchEntity", "The user with name %s cannot be found." % USER, 404)
    again.stub("secretsmanager").add_response("describe_secret", secret(NEW, deleted=True), {"SecretId": SECRET})
    outcome = run_module(iam_dev_user_access_key.main, args(state="absent"), again)
    again.assert_all_called()
    assert not outcome.failed and not outcome.result["changed"]


def test_absent_with_no_recovery_window_forces_the_deletion(aws):
    _iam, sm = stub_reads(aws, [], None, secret(NEW))
    sm.add_response("delete_secret", {"ARN": ARN, "Name": SECRET}, {"SecretId": SECRET, "ForceDeleteWithoutRecovery": True})
    outcome = run_module(iam_dev_user_access_key.main, args(state="absent", recovery_window_days=0), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] and outcome.result["secret_deleted"]


@pytest.mark.parametrize(
    "overrides, expect",
    [
        ({"user_name": "bad user!"}, "not a valid IAM user name"),
        ({"secret_name": "bad name!"}, "not a valid Secrets Manager name"),
        ({"secret_name": "ticketflow/key-AbCdEf"}, "ARN suffix"),
        ({"max_age_days": -1}, "must be 0 or more"),
        ({"state": "absent", "recovery_window_days": 3}, "must be 7 to 30"),
        ({"tags": {"aws:owner": "x"}}, "not valid"),
    ],
)
def test_bad_input_fails_before_any_call(aws, overrides, expect):
    outcome = run_module(iam_dev_user_access_key.main, args(**overrides), aws)
    assert outcome.failed and expect in outcome.result["msg"]
    assert aws.stubbers == {}

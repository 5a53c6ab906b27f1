# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.data_protection import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils import data_protection as dp
from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness_checks import observability_step

ACCOUNT = "123456789012"
REGION = "eu-west-1"
ADMIN = "arn:aws:iam::123456789012:role/Deploy"
GROUP = "/aws/bedrock/ticketflow-staging/invocations"
TRAIL = "TicketFlowBedrock-staging"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
FILTERS = FilterModule().filters()


def policy(**kwargs):
    args = dict(admin_arns=[ADMIN], trail_name=TRAIL, log_group_names=[GROUP])
    args.update(kwargs)
    return dp.data_key_policy(ACCOUNT, REGION, **args)


def statement(document, sid):
    return next(s for s in document["Statement"] if s["Sid"] == sid)


def test_admins_only_no_account_root():
    document = policy()
    admin = statement(document, "KeyAdministrators")
    assert admin["Principal"] == {"AWS": ADMIN}
    assert admin["Action"] == "kms:*"
    assert all(s["Principal"].get("AWS") in (None, ADMIN) for s in document["Statement"])


def test_cloudtrail_scoped_to_the_trail_with_the_documented_condition_keys():
    document = policy()
    encrypt = statement(document, "CloudTrailEncryptLogFiles")
    assert encrypt["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
    assert encrypt["Action"] == "kms:GenerateDataKey*"
    assert encrypt["Condition"] == {
        "StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/TicketFlowBedrock-staging"},
        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*"},
    }
    describe = statement(document, "CloudTrailDescribeKey")
    assert describe["Action"] == "kms:DescribeKey"
    assert describe["Condition"] == {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/TicketFlowBedrock-staging"}}


def test_cloudwatch_logs_of_the_region_for_the_log_group_only():
    logs = statement(policy(), "CloudWatchLogsEncryptLogGroups")
    assert logs["Principal"] == {"Service": "logs.eu-west-1.amazonaws.com"}
    assert logs["Action"] == ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    assert logs["Condition"] == {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:" + GROUP}}


def test_only_the_services_asked_for():
    document = policy(trail_name=None, log_group_names=[])
    assert [s["Sid"] for s in document["Statement"]] == ["KeyAdministrators"]
    with_bedrock = policy(bedrock_s3=True)
    bedrock = statement(with_bedrock, "BedrockInvocationLogsToS3")
    assert bedrock["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert bedrock["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ACCOUNT},
        "ArnLike": {"aws:SourceArn": "arn:aws:bedrock:eu-west-1:123456789012:*"},
    }
    assert "BedrockInvocationLogsToS3" not in [s["Sid"] for s in policy()["Statement"]]


def test_other_partition():
    document = dp.data_key_policy(ACCOUNT, "cn-north-1", ["arn:aws-cn:iam::123456789012:role/Deploy"], trail_name=TRAIL)
    assert statement(document, "CloudTrailDescribeKey")["Condition"]["StringEquals"]["aws:SourceArn"].startswith("arn:aws-cn:cloudtrail:cn-north-1:")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"admin_arns": []}, "at least one administrator"),
        ({"admin_arns": ["arn:aws:iam::999999999999:role/Deploy"]}, "not in the environment's account"),
        ({"admin_arns": ["*"]}, "not an IAM user, role or account root ARN"),
        ({"trail_name": "x"}, "not a CloudTrail trail name"),
        ({"log_group_names": ["bad name"]}, "not a CloudWatch Logs log group name"),
    ],
)
def test_bad_policy_input_is_refused(kwargs, message):
    with pytest.raises(dp.DataKeyError, match=message):
        policy(**kwargs)
    with pytest.raises(AnsibleFilterError, match="ticketflow.bedrock.data_key_policy: .*" + message):
        FILTERS["data_key_policy"](ACCOUNT, REGION, **dict(dict(admin_arns=[ADMIN], trail_name=TRAIL, log_group_names=[GROUP]), **kwargs))


def test_deploy_principal():
    assert dp.deploy_principal("arn:aws:sts::123456789012:assumed-role/Deploy/ci-42") == "arn:aws:iam::123456789012:role/Deploy"
    assert dp.deploy_principal("arn:aws:iam::123456789012:user/alice") == "arn:aws:iam::123456789012:user/alice"
    with pytest.raises(AnsibleFilterError, match="give the administrators"):
        FILTERS["data_key_deploy_principal"]("arn:aws:sts::123456789012:federated-user/bob")


def test_input_errors():
    assert dp.data_key_input_errors(alias="alias/ticketflow-bedrock-staging", admin_arns=[ADMIN], region=REGION, account_id=ACCOUNT, retention_days=90) == []
    assert dp.data_key_input_errors(key_arn=KEY, region=REGION, account_id=ACCOUNT) == []
    errors = dp.data_key_input_errors(
        key_arn="alias/mine", alias="alias/aws/logs", deletion_window_days=3, retention_days=45, admin_arns=["arn:aws:iam::123456789012:group/x"]
    )
    assert len(errors) == 5
    assert "not a key ARN" in errors[0]
    assert "must not start with alias/aws" in errors[1]
    assert "7 to 30 days" in errors[3]
    assert "retention 45" in errors[4]
    wrong_place = dp.data_key_input_errors(key_arn=KEY, region="us-east-1", account_id="210987654321")
    assert "is in eu-west-1" in wrong_place[0] and "belongs to account 123456789012" in wrong_place[1]
    assert FILTERS["data_key_errors"]("", deletion_window_days="x") == ["the key deletion window 'x' must be 7 to 30 days (KMS ScheduleKeyDeletion)."]


def test_owned_keys_and_matching():
    keys = [{"key_arn": "a", "tags": {dp.OWNER_TAG: "staging"}}, {"key_arn": "b", "tags": {"Environment": "staging"}}, {"key_arn": "c"}]
    assert [k["key_arn"] for k in FILTERS["data_keys_owned_by"](keys, "staging")] == ["a"]
    assert [k["key_arn"] for k in FILTERS["data_keys_owned_by"](keys, "staging", owned=False)] == ["b", "c"]
    assert FILTERS["data_keys_owned_by"](keys, "prod") == []
    assert dp.key_owned_by([{"TagKey": dp.OWNER_TAG, "TagValue": "prod"}], "prod")
    assert FILTERS["data_key_matches"]("1234abcd-12ab-34cd-56ef-1234567890ab", KEY)
    assert FILTERS["data_key_matches"](KEY, KEY)
    assert not FILTERS["data_key_matches"]("", KEY)
    assert not FILTERS["data_key_matches"]("arn:aws:kms:eu-west-1:123456789012:key/other", KEY)


def collected(**overrides):
    c = {
        "trail_name": TRAIL,
        "trail": {"trail_list": [{"name": TRAIL, "is_logging": True, "s3_bucket_name": "b", "kms_key_id": KEY}]},
        "invocation_log_group_name": GROUP,
        "log_group": {"log_groups": [{"log_group_name": GROUP, "kms_key_id": KEY, "retention_in_days": 90}]},
        "invocation_log_retention_days": 90,
        "data_key_expected": True,
        "data_key": {"kms_keys": [{"key_arn": KEY, "key_state": "Enabled", "key_manager": "CUSTOMER", "enable_key_rotation": True}]},
        "trail_bucket_encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": KEY}}]},
    }
    c.update(overrides)
    return c


def named(checks):
    return {c["name"]: c for c in checks}


def test_readiness_all_encrypted_with_the_key():
    checks = named(observability_step(collected())["checks"])
    for name in (
        "Data protection key",
        "Data protection key rotation",
        "Invocation log group encrypted with the data key",
        "Trail log files encrypted with the data key",
        "Trail bucket encrypted with the data key",
        "Invocation log retention",
    ):
        assert checks[name]["ok"] is True, checks[name]


def test_readiness_finds_what_is_not_encrypted_or_kept_too_long():
    other = "arn:aws:kms:eu-west-1:123456789012:key/ffffffff-12ab-34cd-56ef-1234567890ab"
    c = collected(
        log_group={"log_groups": [{"log_group_name": GROUP, "retention_in_days": None}]},
        trail={"trail_list": [{"name": TRAIL, "is_logging": True, "kms_key_id": other}]},
        trail_bucket_encryption={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        data_key={"kms_keys": [{"key_arn": KEY, "key_state": "PendingDeletion", "key_manager": "CUSTOMER", "enable_key_rotation": False}]},
    )
    checks = named(observability_step(c)["checks"])
    assert checks["Data protection key"]["ok"] is False and "PendingDeletion" in checks["Data protection key"]["detail"]
    assert checks["Data protection key rotation"]["ok"] is False
    assert checks["Invocation log group encrypted with the data key"]["ok"] is False
    assert "default encryption" in checks["Invocation log group encrypted with the data key"]["detail"]
    assert checks["Trail log files encrypted with the data key"]["ok"] is False
    assert checks["Trail bucket encrypted with the data key"]["ok"] is False
    assert checks["Invocation log retention"]["ok"] is False
    assert "never expire" in checks["Invocation log retention"]["detail"]


def test_readiness_without_the_key():
    checks = named(observability_step(collected(data_key={"kms_keys": []}))["checks"])
    assert checks["Data protection key"]["ok"] is False
    assert checks["Invocation log group encrypted with the data key"]["ok"] is False
    off = named(observability_step(collected(data_key_expected=False, data_key=None))["checks"])
    assert "Data protection key" not in off and off["Invocation log retention"]["ok"] is True


def test_run_inputs_of_the_data_key_are_checked_up_front():
    import os

    from ansible_collections.ticketflow.bedrock.plugins.filter.role_inputs import load_specs
    from ansible_collections.ticketflow.bedrock.plugins.module_utils import role_inputs

    specs = load_specs(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "roles"))
    base = {"tfb_environment": "staging", "tfb_region": REGION, "tfb_account_id": ACCOUNT}
    good = dict(
        base,
        tfb_kms_enabled=True,
        tfb_kms_key_arn=KEY,
        tfb_kms_key_alias="alias/ticketflow-bedrock-staging",
        tfb_kms_admin_arns=[ADMIN],
        tfb_kms_deletion_window_days=30,
        tfb_invocation_log_retention_days=90,
    )
    assert role_inputs.run_input_errors(good, specs, steps=["observability"]) == []
    bad = dict(
        good,
        tfb_kms_key_arn="arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        tfb_kms_key_alias="ticketflow",
        tfb_kms_admin_arns=["arn:aws:iam::999999999999:user/x"],
        tfb_kms_deletion_window_days=60,
        tfb_invocation_log_retention_days=45,
    )
    problems = role_inputs.run_input_errors(bad, specs, steps=["observability"])
    joined = " ".join(problems)
    assert len(problems) == 5, problems
    for name in ("tfb_kms_key_arn", "tfb_kms_key_alias", "tfb_kms_admin_arns", "tfb_kms_deletion_window_days", "tfb_invocation_log_retention_days"):
        assert name in joined
    assert "is in us-east-1, but the trail and log group are in eu-west-1" in joined

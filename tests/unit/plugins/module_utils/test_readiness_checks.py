# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The checks of every step, from what the validate role read back (amazon.aws and our modules' results)."""

import copy

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.readiness_verdict import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import PER_MODEL
from ansible_collections.ticketflow.bedrock.plugins.module_utils import readiness_checks as rc
from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness import readiness_verdict

ACCOUNT = "123456789012"
SONNET = "us.anthropic.claude-sonnet-4-6"
HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
PROFILE = "arn:aws:bedrock:us-east-1:%s:inference-profile/%s" % (ACCOUNT, SONNET)
MODEL_ARNS = ["arn:aws:bedrock:%s::foundation-model/anthropic.claude-sonnet-4-6" % r for r in ("us-east-1", "us-east-2", "us-west-2")]
ACCESS = {
    "ready": True,
    "models": [
        {
            "id": SONNET,
            "model_id": "anthropic.claude-sonnet-4-6",
            "ready": True,
            "reason": "available through %s" % SONNET,
            "invoke_resources": {"profile_arn": PROFILE, "model_arns": MODEL_ARNS},
        }
    ],
}
COMPUTED = rc.build_invoke_policy(ACCESS)
POLICY = "TicketFlowBedrockInvoke-staging"
POLICY_ARN = "arn:aws:iam::%s:policy/%s" % (ACCOUNT, POLICY)
CONTROLLER = "arn:aws:iam::%s:role/TicketFlowValidate" % ACCOUNT
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "AllowEC2ToAssume", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Sid": "AllowNamedPrincipalsToAssume", "Effect": "Allow", "Principal": {"AWS": [CONTROLLER]}, "Action": "sts:AssumeRole"},
    ],
}


def role_info(trust=None, policies=(POLICY,), inline=()):
    """amazon.aws.iam_role_info's answer for the runtime role."""
    return {
        "iam_roles": [
            {
                "role_name": "TicketFlowBedrockRuntime-staging",
                "arn": "arn:aws:iam::%s:role/TicketFlowBedrockRuntime-staging" % ACCOUNT,
                "assume_role_policy_document": trust or TRUST,
                "managed_policies": [{"policy_name": p, "policy_arn": "arn:aws:iam::%s:policy/%s" % (ACCOUNT, p)} for p in policies],
                "inline_policies": list(inline),
                "instance_profiles": [{"instance_profile_name": "TicketFlowBedrockRuntime-staging"}],
            }
        ]
    }


def attached(*documents, name=POLICY):
    """iam_attached_policies_info's answer: the invoke policy (and its parts) with their documents."""
    names = [name] + ["%s-part%d" % (name, i) for i in range(2, len(documents) + 1)]
    return {
        "exists": True,
        "inline_policies": [],
        "managed_policies": [{"policy_name": n, "policy_arn": POLICY_ARN, "default_version_id": "v1", "document": d} for n, d in zip(names, documents)],
    }


def alarm(model, key, metric, actions=True):
    """One entry of amazon.aws.cloudwatch_metric_alarm_info's metric_alarms."""
    return {
        "alarm_name": "TicketFlowBedrock-staging-%s-%s" % (model, key),
        "namespace": "AWS/Bedrock",
        "metric_name": metric,
        "dimensions": [{"name": "ModelId", "value": model}],
        "alarm_actions": ["arn:aws:sns:us-east-1:%s:TicketFlowBedrockAlarms-staging" % ACCOUNT] if actions else [],
    }


def observability_kinds():
    """The per-model kinds the observability role creates (alarm_plan), as the check defaults to them."""
    return {key: metric for key, metric, *_rest in PER_MODEL}


def iam(**overrides):
    collected = {
        "access": ACCESS,
        "role": role_info(),
        "role_policies": attached(COMPUTED),
        "invoke_policy_name": POLICY,
        "runtime_role_name": "TicketFlowBedrockRuntime-staging",
        "instance_profile_name": "TicketFlowBedrockRuntime-staging",
        "trusted_principal_arns": [CONTROLLER],
    }
    collected.update(overrides)
    return {c["name"]: c for c in rc.iam_step(collected)["checks"]}


POLICY_CHECK = "Invoke policy on the runtime role grants exactly the computed models and profiles"
TRUST_CHECK = "Trust policy names only allowed principals"


def test_attached_policy_equal_to_the_computed_one_passes():
    checks = iam()
    assert all(c["ok"] for c in checks.values()), checks
    assert "equals the computed policy" in checks[POLICY_CHECK]["detail"]


def test_policy_split_in_parts_is_compared_as_a_whole():
    first, second = copy.deepcopy(COMPUTED), copy.deepcopy(COMPUTED)
    first["Statement"], second["Statement"] = COMPUTED["Statement"][:1], COMPUTED["Statement"][1:]
    checks = iam(role=role_info(policies=(POLICY, POLICY + "-part2")), role_policies=attached(first, second))
    assert checks[POLICY_CHECK]["ok"] is True
    assert checks["No other policy on the runtime role (least privilege)"]["ok"] is True


def test_policy_widened_to_every_foundation_model_fails_naming_the_grant():
    widened = copy.deepcopy(COMPUTED)
    widened["Statement"].append({"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:us-east-1::foundation-model/*"})
    result = iam(role_policies=attached(widened))[POLICY_CHECK]
    assert result["ok"] is False and result["severity"] == "error"
    assert "grants beyond the computed policy: Allow bedrock:invokemodel on arn:aws:bedrock:us-east-1::foundation-model/*" in result["detail"]


def test_extra_action_fails():
    widened = copy.deepcopy(COMPUTED)
    widened["Statement"][0]["Action"] = widened["Statement"][0]["Action"] + ["bedrock:*"]
    result = iam(role_policies=attached(widened))[POLICY_CHECK]
    assert result["ok"] is False and "bedrock:* on %s" % PROFILE in result["detail"]


def test_given_expected_policy_wins_and_missing_grants_are_named():
    expected = copy.deepcopy(COMPUTED)
    expected["Statement"].append(
        {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0"}
    )
    result = iam(expected_policy=expected)[POLICY_CHECK]
    assert (
        result["ok"] is False and "lacks: Allow bedrock:invokemodel on arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0" in result["detail"]
    )


def test_unread_policy_is_a_warning_not_a_pass():
    result = iam(role_policies=None)[POLICY_CHECK]
    assert result["ok"] is None and result["severity"] == "warning"
    result = iam(access={"models": [{"id": "x", "ready": False}]})[POLICY_CHECK]
    assert result["ok"] is None and "cannot be computed" in result["detail"]


def test_dev_user_policy_is_compared_too():
    widened = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]}
    checks = iam(dev_user_name="ticketflow-bedrock-dev-staging", dev_user_policies=attached(widened))
    dev = checks["Invoke policy on the dev user ticketflow-bedrock-dev-staging grants exactly the computed models and profiles"]
    assert dev["ok"] is False and "Allow bedrock:* on *" in dev["detail"]
    assert checks[POLICY_CHECK]["ok"] is True


def test_a_long_term_bedrock_api_key_on_the_dev_user_fails_the_api_key_check():
    deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "bedrock:CallWithBearerToken", "Resource": "*"}]}
    read = attached(COMPUTED)
    read["inline_policies"] = [{"policy_name": "TicketFlowDenyBedrockApiKeys", "document": deny}]
    role = attached(COMPUTED)
    role["inline_policies"] = list(read["inline_policies"])
    common = dict(role_policies=role, dev_user_name="dev", api_keys_mode="deny", api_keys_policy_name="TicketFlowDenyBedrockApiKeys")
    name = "Bedrock API keys are shut for the runtime identities"
    assert iam(dev_user_policies=dict(read, bedrock_api_keys=[]), **common)[name]["ok"] is True
    keyed = iam(dev_user_policies=dict(read, bedrock_api_keys=[{"credential_id": "ACCA1234567890EXAMPL"}]), **common)[name]
    assert keyed["ok"] is False and "dev user dev has 1 long-term Bedrock API key(s)" in keyed["detail"]


@pytest.mark.parametrize(
    "principal, text",
    [
        ("*", "wildcard"),
        ("arn:aws:iam::210987654321:role/Other", "trusted but not configured: arn:aws:iam::210987654321:role/Other"),
        ("arn:aws:iam::%s:root" % ACCOUNT, "account root"),
    ],
)
def test_trust_policy_principals_against_the_allowed_ones(principal, text):
    trust = copy.deepcopy(TRUST)
    trust["Statement"][1]["Principal"]["AWS"] = [CONTROLLER, principal]
    result = iam(role=role_info(trust=trust))[TRUST_CHECK]
    assert result["ok"] is False and text in result["detail"]


def test_other_service_or_federated_principal_fails_trust():
    trust = copy.deepcopy(TRUST)
    trust["Statement"].append(
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com", "Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
        }
    )
    result = iam(role=role_info(trust=trust))[TRUST_CHECK]
    assert result["ok"] is False and "lambda.amazonaws.com" in result["detail"] and "Federated:cognito-identity.amazonaws.com" in result["detail"]


def test_allowed_account_root_is_reported():
    root = "arn:aws:iam::%s:root" % ACCOUNT
    trust = copy.deepcopy(TRUST)
    trust["Statement"][1]["Principal"]["AWS"] = root
    result = iam(role=role_info(trust=trust), trusted_principal_arns=[root], allow_account_root=True)[TRUST_CHECK]
    assert result["ok"] is True and "explicitly allowed" in result["detail"]


def test_missing_role_fails_without_further_checks():
    checks = iam(role={"iam_roles": []})
    assert list(checks) == ["Runtime role exists"] and checks["Runtime role exists"]["ok"] is False


def test_alarms_counted_per_model_for_every_kind_of_the_observability_role():
    kinds = observability_kinds()
    assert {"throttles", "latency"} <= set(kinds)
    alarms = [alarm(SONNET, key, metric) for key, metric in kinds.items()]
    # Haiku: four alarms on a single metric would pass a per-metric count; per model, it lacks every other kind.
    alarms += [alarm(HAIKU, "throttles", "InvocationThrottles")]
    checks = rc.alarm_checks(alarms, "TicketFlowBedrock-staging", [SONNET, HAIKU], kinds)
    assert [c["name"] for c in checks] == ["Alarms for %s" % SONNET, "Alarms for %s" % HAIKU]
    assert checks[0]["ok"] is True and "%d of %d kinds" % (len(kinds), len(kinds)) in checks[0]["detail"]
    assert checks[1]["ok"] is False
    assert checks[1]["detail"] == "missing: %s" % ", ".join(k for k in kinds if k != "throttles")


def test_alarm_on_another_model_or_without_actions_fails():
    kinds = [{"key": "throttles", "metric": "InvocationThrottles"}, {"key": "latency", "metric": "InvocationLatency"}]
    wrong = alarm(SONNET, "throttles", "InvocationThrottles")
    wrong["dimensions"] = [{"name": "ModelId", "value": HAIKU}]
    checks = rc.alarm_checks([wrong, alarm(SONNET, "latency", "InvocationLatency", actions=False)], "TicketFlowBedrock-staging", [SONNET], kinds)
    assert checks[0]["ok"] is False
    assert "on another metric or model: throttles" in checks[0]["detail"] and "without actions: latency" in checks[0]["detail"]


def test_no_alarm_kind_is_not_a_pass():
    assert rc.alarm_checks([], "p", [SONNET], {})[0]["ok"] is False


def collected(**overrides):
    """Everything report.yml collects for a converged staging environment."""
    kinds = observability_kinds()
    base = {
        "environment": "staging",
        "prod": False,
        "region": "us-east-1",
        "supported_regions": ["us-east-1", "us-west-2"],
        "account_id": ACCOUNT,
        "caller": {"account": ACCOUNT, "arn": "arn:aws:sts::%s:assumed-role/Admin/ci" % ACCOUNT},
        "models": [SONNET],
        "access": ACCESS,
        "role": role_info(),
        "role_policies": attached(COMPUTED),
        "dev_user_policies": None,
        "trusted_principal_arns": [CONTROLLER],
        "invoke_policy_name": POLICY,
        "runtime_role_name": "TicketFlowBedrockRuntime-staging",
        "instance_profile_name": "TicketFlowBedrockRuntime-staging",
        "vpc_id": "vpc-0abc",
        "endpoint_services": ["bedrock-runtime"],
        "endpoints": {
            "vpc_endpoints": [
                {"service_name": "com.amazonaws.us-east-1.bedrock-runtime", "state": "available", "vpc_endpoint_id": "vpce-1", "private_dns_enabled": True}
            ]
        },
        "trail": {"trail_list": [{"name": "TicketFlowBedrock-staging", "is_logging": True, "s3_bucket_name": "trail-bucket"}]},
        "trail_name": "TicketFlowBedrock-staging",
        "alarm_name_prefix": "TicketFlowBedrock-staging",
        "alarm_kinds": kinds,
        "alarms": {"metric_alarms": [alarm(SONNET, k, m) for k, m in kinds.items()]},
        "log_group": {"log_groups": [{"log_group_name": "/aws/bedrock/ticketflow-staging/invocations"}]},
        "invocation_log_group_name": "/aws/bedrock/ticketflow-staging/invocations",
        "logging": {"changed": False, "diff": {"before": {"cloudwatch": {}}, "after": {"cloudwatch": {}}}},
        "budget": {
            "diff": {
                "before": {
                    "limit_amount": "150.0",
                    "limit_unit": "USD",
                    "notifications": [{"notification_type": "ACTUAL", "threshold": t} for t in (50.0, 100.0, 150.0)],
                },
                "after": {
                    "limit_amount": "150.0",
                    "limit_unit": "USD",
                    "notifications": [{"notification_type": "ACTUAL", "threshold": t} for t in (50.0, 100.0, 150.0)],
                },
            }
        },
        "budget_name": "TicketFlowBedrock-staging",
        "budget_limit_usd": 150,
        "budget_alert_thresholds_usd": [50, 100, 150],
        "quotas": {"results": []},
        "controller_results": [{"item": SONNET, "invoked": True, "passed": True, "latency_ms": 412.34, "usage": {"total_tokens": 31}}],
        "app_hosts": ["app1"],
        "app_host_results": {"app1": None},
        "app_settings": {
            "app1": {
                "exists": True,
                "path": "/etc/ticketflow/bedrock.env",
                "mode": "0600",
                "aws_region": "us-east-1",
                "model_ids": [SONNET],
                "static_keys": False,
            }
        },
        "other_environments": [
            {
                "environment": "prod",
                "prod": True,
                "account_id": "210987654321",
                "runtime_role_name": "TicketFlowBedrockRuntime-prod",
                "budget_name": "TicketFlowBedrock-prod",
            }
        ],
    }
    base.update(overrides)
    return base


def test_converged_environment_is_ready():
    report = FilterModule().filters()["readiness_verdict"](collected(), generated_at="2026-12-01T12:00:00Z")
    states = {s["id"]: s["state"] for s in report["steps"]}
    assert states == {
        "region": "pass",
        "model_access": "pass",
        "iam": "pass",
        "network": "pass",
        "observability": "pass",
        "budgets": "pass",
        "quotas": "skip",
        "validation": "warn",
        "app": "pass",
        "separation": "pass",
    }
    assert report["ready"] is True and report["schema_version"] == 1 and report["account_id"] == ACCOUNT
    assert [w["check"] for w in report["warnings"]] == ["Invocation from app1"]
    assert report["steps"][6]["note"].startswith("No quota target")


def test_widened_policy_makes_the_environment_not_ready():
    widened = copy.deepcopy(COMPUTED)
    widened["Statement"][1]["Resource"] = "arn:aws:bedrock:*::foundation-model/*"
    report = readiness_verdict(collected(role_policies=attached(widened)))
    iam_step = [s for s in report["steps"] if s["id"] == "iam"][0]
    assert report["ready"] is False and iam_step["state"] == "fail"


def test_shared_account_between_staging_and_prod_fails_separation():
    other = [
        {
            "environment": "prod",
            "prod": True,
            "account_id": ACCOUNT,
            "runtime_role_name": "TicketFlowBedrockRuntime-staging",
            "budget_name": "TicketFlowBedrock-prod",
        }
    ]
    step = rc.separation_step(collected(other_environments=other))
    assert step["checks"][-1] == {"name": "Nothing shared with prod", "ok": False, "detail": "shared: runtime role, account", "severity": "error"}


def test_failed_invocation_and_open_quota_request():
    results = [
        {
            "item": SONNET,
            "invoked": True,
            "passed": False,
            "diagnosis": {"code": "marketplace_permissions_missing", "summary": "Access denied.", "hint": "Grant aws-marketplace:Subscribe."},
        }
    ]
    assert rc.invocation_checks("the controller", results)[0]["detail"] == "marketplace_permissions_missing: Access denied. Grant aws-marketplace:Subscribe."
    quotas = {
        "results": [
            {
                "item": {"code": "L-1", "desired_value": 800000},
                "quotas": [{"quota_name": "TPM", "applied_value": 400000, "open_requests": [{"status": "CASE_OPENED"}]}],
            }
        ]
    }
    assert rc.quotas_step({"quotas": quotas})["checks"][0] == {
        "name": "Quota TPM",
        "ok": None,
        "detail": "applied 400000, target 800000, request CASE_OPENED",
        "severity": "warning",
    }


def test_not_a_dict_is_a_filter_error():
    with pytest.raises(AnsibleFilterError, match="readiness_verdict"):
        FilterModule().filters()["readiness_verdict"]([])


def test_recheck_after_the_subscription_window_is_in_the_detail():
    passed = {
        "item": SONNET,
        "invoked": True,
        "passed": True,
        "latency_ms": 300,
        "usage": {"total_tokens": 20},
        "recheck": {"after_seconds": 120, "passed": True},
    }
    assert rc.invocation_checks("the controller", [passed])[0]["detail"] == "replied in 300.0 ms, 20 tokens; again after 120s: replied"
    refused = {
        "item": SONNET,
        "invoked": True,
        "passed": False,
        "recheck": {"after_seconds": 120, "passed": False},
        "diagnosis": {"code": "marketplace_permissions_missing", "summary": "Refused.", "hint": "Grant."},
    }
    assert rc.invocation_checks("the controller", [refused])[0]["ok"] is False


def test_a_non_adjustable_quota_below_target_is_a_support_case_warning_not_a_failure():
    from ansible_collections.ticketflow.bedrock.plugins.module_utils.readiness_checks import quotas_step

    read = {
        "item": {"name": "Cross-Model Max Tokens Per Day", "desired_value": 100},
        "quotas": [{"quota_name": "Cross-Model Max Tokens Per Day", "applied_value": 0, "adjustable": False, "open_requests": []}],
    }
    step = quotas_step({"quotas": {"results": [read]}})
    (only,) = step["checks"]
    assert only["ok"] is None and only["severity"] == "warning"
    assert "Support case" in only["detail"]

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Application inference profiles per environment: names, plan, the invoke policy through them, alarms, readiness."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.app_profile_plan import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils import inference_profiles as ip
from ansible_collections.ticketflow.bedrock.plugins.module_utils import readiness_checks as rc
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import alarm_plan
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import metric_model_id
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import build_invoke_policy

ACCOUNT = "123456789012"
HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
SONNET = "us.anthropic.claude-sonnet-4-6"
US = ("us-east-1", "us-east-2", "us-west-2")
STAGING_ARN = "arn:aws:bedrock:us-east-1:%s:application-inference-profile/staging1haiku" % ACCOUNT
PROD_ARN = "arn:aws:bedrock:us-east-1:%s:application-inference-profile/prod11haiku1" % ACCOUNT
SYSTEM_ARN = "arn:aws:bedrock:us-east-1:%s:inference-profile/%s" % (ACCOUNT, HAIKU)
HAIKU_MODELS = ["arn:aws:bedrock:%s::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" % r for r in US]
plan_filter = FilterModule().filters()["app_profile_plan"]


def profile(arn, name, env, models=HAIKU_MODELS):
    return {
        "arn": arn,
        "id": arn.rsplit("/", 1)[1],
        "name": name,
        "tags": {"app": "ticketflow", "env": env},
        "model_arns": list(models),
        "invoke_resources": {"profile_arn": arn, "model_arns": list(models), "global_model_arn": None},
    }


def test_the_name_carries_the_model_so_another_model_is_another_profile():
    assert ip.profile_name("ticketflow-staging-", HAIKU) == "ticketflow-staging-claude-haiku-4-5-20251001-v1-0"
    assert ip.profile_name("ticketflow-staging-", SONNET) == "ticketflow-staging-claude-sonnet-4-6"
    assert ip.profile_name("ticketflow-staging-", "amazon.nova-lite-v1:0") == "ticketflow-staging-nova-lite-v1-0"
    assert ip.profile_name("ticketflow-staging-", SONNET) != ip.profile_name("ticketflow-staging-", "us.anthropic.claude-sonnet-5-5")


def test_a_long_name_is_cut_to_64_characters_with_a_digest_of_the_model():
    prefix = "ticketflow-a-very-long-environment-name-1234-"
    first = ip.profile_name(prefix, HAIKU)
    second = ip.profile_name(prefix, "us.anthropic.claude-haiku-4-5-20251001-v2:0")
    assert len(first) <= 64 and len(second) <= 64 and first != second
    assert ip.NAME_RE.match(first) and ip.NAME_RE.match(second)


def test_the_plan_tags_every_profile_with_app_and_env_which_extra_tags_cannot_override():
    plan = plan_filter([{"id": HAIKU}, {"id": SONNET}], "staging", "ticketflow-staging-", tags={"team": "support", "env": "prod"})
    assert [p["source"] for p in plan["profiles"]] == [HAIKU, SONNET]
    assert all(p["tags"] == {"app": "ticketflow", "env": "staging", "team": "support"} for p in plan["profiles"])
    assert plan["retire"] == [] and plan["app_model_ids"] == [HAIKU, SONNET]  # no profile exists yet


def test_after_a_model_change_the_old_profile_retires_and_the_app_calls_the_new_one():
    old = profile(STAGING_ARN, "ticketflow-staging-claude-haiku-4-5-20251001-v1-0", "staging")
    new_arn = "arn:aws:bedrock:us-east-1:%s:application-inference-profile/staging2haiku" % ACCOUNT
    new = profile(new_arn, "ticketflow-staging-claude-haiku-5-5", "staging")
    plan = plan_filter(["us.anthropic.claude-haiku-5-5"], "staging", "ticketflow-staging-", owned=[old], profiles=[new])
    assert [p["name"] for p in plan["retire"]] == [old["name"]]
    assert plan["app_model_ids"] == [new_arn]


def test_bad_plan_input_fails_clearly():
    with pytest.raises(AnsibleFilterError, match="environment"):
        plan_filter([HAIKU], "", "ticketflow--")
    with pytest.raises(AnsibleFilterError, match="already an application inference profile"):
        plan_filter([STAGING_ARN], "staging", "ticketflow-staging-")
    with pytest.raises(AnsibleFilterError, match="name prefix"):
        plan_filter([HAIKU], "staging", "ticket flow!")


def test_the_invoke_policy_allows_this_environments_profile_and_its_models_only_through_it():
    document = build_invoke_policy([profile(STAGING_ARN, "ticketflow-staging-x", "staging")])
    statements = {s["Sid"]: s for s in document["Statement"]}
    assert statements["InvokeInferenceProfiles"]["Resource"] == [STAGING_ARN]
    assert statements["InvokeProfileDestinationModels"]["Resource"] == HAIKU_MODELS
    assert statements["InvokeProfileDestinationModels"]["Condition"] == {"StringEquals": {"bedrock:InferenceProfileArn": STAGING_ARN}}
    granted = [r for s in document["Statement"] for r in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])]
    # Neither another environment's profile nor the system profile it copied is allowed.
    assert PROD_ARN not in granted and SYSTEM_ARN not in granted
    assert not any("*" in r for r in granted)


def test_alarms_of_an_application_profile_watch_its_id():
    assert metric_model_id(STAGING_ARN) == "staging1haiku"
    assert metric_model_id(HAIKU) == HAIKU
    plan = alarm_plan([STAGING_ARN], "TFB-staging", environment="staging")
    per_model = [a for a in plan["alarms"] if a["model_id"]]
    assert per_model and all(a["dimensions"] == {"ModelId": "staging1haiku"} for a in per_model)
    assert all(a["name"].startswith("TFB-staging-staging1haiku-") for a in per_model)
    assert all(a["model_id"] == STAGING_ARN for a in per_model)


def test_readiness_alarm_checks_find_the_profile_alarms_by_id():
    plan = alarm_plan([STAGING_ARN], "TFB-staging")
    read = [
        {
            "alarm_name": a["name"],
            "metric_name": a["metric_name"],
            "namespace": a["namespace"],
            "dimensions": [{"name": k, "value": v} for k, v in a["dimensions"].items()],
            "alarm_actions": ["arn:aws:sns:us-east-1:%s:topic" % ACCOUNT],
        }
        for a in plan["alarms"]
    ]
    checks = rc.alarm_checks(read, "TFB-staging", [STAGING_ARN], None)
    assert [c["ok"] for c in checks] == [True]


def test_readiness_spend_is_attributed_only_through_the_environments_profiles():
    staging = profile(STAGING_ARN, "ticketflow-staging-claude-haiku", "staging")
    ok = rc.app_profile_checks([STAGING_ARN], [staging], "staging")
    assert [c["ok"] for c in ok] == [True]
    direct = rc.app_profile_checks([HAIKU], [staging], "staging")
    assert direct[0]["ok"] is False and HAIKU in direct[0]["detail"]
    assert direct[1]["severity"] == "warning" and "ticketflow-staging-claude-haiku" in direct[1]["detail"]
    mistagged = dict(staging, tags={"app": "ticketflow", "env": "prod"})
    assert rc.app_profile_checks([STAGING_ARN], [mistagged], "staging")[0]["ok"] is False


def test_the_tpm_alarm_of_an_application_profile_uses_its_sources_quota():
    quotas = [
        {"quota_code": "L-ONDEMAND", "quota_name": "On-demand model inference tokens per minute for Anthropic Claude Haiku 4.5", "applied_value": 1.0},
        {"quota_code": "L-CROSS", "quota_name": "Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5", "applied_value": 1000.0},
    ]
    names = {STAGING_ARN: "Claude Haiku 4.5"}
    plan = alarm_plan([STAGING_ARN], "TFB-staging", model_names=names, quotas=quotas, sources={STAGING_ARN: HAIKU})
    tpm = [a for a in plan["alarms"] if a["key"] == "tpm-quota-usage"]
    assert plan["tpm_alarm_missing"] == [] and tpm[0]["quota"]["quota_code"] == "L-CROSS"
    assert tpm[0]["name"] == "TFB-staging-staging1haiku-tpm-quota-usage" and tpm[0]["dimensions"] == {"ModelId": "staging1haiku"}

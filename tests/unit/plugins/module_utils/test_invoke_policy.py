# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.invoke_policy import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_model
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_profile
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import INVOKE_ACTIONS
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import MANAGED_POLICY_SIZE_LIMIT
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import InvokePolicyError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import build_invoke_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import invoke_resources
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import policy_size
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import split_policy
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import bedrock_responses as aws

MODELS = {m["modelId"]: normalize_model(m) for m in aws.CATALOG}
PROFILES = {p["inferenceProfileId"]: normalize_profile(p) for p in aws.PROFILES}


def model_entry(model_id):
    return {"id": model_id, "invoke_resources": invoke_resources(aws.REGION, model=MODELS[model_id])}


def profile_entry(profile_id):
    return {"id": profile_id, "invoke_resources": invoke_resources(aws.REGION, profile=PROFILES[profile_id])}


def statements(policy):
    return {s["Sid"]: s for s in policy["Statement"]}


def all_resources(policy):
    return [arn for s in policy["Statement"] for arn in s["Resource"]]


def test_on_demand_models_get_their_regional_arn_only():
    policy = build_invoke_policy([model_entry(aws.NOVA_LITE), model_entry(aws.OPUS41)])
    assert policy["Version"] == "2012-10-17"
    assert policy["Statement"] == [
        {
            "Sid": "InvokeOnDemandModels",
            "Effect": "Allow",
            "Action": INVOKE_ACTIONS,
            "Resource": [aws.model_arn(aws.NOVA_LITE), aws.model_arn(aws.OPUS41)],
        }
    ]


def test_actions_are_exactly_invoke_and_stream():
    policy = build_invoke_policy([model_entry(aws.NOVA_LITE), profile_entry(aws.US_SONNET46), profile_entry(aws.GLOBAL_SONNET45)])
    for statement in policy["Statement"]:
        assert statement["Action"] == ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        assert statement["Effect"] == "Allow"


def test_geographic_profile_allows_profile_and_every_destination_model_from_aws_answer():
    policy = build_invoke_policy([profile_entry(aws.US_SONNET46)])
    by_sid = statements(policy)
    assert by_sid["InvokeInferenceProfiles"]["Resource"] == [aws.profile_arn(aws.US_SONNET46)]
    destinations = by_sid["InvokeProfileDestinationModels"]
    assert destinations["Resource"] == [aws.model_arn(aws.SONNET46, r) for r in aws.US_REGIONS]
    assert destinations["Condition"] == {"StringEquals": {"bedrock:InferenceProfileArn": aws.profile_arn(aws.US_SONNET46)}}
    assert "InvokeGlobalProfileModels" not in by_sid


def test_destination_regions_come_from_the_answer_not_a_table():
    odd = dict(PROFILES[aws.US_SONNET46])
    odd["model_arns"] = [aws.model_arn(aws.SONNET46, "us-east-1"), aws.model_arn(aws.SONNET46, "ca-central-1")]
    entry = {"id": aws.US_SONNET46, "invoke_resources": invoke_resources(aws.REGION, profile=odd)}
    resources = statements(build_invoke_policy([entry]))["InvokeProfileDestinationModels"]["Resource"]
    assert resources == [aws.model_arn(aws.SONNET46, "ca-central-1"), aws.model_arn(aws.SONNET46, "us-east-1")]


def test_global_profile_adds_the_region_less_arn_with_unspecified_region():
    policy = build_invoke_policy([profile_entry(aws.GLOBAL_SONNET45)])
    global_statement = statements(policy)["InvokeGlobalProfileModels"]
    assert global_statement["Resource"] == ["arn:aws:bedrock:::foundation-model/" + aws.SONNET45]
    assert global_statement["Condition"] == {
        "StringEquals": {"aws:RequestedRegion": "unspecified", "bedrock:InferenceProfileArn": aws.profile_arn(aws.GLOBAL_SONNET45)}
    }


def test_no_wildcard_and_no_source_region_condition():
    policy = build_invoke_policy([model_entry(aws.NOVA_LITE), profile_entry(aws.US_SONNET46), profile_entry(aws.GLOBAL_SONNET45)])
    assert not any("*" in arn for arn in all_resources(policy))
    text = json.dumps(policy)
    assert '"aws:RequestedRegion": "us-east-1"' not in text
    for statement in policy["Statement"]:
        condition = statement.get("Condition", {}).get("StringEquals", {})
        assert condition.get("aws:RequestedRegion", "unspecified") == "unspecified"


def test_wildcards_in_input_are_refused():
    entry = {"id": "x", "invoke_resources": {"profile_arn": None, "model_arns": ["arn:aws:bedrock:*::foundation-model/*"], "global_model_arn": None}}
    with pytest.raises(InvokePolicyError, match="wildcard"):
        build_invoke_policy([entry])


def test_restrict_to_profiles_false_drops_the_profile_condition():
    policy = build_invoke_policy([profile_entry(aws.US_SONNET46)], restrict_to_profiles=False)
    assert "Condition" not in statements(policy)["InvokeProfileDestinationModels"]


def test_unusable_entries_fail_or_are_skipped():
    unusable = {"id": aws.SONNET46, "invoke_resources": None, "reason": "needs an inference profile"}
    with pytest.raises(InvokePolicyError, match="needs an inference profile"):
        build_invoke_policy([model_entry(aws.NOVA_LITE), unusable])
    policy = build_invoke_policy([model_entry(aws.NOVA_LITE), unusable], skip_unusable=True)
    assert all_resources(policy) == [aws.model_arn(aws.NOVA_LITE)]
    with pytest.raises(InvokePolicyError, match="nothing to allow"):
        build_invoke_policy([unusable], skip_unusable=True)


def test_accepts_module_result_list_or_generator():
    entries = [model_entry(aws.NOVA_LITE), profile_entry(aws.US_SONNET46)]
    expected = build_invoke_policy(entries)
    assert build_invoke_policy({"models": entries, "changed": False}) == expected
    assert build_invoke_policy(e for e in entries) == expected
    with pytest.raises(InvokePolicyError, match="expected the result"):
        build_invoke_policy("anthropic.claude-haiku-4-5-20251001-v1:0")


def test_policy_is_deterministic_whatever_the_order():
    entries = [model_entry(aws.TITAN), model_entry(aws.NOVA_LITE), profile_entry(aws.US_SONNET46), profile_entry(aws.US_HAIKU)]
    assert build_invoke_policy(entries) == build_invoke_policy(list(reversed(entries)))


def test_filter_plugin_wraps_errors():
    invoke_policy = FilterModule().filters()["invoke_policy"]
    assert invoke_policy([model_entry(aws.NOVA_LITE)]) == build_invoke_policy([model_entry(aws.NOVA_LITE)])
    with pytest.raises(AnsibleFilterError, match="ticketflow.bedrock.invoke_policy"):
        invoke_policy([{"id": "x", "invoke_resources": None}])


def many_profiles_policy(count, regions=("us-east-1", "us-east-2", "us-west-2")):
    entries = []
    for index in range(count):
        model = "anthropic.example-model-%02d-20261001-v1:0" % index
        entries.append(
            {
                "id": "us." + model,
                "invoke_resources": {
                    "profile_arn": "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + model,
                    "model_arns": ["arn:aws:bedrock:%s::foundation-model/%s" % (region, model) for region in regions],
                    "global_model_arn": None,
                },
            }
        )
    return build_invoke_policy(entries)


def test_a_policy_that_fits_is_returned_alone_and_unchanged():
    policy = build_invoke_policy([model_entry(aws.NOVA_LITE)])
    assert split_policy(policy) == [policy]


def test_a_policy_for_many_profiles_exceeds_the_managed_limit_and_is_split_into_parts_that_fit():
    policy = many_profiles_policy(24)
    assert policy_size(policy) > MANAGED_POLICY_SIZE_LIMIT
    parts = split_policy(policy)
    assert len(parts) > 1
    assert all(policy_size(part) <= MANAGED_POLICY_SIZE_LIMIT for part in parts)

    def grants(documents):
        return sorted(
            (s["Effect"], tuple(s["Action"]), json.dumps(s.get("Condition"), sort_keys=True), arn)
            for d in documents
            for s in d["Statement"]
            for arn in s["Resource"]
        )

    assert grants(parts) == grants([policy])  # the union grants exactly what the policy granted
    for part in parts:
        sids = [s["Sid"] for s in part["Statement"]]
        assert len(sids) == len(set(sids))


def test_whitespace_does_not_count_towards_the_limit():
    policy = many_profiles_policy(3)
    assert policy_size(policy) == len(json.dumps(policy, separators=(",", ":")))
    assert policy_size(policy) < len(json.dumps(policy, indent=4))


def test_too_many_parts_fail_with_the_quota_named():
    with pytest.raises(InvokePolicyError, match="Managed policies per role"):
        split_policy(many_profiles_policy(24), max_parts=1)


def test_split_filter_returns_the_parts():
    split = FilterModule().filters()["invoke_policy_parts"]
    assert len(split(many_profiles_policy(24))) > 1
    with pytest.raises(AnsibleFilterError, match="invoke_policy_parts"):
        split(many_profiles_policy(24), max_parts=1)


def test_application_profile_entry_allows_the_profile_and_its_models_through_it():
    app_arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcd1234efgh"
    models = ["arn:aws:bedrock:%s::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" % r for r in ("us-east-1", "us-east-2", "us-west-2")]
    entry = {"id": "ticketflow-staging", "invoke_resources": {"profile_arn": app_arn, "model_arns": models, "global_model_arn": None}}
    statements = {s["Sid"]: s for s in build_invoke_policy([entry])["Statement"]}
    assert statements["InvokeInferenceProfiles"]["Resource"] == [app_arn]
    assert statements["InvokeProfileDestinationModels"]["Resource"] == models
    assert statements["InvokeProfileDestinationModels"]["Condition"] == {"StringEquals": {"bedrock:InferenceProfileArn": app_arn}}

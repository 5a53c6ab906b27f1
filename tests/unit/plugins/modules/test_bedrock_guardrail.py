# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import datetime

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_guardrail as gr
from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_guardrail
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import StubbedAWS
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import client_error
from ansible_collections.ticketflow.bedrock.tests.unit.plugins.stubbed_aws import run_module

GID = "hu1dlsv9wy1d"
ARN = "arn:aws:bedrock:us-east-1:123456789012:guardrail/%s" % GID
NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)


@pytest.fixture
def aws():
    return StubbedAWS()


def args(**overrides):
    base = {
        "region": "us-east-1",
        "name": "ticketflow",
        "blocked_input_message": "Blocked ticket.",
        "blocked_output_message": "Blocked answer.",
        "pii_entities": [{"type": "EMAIL"}, {"type": "CREDIT_DEBIT_CARD_NUMBER", "action": "BLOCK"}],
        "prompt_attack": "HIGH",
    }
    base.update(overrides)
    return base


def desired(**overrides):
    params = {"pii_entities": [], "regexes": [], "content_filters": [], "denied_topics": [], "blocked_words": []}
    params.update(args(**overrides))
    return gr.desired_config(params)


def described(config, version="DRAFT"):
    """GetGuardrail's answer for ``config`` as AWS words it (Policy members, renamed lists, modalities)."""
    answer = {
        "name": config["name"],
        "guardrailId": GID,
        "guardrailArn": ARN,
        "version": version,
        "status": "READY",
        "createdAt": NOW,
        "updatedAt": NOW,
        "blockedInputMessaging": config["blockedInputMessaging"],
        "blockedOutputsMessaging": config["blockedOutputsMessaging"],
    }
    if config.get("description"):
        answer["description"] = config["description"]
    sensitive = config.get("sensitiveInformationPolicyConfig")
    if sensitive:
        answer["sensitiveInformationPolicy"] = {
            "piiEntities": [dict(e, inputEnabled=True, outputEnabled=True) for e in sensitive.get("piiEntitiesConfig", [])],
            "regexes": sensitive.get("regexesConfig", []),
        }
    if config.get("contentPolicyConfig"):
        answer["contentPolicy"] = {
            "filters": [dict(f, inputModalities=["TEXT"], outputModalities=["TEXT"]) for f in config["contentPolicyConfig"]["filtersConfig"]]
        }
    return answer


def summary(version="DRAFT"):
    return {"id": GID, "arn": ARN, "status": "READY", "name": "ticketflow", "version": version, "createdAt": NOW, "updatedAt": NOW}


def stub_find(stubber, found=True):
    stubber.add_response("list_guardrails", {"guardrails": [summary()] if found else []}, {})


def stub_versions(stubber, *numbers):
    stubber.add_response("list_guardrails", {"guardrails": [summary()] + [summary(str(n)) for n in numbers]}, {"guardrailIdentifier": GID})


def stub_get(stubber, config, version="DRAFT"):
    stubber.add_response("get_guardrail", described(config, version), {"guardrailIdentifier": GID, "guardrailVersion": version})


def stub_enforced(stubber, *configs):
    stubber.add_response("list_enforced_guardrails_configuration", {"guardrailsConfig": list(configs)}, {})


def enforced(config_id="config1", version="1", guardrail_id=GID):
    return {"configId": config_id, "guardrailId": guardrail_id, "guardrailArn": ARN, "guardrailVersion": version, "inputTags": "HONOR", "owner": "ACCOUNT"}


def test_desired_config_checks_input():
    config = desired()
    assert config["contentPolicyConfig"] == {"filtersConfig": [{"type": "PROMPT_ATTACK", "inputStrength": "HIGH", "outputStrength": "NONE"}]}
    assert [e["type"] for e in config["sensitiveInformationPolicyConfig"]["piiEntitiesConfig"]] == ["CREDIT_DEBIT_CARD_NUMBER", "EMAIL"]
    for bad, text in (
        ({"name": "no spaces"}, "not a valid guardrail name"),
        ({"blocked_input_message": ""}, "blocked_input_message must be 1 to 500"),
        ({"pii_entities": [{"type": "SHOE_SIZE"}]}, "not a Bedrock PII entity type"),
        ({"pii_entities": [{"type": "EMAIL"}, {"type": "EMAIL"}]}, "each type may appear once"),
        ({"regexes": [{"name": "order", "pattern": "(["}], "pii_entities": []}, "not a valid regular expression"),
        ({"pii_entities": [], "prompt_attack": "NONE"}, "at least one policy"),
    ):
        with pytest.raises(gr.GuardrailInputError, match=text):
            desired(**bad)


def test_config_from_api_round_trips():
    config = desired(
        regexes=[{"name": "order", "pattern": "ORD-[0-9]+", "action": "BLOCK"}],
        blocked_words=["b", "a"],
        profanity_filter=True,
        denied_topics=[{"name": "refunds", "definition": "Money back", "examples": []}],
    )
    answer = described(config)
    answer["topicPolicy"] = {"topics": config["topicPolicyConfig"]["topicsConfig"]}
    answer["wordPolicy"] = {"words": config["wordPolicyConfig"]["wordsConfig"], "managedWordLists": [{"type": "PROFANITY"}]}
    assert gr.config_from_api(answer) == config
    assert gr.version_arn(ARN, "3") == ARN + ":3"


def test_creates_and_publishes_version_1(aws):
    stubber = aws.stub("bedrock")
    stub_find(stubber, found=False)
    stubber.add_response("create_guardrail", {"guardrailId": GID, "guardrailArn": ARN, "version": "DRAFT", "createdAt": NOW}, desired())
    stubber.add_response("create_guardrail_version", {"guardrailId": GID, "version": "1"}, {"guardrailIdentifier": GID})
    stub_enforced(stubber, enforced(guardrail_id="someoneelse"))  # another guardrail's enforcement is left alone
    outcome = run_module(bedrock_guardrail.main, args(), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True
    guardrail = outcome.result["guardrail"]
    assert (guardrail["guardrail_id"], guardrail["version"], guardrail["version_arn"]) == (GID, "1", ARN + ":1")
    assert outcome.result["diff"]["before"] == {} and outcome.result["diff"]["after"]["name"] == "ticketflow"


def test_check_mode_makes_no_mutating_call(aws):
    stub_find(aws.stub("bedrock"), found=False)  # any create/publish call would find no queued answer and fail
    outcome = run_module(bedrock_guardrail.main, args(), aws, check_mode=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True and outcome.result["guardrail"]["version"] == "1"


def test_unchanged_guardrail_is_not_republished(aws):
    stubber = aws.stub("bedrock")
    stub_find(stubber)
    stub_get(stubber, desired())
    stub_versions(stubber, 1)
    stub_get(stubber, desired(), "1")
    stub_enforced(stubber)
    outcome = run_module(bedrock_guardrail.main, args(), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is False
    assert outcome.result["guardrail"]["versions"] == ["1"] and outcome.result["guardrail"]["published"] is False


def test_changed_config_updates_draft_and_publishes(aws):
    stubber = aws.stub("bedrock")
    old = desired(prompt_attack="LOW")
    stub_find(stubber)
    stub_get(stubber, old)
    stub_versions(stubber, 1, 2)
    stubber.add_response(
        "update_guardrail", {"guardrailId": GID, "guardrailArn": ARN, "version": "DRAFT", "updatedAt": NOW}, dict(desired(), guardrailIdentifier=GID)
    )
    stubber.add_response("create_guardrail_version", {"guardrailId": GID, "version": "3"}, {"guardrailIdentifier": GID, "description": "tickets v3"})
    stub_enforced(stubber)
    outcome = run_module(bedrock_guardrail.main, args(version_description="tickets v3"), aws, diff=True)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["guardrail"]["version"] == "3"
    before, after = outcome.result["diff"]["before"], outcome.result["diff"]["after"]
    assert before["content_policy_config"]["filters_config"][0]["input_strength"] == "LOW"
    assert after["content_policy_config"]["filters_config"][0]["input_strength"] == "HIGH"


def test_draft_edited_elsewhere_gets_published(aws):
    """The DRAFT already matches, but differs from the newest version: publish, no update."""
    stubber = aws.stub("bedrock")
    stub_find(stubber)
    stub_get(stubber, desired())
    stub_versions(stubber, 1)
    stub_get(stubber, desired(prompt_attack="LOW"), "1")
    stubber.add_response("create_guardrail_version", {"guardrailId": GID, "version": "2"}, {"guardrailIdentifier": GID})
    stub_enforced(stubber)
    outcome = run_module(bedrock_guardrail.main, args(), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] is True and outcome.result["guardrail"]["version"] == "2"


def test_absent_deletes_and_is_idempotent(aws):
    stubber = aws.stub("bedrock")
    stub_find(stubber)
    stub_get(stubber, desired())
    stub_enforced(stubber, enforced())
    stubber.add_response("delete_enforced_guardrail_configuration", {}, {"configId": "config1"})
    stubber.add_response("delete_guardrail", {}, {"guardrailIdentifier": GID})
    stub_find(stubber, found=False)
    first = run_module(bedrock_guardrail.main, {"region": "us-east-1", "name": "ticketflow", "state": "absent"}, aws)
    second = run_module(bedrock_guardrail.main, {"region": "us-east-1", "name": "ticketflow", "state": "absent"}, aws)
    aws.assert_all_called()
    assert (first.result["changed"], second.result["changed"]) == (True, False)
    assert first.result["guardrail"] is None


def test_bad_input_fails_before_any_call(aws):
    outcome = run_module(bedrock_guardrail.main, args(pii_entities=[{"type": "SHOE_SIZE"}]), aws)
    assert outcome.failed and "not a Bedrock PII entity type" in outcome.result["msg"]
    assert aws.stubbers == {}


def test_aws_error_keeps_the_code(aws):
    stubber = aws.stub("bedrock")
    stub_find(stubber, found=False)
    client_error(stubber, "create_guardrail", "ServiceQuotaExceededException", "Guardrail quota exceeded.")
    outcome = run_module(bedrock_guardrail.main, args(), aws)
    assert outcome.failed
    assert "ServiceQuotaExceededException" in str(outcome.result)


def unchanged_stubs(stubber):
    stub_find(stubber)
    stub_get(stubber, desired())
    stub_versions(stubber, 1, 2)
    stub_get(stubber, desired(), "2")


def test_account_enforcement_puts_the_newest_version(aws):
    stubber = aws.stub("bedrock")
    unchanged_stubs(stubber)
    stub_enforced(stubber, enforced(version="1"))
    put = {"guardrailInferenceConfig": {"guardrailIdentifier": GID, "guardrailVersion": "2"}, "configId": "config1"}
    stubber.add_response("put_enforced_guardrail_configuration", {"configId": "config1", "updatedAt": NOW, "updatedBy": "x"}, put)
    outcome = run_module(bedrock_guardrail.main, args(account_enforcement=True), aws)
    aws.assert_all_called()
    assert not outcome.failed, outcome.result
    assert outcome.result["changed"] is True and outcome.result["guardrail"]["enforced_config_id"] == "config1"


def test_account_enforcement_already_in_place_is_unchanged(aws):
    stubber = aws.stub("bedrock")
    unchanged_stubs(stubber)
    stub_enforced(stubber, enforced(version="2"))
    outcome = run_module(bedrock_guardrail.main, args(account_enforcement=True), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] is False and outcome.result["guardrail"]["enforced_config_id"] == "config1"


def test_enforcement_turned_off_removes_this_guardrails_configuration(aws):
    stubber = aws.stub("bedrock")
    unchanged_stubs(stubber)
    stub_enforced(stubber, enforced(version="2"))
    stubber.add_response("delete_enforced_guardrail_configuration", {}, {"configId": "config1"})
    outcome = run_module(bedrock_guardrail.main, args(), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] is True


def test_a_versions_own_description_does_not_republish(aws):
    """GetGuardrail answers a numbered version with that version's description: not a change."""
    stubber = aws.stub("bedrock")
    stub_find(stubber)
    stub_get(stubber, desired(description="guardrail"))
    stub_versions(stubber, 1)
    stub_get(stubber, dict(desired(), description="published by the task"), "1")
    stub_enforced(stubber)
    outcome = run_module(bedrock_guardrail.main, args(description="guardrail"), aws)
    aws.assert_all_called()
    assert outcome.result["changed"] is False

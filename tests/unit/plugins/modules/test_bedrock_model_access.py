# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# Every AWS call the module makes must be queued on the Stubber, in order, with
# its exact parameters: a mutating call that is not queued fails the test.

import json

import pytest

from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_model_access as module
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import bedrock_responses as aws

USE_CASE = {
    "company_name": "TicketFlow Inc.",
    "company_website": "https://ticketflow.example",
    "intended_users": "0",
    "industry_option": "Technology",
    "use_cases": "Summarise and route customer support tickets.",
}
FORM = {
    "companyName": "TicketFlow Inc.",
    "companyWebsite": "https://ticketflow.example",
    "intendedUsers": "0",
    "industryOption": "Technology",
    "useCases": "Summarise and route customer support tickets.",
}


def form_bytes(form):
    return json.dumps(form, sort_keys=True, separators=(",", ":")).encode("utf-8")


def args(models, **extra):
    result = {"region": "us-east-1", "models": models, "max_concurrency": 1, "wait_delay": 0, "wait_timeout": 30, "check_marketplace_permissions": False}
    result.update(extra)
    return result


def queue_describe(stubber, *availabilities):
    stubber.add_response("list_foundation_models", aws.list_models_answer(), {})
    stubber.add_response("list_inference_profiles", aws.list_profiles_answer(), {"typeEquals": "SYSTEM_DEFINED"})
    for model_id, agreement in availabilities:
        queue_availability(stubber, model_id, agreement)


def queue_availability(stubber, model_id, agreement, **fields):
    stubber.add_response("get_foundation_model_availability", aws.availability(model_id, agreement=agreement, **fields), {"modelId": model_id})


def queue_offer(stubber, model_id):
    stubber.add_response("list_foundation_model_agreement_offers", aws.offers_answer(model_id), {"modelId": model_id, "offerType": "PUBLIC"})


def queue_create(stubber, model_id):
    stubber.add_response("create_foundation_model_agreement", {"modelId": model_id}, {"modelId": model_id, "offerToken": "token-for-%s" % model_id})


def queue_no_use_case(stubber):
    stubber.add_client_error(
        "get_use_case_for_model_access", "ResourceNotFoundException", "No use case details have been submitted for this account.", 404, expected_params={}
    )


def test_full_flow_submits_form_accepts_offer_and_waits_for_two_available_reads(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.HAIKU)
    queue_no_use_case(stubber)
    stubber.add_response("put_use_case_for_model_access", {}, {"formData": form_bytes(FORM)})
    queue_create(stubber, aws.HAIKU)
    for status in ("PENDING", "AVAILABLE", "PENDING", "AVAILABLE", "AVAILABLE"):
        queue_availability(stubber, aws.HAIKU, status)

    failed, result = run_module(module, args([aws.HAIKU], use_case=USE_CASE), {"bedrock": client})

    assert not failed and result["changed"] is True
    [model] = result["models"]
    assert model["action"] == "create" and model["offer_id"].startswith("offer-")
    assert (model["agreement_status_before"], model["agreement_status"]) == ("NOT_AVAILABLE", "AVAILABLE")
    assert "_offer_token" not in model
    assert result["use_case"] == {"required": True, "submitted_before": False, "differs": False, "action": "submit", "status": "submitted"}
    assert result["diff"]["before"]["agreements"] == {aws.HAIKU: "NOT_AVAILABLE"}
    assert result["diff"]["after"] == {"agreements": {aws.HAIKU: "AVAILABLE"}, "use_case": FORM}


def test_available_agreement_is_left_alone(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "AVAILABLE"), (aws.TITAN, "AVAILABLE"))
    failed, result = run_module(module, args([aws.HAIKU, aws.TITAN]), {"bedrock": client})
    assert not failed and result["changed"] is False
    assert [m["action"] for m in result["models"]] == ["none", "none"]
    assert result["use_case"]["action"] == "none"


def test_check_mode_only_reads(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.HAIKU)
    queue_no_use_case(stubber)
    failed, result = run_module(module, args([aws.HAIKU], use_case=USE_CASE, _ansible_check_mode=True), {"bedrock": client})
    assert not failed and result["changed"] is True
    assert result["models"][0]["action"] == "create" and result["models"][0]["agreement_status"] == "AVAILABLE"
    assert result["use_case"]["action"] == "submit"


def test_missing_form_fails_before_any_change(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.HAIKU)
    queue_no_use_case(stubber)
    failed, result = run_module(module, args([aws.HAIKU]), {"bedrock": client})
    assert failed and result["msg"].startswith("Nothing was changed")
    assert "Anthropic models need the account's use-case form" in result["msg"] and "use_case" in result["msg"]


def test_non_anthropic_model_needs_no_form(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    queue_create(stubber, aws.TITAN)
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    failed, result = run_module(module, args([aws.TITAN]), {"bedrock": client})
    assert not failed and result["changed"] and result["use_case"]["required"] is False


@pytest.mark.parametrize("replace", [False, True])
def test_different_existing_form_is_reported_and_replaced_only_when_asked(stubbed_client, run_module, replace):
    client, stubber = stubbed_client("bedrock")
    other = dict(FORM, useCases="Internal experiments")
    queue_describe(stubber, (aws.HAIKU, "AVAILABLE"))
    stubber.add_response("get_use_case_for_model_access", {"formData": form_bytes(other)}, {})
    if replace:
        stubber.add_response("put_use_case_for_model_access", {}, {"formData": form_bytes(FORM)})
    failed, result = run_module(module, args([aws.HAIKU], use_case=USE_CASE, replace_use_case=replace), {"bedrock": client})
    assert not failed and result["use_case"]["differs"] is True
    assert result["use_case"]["action"] == ("replace" if replace else "none")
    assert result["changed"] is replace
    if not replace:
        assert any("differs from the use_case option" in w for w in result.get("warnings", []))


def test_same_existing_form_is_not_resubmitted(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "AVAILABLE"))
    stubber.add_response("get_use_case_for_model_access", {"formData": form_bytes(FORM)}, {})
    failed, result = run_module(module, args([aws.HAIKU], use_case=USE_CASE), {"bedrock": client})
    assert not failed and result["changed"] is False and result["use_case"]["submitted_before"] is True


def test_error_agreement_is_recreated(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "ERROR"))
    queue_offer(stubber, aws.TITAN)
    stubber.add_response("delete_foundation_model_agreement", {}, {"modelId": aws.TITAN})
    queue_create(stubber, aws.TITAN)
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    failed, result = run_module(module, args([aws.TITAN]), {"bedrock": client})
    assert not failed and result["changed"] and result["models"][0]["action"] == "recreate"


def test_pending_agreement_is_awaited_without_change(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "PENDING"))
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    failed, result = run_module(module, args([aws.TITAN]), {"bedrock": client})
    assert not failed and result["changed"] is False
    assert (result["models"][0]["action"], result["models"][0]["agreement_status"]) == ("wait", "AVAILABLE")


def test_conflict_on_create_means_in_progress(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    stubber.add_client_error(
        "create_foundation_model_agreement",
        "ConflictException",
        "An agreement for this model is already being created.",
        409,
        expected_params={"modelId": aws.TITAN, "offerToken": "token-for-%s" % aws.TITAN},
    )
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    failed, result = run_module(module, args([aws.TITAN]), {"bedrock": client})
    assert not failed and result["models"][0]["agreement_status"] == "AVAILABLE"


def test_wait_is_bounded(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    queue_create(stubber, aws.TITAN)
    queue_availability(stubber, aws.TITAN, "PENDING")
    failed, result = run_module(module, args([aws.TITAN], wait_timeout=0), {"bedrock": client})
    assert failed and result["changed"] is True
    assert "still PENDING after waiting 0 seconds" in result["msg"] and "raise wait_timeout" in result["msg"]


def test_agreement_turning_to_error_fails_with_aws_message(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    queue_create(stubber, aws.TITAN)
    queue_availability(stubber, aws.TITAN, "ERROR", error_message="Marketplace subscription failed")
    failed, result = run_module(module, args([aws.TITAN]), {"bedrock": client})
    assert failed and "went to ERROR: Marketplace subscription failed" in result["msg"]


def test_no_offer_fails_before_any_change(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    stubber.add_response("list_foundation_model_agreement_offers", {"modelId": aws.TITAN, "offers": []}, {"modelId": aws.TITAN, "offerType": "PUBLIC"})
    failed, result = run_module(module, args([aws.TITAN]), {"bedrock": client})
    assert failed and "no PUBLIC agreement offer" in result["msg"] and "Nothing was changed" in result["msg"]


def test_profile_grants_the_model_it_carries(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.SONNET46, "AVAILABLE"))
    failed, result = run_module(module, args([aws.US_SONNET46, aws.SONNET46]), {"bedrock": client})
    assert not failed and not result["changed"]
    [model] = result["models"]
    assert model["model_id"] == aws.SONNET46 and model["requested_as"] == [aws.US_SONNET46, aws.SONNET46]


def test_model_missing_from_region_fails_before_any_change(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    stubber.add_response("list_foundation_models", aws.list_models_answer(), {})
    stubber.add_response("list_inference_profiles", aws.list_profiles_answer(), {"typeEquals": "SYSTEM_DEFINED"})
    stubber.add_client_error("get_foundation_model", "ResourceNotFoundException", "Model not found", 404, expected_params={"modelIdentifier": aws.OPUS45})
    failed, result = run_module(module, args([aws.OPUS45]), {"bedrock": client})
    assert failed and "Nothing was changed" in result["msg"] and "not offered in us-east-1" in result["msg"]
    assert result["models"][0]["suggestions"][0] == aws.OPUS41


@pytest.mark.parametrize(
    "module_args, fragment",
    [
        (args(["anthropic.claude 3"]), "not a well-formed"),
        (args([]), "list of models is empty"),
        (args(["apac." + aws.NOVA_LITE]), "apac geography"),
        (dict(args([aws.HAIKU]), region="us-east-7"), "not offered in region us-east-7"),
        (args([aws.HAIKU], wait_timeout=-1), "wait_timeout must be at least 0"),
    ],
)
def test_bad_input_fails_before_any_aws_call(stubbed_client, run_module, module_args, fragment):
    client, _stubber = stubbed_client("bedrock")
    failed, result = run_module(module, module_args, {"bedrock": client})
    assert failed and fragment in result["msg"]


def test_absent_deletes_and_waits(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "AVAILABLE"))
    stubber.add_response("delete_foundation_model_agreement", {}, {"modelId": aws.HAIKU})
    queue_availability(stubber, aws.HAIKU, "NOT_AVAILABLE")
    failed, result = run_module(module, args([aws.HAIKU], state="absent"), {"bedrock": client})
    assert not failed and result["changed"] and result["models"][0]["action"] == "delete"
    assert result["models"][0]["agreement_status"] == "NOT_AVAILABLE"


def test_absent_is_idempotent(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "NOT_AVAILABLE"))
    failed, result = run_module(module, args([aws.HAIKU], state="absent"), {"bedrock": client})
    assert not failed and result["changed"] is False and result["models"][0]["action"] == "none"


def test_absent_in_check_mode_does_not_delete(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "AVAILABLE"))
    failed, result = run_module(module, args([aws.HAIKU], state="absent", _ansible_check_mode=True), {"bedrock": client})
    assert not failed and result["changed"] and result["models"][0]["agreement_status"] == "NOT_AVAILABLE"


def test_delete_of_missing_agreement_counts_as_gone(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "PENDING"))
    stubber.add_client_error(
        "delete_foundation_model_agreement", "ResourceNotFoundException", "No agreement exists for this model.", 404, expected_params={"modelId": aws.HAIKU}
    )
    queue_availability(stubber, aws.HAIKU, "NOT_AVAILABLE")  # wait=False still reads the final status once
    failed, result = run_module(module, args([aws.HAIKU], state="absent", wait=False), {"bedrock": client})
    assert not failed and result["changed"] is False
    assert (result["models"][0]["action"], result["models"][0]["agreement_status"]) == ("none", "NOT_AVAILABLE")


def test_aws_failure_on_create_keeps_the_error_code(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    stubber.add_client_error(
        "create_foundation_model_agreement",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: aws-marketplace:Subscribe",
        403,
        expected_params={"modelId": aws.TITAN, "offerToken": "token-for-%s" % aws.TITAN},
    )
    failed, result = run_module(module, args([aws.TITAN]), {"bedrock": client})
    assert failed and result["diagnosis"]["aws_error_code"] == "AccessDeniedException"
    assert "Could not create the agreement" in result["msg"]


def test_aws_failure_goes_through_the_bedrock_error_handler(stubbed_client, run_module):
    # One AnsibleAWSError caught in main: the diagnosis knows the service and the operation that failed.
    client, stubber = stubbed_client("bedrock")
    stubber.add_client_error(
        "list_foundation_models",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: bedrock:ListFoundationModels",
        403,
    )
    failed, result = run_module(module, args([aws.HAIKU]), {"bedrock": client})
    assert failed and result["msg"].startswith("Could not read the Bedrock catalog of us-east-1: Failed to read the Bedrock catalog of us-east-1")
    assert (result["diagnosis"]["service"], result["diagnosis"]["operation"]) == ("bedrock", "ListFoundationModels")
    assert result["error"]["code"] == "AccessDeniedException"


# --- Marketplace permissions of the setup identity (SimulatePrincipalPolicy before any change) ---

SETUP_SESSION = "arn:aws:sts::123456789012:assumed-role/TicketFlowSetup/ci-run-42"
SETUP_ROLE = "arn:aws:iam::123456789012:role/platform/TicketFlowSetup"
MARKETPLACE = ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe", "aws-marketplace:Unsubscribe"]


def queue_identity(stubbed_client, caller_arn):
    sts, sts_stub = stubbed_client("sts")
    sts_stub.add_response("get_caller_identity", {"UserId": "AROAEXAMPLE:ci", "Account": "123456789012", "Arn": caller_arn}, {})
    return sts


def simulation(decisions):
    return {
        "EvaluationResults": [
            {
                "EvalActionName": action,
                "EvalResourceName": "*",
                "EvalDecision": decision,
                "MatchedStatements": [{"SourcePolicyId": "setup", "SourcePolicyType": "IAM Policy"}] if decision == "allowed" else [],
            }
            for action, decision in decisions.items()
        ],
        "IsTruncated": False,
    }


def queue_simulation(iam_stub, decisions, arn=SETUP_ROLE):
    iam_stub.add_response(
        "get_role",
        {
            "Role": {
                "Path": "/platform/",
                "RoleName": "TicketFlowSetup",
                "RoleId": "AROAEXAMPLEEXAMPLE",
                "Arn": arn,
                "CreateDate": "2026-01-01T00:00:00Z",
                "AssumeRolePolicyDocument": "{}",
            }
        },
        {"RoleName": "TicketFlowSetup"},
    )
    iam_stub.add_response("simulate_principal_policy", simulation(decisions), {"PolicySourceArn": arn, "ActionNames": MARKETPLACE})


def test_missing_subscribe_fails_before_any_change_naming_the_role(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.HAIKU)
    stubber.add_response("get_use_case_for_model_access", {"formData": form_bytes(FORM)}, {})
    iam, iam_stub = stubbed_client("iam")
    queue_simulation(
        iam_stub, {"aws-marketplace:ViewSubscriptions": "allowed", "aws-marketplace:Subscribe": "implicitDeny", "aws-marketplace:Unsubscribe": "implicitDeny"}
    )
    sts = queue_identity(stubbed_client, SETUP_SESSION)
    failed, result = run_module(module, args([aws.HAIKU], check_marketplace_permissions=True), {"bedrock": client, "sts": sts, "iam": iam})
    assert failed and result["msg"].startswith("Nothing was changed [marketplace_permissions_missing]")
    assert "aws-marketplace:Subscribe (implicitDeny)" in result["msg"] and "role %s" % SETUP_ROLE in result["msg"]
    assert "ViewSubscriptions (" not in result["msg"]
    assert result["diagnosis"]["code"] == "marketplace_permissions_missing"
    assert result["marketplace_permissions"]["missing"] == ["aws-marketplace:Subscribe"]
    assert result["marketplace_permissions"]["identity"] == SETUP_SESSION


def test_allowed_setup_identity_proceeds_and_reports_an_existing_form(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.HAIKU)
    stubber.add_response("get_use_case_for_model_access", {"formData": form_bytes(FORM)}, {})
    queue_create(stubber, aws.HAIKU)
    queue_availability(stubber, aws.HAIKU, "AVAILABLE")
    queue_availability(stubber, aws.HAIKU, "AVAILABLE")
    iam, iam_stub = stubbed_client("iam")
    queue_simulation(iam_stub, dict.fromkeys(MARKETPLACE, "allowed"))
    sts = queue_identity(stubbed_client, SETUP_SESSION)
    failed, result = run_module(module, args([aws.HAIKU], check_marketplace_permissions=True), {"bedrock": client, "sts": sts, "iam": iam})
    assert not failed and result["changed"]
    assert result["marketplace_permissions"]["checked"] is True and result["marketplace_permissions"]["missing"] == []
    assert result["use_case"]["status"] == "already submitted (inherited or earlier)"


def test_denied_simulation_falls_back_to_the_real_call(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    stubber.add_client_error(
        "create_foundation_model_agreement",
        "AccessDeniedException",
        "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions "
        "(aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.",
        403,
        expected_params={"modelId": aws.TITAN, "offerToken": "token-for-%s" % aws.TITAN},
    )
    iam, iam_stub = stubbed_client("iam")
    iam_stub.add_client_error(
        "get_role", "AccessDenied", "User is not authorized to perform: iam:GetRole", 403, expected_params={"RoleName": "TicketFlowSetup"}
    )
    sts = queue_identity(stubbed_client, SETUP_SESSION)
    failed, result = run_module(module, args([aws.TITAN], check_marketplace_permissions=True), {"bedrock": client, "sts": sts, "iam": iam})
    assert failed and result["diagnosis"]["code"] == "marketplace_permissions_missing"
    assert result["diagnosis"]["missing_permissions"] == ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"]


def test_account_root_is_not_simulated(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    queue_create(stubber, aws.TITAN)
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    queue_availability(stubber, aws.TITAN, "AVAILABLE")
    sts = queue_identity(stubbed_client, "arn:aws:iam::123456789012:root")
    failed, result = run_module(module, args([aws.TITAN], check_marketplace_permissions=True), {"bedrock": client, "sts": sts})
    assert not failed and result["marketplace_permissions"]["checked"] is False
    assert "account root" in result["marketplace_permissions"]["reason"]


def test_unchanged_access_returns_the_status_the_info_module_would(stubbed_client, run_module):
    """The role skips bedrock_model_access_info after an unchanged run: the status must be the info module's answer."""
    from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_model_access_info as info_module

    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.HAIKU, "AVAILABLE"), (aws.TITAN, "AVAILABLE"))
    failed, result = run_module(module, args([aws.HAIKU, aws.TITAN]), {"bedrock": client})
    assert not failed and result["changed"] is False

    info_client, info_stubber = stubbed_client("bedrock")
    queue_describe(info_stubber, (aws.HAIKU, "AVAILABLE"), (aws.TITAN, "AVAILABLE"))
    info_failed, info = run_module(info_module, {"region": "us-east-1", "models": [aws.HAIKU, aws.TITAN], "max_concurrency": 1}, {"bedrock": info_client})
    assert not info_failed
    expected = {k: v for k, v in info.items() if k not in ("changed", "warnings", "invocation", "failed")}
    assert result["status"] == expected
    assert [m["id"] for m in result["status"]["models"]] == [aws.HAIKU, aws.TITAN]


@pytest.mark.parametrize("check_mode", [False, True])
def test_changed_access_returns_no_status(stubbed_client, run_module, check_mode):
    """After (or, in check mode, before) a change, what was read is not what AWS holds: no status, the role reads again."""
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    queue_offer(stubber, aws.TITAN)
    if not check_mode:
        queue_create(stubber, aws.TITAN)
        for status in ("AVAILABLE", "AVAILABLE"):
            queue_availability(stubber, aws.TITAN, status)
    failed, result = run_module(module, args([aws.TITAN], _ansible_check_mode=check_mode), {"bedrock": client})
    assert not failed and result["changed"] is True
    assert result["status"] is None


def test_absent_returns_no_status(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_describe(stubber, (aws.TITAN, "NOT_AVAILABLE"))
    failed, result = run_module(module, args([aws.TITAN], state="absent"), {"bedrock": client})
    assert not failed and result["changed"] is False
    assert result["status"] is None

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The up-front check of every role input of a run (module_utils/role_inputs.py)."""

import copy
import glob
import os
import re

import pytest
import yaml

from ansible_collections.ticketflow.bedrock.plugins.filter.role_inputs import FilterModule
from ansible_collections.ticketflow.bedrock.plugins.filter.role_inputs import load_specs
from ansible_collections.ticketflow.bedrock.plugins.module_utils import role_inputs

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
SPECS = load_specs(os.path.join(REPO, "roles"))

# What inventories/local gives, once templated (the local demo environment).
GOOD = {
    "tfb_environment": "local",
    "tfb_region": "us-east-1",
    "tfb_account_id": "123456789012",
    "tfb_prod": False,
    "tfb_aws_connection": {"endpoint_url": "http://127.0.0.1:4566", "access_key": "testing", "secret_key": "testing"},
    "tfb_models": ["us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-haiku-4-5-20251001-v1:0"],
    "tfb_model_intents": {"assistant": {"provider": "Anthropic", "family": "Claude Sonnet", "cross_region": "geographic"}},
    "tfb_model_access_use_case": {
        "company_name": "TicketFlow",
        "company_website": "https://ticketflow.example",
        "intended_users": "0",
        "industry_option": "Technology",
        "use_cases": "Support.",
    },
    "tfb_lifecycle_warning_days": 90,
    "tfb_invoke_policy_name": "TicketFlowBedrockInvoke-local",
    "tfb_runtime_role_name": "TicketFlowBedrockRuntime-local",
    "tfb_instance_profile_name": "TicketFlowBedrockRuntime-local",
    "tfb_runtime_role_trusted_principal_arns": ["arn:aws:iam::123456789012:root"],
    "tfb_runtime_role_allow_account_root": True,
    "tfb_temporary_admin_max_days": 7,
    "tfb_temporary_admin_access": [],
    "tfb_vpc_id": "",
    "tfb_subnet_ids": [],
    "tfb_app_security_group_ids": [],
    "tfb_s3_gateway_endpoint": True,
    "tfb_alert_emails": ["bedrock-alerts-local@ticketflow.example"],
    "tfb_trail_name": "TicketFlowBedrock-local",
    "tfb_trail_bucket_name": "ticketflow-bedrock-trail-123456789012-local",
    "tfb_budget_name": "TicketFlowBedrock-local",
    "tfb_budget_limit_usd": 150,
    "tfb_budget_alert_thresholds_usd": [50, 100, 150],
    "tfb_alarm_topic_name": "TicketFlowBedrockAlarms-local",
    "tfb_alarm_name_prefix": "TicketFlowBedrock-local",
    "tfb_invocation_log_group_name": "/aws/bedrock/ticketflow-local/invocations",
    "tfb_invocation_logging_role_name": "TicketFlowBedrockInvocationLogging-local",
    "tfb_quota_review_patterns": ["Claude Sonnet 4.6", "Claude Haiku 4.5"],
    "tfb_quota_targets": [{"name": "Cross-region model inference requests per minute for Anthropic Claude Haiku 4.5", "desired_value": 2000}],
    "tfb_quota_wait": True,
    "tfb_quota_wait_delay": 1,
    "tfb_app_instance_tags": {"Application": "TicketFlow", "Environment": "local"},
    "tfb_validate_assume_runtime_role": True,
    "tfb_local_vpc_cidr": "10.42.0.0/16",
    "tfb_local_subnet_cidrs": ["10.42.1.0/24", "10.42.2.0/24"],
    "tfb_teardown_confirm_account_id": "",
}
APP_HOST = {
    "tfb_app_env_file_path": "/etc/ticketflow/bedrock.env",
    "tfb_app_env_file_owner": "root",
    "tfb_app_env_file_group": "root",
    "tfb_app_credentials_source": "instance_role",
    "tfb_app_become": True,
}


def errors(changes=None, steps=None, app_host=None):
    variables = copy.deepcopy(GOOD)
    variables.update(changes or {})
    return role_inputs.run_input_errors(variables, SPECS, steps=steps, app_hosts={"app-1": app_host or APP_HOST})


def test_the_local_demo_inputs_pass_every_step():
    assert errors(steps=role_inputs.STEPS) == []


def test_no_use_case_form_is_fine():
    assert errors({"tfb_model_access_use_case": {}}) == []


def test_a_vpc_with_its_subnets_groups_and_route_tables_passes():
    assert (
        errors(
            {
                "tfb_vpc_id": "vpc-0a1b2c3d4e5f60001",
                "tfb_subnet_ids": ["subnet-0a1b2c3d"],
                "tfb_app_security_group_ids": ["sg-0a1b2c3d4e5f60001"],
                "tfb_route_table_ids": ["rtb-0a1b2c3d"],
            }
        )
        == []
    )


BAD = [
    ("region typo", {"tfb_region": "us-east-7"}, "tfb_region 'us-east-7' is not a region where Amazon Bedrock"),
    ("region not a name", {"tfb_region": "useast1"}, "tfb_region 'useast1' is not a region"),
    ("environment upper case", {"tfb_environment": "Staging"}, "tfb_environment 'Staging' must be 1 to 32 lower-case"),
    ("account ID short", {"tfb_account_id": "12345"}, "is not an AWS account ID"),
    ("prod without account", {"tfb_prod": True, "tfb_account_id": ""}, "the environment is prod"),
    ("model ID malformed", {"tfb_models": ["claude-sonnet"]}, "lacks the provider prefix"),
    ("no model and no intent", {"tfb_models": [], "tfb_model_intents": []}, "tfb_model_intents names no intent"),
    ("intents not a mapping", {"tfb_models": [], "tfb_model_intents": ["sonnet"]}, "must map each intent's name to its choice"),
    ("profile of another geography", {"tfb_models": ["eu.anthropic.claude-sonnet-4-6"]}, "belongs to the eu geography"),
    ("models not a list", {"tfb_models": {"a": 1}}, "tfb_models must be a list"),
    ("use-case form incomplete", {"tfb_model_access_use_case": {"company_name": "TicketFlow"}}, "lacks company_website"),
    (
        "use-case website",
        {"tfb_model_access_use_case": dict(GOOD["tfb_model_access_use_case"], company_website="ticketflow")},
        "must be the company's web address",
    ),
    ("use-case unknown field", {"tfb_model_access_use_case": dict(GOOD["tfb_model_access_use_case"], colour="red")}, "colour"),
    ("warning days negative", {"tfb_lifecycle_warning_days": -1}, "tfb_lifecycle_warning_days -1 must be a whole number"),
    ("warning days text", {"tfb_lifecycle_warning_days": "soon"}, "unable to convert to int"),
    ("policy name with space", {"tfb_invoke_policy_name": "Ticket Flow"}, "is not a valid IAM policy name"),
    ("role name too long", {"tfb_runtime_role_name": "r" * 65}, "is not a valid IAM role or instance profile name"),
    ("trust anyone", {"tfb_runtime_role_trusted_principal_arns": ["*"]}, "is a wildcard"),
    ("account root not allowed", {"tfb_runtime_role_allow_account_root": False}, "is an account root"),
    (
        "admin grant in 2099",
        {"tfb_temporary_admin_access": [{"principal_type": "role", "principal_name": "ops", "expires_at": "2099-01-01T00:00:00Z"}]},
        "more than 7 days ahead",
    ),
    (
        "admin grant type",
        {"tfb_temporary_admin_access": [{"principal_type": "robot", "principal_name": "ops", "expires_at": "2026-12-02T00:00:00Z"}]},
        "principal_type",
    ),
    ("admin horizon zero", {"tfb_temporary_admin_max_days": 0}, "tfb_temporary_admin_max_days 0 must be a whole number"),
    ("vpc ID", {"tfb_vpc_id": "vpc-main"}, "'vpc-main' is not an VPC ID"),
    ("subnets missing", {"tfb_vpc_id": "vpc-0a1b2c3d", "tfb_app_security_group_ids": ["sg-0a1b2c3d"]}, "tfb_subnet_ids is empty but tfb_vpc_id is set"),
    (
        "security group ID",
        {"tfb_vpc_id": "vpc-0a1b2c3d", "tfb_subnet_ids": ["subnet-0a1b2c3d"], "tfb_app_security_group_ids": ["default"]},
        "'default' is not an security group ID",
    ),
    ("e-mail malformed", {"tfb_alert_emails": ["ops-at-ticketflow"]}, "'ops-at-ticketflow' is not a valid e-mail"),
    ("e-mail list too long", {"tfb_alert_emails": ["a%d@ticketflow.example" % i for i in range(11)]}, "at most 10 e-mail subscribers"),
    ("trail name", {"tfb_trail_name": "-trail"}, "is not a valid CloudTrail trail name"),
    ("bucket name", {"tfb_trail_bucket_name": "Ticketflow_Trail"}, "is not an S3 bucket name"),
    ("budget name", {"tfb_budget_name": "a:b"}, "is not a valid budget name"),
    ("budget limit zero", {"tfb_budget_limit_usd": 0}, "tfb_budget_limit_usd 0.0 must be a monthly amount"),
    ("budget limit text", {"tfb_budget_limit_usd": "lots"}, "unable to convert to float"),
    ("threshold negative", {"tfb_budget_alert_thresholds_usd": [50, -1]}, "must be amounts in USD greater than zero"),
    ("six thresholds", {"tfb_budget_alert_thresholds_usd": [10, 20, 30, 40, 50, 60]}, "at most 5 alerts"),
    ("topic name", {"tfb_alarm_topic_name": "alarms.topic"}, "is not a valid SNS topic name"),
    ("log group", {"tfb_invocation_log_group_name": "/aws/bedrock logs"}, "is not a valid CloudWatch Logs log group"),
    ("review pattern", {"tfb_quota_review_patterns": ["Claude ("]}, "is not a valid regular expression"),
    ("quota value zero", {"tfb_quota_targets": [{"name": "x", "desired_value": 0}]}, "desired_value 0.0 must be a number"),
    ("quota two selectors", {"tfb_quota_targets": [{"name": "x", "code": "L-1B2C3D4E", "desired_value": 5}]}, "give exactly one of code, name or name_pattern"),
    ("quota code", {"tfb_quota_targets": [{"code": "L-xyz", "desired_value": 5}]}, "is not a Service Quotas code"),
    ("quota without value", {"tfb_quota_targets": [{"name": "x"}]}, "desired_value"),
    ("quota wait delay", {"tfb_quota_wait_delay": 0}, "tfb_quota_wait_delay 0 must be a whole number of seconds"),
    ("instance ID", {"tfb_app_instance_ids": ["web-1"]}, "'web-1' is not an EC2 instance ID"),
    ("instance tags", {"tfb_app_instance_tags": {"aws:name": "x"}}, "is not an EC2 tag"),
    ("local VPC CIDR", {"tfb_local_vpc_cidr": "10.42.0.0/33"}, "is not an IPv4 network in CIDR form"),
    ("local subnet outside", {"tfb_local_subnet_cidrs": ["10.43.1.0/24"]}, "lies outside tfb_local_vpc_cidr"),
    ("assume role ARN", {"tfb_aws_connection": {"assume_role": {"role_arn": "TicketFlowBedrockDeploy"}}}, "is not an IAM role ARN"),
    (
        "assume role duration",
        {"tfb_aws_connection": {"assume_role": {"role_arn": "arn:aws:iam::123456789012:role/Deploy", "duration_seconds": 60}}},
        "duration_seconds 60",
    ),
]


@pytest.mark.parametrize("changes, expected", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_each_bad_input_is_named_with_what_to_do(changes, expected):
    problems = errors(changes, steps=role_inputs.STEPS)
    assert problems, "no problem found for %r" % changes
    assert any(expected in problem for problem in problems), problems


def test_every_bad_input_is_listed_in_one_message():
    problems = errors({"tfb_region": "us-east-7", "tfb_budget_limit_usd": 0, "tfb_alert_emails": ["nobody"]})
    assert len(problems) == 3
    message = role_inputs.run_input_message("local", problems)
    assert message.startswith("Environment local: 3 role inputs refused before any change")
    assert "(1) tfb_region" in message and "(2) tfb_alert_emails" in message and "(3) tfb_budget_limit_usd" in message


def test_only_the_steps_of_the_run_are_checked():
    bad_budget = {"tfb_budget_limit_usd": 0}
    assert errors(bad_budget, steps=["region", "iam"]) == []
    assert errors(bad_budget, steps=["region", "observability"])
    assert errors(bad_budget)  # every converge step by default
    assert errors(bad_budget, steps=["teardown"]) == []  # a teardown never reads the budget limit
    assert errors({"tfb_budget_name": "a:b"}, steps=["teardown"])  # but finds the budget by its name


def test_unknown_steps_are_refused():
    assert "Unknown steps colour" in errors(steps=["colour"])[0]


def test_a_region_typo_does_not_also_fail_the_profiles_of_that_region():
    problems = errors({"tfb_region": "us-east-7"})
    assert len(problems) == 1 and problems[0].startswith("tfb_region")


def test_string_values_from_extra_vars_are_converted_as_the_role_does():
    assert errors({"tfb_budget_limit_usd": "150", "tfb_prod": "false", "tfb_runtime_role_allow_account_root": "true"}) == []
    assert errors({"tfb_runtime_role_allow_account_root": "false"})  # -e ...=false turns the root refusal on


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"tfb_app_env_file_path": "bedrock.env"}, "app host app-1: tfb_app_env_file_path 'bedrock.env' must be an absolute"),
        ({"tfb_app_credentials_source": "static_keys"}, "value of ticketflow_app_credentials_source must be one of"),
        ({"tfb_app_env_file_owner": "root user"}, "is not a valid user or group name"),
        ({"tfb_app_become": "perhaps"}, "must be true or false"),
    ],
)
def test_app_host_inputs(changes, expected):
    problems = errors(steps=["app"], app_host=dict(APP_HOST, **changes))
    assert any(expected in problem for problem in problems), problems


def test_the_filter_reads_the_collection_roles_specs():
    filters = FilterModule().filters()
    variables = dict(GOOD, tfb_budget_limit_usd=0)
    problems = filters["run_input_errors"](variables, steps=["observability"], app_hosts={})
    assert problems and "tfb_budget_limit_usd" in problems[0]
    assert "1 role input refused" in filters["run_input_message"](problems, "local")


# Computed from the inventory's structure (group_vars/all.yml), not set by an operator.
DERIVED = {"tfb_app_hosts", "tfb_other_environments", "tfb_model_ids", "tfb_selected_models", "tfb_caller", "tfb_app_model_ids", "tfb_app_profiles_retire"}


def _playbook_role_inputs():
    """{(tfb variable, role option)} the playbooks pass to this collection's roles as plain "{{ tfb_x }}"."""
    found = set()
    plain = re.compile(r"^\{\{\s*(tfb_[a-z0-9_]+)\s*(?:\|\s*default\([^)]*\)\s*)?(?:\|\s*bool\s*)?\}\}$")
    for path in glob.glob(os.path.join(REPO, "playbooks", "*.yml")):
        with open(path, encoding="utf-8") as handle:
            plays = yaml.safe_load(handle) or []
        for play in plays:
            for task in play.get("tasks") or []:
                include = task.get("ansible.builtin.include_role")
                if not include:
                    continue
                for option, value in (task.get("vars") or {}).items():
                    match = plain.match(str(value).strip())
                    if match:
                        found.add((match.group(1), option))
    return found


def test_the_input_table_follows_the_playbooks():
    table = {(name, option) for name, _steps, role, _entry, option, _check in role_inputs.INPUTS if role}
    table |= {(name, option) for name, role, _entry, option, _check in role_inputs.APP_HOST_INPUTS if role}
    passed = _playbook_role_inputs()
    # Every input the table checks is one the playbooks pass, under the same role option.
    assert {pair for pair in table if pair[0] != "tfb_app_credentials_source"} - passed == set()
    # Every tfb_* variable the playbooks pass to a role is checked (under one of the options it feeds).
    checked_names = {name for name, _option in table} | DERIVED
    assert {name for name, _option in passed} - checked_names == set()


def test_every_option_of_the_table_is_in_its_role_spec():
    for name, _steps, role, entry, option, check in role_inputs.INPUTS:
        if role:
            assert option in role_inputs.role_options(SPECS, role, entry), (name, role, entry, option)
        assert check is None or check in role_inputs.CHECKS, name

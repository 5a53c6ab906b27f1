# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every role input of a run, checked up front, before any AWS call.

The playbooks map the inventory's ``tfb_*`` variables onto each role's
prefixed inputs. ``INPUTS`` records that mapping (a unit test keeps it equal
to the playbooks'), with the step each input belongs to and the semantic check
that applies to it beyond its type.

``run_input_errors(variables, specs, steps, app_hosts)`` returns one sentence
per bad input, naming the ``tfb_*`` variable, what is wrong and what to do:

- first each input against its role's ``meta/argument_specs.yml`` option
  (``specs``: {role: argument_specs document}), with ansible-core's own
  ``ArgumentSpecValidator``, the validator the role runs when it starts;
- then what a spec cannot express: ranges, formats (regions, model and
  profile IDs, ARNs, account IDs, e-mail addresses, CIDRs, AWS resource IDs
  and names, regular expressions, timestamps) and cross-field rules (a prod
  environment names its account, an account root is trusted only when
  allowed, the local subnets lie inside the local VPC, ...).

Nothing here calls AWS; the checks run in the account guard, before the
first call that could change anything.
"""

import ipaddress
import math
import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_ids
from ansible_collections.ticketflow.bedrock.plugins.module_utils import guard_rails
from ansible_collections.ticketflow.bedrock.plugins.module_utils.aws_connection import MAX_DURATION
from ansible_collections.ticketflow.bedrock.plugins.module_utils.aws_connection import MIN_DURATION
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import BUDGET_NAME_RE
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import EMAIL_RE
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import MAX_EMAIL_SUBSCRIBERS
from ansible_collections.ticketflow.bedrock.plugins.module_utils.budgets import MAX_NOTIFICATIONS
from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import data_key_input_errors
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import BUCKET_NAME_RE
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import LOG_GROUP_NAME_RE

STEPS = ("region", "model_access", "iam", "network", "observability", "quotas", "instance_role", "validate", "app", "local", "teardown")
# Steps of a converge (site.yml, drift check): all but teardown.
CONVERGE_STEPS = tuple(step for step in STEPS if step != "teardown")

# (tfb variable, steps, role, entry point, role option, semantic check). The role option is None for
# inputs no role takes as such (the local demo network, the connection settings). Derived variables
# (tfb_app_hosts, tfb_other_environments) are computed from the inventory, and tfb_model_ids by playbooks/models.yml
# from the intents or tfb_models (tfb_app_model_ids: their application profiles); they are not checked here.
INPUTS = (
    ("tfb_environment", ("region", "teardown"), "bedrock_validate", "preflight", "bedrock_validate_environment", "environment"),
    ("tfb_region", ("region", "teardown"), "bedrock_validate", "preflight", "bedrock_validate_region", "region"),
    ("tfb_prod", ("region", "teardown"), "bedrock_validate", "preflight", "bedrock_validate_prod", None),
    ("tfb_account_id", ("region", "teardown"), "bedrock_validate", "preflight", "bedrock_validate_account_id", "account_id"),
    ("tfb_aws_connection", ("region", "teardown"), None, None, None, "connection"),
    # Explicit model IDs; the roles get tfb_model_ids, what playbooks/models.yml settled (these or the intents' choice).
    ("tfb_model_intents", ("model_access", "validate", "teardown"), None, None, None, "intents"),
    ("tfb_models", ("model_access", "validate", "teardown"), None, None, None, "models"),
    ("tfb_model_access_use_case", ("model_access",), "bedrock_model_access", "main", "bedrock_model_access_use_case", "use_case"),
    ("tfb_lifecycle_warning_days", ("model_access", "validate"), "bedrock_model_access", "main", "bedrock_model_access_lifecycle_warning_days", "warning_days"),
    ("tfb_invoke_policy_name", ("iam", "teardown"), "bedrock_iam", "main", "bedrock_iam_invoke_policy_name", "policy_name"),
    ("tfb_runtime_role_name", ("iam", "teardown"), "bedrock_iam", "main", "bedrock_iam_runtime_role_name", "role_name"),
    ("tfb_instance_profile_name", ("iam", "instance_role", "teardown"), "bedrock_iam", "main", "bedrock_iam_instance_profile_name", "role_name"),
    ("tfb_runtime_role_allow_account_root", ("iam",), "bedrock_iam", "main", "bedrock_iam_runtime_role_allow_account_root", None),
    ("tfb_runtime_role_trusted_principal_arns", ("iam",), "bedrock_iam", "main", "bedrock_iam_runtime_role_trusted_principal_arns", "principals"),
    ("tfb_temporary_admin_max_days", ("iam", "teardown"), "bedrock_iam", "main", "bedrock_iam_temporary_admin_max_days", "admin_days"),
    ("tfb_temporary_admin_access", ("iam", "teardown"), "bedrock_iam", "main", "bedrock_iam_temporary_admin_access", "admin_grants"),
    ("tfb_dev_user_enabled", ("iam",), "bedrock_iam", "main", "bedrock_iam_dev_user_enabled", None),
    ("tfb_vpc_id", ("network", "teardown"), "bedrock_network", "main", "bedrock_network_vpc_id", "vpc_id"),
    ("tfb_subnet_ids", ("network",), "bedrock_network", "main", "bedrock_network_subnet_ids", "subnet_ids"),
    ("tfb_app_security_group_ids", ("network",), "bedrock_network", "main", "bedrock_network_allowed_security_group_ids", "security_group_ids"),
    ("tfb_s3_gateway_endpoint", ("network",), "bedrock_network", "main", "bedrock_network_s3_gateway_endpoint", None),
    ("tfb_route_table_ids", ("network",), "bedrock_network", "main", "bedrock_network_s3_route_table_ids", "route_table_ids"),
    ("tfb_alert_emails", ("observability",), "bedrock_observability", "main", "bedrock_observability_alert_emails", "emails"),
    ("tfb_trail_name", ("observability", "teardown"), "bedrock_observability", "main", "bedrock_observability_trail_name", "trail_name"),
    ("tfb_trail_bucket_name", ("observability", "teardown"), "bedrock_observability", "main", "bedrock_observability_trail_bucket_name", "bucket_name"),
    ("tfb_budget_name", ("observability", "teardown"), "bedrock_observability", "main", "bedrock_observability_budget_name", "budget_name"),
    ("tfb_budget_limit_usd", ("observability",), "bedrock_observability", "main", "bedrock_observability_budget_limit_usd", "budget_limit"),
    (
        "tfb_budget_alert_thresholds_usd",
        ("observability",),
        "bedrock_observability",
        "main",
        "bedrock_observability_budget_alert_thresholds_usd",
        "budget_thresholds",
    ),
    ("tfb_alarm_topic_name", ("observability", "teardown"), "bedrock_observability", "main", "bedrock_observability_alarm_topic_name", "topic_name"),
    ("tfb_alarm_name_prefix", ("observability", "teardown"), "bedrock_observability", "main", "bedrock_observability_alarm_name_prefix", "alarm_prefix"),
    (
        "tfb_invocation_log_group_name",
        ("observability", "teardown"),
        "bedrock_observability",
        "main",
        "bedrock_observability_invocation_log_group_name",
        "log_group",
    ),
    (
        "tfb_invocation_logging_role_name",
        ("observability", "teardown"),
        "bedrock_observability",
        "main",
        "bedrock_observability_invocation_logging_role_name",
        "role_name",
    ),
    (
        "tfb_invocation_log_retention_days",
        ("observability", "validate"),
        "bedrock_observability",
        "main",
        "bedrock_observability_invocation_log_retention_days",
        None,
    ),
    ("tfb_kms_enabled", ("observability", "validate", "teardown"), "bedrock_observability", "main", "bedrock_observability_kms_enabled", None),
    ("tfb_kms_key_arn", ("observability", "validate", "teardown"), "bedrock_observability", "main", "bedrock_observability_kms_key_arn", "kms_key_arn"),
    ("tfb_kms_key_alias", ("observability", "validate", "teardown"), "bedrock_observability", "main", "bedrock_observability_kms_key_alias", "kms_alias"),
    ("tfb_kms_admin_arns", ("observability",), "bedrock_observability", "main", "bedrock_observability_kms_admin_arns", "kms_admins"),
    (
        "tfb_kms_deletion_window_days",
        ("observability", "teardown"),
        "bedrock_observability",
        "main",
        "bedrock_observability_kms_deletion_window_days",
        "kms_window",
    ),
    ("tfb_quota_review_patterns", ("quotas",), "bedrock_quotas", "main", "bedrock_quotas_review_patterns", "patterns"),
    ("tfb_quota_targets", ("quotas",), "bedrock_quotas", "main", "bedrock_quotas_targets", "quota_targets"),
    ("tfb_quota_wait", ("quotas",), "bedrock_quotas", "main", "bedrock_quotas_wait", None),
    ("tfb_quota_wait_delay", ("quotas",), "bedrock_quotas", "main", "bedrock_quotas_wait_delay", "delay"),
    ("tfb_app_instance_ids", ("instance_role",), "bedrock_instance_role", "main", "bedrock_instance_role_instance_ids", "instance_ids"),
    ("tfb_app_instance_tags", ("instance_role",), "bedrock_instance_role", "main", "bedrock_instance_role_instance_tags", "tags"),
    ("tfb_validate_assume_runtime_role", ("validate",), None, None, None, "bool"),
    ("tfb_report_dir", ("validate",), "bedrock_validate", "report", "bedrock_validate_report_dir", None),
    ("tfb_owns_account_singletons", ("teardown",), "bedrock_observability", "main", "bedrock_observability_invocation_logging_config_owner", None),
    ("tfb_local_vpc_cidr", ("local",), None, None, None, "cidr"),
    ("tfb_local_subnet_cidrs", ("local",), None, None, None, "cidrs"),
    ("tfb_teardown_confirm_account_id", ("teardown",), None, None, None, "optional_account_id"),
    ("tfb_dev_user_name", ("iam",), "bedrock_iam", "main", "bedrock_iam_dev_user_name", None),
    ("tfb_api_keys", ("iam", "validate"), "bedrock_iam", "main", "bedrock_iam_api_keys", None),
    ("tfb_guardrail_name", ("iam", "validate", "app", "teardown"), "bedrock_guardrail", "main", "bedrock_guardrail_name", None),
    ("tfb_guardrail_enforcement", ("iam", "validate", "app"), "bedrock_guardrail", "main", "bedrock_guardrail_enforcement", None),
    ("tfb_guardrail_data_events", ("observability",), "bedrock_observability", "main", "bedrock_observability_guardrail_data_events", None),
    ("tfb_app_inference_profiles", ("iam",), "bedrock_model_access", "app_profiles", "bedrock_model_access_app_profiles", None),
    (
        "tfb_app_inference_profile_name_prefix",
        ("iam", "teardown"),
        "bedrock_model_access",
        "app_profiles",
        "bedrock_model_access_app_profile_name_prefix",
        None,
    ),
    ("tfb_app_inference_profile_tags", ("iam",), "bedrock_model_access", "app_profiles", "bedrock_model_access_app_profile_tags", None),
    ("tfb_model_access_wait_timeout", ("model_access",), "bedrock_model_access", "main", "bedrock_model_access_wait_timeout", None),
    ("tfb_network_wait_timeout", ("network",), "bedrock_network", "main", "bedrock_network_wait_timeout", None),
    ("tfb_quota_wait_timeout", ("quotas",), "bedrock_quotas", "main", "bedrock_quotas_wait_timeout", None),
    ("tfb_subscription_recheck_seconds", ("validate",), "bedrock_validate", "main", "bedrock_validate_recheck_after_seconds", None),
)

# The inputs of each app host (ticketflow_app on the hosts of tfb_app_hosts), step "app".
APP_HOST_INPUTS = (
    ("tfb_app_env_file_path", "ticketflow_app", "main", "ticketflow_app_env_file_path", "absolute_path"),
    ("tfb_app_env_file_owner", "ticketflow_app", "main", "ticketflow_app_env_file_owner", "posix_name"),
    ("tfb_app_env_file_group", "ticketflow_app", "main", "ticketflow_app_env_file_group", "posix_name"),
    ("tfb_app_credentials_source", "ticketflow_app", "main", "ticketflow_app_credentials_source", None),
    ("tfb_app_become", None, None, None, "bool"),
)

_ENVIRONMENT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
_ROLE_NAME_RE = re.compile(r"^[\w+=,.@-]{1,64}$")
_POLICY_NAME_RE = re.compile(r"^[\w+=,.@-]{1,128}$")
_TRAIL_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$")
_TOPIC_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_ALARM_PREFIX_RE = re.compile(r"^[^\x00-\x1f]{1,200}$")
_QUOTA_CODE_RE = re.compile(r"^L-[0-9A-F]{8}$")
_POSIX_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_RESOURCE_ID_RE = {prefix: re.compile(r"^%s-(?:[0-9a-f]{8}|[0-9a-f]{17})$" % prefix) for prefix in ("vpc", "subnet", "sg", "rtb", "i")}
QUOTA_TARGET_KEYS = ("code", "name", "name_pattern")
USE_CASE_REQUIRED = ("company_name", "company_website", "intended_users", "industry_option", "use_cases")
USE_CASE_KEYS = USE_CASE_REQUIRED + ("other_industry_option",)
MAX_WARNING_DAYS = 3650


def _number(value):
    """A finite float, or None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _list_of_str(value, name, what):
    if not isinstance(value, (list, tuple)):
        return None, ["%s must be a list of %s, not %r." % (name, what, value)]
    bad = [item for item in value if not isinstance(item, str)]
    if bad:
        return None, ["%s must list %s as strings; %r is not one." % (name, what, bad[0])]
    return list(value), []


def _check_environment(name, value, context):
    if isinstance(value, str) and _ENVIRONMENT_RE.match(value):
        return []
    return [
        "%s %r must be 1 to 32 lower-case letters, digits or '-', starting with a letter or digit (it is part "
        "of every resource name, e.g. staging or prod)." % (name, value)
    ]


def _check_region(name, value, context):
    if bedrock_ids.region_error(value) is None:
        return []
    offered = bedrock_ids.bedrock_regions()
    partition = bedrock_ids.partition_for_region(value) if isinstance(value, str) and value else "aws"
    return [
        "%s %r is not a region where Amazon Bedrock is offered (%s offers it in %s): set it to one of them, the "
        "region the application calls." % (name, value, partition, ", ".join(offered.get(partition) or offered["aws"]))
    ]


def _check_account_id(name, value, context):
    if value in (None, ""):
        if context.get("tfb_prod"):
            return [
                "%s is empty, but the environment is prod (tfb_prod: true): set the 12-digit account ID of the "
                "prod account, so that every run refuses credentials of another account." % name
            ]
        return []
    return guard_rails.account_id_errors(value, name)


def _check_optional_account_id(name, value, context):
    return [] if value in (None, "") else guard_rails.account_id_errors(value, name)


def _data_key_problems(name, errors):
    return ["%s: %s" % (name, error) for error in errors]


def _check_kms_key_arn(name, value, context):
    if value in (None, ""):
        return []
    return _data_key_problems(name, data_key_input_errors(key_arn=value, region=context.get("tfb_region"), account_id=context.get("tfb_account_id") or None))


def _check_kms_alias(name, value, context):
    return _data_key_problems(name, data_key_input_errors(alias=value or ""))


def _check_kms_admins(name, value, context):
    return _data_key_problems(name, data_key_input_errors(admin_arns=value or [], account_id=context.get("tfb_account_id") or None))


def _check_kms_window(name, value, context):
    return _data_key_problems(name, data_key_input_errors(deletion_window_days=value))


def _check_connection(name, value, context):
    if value in (None, ""):
        return []
    if not isinstance(value, dict):
        return ["%s must be a mapping (region, endpoint_url, profile, assume_role, ...), not %r." % (name, value)]
    problems = []
    endpoint = value.get("endpoint_url")
    if endpoint and not (isinstance(endpoint, str) and _URL_RE.match(endpoint)):
        problems.append("%s.endpoint_url %r is not a URL: give https://HOST[:PORT] (or leave it out for AWS)." % (name, endpoint))
    region = value.get("region")
    if region and region != context.get("tfb_region"):
        problems.append(
            "%s.region %r differs from tfb_region %r: they must agree (leave region out to use tfb_region)." % (name, region, context.get("tfb_region"))
        )
    role = value.get("assume_role")
    if role:
        if not isinstance(role, dict):
            problems.append("%s.assume_role must be a mapping with role_arn (and external_id, session_name, duration_seconds), not %r." % (name, role))
        else:
            problems.extend(guard_rails.role_arn_errors(role.get("role_arn"), name="%s.assume_role.role_arn" % name))
            duration = role.get("duration_seconds")
            if duration is not None:
                number = _number(duration)
                if number is None or number != int(number) or not MIN_DURATION <= number <= MAX_DURATION:
                    problems.append(
                        "%s.assume_role.duration_seconds %r must be a whole number of seconds from %d to %d." % (name, duration, MIN_DURATION, MAX_DURATION)
                    )
    return problems


def _check_models(name, value, context):
    if not isinstance(value, list):
        return [
            "%s must be a list of Bedrock model or inference-profile IDs (or empty, to choose the models by "
            "tfb_model_intents), got %s." % (name, type(value).__name__)
        ]
    if not value:
        if not context.get("tfb_model_intents"):
            return ["%s is empty and tfb_model_intents names no intent: set one of them (see docs/model_lifecycle.md)." % name]
        return []  # the models are chosen by intent (playbooks/models.yml)
    region = context.get("tfb_region")
    if bedrock_ids.region_error(region):  # the region's own problem is reported on tfb_region: check the IDs alone
        problems = []
        for text in value or []:
            try:
                bedrock_ids.parse_reference(text)
            except bedrock_ids.BedrockInputError as exc:
                problems.append("%s: %s" % (name, exc))
        return problems
    try:
        bedrock_ids.validate_references(value, region)
    except bedrock_ids.BedrockInputError as exc:
        return ["%s: %s" % (name, exc)]
    return []


def _check_intents(name, value, context):
    if value in (None, {}, []):
        return []  # no intent: tfb_models must name the models (checked there)
    if not isinstance(value, dict) or not all(isinstance(choice, dict) for choice in value.values()):
        return [
            "%s must map each intent's name to its choice, e.g. {assistant: {provider: Anthropic, family: Claude Sonnet, "
            "cross_region: geographic}} (see docs/model_lifecycle.md)." % name
        ]
    return []


def _check_use_case(name, value, context):
    if not value or all(field in (None, "") for field in value.values()):
        return []  # no form: nothing is submitted (the spec check fills the declared fields with None)
    problems = []
    unknown = sorted(set(value) - set(USE_CASE_KEYS))
    if unknown:
        problems.append("%s has unknown fields %s: the use-case form has %s." % (name, ", ".join(unknown), ", ".join(USE_CASE_KEYS)))
    missing = [key for key in USE_CASE_REQUIRED if not str(value.get(key) or "").strip()]
    if missing:
        problems.append("%s lacks %s: fill in every field of the use-case form (Anthropic requires it once per account)." % (name, ", ".join(missing)))
    website = value.get("company_website")
    if website and not (isinstance(website, str) and _URL_RE.match(website)):
        problems.append("%s.company_website %r must be the company's web address, starting with https://." % (name, website))
    if str(value.get("industry_option") or "").strip().lower() == "other" and not value.get("other_industry_option"):
        problems.append("%s.industry_option is 'other': say the industry in other_industry_option." % name)
    return problems


def _int_range(name, value, low, high, unit):
    number = _number(value)
    if number is None or number != int(number) or not low <= number <= high:
        return ["%s %r must be a whole number of %s from %d to %d." % (name, value, unit, low, high)]
    return []


def _check_warning_days(name, value, context):
    return _int_range(name, value, 0, MAX_WARNING_DAYS, "days")


def _check_delay(name, value, context):
    return _int_range(name, value, 1, 3600, "seconds")


def _check_admin_days(name, value, context):
    return _int_range(name, value, 1, 90, "days")


def _named(regex, what, limits):
    def check(name, value, context):
        if isinstance(value, str) and regex.match(value):
            return []
        return ["%s %r is not a valid %s (%s)." % (name, value, what, limits)]

    return check


def _check_principals(name, value, context):
    return guard_rails.principal_arn_errors(value, allow_account_root=bool(context.get("tfb_runtime_role_allow_account_root")), name="%s entry" % name)


def _check_admin_grants(name, value, context):
    max_days = context.get("tfb_temporary_admin_max_days", guard_rails.DEFAULT_MAX_ADMIN_DAYS)
    if _check_admin_days("", max_days, context):
        return []  # the horizon's own problem is reported on tfb_temporary_admin_max_days
    return ["%s: %s" % (name, problem) for problem in guard_rails.temporary_admin_grant_errors(value, max_days=max_days)]


def _resource_ids(prefix, what):
    regex = _RESOURCE_ID_RE[prefix]

    def check(name, value, context):
        ids, problems = _list_of_str(value, name, what) if not isinstance(value, str) else ([value], [])
        if problems:
            return problems
        bad = [item for item in ids if not regex.match(item)]
        if bad:
            return [
                "%s: %s %s not %s ID%s (%s-, then 8 or 17 hexadecimal digits, as the EC2 console shows them)."
                % (
                    name,
                    ", ".join(repr(b) for b in bad),
                    "is" if len(bad) == 1 else "are",
                    "an " + what if len(bad) == 1 else what,
                    "" if len(bad) == 1 else "s",
                    prefix,
                )
            ]
        return []

    return check


def _check_vpc_id(name, value, context):
    if value in (None, ""):
        return []
    return _resource_ids("vpc", "VPC")(name, value, context)


def _network_on(context):
    return bool(context.get("tfb_vpc_id"))


def _check_subnet_ids(name, value, context):
    if not _network_on(context):
        return []
    problems = _resource_ids("subnet", "subnet")(name, value, context)
    if not problems and not value:
        problems.append(
            "%s is empty but tfb_vpc_id is set: list the private subnets (subnet-...) that get the Bedrock "
            "endpoints, or set tfb_vpc_id to '' to reach Bedrock without VPC endpoints." % name
        )
    return problems


def _check_security_group_ids(name, value, context):
    if not _network_on(context):
        return []
    problems = _resource_ids("sg", "security group")(name, value, context)
    if not problems and not value:
        problems.append(
            "%s is empty but tfb_vpc_id is set: list the application's security groups (sg-...), the only ones allowed to reach the endpoints on 443." % name
        )
    return problems


def _check_route_table_ids(name, value, context):
    if not _network_on(context):
        return []
    problems = _resource_ids("rtb", "route table")(name, value, context)
    if not problems and not value and context.get("tfb_s3_gateway_endpoint"):
        problems.append(
            "%s is empty but tfb_s3_gateway_endpoint is true: list the route tables (rtb-...) of the "
            "application subnets, or set tfb_s3_gateway_endpoint to false." % name
        )
    return problems


def _check_emails(name, value, context):
    emails, problems = _list_of_str(value, name, "e-mail addresses")
    if problems:
        return problems
    bad = [email for email in emails if not EMAIL_RE.match(email.strip())]
    if bad:
        problems.append("%s: %s %s not a valid e-mail address (name@example.com)." % (name, ", ".join(repr(b) for b in bad), "is" if len(bad) == 1 else "are"))
    if len(emails) > MAX_EMAIL_SUBSCRIBERS:
        problems.append(
            "%s lists %d addresses; AWS Budgets allows at most %d e-mail subscribers per alert: use a "
            "distribution list." % (name, len(emails), MAX_EMAIL_SUBSCRIBERS)
        )
    if len({email.strip().lower() for email in emails}) != len(emails):
        problems.append("%s lists an address twice: list each once." % name)
    return problems


def _check_bucket_name(name, value, context):
    if value in (None, ""):
        return []
    if isinstance(value, str) and BUCKET_NAME_RE.match(value) and ".." not in value:
        return []
    return [
        "%s %r is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and "
        "ending with a letter or digit (the account ID and environment in it must be valid too)." % (name, value)
    ]


def _check_budget_limit(name, value, context):
    number = _number(value)
    if number is None or number <= 0:
        return ["%s %r must be a monthly amount in USD greater than zero (e.g. 150)." % (name, value)]
    return []


def _check_budget_thresholds(name, value, context):
    if not isinstance(value, (list, tuple)):
        return ["%s must be a list of amounts in USD, not %r." % (name, value)]
    problems = []
    bad = [item for item in value if _number(item) is None or _number(item) <= 0]
    if bad:
        problems.append("%s: %s must be amounts in USD greater than zero." % (name, ", ".join(repr(b) for b in bad)))
    if len(value) > MAX_NOTIFICATIONS:
        problems.append("%s lists %d amounts; AWS Budgets allows at most %d alerts per budget." % (name, len(value), MAX_NOTIFICATIONS))
    numbers = [_number(item) for item in value if _number(item) is not None]
    if len(set(numbers)) != len(numbers):
        problems.append("%s lists an amount twice: list each alert amount once." % name)
    return problems


def _check_patterns(name, value, context):
    patterns, problems = _list_of_str(value, name, "regular expressions")
    if problems:
        return problems
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append("%s: %r is not a valid regular expression (%s)." % (name, pattern, exc))
    return problems


def _check_quota_targets(name, value, context):
    if not isinstance(value, (list, tuple)):
        return ["%s must be a list of {code | name | name_pattern, desired_value}, not %r." % (name, value)]
    problems = []
    for index, target in enumerate(value):
        where = "%s[%d]" % (name, index)
        if not isinstance(target, dict):
            problems.append("%s %r must be a mapping with code, name or name_pattern, and desired_value." % (where, target))
            continue
        given = [key for key in QUOTA_TARGET_KEYS if target.get(key) not in (None, "")]
        if len(given) != 1:
            problems.append(
                "%s gives %s: give exactly one of code, name or name_pattern (ticketflow.bedrock.quota_info "
                "lists the quotas)." % (where, ", ".join(given) or "none of them")
            )
        unknown = sorted(set(target) - set(QUOTA_TARGET_KEYS) - {"desired_value"})
        if unknown:
            problems.append("%s has unknown keys %s." % (where, ", ".join(unknown)))
        if "code" in given and not _QUOTA_CODE_RE.match(str(target["code"])):
            problems.append("%s code %r is not a Service Quotas code (L- and 8 hexadecimal digits, e.g. L-1B2C3D4E)." % (where, target["code"]))
        if "name_pattern" in given:
            try:
                re.compile(str(target["name_pattern"]))
            except re.error as exc:
                problems.append("%s name_pattern %r is not a valid regular expression (%s)." % (where, target["name_pattern"], exc))
        desired = _number(target.get("desired_value"))
        if desired is None or desired <= 0:
            problems.append("%s desired_value %r must be a number greater than zero (the quota value to reach)." % (where, target.get("desired_value")))
    return problems


def _check_tags(name, value, context):
    if not isinstance(value, dict):
        return ["%s must be a mapping of tag keys to values, not %r." % (name, value)]
    bad = [
        key
        for key, tag in value.items()
        if not isinstance(key, str) or not key or len(key) > 128 or not isinstance(tag, str) or len(tag) > 256 or key.lower().startswith("aws:")
    ]
    if bad:
        return ["%s: tag %r is not an EC2 tag (key 1-128 characters not starting with aws:, value a string of at most 256)." % (name, bad[0])]
    return []


def _network(name, value):
    try:
        return ipaddress.IPv4Network(value, strict=True), None
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError, TypeError) as exc:
        return None, "%s %r is not an IPv4 network in CIDR form such as 10.42.0.0/16 (%s)." % (name, value, exc)


def _check_cidr(name, value, context):
    network, problem = _network(name, value)
    if problem:
        return [problem]
    if not 16 <= network.prefixlen <= 28:
        return ["%s %s: a VPC's CIDR block must be from /16 to /28." % (name, value)]
    return []


def _check_cidrs(name, value, context):
    cidrs, problems = _list_of_str(value, name, "CIDRs")
    if problems:
        return problems
    vpc, _problem = _network("", context.get("tfb_local_vpc_cidr"))
    networks = []
    for cidr in cidrs:
        network, problem = _network(name, cidr)
        if problem:
            problems.append(problem)
        elif vpc is not None and not network.subnet_of(vpc):
            problems.append("%s %s lies outside tfb_local_vpc_cidr %s: choose subnets inside the VPC." % (name, cidr, vpc))
        elif any(network.overlaps(other) for other in networks):
            problems.append("%s %s overlaps another subnet of the list." % (name, cidr))
        else:
            networks.append(network)
    return problems


def _check_absolute_path(name, value, context):
    if isinstance(value, str) and value.startswith("/") and "\n" not in value:
        return []
    return ["%s %r must be an absolute path (e.g. /etc/ticketflow/bedrock.env)." % (name, value)]


def _check_bool(name, value, context):
    if isinstance(value, bool) or str(value).lower() in ("true", "false", "yes", "no", "1", "0"):
        return []
    return ["%s %r must be true or false." % (name, value)]


CHECKS = {
    "environment": _check_environment,
    "region": _check_region,
    "account_id": _check_account_id,
    "optional_account_id": _check_optional_account_id,
    "connection": _check_connection,
    "models": _check_models,
    "intents": _check_intents,
    "use_case": _check_use_case,
    "warning_days": _check_warning_days,
    "delay": _check_delay,
    "admin_days": _check_admin_days,
    "policy_name": _named(_POLICY_NAME_RE, "IAM policy name", "1-128 letters, digits or +=,.@_-"),
    "role_name": _named(_ROLE_NAME_RE, "IAM role or instance profile name", "1-64 letters, digits or +=,.@_-"),
    "principals": _check_principals,
    "admin_grants": _check_admin_grants,
    "vpc_id": _check_vpc_id,
    "subnet_ids": _check_subnet_ids,
    "security_group_ids": _check_security_group_ids,
    "route_table_ids": _check_route_table_ids,
    "instance_ids": _resource_ids("i", "EC2 instance"),
    "emails": _check_emails,
    "trail_name": _named(_TRAIL_NAME_RE, "CloudTrail trail name", "3-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit"),
    "bucket_name": _check_bucket_name,
    "budget_name": _named(BUDGET_NAME_RE, "budget name", "1-100 characters, none of them ':' or '\\'"),
    "budget_limit": _check_budget_limit,
    "budget_thresholds": _check_budget_thresholds,
    "topic_name": _named(_TOPIC_NAME_RE, "SNS topic name", "1-256 letters, digits, '-' or '_'"),
    "alarm_prefix": _named(_ALARM_PREFIX_RE, "alarm name prefix", "1-200 printable characters"),
    "log_group": _named(LOG_GROUP_NAME_RE, "CloudWatch Logs log group name", "1-512 of A-Z a-z 0-9 . - _ / #"),
    "patterns": _check_patterns,
    "quota_targets": _check_quota_targets,
    "tags": _check_tags,
    "cidr": _check_cidr,
    "cidrs": _check_cidrs,
    "absolute_path": _check_absolute_path,
    "posix_name": _named(_POSIX_NAME_RE, "user or group name", "a POSIX name such as root or ticketflow"),
    "bool": _check_bool,
    "kms_key_arn": _check_kms_key_arn,
    "kms_alias": _check_kms_alias,
    "kms_admins": _check_kms_admins,
    "kms_window": _check_kms_window,
}


def role_options(specs, role, entry_point):
    """The options of a role entry point, from its argument_specs document."""
    document = (specs or {}).get(role) or {}
    entry = (document.get("argument_specs") or {}).get(entry_point) or {}
    return entry.get("options") or {}


def spec_problems(specs, role, entry_point, option, value):
    """(problems, converted value) of one input against its role option's argument spec."""
    spec = role_options(specs, role, entry_point).get(option)
    if spec is None:
        return [
            "%s has no option %s in entry point %s (roles/%s/meta/argument_specs.yml): the playbooks and the "
            "input table disagree." % (role, option, entry_point, role)
        ], value
    result = ArgumentSpecValidator({option: spec}).validate({option: value})
    messages = list(result.error_messages)
    return messages, result.validated_parameters.get(option, value)


def _validate(name, value, role, entry_point, option, check, specs, context, converted):
    if role is not None:
        messages, value = spec_problems(specs, role, entry_point, option, value)
        if messages:
            return ["%s (role %s, input %s): %s." % (name, role, option, "; ".join(m.rstrip(".") for m in messages))]
    converted[name] = value
    if check is None:
        return []
    return CHECKS[check](name, value, context)


def run_input_errors(variables, specs, steps=None, app_hosts=None):
    """Every problem of the run's inputs (empty when all are good).

    variables: the environment's variables (tfb_*), templated; specs: {role: argument_specs document};
    steps: the steps the run takes (default every converge step); app_hosts: {host: its variables} of the
    environment's app hosts (step "app").
    """
    steps = set(CONVERGE_STEPS if steps is None else steps)
    unknown = sorted(steps - set(STEPS))
    if unknown:
        return ["Unknown steps %s: the steps are %s." % (", ".join(unknown), ", ".join(STEPS))]
    context = dict(variables)
    converted = {}
    problems = []
    for name, input_steps, role, entry_point, option, check in INPUTS:
        if not steps & set(input_steps) or name not in variables:
            continue
        problems.extend(_validate(name, variables[name], role, entry_point, option, check, specs, context, converted))
        context.update(converted)
    if "app" in steps:
        for host, host_vars in sorted((app_hosts or {}).items()):
            for name, role, entry_point, option, check in APP_HOST_INPUTS:
                if name in host_vars:
                    problems.extend(
                        "app host %s: %s" % (host, problem)
                        for problem in _validate(name, host_vars[name], role, entry_point, option, check, specs, context, {})
                    )
    return problems


def run_input_message(environment, problems):
    """The one failure message listing every problem."""
    return (
        "Environment %s: %d role input%s refused before any change (nothing was called or changed); correct "
        "%s in the inventory (host_vars/group_vars) or -e and run again: %s"
        % (
            environment,
            len(problems),
            "" if len(problems) == 1 else "s",
            "it" if len(problems) == 1 else "them",
            " ".join("(%d) %s" % (index, problem) for index, problem in enumerate(problems, 1)),
        )
    )

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The checks of every seed plan step, from what the bedrock_validate role read back.

``readiness_steps(collected)`` returns the steps (``id``, ``title``,
``seed_section``, ``checks``, optional ``note``) that
``readiness.readiness_report`` turns into the verdict. ``collected`` holds
the registered answers of report.yml's reads and the role's settings (keys
below, all optional unless said); each step has its own function so that a
test can feed it realistic AWS answers.

What the checks prove beyond existence:

- IAM: the invoke policy documents attached to the runtime role (and the dev
  user, when read) grant exactly the computed invoke policy: a widened policy
  (``foundation-model/*``, extra actions) fails with the extra grants named;
  the trust policy's principals are only EC2 and the configured principals,
  none of them a wildcard or (unless allowed) an account root.
- Observability: every alarm kind the observability role creates exists, with
  actions, for every model ID the app sends (counted per model, not per metric);
  the trail's log files, its bucket and the invocation log group are encrypted
  with the environment's customer-managed key (enabled, rotation on), and the
  log group keeps its logs for the configured retention
  (``data_protection.encryption_checks``).
"""

from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import PER_MODEL
from ansible_collections.ticketflow.bedrock.plugins.module_utils.alarm_plan import metric_model_id
from ansible_collections.ticketflow.bedrock.plugins.module_utils.api_keys import LIMITED_ACCESS_POLICY
from ansible_collections.ticketflow.bedrock.plugins.module_utils.api_keys import denies_bearer_tokens
from ansible_collections.ticketflow.bedrock.plugins.module_utils.data_protection import encryption_checks
from ansible_collections.ticketflow.bedrock.plugins.module_utils.guard_rails import account_root_principals
from ansible_collections.ticketflow.bedrock.plugins.module_utils.guard_rails import principal_arn_errors
from ansible_collections.ticketflow.bedrock.plugins.module_utils.guard_rails import trust_policy_principals
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import InvokePolicyError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import build_invoke_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import require_guardrail
from ansible_collections.ticketflow.bedrock.plugins.module_utils.policy_compare import PolicyDocumentError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.policy_compare import policy_difference

EC2_SERVICE = "ec2.amazonaws.com"
GONE_ENDPOINT_STATES = ("deleted", "deleting", "failed", "rejected")
MAX_NAMED_GRANTS = 5


def check(name, ok, detail, severity="error"):
    """One check: ``ok`` True, False, or None when it could not be checked."""
    return {"name": name, "ok": None if ok is None else bool(ok), "detail": detail, "severity": severity}


def _step(step_id, title, section, checks, note=None):
    step = {"id": step_id, "title": title, "seed_section": section, "checks": checks}
    if note:
        step["note"] = note
    return step


def _join(items):
    return ", ".join(str(i) for i in items)


# 1. Region -----------------------------------------------------------------------------------------------------
def region_step(c):
    region, supported = c.get("region"), c.get("supported_regions") or []
    caller = c.get("caller") or {}
    configured = c.get("account_id") or ""
    checks = [
        check("Bedrock runs in the region", region in supported, "%s %s a supported Bedrock region" % (region, "is" if region in supported else "is not")),
        check(
            "Credentials belong to the environment account",
            (caller.get("account") == configured) if configured else None,
            "caller %s, configured account %s" % (caller.get("arn"), configured or "(not set)"),
        ),
    ]
    return _step("region", "Region", "1", checks)


# 2. Model access -----------------------------------------------------------------------------------------------
def model_access_step(c):
    models = (c.get("access") or {}).get("models") or []
    checks = [check("Access to %s" % m.get("id"), m.get("ready"), m.get("reason")) for m in models]
    return _step("model_access", "Model access", "2", checks)


# 3. IAM --------------------------------------------------------------------------------------------------------
def _policy_part_names(name, attached_names):
    return [n for n in attached_names if n == name or n.startswith(name + "-part")]


def _name_grants(grants):
    shown = grants[:MAX_NAMED_GRANTS]
    more = len(grants) - len(shown)
    return "; ".join(shown) + (" (and %d more)" % more if more > 0 else "")


def expected_policy(c):
    """The computed invoke policy: ``expected_policy`` when given, else built from ``access`` as the IAM step does.

    Returns ``(document, why_not)``: the document, or None and the reason it cannot be computed.
    """
    if c.get("expected_policy"):
        return c["expected_policy"], None
    if not c.get("access"):
        return None, "model access was not read"
    try:
        document = build_invoke_policy(c["access"], restrict_to_profiles=c.get("restrict_to_profiles", True) is not False)
        if c.get("guardrail_version_arn"):
            document = require_guardrail(document, c["guardrail_version_arn"])
        return document, None
    except InvokePolicyError as e:
        return None, "the invoke policy cannot be computed from the models' access (%s)" % e


def invoke_policy_check(principal, read, policy_name, expected, why_not=None):
    """The invoke policy attached to ``principal`` grants exactly ``expected``.

    ``read``: iam_attached_policies_info's result (``managed_policies`` with
    ``policy_name`` and ``document``), or None when it was not read.
    """
    name = "Invoke policy on the %s grants exactly the computed models and profiles" % principal
    if expected is None or read is None:
        return check(name, None, "not compared: %s" % (why_not or "the attached policies were not read"), "warning")
    if not read.get("exists", True):
        return check(name, False, "the %s does not exist" % principal)
    parts = [
        p
        for p in read.get("managed_policies") or []
        if p.get("policy_name") in _policy_part_names(policy_name, [q.get("policy_name") for q in read.get("managed_policies") or []])
    ]
    if not parts:
        return check(name, False, "%s is not attached to the %s" % (policy_name, principal))
    try:
        diff = policy_difference([p.get("document") for p in parts] + [p.get("document") for p in read.get("inline_policies") or []], [expected])
    except PolicyDocumentError as e:
        return check(name, False, "the attached policy cannot be read as an IAM policy: %s" % e)
    problems = []
    if diff["extra"]:
        problems.append("grants beyond the computed policy: %s" % _name_grants(diff["extra"]))
    if diff["missing"]:
        problems.append("lacks: %s" % _name_grants(diff["missing"]))
    if problems:
        return check(
            name,
            False,
            "%s (%s) %s. Run the IAM step (playbooks/iam.yml) to put the computed policy back, and "
            "find out who widened it." % (policy_name, _join(p.get("policy_name") for p in parts), "; ".join(problems)),
        )
    return check(name, True, "%s (%s) equals the computed policy" % (policy_name, _join(p.get("policy_name") for p in parts)))


def trust_checks(document, allowed_principals, allow_account_root):
    """The trust policy admits EC2 and only the allowed AWS principals, none of them a wildcard."""
    statements = (document or {}).get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    services, others = [], []
    for statement in statements:
        principal = statement.get("Principal") if statement.get("Effect") == "Allow" else None
        if isinstance(principal, dict):
            services.extend([principal["Service"]] if isinstance(principal.get("Service"), str) else principal.get("Service") or [])
            others.extend("%s:%s" % (kind, value) for kind, value in principal.items() if kind not in ("AWS", "Service"))
    principals = trust_policy_principals(document or {})
    problems = principal_arn_errors(principals, allow_account_root=allow_account_root)
    allowed = set(allowed_principals or [])
    unexpected = [p for p in principals if p not in allowed]
    if unexpected:
        problems.append("trusted but not configured: %s (configured: [%s])." % (_join(unexpected), _join(sorted(allowed))))
    foreign = [s for s in services if s != EC2_SERVICE] + others
    if foreign:
        problems.append("other principals trusted: %s." % _join(foreign))
    roots = account_root_principals(principals)
    if problems:
        detail = " ".join(problems)
    else:
        detail = "EC2 and AWS principals [%s]" % _join(principals)
        if roots:
            detail += "; account roots trusted (explicitly allowed): %s" % _join(roots)
    return [
        check("Trusted by EC2", EC2_SERVICE in services, "services: [%s]" % _join(services)),
        check("Trust policy names only allowed principals", not problems, detail),
    ]


def _without_inline(read, names):
    """``read`` (iam_attached_policies_info's result) without the inline policies named ``names``."""
    if not read or not names:
        return read
    read = dict(read)
    read["inline_policies"] = [p for p in read.get("inline_policies") or [] if p.get("policy_name") not in names]
    return read


def _policy_documents(read):
    read = read or {}
    return [p.get("document") for p in (read.get("managed_policies") or []) + (read.get("inline_policies") or [])]


def api_key_identities(c):
    """The runtime identities for ``api_key_check``: the runtime role and, when read, the dev user."""
    identities = []
    for label, read in (
        ("runtime role %s" % c.get("runtime_role_name"), c.get("role_policies")),
        ("dev user %s" % c.get("dev_user_name"), c.get("dev_user_policies")),
    ):
        if read is not None:
            identities.append(
                {
                    "name": label,
                    "policies": _policy_documents(read),
                    "managed_policy_names": [p.get("policy_name") for p in read.get("managed_policies") or []],
                    "bedrock_credentials": read.get("bedrock_api_keys") or [],
                }
            )
    return identities


def iam_step(c):
    roles = (c.get("role") or {}).get("iam_roles") or []
    role_name = c.get("runtime_role_name")
    policy_name = c.get("invoke_policy_name")
    api_keys_policy = [c["api_keys_policy_name"]] if c.get("api_keys_policy_name") else []
    expected, why_not = expected_policy(c)
    checks = [check("Runtime role exists", bool(roles), role_name)]
    if roles:
        role = roles[0]
        attached = [p.get("policy_name") for p in role.get("managed_policies") or []]
        inline = [n for n in role.get("inline_policies") or [] if n not in api_keys_policy]
        checks.append(check("Invoke policy attached", policy_name in attached, "%s among [%s]" % (policy_name, _join(attached))))
        others = [n for n in attached if n not in _policy_part_names(policy_name, attached)]
        checks.append(
            check(
                "No other policy on the runtime role (least privilege)",
                not others and not inline,
                "attached: [%s], inline: [%s]" % (_join(attached), _join(inline)),
            )
        )
        checks.append(invoke_policy_check("runtime role", _without_inline(c.get("role_policies"), api_keys_policy), policy_name, expected, why_not))
        checks.extend(trust_checks(role.get("assume_role_policy_document"), c.get("trusted_principal_arns"), bool(c.get("allow_account_root"))))
        profile = c.get("instance_profile_name")
        profiles = [p.get("instance_profile_name") for p in role.get("instance_profiles") or []]
        checks.append(check("Instance profile holds the role", profile in profiles, "%s among [%s]" % (profile, _join(profiles))))
    if c.get("dev_user_policies") is not None:
        checks.append(
            invoke_policy_check(
                "dev user %s" % c.get("dev_user_name"), _without_inline(c.get("dev_user_policies"), api_keys_policy), policy_name, expected, why_not
            )
        )
    if c.get("api_keys_mode"):
        checks.append(api_key_check(api_key_identities(c), c["api_keys_mode"]))
    if "guardrail" in c:
        checks.append(guardrail_check(c.get("guardrail"), c.get("guardrail_enforcement"), c.get("controller_results")))
    return _step("iam", "IAM least privilege", "3", checks)


def api_key_check(identities, mode="deny"):
    """The readiness check of Bedrock API keys over the runtime identities (role, dev user).

    ``identities``: dicts with ``name``, ``policies`` (the policy documents it
    holds, inline and managed), ``managed_policy_names`` and, for a user,
    ``bedrock_credentials`` (its service-specific credentials for
    bedrock.amazonaws.com, i.e. long-term API keys). Fails when one does not
    deny ``bedrock:CallWithBearerToken`` as ``mode`` asks, holds
    AmazonBedrockLimitedAccess, or has a long-term key.
    """
    problems = []
    for identity in identities or []:
        name = identity.get("name", "?")
        if not denies_bearer_tokens(identity.get("policies"), mode):
            problems.append("%s does not deny bedrock:CallWithBearerToken%s" % (name, " for long-term keys" if mode == "short_term_only" else ""))
        if LIMITED_ACCESS_POLICY in (identity.get("managed_policy_names") or []):
            problems.append("%s holds %s, which allows bedrock:CallWithBearerToken" % (name, LIMITED_ACCESS_POLICY))
        if identity.get("bedrock_credentials"):
            problems.append("%s has %d long-term Bedrock API key(s) (service-specific credentials)" % (name, len(identity["bedrock_credentials"])))
    return {
        "name": "Bedrock API keys are shut for the runtime identities",
        "ok": not problems and bool(identities),
        "detail": "; ".join(problems) if problems else ("no runtime identity given" if not identities else "bearer tokens denied (%s)" % mode),
        "severity": "error",
    }


GUARDRAIL_CHECK = "Guardrail enforced on invocations"


def guardrail_check(guardrail, enforcement, test_results=None):
    """The readiness check of the environment's guardrail (a check dict for the IAM step).

    ``guardrail``: bedrock_guardrail_info's result for the guardrail's name (or a
    skipped or empty result when guardrails are off); ``enforcement``: iam, account or none;
    ``test_results``: bedrock_invoke_test's results, whose ``guardrail_enforced``
    proves (or disproves) IAM enforcement.

    - off: a warning (the invocations are not filtered);
    - no guardrail or no numbered version: an error;
    - iam: an error when a test found a call without the guardrail allowed,
      unchecked (warning) when no test tried, else ok;
    - account: ok when the region's enforced configuration names the guardrail's newest version;
    - none: a warning (the guardrail exists but nothing requires it).
    """
    found = (guardrail or {}).get("guardrail") if isinstance(guardrail, dict) else None
    if not isinstance(guardrail, dict) or guardrail.get("skipped") or not guardrail:
        return {"name": GUARDRAIL_CHECK, "ok": False, "severity": "warning", "detail": "Guardrails are off: prompts and answers are not filtered."}
    if not found or not found.get("guardrail_id") or not found.get("version"):
        return {
            "name": GUARDRAIL_CHECK,
            "ok": False,
            "severity": "error",
            "detail": "The guardrail has no numbered version in this region: run the iam step (site.yml) to create and publish it.",
        }
    name = "%s version %s" % (found["guardrail_id"], found["version"])
    if enforcement == "account":
        config_id, enforced_version = found.get("enforced_config_id"), found.get("enforced_version")
        if not config_id:
            detail, ok = "%s is not the region's enforced guardrail: run the iam step." % name, False
        elif enforced_version and str(enforced_version) != str(found["version"]):
            detail = "The region's enforced configuration %s enforces version %s, not the newest %s: run the iam step." % (
                config_id,
                enforced_version,
                found["version"],
            )
            ok = False
        else:
            detail, ok = "%s is the region's enforced guardrail (%s)." % (name, config_id), True
        return {"name": GUARDRAIL_CHECK, "ok": ok, "severity": "error", "detail": detail}
    if enforcement != "iam":
        return {"name": GUARDRAIL_CHECK, "ok": False, "severity": "warning", "detail": "%s exists but nothing requires it (enforcement none)." % name}
    proofs = [r.get("guardrail_enforced") for r in test_results or [] if isinstance(r, dict) and "guardrail_enforced" in r]
    if False in proofs:
        return {
            "name": GUARDRAIL_CHECK,
            "ok": False,
            "severity": "error",
            "detail": "An invocation without %s was allowed: the invoke policy does not require it, or another policy allows invoking." % name,
        }
    if not proofs:
        return {
            "name": GUARDRAIL_CHECK,
            "ok": None,
            "severity": "warning",
            "detail": "%s is required by the invoke policy, but no test invocation tried a call without it." % name,
        }
    return {"name": GUARDRAIL_CHECK, "ok": True, "severity": "error", "detail": "%s is required: an invocation without it was denied." % name}


# 4. Network ----------------------------------------------------------------------------------------------------
def network_step(c):
    vpc_id, region, checks = c.get("vpc_id"), c.get("region"), []
    if vpc_id:
        endpoints = (c.get("endpoints") or {}).get("vpc_endpoints") or []
        for service in c.get("endpoint_services") or []:
            wanted = "com.amazonaws.%s.%s" % (region, service)
            found = [e for e in endpoints if e.get("service_name") == wanted and e.get("state") not in GONE_ENDPOINT_STATES]
            checks.append(
                check(
                    "Interface endpoint %s" % service,
                    found,
                    "%s %s" % (found[0].get("vpc_endpoint_id"), found[0].get("state")) if found else "none in %s" % vpc_id,
                )
            )
            if found:
                dns = bool(found[0].get("private_dns_enabled", False))
                checks.append(check("Private DNS on %s" % service, dns, "private_dns_enabled=%s" % dns))
    note = None if vpc_id else "No VPC configured: the app reaches Bedrock through its public endpoint (NAT must allow HTTPS)."
    return _step("network", "Network (VPC endpoints)", "4", checks, note)


# 5. Observability ----------------------------------------------------------------------------------------------
def alarm_checks(alarms, prefix, models, kinds):
    """One check per model ID: every alarm kind exists for it, on its ModelId, with actions.

    ``kinds``: a list of ``{"key", "metric"}`` or a dict of key to metric (empty: alarm_plan's per-model
    kinds); the alarm of a kind is named ``PREFIX-MODEL-KEY`` (as the observability role names it).
    """
    if isinstance(kinds, dict):
        kinds = [{"key": key, "metric": metric} for key, metric in kinds.items()]
    if not kinds:
        # The kinds the observability role creates for every model (alarm_plan); the TPM-quota alarm is
        # left out: the role creates it only where the applied quota could be read.
        kinds = [{"key": key, "metric": metric} for key, metric, *_rest in PER_MODEL]
    by_name = {a.get("alarm_name"): a for a in alarms or []}
    checks = []
    for model in models or []:
        missing, wrong, silent = [], [], []
        metric_id = metric_model_id(model)  # an application profile: its ID, as Bedrock reports it
        for kind in kinds or []:
            alarm = by_name.get("%s-%s-%s" % (prefix, metric_id, kind.get("key")))
            if alarm is None:
                missing.append(kind.get("key"))
                continue
            dimensions = {d.get("name"): d.get("value") for d in alarm.get("dimensions") or []}
            if alarm.get("metric_name") != kind.get("metric") or dimensions.get("ModelId") != metric_id or alarm.get("namespace") != "AWS/Bedrock":
                wrong.append("%s (on %s %s)" % (kind.get("key"), alarm.get("metric_name"), dimensions.get("ModelId")))
            elif not alarm.get("alarm_actions"):
                silent.append(kind.get("key"))
        problems = []
        if missing:
            problems.append("missing: %s" % _join(missing))
        if wrong:
            problems.append("on another metric or model: %s" % _join(wrong))
        if silent:
            problems.append("without actions: %s" % _join(silent))
        checks.append(
            check(
                "Alarms for %s" % model,
                not problems and bool(kinds),
                "; ".join(problems)
                if problems
                else "%d of %d kinds (%s), with actions" % (len(kinds), len(kinds), _join(k.get("key") for k in kinds))
                if kinds
                else "no alarm kind configured",
            )
        )
    return checks


def observability_step(c):
    trails = (c.get("trail") or {}).get("trail_list") or []
    trail, name = (trails[0] if trails else None), c.get("trail_name")
    checks = [
        check(
            "CloudTrail trail logging",
            trail is not None and trail.get("is_logging", False),
            "%s to s3://%s" % (name, trail.get("s3_bucket_name")) if trail else "%s not found" % name,
        )
    ]
    checks.extend(
        alarm_checks((c.get("alarms") or {}).get("metric_alarms"), c.get("alarm_name_prefix"), c.get("alarm_models") or c.get("models"), c.get("alarm_kinds"))
    )
    group = c.get("invocation_log_group_name")
    groups = [g for g in (c.get("log_group") or {}).get("log_groups") or [] if g.get("log_group_name") == group]
    checks.append(check("Invocation log group", len(groups) == 1, group))
    diff = (c.get("logging") or {}).get("diff") or {}
    logging_ok = "before" in diff and diff.get("before") == diff.get("after")
    checks.append(
        check(
            "Model invocation logging to the log group",
            logging_ok,
            "configured" if logging_ok else "missing or different from the configured log group and role",
        )
    )
    checks.extend(encryption_checks(c))
    return _step("observability", "Observability (CloudTrail, alarms, invocation logging)", "5", checks)


# 5b. Budgets ---------------------------------------------------------------------------------------------------
def _amount(value):
    return "%g" % float(value)


def budgets_step(c):
    diff = (c.get("budget") or {}).get("diff") or {}
    budget, name = diff.get("before") or {}, c.get("budget_name")
    ok = bool(budget) and budget == diff.get("after")
    detail = name + (" limit %s %s" % (budget.get("limit_amount"), budget.get("limit_unit")) if budget else " missing")
    if budget and not ok:
        detail += ", configured limit %s" % c.get("budget_limit_usd")
    thresholds = sorted(float(n.get("threshold")) for n in budget.get("notifications") or [] if n.get("notification_type") == "ACTUAL")
    wanted = sorted(float(t) for t in c.get("budget_alert_thresholds_usd") or [])
    checks = [
        check("Monthly budget", ok, detail),
        check(
            "Actual-spend alerts",
            bool(budget) and thresholds == wanted,
            "alerts at %s USD, configured %s" % ("/".join(_amount(t) for t in thresholds), "/".join(_amount(t) for t in wanted)),
        ),
    ]
    if c.get("app_profiles") is not None:
        checks.extend(app_profile_checks(c.get("models"), c.get("app_profiles"), c.get("environment")))
    return _step("budgets", "Budgets", "5", checks)


def app_profile_checks(models, profiles, environment, app="ticketflow"):
    """Cost per environment: every model the app calls is one of the environment's application profiles.

    ``profiles``: the environment's application inference profiles as read back
    (bedrock_inference_profile_info: tags app and env, its name prefix). A call by a
    system profile or model ID is spend no tag attributes to the environment; a
    profile of the environment that no model uses is left from a model change
    (a warning: the app step of the next run retires it).
    """
    by_arn = {p.get("arn"): p for p in profiles or []}
    not_profiles, untagged = [], []
    for model in models or []:
        profile = by_arn.get(model)
        if profile is None:
            not_profiles.append(model)
        elif (profile.get("tags") or {}).get("app") != app or (profile.get("tags") or {}).get("env") != environment:
            untagged.append(profile.get("name"))
    problems = []
    if not_profiles:
        problems.append("called without an application profile of %s: %s" % (environment, _join(not_profiles)))
    if untagged:
        problems.append("not tagged app=%s, env=%s: %s" % (app, environment, _join(untagged)))
    names = [by_arn[m].get("name") for m in models or [] if m in by_arn]
    checks = [
        check(
            "Spend attributed to the environment (application inference profiles)",
            not problems and bool(models),
            "; ".join(problems) if problems else "%s, tagged app=%s, env=%s" % (_join(names), app, environment),
        )
    ]
    unused = sorted(p.get("name") for p in profiles or [] if p.get("arn") not in (models or []))
    if unused:
        checks.append(check("No unused application profile", False, "left from a model change: %s" % _join(unused), "warning"))
    return checks


# 6. Quotas -----------------------------------------------------------------------------------------------------
def quotas_step(c):
    checks = []
    for read in (c.get("quotas") or {}).get("results") or []:
        item = read.get("item") or {}
        label = item.get("code") or item.get("name") or item.get("name_pattern")
        quotas = read.get("quotas") or []
        if len(quotas) != 1:
            checks.append(check("Quota %s" % label, False, "%d quotas match" % len(quotas)))
            continue
        quota = quotas[0]
        met = float(quota.get("applied_value") or 0) >= float(item.get("desired_value") or 0)
        open_requests = quota.get("open_requests") or []
        if not met and quota.get("adjustable") is False:
            # Not adjustable through Service Quotas: only AWS Support can raise it, nothing the run can fix.
            checks.append(
                check(
                    "Quota %s" % quota.get("quota_name"),
                    None,
                    "applied %s, target %s: not adjustable, open an AWS Support case" % (quota.get("applied_value"), item.get("desired_value")),
                    "warning",
                )
            )
            continue
        checks.append(
            check(
                "Quota %s" % quota.get("quota_name"),
                met if (met or not open_requests) else None,
                "applied %s, target %s%s"
                % (quota.get("applied_value"), item.get("desired_value"), ", request %s" % open_requests[0].get("status") if open_requests else ""),
                "warning" if open_requests else "error",
            )
        )
    note = None if checks else "No quota target configured: defaults reviewed only."
    return _step("quotas", "Service quotas", "6", checks, note)


# 7. Validation -------------------------------------------------------------------------------------------------
def invocation_checks(source, results):
    """The checks of bedrock_invoke_test's loop results from ``source`` (the controller or an app host)."""
    checks = []
    for r in results or []:
        name = "Invocation from %s of %s" % (source, r.get("item") or r.get("model_id"))
        if not r.get("invoked", False):
            checks.append(check(name, None, "not invoked (check mode)", "warning"))
        elif r.get("passed"):
            usage = r.get("usage") or {}
            detail = "replied in %.1f ms, %s tokens" % (float(r.get("latency_ms") or 0), usage.get("total_tokens"))
            recheck = r.get("recheck")
            if recheck:
                detail += "; again after %ss: %s" % (recheck.get("after_seconds"), "replied" if recheck.get("passed") else "refused")
            checks.append(check(name, True, detail))
        else:
            diagnosis = r.get("diagnosis") or {}
            checks.append(check(name, False, "%s: %s %s" % (diagnosis.get("code"), diagnosis.get("summary"), diagnosis.get("hint"))))
    return checks


def validation_step(c):
    checks = []
    if c.get("controller_results") is not None:
        checks.extend(invocation_checks("the controller", c.get("controller_results")))
    else:
        checks.append(check("Invocation from the controller", None, "not run in this play (run playbooks/validate.yml)", "warning"))
    for host in c.get("app_hosts") or []:
        results = (c.get("app_host_results") or {}).get(host)
        if results is not None:
            checks.extend(invocation_checks(host, results))
        else:
            checks.append(check("Invocation from %s" % host, None, "not run in this play (unreachable host or validate not run)", "warning"))
    return _step("validation", "Validation (test invocations)", "7", checks)


# 8. App integration --------------------------------------------------------------------------------------------
def app_step(c):
    checks, region = [], c.get("region")
    for host in c.get("app_hosts") or []:
        s = (c.get("app_settings") or {}).get(host)
        if s is None:
            checks.append(check("Settings on %s" % host, None, "not read in this play", "warning"))
            continue
        exists = bool(s.get("exists"))
        checks.append(check("Settings on %s" % host, exists, "%s %s" % (s.get("path"), "present" if exists else "missing")))
        if exists:
            static = bool(s.get("static_keys"))
            checks.extend(
                [
                    check(
                        "AWS_REGION equals the Bedrock region on %s" % host,
                        s.get("aws_region") == region,
                        "AWS_REGION=%s, Bedrock region %s" % (s.get("aws_region"), region),
                    ),
                    check(
                        "Model IDs on %s" % host,
                        list(s.get("model_ids") or []) == list(c.get("models") or []),
                        "BEDROCK_MODEL_IDS=%s" % ",".join(s.get("model_ids") or []),
                    ),
                    check("File mode 0600 on %s" % host, s.get("mode") == "0600", "mode %s" % s.get("mode")),
                    check(
                        "No static keys on %s" % host,
                        not static,
                        "static keys of the dev user (seed plan 9: prefer the instance role)" if static else "instance role",
                        "warning",
                    ),
                ]
            )
    note = None if c.get("app_hosts") else "No app host in the inventory for this environment."
    return _step("app", "App integration", "8", checks, note)


# 9. Staging/prod separation ------------------------------------------------------------------------------------
def separation_step(c):
    env, prod = c.get("environment") or "", bool(c.get("prod"))
    account = (c.get("caller") or {}).get("account")
    names = [
        ("invoke policy", c.get("invoke_policy_name")),
        ("runtime role", c.get("runtime_role_name")),
        ("budget", c.get("budget_name")),
        ("trail", c.get("trail_name")),
    ]
    checks = [check("The %s is named for the environment" % kind, env in (name or ""), name) for kind, name in names]
    checks.append(check("A prod environment names its account", bool(c.get("account_id")) if prod else True, "prod" if prod else "not prod"))
    for other in c.get("other_environments") or []:
        same_account = other.get("account_id") == account
        shared = []
        if same_account and other.get("runtime_role_name") == c.get("runtime_role_name"):
            shared.append("runtime role")
        if same_account and other.get("budget_name") == c.get("budget_name"):
            shared.append("budget")
        if same_account and bool(other.get("prod")) != prod:
            shared.append("account")
        checks.append(check("Nothing shared with %s" % other.get("environment"), not shared, "shared: %s" % _join(shared) if shared else "separate"))
    return _step("separation", "Staging/prod separation", "9", checks)


STEPS = (region_step, model_access_step, iam_step, network_step, observability_step, budgets_step, quotas_step, validation_step, app_step, separation_step)


def readiness_steps(collected):
    """Every step of the seed plan with its checks, in the plan's order."""
    return [build(collected or {}) for build in STEPS]

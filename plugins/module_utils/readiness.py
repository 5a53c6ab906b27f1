# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The readiness verdict of the bedrock_validate role, from what its checks collected.

``readiness_report(steps, ...)`` takes the seed plan's steps, each with its
checks (``name``, ``ok`` true / false / None when it could not be checked,
``detail``, ``severity`` error or warning; a check may still be the JSON text
the template built), and returns the report:

- each step's ``state``: ``fail`` on a failed error check, ``warn`` on a failed
  warning check or an unchecked one, ``skip`` without checks, else ``pass``;
- ``ready``: no step fails;
- ``schema_version`` of the report's shape (``SCHEMA_VERSION``);
- ``lifecycle``: per model, as bedrock_model_access_info described it
  (state, dates, days left, successors with the ID to call), and a
  warning-severity check on the model-access step for each lifecycle
  warning, so a LEGACY model, or one near legacy or end of life, makes that
  step ``warn`` with its dates;
- ``warnings``: every warning, machine-readable (``code``, ``step``,
  ``check``, ``message`` and, for lifecycle warnings, ``model_id``, ``date``,
  ``days``).
"""

import json

from ansible_collections.ticketflow.bedrock.plugins.module_utils.api_keys import LIMITED_ACCESS_POLICY
from ansible_collections.ticketflow.bedrock.plugins.module_utils.api_keys import denies_bearer_tokens

SCHEMA_VERSION = 1
MODEL_ACCESS_STEP = "model_access"


class ReadinessError(ValueError):
    """Input the verdict cannot use; the message names the step or check."""


def _check(item, step_id):
    if isinstance(item, str):
        try:
            item = json.loads(item)
        except ValueError as e:
            raise ReadinessError("step %s holds a check that is neither a dict nor JSON: %s" % (step_id, e)) from e
    if not isinstance(item, dict) or "name" not in item or "ok" not in item:
        raise ReadinessError("step %s holds a check without name and ok: %r" % (step_id, item))
    check = {
        "name": item["name"],
        "ok": None if item["ok"] is None else bool(item["ok"]),
        "detail": item.get("detail"),
        "severity": item.get("severity") or "error",
    }
    if check["severity"] not in ("error", "warning"):
        raise ReadinessError("check %r of step %s has severity %r (error or warning)" % (check["name"], step_id, check["severity"]))
    return check


def step_state(checks):
    """``fail``, ``warn``, ``skip`` or ``pass`` for a step's checks."""
    if any(c["ok"] is False and c["severity"] == "error" for c in checks):
        return "fail"
    if any(c["ok"] is False or c["ok"] is None for c in checks):
        return "warn"
    if not checks:
        return "skip"
    return "pass"


def lifecycle_section(access):
    """Per model, its lifecycle as bedrock_model_access_info returned it (``access``: its result or models)."""
    models = access.get("models") if isinstance(access, dict) else access
    section = []
    for entry in models or []:
        lifecycle = entry.get("lifecycle") or {}
        section.append(
            {
                "id": entry.get("id"),
                "model_id": entry.get("model_id"),
                "state": lifecycle.get("state"),
                "status": lifecycle.get("status"),
                "legacy_time": lifecycle.get("legacy_time"),
                "public_extended_access_time": lifecycle.get("public_extended_access_time"),
                "end_of_life_time": lifecycle.get("end_of_life_time"),
                "days_to_legacy": lifecycle.get("days_to_legacy"),
                "days_to_end_of_life": lifecycle.get("days_to_end_of_life"),
                "successors": [{"model_id": s.get("model_id"), "call_as": s.get("call_as")} for s in entry.get("successors") or []],
                "warnings": list(entry.get("lifecycle_warnings") or []),
            }
        )
    return section


def _lifecycle_checks(section):
    seen, checks, warnings = set(), [], []
    for model in section:
        for warning in model["warnings"]:
            key = (warning.get("code"), warning.get("model_id"))
            if key in seen:
                continue
            seen.add(key)
            name = "Lifecycle of %s" % (warning.get("model_id") or model["id"])
            checks.append({"name": name, "ok": False, "detail": warning.get("message"), "severity": "warning"})
            warnings.append(
                {
                    "code": warning.get("code"),
                    "step": MODEL_ACCESS_STEP,
                    "check": name,
                    "message": warning.get("message"),
                    "model_id": warning.get("model_id"),
                    "date": warning.get("date"),
                    "days": warning.get("days"),
                }
            )
    return checks, warnings


def readiness_report(steps, environment=None, prod=False, account_id=None, region=None, generated_at=None, access=None):
    """The report dict (see the module docstring); ``access`` is bedrock_model_access_info's result."""
    if not isinstance(steps, list):
        raise ReadinessError("steps must be a list of steps (id, title, checks), got %s" % type(steps).__name__)
    section = lifecycle_section(access) if access is not None else []
    lifecycle_checks, warnings = _lifecycle_checks(section)
    out = []
    for step in steps:
        if not isinstance(step, dict) or "id" not in step:
            raise ReadinessError("a step without an id: %r" % (step,))
        checks = [_check(item, step["id"]) for item in step.get("checks") or []]
        if step["id"] == MODEL_ACCESS_STEP:
            checks.extend(lifecycle_checks)
        for check in checks:
            if check["severity"] == "warning" and check["ok"] is not True and check not in lifecycle_checks:
                warnings.append(
                    {"code": "unchecked" if check["ok"] is None else "check_warning", "step": step["id"], "check": check["name"], "message": check["detail"]}
                )
            elif check["ok"] is None and check["severity"] == "error":
                warnings.append({"code": "unchecked", "step": step["id"], "check": check["name"], "message": check["detail"]})
        out.append(dict(step, checks=checks, state=step_state(checks)))
    return {
        "schema_version": SCHEMA_VERSION,
        "environment": environment,
        "prod": bool(prod),
        "account_id": account_id,
        "region": region,
        "generated_at": generated_at,
        "ready": not any(step["state"] == "fail" for step in out),
        "steps": out,
        "lifecycle": section,
        "warnings": warnings,
    }


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

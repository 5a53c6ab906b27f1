# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The CloudWatch alarms of an environment's Bedrock use, computed once.

Per model ID the app sends (the inference-profile IDs: Bedrock reports its
AWS/Bedrock metrics under the ``ModelId`` dimension with the ID the caller
used), alarms on throttles, server and client errors, latency, any call to a
LEGACY model (``LegacyModelInvocations``, a lifecycle tripwire) and the
estimated token use against the applied tokens-per-minute quota
(``EstimatedTPMQuotaUsage``, which AWS documents as an estimate). Once per
Region, alarms on invocation-logging delivery failures to CloudWatch Logs and
S3. Names are predictable: ``<prefix>-<model ID>-<key>`` and
``<prefix>-<key>``, so a readiness check can look each one up.

An application inference profile (the app calls its ARN) is reported under
``ModelId`` = the profile's ID (the last part of its ARN), as Cloud Custodian's
metrics filter for these profiles reads them; no AWS page read says which form
the dimension takes (unverified). Its alarms are named after that ID too, so a
model change (a new profile) gives new alarms and the old ones are removed with
the old profile's ID.
"""

import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils.quota_patterns import tpm_quota

APPLICATION_PROFILE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:application-inference-profile/([a-z0-9]+)$")

NAMESPACE = "AWS/Bedrock"
MODEL_DIMENSION = "ModelId"

# key, metric, statistic setting, threshold setting, comparison, description
PER_MODEL = (
    (
        "throttles",
        "InvocationThrottles",
        "Sum",
        "throttles_threshold",
        "GreaterThanOrEqualToThreshold",
        "Bedrock throttled invocations (quota reached; request an increase)",
    ),
    ("server-errors", "InvocationServerErrors", "Sum", "server_errors_threshold", "GreaterThanOrEqualToThreshold", "Bedrock server errors"),
    (
        "client-errors",
        "InvocationClientErrors",
        "Sum",
        "client_errors_threshold",
        "GreaterThanOrEqualToThreshold",
        "Bedrock client errors (access denied, validation, model ID)",
    ),
    ("latency", "InvocationLatency", None, "latency_threshold_ms", "GreaterThanOrEqualToThreshold", "Bedrock invocation latency in milliseconds"),
    (
        "legacy-invocations",
        "LegacyModelInvocations",
        "Sum",
        None,
        "GreaterThanThreshold",
        "Calls to a LEGACY model (lifecycle tripwire: move to an ACTIVE model before its end of life)",
    ),
)
# Invocation-logging delivery failures, once per Region (no model dimension;
# AWS's metric table gives no dimension for them - unverified).
LOGGING = (
    ("logging-cloudwatch-delivery", "ModelInvocationLogsCloudWatchDeliveryFailure", "Bedrock invocation logs not delivered to CloudWatch Logs"),
    ("logging-s3-delivery", "ModelInvocationLogsS3DeliveryFailure", "Bedrock invocation logs not delivered to S3"),
)

DEFAULTS = {
    "period_seconds": 300,
    "evaluation_periods": 1,
    "throttles_threshold": 1,
    "server_errors_threshold": 1,
    "client_errors_threshold": 5,
    "latency_threshold_ms": 10000,
    "latency_statistic": "p90",
    "tpm_usage_percent": 80,
    "logging_enabled": True,
    "logging_s3": False,
}


class AlarmPlanError(ValueError):
    """The alarm settings cannot be used."""


def _statistic(value):
    if value.startswith("p") and value[1:].replace(".", "", 1).isdigit():
        return {"statistic": None, "extended_statistic": value}
    return {"statistic": value, "extended_statistic": None}


def metric_model_id(model):
    """The ``ModelId`` dimension value Bedrock reports calls of ``model`` (the ID the app sends) under."""
    match = APPLICATION_PROFILE_ARN_RE.match(model or "")
    return match.group(1) if match else model


def _check(settings):
    merged = dict(DEFAULTS)
    merged.update({k: v for k, v in (settings or {}).items() if v is not None})
    for key in ("period_seconds", "evaluation_periods"):
        if int(merged[key]) < 1:
            raise AlarmPlanError("%s must be 1 or more (got %s)." % (key, merged[key]))
    if int(merged["period_seconds"]) % 60:
        raise AlarmPlanError("period_seconds must be a multiple of 60 (got %s)." % merged["period_seconds"])
    if not 0 < float(merged["tpm_usage_percent"]) <= 100:
        raise AlarmPlanError("tpm_usage_percent must be above 0 and at most 100 (got %s)." % merged["tpm_usage_percent"])
    return merged


def alarm_plan(models, prefix, model_names=None, quotas=None, settings=None, environment="", for_removal=False, sources=None):
    """Every alarm as cloudwatch_metric_alarm takes it (plus ``key``, ``model_id`` and ``quota``).

    ``models``: the IDs the app sends; ``model_names``: ID -> catalog name;
    ``quotas``: quota_info entries (the TPM quotas of the models). A model whose
    TPM quota is unknown gets no TPM alarm (``tpm_alarm_missing`` lists it),
    except ``for_removal``, where every alarm that may exist is listed.
    ``sources``: ID as called -> the system profile or model an application
    profile copies (its quota is the source's: in-Region, cross-Region or global).
    """
    if not prefix:
        raise AlarmPlanError("an alarm name prefix is required.")
    merged = _check(settings)
    period = int(merged["period_seconds"])
    base = {"namespace": NAMESPACE, "period": period, "evaluation_periods": int(merged["evaluation_periods"]), "treat_missing_data": "notBreaching"}
    suffix = (" (TicketFlow %s)" % environment) if environment else ""
    alarms, missing = [], []
    seen = []
    for model in models or []:
        if not model or model in seen:
            continue
        seen.append(model)
        metric_id = metric_model_id(model)
        for key, metric, statistic, threshold_key, comparison, description in PER_MODEL:
            alarm = dict(
                base,
                key=key,
                model_id=model,
                name="%s-%s-%s" % (prefix, metric_id, key),
                metric_name=metric,
                description="%s for %s%s" % (description, model, suffix),
                comparison=comparison,
                dimensions={MODEL_DIMENSION: metric_id},
                quota=None,
                threshold=float(merged[threshold_key]) if threshold_key else 0.0,
            )
            alarm.update(_statistic(statistic or str(merged["latency_statistic"])))
            alarms.append(alarm)
        quota = tpm_quota((sources or {}).get(model) or model, (model_names or {}).get(model), quotas)
        if for_removal:
            quota = quota or {"applied_value": 0}
        elif quota is None or not quota.get("applied_value"):
            missing.append(model)
            continue
        # EstimatedTPMQuotaUsage is reported per minute: the alarm watches the
        # highest minute of the period against a share of the applied quota.
        threshold = round(float(quota["applied_value"] or 0) * float(merged["tpm_usage_percent"]) / 100.0, 2)
        alarm = dict(
            base,
            key="tpm-quota-usage",
            model_id=model,
            name="%s-%s-tpm-quota-usage" % (prefix, metric_id),
            metric_name="EstimatedTPMQuotaUsage",
            comparison="GreaterThanOrEqualToThreshold",
            dimensions={MODEL_DIMENSION: metric_id},
            threshold=threshold,
            description="Estimated tokens per minute at %s%% of the applied quota %s (%s, %s) for %s, an approximation%s"
            % (merged["tpm_usage_percent"], quota.get("quota_name"), quota.get("quota_code"), quota["applied_value"], model, suffix),
            quota={"quota_code": quota.get("quota_code"), "quota_name": quota.get("quota_name"), "applied_value": quota["applied_value"]},
        )
        alarm.update(_statistic("Maximum"))
        alarms.append(alarm)
    if merged["logging_enabled"] or for_removal:
        for key, metric, description in LOGGING:
            if key == "logging-s3-delivery" and not merged["logging_s3"] and not for_removal:
                continue
            alarm = dict(
                base,
                key=key,
                model_id=None,
                name="%s-%s" % (prefix, key),
                metric_name=metric,
                description=description + suffix,
                comparison="GreaterThanThreshold",
                dimensions={},
                threshold=0.0,
                quota=None,
            )
            alarm.update(_statistic("Sum"))
            alarms.append(alarm)
    return {"alarms": alarms, "names": [a["name"] for a in alarms], "tpm_alarm_missing": missing}


# What amazon.aws.cloudwatch_metric_alarm leaves out of its comparison (the
# alarm's state and bookkeeping, not its settings), as DescribeAlarms returns
# it through camel_dict_to_snake_dict (cloudwatch_metric_alarm_info).
NOT_SETTINGS = frozenset(
    (
        "actions_enabled",
        "state_value",
        "state_reason",
        "state_reason_data",
        "state_updated_timestamp",
        "state_transitioned_timestamp",
        "alarm_arn",
        "alarm_configuration_updated_timestamp",
        "metrics",
        "evaluation_state",
    )
)


def wanted_settings(alarm, actions):
    """The settings of a planned alarm as cloudwatch_metric_alarm_info would return them once applied."""
    wanted = {
        "alarm_name": alarm["name"],
        "alarm_description": alarm["description"],
        "namespace": alarm["namespace"],
        "metric_name": alarm["metric_name"],
        "comparison_operator": alarm["comparison"],
        "threshold": float(alarm["threshold"]),
        "period": int(alarm["period"]),
        "evaluation_periods": int(alarm["evaluation_periods"]),
        "treat_missing_data": alarm["treat_missing_data"],
        "dimensions": sorted(({"name": k, "value": v} for k, v in (alarm.get("dimensions") or {}).items()), key=lambda d: d["name"]),
        "alarm_actions": list(actions),
        "ok_actions": list(actions),
        "insufficient_data_actions": [],
    }
    for key in ("statistic", "extended_statistic"):
        if alarm.get(key):
            wanted[key] = alarm[key]
    return wanted


def alarm_differences(alarm, found, actions):
    """The setting names in which ``found`` (a cloudwatch_metric_alarm_info entry) differs from the planned ``alarm``.

    A setting AWS holds that the plan does not set (a unit, datapoints to alarm,
    ...) counts as a difference, as it does for cloudwatch_metric_alarm.
    """
    wanted = wanted_settings(alarm, actions)
    have = {k: v for k, v in found.items() if k not in NOT_SETTINGS and v not in (None, [], {}, "")}
    if "dimensions" in have:
        have["dimensions"] = sorted(have["dimensions"], key=lambda d: d.get("name", ""))
    if "threshold" in have:
        have["threshold"] = float(have["threshold"])
    wanted_set = {k: v for k, v in wanted.items() if v not in (None, [], {}, "")}
    return sorted(key for key in set(wanted_set) | set(have) if wanted_set.get(key) != have.get(key))


def alarms_to_apply(alarms, found, actions, state="present"):
    """The planned alarms cloudwatch_metric_alarm has work to do on.

    ``found``: what one DescribeAlarms by name prefix returned
    (cloudwatch_metric_alarm_info ``metric_alarms``). For ``present``, the
    alarms missing or differing in any setting the module compares; for
    ``absent``, the alarms that exist. Each keeps its plan fields, plus
    ``differences`` (the differing settings, or ``["missing"]``).
    """
    if state not in ("present", "absent"):
        raise AlarmPlanError("state must be present or absent (got %s)." % state)
    by_name = {}
    for entry in found or []:
        if not isinstance(entry, dict) or not entry.get("alarm_name"):
            raise AlarmPlanError("each found alarm must be a cloudwatch_metric_alarm_info entry with an alarm_name.")
        by_name[entry["alarm_name"]] = entry
    pending = []
    for alarm in alarms or []:
        entry = by_name.get(alarm["name"])
        if state == "absent":
            if entry is not None:
                pending.append(dict(alarm, differences=["present"]))
            continue
        differences = ["missing"] if entry is None else alarm_differences(alarm, entry, actions)
        if differences:
            pending.append(dict(alarm, differences=differences))
    return pending

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The least-privilege IAM policy that lets a caller invoke chosen Bedrock models.

Built from AWS's own answers (the ``invoke_resources`` of each entry returned by
``bedrock_model_access_info``), never from a table of regions:

- the actions are exactly ``bedrock:InvokeModel`` and
  ``bedrock:InvokeModelWithResponseStream`` (Converse and ConverseStream are
  authorized by them);
- an on-demand model: its foundation-model ARN in the region;
- an inference profile: the profile ARN, and the foundation-model ARN in every
  destination region AWS lists for the profile, usable only through the profile
  (condition ``bedrock:InferenceProfileArn``) unless ``restrict_to_profiles`` is
  false;
- an application inference profile (``bedrock_inference_profile``'s
  ``inference_profile``, whose ``invoke_resources`` have the same shape): its
  ``application-inference-profile/ID`` ARN, and the models it serves
  conditioned on ``bedrock:InferenceProfileArn`` equal to that ARN, so the
  models are callable through this environment's profile only, not through
  another environment's nor the system profile it copied;
- a global profile additionally: the region-less ARN
  ``arn:PARTITION:bedrock:::foundation-model/MODEL_ID`` with
  ``aws:RequestedRegion`` equal to ``unspecified`` (AWS's documented form for
  global cross-Region inference);
- no wildcard, and no ``aws:RequestedRegion`` condition naming the source region,
  which would deny the destination regions of cross-Region inference.
"""

import json
import re
from collections.abc import Iterable
from collections.abc import Mapping

INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
POLICY_VERSION = "2012-10-17"


class InvokePolicyError(ValueError):
    """The entries cannot give a policy (an entry without invoke resources, a wildcard, nothing to allow)."""


def invoke_resources(region, model=None, profile=None):
    """The resources an invoke policy needs for one entry, from AWS's answers.

    ``model``: a normalized foundation model (bedrock_catalog.normalize_model) invoked
    by its ID; ``profile``: a normalized inference profile. Returns a dict with
    ``profile_arn`` (None for a bare model), ``model_arns`` (regional
    foundation-model ARNs) and ``global_model_arn`` (None unless a global profile).
    """
    if profile is not None:
        regional = [arn for arn in profile["model_arns"] if arn.split(":")[3]]
        region_less = [arn for arn in profile["model_arns"] if not arn.split(":")[3]]
        global_arn = region_less[0] if region_less else None
        if global_arn is None and profile.get("geography") == "global" and profile["model_ids"]:
            partition = profile["arn"].split(":")[1]
            global_arn = "arn:%s:bedrock:::foundation-model/%s" % (partition, profile["model_ids"][0])
        return {"profile_arn": profile["arn"], "model_arns": sorted(set(regional)), "global_model_arn": global_arn}
    if model is not None:
        return {"profile_arn": None, "model_arns": [model["model_arn"]], "global_model_arn": None}
    raise InvokePolicyError("invoke_resources needs a model or a profile (region %s)" % region)


def _one_or_list(values):
    values = sorted(set(values))
    return values[0] if len(values) == 1 else values


def _entries(data):
    """The list of entries in ``data``: a module result (with ``models``), a list or iterable, or one entry."""
    if isinstance(data, Mapping) and "models" in data and "invoke_resources" not in data:
        data = data["models"]
    if isinstance(data, Mapping):
        return [data]
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise InvokePolicyError("expected the result of bedrock_model_access_info (or its models list), got %s" % type(data).__name__)
    return list(data)


def _check_no_wildcard(arns):
    bad = [arn for arn in arns if "*" in arn or "?" in arn]
    if bad:
        raise InvokePolicyError("refusing wildcard resources in a least-privilege policy: %s" % ", ".join(bad))


def build_invoke_policy(data, restrict_to_profiles=True, skip_unusable=False):
    """The IAM policy document (a dict) allowing invocation of every entry of ``data``.

    ``data``: bedrock_model_access_info's result or its ``models`` list (entries
    carry ``id`` and ``invoke_resources``). An entry without ``invoke_resources``
    (absent from the region, or a model that needs an inference profile) raises
    InvokePolicyError, or is left out when ``skip_unusable`` is true.
    """
    on_demand, profile_arns, through_profile, global_arns, global_profiles, unusable = [], [], [], [], [], []
    for entry in _entries(data):
        if not isinstance(entry, Mapping):
            raise InvokePolicyError("each entry must be a dict from bedrock_model_access_info, got %r" % (entry,))
        resources = entry.get("invoke_resources")
        if not resources:
            unusable.append("%s (%s)" % (entry.get("id", "?"), entry.get("reason") or "no invoke resources"))
            continue
        if resources.get("profile_arn"):
            profile_arns.append(resources["profile_arn"])
            through_profile.extend(resources.get("model_arns") or [])
            if resources.get("global_model_arn"):
                global_arns.append(resources["global_model_arn"])
                global_profiles.append(resources["profile_arn"])
        else:
            on_demand.extend(resources.get("model_arns") or [])
    if unusable and not skip_unusable:
        raise InvokePolicyError(
            "no invoke policy can cover these entries: %s. Use an inference profile for models "
            "that need one and only models offered in the region." % "; ".join(unusable)
        )
    _check_no_wildcard(on_demand + profile_arns + through_profile + global_arns)
    if not (on_demand or profile_arns):
        raise InvokePolicyError("nothing to allow: no entry has invoke resources")

    statements = []
    if on_demand:
        statements.append({"Sid": "InvokeOnDemandModels", "Effect": "Allow", "Action": list(INVOKE_ACTIONS), "Resource": sorted(set(on_demand))})
    if profile_arns:
        statements.append({"Sid": "InvokeInferenceProfiles", "Effect": "Allow", "Action": list(INVOKE_ACTIONS), "Resource": sorted(set(profile_arns))})
    if through_profile:
        statement = {"Sid": "InvokeProfileDestinationModels", "Effect": "Allow", "Action": list(INVOKE_ACTIONS), "Resource": sorted(set(through_profile))}
        if restrict_to_profiles:
            statement["Condition"] = {"StringEquals": {"bedrock:InferenceProfileArn": _one_or_list(profile_arns)}}
        statements.append(statement)
    if global_arns:
        condition = {"aws:RequestedRegion": "unspecified"}
        if restrict_to_profiles:
            condition["bedrock:InferenceProfileArn"] = _one_or_list(global_profiles)
        statements.append(
            {
                "Sid": "InvokeGlobalProfileModels",
                "Effect": "Allow",
                "Action": list(INVOKE_ACTIONS),
                "Resource": sorted(set(global_arns)),
                "Condition": {"StringEquals": condition},
            }
        )
    return {"Version": POLICY_VERSION, "Statement": statements}


# IAM's quota on a customer managed policy document (IAM and AWS STS quotas page):
# 6,144 characters, whitespace not counted.
MANAGED_POLICY_SIZE_LIMIT = 6144
# Managed policies attachable to one role or user by default (same page).
MANAGED_POLICIES_PER_PRINCIPAL = 10


def policy_size(document):
    """The size IAM counts for ``document`` (a dict): its JSON without any whitespace."""
    return len("".join(json.dumps(document, separators=(",", ":")).split()))


def _resource_pieces(statement, limit, version):
    """``statement`` itself, or copies carrying parts of its Resource list, each fitting ``limit`` alone."""
    if policy_size({"Version": version, "Statement": [statement]}) <= limit:
        return [statement]
    resources = statement.get("Resource")
    if not isinstance(resources, list) or len(resources) < 2:
        raise InvokePolicyError("statement %s alone exceeds IAM's %d-character managed policy limit" % (statement.get("Sid", "?"), limit))
    half = len(resources) // 2
    first, second = dict(statement), dict(statement)
    first["Resource"], second["Resource"] = resources[:half], resources[half:]
    return _resource_pieces(first, limit, version) + _resource_pieces(second, limit, version)


def split_policy(document, limit=MANAGED_POLICY_SIZE_LIMIT, max_parts=MANAGED_POLICIES_PER_PRINCIPAL):
    """``document`` as a list of policy documents that each fit IAM's managed policy limit.

    A document that fits is returned alone and unchanged. Otherwise statements
    are kept whole where they fit, and a statement too large on its own is cut
    into statements over parts of its Resource list (same Action, Effect and
    Condition, so the union grants exactly what the document granted). Pieces
    are packed in order, first fit; Sids are made unique within each part.
    More than ``max_parts`` parts (IAM's default of managed policies per role or
    user) raises InvokePolicyError.
    """
    limit = int(limit)
    if policy_size(document) <= limit:
        return [document]
    version = document.get("Version", POLICY_VERSION)
    statements = document.get("Statement", [])
    if isinstance(statements, Mapping):
        statements = [statements]
    pieces = []
    for statement in statements:
        pieces.extend(_resource_pieces(statement, limit, version))
    parts = []
    for piece in pieces:
        for part in parts:
            if policy_size({"Version": version, "Statement": part + [piece]}) <= limit:
                part.append(piece)
                break
        else:
            parts.append([piece])
    documents = []
    for part in parts:
        seen = {}
        statements = []
        for statement in part:
            sid = statement.get("Sid")
            if sid is not None:
                seen[sid] = seen.get(sid, 0) + 1
                if seen[sid] > 1:
                    statement = dict(statement, Sid="%sPart%d" % (sid, seen[sid]))
            statements.append(statement)
        documents.append({"Version": version, "Statement": statements})
    if len(documents) > int(max_parts):
        raise InvokePolicyError(
            "the invoke policy needs %d managed policies of at most %d characters, more than the %d "
            "IAM attaches to one role or user by default: invoke fewer models or profiles, or "
            "request a higher 'Managed policies per role' quota and raise max_parts" % (len(documents), limit, int(max_parts))
        )
    return documents


GUARDRAIL_KEY = "bedrock:GuardrailIdentifier"
APPLY_GUARDRAIL = "bedrock:ApplyGuardrail"
GUARDRAIL_VERSION_ARN_RE = r"^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:guardrail/[a-z0-9]+:[1-9][0-9]{0,7}$"


def require_guardrail(document, guardrail_version_arn):
    """``document`` (an invoke policy) that allows invocation only with one guardrail version.

    AWS's "Enforce the use of specific guardrails" pattern: every Allow statement
    on the invoke actions gets ``StringEquals bedrock:GuardrailIdentifier`` =
    ``guardrail_version_arn`` (``arn:...:guardrail/ID:VERSION``, a numbered
    version); an explicit Deny of the invoke actions with ``StringNotEquals``
    refuses any other guardrail or none, whatever other policies allow; and
    ``bedrock:ApplyGuardrail`` is allowed on the guardrail (the call applies it).
    The input document is not changed.
    """
    arn = (guardrail_version_arn or "").strip()
    if not re.match(GUARDRAIL_VERSION_ARN_RE, arn):
        raise InvokePolicyError(
            "guardrail %r is not a guardrail version ARN (arn:aws:bedrock:REGION:ACCOUNT_ID:guardrail/ID:VERSION, a numbered "
            "version: IAM enforcement of the DRAFT is not possible). Use bedrock_guardrail's guardrail.version_arn." % guardrail_version_arn
        )
    guardrail_arn = arn.rsplit(":", 1)[0]
    statements = []
    for statement in document.get("Statement", []):
        statement = dict(statement)
        actions = statement.get("Action")
        actions = [actions] if isinstance(actions, str) else list(actions or [])
        if statement.get("Effect") == "Allow" and set(actions) & set(INVOKE_ACTIONS):
            condition = dict(statement.get("Condition") or {})
            string_equals = dict(condition.get("StringEquals") or {})
            string_equals[GUARDRAIL_KEY] = arn
            condition["StringEquals"] = string_equals
            statement["Condition"] = condition
        statements.append(statement)
    statements.append(
        {
            "Sid": "DenyInvokeWithoutGuardrail",
            "Effect": "Deny",
            "Action": list(INVOKE_ACTIONS),
            "Resource": "*",
            "Condition": {"StringNotEquals": {GUARDRAIL_KEY: arn}},
        }
    )
    statements.append({"Sid": "ApplyGuardrail", "Effect": "Allow", "Action": [APPLY_GUARDRAIL], "Resource": [guardrail_arn]})
    return {"Version": document.get("Version", POLICY_VERSION), "Statement": statements}

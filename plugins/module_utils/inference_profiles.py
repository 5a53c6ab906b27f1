# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Application inference profiles: the per-environment, taggable copy of a model or system profile.

AWS's rules (CreateInferenceProfile, "Application inference profiles"):

- the source (``modelSource.copyFrom``) is the ARN of a foundation model of the
  Region or of a system-defined (cross-Region) inference profile; the
  application profile serves the same models and Regions;
- nothing but tags can change afterwards: another source means another
  profile (a new ARN), which the application must switch to;
- the profile's cost allocation tags (e.g. ``app``, ``env``) are how AWS
  attributes its spend (Cost Explorer, Budgets), once the tags are activated
  as cost allocation tags (about 24 hours to show).

The profile is found by name (unique per account and Region). Whether an
existing profile has the wanted source is told by its ``models``, which
GetInferenceProfile returns (it does not return the source itself).
"""

import hashlib
import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import normalize_profile
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import profile_geography
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import BedrockErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import invoke_resources
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

NAME_RE = re.compile(r"^([0-9a-zA-Z][ _-]?)+$")
DESCRIPTION_RE = re.compile(r"^([0-9a-zA-Z:.][ _-]?)+$")
TAG_RE = re.compile(r"^[a-zA-Z0-9\s._:/=+@-]*$")
MODEL_ARN_RE = re.compile(r"^arn:(aws[a-z-]*):bedrock:([a-z0-9-]*)::foundation-model/([a-zA-Z0-9-:.]+)$")
PROFILE_ARN_RE = re.compile(r"^arn:(aws[a-z-]*):bedrock:([a-z0-9-]*):([0-9]{12}):inference-profile/([a-zA-Z0-9-:.]+)$")
APP_PROFILE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:application-inference-profile/[a-z0-9]+$")
BARE_ID_RE = re.compile(r"^[a-zA-Z0-9-:.]+$")
MAX_TAGS = 50


class ProfileInputError(ValueError):
    """Module input that cannot make an application inference profile."""


def check_input(name, description, tags):
    """Raise ProfileInputError for a name, description or tags AWS would refuse (before any call)."""
    if not name or len(name) > 64 or not NAME_RE.match(name):
        raise ProfileInputError(
            "name %r is not a valid inference profile name: 1 to 64 letters and digits, single spaces, '_' or '-' "
            "between them (e.g. ticketflow-staging-claude-haiku-4-5)." % (name,)
        )
    if description is not None and (len(description) > 200 or not DESCRIPTION_RE.match(description)):
        raise ProfileInputError("description %r is not valid: up to 200 letters, digits, ':' and '.', single spaces, '_' or '-' between them." % (description,))
    tags = tags or {}
    if len(tags) > MAX_TAGS:
        raise ProfileInputError("%d tags given; a Bedrock resource takes at most %d." % (len(tags), MAX_TAGS))
    for key, value in tags.items():
        if not key or len(key) > 128 or not TAG_RE.match(key) or len(str(value)) > 256 or not TAG_RE.match(str(value)):
            raise ProfileInputError("tag %r=%r is not valid: keys 1-128 and values 0-256 of letters, digits, spaces and . _ : / = + @ -." % (key, value))


def source_arn(source, region, partition="aws"):
    """The ARN to copy from, for ``source`` given as an ARN or a bare ID.

    A bare ID with a geography prefix (``us.``, ``global.``...) is a system
    profile and is returned as None: its ARN needs the account, so the caller
    reads it with GetInferenceProfile. Any other bare ID is a foundation model
    of ``region``.
    """
    source = (source or "").strip()
    model = MODEL_ARN_RE.match(source)
    if model:
        if model.group(2) != region:
            raise ProfileInputError(
                "source %s is a foundation model of %s; an application inference profile in %s copies a model of %s or a "
                "cross-Region profile callable from it." % (source, model.group(2) or "no region", region, region)
            )
        return source
    profile = PROFILE_ARN_RE.match(source)
    if profile:
        if profile.group(2) != region:
            raise ProfileInputError(
                "source %s is an inference profile of %s; run the task in %s or copy the profile of %s." % (source, profile.group(2), profile.group(2), region)
            )
        return source
    if APP_PROFILE_ARN_RE.match(source) or source.startswith("arn:"):
        raise ProfileInputError(
            "source %r must be a foundation-model ARN, a system-defined inference profile ARN, or their bare IDs; "
            "an application inference profile cannot be copied." % source
        )
    if not BARE_ID_RE.match(source):
        raise ProfileInputError("source %r is not a model or inference profile ID." % source)
    if profile_geography(source):
        return None
    return "arn:%s:bedrock:%s::foundation-model/%s" % (partition, region, source)


def tags_to_api(tags):
    return [{"key": str(k), "value": str(v)} for k, v in sorted((tags or {}).items())]


def tags_from_api(tags):
    return {t["key"]: t["value"] for t in tags or []}


def describe(profile, tags, source_profile=None):
    """The module's snake_case view of an application profile, with the invoke resources of its models."""
    normalized = normalize_profile(profile)
    geography = source_profile["geography"] if source_profile else None
    region = normalized["arn"].split(":")[3]
    resources = invoke_resources(region, profile=dict(normalized, geography=geography))
    return {
        "id": normalized["id"],
        "arn": normalized["arn"],
        "name": normalized["name"],
        "description": normalized["description"],
        "status": normalized["status"],
        "type": normalized["type"],
        "model_arns": normalized["model_arns"],
        "model_ids": normalized["model_ids"],
        "destination_regions": normalized["destination_regions"],
        "tags": tags,
        "invoke_resources": resources,
    }


def same_models(profile, model_arns):
    return sorted(m["modelArn"] for m in profile.get("models") or []) == sorted(model_arns)


@retry_decorator("bedrock")
def _application_summaries(client):
    paginator = client.get_paginator("list_inference_profiles")
    return paginator.paginate(typeEquals="APPLICATION").build_full_result().get("inferenceProfileSummaries", [])


@BedrockErrorHandler.common_error_handler("list the application inference profiles to find {name}")
def find_by_name(client, name):
    """The ListInferenceProfiles summary of the application profile named ``name``, or None."""
    return next((s for s in _application_summaries(client) if s.get("inferenceProfileName") == name), None)


def check_tag_filter(tags):
    """``tags`` (a tag filter) as strings, ProfileInputError when a key or value could not be a Bedrock tag."""
    wanted = {str(k): str(v) for k, v in (tags or {}).items()}
    for key, value in wanted.items():
        if not key or len(key) > 128 or not TAG_RE.match(key) or len(value) > 256 or not TAG_RE.match(value):
            raise ProfileInputError("tag filter %r=%r is not a valid Bedrock tag." % (key, value))
    return wanted


@BedrockErrorHandler.common_error_handler("list the application inference profiles and their tags")
def application_profiles(client, tags=None, name_prefix=""):
    """The application profiles whose name starts with ``name_prefix`` and that carry every tag of ``tags``.

    Each as ``describe`` gives it, sorted by name; the tags are read only for
    the profiles the name already selects.
    """
    found = []
    for summary in _application_summaries(client):
        name = summary.get("inferenceProfileName") or ""
        if not name.startswith(name_prefix or ""):
            continue
        profile_tags = get_tags(client, summary["inferenceProfileArn"])
        if all(profile_tags.get(k) == v for k, v in (tags or {}).items()):
            found.append(describe(summary, profile_tags))
    return sorted(found, key=lambda p: p["name"])


@BedrockErrorHandler.common_error_handler("read the inference profile {identifier}")
def get_profile(client, identifier):
    answer = client.get_inference_profile(aws_retry=True, inferenceProfileIdentifier=identifier)
    answer.pop("ResponseMetadata", None)
    return answer


@BedrockErrorHandler.common_error_handler("read the tags of {arn}")
def get_tags(client, arn):
    return tags_from_api(client.list_tags_for_resource(aws_retry=True, resourceARN=arn).get("tags"))


@BedrockErrorHandler.common_error_handler("create the application inference profile {name}")
def create_profile(client, name, copy_from, description, tags):
    params = {"inferenceProfileName": name, "modelSource": {"copyFrom": copy_from}, "tags": tags_to_api(tags)}
    if description:
        params["description"] = description
    return client.create_inference_profile(aws_retry=True, **params)["inferenceProfileArn"]


@BedrockErrorHandler.deletion_error_handler("delete the application inference profile {arn}")
def delete_profile(client, arn):
    client.delete_inference_profile(aws_retry=True, inferenceProfileIdentifier=arn)
    return True


@BedrockErrorHandler.common_error_handler("tag {arn}")
def set_tags(client, arn, to_set, to_remove):
    if to_set:
        client.tag_resource(aws_retry=True, resourceARN=arn, tags=tags_to_api(to_set))
    if to_remove:
        client.untag_resource(aws_retry=True, resourceARN=arn, tagKeys=to_remove)


# ---------------------------------------------------------------- one environment's profiles, one per model

PROFILE_NAME_MAX = 64
_GEOGRAPHY_AND_PROVIDER_RE = re.compile(r"^(?:[a-z-]+\.)?[a-z0-9-]+\.(?=[a-z0-9])")


def profile_name(name_prefix, model_id):
    """The profile name of ``model_id`` in an environment: ``name_prefix`` + the model, so a new model is a new name.

    ``us.anthropic.claude-haiku-4-5-20251001-v1:0`` gives ``<prefix>claude-haiku-4-5-20251001-v1-0``: the
    geography and provider are left out (the source says them), every other character not allowed in a name
    becomes ``-``. A name over AWS's 64 characters keeps its start and ends with a digest of the whole
    model ID, so two models never share a name.
    """
    bare = model_id.split("/")[-1]
    if "." in bare:
        bare = _GEOGRAPHY_AND_PROVIDER_RE.sub("", bare, count=1) or bare
    slug = re.sub(r"-{2,}", "-", re.sub(r"[^0-9a-zA-Z]+", "-", bare)).strip("-").lower()
    name = "%s%s" % (name_prefix, slug)
    if len(name) > PROFILE_NAME_MAX:
        digest = hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:8]
        name = "%s-%s" % (name[: PROFILE_NAME_MAX - 9].rstrip("-_ "), digest)
    return name


def profile_plan(models, environment, name_prefix, tags=None, owned=None, app="ticketflow"):
    """The application profiles an environment wants, and those it owns but no longer wants.

    ``models``: the selected models (``id``: the system profile or model ID the
    profile copies; entries may be bare IDs). Each wanted profile is
    ``{name, source, model_id, tags}``, tagged ``app`` and ``env`` (plus
    ``tags``, which cannot override those two). ``owned``: the environment's
    existing profiles (bedrock_inference_profile_info); ``retire`` lists those
    whose name no model wants any more (a model change), to delete once the
    application has switched. Raises ProfileInputError for an unusable input.
    """
    if not environment:
        raise ProfileInputError("an environment name is required to name and tag its application inference profiles.")
    if not name_prefix or not NAME_RE.match(name_prefix.rstrip("-_ ") or "-"):
        raise ProfileInputError("name prefix %r cannot start an inference profile name (letters and digits, '-' or '_')." % (name_prefix,))
    all_tags = {str(k): str(v) for k, v in (tags or {}).items()}
    all_tags.update({"app": app, "env": environment})
    wanted, names = [], []
    for model in models or []:
        model_id = model.get("id") if isinstance(model, dict) else model
        if not model_id:
            continue
        if APP_PROFILE_ARN_RE.match(model_id):
            raise ProfileInputError("%s is already an application inference profile; give the system profile or model it copies." % model_id)
        name = profile_name(name_prefix, model_id)
        if name in names:
            continue
        names.append(name)
        wanted.append({"name": name, "source": model_id, "model_id": model_id, "tags": dict(all_tags)})
    check_input(wanted[0]["name"] if wanted else name_prefix.rstrip("-_ ") or "x", None, all_tags)
    retire = [p for p in owned or [] if p.get("name") not in names]
    return {"profiles": wanted, "names": names, "retire": sorted(retire, key=lambda p: p.get("name") or "")}


def app_model_ids(models, plan, profiles):
    """The IDs the app calls: each model's application profile ARN where the profile exists, else the model itself."""
    by_name = {p.get("name"): p.get("arn") for p in profiles or [] if p.get("arn")}
    ids = []
    for model in models or []:
        model_id = model.get("id") if isinstance(model, dict) else model
        wanted = next((w for w in plan.get("profiles", []) if w["model_id"] == model_id), None)
        ids.append(by_name.get(wanted["name"]) if wanted and by_name.get(wanted["name"]) else model_id)
    return ids

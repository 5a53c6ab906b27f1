# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Model access in Amazon Bedrock: what a model or profile needs, and the calls that grant it.

``describe_models`` answers, for each model ID or inference-profile ID, whether the
region has it, its lifecycle, whether it needs an inference profile and which
profiles carry it, the four availability fields, one ``ready`` verdict with a
plain reason, and the resources an invoke policy needs. It is shared by
``bedrock_model_access_info`` (which returns it) and ``bedrock_model_access``
(which acts on it).

The remaining functions wrap the access calls: agreement offers, agreements and
the account's use-case form (needed once per account, for Anthropic models).
Every function that calls AWS raises ``error_handlers.BedrockError`` (an
``AnsibleAWSError``) on failure, so that a module's ``main`` catches that one
exception (``read_models`` and ``read_availability`` wrap the catalog reads).
"""

import json

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import BedrockErrorHandler

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import closest_model_ids
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import run_concurrently
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import APPLICATION_INFERENCE_PROFILE
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import FOUNDATION_MODEL
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import INFERENCE_PROFILE
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import parse_reference
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import invoke_resources
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import DEFAULT_WARN_DAYS
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import annotate_entries
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import is_end_of_life
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import retired_message

# Use-case form: module option name -> JSON key AWS expects in formData.
USE_CASE_FIELDS = (
    ("company_name", "companyName"),
    ("company_website", "companyWebsite"),
    ("intended_users", "intendedUsers"),
    ("industry_option", "industryOption"),
    ("other_industry_option", "otherIndustryOption"),
    ("use_cases", "useCases"),
)
# Providers whose models need the account's use-case form before an agreement.
USE_CASE_PROVIDERS = ("anthropic",)


class DescribeFailure(Exception):
    """A look-up failed for another reason than "not found"; ``error`` is the AWS exception."""

    def __init__(self, identifier, error):
        super().__init__("%s: %s" % (identifier, error))
        self.identifier = identifier
        self.error = error


def _profile_brief(profile):
    return {"id": profile["id"], "arn": profile["arn"], "geography": profile["geography"]}


def _on_demand(model):
    return model is not None and "ON_DEMAND" in model["inference_types_supported"]


def access_verdict(entry):
    """``(ready, reason)`` for a described entry; AVAILABLE is necessary, not proof (invoke once to prove it)."""
    region = entry["region"]
    if is_end_of_life(entry):
        return False, retired_message(entry, region)
    if not entry["present"]:
        hint = (" Closest valid IDs: %s." % ", ".join(entry["suggestions"])) if entry["suggestions"] else ""
        what = "inference profile" if entry["kind"] != FOUNDATION_MODEL else "model"
        return False, "The %s %s is not offered in %s.%s" % (what, entry["id"], region, hint)
    model = entry["model"]
    if entry["kind"] == FOUNDATION_MODEL and not _on_demand(model):
        profiles = [p["id"] for p in entry["inference_profiles"]]
        if profiles:
            return False, ("%s cannot be invoked by its model ID on demand: invoke it through an inference profile (%s)." % (entry["id"], ", ".join(profiles)))
        return False, ("%s supports no on-demand invocation in %s (only %s)." % (entry["id"], region, ", ".join(model["inference_types_supported"]) or "none"))
    availability = entry["availability"]
    if availability is None:
        return False, "The availability of %s could not be read in %s." % (entry["model_id"], region)
    model_id = entry["model_id"]
    if availability["region_availability"] == "NOT_AVAILABLE":
        return False, "%s is not available to this account in %s." % (model_id, region)
    agreement = availability["agreement_status"]
    if agreement == "ERROR":
        return False, (
            "The agreement for %s is in ERROR (%s): run ticketflow.bedrock.bedrock_model_access to "
            "recreate it." % (model_id, availability.get("agreement_error_message") or "no message")
        )
    if agreement == "PENDING":
        return False, "The agreement for %s is PENDING: wait for it to become AVAILABLE." % model_id
    if agreement != "AVAILABLE":
        return False, ("No agreement for %s in %s (%s): run ticketflow.bedrock.bedrock_model_access with state present." % (model_id, region, agreement))
    if availability["entitlement_availability"] != "AVAILABLE":
        return False, (
            "The account is not entitled to %s in %s: the Marketplace subscription is missing or still in "
            "progress (the caller needs aws-marketplace:Subscribe and ViewSubscriptions)." % (model_id, region)
        )
    if availability["authorization_status"] != "AUTHORIZED":
        return False, ("The caller is not authorized for %s in %s: an IAM policy or SCP denies it." % (model_id, region))
    return True, (
        "Agreement AVAILABLE, AUTHORIZED, entitled and offered in %s; a first invocation (ticketflow.bedrock.bedrock_invoke_test) proves it." % region
    )


def _new_entry(ref, region):
    return {
        "id": ref.text,
        "kind": ref.kind,
        "model_id": ref.model_id,
        "region": region,
        "present": False,
        "ready": False,
        "reason": None,
        "warnings": [],
        "lifecycle": None,
        "successors": [],
        "lifecycle_warnings": [],
        "model": None,
        "profile": None,
        "requires_inference_profile": False,
        "inference_profiles": [],
        "availability": None,
        "invoke_resources": None,
        "suggestions": [],
    }


def _lookup_missing(catalog, wanted, getter, failures):
    """Concurrent ``getter`` calls for identifiers the list answers did not contain."""
    found = {}
    for identifier, answer, error in run_concurrently(getter, wanted, catalog.max_workers):
        if error is not None:
            failures.append(DescribeFailure(identifier, error))
        elif answer is not None:
            found[identifier] = answer
    return found


def describe_models(catalog, refs, region, with_availability=True, now=None, warn_days=DEFAULT_WARN_DAYS, known_dates=None):
    """``(entries, failures)`` for parsed references (bedrock_ids.Reference), in input order.

    Reads the region's model list and profile list once, looks up what they do
    not contain one by one (concurrently), then reads availability concurrently.
    ``failures`` holds DescribeFailure for look-ups that failed for another
    reason than "not found"; the caller decides whether to fail. Each entry
    carries its lifecycle, successors and lifecycle warnings (model_lifecycle,
    against ``now``, warning ``warn_days`` ahead; ``known_dates`` names the
    dates of models AWS no longer lists).
    """
    failures = []
    models = {m["model_id"]: m for m in catalog.list_foundation_models()}
    profiles = {p["id"]: p for p in catalog.list_inference_profiles()}

    missing_models = [r.id for r in refs if r.kind == FOUNDATION_MODEL and r.id not in models]
    models.update(_lookup_missing(catalog, missing_models, catalog.get_foundation_model, failures))
    missing_profiles = [r.arn or r.id for r in refs if r.kind == APPLICATION_INFERENCE_PROFILE or (r.kind == INFERENCE_PROFILE and r.id not in profiles)]
    fetched_profiles = _lookup_missing(catalog, missing_profiles, catalog.get_inference_profile, failures)

    entries = []
    for ref in refs:
        entry = _new_entry(ref, region)
        if ref.kind == FOUNDATION_MODEL:
            model = models.get(ref.id)
            entry["present"] = model is not None
            entry["model"] = model
            if model is not None:
                entry["inference_profiles"] = [_profile_brief(p) for p in catalog.profiles_for_model(ref.id)]
                entry["requires_inference_profile"] = not _on_demand(model) and (
                    bool(entry["inference_profiles"]) or "INFERENCE_PROFILE" in model["inference_types_supported"]
                )
                if _on_demand(model):
                    entry["invoke_resources"] = invoke_resources(region, model=model)
                elif entry["requires_inference_profile"]:
                    entry["suggestions"] = [p["id"] for p in entry["inference_profiles"]]
        else:
            profile = profiles.get(ref.id) if ref.kind == INFERENCE_PROFILE else None
            profile = profile or fetched_profiles.get(ref.arn or ref.id)
            entry["present"] = profile is not None
            entry["profile"] = profile
            if profile is not None:
                entry["model_id"] = entry["model_id"] or (profile["model_ids"][0] if profile["model_ids"] else None)
                entry["model"] = models.get(entry["model_id"])
                entry["requires_inference_profile"] = bool(entry["model"]) and not _on_demand(entry["model"])
                entry["inference_profiles"] = [_profile_brief(profile)]
                entry["invoke_resources"] = invoke_resources(region, profile=profile)
        if not entry["present"]:
            candidates = list(models) if ref.kind == FOUNDATION_MODEL else list(profiles) + list(models)
            entry["suggestions"] = closest_model_ids(ref.id, candidates)
        entries.append(entry)
    annotate_entries(entries, list(models.values()), catalog.list_inference_profiles(), region, now=now, warn_days=warn_days, known_dates=known_dates)
    for entry in entries:
        entry["warnings"] = [warning["message"] for warning in entry["lifecycle_warnings"]]

    if with_availability:
        wanted = [e["model_id"] for e in entries if e["present"] and e["model_id"] and not is_end_of_life(e)]
        for model_id, (answer, error) in catalog.get_availabilities(wanted).items():
            if error is not None and not isinstance(error, is_boto3_error_code("ResourceNotFoundException", e=error)):
                failures.append(DescribeFailure(model_id, error))
            for entry in entries:
                if entry["model_id"] == model_id and entry["present"]:
                    entry["availability"] = answer
    for entry in entries:
        entry["ready"], entry["reason"] = access_verdict(entry)
    return entries, failures


@BedrockErrorHandler.common_error_handler("read the Bedrock catalog of {region}")
def read_models(catalog, refs, region, warn_days=DEFAULT_WARN_DAYS):
    """``describe_models`` with the availability fields, any catalog failure raised as ``BedrockError``."""
    return describe_models(catalog, refs, region, warn_days=warn_days)


@BedrockErrorHandler.common_error_handler("read the agreement of {model_id}")
def read_availability(catalog, model_id):
    """GetFoundationModelAvailability of one model (normalized)."""
    return catalog.get_availability(model_id)


@BedrockErrorHandler.common_error_handler("list the foundation models of the providers")
def expand_providers(catalog, providers):
    """``({provider: [model IDs]}, [references])`` of every model the providers offer in the region."""
    by_provider, refs = {}, []
    for provider in providers:
        ids = [m["model_id"] for m in catalog.list_foundation_models(provider=provider)]
        by_provider[provider] = ids
        refs.extend(parse_reference(model_id) for model_id in ids)
    return by_provider, refs


def needs_use_case(provider_name):
    """Whether the provider's models need the account's use-case form (Anthropic's do)."""
    return (provider_name or "").strip().lower() in USE_CASE_PROVIDERS


def use_case_form(options):
    """The formData JSON object from the module's ``use_case`` option (None values left out)."""
    return {key: options[name] for name, key in USE_CASE_FIELDS if options.get(name) is not None}


def encode_use_case(form):
    """formData bytes (JSON, keys sorted): what PutUseCaseForModelAccess takes."""
    return json.dumps(form, sort_keys=True, separators=(",", ":")).encode("utf-8")


@BedrockErrorHandler.list_error_handler("read the account's use-case form for model access")
def _read_use_case(client):
    return client.get_use_case_for_model_access(aws_retry=True)


def get_use_case(client):
    """The account's submitted use-case form as a dict, or None when none was submitted.

    A form that is not a JSON object comes back as ``{"_raw": text}`` so it still compares unequal.
    """
    answer = _read_use_case(client)
    if answer is None:
        return None
    raw = answer.get("formData") or b""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    try:
        form = json.loads(text)
    except ValueError:
        return {"_raw": text}
    return form if isinstance(form, dict) else {"_raw": text}


@BedrockErrorHandler.common_error_handler("submit the account's use-case form")
def put_use_case(client, form):
    """Submit the account's use-case form (PutUseCaseForModelAccess)."""
    client.put_use_case_for_model_access(formData=encode_use_case(form), aws_retry=True)


@BedrockErrorHandler.common_error_handler("list the agreement offers of {model_id}")
def find_offer(client, model_id, offer_type="PUBLIC"):
    """The first agreement offer for the model (ListFoundationModelAgreementOffers), or None."""
    answer = client.list_foundation_model_agreement_offers(modelId=model_id, offerType=offer_type, aws_retry=True)
    offers = answer.get("offers") or []
    return offers[0] if offers else None


@BedrockErrorHandler.common_error_handler("create the agreement for {model_id}")
def create_agreement(client, model_id, offer_token):
    """Accept the offer (CreateFoundationModelAgreement). False when AWS answers ConflictException (in progress)."""
    try:
        client.create_foundation_model_agreement(modelId=model_id, offerToken=offer_token, aws_retry=True)
    except is_boto3_error_code("ConflictException"):
        return False
    return True


@BedrockErrorHandler.deletion_error_handler("delete the agreement for {model_id}")
def delete_agreement(client, model_id):
    """Delete the agreement (DeleteFoundationModelAgreement). False when none existed."""
    client.delete_foundation_model_agreement(modelId=model_id, aws_retry=True)
    return True

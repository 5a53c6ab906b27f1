#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: bedrock_model_access_info
short_description: Tell whether Amazon Bedrock models and inference profiles can be invoked in a region
version_added: 0.1.0
description:
  - For each model ID, inference-profile ID or ARN (or every model of the given providers), one task answers
    whether the region offers it, its lifecycle status, whether it needs an inference profile and which
    profiles carry it, the four availability fields of C(GetFoundationModelAvailability), one RV(models[].ready) verdict
    with a plain reason, and the resource ARNs an invoke policy needs.
  - Also returns RV(invoke_policy), the least-privilege IAM policy document that allows invoking every entry
    that can be invoked (see the P(ticketflow.bedrock.invoke_policy#filter) filter).
  - The region's model and profile lists are read once; availability is read for many models concurrently
    (O(max_concurrency) calls at once), each call retried with jittered backoff when throttled.
  - Every model gets its lifecycle as AWS states it in the region (C(modelLifecycle) - status and the four
    dates), the days left to legacy and to end of life, and the ACTIVE successors the region offers (same
    provider and family, newer, with the inference profile to call them through). A foundation model the region
    no longer lists and that is older than an ACTIVE model of its family is reported as past end of life, with
    its successors (AWS removes retired models from every region).
  - Read-only; never reports a change and runs in check mode.
  - Malformed identifiers, a region without Bedrock, a profile of another geography or an empty selection fail
    before any AWS call.
author:
  - TicketFlow platform team (@ticketflow)
options:
  models:
    description:
      - Foundation-model IDs (V(anthropic.claude-haiku-4-5-20251001-v1:0)), system-defined inference-profile IDs
        with their geography prefix (V(us.anthropic.claude-opus-4-5-20251101-v1:0), V(global.…)), or ARNs of
        foundation models, inference profiles or application inference profiles.
      - At least one of O(models) and O(providers) must select something.
    type: list
    elements: str
    default: []
  providers:
    description:
      - Also describe every foundation model these providers offer in the region (C(ListFoundationModels)
        with C(byProvider)), for example V(Anthropic) or V(Amazon).
    type: list
    elements: str
    default: []
  lifecycle_warning_days:
    description:
      - Warn about a model that becomes LEGACY or reaches end of life within this many days (and always about a
        LEGACY model). Dates come from AWS's C(modelLifecycle) answer in the region.
    type: int
    default: 90
  max_concurrency:
    description:
      - How many look-ups run at once. Keep it within the account's control-plane request rate; throttled
        calls are retried with jittered backoff.
    type: int
    default: 8
notes:
  - RV(models[].ready=true) means AWS reports the agreement AVAILABLE, the caller AUTHORIZED, the account entitled
    and the model offered in the region. It is not proof of access; a first invocation is
    (M(ticketflow.bedrock.bedrock_invoke_test)).
  - "Required IAM permissions: C(bedrock:ListFoundationModels), C(bedrock:GetFoundationModel),
    C(bedrock:ListInferenceProfiles), C(bedrock:GetInferenceProfile), C(bedrock:GetFoundationModelAvailability)."
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Check the TicketFlow models in us-east-1
  ticketflow.bedrock.bedrock_model_access_info:
    region: us-east-1
    models:
      - anthropic.claude-sonnet-4-6
      - anthropic.claude-haiku-4-5-20251001-v1:0
      - us.anthropic.claude-opus-4-5-20251101-v1:0
  register: access

- name: Stop unless every model can be invoked
  ansible.builtin.assert:
    that: access.ready
    fail_msg: "{{ access.models | rejectattr('ready') | map(attribute='reason') | list }}"

- name: Create the invoke-only policy from AWS's answer
  amazon.aws.iam_managed_policy:
    name: TicketFlowBedrockInvoke
    policy: "{{ access.invoke_policy | to_json }}"

- name: Warn six months ahead of any legacy or end-of-life date
  ticketflow.bedrock.bedrock_model_access_info:
    region: us-east-1
    models: [us.anthropic.claude-sonnet-4-6]
    lifecycle_warning_days: 180
  register: lifecycle

- name: Show what to move to
  ansible.builtin.debug:
    msg: "{{ lifecycle.lifecycle_warnings | map(attribute='message') | list }}"

- name: Describe every Anthropic model offered in eu-central-1
  ticketflow.bedrock.bedrock_model_access_info:
    region: eu-central-1
    providers: [Anthropic]
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
ready:
  description: Whether every entry is ready to be invoked (see RV(models[].ready)).
  returned: always
  type: bool
  sample: false
not_ready:
  description: The entries (as given) that are not ready.
  returned: always
  type: list
  elements: str
  sample: ["anthropic.claude-opus-4-6-v1"]
region:
  description: The region that was asked.
  returned: always
  type: str
  sample: us-east-1
providers:
  description: For each provider of O(providers), the model IDs it offers in the region.
  returned: always
  type: dict
  sample: {"Anthropic": ["anthropic.claude-haiku-4-5-20251001-v1:0"]}
invoke_policy:
  description:
    - IAM policy document allowing C(bedrock:InvokeModel) and C(bedrock:InvokeModelWithResponseStream) on exactly
      the resources of the entries that can be invoked (see RV(invoke_policy_excluded) for the others).
    - V(null) when no entry can be invoked.
  returned: always
  type: dict
  sample:
    Version: "2012-10-17"
    Statement:
      - Sid: InvokeOnDemandModels
        Effect: Allow
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"]
lifecycle_warnings:
  description:
    - Lifecycle warnings of every entry, machine-readable (see RV(models[].lifecycle_warnings)).
  returned: always
  type: list
  elements: dict
  sample:
    - code: model_legacy
      model_id: anthropic.claude-sonnet-4-5-20250929-v1:0
      date: "2027-04-08T00:00:00+00:00"
      days: 128
      message: "anthropic.claude-sonnet-4-5-20250929-v1:0 is LEGACY since 2026-10-08 and reaches end of life on
        2027-04-08 (in 128 days): ... Move to anthropic.claude-sonnet-4-6 via profile us.anthropic.claude-sonnet-4-6."
invoke_policy_excluded:
  description: Entries left out of RV(invoke_policy) because they cannot be invoked as given.
  returned: always
  type: list
  elements: str
models:
  description: One entry per model or profile, in the order given (provider models after).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The identifier as given.
      type: str
      sample: us.anthropic.claude-opus-4-5-20251101-v1:0
    kind:
      description: V(foundation_model), V(inference_profile) or V(application_inference_profile).
      type: str
    model_id:
      description: The foundation model the entry names or carries.
      type: str
      sample: anthropic.claude-opus-4-5-20251101-v1:0
    region:
      description: The region asked.
      type: str
    present:
      description: Whether the region offers the model or profile.
      type: bool
    ready:
      description:
        - Whether the entry can be invoked as given - present, invocable on demand or a profile, agreement
          AVAILABLE, caller AUTHORIZED, account entitled, offered in the region.
      type: bool
    reason:
      description: Why the entry is or is not ready, and what to do.
      type: str
      sample: "No agreement for anthropic.claude-haiku-4-5-20251001-v1:0 in us-east-1 (NOT_AVAILABLE): run
        ticketflow.bedrock.bedrock_model_access with state present."
    warnings:
      description: Lifecycle warnings in words (the messages of RV(models[].lifecycle_warnings)).
      type: list
      elements: str
    lifecycle:
      description:
        - The model's lifecycle in the region, from AWS's C(modelLifecycle). V(null) when unknown (an absent
          identifier that is not a retired member of a listed family, an application profile).
      type: dict
      contains:
        status:
          description: AWS's status (V(ACTIVE) or V(LEGACY)); V(null) for a model AWS no longer lists.
          type: str
        state:
          description: V(ACTIVE), V(LEGACY) or V(END_OF_LIFE) (past C(endOfLifeTime), or no longer listed).
          type: str
        start_of_life_time:
          description: C(startOfLifeTime), ISO 8601.
          type: str
        legacy_time:
          description: C(legacyTime), ISO 8601.
          type: str
        public_extended_access_time:
          description: C(publicExtendedAccessTime), ISO 8601.
          type: str
        end_of_life_time:
          description: C(endOfLifeTime), ISO 8601.
          type: str
        days_to_legacy:
          description: Whole days until C(legacyTime) (negative once passed), V(null) without a date.
          type: int
        days_to_end_of_life:
          description: Whole days until C(endOfLifeTime) (negative once passed), V(null) without a date.
          type: int
    successors:
      description:
        - ACTIVE models of the region in the same provider and family that are newer, newest first (read for
          LEGACY and retired models, and for models with a legacy date).
      type: list
      elements: dict
      contains:
        model_id:
          description: The successor's model ID.
          type: str
        model_name:
          description: Its name.
          type: str
        start_of_life_time:
          description: Its C(startOfLifeTime).
          type: str
        on_demand:
          description: Whether it can be invoked on demand by its model ID.
          type: bool
        inference_profiles:
          description: System-defined profiles of the region that carry it.
          type: list
          elements: str
        call_as:
          description: The ID to invoke from the region (the model, or the profile of the region's geography).
          type: str
    lifecycle_warnings:
      description:
        - Machine-readable lifecycle warnings - code (V(model_end_of_life), V(model_legacy),
          V(model_legacy_soon), V(model_end_of_life_soon)), model_id, message, date, days.
      type: list
      elements: dict
    requires_inference_profile:
      description: Whether the model cannot be invoked on demand by its model ID and needs an inference profile.
      type: bool
    inference_profiles:
      description: System-defined inference profiles of the region that carry the model (id, arn, geography).
      type: list
      elements: dict
    suggestions:
      description: Closest valid identifiers when the entry is absent, or the profiles to use instead of a bare
        model ID that needs one.
      type: list
      elements: str
    model:
      description:
        - The model as the region's catalog describes it (model_id, model_arn, model_name, provider_name,
          inference_types_supported, input_modalities, output_modalities, response_streaming_supported,
          lifecycle with status and dates). V(null) when absent.
      type: dict
    profile:
      description:
        - For a profile, AWS's description (id, arn, name, status, type, geography, model_arns, model_ids,
          destination_regions). V(null) otherwise.
      type: dict
    availability:
      description:
        - The four fields of C(GetFoundationModelAvailability) - agreement_status (AVAILABLE, PENDING,
          NOT_AVAILABLE, ERROR), agreement_error_message, authorization_status, entitlement_availability,
          region_availability. V(null) when absent.
      type: dict
    invoke_resources:
      description:
        - What an invoke policy must allow for this entry - profile_arn (V(null) for an on-demand model),
          model_arns (foundation-model ARNs; for a profile every destination region AWS lists) and
          global_model_arn (the region-less ARN of a global profile, else V(null)). V(null) when the entry
          cannot be invoked as given.
      type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.access_status import access_status
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import read_models
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import expand_providers
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import BedrockCatalog
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import bedrock_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_references
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import fail_with_diagnosis
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import unique_warnings


def read_access(module, catalog, refs, providers, warn_days):
    """(entries, {provider: ids}) for the selection; AWS failures raise ``BedrockError`` (an ``AnsibleAWSError``)."""
    region = module.region
    by_provider, provider_refs = expand_providers(catalog, providers)
    empty = [name for name, ids in by_provider.items() if not ids]
    if empty:
        offered = sorted({m["provider_name"] for m in catalog.list_foundation_models() if m["provider_name"]})
        module.fail_json(
            msg="No foundation model of provider %s is offered in %s. Providers offered there: %s." % (", ".join(empty), region, ", ".join(offered) or "none")
        )
    seen = {ref.text for ref in refs}
    for ref in provider_refs:
        if ref.text not in seen:
            seen.add(ref.text)
            refs = refs + [ref]
    entries, failures = read_models(catalog, refs, region, warn_days=warn_days)
    if failures:
        failure = failures[0]
        fail_with_diagnosis(
            module,
            failure.error,
            "Could not read %s in %s" % (failure.identifier, region),
            region=region,
            model_id=failure.identifier,
            known_model_ids=[m["model_id"] for m in catalog.list_foundation_models()],
        )
    return entries, by_provider


def main():
    argument_spec = dict(
        models=dict(type="list", elements="str", default=[]),
        providers=dict(type="list", elements="str", default=[]),
        lifecycle_warning_days=dict(type="int", default=90),
        max_concurrency=dict(type="int", default=8),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    if params["lifecycle_warning_days"] < 0:
        module.fail_json(msg="lifecycle_warning_days must be 0 or more (got %s)." % params["lifecycle_warning_days"])
    if params["max_concurrency"] < 1:
        module.fail_json(msg="max_concurrency must be at least 1 (got %s)." % params["max_concurrency"])
    if any(not (name or "").strip() for name in params["providers"]):
        module.fail_json(msg="providers holds an empty name; give provider names such as Anthropic or Amazon.")
    try:
        refs = validate_references(params["models"], module.region, allow_empty=bool(params["providers"]))
    except BedrockInputError as e:
        module.fail_json(msg=str(e))

    catalog = BedrockCatalog(bedrock_client(module), max_workers=params["max_concurrency"])
    try:
        entries, by_provider = read_access(module, catalog, refs, params["providers"], params["lifecycle_warning_days"])
    except AnsibleAWSError as e:
        fail_with_aws_error(module, e, "Could not read the Bedrock catalog of %s" % module.region, region=module.region)
    lifecycle_warnings = unique_warnings(entries)
    for warning in lifecycle_warnings:
        module.warn(warning["message"])

    module.exit_json(changed=False, **access_status(entries, region=module.region, providers=by_provider))


if __name__ == "__main__":
    main()

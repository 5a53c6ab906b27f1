#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: bedrock_model_access
short_description: Grant or remove access to Amazon Bedrock models in a region
version_added: 0.1.0
description:
  - With O(state=present), makes access to each model real in the region. When a model's provider needs the
    account's use-case form (Anthropic) and the account has none, submits the form built from O(use_case).
    Then accepts the model's agreement offer (C(ListFoundationModelAgreementOffers),
    C(CreateFoundationModelAgreement)) and waits, bounded by O(wait_timeout), until AWS reports the agreement
    AVAILABLE twice in a row. An agreement in ERROR is deleted and created again.
  - With O(state=absent), deletes the models' agreements in the region (C(DeleteFoundationModelAgreement)).
  - An existing use-case form that differs from O(use_case) is reported (RV(use_case.differs)) and only
    replaced with O(replace_use_case=true).
  - Idempotent - a model whose agreement is already AVAILABLE (or already absent) is left alone and the task
    reports no change.
  - In check mode, only reads (availability, offers, use-case form) are made and the result says what would be
    done.
  - Every model is checked before the first change - malformed identifiers, a region without Bedrock, a
    profile of another geography, an empty list, a model or profile the region does not offer, a missing
    use-case form or a model without an offer fail before any mutating call.
  - A model past end of life (or no longer listed and older than an ACTIVE model of its family) fails before
    any call that changes something, with the C(model_end_of_life) diagnosis - "retired on DATE, use X via
    profile Y". A LEGACY model, or one within O(lifecycle_warning_days) of legacy or end of life, gives a warning.
author:
  - TicketFlow platform team (@ticketflow)
options:
  models:
    description:
      - Foundation-model IDs, inference-profile IDs (the agreement is made for the model the profile carries)
        or their ARNs.
    type: list
    elements: str
    required: true
  state:
    description:
      - V(present) grants access and waits for it; V(absent) deletes the agreements.
    type: str
    choices: [present, absent]
    default: present
  use_case:
    description:
      - The account's use-case form, needed once per account (or per AWS Organization, in the management
        account) before Anthropic models can be used. Submitted when the account has none.
    type: dict
    suboptions:
      company_name:
        description: The company's legal name.
        type: str
        required: true
      company_website:
        description: The company's web site.
        type: str
        required: true
      intended_users:
        description: Who will use the models, as the form encodes it (for example V(0) for internal users).
        type: str
        required: true
      industry_option:
        description: The company's industry.
        type: str
        required: true
      other_industry_option:
        description: The industry in words when O(use_case.industry_option) is "other".
        type: str
      use_cases:
        description: What the models will be used for.
        type: str
        required: true
  replace_use_case:
    description:
      - Replace an existing use-case form that differs from O(use_case). Without it a difference is only reported.
    type: bool
    default: false
  offer_type:
    description:
      - Which agreement offers to consider (C(ListFoundationModelAgreementOffers) offerType). The first one is
        accepted.
    type: str
    choices: [PUBLIC, ALL]
    default: PUBLIC
  wait:
    description:
      - Wait until every agreement is AVAILABLE (O(state=present), two reads in a row) or gone
        (O(state=absent)).
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait in total, for all models. AWS can take up to 15 minutes to settle a new
        subscription.
    type: int
    default: 900
  wait_delay:
    description: Seconds between two availability reads while waiting.
    type: int
    default: 5
  lifecycle_warning_days:
    description:
      - Warn about a model that becomes LEGACY or reaches end of life within this many days (and always about a
        LEGACY model), from AWS's C(modelLifecycle) in the region.
      - A model past end of life always fails, before any change, with C(diagnosis) naming the date when known
        and the ACTIVE successors of the region with the profile to call them through.
    type: int
    default: 90
  max_concurrency:
    description: How many catalog and availability look-ups run at once.
    type: int
    default: 8
  check_marketplace_permissions:
    description:
      - Before making an agreement (a Marketplace subscription), ask IAM (C(iam:SimulatePrincipalPolicy) on the caller,
        for an assumed role on the role) whether the setup identity is allowed C(aws-marketplace:ViewSubscriptions) and
        C(aws-marketplace:Subscribe); fail before any change, naming the missing actions and the identity to grant them
        to (diagnosis V(marketplace_permissions_missing)).
      - When the simulation cannot run (the account root, or C(SimulatePrincipalPolicy) denied), the real call's answer
        decides. Needs C(sts:GetCallerIdentity), C(iam:SimulatePrincipalPolicy) and, for a role, C(iam:GetRole).
      - The runtime role and the dev user never need these permissions, and the collection never grants them.
    type: bool
    default: true
notes:
  - An AVAILABLE agreement is necessary, not sufficient; prove access with a first invocation
    (M(ticketflow.bedrock.bedrock_invoke_test)).
  - "Required IAM permissions: the read permissions of M(ticketflow.bedrock.bedrock_model_access_info) plus
    C(bedrock:ListFoundationModelAgreementOffers), C(bedrock:CreateFoundationModelAgreement),
    C(bedrock:DeleteFoundationModelAgreement), C(bedrock:GetUseCaseForModelAccess),
    C(bedrock:PutUseCaseForModelAccess), and the AWS Marketplace permissions C(aws-marketplace:Subscribe),
    C(aws-marketplace:Unsubscribe) and C(aws-marketplace:ViewSubscriptions)."
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Grant access to the TicketFlow models in us-east-1
  ticketflow.bedrock.bedrock_model_access:
    region: us-east-1
    models:
      - anthropic.claude-sonnet-4-6
      - anthropic.claude-haiku-4-5-20251001-v1:0
      - us.anthropic.claude-opus-4-5-20251101-v1:0
    use_case:
      company_name: TicketFlow Inc.
      company_website: https://ticketflow.example
      intended_users: "0"
      industry_option: Technology
      use_cases: Summarise and route customer support tickets.
    wait_timeout: 1200

- name: Only report what would change
  ticketflow.bedrock.bedrock_model_access:
    region: us-east-1
    models: [anthropic.claude-opus-4-6-v1]
  check_mode: true
  register: planned

- name: Remove access to a model
  ticketflow.bedrock.bedrock_model_access:
    region: us-east-1
    models: [anthropic.claude-opus-4-6-v1]
    state: absent
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
models:
  description: One entry per distinct model, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    model_id:
      description: The foundation model whose agreement was handled.
      type: str
      sample: anthropic.claude-haiku-4-5-20251001-v1:0
    requested_as:
      description: The identifiers of O(models) that named this model.
      type: list
      elements: str
    provider_name:
      description: The model's provider.
      type: str
      sample: Anthropic
    agreement_status_before:
      description: The agreement status read first (AVAILABLE, PENDING, NOT_AVAILABLE or ERROR).
      type: str
      sample: NOT_AVAILABLE
    agreement_status:
      description: The agreement status at the end (in check mode, the status the change would lead to).
      type: str
      sample: AVAILABLE
    action:
      description: >-
        What was (or in check mode would be) done - V(none), V(wait) (already PENDING), V(create), V(recreate)
        (ERROR agreement deleted and created again) or V(delete).
      type: str
      sample: create
    offer_id:
      description: The identifier of the accepted offer, when one was accepted.
      type: str
use_case:
  description: The account's use-case form.
  returned: always
  type: dict
  contains:
    submitted_before:
      description: Whether the account had a form before the task (V(null) with O(state=absent), which does not
        read it).
      type: bool
    differs:
      description: Whether the existing form differs from O(use_case).
      type: bool
    action:
      description: V(none), V(submit) or V(replace) (in check mode, what would be done).
      type: str
    required:
      description: Whether a selected model's provider needs the form.
      type: bool
    status:
      description:
        - The form in words - V(submitted), V(replaced), V(already submitted (inherited or earlier)) (a form of this
          account, or inherited from the Organization's management account), V(not needed) or V(missing).
      type: str
      sample: already submitted (inherited or earlier)
marketplace_permissions:
  description:
    - The AWS Marketplace permissions of the setup identity, asked of IAM (SimulatePrincipalPolicy) before any
      agreement is made. C(checked) false, with C(reason), when nothing was to be subscribed or the simulation could
      not run (the account root, or SimulatePrincipalPolicy denied); the real call's answer then decides.
  returned: always
  type: dict
  contains:
    checked:
      description: Whether IAM evaluated the permissions.
      type: bool
    identity:
      description: The caller's ARN.
      type: str
      sample: arn:aws:sts::123456789012:assumed-role/TicketFlowSetup/ci
    simulated_as:
      description: The user or role whose policies were evaluated (for an assumed role, the role).
      type: str
      sample: arn:aws:iam::123456789012:role/TicketFlowSetup
    missing:
      description: Required actions IAM does not allow (V(aws-marketplace:ViewSubscriptions), V(aws-marketplace:Subscribe)).
      type: list
      elements: str
    missing_recommended:
      description: Other documented actions not allowed (V(aws-marketplace:Unsubscribe)); a warning only.
      type: list
      elements: str
    decisions:
      description: IAM's decision per action (V(allowed), V(implicitDeny), V(explicitDeny)).
      type: dict
    reason:
      description: Why the permissions were not evaluated.
      type: str
lifecycle_warnings:
  description:
    - Lifecycle warnings of the models (code V(model_legacy), V(model_legacy_soon) or V(model_end_of_life_soon),
      model_id, message, date, days); see M(ticketflow.bedrock.bedrock_model_access_info).
  returned: success
  type: list
  elements: dict
status:
  description:
    - When O(state=present) and nothing changed, the status of the models as M(ticketflow.bedrock.bedrock_model_access_info)
      returns it for the same O(models) (C(region), C(ready), C(not_ready), C(models), C(providers), C(invoke_policy),
      C(invoke_policy_excluded), C(lifecycle_warnings)), from the reads this task made, so a play need not read them
      again. V(null) when something changed (read the models again) or for O(state=absent).
  returned: success
  type: dict
"""

import time

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils.access_status import access_status
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import create_agreement
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import delete_agreement
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import find_offer
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import get_use_case
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import needs_use_case
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import put_use_case
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import read_availability
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import read_models
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_access import use_case_form
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import BedrockCatalog
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_catalog import bedrock_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import BedrockInputError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import validate_references
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import fail_with_diagnosis
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import make_diagnosis
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.marketplace_permissions import check_permissions
from ansible_collections.ticketflow.bedrock.plugins.module_utils.marketplace_permissions import missing_message
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import end_of_life_diagnosis
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import is_end_of_life
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import unique_warnings
from ansible_collections.ticketflow.bedrock.plugins.module_utils.waiting import WaitTimeout
from ansible_collections.ticketflow.bedrock.plugins.module_utils.waiting import wait_until

# agreement status read first -> action for state=present
PRESENT_ACTIONS = {"AVAILABLE": "none", "PENDING": "wait", "NOT_AVAILABLE": "create", "ERROR": "recreate"}


class ModelAccess:
    """The plan and its execution for one task."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.region = module.region
        self.client = bedrock_client(module)
        self.catalog = BedrockCatalog(self.client, max_workers=self.params["max_concurrency"])
        self.check_mode = module.check_mode
        self.lifecycle_warnings = []
        self.doing = ("Could not reach Amazon Bedrock in %s" % self.region, None)

    def fail_aws(self, error, msg, model_id=None):
        fail_with_diagnosis(self.module, error, msg, region=self.region, model_id=model_id)

    def step(self, msg, model_id=None):
        """Say what the next AWS calls do: main's one handler of ``AnsibleAWSError`` fails with it."""
        self.doing = (msg, model_id)

    # --- reading -------------------------------------------------------------------------------

    def read_models(self, refs):
        """One plan entry per distinct model ID; fails when any identifier is not offered in the region."""
        self.step("Could not read the Bedrock catalog of %s" % self.region)
        entries, failures = read_models(self.catalog, refs, self.region, warn_days=self.params["lifecycle_warning_days"])
        if failures:
            self.fail_aws(failures[0].error, "Could not read %s in %s" % (failures[0].identifier, self.region), model_id=failures[0].identifier)
        retired = [e for e in entries if is_end_of_life(e)]
        if retired:
            diagnoses = [end_of_life_diagnosis(e, self.region) for e in retired]
            self.module.fail_json(
                msg="Nothing was changed [model_end_of_life]: %s" % " ".join(d["summary"] for d in diagnoses),
                diagnosis=diagnoses[0],
                diagnoses=diagnoses,
                models=[
                    {
                        "id": e["id"],
                        "lifecycle": e["lifecycle"],
                        "successors": e["successors"],
                        "suggestions": [s["call_as"] or s["model_id"] for s in e["successors"]],
                    }
                    for e in retired
                ],
            )
        self.entries = entries
        self.lifecycle_warnings = unique_warnings(entries)
        for warning in self.lifecycle_warnings:
            self.module.warn(warning["message"])
        absent = [e for e in entries if not e["present"]]
        if absent:
            self.module.fail_json(
                msg="Nothing was changed: %s" % " ".join(e["reason"] for e in absent), models=[{"id": e["id"], "suggestions": e["suggestions"]} for e in absent]
            )
        unreadable = [e["model_id"] for e in entries if e["availability"] is None]
        if unreadable:
            self.module.fail_json(msg="Nothing was changed: the availability of %s could not be read in %s." % (", ".join(unreadable), self.region))
        plan = {}
        for entry in entries:
            item = plan.setdefault(
                entry["model_id"],
                {
                    "model_id": entry["model_id"],
                    "requested_as": [],
                    "provider_name": (entry["model"] or {}).get("provider_name"),
                    "agreement_status_before": entry["availability"]["agreement_status"],
                    "agreement_status": entry["availability"]["agreement_status"],
                    "action": "none",
                    "offer_id": None,
                },
            )
            item["requested_as"].append(entry["id"])
        return list(plan.values())

    def read_availability(self, model_id):
        self.step("Could not read the agreement of %s in %s" % (model_id, self.region), model_id=model_id)
        return read_availability(self.catalog, model_id)

    # --- use-case form -------------------------------------------------------------------------

    def plan_use_case(self, plan):
        """The use-case part of the plan; fails (before any change) when a needed form is missing."""
        wanted = use_case_form(self.params["use_case"]) if self.params["use_case"] else None
        required = any(needs_use_case(item["provider_name"]) for item in plan if item["action"] in ("create", "recreate"))
        state = {"required": required, "submitted_before": False, "differs": False, "action": "none", "form": wanted}
        if not required and wanted is None:
            return state
        self.step("Could not read the account's use-case form for model access")
        current = get_use_case(self.client)
        state["submitted_before"] = current is not None
        if current is None:
            if wanted is None:
                providers = sorted({i["provider_name"] for i in plan if needs_use_case(i["provider_name"])})
                self.module.fail_json(
                    msg="Nothing was changed: %s models need the account's use-case form and none was submitted "
                    "in this account. Set use_case (company_name, company_website, intended_users, "
                    "industry_option, use_cases) so the module submits it." % ", ".join(providers),
                    use_case={k: v for k, v in state.items() if k != "form"},
                )
            state["action"] = "submit"
        elif wanted is not None and current != wanted:
            state["differs"] = True
            if self.params["replace_use_case"]:
                state["action"] = "replace"
            else:
                self.module.warn("The account's use-case form differs from the use_case option; it was kept. Set replace_use_case to true to replace it.")
        state["current"] = current
        return state

    # --- Marketplace permissions of the setup identity ----------------------------------------

    def plan_marketplace(self, plan):
        """Ask IAM, before any change, whether the caller may subscribe the account; fails naming what is missing."""
        subscribing = [i["model_id"] for i in plan if i["action"] in ("create", "recreate")]
        if not subscribing or not self.params["check_marketplace_permissions"]:
            return {"checked": False, "reason": "no agreement to make" if not subscribing else "check_marketplace_permissions is false"}
        self.step("Could not check the Marketplace permissions of the setup identity")
        result = check_permissions(aws_client(self.module, "sts"), lambda: aws_client(self.module, "iam"))
        if result["missing"]:
            message = missing_message(result, self.region)
            self.module.fail_json(
                msg="Nothing was changed [marketplace_permissions_missing]: %s" % message,
                diagnosis=make_diagnosis(
                    "marketplace_permissions_missing", summary=message, missing_permissions=result["missing"], principal=result["simulated_as"]
                ),
                marketplace_permissions=result,
                models=self.public(plan),
            )
        if result["missing_recommended"]:
            self.module.warn(
                "The setup identity %s is not allowed %s, which AWS documents for Marketplace model access "
                "(it may be needed to manage the subscription later)." % (result["identity"], ", ".join(result["missing_recommended"]))
            )
        return result

    # --- state=present -------------------------------------------------------------------------

    def plan_present(self, plan):
        for item in plan:
            item["action"] = PRESENT_ACTIONS.get(item["agreement_status_before"], "create")
        for item in plan:
            if item["action"] not in ("create", "recreate"):
                continue
            self.step("Could not list the agreement offers of %s" % item["model_id"], model_id=item["model_id"])
            offer = find_offer(self.client, item["model_id"], self.params["offer_type"])
            if offer is None:
                self.module.fail_json(
                    msg="Nothing was changed: AWS lists no %s agreement offer for %s in %s; try offer_type ALL or "
                    "another region." % (self.params["offer_type"], item["model_id"], self.region)
                )
            item["offer_id"] = offer.get("offerId")
            item["_offer_token"] = offer["offerToken"]

    def apply_present(self, plan, use_case):
        if use_case["action"] in ("submit", "replace"):
            self.step("Could not submit the account's use-case form")
            put_use_case(self.client, use_case["form"])
        for item in plan:
            self.step("Could not create the agreement for %s in %s" % (item["model_id"], self.region), model_id=item["model_id"])
            if item["action"] == "recreate":
                delete_agreement(self.client, item["model_id"])
            if item["action"] in ("create", "recreate"):
                create_agreement(self.client, item["model_id"], item["_offer_token"])

    def wait_for(self, plan, target, consecutive):
        """Wait until every acted-on model reads ``target``; all models share one timeout."""
        deadline = time.monotonic() + self.params["wait_timeout"]
        for item in plan:
            if item["action"] == "none" and not item.get("_touched"):
                continue
            try:
                last = wait_until(
                    lambda model_id=item["model_id"]: self.read_availability(model_id),
                    lambda answer: answer["agreement_status"] == target,
                    timeout=max(0, deadline - time.monotonic()),
                    delay=self.params["wait_delay"],
                    consecutive=consecutive,
                    is_failed=lambda answer: target == "AVAILABLE" and answer["agreement_status"] == "ERROR",
                )
            except WaitTimeout as e:
                status = e.last["agreement_status"] if e.last else "unknown"
                self.module.fail_json(
                    msg="The agreement for %s in %s is still %s after waiting %s seconds (target %s). The request was "
                    "made; run the task again later (it is idempotent) or raise wait_timeout."
                    % (item["model_id"], self.region, status, self.params["wait_timeout"], target),
                    changed=True,
                    models=self.public(plan),
                )
            item["agreement_status"] = last["agreement_status"]
            if last["agreement_status"] == "ERROR" and target == "AVAILABLE":
                self.module.fail_json(
                    msg="The agreement for %s in %s went to ERROR: %s. Check the account's AWS Marketplace permissions "
                    "(aws-marketplace:Subscribe, ViewSubscriptions) and payment method, then run the task again "
                    "(an ERROR agreement is recreated)." % (item["model_id"], self.region, last.get("agreement_error_message") or "no message"),
                    changed=True,
                    models=self.public(plan),
                )

    # --- state=absent --------------------------------------------------------------------------

    def plan_absent(self, plan):
        for item in plan:
            item["action"] = "none" if item["agreement_status_before"] == "NOT_AVAILABLE" else "delete"

    def apply_absent(self, plan):
        for item in plan:
            if item["action"] != "delete":
                continue
            item["_touched"] = True
            self.step("Could not delete the agreement for %s in %s" % (item["model_id"], self.region), model_id=item["model_id"])
            if not delete_agreement(self.client, item["model_id"]):
                item["action"] = "none"  # AWS had no agreement to delete: already gone

    # --- result ---------------------------------------------------------------------------------

    @staticmethod
    def public(plan):
        return [{k: v for k, v in item.items() if not k.startswith("_")} for item in plan]

    def run(self, refs):
        plan = self.read_models(refs)
        present = self.params["state"] == "present"
        if present:
            self.plan_present(plan)
            use_case = self.plan_use_case(plan)
            marketplace = self.plan_marketplace(plan)
        else:
            self.plan_absent(plan)
            use_case = {"required": False, "submitted_before": None, "differs": False, "action": "none"}
            marketplace = {"checked": False, "reason": "state=absent subscribes nothing"}
        before = {"agreements": {i["model_id"]: i["agreement_status_before"] for i in plan}}
        if self.check_mode:
            for item in plan:
                if item["action"] in ("create", "recreate", "wait"):
                    item["agreement_status"] = "AVAILABLE"
                elif item["action"] == "delete":
                    item["agreement_status"] = "NOT_AVAILABLE"
        else:
            if present:
                self.apply_present(plan, use_case)
            else:
                self.apply_absent(plan)
            if self.params["wait"]:
                self.wait_for(plan, "AVAILABLE" if present else "NOT_AVAILABLE", 2 if present else 1)
            else:
                for item in plan:
                    if item["action"] != "none" or item.get("_touched"):
                        item["agreement_status"] = self.read_availability(item["model_id"])["agreement_status"]
        changed = any(item["action"] not in ("none", "wait") for item in plan) or use_case["action"] != "none"
        after = {"agreements": {i["model_id"]: i["agreement_status"] for i in plan}}
        if present and (use_case["action"] != "none" or use_case.get("form") is not None):
            before["use_case"] = use_case.get("current")
            after["use_case"] = use_case["form"] if use_case["action"] != "none" else use_case.get("current")
        self.module.exit_json(
            changed=changed,
            models=self.public(plan),
            use_case=dict({k: use_case[k] for k in ("required", "submitted_before", "differs", "action")}, status=use_case_status(use_case)),
            marketplace_permissions=marketplace,
            lifecycle_warnings=self.lifecycle_warnings,
            # Nothing changed: what was read is what AWS holds, as bedrock_model_access_info would return it.
            status=access_status(self.entries, region=self.region) if not changed and present else None,
            diff={"before": before, "after": after},
        )


def use_case_status(use_case):
    """The form's state in words: an existing form is "already submitted (inherited or earlier)"."""
    if use_case["action"] == "submit":
        return "submitted"
    if use_case["action"] == "replace":
        return "replaced"
    if use_case.get("submitted_before"):
        return "already submitted (inherited or earlier)"
    return "not needed" if not use_case.get("required") else "missing"


def main():
    use_case_options = dict(
        company_name=dict(type="str", required=True),
        company_website=dict(type="str", required=True),
        intended_users=dict(type="str", required=True),
        industry_option=dict(type="str", required=True),
        other_industry_option=dict(type="str"),
        use_cases=dict(type="str", required=True),
    )
    argument_spec = dict(
        models=dict(type="list", elements="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        use_case=dict(type="dict", options=use_case_options),
        replace_use_case=dict(type="bool", default=False),
        offer_type=dict(type="str", choices=["PUBLIC", "ALL"], default="PUBLIC"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=900),
        wait_delay=dict(type="int", default=5),
        lifecycle_warning_days=dict(type="int", default=90),
        max_concurrency=dict(type="int", default=8),
        check_marketplace_permissions=dict(type="bool", default=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    for name, minimum in (("wait_timeout", 0), ("wait_delay", 0), ("max_concurrency", 1), ("lifecycle_warning_days", 0)):
        if params[name] < minimum:
            module.fail_json(msg="%s must be at least %s (got %s)." % (name, minimum, params[name]))
    try:
        refs = validate_references(params["models"], module.region)
    except BedrockInputError as e:
        module.fail_json(msg=str(e))
    access = ModelAccess(module)
    try:
        access.run(refs)
    except AnsibleAWSError as e:
        msg, model_id = access.doing
        fail_with_aws_error(module, e, msg, region=module.region, model_id=model_id)


if __name__ == "__main__":
    main()

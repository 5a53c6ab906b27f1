"""Guardrails state, per account and Region: each guardrail's DRAFT, its numbered versions,
and the account-level enforced guardrail configurations (moto's "models" layer).

A guardrail is created as DRAFT (version ``DRAFT``); UpdateGuardrail changes the DRAFT;
CreateGuardrailVersion freezes a copy of the DRAFT as the next number (1, 2, ...), numbers
never reused. AWS answers status ``READY`` once a create/update/version completes; the
local endpoint completes them at once (AWS shows CREATING/UPDATING/VERSIONING briefly).
"""

from __future__ import annotations

import copy
import datetime
import secrets
import string
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

from moto.core.base_backend import BackendDict, BaseBackend

# The configuration members CreateGuardrail / UpdateGuardrail take, and the members
# GetGuardrail answers them as (AWS renames ``...PolicyConfig`` to ``...Policy`` and the
# lists inside: ``piiEntitiesConfig`` -> ``piiEntities``, ...).
POLICY_MEMBERS = {
    "topicPolicyConfig": ("topicPolicy", {"topicsConfig": "topics"}),
    "contentPolicyConfig": ("contentPolicy", {"filtersConfig": "filters"}),
    "wordPolicyConfig": ("wordPolicy", {"wordsConfig": "words", "managedWordListsConfig": "managedWordLists"}),
    "sensitiveInformationPolicyConfig": ("sensitiveInformationPolicy", {"piiEntitiesConfig": "piiEntities", "regexesConfig": "regexes"}),
    "contextualGroundingPolicyConfig": ("contextualGroundingPolicy", {"filtersConfig": "filters"}),
}
CONFIG_MEMBERS = ("name", "description", "blockedInputMessaging", "blockedOutputsMessaging", "kmsKeyId", *POLICY_MEMBERS)

_ID_ALPHABET = string.ascii_lowercase + string.digits


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def new_guardrail_id() -> str:
    """Twelve lowercase letters and digits, as AWS's guardrail IDs look (e.g. ``hu1dlsv9wy1d``)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


@dataclass
class GuardrailVersion:
    """The DRAFT or one numbered version: a frozen configuration."""

    version: str
    config: dict[str, Any]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    description: Optional[str] = None  # a numbered version's own description

    def policy(self, member: str) -> Optional[dict[str, Any]]:
        return self.config.get(member)


@dataclass
class Guardrail:
    guardrail_id: str
    arn: str
    draft: GuardrailVersion
    tags: list[dict[str, str]] = field(default_factory=list)
    versions: dict[int, GuardrailVersion] = field(default_factory=dict)
    last_number: int = 0

    def version(self, version: Optional[str]) -> Optional[GuardrailVersion]:
        if version in (None, "", "DRAFT"):
            return self.draft
        return self.versions.get(int(version)) if str(version).isdigit() else None

    def latest(self) -> GuardrailVersion:
        """The newest version (the DRAFT counts as newest: ListGuardrails lists it)."""
        return self.draft

    def publish(self, description: Optional[str]) -> GuardrailVersion:
        self.last_number += 1
        now = _now()
        frozen = GuardrailVersion(str(self.last_number), copy.deepcopy(self.draft.config), now, now, description)
        self.versions[self.last_number] = frozen
        return frozen


@dataclass
class EnforcedConfiguration:
    """One account-level enforced guardrail configuration of a Region."""

    config_id: str
    guardrail: Guardrail
    guardrail_version: str
    input_tags: str
    selective_content_guarding: Optional[dict[str, Any]]
    model_enforcement: Optional[dict[str, Any]]
    created_at: datetime.datetime
    created_by: str
    updated_at: datetime.datetime
    updated_by: str


class GuardrailBackend(BaseBackend):
    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.guardrails: dict[str, Guardrail] = {}
        self.enforced: dict[str, EnforcedConfiguration] = {}
        self.lock = threading.Lock()

    def arn(self, guardrail_id: str) -> str:
        return f"arn:aws:bedrock:{self.region_name}:{self.account_id}:guardrail/{guardrail_id}"

    def create(self, config: dict[str, Any], tags: list[dict[str, str]]) -> Guardrail:
        with self.lock:
            guardrail_id = new_guardrail_id()
            now = _now()
            guardrail = Guardrail(guardrail_id, self.arn(guardrail_id), GuardrailVersion("DRAFT", config, now, now), list(tags))
            self.guardrails[guardrail_id] = guardrail
            return guardrail

    def by_name(self, name: str) -> Optional[Guardrail]:
        return next((g for g in self.guardrails.values() if g.draft.config.get("name") == name), None)

    def find(self, identifier: str) -> Optional[Guardrail]:
        """By ID, or by ARN of this account and Region."""
        if identifier.startswith("arn:"):
            prefix, _, guardrail_id = identifier.rpartition("/")
            if prefix != self.arn("").rstrip("/"):
                return None
            identifier = guardrail_id
        return self.guardrails.get(identifier)


guardrail_backends = BackendDict(GuardrailBackend, "bedrock")


def backend(account_id: str, region: str) -> GuardrailBackend:
    return guardrail_backends[account_id][region]

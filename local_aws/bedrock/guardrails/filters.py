"""What a guardrail version does to a text: the assessment ApplyGuardrail answers.

The policies AWS evaluates with ML models are approximated by deterministic
rules, enough to prove what a caller does with the outcome (documented in
local_aws/docs/bedrock.md; the detectors are simplifications, not AWS's):

- sensitive information: PII entities found by patterns (EMAIL, PHONE,
  CREDIT_DEBIT_CARD_NUMBER with the Luhn check, US_SOCIAL_SECURITY_NUMBER,
  IP_ADDRESS, AWS_ACCESS_KEY, NAME after "my name is"/"name:", ADDRESS as a
  house number and a street word) and the guardrail's own regexes. Action per
  entity: ``inputAction``/``outputAction`` (else ``action``); ``ANONYMIZE``
  replaces the match with ``{TYPE}`` (the regex's name for a regex), ``BLOCK``
  blocks the whole text; ``inputEnabled``/``outputEnabled`` false skips a side;
- content filters: ``PROMPT_ATTACK`` on input only (AWS: prompt-attack filters
  apply to input; its output strength must be NONE), phrases such as "ignore
  previous instructions"; other categories are not detected locally;
- denied topics: the topic's name or one of its examples in the text
  (case-insensitive); words: custom words as whole words, the managed
  PROFANITY list as a short list.

Outcome: any BLOCK -> ``GUARDRAIL_INTERVENED`` and the blocked message for the
side (``blockedInputMessaging`` / ``blockedOutputsMessaging``); only ANONYMIZE
-> ``GUARDRAIL_INTERVENED`` and the masked text; nothing -> ``NONE``.
Usage: one text unit per policy configured per 1,000 characters (AWS's unit).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from local_aws.bedrock.guardrails.models import GuardrailVersion

PII_PATTERNS: dict[str, re.Pattern[str]] = {
    "EMAIL": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    "US_SOCIAL_SECURITY_NUMBER": re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),
    "CREDIT_DEBIT_CARD_NUMBER": re.compile(r"\b(?:\d[ -]?){12,18}\d\b"),
    "PHONE": re.compile(r"(?<![\w-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]\d{3}[ .-]\d{4}\b"),
    "IP_ADDRESS": re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"),
    "AWS_ACCESS_KEY": re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    "NAME": re.compile(r"(?:(?<=my name is )|(?<=My name is )|(?<=Name: )|(?<=name: ))[A-Z][a-z]+(?: [A-Z][a-z]+)?"),
    "ADDRESS": re.compile(r"\b\d{1,5} (?:[A-Z][a-z]+ )+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way)\b\.?"),
}
PROMPT_ATTACKS = re.compile(
    r"ignore (?:all |the |any )?(?:previous|prior|above|earlier) (?:instructions|prompts?)|disregard (?:all |your )?"
    r"(?:previous |prior )?instructions|you are now (?:in )?(?:developer|dan|jailbreak)|reveal (?:your|the) system prompt",
    re.IGNORECASE,
)
PROFANITY = ("damn", "crap", "bastard")

BLOCKED, ANONYMIZED, NONE = "BLOCKED", "ANONYMIZED", "NONE"
INTERVENED = "GUARDRAIL_INTERVENED"


def _luhn(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for index, char in enumerate(digits):
        value = int(char)
        if index % 2 == parity:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _side_action(entry: dict[str, Any], source: str) -> Optional[str]:
    """The entry's action on this side (INPUT/OUTPUT), or None when that side is off."""
    side = "input" if source == "INPUT" else "output"
    if entry.get(f"{side}Enabled") is False:
        return None
    action = entry.get(f"{side}Action") or entry.get("action") or "BLOCK"
    return None if action == "NONE" else action


@dataclass
class Finding:
    start: int
    end: int
    label: str
    action: str  # BLOCK or ANONYMIZE


@dataclass
class Outcome:
    action: str
    outputs: list[dict[str, str]]
    assessment: dict[str, Any]
    usage: dict[str, int]
    blocked: bool = False
    masked: list[str] = field(default_factory=list)

    @property
    def intervened(self) -> bool:
        return self.action == INTERVENED


def _pii_findings(config: dict[str, Any], text: str, source: str) -> tuple[list[Finding], list[dict[str, Any]], list[dict[str, Any]]]:
    findings: list[Finding] = []
    entities: list[dict[str, Any]] = []
    regexes: list[dict[str, Any]] = []
    for entry in config.get("piiEntitiesConfig") or []:
        action = _side_action(entry, source)
        pattern = PII_PATTERNS.get(entry.get("type", ""))
        if action is None or pattern is None:
            continue
        for match in pattern.finditer(text):
            if entry["type"] == "CREDIT_DEBIT_CARD_NUMBER" and not _luhn(re.sub(r"\D", "", match.group())):
                continue
            findings.append(Finding(match.start(), match.end(), entry["type"], action))
            entities.append({"match": match.group(), "type": entry["type"], "action": _past(action), "detected": True})
    for entry in config.get("regexesConfig") or []:
        action = _side_action(entry, source)
        if action is None:
            continue
        for match in re.finditer(entry["pattern"], text):
            findings.append(Finding(match.start(), match.end(), entry["name"], action))
            regexes.append({"name": entry["name"], "match": match.group(), "regex": entry["pattern"], "action": _past(action), "detected": True})
    return findings, entities, regexes


def _past(action: str) -> str:
    return {"BLOCK": BLOCKED, "ANONYMIZE": ANONYMIZED}.get(action, NONE)


def _mask(text: str, findings: list[Finding]) -> str:
    """``text`` with each ANONYMIZE finding replaced by ``{LABEL}`` (overlaps: the first one wins)."""
    pieces, cursor = [], 0
    for finding in sorted((f for f in findings if f.action == "ANONYMIZE"), key=lambda f: (f.start, -f.end)):
        if finding.start < cursor:
            continue
        pieces += [text[cursor : finding.start], "{" + finding.label + "}"]
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _whole_word(word: str, text: str) -> Optional[str]:
    match = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.IGNORECASE)
    return match.group() if match else None


def evaluate(version: GuardrailVersion, source: str, texts: list[str]) -> Outcome:
    """Apply ``version`` to ``texts`` coming from ``source`` (INPUT or OUTPUT)."""
    config = version.config
    joined = "\n".join(texts)
    assessment: dict[str, Any] = {}
    blocked = False
    findings_by_text: list[list[Finding]] = []

    sensitive = config.get("sensitiveInformationPolicyConfig")
    if sensitive:
        entities: list[dict[str, Any]] = []
        regexes: list[dict[str, Any]] = []
        for text in texts:
            found, text_entities, text_regexes = _pii_findings(sensitive, text, source)
            findings_by_text.append(found)
            entities += text_entities
            regexes += text_regexes
            blocked = blocked or any(f.action == "BLOCK" for f in found)
        if entities or regexes:
            assessment["sensitiveInformationPolicy"] = {"piiEntities": entities, "regexes": regexes}

    content = config.get("contentPolicyConfig")
    if content:
        filters = []
        for entry in content.get("filtersConfig") or []:
            strength = entry.get("inputStrength" if source == "INPUT" else "outputStrength", "NONE")
            if entry.get("type") != "PROMPT_ATTACK" or source != "INPUT" or strength == "NONE" or _side_action(entry, source) is None:
                continue
            if PROMPT_ATTACKS.search(joined):
                filters.append({"type": "PROMPT_ATTACK", "confidence": "HIGH", "filterStrength": strength, "action": BLOCKED, "detected": True})
                blocked = True
        if filters:
            assessment["contentPolicy"] = {"filters": filters}

    topics_config = config.get("topicPolicyConfig")
    if topics_config:
        topics = []
        for entry in topics_config.get("topicsConfig") or []:
            if _side_action(entry, source) is None:
                continue
            if any(_whole_word(phrase, joined) for phrase in [entry["name"], *(entry.get("examples") or [])]):
                topics.append({"name": entry["name"], "type": "DENY", "action": BLOCKED, "detected": True})
                blocked = True
        if topics:
            assessment["topicPolicy"] = {"topics": topics}

    words_config = config.get("wordPolicyConfig")
    if words_config:
        custom, managed = [], []
        for entry in words_config.get("wordsConfig") or []:
            match = _whole_word(entry["text"], joined) if _side_action(entry, source) else None
            if match:
                custom.append({"match": match, "action": BLOCKED, "detected": True})
        for entry in words_config.get("managedWordListsConfig") or []:
            if entry.get("type") != "PROFANITY" or _side_action(entry, source) is None:
                continue
            for word in PROFANITY:
                match = _whole_word(word, joined)
                if match:
                    managed.append({"match": match, "type": "PROFANITY", "action": BLOCKED, "detected": True})
        if custom or managed:
            assessment["wordPolicy"] = {"customWords": custom, "managedWordLists": managed}
            blocked = True

    usage = _usage(config, joined)
    if blocked:
        message = config["blockedInputMessaging"] if source == "INPUT" else config["blockedOutputsMessaging"]
        return Outcome(INTERVENED, [{"text": message}], assessment, usage, blocked=True)
    if any(f.action == "ANONYMIZE" for found in findings_by_text for f in found):
        masked = [_mask(text, found) for text, found in zip(texts, findings_by_text)]
        return Outcome(INTERVENED, [{"text": text} for text in masked], assessment, usage, masked=masked)
    return Outcome("NONE", [], assessment, usage)


def _usage(config: dict[str, Any], text: str) -> dict[str, int]:
    units = max(1, math.ceil(len(text) / 1000))
    usage = {
        "topicPolicyUnits": units if config.get("topicPolicyConfig") else 0,
        "contentPolicyUnits": units if config.get("contentPolicyConfig") else 0,
        "wordPolicyUnits": units if (config.get("wordPolicyConfig") or {}).get("wordsConfig") else 0,
        "sensitiveInformationPolicyUnits": units if (config.get("sensitiveInformationPolicyConfig") or {}).get("regexesConfig") else 0,
        "sensitiveInformationPolicyFreeUnits": units if (config.get("sensitiveInformationPolicyConfig") or {}).get("piiEntitiesConfig") else 0,
        "contextualGroundingPolicyUnits": units if config.get("contextualGroundingPolicyConfig") else 0,
    }
    return usage

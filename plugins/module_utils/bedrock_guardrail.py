# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Amazon Bedrock guardrails: the configuration a module asks for, the one AWS holds, and
the calls that bring one to the other.

- ``desired_config(params)``: the module's options, checked (before any AWS call)
  and turned into CreateGuardrail/UpdateGuardrail's request members;
- ``config_from_api(get_response)``: GetGuardrail's answer turned into the same
  canonical form (AWS answers ``...Policy`` with renamed lists and fills in
  per-side actions and modalities), so the two compare with ``==``;
- ``find_guardrail``/``numbered_versions``/``get_version``: read state
  (ListGuardrails paginated, GetGuardrail);
- ``create``/``update``/``publish``/``delete``: the mutating calls.

A numbered version is published only when the DRAFT differs from the newest
numbered version (or there is none): versions are immutable snapshots, and
publishing identical ones on every run would burn the 20-version quota.
"""

import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import BedrockErrorHandler

NAME_RE = re.compile(r"^[0-9a-zA-Z_-]{1,50}$")
PII_TYPES = (
    "ADDRESS",
    "AGE",
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "CA_HEALTH_NUMBER",
    "CA_SOCIAL_INSURANCE_NUMBER",
    "CREDIT_DEBIT_CARD_CVV",
    "CREDIT_DEBIT_CARD_EXPIRY",
    "CREDIT_DEBIT_CARD_NUMBER",
    "DRIVER_ID",
    "EMAIL",
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    "IP_ADDRESS",
    "LICENSE_PLATE",
    "MAC_ADDRESS",
    "NAME",
    "PASSWORD",
    "PHONE",
    "PIN",
    "SWIFT_CODE",
    "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    "UK_NATIONAL_INSURANCE_NUMBER",
    "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    "URL",
    "USERNAME",
    "US_BANK_ACCOUNT_NUMBER",
    "US_BANK_ROUTING_NUMBER",
    "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    "US_PASSPORT_NUMBER",
    "US_SOCIAL_SECURITY_NUMBER",
    "VEHICLE_IDENTIFICATION_NUMBER",
)  # botocore's GuardrailPiiEntityType enum
PII_ACTIONS = ("BLOCK", "ANONYMIZE", "NONE")
STRENGTHS = ("NONE", "LOW", "MEDIUM", "HIGH")
CONTENT_TYPES = ("SEXUAL", "VIOLENCE", "HATE", "INSULTS", "MISCONDUCT")
MESSAGE_MAX = 500


class GuardrailInputError(ValueError):
    """Module input that cannot make a valid guardrail."""


def _non_empty(document):
    """``document`` without its empty lists (the API refuses a list of length 0)."""
    return dict((k, v) for k, v in document.items() if v != [])


def _message(params, option):
    text = params.get(option)
    if text is None or not 1 <= len(text) <= MESSAGE_MAX:
        raise GuardrailInputError(
            "%s must be 1 to %d characters: it is what the caller receives when the guardrail blocks a %s."
            % (option, MESSAGE_MAX, "prompt" if option == "blocked_input_message" else "model answer")
        )
    return text


def _pii(entry):
    kind = (entry.get("type") or "").upper()
    if kind not in PII_TYPES:
        raise GuardrailInputError("pii_entities: type %r is not a Bedrock PII entity type; choose from %s." % (entry.get("type"), ", ".join(PII_TYPES)))
    action = (entry.get("action") or "ANONYMIZE").upper()
    config = {"type": kind, "action": action}
    config["inputAction"] = (entry.get("input_action") or action).upper()
    config["outputAction"] = (entry.get("output_action") or action).upper()
    for value in (config["action"], config["inputAction"], config["outputAction"]):
        if value not in PII_ACTIONS:
            raise GuardrailInputError("pii_entities %s: action %r is not one of %s." % (kind, value, ", ".join(PII_ACTIONS)))
    return config


def _regex(entry):
    name, pattern = entry.get("name"), entry.get("pattern")
    if not name or not pattern:
        raise GuardrailInputError("regexes: every entry needs a name and a pattern.")
    try:
        re.compile(pattern)
    except re.error as e:
        raise GuardrailInputError("regexes %s: pattern %r is not a valid regular expression (%s)." % (name, pattern, e)) from None
    action = (entry.get("action") or "ANONYMIZE").upper()
    if action not in PII_ACTIONS:
        raise GuardrailInputError("regexes %s: action %r is not one of %s." % (name, action, ", ".join(PII_ACTIONS)))
    config = {"name": name, "pattern": pattern, "action": action, "inputAction": action, "outputAction": action}
    if entry.get("description"):
        config["description"] = entry["description"]
    return config


def _content_filters(params):
    filters = []
    attack = (params.get("prompt_attack") or "NONE").upper()
    if attack not in STRENGTHS:
        raise GuardrailInputError("prompt_attack %r is not one of %s." % (params.get("prompt_attack"), ", ".join(STRENGTHS)))
    for entry in params.get("content_filters") or []:
        kind = (entry.get("type") or "").upper()
        if kind not in CONTENT_TYPES:
            raise GuardrailInputError(
                "content_filters: type %r is not one of %s (the prompt-attack filter is the prompt_attack option)."
                % (entry.get("type"), ", ".join(CONTENT_TYPES))
            )
        strengths = [(entry.get(side) or "HIGH").upper() for side in ("input_strength", "output_strength")]
        if any(s not in STRENGTHS for s in strengths):
            raise GuardrailInputError("content_filters %s: strengths must be one of %s." % (kind, ", ".join(STRENGTHS)))
        filters.append({"type": kind, "inputStrength": strengths[0], "outputStrength": strengths[1]})
    if attack != "NONE":
        # AWS: the prompt-attack filter assesses input only; its output strength must be NONE.
        filters.append({"type": "PROMPT_ATTACK", "inputStrength": attack, "outputStrength": "NONE"})
    return sorted(filters, key=lambda f: f["type"])


def desired_config(params):
    """CreateGuardrail/UpdateGuardrail's configuration members for the module's options.

    Raises GuardrailInputError for an invalid name, a missing or too long blocked
    message, unknown entity types or actions, an invalid regex, or no policy at all.
    """
    name = params.get("name") or ""
    if not NAME_RE.match(name):
        raise GuardrailInputError("name %r is not a valid guardrail name (1-50 letters, digits, - and _)." % name)
    config = {
        "name": name,
        "blockedInputMessaging": _message(params, "blocked_input_message"),
        "blockedOutputsMessaging": _message(params, "blocked_output_message"),
    }
    if params.get("description"):
        config["description"] = params["description"]
    pii = sorted((_pii(e) for e in params.get("pii_entities") or []), key=lambda e: e["type"])
    if len({e["type"] for e in pii}) != len(pii):
        raise GuardrailInputError("pii_entities: each type may appear once.")
    regexes = sorted((_regex(e) for e in params.get("regexes") or []), key=lambda e: e["name"])
    if pii or regexes:
        config["sensitiveInformationPolicyConfig"] = _non_empty({"piiEntitiesConfig": pii, "regexesConfig": regexes})
    filters = _content_filters(params)
    if filters:
        config["contentPolicyConfig"] = {"filtersConfig": filters}
    topics = []
    for entry in params.get("denied_topics") or []:
        if not entry.get("name") or not entry.get("definition"):
            raise GuardrailInputError("denied_topics: every topic needs a name and a definition.")
        topics.append(_non_empty({"name": entry["name"], "definition": entry["definition"], "examples": list(entry.get("examples") or []), "type": "DENY"}))
    if topics:
        config["topicPolicyConfig"] = {"topicsConfig": sorted(topics, key=lambda t: t["name"])}
    words = sorted(set(params.get("blocked_words") or []))
    managed = [{"type": "PROFANITY"}] if params.get("profanity_filter") else []
    if words or managed:
        config["wordPolicyConfig"] = _non_empty({"wordsConfig": [{"text": w} for w in words], "managedWordListsConfig": managed})
    if not any(key.endswith("PolicyConfig") for key in config):
        raise GuardrailInputError(
            "A guardrail needs at least one policy: give pii_entities, regexes, prompt_attack, content_filters, denied_topics, "
            "blocked_words or profanity_filter."
        )
    if params.get("kms_key_id"):
        config["kmsKeyId"] = params["kms_key_id"]
    return config


def config_from_api(described):
    """GetGuardrail's answer in desired_config's canonical form."""
    config = {
        "name": described["name"],
        "blockedInputMessaging": described["blockedInputMessaging"],
        "blockedOutputsMessaging": described["blockedOutputsMessaging"],
    }
    if described.get("description"):
        config["description"] = described["description"]
    sensitive = described.get("sensitiveInformationPolicy") or {}
    pii = []
    for entry in sensitive.get("piiEntities") or []:
        action = entry.get("action", "NONE")
        pii.append(
            {"type": entry["type"], "action": action, "inputAction": entry.get("inputAction") or action, "outputAction": entry.get("outputAction") or action}
        )
    regexes = []
    for entry in sensitive.get("regexes") or []:
        action = entry.get("action", "NONE")
        regex = {
            "name": entry["name"],
            "pattern": entry["pattern"],
            "action": action,
            "inputAction": entry.get("inputAction") or action,
            "outputAction": entry.get("outputAction") or action,
        }
        if entry.get("description"):
            regex["description"] = entry["description"]
        regexes.append(regex)
    if pii or regexes:
        config["sensitiveInformationPolicyConfig"] = _non_empty(
            {"piiEntitiesConfig": sorted(pii, key=lambda e: e["type"]), "regexesConfig": sorted(regexes, key=lambda e: e["name"])}
        )
    filters = [
        {"type": f["type"], "inputStrength": f.get("inputStrength", "NONE"), "outputStrength": f.get("outputStrength", "NONE")}
        for f in (described.get("contentPolicy") or {}).get("filters") or []
    ]
    if filters:
        config["contentPolicyConfig"] = {"filtersConfig": sorted(filters, key=lambda f: f["type"])}
    topics = [
        _non_empty({"name": t["name"], "definition": t["definition"], "examples": list(t.get("examples") or []), "type": t.get("type", "DENY")})
        for t in (described.get("topicPolicy") or {}).get("topics") or []
    ]
    if topics:
        config["topicPolicyConfig"] = {"topicsConfig": sorted(topics, key=lambda t: t["name"])}
    word_policy = described.get("wordPolicy") or {}
    words = sorted({w["text"] for w in word_policy.get("words") or []})
    managed = [{"type": m["type"]} for m in word_policy.get("managedWordLists") or []]
    if words or managed:
        config["wordPolicyConfig"] = _non_empty({"wordsConfig": [{"text": w} for w in words], "managedWordListsConfig": managed})
    if described.get("kmsKeyArn"):
        config["kmsKeyId"] = described["kmsKeyArn"]
    return config


def same_config(desired, current, ignore_description=False):
    """Whether ``current`` already is ``desired`` (a KMS key given by ID or alias matches the ARN AWS answers).

    ``ignore_description``: for a numbered version, whose GetGuardrail description is the version's own.
    """
    if ignore_description:
        desired = dict((k, v) for k, v in desired.items() if k != "description")
        current = dict((k, v) for k, v in current.items() if k != "description")
    if desired.get("kmsKeyId") and current.get("kmsKeyId") and current["kmsKeyId"].endswith(desired["kmsKeyId"].split(":")[-1]):
        current = dict(current, kmsKeyId=desired["kmsKeyId"])
    return desired == current


def version_arn(guardrail_arn, version):
    """The ``bedrock:GuardrailIdentifier`` value IAM policies compare: the guardrail ARN and version."""
    return "%s:%s" % (guardrail_arn, version) if guardrail_arn and version else None


@BedrockErrorHandler.list_error_handler("list the guardrails", default_value=[])
def list_guardrails(client, **kwargs):
    paginator = client.get_paginator("list_guardrails")
    return paginator.paginate(**kwargs).build_full_result()["guardrails"]


def find_guardrail(client, name):
    """The ListGuardrails summary of the guardrail called ``name``, or None."""
    return next((g for g in list_guardrails(client) if g.get("name") == name), None)


def numbered_versions(client, guardrail_id):
    """The guardrail's numbered versions, oldest first (as ints)."""
    summaries = list_guardrails(client, guardrailIdentifier=guardrail_id)
    return sorted(int(s["version"]) for s in summaries if str(s.get("version", "")).isdigit())


@BedrockErrorHandler.common_error_handler("read the guardrail")
def get_version(client, guardrail_id, version="DRAFT"):
    return client.get_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion=version, aws_retry=True)


@BedrockErrorHandler.common_error_handler("create the guardrail")
def create(client, config, tags):
    kwargs = dict(config)
    if tags:
        kwargs["tags"] = [{"key": k, "value": v} for k, v in sorted(tags.items())]
    return client.create_guardrail(aws_retry=True, **kwargs)


@BedrockErrorHandler.common_error_handler("update the guardrail")
def update(client, guardrail_id, config):
    return client.update_guardrail(guardrailIdentifier=guardrail_id, aws_retry=True, **config)


@BedrockErrorHandler.common_error_handler("publish a guardrail version")
def publish(client, guardrail_id, description):
    kwargs = {"description": description} if description else {}
    return client.create_guardrail_version(guardrailIdentifier=guardrail_id, aws_retry=True, **kwargs)["version"]


@BedrockErrorHandler.deletion_error_handler("delete the guardrail")
def delete(client, guardrail_id):
    client.delete_guardrail(guardrailIdentifier=guardrail_id, aws_retry=True)
    return True


@BedrockErrorHandler.list_error_handler("list the enforced guardrail configurations", default_value=[])
def list_enforced(client):
    paginator = client.get_paginator("list_enforced_guardrails_configuration")
    return paginator.paginate().build_full_result()["guardrailsConfig"]


def enforced_configs(client, guardrail_id):
    """The Region's account-level enforced guardrail configurations that name this guardrail."""
    return [c for c in list_enforced(client) if c.get("guardrailId") == guardrail_id]


@BedrockErrorHandler.common_error_handler("put the enforced guardrail configuration")
def put_enforced(client, guardrail_id, version, config_id=None):
    kwargs = {"guardrailInferenceConfig": {"guardrailIdentifier": guardrail_id, "guardrailVersion": str(version)}}
    if config_id:
        kwargs["configId"] = config_id
    return client.put_enforced_guardrail_configuration(aws_retry=True, **kwargs)["configId"]


@BedrockErrorHandler.common_error_handler("delete the enforced guardrail configuration")
def delete_enforced(client, config_id):
    client.delete_enforced_guardrail_configuration(configId=config_id, aws_retry=True)

"""Guardrail operations (control plane on moto's ``BedrockResponse``, ApplyGuardrail on
``BedrockRuntimeResponse``) and the account-level enforced guardrail configuration.

Shapes follow botocore's service models (bedrock 2023-04-20, bedrock-runtime
2023-09-30); behaviour follows AWS's API reference (CreateGuardrail,
GetGuardrail, UpdateGuardrail, CreateGuardrailVersion, ListGuardrails,
DeleteGuardrail, ApplyGuardrail, PutEnforcedGuardrailConfiguration,
ListEnforcedGuardrailsConfiguration, DeleteEnforcedGuardrailConfiguration).
Error texts marked "unverified" were not read from an AWS answer.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime
import re
from typing import Any, Optional

from moto.core.responses import ActionResult, EmptyResult

from local_aws.bedrock.control import request_params
from local_aws.bedrock.errors import ConflictException, ResourceNotFoundException, ValidationException, check_pattern, enum_error
from local_aws.bedrock.guardrails import filters
from local_aws.bedrock.guardrails.models import CONFIG_MEMBERS, POLICY_MEMBERS, EnforcedConfiguration, Guardrail, GuardrailVersion, backend
from local_aws.iam import caller

POLICY_REQUIRED = "At least one policy must be configured for the guardrail."  # unverified wording
PROMPT_ATTACK_OUTPUT = "PROMPT_ATTACK content filter output strength must be NONE."  # unverified wording
SOURCES = ["INPUT", "OUTPUT"]


def _not_found(identifier: str, version: Optional[str] = None) -> ResourceNotFoundException:
    if version and version != "DRAFT":
        return ResourceNotFoundException(f"Guardrail {identifier} version {version} not found.")  # unverified wording
    return ResourceNotFoundException(f"Guardrail {identifier} not found.")  # unverified wording


def _guardrail(region: str, account_id: str, identifier: str) -> Guardrail:
    check_pattern(identifier, "guardrailIdentifier", "bedrock", "GuardrailIdentifier")
    found = backend(account_id, region).find(identifier)
    if found is None:
        raise _not_found(identifier)
    return found


def _version(guardrail: Guardrail, identifier: str, version: Optional[str]) -> GuardrailVersion:
    if version not in (None, ""):
        check_pattern(version, "guardrailVersion", "bedrock", "GuardrailVersion")
    found = guardrail.version(version)
    if found is None:
        raise _not_found(identifier, version)
    return found


def _check_config(params: dict[str, Any]) -> dict[str, Any]:
    """The configuration members of a Create/Update request, validated as AWS validates them."""
    config = {member: copy.deepcopy(params[member]) for member in CONFIG_MEMBERS if params.get(member) not in (None, "")}
    check_pattern(config.get("name", ""), "name", "bedrock", "GuardrailName")
    for member in ("blockedInputMessaging", "blockedOutputsMessaging"):
        text = config.get(member, "")
        if not 1 <= len(text) <= 500:
            raise ValidationException(
                f"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length between 1 and 500"
            )
    if not any(config.get(member) for member in POLICY_MEMBERS):
        raise ValidationException(POLICY_REQUIRED)
    for entry in (config.get("contentPolicyConfig") or {}).get("filtersConfig") or []:
        if entry.get("type") == "PROMPT_ATTACK" and entry.get("outputStrength") != "NONE":
            raise ValidationException(PROMPT_ATTACK_OUTPUT)
    for entry in (config.get("sensitiveInformationPolicyConfig") or {}).get("regexesConfig") or []:
        try:
            re.compile(entry.get("pattern", ""))
        except re.error:
            raise ValidationException(f"The regex pattern {entry.get('pattern')!r} is not valid.") from None  # unverified wording
    return config


def _described_policy(member: str, policy: dict[str, Any]) -> dict[str, Any]:
    """A ``...PolicyConfig`` as GetGuardrail answers it (``...Policy`` with renamed lists)."""
    _, lists = POLICY_MEMBERS[member]
    described = {}
    for key, value in policy.items():
        described[lists.get(key, key)] = copy.deepcopy(value)
    for entry in described.get("filters", []) if member == "contentPolicyConfig" else []:
        entry.setdefault("inputModalities", ["TEXT"])
        entry.setdefault("outputModalities", ["TEXT"])
    return described


def describe(guardrail: Guardrail, version: GuardrailVersion) -> dict[str, Any]:
    config = version.config
    result: dict[str, Any] = {
        "name": config["name"],
        "guardrailId": guardrail.guardrail_id,
        "guardrailArn": guardrail.arn,
        "version": version.version,
        "status": "READY",
        "createdAt": version.created_at,
        "updatedAt": version.updated_at,
        "blockedInputMessaging": config["blockedInputMessaging"],
        "blockedOutputsMessaging": config["blockedOutputsMessaging"],
    }
    description = version.description if version.version != "DRAFT" and version.description else config.get("description")
    if description:
        result["description"] = description
    for member, (described, _) in POLICY_MEMBERS.items():
        if config.get(member):
            result[described] = _described_policy(member, config[member])
    if config.get("kmsKeyId"):
        result["kmsKeyArn"] = config["kmsKeyId"]
    return result


def create_guardrail(self: Any) -> ActionResult:
    params = request_params(self)
    config = _check_config(params)
    store = backend(self.current_account, self.region)
    if store.by_name(config["name"]) is not None:
        raise ConflictException(f"Guardrail with name {config['name']} already exists.")  # unverified wording
    guardrail = store.create(config, params.get("tags") or [])
    return ActionResult(
        {
            "guardrailId": guardrail.guardrail_id,
            "guardrailArn": guardrail.arn,
            "version": "DRAFT",
            "createdAt": guardrail.draft.created_at,
        }
    )


def get_guardrail(self: Any) -> ActionResult:
    params = request_params(self)
    guardrail = _guardrail(self.region, self.current_account, params["guardrailIdentifier"])
    version = _version(guardrail, params["guardrailIdentifier"], params.get("guardrailVersion"))
    return ActionResult(describe(guardrail, version))


def update_guardrail(self: Any) -> ActionResult:
    params = request_params(self)
    guardrail = _guardrail(self.region, self.current_account, params["guardrailIdentifier"])
    config = _check_config(params)
    other = backend(self.current_account, self.region).by_name(config["name"])
    if other is not None and other is not guardrail:
        raise ConflictException(f"Guardrail with name {config['name']} already exists.")  # unverified wording
    guardrail.draft.config = config  # UpdateGuardrail replaces the DRAFT: omitted policies are removed
    guardrail.draft.updated_at = datetime.datetime.now(datetime.timezone.utc)
    return ActionResult(
        {
            "guardrailId": guardrail.guardrail_id,
            "guardrailArn": guardrail.arn,
            "version": "DRAFT",
            "updatedAt": guardrail.draft.updated_at,
        }
    )


def create_guardrail_version(self: Any) -> ActionResult:
    params = request_params(self)
    guardrail = _guardrail(self.region, self.current_account, params["guardrailIdentifier"])
    with backend(self.current_account, self.region).lock:
        version = guardrail.publish(params.get("description"))
    return ActionResult({"guardrailId": guardrail.guardrail_id, "version": version.version})


def _summary(guardrail: Guardrail, version: GuardrailVersion) -> dict[str, Any]:
    summary = {
        "id": guardrail.guardrail_id,
        "arn": guardrail.arn,
        "status": "READY",
        "name": version.config["name"],
        "version": version.version,
        "createdAt": version.created_at,
        "updatedAt": version.updated_at,
    }
    description = version.description or version.config.get("description")
    if description:
        summary["description"] = description
    return summary


def _page(items: list[Any], params: dict[str, Any], max_allowed: int = 1000) -> tuple[list[Any], Optional[str]]:
    start = 0
    token = params.get("nextToken")
    if token:
        try:
            start = int(base64.b64decode(token, validate=True).decode())
        except (binascii.Error, ValueError):
            raise ValidationException("The provided pagination token is invalid.") from None
    max_results = params.get("maxResults")
    if max_results is not None and not 1 <= int(max_results) <= max_allowed:
        raise ValidationException(
            f"1 validation error detected: Value '{max_results}' at 'maxResults' failed to satisfy constraint: "
            f"Member must have value between 1 and {max_allowed}"
        )
    end = len(items) if max_results is None else start + int(max_results)
    token = base64.b64encode(str(end).encode()).decode() if end < len(items) else None
    return items[start:end], token


def list_guardrails(self: Any) -> ActionResult:
    """Without an identifier: the DRAFT of every guardrail; with one: that guardrail's versions."""
    params = request_params(self)
    identifier = params.get("guardrailIdentifier")
    if identifier:
        guardrail = _guardrail(self.region, self.current_account, identifier)
        items = [_summary(guardrail, guardrail.draft)] + [_summary(guardrail, v) for _, v in sorted(guardrail.versions.items())]
    else:
        items = [_summary(g, g.draft) for g in backend(self.current_account, self.region).guardrails.values()]
    page, token = _page(items, params)
    result: dict[str, Any] = {"guardrails": page}
    if token:
        result["nextToken"] = token
    return ActionResult(result)


def delete_guardrail(self: Any) -> ActionResult:
    """Without a version: the guardrail and all its versions; with one: that numbered version."""
    params = request_params(self)
    identifier = params["guardrailIdentifier"]
    store = backend(self.current_account, self.region)
    guardrail = _guardrail(self.region, self.current_account, identifier)
    version = params.get("guardrailVersion")
    in_use = [c for c in store.enforced.values() if c.guardrail is guardrail and (not version or c.guardrail_version == version)]
    if in_use:
        raise ConflictException(  # unverified wording
            f"Guardrail {identifier} is used by the enforced guardrail configuration {in_use[0].config_id}. Delete that configuration first."
        )
    with store.lock:
        if version in (None, ""):
            store.guardrails.pop(guardrail.guardrail_id, None)
        else:
            check_pattern(version, "guardrailVersion", "bedrock", "GuardrailVersion")
            if version == "DRAFT":
                raise ValidationException("The DRAFT version of a guardrail can't be deleted. Delete the guardrail instead.")  # unverified
            if guardrail.versions.pop(int(version), None) is None:
                raise _not_found(identifier, version)
    return EmptyResult()


# ---------------------------------------------------------------- enforced guardrail configuration


def _enforced_output(config: EnforcedConfiguration) -> dict[str, Any]:
    result = {
        "configId": config.config_id,
        "guardrailArn": config.guardrail.arn,
        "guardrailId": config.guardrail.guardrail_id,
        "inputTags": config.input_tags,
        "guardrailVersion": config.guardrail_version,
        "createdAt": config.created_at,
        "createdBy": config.created_by,
        "updatedAt": config.updated_at,
        "updatedBy": config.updated_by,
        "owner": "ACCOUNT",
    }
    if config.selective_content_guarding:
        result["selectiveContentGuarding"] = config.selective_content_guarding
    if config.model_enforcement:
        result["modelEnforcement"] = config.model_enforcement
    return result


def _caller_arn(account_id: str) -> str:
    principal = caller.current()
    return getattr(principal, "arn", None) or f"arn:aws:iam::{account_id}:root"


def put_enforced_guardrail_configuration(self: Any) -> ActionResult:
    """Create (no ``configId``) or replace (``configId`` given) the Region's enforced configuration.

    The version must be numbered: AWS refuses DRAFT for enforcement.
    """
    params = request_params(self)
    inference = params.get("guardrailInferenceConfig") or {}
    identifier = inference.get("guardrailIdentifier", "")
    version = str(inference.get("guardrailVersion", ""))
    if not re.fullmatch(r"[1-9][0-9]{0,7}", version):
        raise ValidationException("The guardrail version for an enforced guardrail configuration must be a numbered version, not DRAFT.")  # unverified
    input_tags = inference.get("inputTags") or "HONOR"
    if input_tags not in ("HONOR", "IGNORE"):
        raise enum_error(input_tags, "guardrailInferenceConfig.inputTags", ["HONOR", "IGNORE"])
    guardrail = _guardrail(self.region, self.current_account, identifier)
    _version(guardrail, identifier, version)
    store = backend(self.current_account, self.region)
    now = datetime.datetime.now(datetime.timezone.utc)
    who = _caller_arn(self.current_account)
    config_id = params.get("configId")
    with store.lock:
        if config_id:
            existing = store.enforced.get(config_id)
            if existing is None:
                raise ResourceNotFoundException(f"Enforced guardrail configuration {config_id} not found.")  # unverified
            created_at, created_by = existing.created_at, existing.created_by
        else:
            config_id = _new_config_id(store)
            created_at, created_by = now, who
        store.enforced[config_id] = EnforcedConfiguration(
            config_id,
            guardrail,
            version,
            input_tags,
            inference.get("selectiveContentGuarding"),
            inference.get("modelEnforcement"),
            created_at,
            created_by,
            now,
            who,
        )
    return ActionResult({"configId": config_id, "updatedAt": now, "updatedBy": who})


def _new_config_id(store: Any) -> str:
    index = len(store.enforced) + 1
    while f"config{index}" in store.enforced:
        index += 1
    return f"config{index}"


def list_enforced_guardrails_configuration(self: Any) -> ActionResult:
    params = request_params(self)
    items = [_enforced_output(c) for c in backend(self.current_account, self.region).enforced.values()]
    page, token = _page(items, params)
    result: dict[str, Any] = {"guardrailsConfig": page}
    if token:
        result["nextToken"] = token
    return ActionResult(result)


def delete_enforced_guardrail_configuration(self: Any) -> ActionResult:
    params = request_params(self)
    store = backend(self.current_account, self.region)
    with store.lock:
        if store.enforced.pop(params["configId"], None) is None:
            raise ResourceNotFoundException(f"Enforced guardrail configuration {params['configId']} not found.")  # unverified
    return EmptyResult()


# ---------------------------------------------------------------- ApplyGuardrail (bedrock-runtime)


def resolve(region: str, account_id: str, identifier: str, version: Optional[str]) -> tuple[Guardrail, GuardrailVersion]:
    guardrail = _guardrail(region, account_id, identifier)
    return guardrail, _version(guardrail, identifier, version)


def content_texts(content: list[dict[str, Any]]) -> list[str]:
    return [block["text"]["text"] for block in content or [] if isinstance(block.get("text"), dict) and "text" in block["text"]]


def apply_guardrail(self: Any) -> ActionResult:
    params = request_params(self)
    identifier = params["guardrailIdentifier"]
    source = params.get("source")
    if source not in SOURCES:
        raise enum_error(str(source), "source", SOURCES)
    _, version = resolve(self.region, self.current_account, identifier, params["guardrailVersion"])
    outcome = filters.evaluate(version, source, content_texts(params.get("content") or []))
    result: dict[str, Any] = {
        "usage": outcome.usage,
        "action": outcome.action,
        "actionReason": "Guardrail blocked." if outcome.blocked else ("Guardrail masked." if outcome.intervened else "No action."),
        "outputs": outcome.outputs,
        "assessments": [outcome.assessment] if outcome.assessment else [],
    }
    return ActionResult(result)


CONTROL_OPERATIONS = {
    "create_guardrail": create_guardrail,
    "get_guardrail": get_guardrail,
    "update_guardrail": update_guardrail,
    "create_guardrail_version": create_guardrail_version,
    "list_guardrails": list_guardrails,
    "delete_guardrail": delete_guardrail,
    "put_enforced_guardrail_configuration": put_enforced_guardrail_configuration,
    "list_enforced_guardrails_configuration": list_enforced_guardrails_configuration,
    "delete_enforced_guardrail_configuration": delete_enforced_guardrail_configuration,
}
RUNTIME_OPERATIONS = {"apply_guardrail": apply_guardrail}

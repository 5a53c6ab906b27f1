"""Application inference profiles: CreateInferenceProfile, DeleteInferenceProfile, their tags.

What AWS documents ("Create an application inference profile", API reference):

- ``CreateInferenceProfile`` takes ``inferenceProfileName``, optional
  ``description`` and ``tags``, and ``modelSource.copyFrom``: the ARN of a
  foundation model of the Region (the profile then serves that model in the
  Region) or of a system-defined inference profile callable from the Region
  (the profile copies its models, i.e. its destination Regions). It answers
  201 with ``inferenceProfileArn``
  (``arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID``) and
  ``status`` ACTIVE.
- There is no update: only tags change (TagResource / UntagResource /
  ListTagsForResource on the profile ARN). A new source means a new profile.
- Get/List answer ``type`` APPLICATION; ``typeEquals=APPLICATION`` lists only them.
- Invocation by the profile ARN: IAM authorizes the application profile ARN
  (``aws:RequestedRegion`` = the Region called), then the foundation model in
  the Region that serves the call with ``bedrock:InferenceProfileArn`` = the
  application profile ARN (for a copy of a global profile: the source-Region
  model and the region-less ARN with ``aws:RequestedRegion`` = ``unspecified``).

Unverified (no AWS page read first hand; modelled on the service's other texts):
the texts of a duplicate name (ConflictException), of a ``copyFrom`` that names
no model or profile of the Region, and of DeleteInferenceProfile on a
system-defined profile; whether runtime accepts the bare profile ID (here only
the ARN, as AWS's examples use); the IDs' shape (12 lowercase letters and digits,
as in AWS's examples).

State lives in a moto BackendDict (per account and Region): ``/_local_aws/reset`` clears it.
"""

from __future__ import annotations

import datetime
import re
import secrets
import string
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from moto.bedrock.responses import BedrockResponse
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.responses import ActionResult, EmptyResult
from moto.core.exceptions import ServiceException

from local_aws.bedrock import catalog, control
from local_aws.bedrock.errors import ConflictException, ResourceNotFoundException, ValidationException, check_pattern

MAX_TAGS = 50  # Bedrock's tags per resource (AWS "Tagging Amazon Bedrock resources")
MAX_PROFILES = 1000  # "Application inference profiles per account" default quota (unverified figure)

_APP_ARN = re.compile(r"arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]+):([0-9]{12}):application-inference-profile/([a-z0-9]+)")
_FM_ARN = re.compile(r"arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*)::foundation-model/(.+)")
_PROFILE_ARN = re.compile(r"arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*):([0-9]*):inference-profile/(.+)")

SOURCE_NOT_FOUND = "The model source {source} could not be found. Check the model or inference profile ARN and Region."
NAME_TAKEN = "An inference profile with the name {name} already exists in this account and Region."
NOT_FOUND = "Inference profile {identifier} not found."
SYSTEM_NOT_DELETABLE = "Only application inference profiles can be deleted: {identifier} is a system-defined inference profile."


class TooManyTagsException(ServiceException):
    code = "TooManyTagsException"


class ServiceQuotaExceededException(ServiceException):
    code = "ServiceQuotaExceededException"


@dataclass
class AppProfile:
    profile_id: str
    name: str
    description: Optional[str]
    region: str
    account_id: str
    source_arn: str
    model_id: str
    system_profile: Optional[catalog.InferenceProfile]  # the copied system profile, None for a copied model
    model_arns: tuple[str, ...]
    created: datetime.datetime
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:bedrock:{self.region}:{self.account_id}:application-inference-profile/{self.profile_id}"

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "inferenceProfileName": self.name,
            "createdAt": self.created,
            "updatedAt": self.created,
            "inferenceProfileArn": self.arn,
            "models": [{"modelArn": arn} for arn in self.model_arns],
            "inferenceProfileId": self.profile_id,
            "status": "ACTIVE",
            "type": "APPLICATION",
        }
        if self.description:
            result["description"] = self.description
        return result


class AppProfileBackend(BaseBackend):
    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.profiles: dict[str, AppProfile] = {}
        self.lock = threading.Lock()


app_profile_backends = BackendDict(AppProfileBackend, "bedrock")


def _backend(account_id: str, region: str) -> AppProfileBackend:
    return app_profile_backends[account_id][region]


def _new_id() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(12))


def lookup(identifier: str, region: str, account_id: str) -> Optional[AppProfile]:
    """The application profile named by its ARN or ID in this account and Region, or None."""
    match = _APP_ARN.fullmatch(identifier)
    if match:
        if match.group(1) != region or match.group(2) != account_id:
            return None
        identifier = match.group(3)
    return _backend(account_id, region).profiles.get(identifier)


def is_app_profile_arn(identifier: str) -> bool:
    return _APP_ARN.fullmatch(identifier) is not None


def _source(copy_from: str, region: str, account_id: str) -> tuple[str, Optional[catalog.InferenceProfile], tuple[str, ...]]:
    """(model ID, copied system profile, model ARNs) of ``copy_from``, AWS's errors otherwise."""
    check_pattern(copy_from, "modelSource.copyFrom", "bedrock", "InferenceProfileModelSourceArn")
    fm = _FM_ARN.fullmatch(copy_from)
    if fm:
        model = catalog.model_in_region(fm.group(2), region) if fm.group(1) == region else None
        if model is None:
            raise ResourceNotFoundException(SOURCE_NOT_FOUND.format(source=copy_from))
        return model.model_id, None, (model.arn(region),)
    pa = _PROFILE_ARN.fullmatch(copy_from)
    profile = None
    if pa and pa.group(1) == region and pa.group(2) in (account_id, ""):
        profile = catalog.profile_in_region(pa.group(3), region)
    if profile is None:
        raise ResourceNotFoundException(SOURCE_NOT_FOUND.format(source=copy_from))
    return profile.model_id, profile, profile.model_arns


def _tags(raw: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for tag in raw or []:
        check_pattern(tag["key"], "tags.member.key", "bedrock", "TagKey")
        check_pattern(tag.get("value", ""), "tags.member.value", "bedrock", "TagValue")
        tags[tag["key"]] = tag.get("value", "")
    return tags


def create_inference_profile(self: Any) -> ActionResult:
    params = control.request_params(self)
    name = params["inferenceProfileName"]
    check_pattern(name, "inferenceProfileName", "bedrock", "InferenceProfileName")
    description = params.get("description")
    if description is not None:
        check_pattern(description, "description", "bedrock", "InferenceProfileDescription")
    copy_from = (params.get("modelSource") or {}).get("copyFrom")
    if not copy_from:
        raise ValidationException("1 validation error detected: Value null at 'modelSource.copyFrom' failed to satisfy constraint: Member must not be null")
    tags = _tags(params.get("tags"))
    if len(tags) > MAX_TAGS:
        raise TooManyTagsException(f"The number of tags exceeds the limit of {MAX_TAGS} tags per resource.")
    model_id, system_profile, model_arns = _source(copy_from, self.region, self.current_account)
    backend = _backend(self.current_account, self.region)
    with backend.lock:
        if any(p.name == name for p in backend.profiles.values()):
            raise ConflictException(NAME_TAKEN.format(name=name))
        if len(backend.profiles) >= MAX_PROFILES:
            raise ServiceQuotaExceededException("The number of application inference profiles exceeds the quota for this account and Region.")
        profile = AppProfile(
            _new_id(),
            name,
            description,
            self.region,
            self.current_account,
            copy_from,
            model_id,
            system_profile,
            model_arns,
            datetime.datetime.now(datetime.timezone.utc),
            tags,
        )
        backend.profiles[profile.profile_id] = profile
    return ActionResult({"inferenceProfileArn": profile.arn, "status": "ACTIVE"})


def delete_inference_profile(self: Any) -> ActionResult:
    params = control.request_params(self)
    identifier = params["inferenceProfileIdentifier"]
    check_pattern(identifier, "inferenceProfileIdentifier", "bedrock", "InferenceProfileIdentifier")
    profile = lookup(identifier, self.region, self.current_account)
    if profile is None:
        if control.resolve_profile_identifier(identifier, self.region, self.current_account) is not None:
            raise ValidationException(SYSTEM_NOT_DELETABLE.format(identifier=identifier))
        raise ResourceNotFoundException(NOT_FOUND.format(identifier=identifier))
    backend = _backend(self.current_account, self.region)
    with backend.lock:
        backend.profiles.pop(profile.profile_id, None)
    return EmptyResult()


def application_summaries(region: str, account_id: str) -> list[dict[str, Any]]:
    profiles = sorted(_backend(account_id, region).profiles.values(), key=lambda p: (p.created, p.profile_id))
    return [p.summary() for p in profiles]


# ---------------------------------------------------------------- tags (moto tags only custom models and jobs)

_MOTO_TAGS: dict[str, Callable[..., Any]] = {}


def _tag_target(self: Any, arn: str) -> Optional[AppProfile]:
    if not _APP_ARN.fullmatch(arn):
        return None
    profile = lookup(arn, self.region, self.current_account)
    if profile is None:
        raise ResourceNotFoundException(f"Resource {arn} not found")
    return profile


def tag_resource(self: Any) -> Any:
    params = control.request_params(self)
    profile = _tag_target(self, params["resourceARN"])
    if profile is None:
        return _MOTO_TAGS["tag_resource"](self)
    tags = _tags(params.get("tags"))
    if len(set(profile.tags) | set(tags)) > MAX_TAGS:
        raise TooManyTagsException(f"The number of tags exceeds the limit of {MAX_TAGS} tags per resource.")
    profile.tags.update(tags)
    return EmptyResult()


def untag_resource(self: Any) -> Any:
    params = control.request_params(self)
    profile = _tag_target(self, params["resourceARN"])
    if profile is None:
        return _MOTO_TAGS["untag_resource"](self)
    for key in params.get("tagKeys") or []:
        profile.tags.pop(key, None)
    return EmptyResult()


def list_tags_for_resource(self: Any) -> Any:
    params = control.request_params(self)
    profile = _tag_target(self, params["resourceARN"])
    if profile is None:
        return _MOTO_TAGS["list_tags_for_resource"](self)
    return ActionResult({"tags": [{"key": k, "value": v} for k, v in sorted(profile.tags.items())]})


ADDED = {"create_inference_profile": create_inference_profile, "delete_inference_profile": delete_inference_profile}
TAGS = {"tag_resource": tag_resource, "untag_resource": untag_resource, "list_tags_for_resource": list_tags_for_resource}


def install(add: Callable[..., None], replace: Callable[..., None]) -> None:
    for name, func in ADDED.items():
        add(BedrockResponse, name, func)
    for name, func in TAGS.items():
        if name not in _MOTO_TAGS:
            _MOTO_TAGS[name] = getattr(BedrockResponse, name)
        replace(BedrockResponse, name, func, "moto tags only custom models and jobs; application inference profiles are taggable")

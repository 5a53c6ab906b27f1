"""Services that encrypt with a customer-managed KMS key check the key first, as AWS does.

moto 5.2.5 stores any ``kmsKeyId`` / ``KmsKeyId`` it is given, even a key that
does not exist. AWS makes the service check, when the key is set, that the key
exists in the Region, is enabled and that its key policy lets the service's
principal use it in the service's encryption context:

- CloudWatch Logs, CreateLogGroup with ``kmsKeyId`` and AssociateKmsKey:
  ``logs.REGION.amazonaws.com`` may ``kms:GenerateDataKey`` with
  ``kms:EncryptionContext:aws:logs:arn`` = the log group's ARN. Refused with
  ``AccessDeniedException`` (HTTP 400) "The specified KMS key does not exist or
  is not allowed to be used with Arn 'arn:aws:logs:REGION:ACCOUNT:log-group:NAME'"
  (the text Terraform and CDK users report from AWS). moto has no
  AssociateKmsKey / DisassociateKmsKey: both are added.
- CloudTrail, CreateTrail / UpdateTrail with ``KmsKeyId``:
  ``cloudtrail.amazonaws.com`` may ``kms:GenerateDataKey*`` with
  ``aws:SourceArn`` = the trail and ``kms:EncryptionContext:aws:cloudtrail:arn``
  = the trail. Refused with ``InsufficientEncryptionPolicyException``
  "Insufficient permissions to access S3 bucket BUCKET or KMS key KEY_ARN."
  (the text users report from AWS). CloudTrail stores and returns the key's
  full ARN whatever form it was given in. A key that does not exist answers
  ``KmsKeyNotFoundException``; its message is unverified.

KMS ScheduleKeyDeletion and CancelKeyDeletion take the key ID or the key ARN,
as AWS documents; moto 5.2.5 failed (HTTP 500) on an ARN.

The key policy is evaluated by ``local_aws.iam.evaluator`` with the service as
the caller (key policies only: no grants, no IAM policies of the account).
"""

from __future__ import annotations

import json
from typing import Any, Optional

from moto.cloudtrail.models import CloudTrailBackend
from moto.core.exceptions import JsonRESTError
from moto.kms.models import KmsBackend, kms_backends
from moto.logs.models import logs_backends
from moto.logs.responses import LogsResponse

from local_aws.iam.evaluator import SourcePolicy, evaluate
from local_aws.patching import add_operation, replace_operation


class LogsAccessDenied(JsonRESTError):
    code = 400

    def __init__(self, log_group_arn: str) -> None:
        super().__init__(
            "AccessDeniedException",
            f"The specified KMS key does not exist or is not allowed to be used with Arn '{log_group_arn}'",
        )


class LogsNotFound(JsonRESTError):
    code = 400

    def __init__(self) -> None:
        super().__init__("ResourceNotFoundException", "The specified log group does not exist.")


class InsufficientEncryptionPolicy(JsonRESTError):
    code = 400

    def __init__(self, bucket: str, key: str) -> None:
        super().__init__("InsufficientEncryptionPolicyException", f"Insufficient permissions to access S3 bucket {bucket} or KMS key {key}.")


class KmsKeyNotFound(JsonRESTError):
    code = 400

    def __init__(self, key: str) -> None:
        super().__init__("KmsKeyNotFoundException", f"KMS key {key} does not exist or is not in this Region.")  # unverified text


def find_key(account_id: str, region: str, key_ref: str) -> Optional[Any]:
    """The moto key named by an ID, key ARN, alias name or alias ARN in this account and Region; None if none."""
    if not key_ref:
        return None
    if key_ref.startswith("arn:"):
        parts = key_ref.split(":")
        if len(parts) < 6 or parts[3] != region or parts[4] != account_id:
            return None
    backend = kms_backends[account_id][region]
    try:
        return backend.keys.get(backend.any_id_to_key_id(key_ref))
    except Exception:  # an unknown alias
        return None


def service_may_use(key: Any, service: str, action: str, context: dict[str, list[str]]) -> bool:
    if key is None or key.key_state != "Enabled":
        return False
    policy = key.policy if isinstance(key.policy, dict) else json.loads(key.policy or "{}")
    decision = evaluate([SourcePolicy("key-policy", "resource", policy)], action, key.arn, context, caller={"Service": service})
    return decision.allowed


def _log_group_arn(account_id: str, region: str, name: str) -> str:
    return f"arn:aws:logs:{region}:{account_id}:log-group:{name}"


def check_log_group_key(account_id: str, region: str, name: str, key_ref: str) -> str:
    """The key's ARN when CloudWatch Logs may use it for the log group; else AccessDeniedException."""
    arn = _log_group_arn(account_id, region, name)
    key = find_key(account_id, region, key_ref)
    context = {"kms:EncryptionContext:aws:logs:arn": [arn], "aws:SourceAccount": [account_id]}
    if not service_may_use(key, f"logs.{region}.amazonaws.com", "kms:GenerateDataKey", context):
        raise LogsAccessDenied(arn)
    return key_ref if key_ref.startswith("arn:") and ":key/" in key_ref else key.arn


_moto_create_log_group = LogsResponse.create_log_group


def create_log_group(self: Any) -> str:
    key_ref = self._get_param("kmsKeyId")
    name = self._get_param("logGroupName")
    if key_ref and name not in self.logs_backend.groups:
        check_log_group_key(self.current_account, self.region, name, key_ref)
    return _moto_create_log_group(self)


def associate_kms_key(self: Any) -> str:
    name = self._get_param("logGroupName")
    key_ref = self._get_param("kmsKeyId")
    group = logs_backends[self.current_account][self.region].groups.get(name)
    if group is None:
        raise LogsNotFound()
    check_log_group_key(self.current_account, self.region, name, key_ref)
    group.kms_key_id = key_ref
    return ""


def disassociate_kms_key(self: Any) -> str:
    name = self._get_param("logGroupName")
    group = logs_backends[self.current_account][self.region].groups.get(name)
    if group is None:
        raise LogsNotFound()
    group.kms_key_id = None
    return ""


def check_trail_key(backend: Any, trail_name: str, bucket: str, key_ref: str) -> str:
    """The key's full ARN when CloudTrail may use it for the trail; else the error AWS answers."""
    key = find_key(backend.account_id, backend.region_name, key_ref)
    if key is None:
        raise KmsKeyNotFound(key_ref)
    trail = f"arn:aws:cloudtrail:{backend.region_name}:{backend.account_id}:trail/{trail_name}"
    context = {
        "aws:SourceArn": [trail],
        "aws:SourceAccount": [backend.account_id],
        "kms:EncryptionContext:aws:cloudtrail:arn": [trail],
    }
    if not service_may_use(key, "cloudtrail.amazonaws.com", "kms:GenerateDataKey", context):
        raise InsufficientEncryptionPolicy(bucket, key.arn)
    return key.arn


_moto_create_trail = CloudTrailBackend.create_trail
_moto_update_trail = CloudTrailBackend.update_trail


def create_trail(
    self: Any,
    name: str,
    bucket_name: str,
    s3_key_prefix: str,
    sns_topic_name: str,
    is_global: bool,
    is_multi_region: bool,
    log_validation: bool,
    is_org_trail: bool,
    cw_log_group_arn: str,
    cw_role_arn: str,
    kms_key_id: str,
    tags_list: list[dict[str, str]],
) -> Any:
    if kms_key_id:
        kms_key_id = check_trail_key(self, name, bucket_name, kms_key_id)
    return _moto_create_trail(
        self,
        name,
        bucket_name,
        s3_key_prefix,
        sns_topic_name,
        is_global,
        is_multi_region,
        log_validation,
        is_org_trail,
        cw_log_group_arn,
        cw_role_arn,
        kms_key_id,
        tags_list,
    )


def update_trail(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    kms_key_id = kwargs.get("kms_key_id")
    if kms_key_id:
        trail = self.get_trail(name)
        bucket = kwargs.get("s3_bucket_name") or trail.bucket_name
        kwargs["kms_key_id"] = check_trail_key(self, trail.trail_name, bucket, kms_key_id)
    return _moto_update_trail(self, name, *args, **kwargs)


_moto_schedule_key_deletion = KmsBackend.schedule_key_deletion
_moto_cancel_key_deletion = KmsBackend.cancel_key_deletion


def schedule_key_deletion(self: Any, key_id: str, pending_window_in_days: int) -> Any:
    """AWS takes the key ID or the key ARN ("KeyId: ... key ID or key ARN"); moto looked up the raw ID only."""
    return _moto_schedule_key_deletion(self, self.get_key_id(key_id), pending_window_in_days)


def cancel_key_deletion(self: Any, key_id: str) -> None:
    return _moto_cancel_key_deletion(self, self.get_key_id(key_id))


def install() -> None:
    replace_operation(KmsBackend, "schedule_key_deletion", schedule_key_deletion, reason="moto fails on a key ARN")
    replace_operation(KmsBackend, "cancel_key_deletion", cancel_key_deletion, reason="moto fails on a key ARN")
    replace_operation(LogsResponse, "create_log_group", create_log_group, reason="moto accepts any kmsKeyId")
    add_operation(LogsResponse, "associate_kms_key", associate_kms_key)
    add_operation(LogsResponse, "disassociate_kms_key", disassociate_kms_key)
    replace_operation(CloudTrailBackend, "create_trail", create_trail, reason="moto accepts any KmsKeyId")
    replace_operation(CloudTrailBackend, "update_trail", update_trail, reason="moto accepts any KmsKeyId")

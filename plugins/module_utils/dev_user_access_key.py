# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The dev user's single access key, kept in Secrets Manager: reads, rotation decision, AWS calls.

Where the key in use is recorded (no secret value is ever read):

- the version of the secret: every value this collection stores goes in with the
  ``ClientRequestToken`` ``version_token(user, access_key_id)`` (a UUID derived from
  the key ID), so the secret's ``AWSCURRENT`` version ID (DescribeSecret's
  ``VersionIdsToStages``) tells which key it holds;
- the user's tag ``TicketFlowSecretAccessKeyId`` (``KEY_ID_TAG``), for people and for
  secrets stored before the version token existed.

The version wins over the tag: a run stopped after storing a new key but before
re-tagging the user leaves the tag one key behind, and the next run repairs the tag
instead of deleting the key the secret holds. A run stopped after creating a key but
before storing it leaves a key no one holds, which the next run deletes.

``plan(...)`` is the pure decision (unit-tested); the functions below it are the AWS
calls, each behind the collection's error handlers and retry policy. None of them
returns, logs or raises the secret access key: ``create_access_key`` hands it only to
``store_key``, and the module adds it to ``no_log_values`` first.
"""

import datetime
import json
import re
import uuid

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import IAMErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import SecretsManagerErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

KEY_ID_TAG = "TicketFlowSecretAccessKeyId"
MAX_KEYS = 2  # IAM's quota of access keys per user
# A fixed namespace: the same user and key always give the same version token.
_TOKEN_NAMESPACE = uuid.UUID("0b6b8e4e-5c7a-4f62-9a51-6f1c3d0e7a21")
USER_NAME_RE = re.compile(r"^[\w+=,.@-]{1,64}$")
SECRET_NAME_RE = re.compile(r"^[A-Za-z0-9/_+=.@-]{1,512}$")
REASONS = {
    "secret_missing": "the secret does not exist (or is scheduled for deletion)",
    "tracked_key_missing": "no key of the user is the one the secret holds",
    "tracked_key_inactive": "the key the secret holds is inactive",
    "max_age": "the key is older than max_age_days",
}


class DevUserKeyInputError(ValueError):
    """Module input that cannot manage the dev user's key."""


def check_input(user_name, secret_name, max_age_days, recovery_window_days, tags):
    """Raise DevUserKeyInputError for input AWS would refuse (before any call)."""
    if not USER_NAME_RE.match(user_name or ""):
        raise DevUserKeyInputError(
            "user_name %r is not a valid IAM user name: 1 to 64 letters, digits and + = , . @ _ - (e.g. ticketflow-bedrock-dev-staging)." % (user_name,)
        )
    if not SECRET_NAME_RE.match(secret_name or "") or re.search(r"-[A-Za-z0-9]{6}$", secret_name or ""):
        raise DevUserKeyInputError(
            "secret_name %r is not a valid Secrets Manager name: 1 to 512 letters, digits and / _ + = . @ -, not ending in a "
            "hyphen and six characters (AWS reads that as an ARN suffix)." % (secret_name,)
        )
    if max_age_days is not None and max_age_days < 0:
        raise DevUserKeyInputError("max_age_days %d must be 0 or more (0 rotates the key now)." % max_age_days)
    if recovery_window_days is not None and recovery_window_days != 0 and not 7 <= recovery_window_days <= 30:
        raise DevUserKeyInputError(
            "recovery_window_days %d must be 7 to 30 (days Secrets Manager keeps the deleted secret), or 0 to delete it without recovery."
            % recovery_window_days
        )
    if len(tags or {}) > 50:
        raise DevUserKeyInputError("%d secret tags given; a secret takes at most 50." % len(tags))
    for key, value in (tags or {}).items():
        if not key or len(str(key)) > 128 or len(str(value)) > 256 or str(key).lower().startswith("aws:"):
            raise DevUserKeyInputError("secret tag %r=%r is not valid: keys of 1 to 128 characters not starting with aws:, values up to 256." % (key, value))


def version_token(user_name, access_key_id):
    """The ClientRequestToken (the version ID) of the secret value holding ``access_key_id``."""
    return str(uuid.uuid5(_TOKEN_NAMESPACE, "%s/%s" % (user_name, access_key_id)))


def secret_value(user_name, access_key_id, secret_access_key, create_date):
    """The JSON the secret holds (the ticketflow_app role reads AccessKeyId and SecretAccessKey)."""
    return json.dumps(
        {"AccessKeyId": access_key_id, "SecretAccessKey": secret_access_key, "UserName": user_name, "CreateDate": iso(create_date)},
        sort_keys=True,
    )


def iso(moment):
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(moment or "")


def age_days(create_date, now):
    """Whole and fractional days since ``create_date`` (a datetime), as a float."""
    if create_date.tzinfo is None:
        create_date = create_date.replace(tzinfo=datetime.timezone.utc)
    return (now - create_date).total_seconds() / 86400.0


def held_key_id(user_name, keys, tag_key_id, secret):
    """The ID of the key the secret holds: from its current version, else from the user's tag; None without a secret."""
    if not secret or secret.get("deleted"):
        return None
    current = secret.get("current_version_id")
    for key in keys:
        if current and current == version_token(user_name, key["AccessKeyId"]):
            return key["AccessKeyId"]
    return tag_key_id or None


def plan(user_name, keys, tag_key_id, secret, max_age_days, now):
    """What a present run does, decided without any change.

    ``keys``: ListAccessKeys metadata (AccessKeyId, Status, CreateDate); ``tag_key_id``: the
    user's KEY_ID_TAG or None; ``secret``: ``describe(...)`` or None. Returns a dict:
    ``held`` (the key the secret holds, or None), ``reasons`` (why to rotate; empty: keep
    ``held``), ``rotate``, ``make_room`` (the key deleted before creating one, or None),
    ``retag`` (whether the user's tag must name another key) and ``delete`` (the other keys,
    deleted after the new key is stored; the key made room for is not repeated).
    """
    held = held_key_id(user_name, keys, tag_key_id, secret)
    by_id = dict((key["AccessKeyId"], key) for key in keys)
    reasons = []
    if not secret or secret.get("deleted"):
        reasons.append("secret_missing")
    elif held not in by_id:
        reasons.append("tracked_key_missing")
    elif by_id[held].get("Status") != "Active":
        reasons.append("tracked_key_inactive")
    elif age_days(by_id[held]["CreateDate"], now) >= max_age_days:
        reasons.append("max_age")
    rotate = bool(reasons)
    ordered = sorted(keys, key=lambda key: (key["CreateDate"], key["AccessKeyId"]))
    make_room = None
    if rotate and len(keys) >= MAX_KEYS:
        others = [key for key in ordered if key["AccessKeyId"] != held]
        make_room = (others or ordered)[0]["AccessKeyId"]
    keep = None if rotate else held
    delete = [key["AccessKeyId"] for key in ordered if key["AccessKeyId"] not in (keep, make_room)]
    return {
        "held": held,
        "reasons": reasons,
        "rotate": rotate,
        "make_room": make_room,
        "retag": not rotate and tag_key_id != held,
        "delete": delete,
    }


def tags_to_api(tags):
    return [{"Key": str(k), "Value": str(v)} for k, v in sorted((tags or {}).items())]


def tags_from_api(tags):
    return dict((t["Key"], t["Value"]) for t in tags or [])


# ---- IAM ----------------------------------------------------------------------------


@retry_decorator("iam")
def _key_pages(client, user_name):
    return client.get_paginator("list_access_keys").paginate(UserName=user_name).build_full_result().get("AccessKeyMetadata", [])


@IAMErrorHandler.list_error_handler("list the access keys of user {user_name}", default_value=None)
def list_keys(client, user_name):
    """The user's access keys (metadata only), or None when the user does not exist."""
    return _key_pages(client, user_name)


@IAMErrorHandler.list_error_handler("read the tags of user {user_name}", default_value=None)
def key_id_tag(client, user_name):
    """The value of the user's KEY_ID_TAG (None when unset); raises for a missing user via list_keys first."""
    tags = tags_from_api(client.list_user_tags(aws_retry=True, UserName=user_name).get("Tags"))
    return tags.get(KEY_ID_TAG) or None


@IAMErrorHandler.common_error_handler("create an access key for user {user_name}")
def create_access_key(client, user_name):
    """(AccessKeyId, SecretAccessKey, CreateDate) of a new key. Callers never return the second item."""
    key = client.create_access_key(aws_retry=True, UserName=user_name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"], key["CreateDate"]


@IAMErrorHandler.deletion_error_handler("delete access key {access_key_id} of user {user_name}")
def delete_access_key(client, user_name, access_key_id):
    client.delete_access_key(aws_retry=True, UserName=user_name, AccessKeyId=access_key_id)
    return True


@IAMErrorHandler.common_error_handler("tag user {user_name} with the access key the secret holds")
def tag_user(client, user_name, access_key_id):
    client.tag_user(aws_retry=True, UserName=user_name, Tags=[{"Key": KEY_ID_TAG, "Value": access_key_id}])


@IAMErrorHandler.deletion_error_handler("remove tag %s from user {user_name}" % KEY_ID_TAG)
def untag_user(client, user_name):
    client.untag_user(aws_retry=True, UserName=user_name, TagKeys=[KEY_ID_TAG])
    return True


# ---- Secrets Manager --------------------------------------------------------------------


@SecretsManagerErrorHandler.list_error_handler("describe secret {name}", default_value=None)
def describe(client, name):
    """The secret's metadata (never its value), or None when it does not exist.

    ``{"arn", "name", "description", "kms_key_id", "tags", "deleted", "current_version_id"}``.
    """
    answer = client.describe_secret(aws_retry=True, SecretId=name)
    current = next((version for version, stages in (answer.get("VersionIdsToStages") or {}).items() if "AWSCURRENT" in stages), None)
    return {
        "arn": answer["ARN"],
        "name": answer["Name"],
        "description": answer.get("Description") or "",
        "kms_key_id": answer.get("KmsKeyId") or "",
        "tags": tags_from_api(answer.get("Tags")),
        "deleted": bool(answer.get("DeletedDate")),
        "current_version_id": current,
    }


@SecretsManagerErrorHandler.common_error_handler("restore secret {name}, which is scheduled for deletion")
def restore(client, name):
    client.restore_secret(aws_retry=True, SecretId=name)


@SecretsManagerErrorHandler.common_error_handler("store the new access key in secret {name}")
def store_key(client, name, secret, token, value, description, kms_key_id, tags):
    """Create the secret with ``value`` or put ``value`` as its new current version. The secret's ARN."""
    if secret is None:
        params = {"Name": name, "SecretString": value, "ClientRequestToken": token, "Tags": tags_to_api(tags)}
        if description:
            params["Description"] = description
        if kms_key_id:
            params["KmsKeyId"] = kms_key_id
        return client.create_secret(aws_retry=True, **params)["ARN"]
    return client.put_secret_value(aws_retry=True, SecretId=secret["arn"], SecretString=value, ClientRequestToken=token)["ARN"]


@SecretsManagerErrorHandler.common_error_handler("update the description or KMS key of secret {name}")
def update_metadata(client, name, arn, description, kms_key_id):
    params = {"SecretId": arn}
    if description is not None:
        params["Description"] = description
    if kms_key_id:
        params["KmsKeyId"] = kms_key_id
    client.update_secret(aws_retry=True, **params)


@SecretsManagerErrorHandler.common_error_handler("tag secret {name}")
def set_tags(client, name, arn, to_set, to_remove):
    if to_set:
        client.tag_resource(aws_retry=True, SecretId=arn, Tags=tags_to_api(to_set))
    if to_remove:
        client.untag_resource(aws_retry=True, SecretId=arn, TagKeys=to_remove)


@SecretsManagerErrorHandler.deletion_error_handler("delete secret {name}")
def delete_secret(client, name, recovery_window_days):
    if recovery_window_days == 0:
        client.delete_secret(aws_retry=True, SecretId=name, ForceDeleteWithoutRecovery=True)
    else:
        client.delete_secret(aws_retry=True, SecretId=name, RecoveryWindowInDays=recovery_window_days)
    return True


def same_kms_key(current, wanted):
    """Whether the secret's KmsKeyId (an ARN or alias as stored) is the wanted key (ID, ARN or alias)."""
    if not wanted:
        return True
    if not current:
        return wanted in ("alias/aws/secretsmanager",)
    return current == wanted or current.endswith("/" + wanted) or current.endswith(":" + wanted)

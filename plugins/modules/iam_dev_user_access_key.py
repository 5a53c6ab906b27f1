#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: iam_dev_user_access_key
short_description: Keep an IAM user's single access key in AWS Secrets Manager, rotated, without ever returning it
version_added: 1.1.0
description:
  - Owns the access key of a developer IAM user whose key lives in Secrets Manager (the TicketFlow dev user of the
    C(bedrock_iam) role). The user must exist; the secret is created when missing.
  - With O(state=present) it reads the user's keys, the user's tag C(TicketFlowSecretAccessKeyId) and the secret's
    metadata (never its value), and rotates the key when the secret is missing or scheduled for deletion, when the key
    the secret holds is missing or inactive, or when it is at least O(max_age_days) old (V(0) rotates now). Rotating
    makes room when the user already has two keys (IAM's limit), creates a key, stores C(AccessKeyId),
    C(SecretAccessKey), C(UserName) and C(CreateDate) as the secret's JSON (a new secret or a new current version),
    tags the user with the key ID and deletes every other key of the user. Otherwise nothing changes.
  - The secret access key is never returned, logged or put in a diff (it is registered as a no-log value, so even a
    failure message cannot show it). The module result names key IDs only.
  - The secret's current version ID is derived from the key ID it holds (its C(ClientRequestToken)), so a run stopped
    after storing a new key but before tagging the user is repaired by the next run (the tag follows the secret), and a
    key created but never stored is deleted by the next run.
  - With O(state=absent) it deletes every access key of the user, removes the tag and deletes the secret (with
    O(recovery_window_days)). The user itself stays (remove it with M(amazon.aws.iam_user)).
  - Check mode makes no mutating call; diff shows key IDs only.
author:
  - TicketFlow platform team (@ticketflow)
options:
  user_name:
    description:
      - The IAM user whose access key is managed.
    type: str
    required: true
  secret_name:
    description:
      - The name of the Secrets Manager secret holding the key, in the task's region.
    type: str
    required: true
  state:
    description:
      - V(present) keeps one current key stored in the secret; V(absent) deletes the user's keys and the secret.
    type: str
    choices: [present, absent]
    default: present
  max_age_days:
    description:
      - Rotate the key when it is at least this many days old. V(0) rotates on this run.
    type: int
    default: 90
  description:
    description:
      - The secret's description. Updated on an existing secret when it differs.
    type: str
  kms_key_id:
    description:
      - The KMS key (ID, ARN or alias) encrypting the secret. Without it Secrets Manager uses C(aws/secretsmanager).
        Set at creation, or updated on an existing secret when it differs (values stored later are encrypted with it).
    type: str
  tags:
    description:
      - Tags of the secret.
    type: dict
    default: {}
  purge_tags:
    description:
      - Remove the secret's tags not listed in O(tags).
    type: bool
    default: true
  recovery_window_days:
    description:
      - With O(state=absent), the days (7 to 30) Secrets Manager keeps the deleted secret restorable; V(0) deletes it
        without recovery.
    type: int
    default: 30
notes:
  - Needs C(iam:ListAccessKeys), C(iam:ListUserTags), C(iam:CreateAccessKey), C(iam:DeleteAccessKey), C(iam:TagUser),
    C(iam:UntagUser) on the user, and C(secretsmanager:DescribeSecret), C(secretsmanager:CreateSecret),
    C(secretsmanager:PutSecretValue), C(secretsmanager:UpdateSecret), C(secretsmanager:RestoreSecret),
    C(secretsmanager:TagResource), C(secretsmanager:UntagResource), C(secretsmanager:DeleteSecret) on the secret
    (plus C(kms:GenerateDataKey) on a customer managed key). It never needs C(secretsmanager:GetSecretValue).
  - IAM calls and Secrets Manager calls retry throttling and transient errors with the collection's per-service
    policy. When storing a new key fails, the new key is deleted again before the task fails.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Keep the dev user's key in Secrets Manager, rotated every 90 days
  ticketflow.bedrock.iam_dev_user_access_key:
    region: us-east-1
    user_name: ticketflow-bedrock-dev-staging
    secret_name: ticketflow/bedrock/staging/dev-user-access-key
    max_age_days: 90
    description: Access key of the TicketFlow Bedrock dev user (staging)
    tags:
      Application: ticketflow
      Environment: staging
  register: dev_key

- name: Rotate now
  ticketflow.bedrock.iam_dev_user_access_key:
    user_name: ticketflow-bedrock-dev-staging
    secret_name: ticketflow/bedrock/staging/dev-user-access-key
    max_age_days: 0

- name: Remove the keys and the secret (restorable for 7 days)
  ticketflow.bedrock.iam_dev_user_access_key:
    user_name: ticketflow-bedrock-dev-staging
    secret_name: ticketflow/bedrock/staging/dev-user-access-key
    recovery_window_days: 7
    state: absent
"""

RETURN = r"""
extends_documentation_fragment:
  - ticketflow.bedrock.diagnosis
access_key_id:
  description: The ID of the key the secret holds after the task; null in check mode before a rotation, and after
    O(state=absent).
  returned: always
  type: str
  sample: AKIAIOSFODNN7EXAMPLE
user_name:
  description: The user.
  returned: always
  type: str
secret_arn:
  description: The secret's ARN; null when it does not exist (yet, in check mode, or after O(state=absent)).
  returned: always
  type: str
  sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:ticketflow/bedrock/staging/dev-user-access-key-AbCdEf
rotated:
  description: Whether a new key was (or in check mode would be) created and stored.
  returned: always
  type: bool
rotation_reasons:
  description: Why the key was rotated, among V(secret_missing), V(tracked_key_missing), V(tracked_key_inactive) and
    V(max_age); empty when it was kept.
  returned: always
  type: list
  elements: str
deleted_access_key_ids:
  description: The keys deleted (or in check mode to be deleted).
  returned: always
  type: list
  elements: str
key_create_date:
  description: When the key the secret holds was created (ISO 8601, UTC); null when not known yet.
  returned: always
  type: str
key_age_days:
  description: The age of that key in days (V(0) for a new key); null when not known.
  returned: always
  type: float
secret_created:
  description: Whether the secret was (or would be) created, or restored from a scheduled deletion.
  returned: always
  type: bool
secret_deleted:
  description: With O(state=absent), whether the secret was (or would be) deleted.
  returned: always
  type: bool
"""

import datetime

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.ticketflow.bedrock.plugins.module_utils import dev_user_access_key as keys_utils
from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import fail_with_aws_error
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import aws_client
from ansible_collections.ticketflow.bedrock.plugins.module_utils.tags import tag_changes


def view(access_key_ids, held, secret):
    """The diff's view: key IDs and the secret's ARN, never a secret."""
    return {"access_key_ids": sorted(access_key_ids), "secret_access_key_id": held, "secret_arn": (secret or {}).get("arn")}


def result(**values):
    base = {
        "access_key_id": None,
        "user_name": None,
        "secret_arn": None,
        "rotated": False,
        "rotation_reasons": [],
        "deleted_access_key_ids": [],
        "key_create_date": None,
        "key_age_days": None,
        "secret_created": False,
        "secret_deleted": False,
    }
    base.update(values)
    return base


def secret_metadata(module, sm, secret):
    """Bring an existing secret's description, KMS key and tags to the wanted ones. Whether anything changed."""
    params, changed = module.params, False
    description = params["description"]
    if (description is not None and description != secret["description"]) or not keys_utils.same_kms_key(secret["kms_key_id"], params["kms_key_id"]):
        changed = True
        if not module.check_mode:
            keys_utils.update_metadata(sm, secret["name"], secret["arn"], description, params["kms_key_id"])
    to_set, to_remove = tag_changes(secret["tags"], params["tags"], params["purge_tags"])
    if to_set or to_remove:
        changed = True
        if not module.check_mode:
            keys_utils.set_tags(sm, secret["name"], secret["arn"], to_set, to_remove)
    return changed


def store_new_key(module, iam, sm, user_name, secret):
    """Create a key and store it in the secret; on a storing failure delete the key again. (key ID, create date, ARN)."""
    params = module.params
    access_key_id, secret_access_key, create_date = keys_utils.create_access_key(iam, user_name)
    module.no_log_values.add(secret_access_key)
    value = keys_utils.secret_value(user_name, access_key_id, secret_access_key, create_date)
    module.no_log_values.add(value)
    del secret_access_key
    try:
        arn = keys_utils.store_key(
            sm,
            params["secret_name"],
            secret,
            keys_utils.version_token(user_name, access_key_id),
            value,
            params["description"],
            params["kms_key_id"],
            params["tags"],
        )
    except AnsibleAWSError:
        try:
            keys_utils.delete_access_key(iam, user_name, access_key_id)
        except AnsibleAWSError:
            module.warn("The new access key %s could not be stored nor deleted again: the next run deletes it." % access_key_id)
        raise
    finally:
        del value
    return access_key_id, create_date, arn


def ensure_present(module, iam, sm, now):
    params = module.params
    user_name = params["user_name"]
    keys = keys_utils.list_keys(iam, user_name)
    if keys is None:
        module.fail_json(
            msg="IAM user %s does not exist: create it first (amazon.aws.iam_user, or the bedrock_iam role with "
            "bedrock_iam_dev_user_enabled=true), then run again." % user_name,
            **result(user_name=user_name),
        )
    tag = keys_utils.key_id_tag(iam, user_name)
    secret = keys_utils.describe(sm, params["secret_name"])
    decided = keys_utils.plan(user_name, keys, tag, secret, params["max_age_days"], now)
    by_id = dict((key["AccessKeyId"], key) for key in keys)
    before = view(by_id, decided["held"], secret)
    changed = False
    secret_created = secret is None or secret["deleted"]

    if secret is not None and not secret["deleted"]:
        changed |= secret_metadata(module, sm, secret)
    if decided["rotate"]:
        changed = True
        if decided["make_room"] and not module.check_mode:
            keys_utils.delete_access_key(iam, user_name, decided["make_room"])
        if module.check_mode:
            held, create_date, arn = None, None, (secret or {}).get("arn") if not secret_created else None
        else:
            if secret is not None and secret["deleted"]:
                keys_utils.restore(sm, params["secret_name"])
                changed |= secret_metadata(module, sm, dict(secret, deleted=False))
                secret = dict(secret, deleted=False)
            held, create_date, arn = store_new_key(module, iam, sm, user_name, secret)
            keys_utils.tag_user(iam, user_name, held)
    else:
        held, create_date, arn = decided["held"], by_id[decided["held"]]["CreateDate"], secret["arn"]
        if decided["retag"]:
            changed = True
            if not module.check_mode:
                keys_utils.tag_user(iam, user_name, held)
    deleted = ([decided["make_room"]] if decided["make_room"] else []) + decided["delete"]
    if decided["delete"]:
        changed = True
        if not module.check_mode:
            for access_key_id in decided["delete"]:
                keys_utils.delete_access_key(iam, user_name, access_key_id)
    after_ids = [key_id for key_id in by_id if key_id not in deleted] + ([held or "(new key)"] if decided["rotate"] else [])
    after = view(after_ids, held or ("(new key)" if decided["rotate"] else None), {"arn": arn})
    return changed, result(
        access_key_id=held,
        user_name=user_name,
        secret_arn=arn,
        rotated=decided["rotate"],
        rotation_reasons=decided["reasons"],
        deleted_access_key_ids=deleted,
        key_create_date=keys_utils.iso(create_date) if create_date else None,
        key_age_days=round(keys_utils.age_days(create_date, now), 3) if isinstance(create_date, datetime.datetime) else None,
        secret_created=secret_created,
        diff={"before": before, "after": after},
    )


def ensure_absent(module, iam, sm):
    params = module.params
    user_name = params["user_name"]
    keys = keys_utils.list_keys(iam, user_name)
    tag = keys_utils.key_id_tag(iam, user_name) if keys is not None else None  # None: the user does not exist
    keys = keys or []
    secret = keys_utils.describe(sm, params["secret_name"])
    live_secret = secret is not None and not secret["deleted"]
    deleted = sorted(key["AccessKeyId"] for key in keys)
    changed = bool(deleted) or tag is not None or live_secret
    if not module.check_mode:
        for access_key_id in deleted:
            keys_utils.delete_access_key(iam, user_name, access_key_id)
        if tag is not None:
            keys_utils.untag_user(iam, user_name)
        if live_secret:
            keys_utils.delete_secret(sm, params["secret_name"], params["recovery_window_days"])
    before = view(deleted, tag, secret if live_secret else None)
    return changed, result(
        user_name=user_name, deleted_access_key_ids=deleted, secret_deleted=live_secret, diff={"before": before, "after": view([], None, None)}
    )


def main():
    argument_spec = dict(
        user_name=dict(type="str", required=True),
        secret_name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        max_age_days=dict(type="int", default=90),
        description=dict(type="str"),
        kms_key_id=dict(type="str"),
        tags=dict(type="dict", default={}),
        purge_tags=dict(type="bool", default=True),
        recovery_window_days=dict(type="int", default=30),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    try:
        keys_utils.check_input(params["user_name"], params["secret_name"], params["max_age_days"], params["recovery_window_days"], params["tags"])
    except keys_utils.DevUserKeyInputError as e:
        module.fail_json(msg=str(e), **result(user_name=params["user_name"]))

    iam = aws_client(module, "iam")
    sm = aws_client(module, "secretsmanager")
    try:
        if params["state"] == "absent":
            changed, outcome = ensure_absent(module, iam, sm)
        else:
            changed, outcome = ensure_present(module, iam, sm, datetime.datetime.now(datetime.timezone.utc))
    except AnsibleAWSError as e:
        fail_with_aws_error(
            module,
            e,
            "Could not manage the access key of IAM user %s stored in secret %s (%s)" % (params["user_name"], params["secret_name"], module.region),
            region=module.region,
        )
    module.exit_json(changed=changed, **outcome)


if __name__ == "__main__":
    main()

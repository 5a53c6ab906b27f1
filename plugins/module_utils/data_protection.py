# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The customer-managed KMS key that protects an environment's logs.

One symmetric key per environment encrypts the trail's bucket and log files
and the invocation log group. ``data_key_policy`` builds its key policy,
limited to the principals that administer it and to the services that use it,
each with the condition keys AWS documents:

- CloudTrail (AWS CloudTrail User Guide, "Configure AWS KMS key policies for
  CloudTrail" and "Default KMS key policy created in CloudTrail console"):
  ``kms:GenerateDataKey*`` with ``aws:SourceArn`` = the trail and
  ``kms:EncryptionContext:aws:cloudtrail:arn`` like this account's trails;
  ``kms:DescribeKey`` with ``aws:SourceArn`` = the trail.
- CloudWatch Logs (Amazon CloudWatch Logs User Guide, "Encrypt log data in
  CloudWatch Logs using AWS KMS"): the Region's service principal
  ``logs.REGION.amazonaws.com`` with ``kms:Encrypt*``, ``kms:Decrypt*``,
  ``kms:ReEncrypt*``, ``kms:GenerateDataKey*`` and ``kms:Describe*``,
  conditioned on ``kms:EncryptionContext:aws:logs:arn`` = the log group.
- Amazon Bedrock, only for invocation logs delivered to an SSE-KMS bucket
  (Amazon Bedrock User Guide, "Monitor model invocation using CloudWatch Logs
  and Amazon S3", S3 destination): ``kms:GenerateDataKey`` with
  ``aws:SourceAccount`` and ``aws:SourceArn`` like ``arn:aws:bedrock:REGION:ACCOUNT:*``.
  Bedrock needs nothing on the key for a log group: CloudWatch Logs encrypts.
  The statement's form is recalled from that page; its excerpt could not be
  read in full (unverified).

No ``arn:aws:iam::ACCOUNT:root`` statement: IAM policies of the account do not
reach the key; only the listed administrators do (at least one, so the key is
never unmanageable).
"""

import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils.invocation_logging import LOG_GROUP_NAME_RE

KEY_ARN_RE = re.compile(
    r"^arn:(aws(?:-[a-z]+)*):kms:([a-z0-9-]+):(\d{12}):key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$"
)
ALIAS_RE = re.compile(r"^alias/[a-zA-Z0-9/_-]{1,250}$")
PRINCIPAL_ARN_RE = re.compile(r"^arn:aws(?:-[a-z]+)*:iam::(\d{12}):(?:root|(?:user|role)/[\w+=,.@/-]+)$")
ASSUMED_ROLE_RE = re.compile(r"^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role/([\w+=,.@-]+)/[\w+=,.@-]+$")
TRAIL_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$")
DELETION_WINDOW_DAYS = (7, 30)
# Tag the collection puts on a key it created, naming the environment that owns it: teardown schedules
# the deletion of a key only when this tag names the environment being removed.
OWNER_TAG = "TicketFlowDataKeyOwner"
# Log retention values CloudWatch Logs accepts (PutRetentionPolicy).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)

CLOUDWATCH_LOGS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]


class DataKeyError(ValueError):
    """Input that cannot make the data key or its policy."""


def deploy_principal(caller_arn):
    """The IAM principal ARN a key policy can name for ``caller_arn`` (sts:GetCallerIdentity's Arn).

    An assumed-role session becomes its role (``arn:aws:iam::ACCOUNT:role/NAME``; a role with a
    path must be given explicitly, the session ARN does not show it); users and roots stay.
    """
    caller_arn = (caller_arn or "").strip()
    match = ASSUMED_ROLE_RE.match(caller_arn)
    if match:
        partition, account, role = match.groups()
        return "arn:%s:iam::%s:role/%s" % (partition, account, role)
    if PRINCIPAL_ARN_RE.match(caller_arn):
        return caller_arn
    raise DataKeyError("%r cannot be named in a key policy: give the administrators' IAM user or role ARNs explicitly." % caller_arn)


def data_key_input_errors(key_arn="", alias="", admin_arns=None, deletion_window_days=30, region=None, account_id=None, retention_days=None):
    # pylint: disable=too-many-arguments
    """One sentence per bad input of the data key (empty when all is well); no AWS call."""
    errors = []
    if key_arn:
        match = KEY_ARN_RE.match(key_arn)
        if not match:
            errors.append(
                "the KMS key %r is not a key ARN (arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID); give the ARN, not an ID or alias, "
                "because CloudTrail and CloudWatch Logs need the full ARN." % key_arn
            )
        else:
            if region and match.group(2) != region:
                errors.append("the KMS key %s is in %s, but the trail and log group are in %s: use a key of %s." % (key_arn, match.group(2), region, region))
            if account_id and match.group(3) != str(account_id):
                errors.append("the KMS key %s belongs to account %s, not to the environment's account %s." % (key_arn, match.group(3), account_id))
    if alias and (not ALIAS_RE.match(alias) or alias.lower().startswith("alias/aws")):
        errors.append("the key alias %r must be alias/NAME (letters, digits, /, _ and -) and must not start with alias/aws." % alias)
    for arn in admin_arns or []:
        if not PRINCIPAL_ARN_RE.match(arn or ""):
            errors.append("the key administrator %r is not an IAM user, role or account root ARN." % arn)
        elif account_id and PRINCIPAL_ARN_RE.match(arn).group(1) != str(account_id):
            errors.append("the key administrator %s is not in the environment's account %s." % (arn, account_id))
    try:
        window = int(deletion_window_days)
    except (TypeError, ValueError):
        window = None
    if window is None or not DELETION_WINDOW_DAYS[0] <= window <= DELETION_WINDOW_DAYS[1]:
        errors.append("the key deletion window %r must be %d to %d days (KMS ScheduleKeyDeletion)." % ((deletion_window_days,) + DELETION_WINDOW_DAYS))
    if retention_days is not None and retention_days not in RETENTION_DAYS:
        errors.append("the log retention %r days is not one CloudWatch Logs accepts (%s)." % (retention_days, ", ".join(str(d) for d in RETENTION_DAYS)))
    return errors


def _partition(region):
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def trail_arn(region, account_id, trail_name):
    return "arn:%s:cloudtrail:%s:%s:trail/%s" % (_partition(region), region, account_id, trail_name)


def log_group_arn(region, account_id, log_group_name):
    return "arn:%s:logs:%s:%s:log-group:%s" % (_partition(region), region, account_id, log_group_name)


def data_key_policy(account_id, region, admin_arns, trail_name=None, log_group_names=None, bedrock_s3=False):
    """The key policy of an environment's data key.

    ``admin_arns``: IAM principals that administer and use the key (at least one: the deploy
    principal); ``trail_name``: the trail whose log files it encrypts (None: no CloudTrail
    statements); ``log_group_names``: the log groups it encrypts; ``bedrock_s3``: Bedrock delivers
    invocation logs to an SSE-KMS bucket under this key.
    """
    account_id = str(account_id or "")
    if not re.match(r"^\d{12}$", account_id):
        raise DataKeyError("account ID %r is not 12 digits." % account_id)
    if not re.match(r"^[a-z]{2}(-[a-z]+)+-\d$", region or ""):
        raise DataKeyError("region %r is not an AWS Region name." % region)
    admins = sorted(set(a for a in admin_arns or [] if a))
    if not admins:
        raise DataKeyError("the key policy needs at least one administrator (the deploy principal), or nobody could manage the key.")
    errors = data_key_input_errors(admin_arns=admins, account_id=account_id)
    if trail_name is not None and not TRAIL_NAME_RE.match(trail_name):
        errors.append("the trail name %r is not a CloudTrail trail name." % trail_name)
    for name in log_group_names or []:
        if not LOG_GROUP_NAME_RE.match(name or ""):
            errors.append("the log group name %r is not a CloudWatch Logs log group name." % name)
    if errors:
        raise DataKeyError(" ".join(errors))
    partition = _partition(region)
    statements = [
        {
            "Sid": "KeyAdministrators",
            "Effect": "Allow",
            "Principal": {"AWS": admins if len(admins) > 1 else admins[0]},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if trail_name is not None:
        trail = trail_arn(region, account_id, trail_name)
        statements.append(
            {
                "Sid": "CloudTrailEncryptLogFiles",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceArn": trail},
                    "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:%s:cloudtrail:*:%s:trail/*" % (partition, account_id)},
                },
            }
        )
        statements.append(
            {
                "Sid": "CloudTrailDescribeKey",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceArn": trail}},
            }
        )
    groups = sorted(set(log_group_names or []))
    if groups:
        arns = [log_group_arn(region, account_id, name) for name in groups]
        statements.append(
            {
                "Sid": "CloudWatchLogsEncryptLogGroups",
                "Effect": "Allow",
                "Principal": {"Service": "logs.%s.amazonaws.com" % region},
                "Action": list(CLOUDWATCH_LOGS_ACTIONS),
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": arns if len(arns) > 1 else arns[0]}},
            }
        )
    if bedrock_s3:
        statements.append(
            {
                "Sid": "BedrockInvocationLogsToS3",
                "Effect": "Allow",
                "Principal": {"Service": "bedrock.amazonaws.com"},
                "Action": "kms:GenerateDataKey",
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account_id},
                    "ArnLike": {"aws:SourceArn": "arn:%s:bedrock:%s:%s:*" % (partition, region, account_id)},
                },
            }
        )
    return {"Version": "2012-10-17", "Id": "ticketflow-bedrock-data-key", "Statement": statements}


def key_owned_by(tags, environment):
    """True when the key's tags (a dict, or KMS's list of TagKey/TagValue) say ``environment`` created it."""
    if isinstance(tags, list):
        tags = {t.get("TagKey", t.get("Key")): t.get("TagValue", t.get("Value")) for t in tags if isinstance(t, dict)}
    return bool(environment) and (tags or {}).get(OWNER_TAG) == environment


def keys_owned_by(keys, environment):
    """(owned, others): kms_key_info's keys split by whether ``environment`` created them."""
    owned = [k for k in keys or [] if key_owned_by(k.get("tags"), environment)]
    others = [k for k in keys or [] if not key_owned_by(k.get("tags"), environment)]
    return owned, others


def _key_id(arn):
    return (arn or "").rsplit("/", 1)[-1]


def same_key(found, expected):
    """Whether two key references (ARNs or IDs) name the same key."""
    return bool(found) and bool(expected) and _key_id(found) == _key_id(expected)


def encryption_checks(c):
    """The readiness checks of the logs' encryption and retention (dicts as readiness_checks.check makes).

    ``c``: ``data_key`` (kms_key_info's result for the environment's key), ``data_key_expected``
    (True when the environment uses a data key), ``trail`` (cloudtrail_info's result),
    ``trail_bucket_encryption`` (the bucket's default encryption as s3_bucket_info returns it),
    ``log_group`` (cloudwatchlogs_log_group_info's result), ``invocation_log_group_name``,
    ``invocation_log_retention_days``.
    """
    checks = []
    keys = (c.get("data_key") or {}).get("kms_keys") or []
    key = keys[0] if keys else None
    groups = [g for g in (c.get("log_group") or {}).get("log_groups") or [] if g.get("log_group_name") == c.get("invocation_log_group_name")]
    group = groups[0] if groups else None
    if c.get("data_key_expected"):
        if key is None:
            checks.append(_check("Data protection key", False, "the environment's KMS key was not found: run the observability step"))
        else:
            usable = key.get("key_state") == "Enabled" and key.get("key_manager") == "CUSTOMER"
            checks.append(
                _check(
                    "Data protection key",
                    usable,
                    "%s %s, %s-managed" % (key.get("key_arn"), key.get("key_state"), str(key.get("key_manager")).lower()),
                )
            )
            rotation = key.get("enable_key_rotation")
            checks.append(
                _check(
                    "Data protection key rotation",
                    None if rotation is None else rotation,
                    "automatic rotation %s" % ("on" if rotation else "unknown" if rotation is None else "off"),
                    "error" if rotation is not None else "warning",
                )
            )
        key_arn = key.get("key_arn") if key else None
        if group is not None:
            found = group.get("kms_key_id")
            checks.append(
                _check(
                    "Invocation log group encrypted with the data key",
                    same_key(found, key_arn),
                    "kmsKeyId %s" % (found or "none (CloudWatch Logs default encryption)"),
                )
            )
        trails = (c.get("trail") or {}).get("trail_list") or []
        if trails:
            found = trails[0].get("kms_key_id")
            checks.append(_check("Trail log files encrypted with the data key", same_key(found, key_arn), "KmsKeyId %s" % (found or "none (SSE-S3)")))
        if c.get("trail_bucket_encryption") is not None:
            rules = (c.get("trail_bucket_encryption") or {}).get("ServerSideEncryptionConfiguration", c.get("trail_bucket_encryption") or {}).get("Rules") or []
            default = (rules[0].get("ApplyServerSideEncryptionByDefault") or {}) if rules else {}
            ok = default.get("SSEAlgorithm") == "aws:kms" and same_key(default.get("KMSMasterKeyID"), key_arn)
            checks.append(
                _check(
                    "Trail bucket encrypted with the data key",
                    ok,
                    "%s %s" % (default.get("SSEAlgorithm") or "no default encryption", default.get("KMSMasterKeyID") or ""),
                )
            )
    wanted = c.get("invocation_log_retention_days")
    if group is not None and wanted:
        found = group.get("retention_in_days")
        checks.append(
            _check(
                "Invocation log retention",
                found == int(wanted),
                "%s days, configured %s" % (found if found else "never expire", wanted),
            )
        )
    return checks


def _check(name, ok, detail, severity="error"):
    return {"name": name, "ok": None if ok is None else bool(ok), "detail": detail.strip(), "severity": severity}

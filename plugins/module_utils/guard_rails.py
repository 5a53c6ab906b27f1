# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Checks of the dangerous inputs, run before any AWS call.

Each function returns a list of problems (empty when the input is fine), every
problem a sentence that says what is wrong and what to do, so that a role can
check for an empty list and a module can fail with the joined text.

- ``account_id_errors(value, name)``: a 12-digit AWS account ID.
- ``principal_arn_errors(arns, allow_account_root, name)``: IAM principals a
  trust policy may name: no ``*`` (or any wildcard), no bare account ID, no
  account root (``arn:aws:iam::123456789012:root``) unless
  ``allow_account_root``.
- ``account_root_principals(arns)``: the account-root principals of a list, for
  reports.
- ``trust_policy_principals(document)``: the AWS principals a trust policy's
  Allow statements name (``"*"`` for ``"Principal": "*"``).
- ``role_arn_errors(arn, name)``: an IAM role ARN, without wildcards.
- ``temporary_admin_grant_errors(grants, max_days, now)``: each grant has a
  principal type and name and an ``expires_at`` in UTC no further than
  ``max_days`` ahead. An expiry in the past is accepted: it is how a grant is
  revoked (the first run after it detaches the policy).
- ``account_guard_errors(caller_account, configured_account, environment)``:
  the credentials belong to the environment's configured account.
- ``teardown_guard_errors(...)``: the confirmation a teardown needs.
"""

import json
import re
from datetime import datetime
from datetime import timedelta
from datetime import timezone

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
EXPIRY_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
DEFAULT_MAX_ADMIN_DAYS = 7
PRINCIPAL_TYPES = ("user", "role", "group")

_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")
_PARTITION = "(?P<partition>%s)" % "|".join(re.escape(p) for p in PARTITIONS)
_NAME_PATH = r"(?:/[\w+=,.@-]+)*/[\w+=,.@-]{1,128}"
_PRINCIPAL_ARN = re.compile(
    r"^arn:%s:(?P<service>iam|sts)::(?P<account>[0-9]{12}):"
    r"(?P<resource>root|user%s|role%s|assumed-role/[\w+=,.@-]{1,64}/[\w+=,.@-]{1,64}|federated-user/[\w+=,.@-]{2,32})$" % (_PARTITION, _NAME_PATH, _NAME_PATH)
)
_ROLE_ARN = re.compile(r"^arn:%s:iam::(?P<account>[0-9]{12}):role%s$" % (_PARTITION, _NAME_PATH))
_LOOPBACK_URL = re.compile(r"^https?://(?:127\.[0-9.]+|localhost|\[::1\])(?::[0-9]+)?(?:/.*)?$", re.IGNORECASE)


def account_id_errors(value, name="account ID"):
    """Problems of an AWS account ID (12 digits, as a string)."""
    text = "" if value is None else str(value)
    if _ACCOUNT_ID.match(text):
        return []
    return ["%s %r is not an AWS account ID: give the 12 digits of the account (quoted in YAML, so leading zeros stay)." % (name, text)]


def _is_account_root(arn):
    match = _PRINCIPAL_ARN.match(arn)
    return bool(match and match.group("resource") == "root")


def account_root_principals(arns):
    """The account-root principals among ``arns`` (ARNs ending in ``:root``)."""
    return [arn for arn in (arns or []) if isinstance(arn, str) and _is_account_root(arn)]


def principal_arn_errors(arns, allow_account_root=False, name="trusted principal"):
    """Problems of principal ARNs a trust policy would name."""
    if arns is None:
        return []
    if isinstance(arns, str) or not isinstance(arns, (list, tuple)):
        return ["%ss must be a list of IAM principal ARNs, not %r." % (name, arns)]
    problems = []
    for arn in arns:
        if not isinstance(arn, str) or not arn:
            problems.append("%s %r is not an IAM principal ARN." % (name, arn))
        elif "*" in arn or "?" in arn:
            problems.append(
                "%s %r is a wildcard: it would let any AWS principal assume the role. Name the exact role or user "
                "ARNs (arn:aws:iam::ACCOUNT:role/NAME)." % (name, arn)
            )
        elif _ACCOUNT_ID.match(arn):
            problems.append(
                "%s %r is a bare account ID, which IAM reads as the account root (every principal of that account "
                "the account's own policies allow). Name the exact role or user ARN instead." % (name, arn)
            )
        elif not _PRINCIPAL_ARN.match(arn):
            problems.append("%s %r is not an IAM principal ARN: use arn:PARTITION:iam::ACCOUNT:role/NAME, :user/NAME, or sts assumed-role ARNs." % (name, arn))
        elif _is_account_root(arn) and not allow_account_root:
            problems.append(
                "%s %r is an account root: it trusts every principal of that account that the account's own "
                "policies allow. Name the exact role or user ARN, or allow the account root explicitly (it is then "
                "reported in the readiness report)." % (name, arn)
            )
    return problems


def trust_policy_principals(document):
    """The AWS principals (ARNs, account IDs or ``*``) the Allow statements of a trust policy name."""
    if isinstance(document, str):
        document = json.loads(document)
    statements = (document or {}).get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    principals = []
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        if isinstance(principal, str):
            principals.append(principal)
        elif isinstance(principal, dict) and "AWS" in principal:
            aws = principal["AWS"]
            principals.extend([aws] if isinstance(aws, str) else list(aws))
    return principals


def role_arn_errors(arn, name="role_arn"):
    """Problems of an IAM role ARN to assume."""
    if not isinstance(arn, str) or not arn:
        return ["%s must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not %r." % (name, arn)]
    if "*" in arn or "?" in arn:
        return ["%s %r contains a wildcard: give the exact role ARN." % (name, arn)]
    if not _ROLE_ARN.match(arn):
        return ["%s %r is not an IAM role ARN: use arn:aws:iam::ACCOUNT:role/NAME (with the role's path, if any; 12-digit account ID)." % (name, arn)]
    return []


def parse_expiry(value):
    """``expires_at`` (``YYYY-MM-DDTHH:MM:SSZ``) as an aware UTC datetime, or None when malformed."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, EXPIRY_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _now(now):
    if now is None:
        return datetime.now(timezone.utc)
    if isinstance(now, str):
        parsed = parse_expiry(now)
        if parsed is None:
            raise ValueError("now %r is not formatted %s" % (now, EXPIRY_FORMAT))
        return parsed
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def temporary_admin_grant_errors(grants, max_days=DEFAULT_MAX_ADMIN_DAYS, now=None):
    """Problems of temporary admin grants; ``now`` (datetime or timestamp string) defaults to the clock."""
    if grants is None:
        return []
    if not isinstance(grants, (list, tuple)):
        return ["temporary admin grants must be a list of {principal_type, principal_name, expires_at}, not %r." % (grants,)]
    try:
        max_days = int(max_days)
    except (TypeError, ValueError):
        return ["the temporary admin horizon (max days) must be a whole number of days, not %r." % (max_days,)]
    if max_days < 1:
        return ["the temporary admin horizon (max days) must be at least 1, not %d." % max_days]
    current = _now(now)
    horizon = current + timedelta(days=max_days)
    problems = []
    for grant in grants:
        if not isinstance(grant, dict):
            problems.append("temporary admin grant %r must be a mapping." % (grant,))
            continue
        label = "%s/%s" % (grant.get("principal_type", "?"), grant.get("principal_name", "?"))
        if grant.get("principal_type") not in PRINCIPAL_TYPES:
            problems.append("temporary admin grant %s: principal_type must be one of %s." % (label, ", ".join(PRINCIPAL_TYPES)))
        name = grant.get("principal_name")
        if not isinstance(name, str) or not re.match(r"^[\w+=,.@-]{1,128}$", name):
            problems.append(
                "temporary admin grant %s: principal_name must be the name (not the ARN, no wildcard) of an "
                "existing IAM %s." % (label, grant.get("principal_type", "principal"))
            )
        expiry = parse_expiry(grant.get("expires_at"))
        if expiry is None:
            problems.append("temporary admin grant %s: expires_at %r must be a UTC timestamp like 2026-12-03T18:00:00Z." % (label, grant.get("expires_at")))
        elif expiry > horizon:
            problems.append(
                "temporary admin grant %s: expires_at %s is more than %d days ahead (limit %s). Temporary admin "
                "access is for a short task: choose an earlier expiry, or raise the horizon deliberately."
                % (label, grant["expires_at"], max_days, horizon.strftime(EXPIRY_FORMAT))
            )
    return problems


def account_guard_errors(caller_account, configured_account, environment="the environment"):
    """Problems when the caller's account is not the environment's configured account."""
    problems = account_id_errors(configured_account, "The configured account ID (tfb_account_id) of %s" % environment)
    if problems:
        return problems
    if str(caller_account) != str(configured_account):
        return [
            "The credentials belong to account %s, but %s lives in account %s: nothing was changed. Use the "
            "credentials (profile, instance role or AWS_* variables) of account %s, or correct tfb_account_id."
            % (caller_account, environment, configured_account, configured_account)
        ]
    return []


def is_local_endpoint(endpoint_url):
    """True when ``endpoint_url`` points at a loopback address (the local endpoint, never AWS)."""
    return bool(endpoint_url) and bool(_LOOPBACK_URL.match(str(endpoint_url)))


def teardown_guard_errors(
    environment, caller_account, configured_account, endpoint_url="", confirm_account_id="", prod=False, confirm_prod=False, local_environment=False
):
    """Problems before a teardown may start.

    Local (``local_environment``, an environment of the local endpoint, and a
    loopback ``endpoint_url``): only the account check. Anything else needs
    ``confirm_account_id`` equal to the account the credentials belong to;
    prod additionally needs ``confirm_prod``. The confirmation is bound to the
    account, so no inventory flag (``-e tfb_prod=false``) lets a teardown
    through without naming the account it deletes from.
    """
    problems = account_guard_errors(caller_account, configured_account, environment)
    if problems or (local_environment and is_local_endpoint(endpoint_url)):
        return problems
    if str(confirm_account_id or "") != str(caller_account):
        problems.append(
            "Tearing down %s deletes its Bedrock IAM role, policy, endpoints, trail, budget and alarms in account %s. "
            "Confirm by naming the account: -e tfb_teardown_confirm_account_id=%s" % (environment, caller_account, caller_account)
        )
    if prod and not confirm_prod:
        problems.append("%s is marked prod: also pass -e teardown_confirm_prod=true." % environment)
    return problems

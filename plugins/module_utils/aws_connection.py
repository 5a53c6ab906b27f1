# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How a play reaches one environment's AWS account, from one per-environment structure.

An environment (an inventory host of ``bedrock_environments``) says how to reach
its account in one mapping, ``tfb_aws_connection``::

    region: us-east-1            # optional; the environment's tfb_region otherwise
    endpoint_url: https://...    # optional (a VPC endpoint, or the local endpoint)
    profile: ticketflow-staging  # optional named profile of ~/.aws/config
    access_key: ... / secret_key: ... / session_token: ...  # local endpoint only; never commit real keys
    validate_certs: true / aws_ca_bundle: /path
    assume_role:                 # optional: a deploy role in the environment's account
      role_arn: arn:aws:iam::111111111111:role/TicketFlowBedrockDeploy
      external_id: ...           # optional, as the role's trust policy requires
      session_name: ...          # optional; ticketflow-bedrock-<environment> otherwise
      duration_seconds: 3600     # optional, 900 to 43200

An empty mapping means boto3's own credential chain: the instance role of the
controller, the ``AWS_*`` variables AWX injects, ``AWS_PROFILE``.

``module_defaults`` turns the mapping into the arguments of
``group/ticketflow.bedrock.aws`` (this collection, amazon.aws and community.aws):
the source credentials, or, when a role is assumed, the temporary credentials
of that session (``sts_session``, the ``sts_creds`` of amazon.aws.sts_assume_role).
Nothing is rendered in Jinja, so the rules are unit tested here.
"""

import datetime
import re
from collections.abc import Mapping

CONNECTION_KEYS = ("region", "endpoint_url", "profile", "access_key", "secret_key", "session_token", "validate_certs", "aws_ca_bundle", "assume_role")
ASSUME_ROLE_KEYS = ("role_arn", "external_id", "session_name", "duration_seconds")
SESSION_KEYS = ("access_key", "secret_key", "session_token")
# The keys that only name where the source credentials come from; a session replaces them.
SOURCE_CREDENTIAL_KEYS = ("profile", "access_key", "secret_key", "session_token")

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
# STS RoleSessionName: 2 to 64 characters of [\w+=,.@-].
SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")
MIN_DURATION, MAX_DURATION = 900, 43200
DEFAULT_DURATION = 3600
# A session this close to its expiry is renewed before the next play uses it.
RENEW_MARGIN_SECONDS = 900


class ConnectionSettingsError(ValueError):
    """The connection structure is not usable; the message says which key and why."""


def _mapping(value, name):
    if value is None or value == "":
        return {}
    if not isinstance(value, Mapping):
        raise ConnectionSettingsError("%s must be a mapping, got %s" % (name, type(value).__name__))
    return value


def _set(value):
    """A value that counts as given (empty strings and None are 'not set', as with omit)."""
    return value is not None and value != ""


def assume_role(connection, environment, sts_session=None, now=None):
    """The normalized ``assume_role`` of a connection: {} when no role is assumed.

    Fills the session name (``ticketflow-bedrock-<environment>``) and the duration,
    and rejects what STS would reject, before any call. ``renew`` tells whether
    ``sts_session`` (the session known so far, if any) must be replaced: there is
    none, it is of another role, or it expires within ``RENEW_MARGIN_SECONDS``.
    """
    connection = _mapping(connection, "tfb_aws_connection")
    role = _mapping(connection.get("assume_role"), "tfb_aws_connection.assume_role")
    if not any(_set(v) for v in role.values()):
        return {}
    unknown = sorted(set(role) - set(ASSUME_ROLE_KEYS))
    if unknown:
        raise ConnectionSettingsError("tfb_aws_connection.assume_role has unknown keys %s; known: %s" % (", ".join(unknown), ", ".join(ASSUME_ROLE_KEYS)))
    role_arn = role.get("role_arn")
    if not _set(role_arn) or not ROLE_ARN.match(str(role_arn)):
        raise ConnectionSettingsError("tfb_aws_connection.assume_role.role_arn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), got %r" % (role_arn,))
    session_name = role.get("session_name")
    if not _set(session_name):
        session_name = "ticketflow-bedrock-%s" % environment
    session_name = str(session_name)
    if not SESSION_NAME.match(session_name):
        raise ConnectionSettingsError(
            "tfb_aws_connection.assume_role.session_name %r is not a valid STS session name (2 to 64 characters of letters, digits and +=,.@_-)" % session_name
        )
    duration = role.get("duration_seconds")
    if not _set(duration):
        duration = DEFAULT_DURATION
    try:
        duration = int(duration)
    except (TypeError, ValueError):
        raise ConnectionSettingsError("tfb_aws_connection.assume_role.duration_seconds must be a number of seconds, got %r" % (duration,)) from None
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise ConnectionSettingsError(
            "tfb_aws_connection.assume_role.duration_seconds must be between %d and %d (STS's limits), got %d" % (MIN_DURATION, MAX_DURATION, duration)
        )
    result = {"role_arn": str(role_arn), "session_name": session_name, "duration_seconds": duration}
    if _set(role.get("external_id")):
        result["external_id"] = str(role["external_id"])
    result["renew"] = session_needs_renewal(sts_session, result["role_arn"], now=now)
    return result


def module_defaults(connection, region, environment="", sts_session=None, source=False):
    """The arguments of ``module_defaults`` for ``group/ticketflow.bedrock.aws``.

    ``region``: the environment's region (tfb_region); a ``region`` in the
    connection must agree with it. ``sts_session``: the ``sts_creds`` of the
    assumed role (required when the connection assumes one, unless ``source``).
    ``source``: the credentials the role is assumed with (for the play that
    assumes it).
    """
    connection = _mapping(connection, "tfb_aws_connection")
    unknown = sorted(set(connection) - set(CONNECTION_KEYS))
    if unknown:
        raise ConnectionSettingsError("tfb_aws_connection has unknown keys %s; known: %s" % (", ".join(unknown), ", ".join(CONNECTION_KEYS)))
    own_region = connection.get("region")
    if _set(own_region) and _set(region) and own_region != region:
        raise ConnectionSettingsError(
            "tfb_aws_connection.region (%s) differs from the environment's tfb_region (%s): the environment's resources live in one region; set one of them"
            % (own_region, region)
        )
    region = own_region if _set(own_region) else region
    if not _set(region):
        raise ConnectionSettingsError("the environment has no region: set tfb_region (or tfb_aws_connection.region)")
    if _set(connection.get("access_key")) != _set(connection.get("secret_key")):
        raise ConnectionSettingsError("tfb_aws_connection needs both access_key and secret_key, or neither")

    defaults = {"region": str(region)}
    for key in CONNECTION_KEYS:
        if key not in ("region", "assume_role") and _set(connection.get(key)):
            defaults[key] = connection[key]

    role = assume_role(connection, environment)
    if role and not source:
        session = _mapping(sts_session, "the assumed-role session")
        if not all(_set(session.get(k)) for k in SESSION_KEYS):
            raise ConnectionSettingsError(
                "tfb_aws_connection.assume_role is set (%s) but no session of that role is known in this run: "
                "run the play through a playbook that imports playbooks/connection.yml first" % role["role_arn"]
            )
        if _set(session.get("role_arn")) and session["role_arn"] != role["role_arn"]:
            raise ConnectionSettingsError(
                "the session known in this run is of %s, not of tfb_aws_connection.assume_role.role_arn %s: "
                "run playbooks/connection.yml again" % (session["role_arn"], role["role_arn"])
            )
        for key in SOURCE_CREDENTIAL_KEYS:
            defaults.pop(key, None)
        defaults.update({k: session[k] for k in SESSION_KEYS})
    return defaults


def _parse_time(value):
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise ConnectionSettingsError("the session expiration %r is not an ISO 8601 time" % (value,)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def session_needs_renewal(sts_session, role_arn, now=None, margin_seconds=RENEW_MARGIN_SECONDS):
    """True when there is no usable session of ``role_arn``, or it expires within ``margin_seconds``."""
    session = sts_session if isinstance(sts_session, Mapping) else {}
    if not all(_set(session.get(k)) for k in SESSION_KEYS) or not _set(session.get("expiration")):
        return True
    if session.get("role_arn") != role_arn:
        return True
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return _parse_time(session["expiration"]) - now <= datetime.timedelta(seconds=int(margin_seconds))

"""The one IAM policy evaluator of the local endpoint.

Every authorization decision (the front door for every service, Bedrock
invocations, STS trust policies, SimulatePrincipalPolicy, invocation-logging
destinations) comes from here. It follows AWS's "Policy evaluation logic" for
one account:

- an explicit ``Deny`` in any applicable policy wins (``explicitDeny``);
- otherwise the identity-based policies (or, for a resource policy naming the
  caller, that resource policy) must allow;
- a permissions boundary, when the principal has one, must allow as well;
- session policies, when the session has them, must allow as well;
- otherwise ``implicitDeny``.

A statement matches when its ``Action``/``NotAction`` (case-insensitive, ``*``
and ``?`` wildcards), ``Resource``/``NotResource`` (wildcards matched per ARN
segment, see :func:`arn_matches`), ``Principal``/``NotPrincipal`` (resource and
trust policies) and every ``Condition`` match.

Condition operators: every String, Numeric, Date, Bool, Binary, IpAddress,
NotIpAddress, Arn and Null operator, each with ``IfExists`` and the
``ForAnyValue:``/``ForAllValues:`` set qualifiers. A key absent from the request
context follows AWS's rules: the condition is false, except for negated
operators (true), ``...IfExists`` (true), ``ForAllValues`` (true) and
``ForAnyValue`` (false, negated or not). Condition keys are case-insensitive;
policy variables (``${aws:username}``, ``${aws:PrincipalTag/team}``, with
defaults) are substituted from the context.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional, Union

ALLOWED = "allowed"
EXPLICIT_DENY = "explicitDeny"
IMPLICIT_DENY = "implicitDeny"

Context = dict[str, list[str]]

# Where a decision came from, as AWS's access-denied messages name the policy type.
IDENTITY = "identity-based policy"
BOUNDARY = "permissions boundary"
SESSION = "session policy"
RESOURCE = "resource-based policy"


@dataclass(frozen=True)
class SourcePolicy:
    """One policy document and where it comes from (as SimulatePrincipalPolicy names it)."""

    policy_id: str
    policy_type: str  # user | group | role | aws-managed | user-managed | resource | none
    document: Union[str, dict[str, Any]]

    def statements(self) -> list[dict[str, Any]]:
        doc = self.document
        if isinstance(doc, str):
            doc = json.loads(doc)
        statements = doc.get("Statement", [])
        return [statements] if isinstance(statements, dict) else list(statements)


@dataclass
class Decision:
    decision: str
    matched: list[tuple[SourcePolicy, int]] = field(default_factory=list)  # (policy, statement index)
    missing_context_keys: list[str] = field(default_factory=list)
    policy_kind: str = IDENTITY  # the policy type that decided a denial

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _wildcard(pattern: str, value: str, ignore_case: bool = False) -> bool:
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch(regex, value, flags) is not None


def arn_matches(pattern: str, value: str) -> bool:
    """``pattern`` (with ``*``/``?``) matches ``value`` as IAM matches ARNs.

    Both are split into their six colon-separated parts (the resource part keeps
    its own colons and slashes); a wildcard matches within its part only, so
    ``arn:aws:bedrock:*::foundation-model/*`` matches every Region's foundation
    models but ``arn:aws:bedrock:*`` does not stand for a whole ARN. A pattern
    that is not an ARN (``*``) is matched as a plain wildcard.
    """
    if not pattern.startswith("arn:"):
        return _wildcard(pattern, value)
    pattern_parts = pattern.split(":", 5)
    value_parts = value.split(":", 5)
    if len(pattern_parts) != 6 or len(value_parts) != 6:
        return pattern == value
    return all(_wildcard(p, v) for p, v in zip(pattern_parts, value_parts))


def _lookup(context: Context, key: str) -> Optional[list[str]]:
    lowered = key.lower()
    for name, values in context.items():
        if name.lower() == lowered:
            return values
    return None


def _substitute(pattern: str, context: Context) -> str:
    def repl(match: re.Match[str]) -> str:
        key, _, default = match.group(1).partition(",")
        key = key.strip()
        if key in ("*", "?", "$"):  # ${*} ${?} ${$}: literal characters
            return key
        values = _lookup(context, key)
        if values:
            return values[0]
        default = default.strip().strip("'")
        return default if default else match.group(0)

    return re.sub(r"\$\{([^}]+)\}", repl, pattern)


def _number(value: str) -> Optional[float]:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _date(value: str) -> Optional[datetime.datetime]:
    """ISO 8601 (date or date-time) or epoch seconds, as IAM's date operators accept."""
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return datetime.datetime.fromtimestamp(float(text), tz=datetime.timezone.utc)
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def _compare(convert: Callable[[str], Any], check: Callable[[Any, Any], bool]) -> Callable[[str, str], bool]:
    def test(expected: str, actual: str) -> bool:
        e, a = convert(expected), convert(actual)
        return e is not None and a is not None and check(a, e)

    return test


def _ip(expected: str, actual: str) -> bool:
    try:
        return ipaddress.ip_address(actual) in ipaddress.ip_network(expected, strict=False)
    except ValueError:
        return False


def _binary(expected: str, actual: str) -> bool:
    try:
        return base64.b64decode(expected) == base64.b64decode(actual)
    except ValueError:
        return False


_BASE_OPERATORS: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": lambda e, a: e == a,
    "StringEqualsIgnoreCase": lambda e, a: e.lower() == a.lower(),
    "StringLike": _wildcard,
    "ArnEquals": arn_matches,
    "ArnLike": arn_matches,
    "Bool": lambda e, a: str(e).lower() == str(a).lower(),
    "BinaryEquals": _binary,
    "IpAddress": _ip,
    "NumericEquals": _compare(_number, lambda a, e: a == e),
    "NumericLessThan": _compare(_number, lambda a, e: a < e),
    "NumericLessThanEquals": _compare(_number, lambda a, e: a <= e),
    "NumericGreaterThan": _compare(_number, lambda a, e: a > e),
    "NumericGreaterThanEquals": _compare(_number, lambda a, e: a >= e),
    "DateEquals": _compare(_date, lambda a, e: a == e),
    "DateLessThan": _compare(_date, lambda a, e: a < e),
    "DateLessThanEquals": _compare(_date, lambda a, e: a <= e),
    "DateGreaterThan": _compare(_date, lambda a, e: a > e),
    "DateGreaterThanEquals": _compare(_date, lambda a, e: a >= e),
}
# Negated operators: the condition holds when no expected value matches.
_NEGATED: dict[str, str] = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
    "NumericNotEquals": "NumericEquals",
    "DateNotEquals": "DateEquals",
    "NotIpAddress": "IpAddress",
}
OPERATORS = frozenset(_BASE_OPERATORS) | frozenset(_NEGATED) | {"Null"}


def _condition_matches(operator: str, key: str, expected_values: list[Any], context: Context, missing: list[str]) -> bool:
    qualifier = ""
    if ":" in operator and operator.split(":", 1)[0] in ("ForAnyValue", "ForAllValues"):
        qualifier, operator = operator.split(":", 1)
    if_exists = operator.endswith("IfExists")
    base = operator[: -len("IfExists")] if if_exists else operator
    actual_values = _lookup(context, key)
    expected = [str(v).lower() if isinstance(v, bool) else _substitute(str(v), context) for v in expected_values]

    if base == "Null":
        is_null = not actual_values
        return any(e.lower() == str(is_null).lower() for e in expected)
    negated = base in _NEGATED
    test = _BASE_OPERATORS.get(_NEGATED.get(base, base))
    if test is None:
        return False  # an unknown operator never matches (IAM refuses such a policy when it is stored)
    if not actual_values:
        if key not in missing:
            missing.append(key)
        if qualifier == "ForAllValues":
            return True
        if qualifier == "ForAnyValue":
            return False
        return if_exists or negated

    def one(actual: str) -> bool:
        hit = any(test(e, actual) for e in expected)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(one(a) for a in actual_values)
    return any(one(a) for a in actual_values)


def _conditions_match(conditions: dict[str, Any], context: Context, missing: list[str]) -> bool:
    for operator, block in (conditions or {}).items():
        for key, expected in (block or {}).items():
            if not _condition_matches(operator, key, _as_list(expected), context, missing):
                return False
    return True


def _principal_matches(principal: Any, caller: Optional[dict[str, Any]]) -> bool:
    """``caller``: {"AWS": arn or [arns], "Service": name}; None means an identity policy."""
    if principal == "*":
        return True
    if not isinstance(principal, dict) or caller is None:
        return False
    for kind, values in caller.items():
        for value in _as_list(values):
            for candidate in (str(c) for c in _as_list(principal.get(kind))):
                if candidate == "*" or candidate == value:
                    return True
                if kind == "AWS" and re.fullmatch(r"\d{12}", candidate) and value.split(":")[4:5] == [candidate]:
                    return True
                if kind == "AWS" and candidate.endswith(":root") and value.split(":")[4:5] == candidate.split(":")[4:5]:
                    return True
    return False


def statement_applies(
    statement: dict[str, Any], action: str, resource: str, context: Context, missing: list[str], caller: Optional[dict[str, Any]] = None
) -> bool:
    if "NotAction" in statement:
        if any(_wildcard(a, action, ignore_case=True) for a in _as_list(statement["NotAction"])):
            return False
    elif not any(_wildcard(a, action, ignore_case=True) for a in _as_list(statement.get("Action"))):
        return False
    if "Resource" in statement or "NotResource" in statement:
        patterns = [_substitute(r, context) for r in _as_list(statement.get("Resource", statement.get("NotResource")))]
        hit = any(arn_matches(p, resource) for p in patterns)
        if hit == ("NotResource" in statement):
            return False
    elif caller is None:
        return False  # an identity policy statement without Resource matches nothing
    if "Principal" in statement or "NotPrincipal" in statement:
        if caller is None:
            return False
        hit = _principal_matches(statement.get("Principal", statement.get("NotPrincipal")), caller)
        if hit == ("NotPrincipal" in statement):
            return False
    return _conditions_match(statement.get("Condition", {}), context, missing)


def evaluate(
    policies: Iterable[SourcePolicy], action: str, resource: str, context: Optional[Context] = None, caller: Optional[dict[str, Any]] = None
) -> Decision:
    """Evaluate ``action`` on ``resource`` against one set of ``policies`` with the request ``context``."""
    context = context or {}
    denies: list[tuple[SourcePolicy, int]] = []
    allows: list[tuple[SourcePolicy, int]] = []
    missing: list[str] = []
    for policy in policies:
        for index, statement in enumerate(policy.statements()):
            if not statement_applies(statement, action, resource, context, missing, caller):
                continue
            (denies if statement.get("Effect") == "Deny" else allows).append((policy, index))
    if denies:
        return Decision(EXPLICIT_DENY, denies, missing)
    if allows:
        return Decision(ALLOWED, allows, missing)
    return Decision(IMPLICIT_DENY, [], missing)


def evaluate_layers(
    identity: Iterable[SourcePolicy],
    action: str,
    resource: str,
    context: Optional[Context] = None,
    boundary: Optional[Iterable[SourcePolicy]] = None,
    session: Optional[Iterable[SourcePolicy]] = None,
    resource_grant: bool = False,
) -> Decision:
    """AWS's evaluation across policy types for a same-account request.

    ``identity``: the principal's identity-based policies; ``boundary``: its
    permissions boundary (None: none set); ``session``: the session policies
    (None: none passed); ``resource_grant``: a resource-based policy (a trust
    policy naming the caller) already allows the request, so no identity
    policy is needed. An explicit deny in any layer wins; every layer present
    must allow.
    """
    layers = [(IDENTITY, evaluate(identity, action, resource, context))]
    if boundary is not None:
        layers.append((BOUNDARY, evaluate(boundary, action, resource, context)))
    if session is not None:
        layers.append((SESSION, evaluate(session, action, resource, context)))
    missing = sorted({key for _, d in layers for key in d.missing_context_keys})
    for kind, decision in layers:
        if decision.decision == EXPLICIT_DENY:
            return Decision(EXPLICIT_DENY, decision.matched, missing, kind)
    matched: list[tuple[SourcePolicy, int]] = []
    for kind, decision in layers:
        if not decision.allowed and not (kind == IDENTITY and resource_grant):
            return Decision(IMPLICIT_DENY, [], missing, kind)
        matched += decision.matched
    return Decision(ALLOWED, matched, missing)


def denial_reason(action: str, decision: Decision) -> str:
    """The end of AWS's access-denied message: why ``decision`` denies ``action``."""
    if decision.decision == EXPLICIT_DENY:
        return f"with an explicit deny in a {decision.policy_kind}" if decision.policy_kind != IDENTITY else "with an explicit deny in an identity-based policy"
    return f"because no {decision.policy_kind} allows the {action} action"


def denial_message(principal_arn: str, action: str, resource: str, decision: Decision) -> str:
    """AWS's text: "User: ARN is not authorized to perform: ACTION [on resource: RES] because ..."."""
    on_resource = "" if resource == "*" else f" on resource: {resource}"
    return f"User: {principal_arn} is not authorized to perform: {action}{on_resource} {denial_reason(action, decision)}"

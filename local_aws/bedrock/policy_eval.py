"""An IAM policy evaluator: identity policies (and simple resource policies).

Used to authorize bedrock-runtime calls, to answer IAM SimulatePrincipalPolicy,
and to check the bucket policy and role of the invocation logging
configuration. It follows AWS's evaluation logic for one account:

- an explicit ``Deny`` in any policy wins (``explicitDeny``);
- otherwise an ``Allow`` that matches grants (``allowed``);
- otherwise ``implicitDeny``.

A statement matches when its ``Action``/``NotAction`` (case-insensitive, ``*``
and ``?`` wildcards), ``Resource``/``NotResource`` (case-sensitive wildcards),
``Principal`` (for resource policies) and every ``Condition`` match.

Condition operators: String{Equals,NotEquals,EqualsIgnoreCase,NotEqualsIgnoreCase,
Like,NotLike}, Arn{Equals,NotEquals,Like,NotLike}, Bool, Null, Numeric{Equals,
NotEquals,LessThan,LessThanEquals,GreaterThan,GreaterThanEquals}, each with the
``IfExists`` suffix and the ``ForAnyValue:``/``ForAllValues:`` prefixes.
Condition keys are case-insensitive. Policy variables such as ``${aws:username}``
are substituted from the request context. Not modelled: SCPs, permission
boundaries, session policies, date and IP operators (they never match).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Union

ALLOWED = "allowed"
EXPLICIT_DENY = "explicitDeny"
IMPLICIT_DENY = "implicitDeny"

Context = dict[str, list[str]]


@dataclass(frozen=True)
class SourcePolicy:
    """One policy document and where it comes from (as SimulatePrincipalPolicy names it)."""

    policy_id: str
    policy_type: str  # user | group | role | aws-managed | user-managed | resource
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

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _wildcard(pattern: str, value: str, ignore_case: bool = False) -> bool:
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


def _substitute(pattern: str, context: Context) -> str:
    def repl(match: re.Match[str]) -> str:
        key, _, default = match.group(1).partition(",")
        values = _lookup(context, key.strip())
        if values:
            return values[0]
        default = default.strip().strip("'")
        return default if default else match.group(0)

    return re.sub(r"\$\{([^}]+)\}", repl, pattern)


def _lookup(context: Context, key: str) -> Optional[list[str]]:
    lowered = key.lower()
    for name, values in context.items():
        if name.lower() == lowered:
            return values
    return None


def _arn_like(pattern: str, value: str) -> bool:
    pattern_parts = pattern.split(":", 5)
    value_parts = value.split(":", 5)
    if len(pattern_parts) != len(value_parts):
        return _wildcard(pattern, value)
    return all(_wildcard(p, v) for p, v in zip(pattern_parts, value_parts))


def _number(value: str) -> Optional[float]:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


_BASE_OPERATORS = {
    "StringEquals": lambda expected, actual: expected == actual,
    "StringNotEquals": lambda expected, actual: expected == actual,
    "StringEqualsIgnoreCase": lambda expected, actual: expected.lower() == actual.lower(),
    "StringNotEqualsIgnoreCase": lambda expected, actual: expected.lower() == actual.lower(),
    "StringLike": lambda expected, actual: _wildcard(expected, actual),
    "StringNotLike": lambda expected, actual: _wildcard(expected, actual),
    "ArnEquals": lambda expected, actual: _arn_like(expected, actual),
    "ArnNotEquals": lambda expected, actual: _arn_like(expected, actual),
    "ArnLike": lambda expected, actual: _arn_like(expected, actual),
    "ArnNotLike": lambda expected, actual: _arn_like(expected, actual),
    "Bool": lambda expected, actual: str(expected).lower() == str(actual).lower(),
    "NumericEquals": lambda e, a: _number(e) is not None and _number(e) == _number(a),
    "NumericNotEquals": lambda e, a: _number(e) is not None and _number(e) == _number(a),
    "NumericLessThan": lambda e, a: None not in (_number(e), _number(a)) and _number(a) < _number(e),
    "NumericLessThanEquals": lambda e, a: None not in (_number(e), _number(a)) and _number(a) <= _number(e),
    "NumericGreaterThan": lambda e, a: None not in (_number(e), _number(a)) and _number(a) > _number(e),
    "NumericGreaterThanEquals": lambda e, a: None not in (_number(e), _number(a)) and _number(a) >= _number(e),
}
_NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NumericNotEquals"}


def _condition_matches(operator: str, key: str, expected_values: list[Any], context: Context, missing: list[str]) -> bool:
    qualifier = ""
    if ":" in operator and operator.split(":", 1)[0] in ("ForAnyValue", "ForAllValues"):
        qualifier, operator = operator.split(":", 1)
    if_exists = operator.endswith("IfExists")
    base = operator[: -len("IfExists")] if if_exists else operator
    actual_values = _lookup(context, key)
    expected = [_substitute(str(v), context) if not isinstance(v, bool) else str(v).lower() for v in expected_values]

    if base == "Null":
        is_null = actual_values is None or actual_values == []
        return any(str(e).lower() == str(is_null).lower() for e in expected)
    test = _BASE_OPERATORS.get(base)
    if test is None:  # date, IP, binary operators: not modelled
        return False
    if actual_values is None:
        if key not in missing:
            missing.append(key)
        if if_exists or qualifier == "ForAllValues":
            return True
        return base in _NEGATED
    negated = base in _NEGATED

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


def _principal_matches(principal: Any, caller: Optional[dict[str, str]]) -> bool:
    """``caller``: {"AWS": arn} or {"Service": name}; None means identity policy (no Principal)."""
    if principal == "*":
        return True
    if not isinstance(principal, dict) or caller is None:
        return False
    for kind, value in caller.items():
        for candidate in _as_list(principal.get(kind)):
            if candidate == "*" or candidate == value or _wildcard(str(candidate), value):
                return True
            if kind == "AWS" and re.fullmatch(r"\d{12}", str(candidate)) and f":{candidate}:" in value:
                return True
            if kind == "AWS" and str(candidate).endswith(":root") and f":{str(candidate).split(':')[4]}:" in value:
                return True
    return False


def statement_applies(statement: dict[str, Any], action: str, resource: str, context: Context,
                      missing: list[str], caller: Optional[dict[str, str]] = None) -> bool:
    if "NotAction" in statement:
        if any(_wildcard(a, action, ignore_case=True) for a in _as_list(statement["NotAction"])):
            return False
    elif not any(_wildcard(a, action, ignore_case=True) for a in _as_list(statement.get("Action"))):
        return False
    if "Resource" in statement or "NotResource" in statement:
        patterns = [_substitute(r, context) for r in _as_list(statement.get("Resource", statement.get("NotResource")))]
        hit = any(_wildcard(p, resource) for p in patterns)
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


def evaluate(policies: Iterable[SourcePolicy], action: str, resource: str, context: Optional[Context] = None,
             caller: Optional[dict[str, str]] = None) -> Decision:
    """Evaluate ``action`` on ``resource`` against ``policies`` with the request ``context``."""
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

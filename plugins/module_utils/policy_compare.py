# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What an IAM policy document grants, as comparable grants, and the difference of two documents.

A grant is one (effect, action, resource, condition) of a statement, with the
action lower-cased (IAM actions are case-insensitive), the condition in a
canonical JSON text (a one-value list equals the value) and ``Sid`` ignored,
so that two documents that grant the same compare equal however their
statements are cut (the invoke policy split into parts, for instance).
``NotAction`` / ``NotResource`` statements are kept as grants of
``NotAction:...`` / ``NotResource:...``: they never match a computed grant.

- ``policy_grants(*documents)``: the set of grants of one or more documents
  (dicts or JSON texts, as IAM returns them decoded).
- ``policy_difference(attached, expected)``: ``{"extra": [...], "missing": [...]}``,
  each a sorted list of readable grants (``Allow bedrock:InvokeModel on
  arn:...foundation-model/* if {...}``); ``extra`` is what the attached
  documents grant beyond the expected ones (a widened policy), ``missing``
  what they lack.
"""

import json
from collections import namedtuple


class PolicyDocumentError(ValueError):
    """A document that is not an IAM policy."""


Grant = namedtuple("Grant", "effect action resource condition")


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _canonical_condition(condition):
    if not condition:
        return ""
    if not isinstance(condition, dict):
        raise PolicyDocumentError("a statement's Condition is not a mapping: %r" % (condition,))
    canonical = {}
    for operator, tests in condition.items():
        if not isinstance(tests, dict):
            raise PolicyDocumentError("condition operator %s does not map keys to values: %r" % (operator, tests))
        canonical[operator] = {key.lower(): sorted(str(v) for v in _as_list(value)) for key, value in tests.items()}
    return json.dumps(canonical, sort_keys=True, separators=(",", ":"))


def _document(document):
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError as e:
            raise PolicyDocumentError("a policy document is not JSON: %s" % e) from e
    if not isinstance(document, dict):
        raise PolicyDocumentError("a policy document is not a JSON object: %r" % (document,))
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise PolicyDocumentError("a policy document has no Statement list")
    return statements


def policy_grants(*documents):
    """The set of ``Grant`` of the documents."""
    grants = set()
    for document in documents:
        for statement in _document(document):
            if not isinstance(statement, dict):
                raise PolicyDocumentError("a statement is not a JSON object: %r" % (statement,))
            effect = statement.get("Effect", "Allow")
            condition = _canonical_condition(statement.get("Condition"))
            actions = [a.lower() for a in _as_list(statement.get("Action"))]
            actions += ["NotAction:%s" % a.lower() for a in _as_list(statement.get("NotAction"))]
            resources = _as_list(statement.get("Resource")) + ["NotResource:%s" % r for r in _as_list(statement.get("NotResource"))]
            for action in actions:
                for resource in resources:
                    grants.add(Grant(effect, action, resource, condition))
    return grants


def describe_grant(grant):
    """A grant as a sentence fragment: ``Allow bedrock:invokemodel on ARN [if CONDITION]``."""
    text = "%s %s on %s" % (grant.effect, grant.action, grant.resource)
    return text + (" if %s" % grant.condition if grant.condition else "")


def policy_difference(attached, expected):
    """What the ``attached`` documents grant beyond, and lack from, the ``expected`` ones (lists of documents)."""
    have = policy_grants(*_as_list(attached))
    want = policy_grants(*_as_list(expected))
    return {
        "extra": sorted(describe_grant(g) for g in have - want),
        "missing": sorted(describe_grant(g) for g in want - have),
    }

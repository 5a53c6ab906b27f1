"""IAM SimulatePrincipalPolicy, answered by the evaluator that authorizes every request.

``PolicySourceArn`` names an IAM user (its inline and attached policies and
those of its groups) or role (inline and attached); ``PolicyInputList`` adds
policies; the principal's permissions boundary applies, unless
``PermissionsBoundaryPolicyInputList`` replaces it. Every action is evaluated on every resource (``*`` when
``ResourceArns`` is absent) with ``ContextEntries`` as the request context.
Each result carries ``EvalDecision`` (allowed, explicitDeny, implicitDeny),
the ``MatchedStatements`` (policy name and type; no text positions) and the
condition keys the matched statements needed but the context lacked.
Not modelled: SCPs, resource policies (``ResourcePolicy``), CallerArn.
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult
from moto.iam.exceptions import InvalidInput, NoSuchEntity
from moto.iam.responses import IamResponse

from local_aws.iam import principals
from local_aws.iam.evaluator import SourcePolicy, evaluate_layers
from local_aws.patching import add_operation


def _statements(matched: list[tuple[SourcePolicy, int]]) -> list[dict[str, Any]]:
    return [{"SourcePolicyId": policy.policy_id, "SourcePolicyType": policy.policy_type} for policy, _ in matched]


def simulate_principal_policy(self: Any) -> ActionResult:
    source_arn = self._get_param("PolicySourceArn")
    actions = self._get_param("ActionNames") or []
    resources = self._get_param("ResourceArns") or ["*"]
    if not source_arn or not source_arn.startswith("arn:"):
        raise InvalidInput(f"Invalid ARN: {source_arn}")
    principal = principals.from_arn(self.current_account, source_arn)
    if principal is None:
        kind = "role" if ":role/" in source_arn else "user"
        raise NoSuchEntity(f"The {kind} with name {source_arn.split('/')[-1]} cannot be found.")
    policies = list(principal.policies)
    policies += [SourcePolicy(f"PolicyInputList.{i}", "none", doc) for i, doc in enumerate(self._get_param("PolicyInputList") or [], 1)]
    boundary = principal.boundary
    boundary_inputs = self._get_param("PermissionsBoundaryPolicyInputList") or []
    if boundary_inputs:
        boundary = tuple(SourcePolicy(f"PermissionsBoundaryPolicyInputList.{i}", "none", doc) for i, doc in enumerate(boundary_inputs, 1))
    context: dict[str, list[str]] = {}
    for entry in self._get_param("ContextEntries") or []:
        context[entry["ContextKeyName"]] = [str(v) for v in entry.get("ContextKeyValues") or []]

    results = []
    for action in actions:
        for resource in resources:
            decision = evaluate_layers(policies, action, resource, context, boundary=boundary)
            matched = _statements(decision.matched)
            results.append(
                {
                    "EvalActionName": action,
                    "EvalResourceName": resource,
                    "EvalDecision": decision.decision,
                    "MatchedStatements": matched,
                    "MissingContextValues": decision.missing_context_keys,
                    "ResourceSpecificResults": [
                        {
                            "EvalResourceName": resource,
                            "EvalResourceDecision": decision.decision,
                            "MatchedStatements": matched,
                            "MissingContextValues": decision.missing_context_keys,
                        }
                    ],
                }
            )

    start = int(self._get_param("Marker") or 0)
    max_items = int(self._get_param("MaxItems") or 100)
    page = results[start : start + max_items]
    answer: dict[str, Any] = {"EvaluationResults": page, "IsTruncated": start + max_items < len(results)}
    if answer["IsTruncated"]:
        answer["Marker"] = str(start + max_items)
    return ActionResult(answer)


def install() -> None:
    add_operation(IamResponse, "simulate_principal_policy", simulate_principal_policy)

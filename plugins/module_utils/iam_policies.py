# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The policy documents an IAM role or user holds, read from IAM.

- ``attached_policies(client, kind, name)``: ``{"exists", "managed_policies",
  "inline_policies"}`` of the role or user (``kind`` ``role`` or ``user``):
  every attached managed policy with its ARN, default version and that
  version's document, and every inline policy with its document. A missing
  principal gives ``exists: false`` and empty lists. For a user, also
  ``bedrock_api_keys``: its long-term Amazon Bedrock API keys (IAM
  service-specific credentials for ``bedrock.amazonaws.com``), without secrets.

Documents come back as dicts (boto3 decodes IAM's URL-encoded JSON).
"""

import json

from ansible_collections.ticketflow.bedrock.plugins.module_utils.error_handlers import IAMErrorHandler
from ansible_collections.ticketflow.bedrock.plugins.module_utils.retry_policy import retry_decorator

KINDS = {
    "role": ("RoleName", "list_attached_role_policies", "list_role_policies", "get_role_policy"),
    "user": ("UserName", "list_attached_user_policies", "list_user_policies", "get_user_policy"),
}


def _document(document):
    return json.loads(document) if isinstance(document, str) else document


@retry_decorator("iam")
def _paginate(client, operation, result_key, **params):
    items = []
    for page in client.get_paginator(operation).paginate(**params):
        items.extend(page.get(result_key, []))
    return items


@IAMErrorHandler.list_error_handler("list the policies of {kind} {name}", default_value=None)
def _list(client, kind, name):
    key, attached_op, inline_op, _get = KINDS[kind]
    return _paginate(client, attached_op, "AttachedPolicies", **{key: name}), _paginate(client, inline_op, "PolicyNames", **{key: name})


@IAMErrorHandler.common_error_handler("read managed policy {arn}")
def managed_policy_document(client, arn):
    """The default version id and document of a managed policy."""
    version = client.get_policy(PolicyArn=arn, aws_retry=True)["Policy"]["DefaultVersionId"]
    answer = client.get_policy_version(PolicyArn=arn, VersionId=version, aws_retry=True)
    return version, _document(answer["PolicyVersion"]["Document"])


@IAMErrorHandler.common_error_handler("read inline policy {policy} of {kind} {name}")
def inline_policy_document(client, kind, name, policy):
    """The document of an inline policy."""
    key, _attached, _inline, get_op = KINDS[kind]
    return _document(getattr(client, get_op)(PolicyName=policy, aws_retry=True, **{key: name})["PolicyDocument"])


BEDROCK_SERVICE = "bedrock.amazonaws.com"


@IAMErrorHandler.common_error_handler("list the Bedrock API keys of user {user_name}")
def bedrock_api_keys(client, user_name):
    """The user's long-term Bedrock API keys (service-specific credentials' metadata; IAM never lists the secret)."""
    keys, params = [], {"UserName": user_name, "ServiceName": BEDROCK_SERVICE}
    while True:  # botocore has no paginator for ListServiceSpecificCredentials
        page = client.list_service_specific_credentials(aws_retry=True, **params)
        keys.extend(
            {
                "credential_id": c["ServiceSpecificCredentialId"],
                "status": c.get("Status"),
                "create_date": str(c.get("CreateDate")),
                "expiration_date": str(c["ExpirationDate"]) if c.get("ExpirationDate") else None,
            }
            for c in page.get("ServiceSpecificCredentials", [])
        )
        if not page.get("IsTruncated") or not page.get("Marker"):
            return keys
        params["Marker"] = page["Marker"]


def attached_policies(client, kind, name):
    """The managed and inline policy documents of role or user ``name``."""
    if kind not in KINDS:
        raise ValueError("kind must be role or user, not %r" % (kind,))
    listed = _list(client, kind, name)
    if listed is None:
        missing = {"exists": False, "managed_policies": [], "inline_policies": []}
        return dict(missing, bedrock_api_keys=[]) if kind == "user" else missing
    attached, inline = listed
    managed = []
    for policy in sorted(attached, key=lambda p: p["PolicyName"]):
        version, document = managed_policy_document(client, policy["PolicyArn"])
        managed.append({"policy_name": policy["PolicyName"], "policy_arn": policy["PolicyArn"], "default_version_id": version, "document": document})
    inlines = [{"policy_name": p, "document": inline_policy_document(client, kind, name, p)} for p in sorted(inline)]
    found = {"exists": True, "managed_policies": managed, "inline_policies": inlines}
    if kind == "user":
        found["bedrock_api_keys"] = bedrock_api_keys(client, name)
    return found

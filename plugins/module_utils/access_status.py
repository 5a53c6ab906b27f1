# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The status of a set of models, as bedrock_model_access_info returns it.

Built from the entries of ``bedrock_access.read_models``; bedrock_model_access
returns the same status when it changed nothing (its entries are then what
AWS holds), so a play need not read the catalog and the agreements again.
"""

from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import InvokePolicyError
from ansible_collections.ticketflow.bedrock.plugins.module_utils.invoke_policy import build_invoke_policy
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import unique_warnings


def access_status(entries, region, providers=None):
    """region, ready, not_ready, models, providers, invoke_policy, invoke_policy_excluded, lifecycle_warnings."""
    try:
        policy = build_invoke_policy(entries, skip_unusable=True)
    except InvokePolicyError:
        policy = None  # no entry can be invoked: nothing to allow
    return dict(
        region=region,
        ready=all(entry["ready"] for entry in entries),
        not_ready=[entry["id"] for entry in entries if not entry["ready"]],
        models=entries,
        providers=providers or {},
        invoke_policy=policy,
        invoke_policy_excluded=[entry["id"] for entry in entries if not entry["invoke_resources"]],
        lifecycle_warnings=unique_warnings(entries),
    )

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: quota_review_patterns
short_description: The Service Quotas name patterns of the selected Bedrock models
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - One case-insensitive pattern per model, built from its catalog name (C(modelName) of C(ListFoundationModels)),
    matching today's quota names (V(Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6))
    and the older ones (V(On-demand InvokeModel requests per minute for Anthropic Claude 3 Sonnet),
    V(Model invocation max tokens per day for ... (doubled for cross-region calls))).
  - Adds the extra patterns given and, unless O(daily_tokens=false), the account-wide daily token quota
    (V(Cross-Model Max Tokens Per Day)).
options:
  _input:
    description: The models' catalog names, for example V(Claude Sonnet 4.6).
    type: list
    elements: str
    required: true
  extra_patterns:
    description: More patterns to review as they are.
    type: list
    elements: str
    default: []
  daily_tokens:
    description: Also review the account-wide daily token quota.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Review the quotas of the selected models
  ticketflow.bedrock.quota_info:
    quota_name_pattern: "{{ tfb_selected_models | map(attribute='model_name') | ticketflow.bedrock.quota_review_patterns | join('|') }}"
"""

RETURN = r"""
_value:
  description: Regular expressions, one per distinct model name, then the extra ones, then the daily quota's.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.module_utils.quota_patterns import quota_review_patterns as _patterns


def quota_review_patterns(model_names, extra_patterns=None, daily_tokens=True):
    """See DOCUMENTATION."""
    try:
        return _patterns([name for name in model_names or [] if name is not None], extra_patterns, daily_tokens)
    except ValueError as e:
        raise AnsibleFilterError(str(e)) from e


class FilterModule:
    """Quota pattern filter."""

    def filters(self):
        return {"quota_review_patterns": quota_review_patterns}

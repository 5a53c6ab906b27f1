# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which Service Quotas belong to the models an environment selected.

Quota names carry the model's catalog name ("... tokens per minute for
Anthropic Claude Sonnet 4.6", older "On-demand InvokeModel requests per minute
for Anthropic Claude 3 Sonnet", "Model invocation max tokens per day for
Anthropic Claude 3 Sonnet (doubled for cross-region calls)"), so the patterns
are derived from the names ListFoundationModels gives (``modelName``), never
from a table. Which per-minute quota applies follows how the model is called:
a ``global.`` profile uses the "Global cross-region" quotas, another profile
the "Cross-region" ones, a model ID the "On-demand" (in-Region) ones.
"""

import re

# The account-wide daily token quota (raised by a Support case). Its name as
# accounts show it; the date it replaced the per-model daily quotas (about
# 2026-09-21) is unverified, so the per-model names stay matched too.
DAILY_TOKENS_PATTERN = r"^Cross-Model Max Tokens Per Day$"

PROFILE_PREFIX = re.compile(r"^(us|eu|apac|jp|au|ca|us-gov|global)\.")


def model_name_pattern(model_name):
    """A case-insensitive pattern matching every quota named after ``model_name``.

    The name must end the quota name or be followed by " (" (the daily quota's
    "(doubled for cross-region calls)"), so "Claude Sonnet 4" does not match
    "Claude Sonnet 4.5".
    """
    name = " ".join((model_name or "").split())
    if not name:
        raise ValueError("a model name is empty; give the catalog's modelName, e.g. Claude Sonnet 4.6")
    return r"(^|\s)%s($|\s\()" % re.escape(name).replace(r"\ ", r"\s+")


def quota_review_patterns(model_names, extra_patterns=None, daily_tokens=True):
    """Patterns for quota_info: one per distinct model name, the extra ones, and the daily token quota."""
    patterns = []
    for name in model_names or []:
        pattern = model_name_pattern(name)
        if pattern not in patterns:
            patterns.append(pattern)
    for pattern in extra_patterns or []:
        if pattern and pattern not in patterns:
            patterns.append(pattern)
    if daily_tokens and DAILY_TOKENS_PATTERN not in patterns:
        patterns.append(DAILY_TOKENS_PATTERN)
    return patterns


def routing_of(call_as):
    """How ``call_as`` is routed: global, cross_region (a geographic profile) or on_demand."""
    match = PROFILE_PREFIX.match(call_as or "")
    if not match:
        return "on_demand"
    return "global" if match.group(1) == "global" else "cross_region"


_TPM_PREFIX = {
    "global": (r"^Global cross-region model inference tokens per minute for ",),
    "cross_region": (r"^Cross-region model inference tokens per minute for ",),
    "on_demand": (r"^On-demand model inference tokens per minute for ", r"^On-demand InvokeModel tokens per minute for "),
}


def tpm_quota(call_as, model_name, quotas):
    """The tokens-per-minute quota (a snake_case quota_info entry) that applies to calls of ``call_as``.

    None when the listing has none for the model (then no TPM alarm can be sized).
    """
    if not model_name:
        return None
    tail = re.compile(model_name_pattern(model_name), re.IGNORECASE)
    for prefix in _TPM_PREFIX[routing_of(call_as)]:
        head = re.compile(prefix, re.IGNORECASE)
        for quota in quotas or []:
            name = quota.get("quota_name") or ""
            if head.search(name) and tail.search(name):
                return quota
    return None

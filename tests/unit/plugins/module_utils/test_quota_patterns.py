# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import re

import pytest

from ansible_collections.ticketflow.bedrock.plugins.module_utils.quota_patterns import DAILY_TOKENS_PATTERN
from ansible_collections.ticketflow.bedrock.plugins.module_utils.quota_patterns import model_name_pattern
from ansible_collections.ticketflow.bedrock.plugins.module_utils.quota_patterns import quota_review_patterns
from ansible_collections.ticketflow.bedrock.plugins.module_utils.quota_patterns import routing_of
from ansible_collections.ticketflow.bedrock.plugins.module_utils.quota_patterns import tpm_quota

# Quota names as accounts show them today, and the older ones (bedrock-facts.md, Service Quotas).
NAMES = [
    "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6",
    "Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6",
    "On-demand model inference requests per minute for Anthropic Claude Sonnet 4.6",
    "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5",
    "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4",
    "On-demand InvokeModel tokens per minute for Anthropic Claude 3 Sonnet",
    "Model invocation max tokens per day for Anthropic Claude 3 Sonnet (doubled for cross-region calls)",
    "Cross-Model Max Tokens Per Day",
    "Cross-region model inference tokens per minute for Anthropic Claude Haiku 5.5",
]


def matching(patterns):
    joined = re.compile("|".join(patterns), re.IGNORECASE)
    return [name for name in NAMES if joined.search(name)]


def test_patterns_follow_the_model_names_and_add_the_daily_quota():
    found = matching(quota_review_patterns(["Claude Sonnet 4.6"]))
    assert found == [NAMES[0], NAMES[1], NAMES[2], "Cross-Model Max Tokens Per Day"]


def test_a_version_does_not_match_a_longer_one():
    assert matching([model_name_pattern("Claude Sonnet 4")]) == [NAMES[4]]


def test_older_quota_names_still_match():
    assert matching([model_name_pattern("Claude 3 Sonnet")]) == [NAMES[5], NAMES[6]]


def test_patterns_are_deduplicated_extra_ones_kept_daily_optional():
    patterns = quota_review_patterns(["Claude Haiku 5.5", "Claude  Haiku 5.5"], extra_patterns=["^Batch"], daily_tokens=False)
    assert patterns == [model_name_pattern("Claude Haiku 5.5"), "^Batch"]
    assert quota_review_patterns([], daily_tokens=True) == [DAILY_TOKENS_PATTERN]


def test_an_empty_model_name_is_refused():
    with pytest.raises(ValueError, match="model name is empty"):
        model_name_pattern(" ")


@pytest.mark.parametrize(
    "call_as, routing",
    [
        ("global.anthropic.claude-sonnet-4-6", "global"),
        ("eu.anthropic.claude-haiku-4-5-20251001-v1:0", "cross_region"),
        ("us.anthropic.claude-sonnet-4-6", "cross_region"),
        ("amazon.nova-lite-v1:0", "on_demand"),
    ],
)
def test_routing_from_the_id_called(call_as, routing):
    assert routing_of(call_as) == routing


def test_tpm_quota_matches_the_way_the_model_is_called():
    quotas = [{"quota_name": name, "quota_code": "L-%d" % index, "applied_value": 1000.0 * (index + 1)} for index, name in enumerate(NAMES)]
    assert tpm_quota("us.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", quotas)["quota_code"] == "L-0"
    assert tpm_quota("global.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", quotas)["quota_code"] == "L-1"
    assert tpm_quota("anthropic.claude-3-sonnet-20240229-v1:0", "Claude 3 Sonnet", quotas)["quota_code"] == "L-5"
    assert tpm_quota("anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", quotas) is None  # only a requests quota on demand
    assert tpm_quota("us.anthropic.claude-sonnet-4-6", None, quotas) is None

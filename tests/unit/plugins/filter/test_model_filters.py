# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.ticketflow.bedrock.plugins.filter.quota_review_patterns import FilterModule as PatternFilters
from ansible_collections.ticketflow.bedrock.plugins.filter.selected_models import FilterModule as ModelFilters

selected_models = ModelFilters().filters()["selected_models"]
quota_review_patterns = PatternFilters().filters()["quota_review_patterns"]


def test_models_by_intent_keep_their_order_and_catalog_names():
    selection = {
        "models": {
            "assistant": {"model_id": "anthropic.claude-sonnet-5-5", "model_name": "Claude Sonnet 5.5", "call_as": "us.anthropic.claude-sonnet-5-5"},
            "classifier": {"model_id": "anthropic.claude-haiku-5-5", "model_name": "Claude Haiku 5.5", "call_as": "us.anthropic.claude-haiku-5-5"},
        },
        "model_ids": ["us.anthropic.claude-sonnet-5-5", "us.anthropic.claude-haiku-5-5"],
    }
    assert selected_models(selection) == [
        {"id": "us.anthropic.claude-sonnet-5-5", "model_id": "anthropic.claude-sonnet-5-5", "model_name": "Claude Sonnet 5.5", "intent": "assistant"},
        {"id": "us.anthropic.claude-haiku-5-5", "model_id": "anthropic.claude-haiku-5-5", "model_name": "Claude Haiku 5.5", "intent": "classifier"},
    ]


def test_explicit_models_take_the_catalog_name_or_none_when_retired():
    info = {
        "models": [
            {"id": "us.anthropic.claude-sonnet-4-6", "model_id": "anthropic.claude-sonnet-4-6", "model": {"model_name": "Claude Sonnet 4.6"}},
            {"id": "anthropic.claude-3-sonnet-20240229-v1:0", "model_id": "anthropic.claude-3-sonnet-20240229-v1:0", "model": None},
        ]
    }
    assert [(m["id"], m["model_name"], m["intent"]) for m in selected_models(info)] == [
        ("us.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", None),
        ("anthropic.claude-3-sonnet-20240229-v1:0", None, None),
    ]


def test_a_skipped_selection_is_an_error():
    with pytest.raises(AnsibleFilterError, match="no models"):
        selected_models({"skipped": True})


def test_quota_patterns_filter_skips_missing_names():
    assert len(quota_review_patterns(["Claude Sonnet 4.6", None], daily_tokens=False)) == 1

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""bedrock_model_select on today's us-east-1 catalog: resolve, pin in a lock file, notice, upgrade."""

import json

from ansible_collections.ticketflow.bedrock.plugins.modules import bedrock_model_select as module
from ansible_collections.ticketflow.bedrock.tests.unit.plugins import today_catalog as today

INTENTS = {
    "assistant": {"provider": "Anthropic", "family": "Claude Sonnet", "cross_region": "geographic"},
    "classifier": {"provider": "Anthropic", "family": "Claude Haiku"},
}


def queue_catalog(stubber):
    stubber.add_response("list_foundation_models", today.list_models_answer(), {})
    stubber.add_response("list_inference_profiles", today.list_profiles_answer(), {"typeEquals": "SYSTEM_DEFINED"})


def args(**extra):
    result = {"region": "us-east-1", "intents": INTENTS}
    result.update(extra)
    return result


def test_resolves_without_a_lock(stubbed_client, run_module):
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    failed, result = run_module(module, args(), {"bedrock": client})
    assert not failed and not result["changed"]
    assert result["model_ids"] == ["us." + today.SONNET55, "us." + today.HAIKU55]
    assert result["models"]["assistant"]["why"].startswith("Newest ACTIVE claude-sonnet model of Anthropic")


def test_lock_written_once_then_kept(stubbed_client, run_module, tmp_path):
    lock_file = tmp_path / "models.lock.json"
    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    failed, first = run_module(module, args(lock_file=str(lock_file)), {"bedrock": client})
    assert not failed and first["changed"]
    written = json.loads(lock_file.read_text())
    assert written["models"]["assistant"]["model_id"] == today.SONNET55
    assert [n["code"] for n in first["notices"]] == ["pinned_new", "pinned_new"]

    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    failed, second = run_module(module, args(lock_file=str(lock_file)), {"bedrock": client})
    assert not failed and not second["changed"] and second["notices"] == []
    assert all(m["pinned"] for m in second["models"].values())


def test_pinned_older_model_is_kept_with_a_notice_until_upgrade(stubbed_client, run_module, tmp_path):
    lock_file = tmp_path / "models.lock.json"
    pin = {
        "model_id": today.SONNET46,
        "call_as": "us." + today.SONNET46,
        "profile_id": "us." + today.SONNET46,
        "region": "us-east-1",
        "resolved_at": "2026-03-01T00:00:00+00:00",
    }
    lock_file.write_text(json.dumps({"version": 1, "models": {"assistant": pin}}))
    intents = {"assistant": INTENTS["assistant"]}

    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    failed, kept = run_module(module, args(intents=intents, lock_file=str(lock_file)), {"bedrock": client})
    assert not failed and not kept["changed"]
    assert kept["model_ids"] == ["us." + today.SONNET46]
    assert [n["code"] for n in kept["notices"]] == ["newer_available"]

    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    failed, planned = run_module(
        module, args(intents=intents, lock_file=str(lock_file), upgrade=["assistant"], _ansible_check_mode=True, _ansible_diff=True), {"bedrock": client}
    )
    assert not failed and planned["changed"] and today.SONNET55 in planned["diff"]["after"]
    assert json.loads(lock_file.read_text())["models"]["assistant"]["model_id"] == today.SONNET46  # check mode

    client, stubber = stubbed_client("bedrock")
    queue_catalog(stubber)
    failed, upgraded = run_module(module, args(intents=intents, lock_file=str(lock_file), upgrade=["all"]), {"bedrock": client})
    assert not failed and upgraded["changed"] and upgraded["model_ids"] == ["us." + today.SONNET55]
    assert json.loads(lock_file.read_text())["models"]["assistant"]["model_id"] == today.SONNET55


def test_bad_intent_fails_before_any_call(run_module):
    failed, result = run_module(module, args(intents={"assistant": {"provider": "Anthropic"}}), {})
    assert failed and "needs a provider" in result["msg"]
    failed, result = run_module(module, args(upgrade=["chat"]), {})
    assert failed and "upgrade names intents that do not exist: chat" in result["msg"]

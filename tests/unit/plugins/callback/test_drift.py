# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from types import SimpleNamespace
from unittest import mock

import pytest

from ansible import context
from ansible.module_utils.common.collections import ImmutableDict

from ansible_collections.ticketflow.bedrock.plugins.callback.drift import CallbackModule


def task(name, role=None, loop=None, check_mode=None, action="amazon.aws.iam_role"):
    role_obj = SimpleNamespace(get_name=lambda include_role_fqcn=False: role) if role else None
    return SimpleNamespace(get_name=lambda: name, _role=role_obj, loop=loop, check_mode=check_mode, action=action)


def result(host, the_task, **values):
    return SimpleNamespace(host=SimpleNamespace(get_name=lambda: host), task=the_task, result=values)


def handed_over(callback):
    variables = mock.Mock()
    callback.v2_playbook_on_play_start(SimpleNamespace(get_variable_manager=lambda: variables))
    return {c.args[0]: c.args[1]["tfb_drift_recorded"] for c in variables.set_nonpersistent_facts.call_args_list}


@pytest.fixture
def callback(monkeypatch):
    def start(check):
        monkeypatch.setattr(context, "CLIARGS", ImmutableDict(check=check))
        plugin = CallbackModule()
        plugin.v2_playbook_on_start(None)
        return plugin

    return start


def test_check_mode_changes_are_recorded_per_host_with_role_and_item(callback):
    plugin = callback(True)
    plugin.v2_runner_on_ok(result("staging", task("Runtime role", role="bedrock_iam"), changed=True))
    plugin.v2_runner_on_ok(result("staging", task("Read the role", role="bedrock_iam"), changed=False))
    loop = task("Alarms", role="bedrock_observability", loop="{{ alarms }}")
    plugin.v2_runner_on_ok(
        result("staging", loop, changed=True, results=[{"changed": True, "_ansible_item_label": "throttles"}, {"changed": False, "item": "errors"}])
    )
    plugin.v2_runner_on_skipped(result("prod", task("Skipped")))
    facts = handed_over(plugin)
    assert facts["prod"] == {"check_mode": True, "changes": []}
    assert [c["label"] for c in facts["staging"]["changes"]] == ["bedrock_iam: Runtime role", "bedrock_observability: Alarms (throttles)"]
    assert facts["staging"]["changes"][1]["item"] == "throttles" and facts["staging"]["changes"][0]["host"] == "staging"


def test_tasks_that_run_for_real_in_check_mode_are_not_drift(callback):
    plugin = callback(True)
    plugin.v2_runner_on_ok(result("staging", task("Assume the deploy role", check_mode=False), changed=True))
    assert handed_over(plugin)["staging"]["changes"] == []


def test_nothing_is_recorded_outside_check_mode(callback):
    plugin = callback(False)
    plugin.v2_runner_on_ok(result("staging", task("Runtime role"), changed=True))
    assert handed_over(plugin) == {"staging": {"check_mode": False, "changes": []}}

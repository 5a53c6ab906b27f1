# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: drift
type: aggregate
short_description: Records what a check-mode run would change, per host, for the drift check
version_added: 0.2.0
author:
  - TicketFlow platform team (@ticketflow)
description:
  - In a check-mode run (C(--check), or an AWX job of type Check), records every task result that reports a
    change, on each host - the host, the task, its role, the loop item and a C(label) naming them. Those are the resources that drifted from what
    the playbooks define.
  - Before each play starts, gives every host seen so far the variable C(tfb_drift_recorded)
    (C(check_mode), C(changes)), which C(playbooks/drift_check.yml) lists, publishes with C(set_stats) and fails
    on. Outside check mode nothing is recorded.
  - Tasks that run for real in check mode (C(check_mode=false), such as reads that must happen) are not drift
    and are ignored.
  - Enable it with C(callbacks_enabled = ticketflow.bedrock.drift) in C(ansible.cfg) (this repository's does) or
    C(ANSIBLE_CALLBACKS_ENABLED=ticketflow.bedrock.drift); the drift check fails when it is not enabled rather
    than report no drift.
requirements:
  - enabled in C(callbacks_enabled)
"""

from ansible.plugins.callback import CallbackBase

FACT = "tfb_drift_recorded"


def _label(result):
    label = result.get("_ansible_item_label", result.get("item"))
    return None if label is None else str(label)


class CallbackModule(CallbackBase):
    """Records changed results of a check-mode run and hands them to the following plays."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "ticketflow.bedrock.drift"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._changes = {}
        self._check_mode = False

    def v2_playbook_on_start(self, playbook):
        from ansible import context

        self._check_mode = bool(context.CLIARGS.get("check", False))

    def _seen(self, host):
        return self._changes.setdefault(host, [])

    def _record(self, result):
        host = result.host.get_name()
        changes = self._seen(host)
        task = result.task
        if not self._check_mode or task.check_mode is False or task.action in ("ansible.builtin.include_tasks", "ansible.builtin.include_role"):
            return
        role = task._role.get_name(include_role_fqcn=False) if task._role else None
        items = result.result.get("results") if task.loop else None
        changed_items = [_label(i) for i in items if isinstance(i, dict) and i.get("changed")] if items else []
        if not changed_items and result.result.get("changed"):
            changed_items = [None]
        for item in changed_items:
            label = "%s%s%s" % ("%s: " % role if role else "", task.get_name(), " (%s)" % item if item else "")
            changes.append({"host": host, "task": task.get_name(), "role": role, "action": task.action, "item": item, "label": label})

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._seen(result.host.get_name())

    def v2_runner_on_skipped(self, result):
        self._seen(result.host.get_name())

    def v2_playbook_on_play_start(self, play):
        variables = play.get_variable_manager()
        if variables is None:
            return
        for host, changes in self._changes.items():
            variables.set_nonpersistent_facts(host, {FACT: {"check_mode": self._check_mode, "changes": list(changes)}})

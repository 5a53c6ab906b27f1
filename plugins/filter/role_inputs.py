# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every role input of a run, checked up front (documented in run_input_errors.yml)."""

import os

import yaml

from ansible_collections.ticketflow.bedrock.plugins.module_utils import role_inputs

# The collection's roles, beside plugins/ (in a checkout and in an installed collection alike).
ROLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "roles")


def load_specs(roles_dir=ROLES_DIR):
    """{role: its meta/argument_specs.yml document} for every role of the collection."""
    specs = {}
    for role in sorted(os.listdir(roles_dir)):
        path = os.path.join(roles_dir, role, "meta", "argument_specs.yml")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                specs[role] = yaml.safe_load(handle)
    return specs


def _plain(variables, names):
    """The variables ``names`` of a (lazily templated) hostvars mapping, as a dict."""
    found = {}
    for name in names:
        try:
            if name in variables:
                found[name] = variables[name]
        except KeyError:
            continue
    return found


def run_input_errors(variables, steps=None, app_hosts=None):
    """The problems of the run's role inputs; ``variables`` and ``app_hosts`` values are hostvars mappings."""
    names = [entry[0] for entry in role_inputs.INPUTS]
    app_names = [entry[0] for entry in role_inputs.APP_HOST_INPUTS]
    hosts = {host: _plain(host_vars, app_names) for host, host_vars in (app_hosts or {}).items()}
    return role_inputs.run_input_errors(_plain(variables, names), load_specs(), steps=steps, app_hosts=hosts)


def run_input_message(problems, environment="the environment"):
    return role_inputs.run_input_message(environment, problems)


class FilterModule:
    """Up-front checks of every role input of a run."""

    def filters(self):
        return {"run_input_errors": run_input_errors, "run_input_message": run_input_message}

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run a module's main() against botocore Stubber clients.

``StubbedAWS`` hands out one real botocore client per service, wrapped by a
Stubber, in place of ``AnsibleAWSModule.client``. Tests queue the responses
AWS would give (``aws.stub("budgets").add_response(...)``); any call without
a queued response fails the module, so a test also proves which calls were
NOT made (for example no mutating call in check mode).
"""

import json
from unittest import mock

import boto3
from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper


class ModuleExit(Exception):
    """Raised in place of exit_json/fail_json; ``result`` holds the module result."""

    def __init__(self, result, failed):
        super().__init__(json.dumps(result, default=str)[:2000])
        self.result = result
        self.failed = failed


class StubbedAWS:
    """Stubbed botocore clients per service, for AnsibleAWSModule.client."""

    def __init__(self, region="us-east-1"):
        self.region = region
        self.session = boto3.session.Session(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="not-a-real-secret", region_name=region)
        self.clients = {}
        self.stubbers = {}
        self.client_regions = {}

    def stub(self, service):
        """The Stubber of ``service`` (created, activated, on first use)."""
        if service not in self.stubbers:
            client = self.session.client(service, region_name=self.region)
            stubber = Stubber(client)
            stubber.activate()
            self.clients[service] = client
            self.stubbers[service] = stubber
        return self.stubbers[service]

    def client(self, module, service, retry_decorator=None, **extra):
        """Replacement for AnsibleAWSModule.client."""
        self.client_regions[service] = extra.get("region", module.region)
        client = self.stub(service).client
        return RetryingBotoClientWrapper(client, retry_decorator) if retry_decorator else client

    def assert_all_called(self):
        for stubber in self.stubbers.values():
            stubber.assert_no_pending_responses()


def run_module(main, args, aws, check_mode=False, diff=False):
    """Run ``main()`` with ``args``; returns the ModuleExit (result, failed)."""
    args = dict(args)
    if check_mode:
        args["_ansible_check_mode"] = True
    if diff:
        args["_ansible_diff"] = True

    def exit_json(self, **kwargs):
        raise ModuleExit(kwargs, failed=False)

    def fail_json(self, msg=None, **kwargs):
        kwargs["msg"] = msg
        raise ModuleExit(kwargs, failed=True)

    with (
        patch_module_args(args),
        mock.patch.object(
            AnsibleAWSModule, "client", lambda module, service, retry_decorator=None, **extra: aws.client(module, service, retry_decorator, **extra)
        ),
        mock.patch.object(basic.AnsibleModule, "exit_json", exit_json),
        mock.patch.object(basic.AnsibleModule, "fail_json", fail_json),
    ):
        try:
            main()
        except ModuleExit as outcome:
            return outcome
    raise AssertionError("main() returned without exit_json or fail_json")


def client_error(stubber, operation, code, message, status=400):
    """Queue an AWS error answer for ``operation``."""
    stubber.add_client_error(operation, service_error_code=code, service_message=message, http_status_code=status)

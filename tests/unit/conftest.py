# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared fixtures of the unit tests: stubbed AWS clients and a module runner.

- ``stubbed_client(service)``: a real botocore client for us-east-1 behind a
  ``Stubber`` (every request and canned answer is validated against the service
  model); at teardown every queued answer must have been used.
- ``aws``: boto3 sessions hand out real clients behind Stubbers, by service
  (``aws.stub("bedrock-runtime")``), for modules that create their own sessions;
  AWSRetry's backoff does not sleep.
- ``run_module(module, args, clients)``: runs ``module.main()`` with
  ``patch_module_args`` and ``AnsibleAWSModule.client`` returning the given
  stubbed clients by service name; returns ``ModuleResult(failed, result)``.
"""

import json
from collections import namedtuple
from unittest import mock

import boto3
import pytest
from botocore.stub import Stubber

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args

ModuleResult = namedtuple("ModuleResult", "failed result")


class _ModuleExit(Exception):
    def __init__(self, failed, result):
        super().__init__(result.get("msg", ""))
        self.failed = failed
        self.result = result


@pytest.fixture(autouse=True)
def _no_aws_environment(monkeypatch):
    """Keep the developer's AWS settings and any endpoint URL out of unit tests."""
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_URL",
        "EC2_URL",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_BEARER_TOKEN_BEDROCK",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNITTESTEXAMPLE0")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "unit-test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def stubbed_client():
    """Factory: ``stubbed_client("bedrock") -> (client, stubber)``; all queued answers must be consumed."""
    stubbers = []

    def make(service, region="us-east-1"):
        client = boto3.client(service, region_name=region, aws_access_key_id="AKIAUNITTESTEXAMPLE0", aws_secret_access_key="unit-test-secret")
        stubber = Stubber(client)
        stubber.activate()
        stubbers.append(stubber)
        return client, stubber

    yield make
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
        stubber.deactivate()


def _json_roundtrip(result):
    return json.loads(json.dumps(result))


@pytest.fixture
def run_module():
    """Run an Ansible module's main() with arguments and stubbed clients."""

    def run(module, args, clients=None):
        clients = clients or {}
        requested = []

        def client(self, service, retry_decorator=None, **kwargs):  # pylint: disable=unused-argument
            requested.append(service)
            if service not in clients:
                raise AssertionError("module asked for an unexpected %s client" % service)
            from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper

            stub = clients[service]
            return stub if retry_decorator is None else RetryingBotoClientWrapper(stub, retry_decorator)

        def exit_json(self, **kwargs):  # pylint: disable=unused-argument
            raise _ModuleExit(False, _json_roundtrip(kwargs))

        def fail_json(self, msg, **kwargs):  # pylint: disable=unused-argument
            kwargs["msg"] = msg
            kwargs.pop("exception", None)
            raise _ModuleExit(True, _json_roundtrip(kwargs))

        from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

        with (
            patch_module_args(args),
            mock.patch.object(AnsibleAWSModule, "client", client),
            mock.patch.object(basic.AnsibleModule, "exit_json", exit_json),
            mock.patch.object(basic.AnsibleModule, "fail_json", fail_json),
        ):
            try:
                module.main()
            except _ModuleExit as done:
                return ModuleResult(done.failed, done.result)
        raise AssertionError("the module returned without exit_json or fail_json")

    return run


REAL_CLIENT = boto3.session.Session.client


class StubbedClients:
    """Real clients with Stubbers, handed out by service name; records the arguments each was created with."""

    def __init__(self):
        self.clients = {}
        self.stubs = {}
        self.created = []

    def stub(self, service):
        if service not in self.stubs:
            client = REAL_CLIENT(boto3.session.Session(), service, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
            self.clients[service] = client
            self.stubs[service] = Stubber(client)
            self.stubs[service].activate()
        return self.stubs[service]

    def make_client(self, session, service_name, **kwargs):
        self.created.append((service_name, kwargs))
        self.stub(service_name)
        return self.clients[service_name]


@pytest.fixture
def aws(monkeypatch):
    clients = StubbedClients()

    def session_client(session, service_name, **kwargs):
        return clients.make_client(session, service_name, **kwargs)

    monkeypatch.setattr(boto3.session.Session, "client", session_client)
    # AWSRetry's backoff sleeps; the number of attempts is what these tests check.
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", lambda seconds: None)
    yield clients
    for stub in clients.stubs.values():
        stub.deactivate()

"""The Bedrock extension installs operations botocore models, into the Response classes moto routes to."""

from __future__ import annotations

import botocore.session
from moto.bedrock.responses import BedrockResponse
from moto.bedrockruntime.responses import BedrockRuntimeResponse
from moto.core.utils import camelcase_to_underscores

from local_aws import bedrock
from local_aws.iam import simulate as iam_simulate
from local_aws.bedrock import control, logging_config, runtime
from local_aws.patching import added_operations


def operation_methods(service: str) -> set[str]:
    model = botocore.session.get_session().get_service_model(service)
    return {camelcase_to_underscores(name) for name in model.operation_names}


def test_every_installed_name_is_a_botocore_operation():
    assert set(control.OPERATIONS) | set(logging_config.REPLACED) <= operation_methods("bedrock")
    assert set(runtime.REPLACED) | set(runtime.ADDED) <= operation_methods("bedrock-runtime")
    assert "simulate_principal_policy" in operation_methods("iam")


def test_install_is_idempotent_and_recorded():
    bedrock.install()
    bedrock.install()
    iam_simulate.install()
    installed = set(added_operations())
    for name in control.OPERATIONS:
        assert f"BedrockResponse.{name}" in installed
        assert getattr(BedrockResponse, name) is control.OPERATIONS[name]
    for name in {**runtime.REPLACED, **runtime.ADDED}:
        assert f"BedrockRuntimeResponse.{name}" in installed
    assert BedrockRuntimeResponse.invoke_model is runtime.invoke_model
    assert "IamResponse.simulate_principal_policy" in installed

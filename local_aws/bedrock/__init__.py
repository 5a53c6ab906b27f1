"""Amazon Bedrock for the local AWS endpoint: catalog, model access, runtime, IAM authorization.

``install()`` adds the control-plane operations moto lacks to moto's
``BedrockResponse``, replaces moto's bedrock-runtime ``InvokeModel`` (which
answers ``{}`` for any model and authorizes against ``*``) and adds Converse,
ConverseStream and InvokeModelWithResponseStream. See ``local_aws/docs/bedrock.md``.

Layout (moto's shape): ``catalog.py`` and ``access.py`` hold the data and the
state (models), ``control.py``, ``app_profiles.py``, ``runtime.py``, ``logging_config.py`` the
request handlers (responses), ``errors.py`` every error and AWS text
(exceptions); ``bodies.py``, ``converse.py``, ``reply.py`` the request bodies
and replies; ``authz.py``, ``policy_eval.py``, ``principals.py`` IAM; ``guardrails/`` Guardrails.
"""

from __future__ import annotations

from moto.bedrock.responses import BedrockResponse
from moto.bedrockruntime.responses import BedrockRuntimeResponse

from local_aws.bedrock import app_profiles, catalog, control, logging_config, runtime
from local_aws.bedrock.guardrails import responses as guardrails
from local_aws.patching import add_operation, replace_operation


def install() -> None:
    catalog.snapshot()  # load (and validate) the snapshot before the first request
    catalog.warn_if_stale()
    for name, func in control.OPERATIONS.items():
        add_operation(BedrockResponse, name, func)
    app_profiles.install(add_operation, replace_operation)
    for name, (func, reason) in logging_config.REPLACED.items():
        replace_operation(BedrockResponse, name, func, reason)
    for name, func in runtime.REPLACED.items():
        replace_operation(BedrockRuntimeResponse, name, func, "moto answers {} for any model and body; AWS validates and replies")
    for name, func in runtime.ADDED.items():
        add_operation(BedrockRuntimeResponse, name, func)
    for name, func in guardrails.CONTROL_OPERATIONS.items():
        add_operation(BedrockResponse, name, func)
    for name, func in guardrails.RUNTIME_OPERATIONS.items():
        add_operation(BedrockRuntimeResponse, name, func)

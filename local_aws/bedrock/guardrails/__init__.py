"""Amazon Bedrock Guardrails for the local AWS endpoint (moto 5.2.5 has none).

``models.py`` the state (guardrails, DRAFT and numbered versions, enforced
configurations), ``responses.py`` the operations, ``filters.py`` what a
guardrail version does to a text (ApplyGuardrail's assessment),
``inference.py`` guardrails on model invocations (request and enforced ones,
the ``bedrock:GuardrailIdentifier`` condition key). Installed by
``local_aws.bedrock.install``.
"""

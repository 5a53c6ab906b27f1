"""bedrock-runtime: InvokeModel, Converse and the two stream operations, parsed by real botocore."""

from __future__ import annotations

import json

import pytest
from bedrock_support import (
    LLAMA3_8B,
    NOVA_LITE,
    SONNET_4,
    TITAN_EMBED,
    TITAN_TEXT,
    anthropic_body,
    expect_error,
    grant_access,
)
from bedrock_support import SEED_HAIKU as HAIKU
from bedrock_support import SEED_SONNET as SONNET
from bedrock_support import SONNET_37_2025 as SONNET_37

INVALID_ID = "The provided model identifier is invalid."


# These tests exercise request bodies and identifiers on the models of 2025, so they pin the
# calendar to 2025-06-01, when Claude 3 Haiku/Sonnet/Opus, 3.7 Sonnet and Sonnet 4 were ACTIVE
# (Claude 3 Haiku on demand). Today's lifecycle and access rules: test_bedrock_today.py.
ERA = "2025-06-01T12:00:00Z"


@pytest.fixture(autouse=True)
def _calendar_2025(control):
    control.pin_clock(ERA)


@pytest.fixture
def runtime(client, control):
    """A us-east-1 runtime client whose account has access to the usual models."""
    control.config(agreement_pending_seconds=0)
    grant_access(client("bedrock"), HAIKU, SONNET, SONNET_37, SONNET_4, LLAMA3_8B)
    return client("bedrock-runtime")


def invoke(runtime, model_id, body):
    answer = runtime.invoke_model(modelId=model_id, body=body)
    return json.loads(answer["body"].read()), answer


def user(text):
    return [{"role": "user", "content": [{"text": text}]}]


# ---------------------------------------------------------------- InvokeModel


def test_invoke_anthropic_messages(runtime):
    body, answer = invoke(runtime, HAIKU, anthropic_body("How do I reset my password?"))
    assert answer["contentType"] == "application/json"
    assert body["type"] == "message" and body["role"] == "assistant"
    assert body["model"] == "claude-3-haiku-20240307"
    assert body["content"] == [{"type": "text", "text": "Hello! How can I help you today?"}]
    assert body["stop_reason"] == "end_turn"
    assert body["usage"]["input_tokens"] > 0 and body["usage"]["output_tokens"] == 9
    headers = answer["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amzn-bedrock-output-token-count"] == "9"
    assert int(headers["x-amzn-bedrock-input-token-count"]) == body["usage"]["input_tokens"]


def test_reply_text_is_seeded_and_cut_at_max_tokens(runtime, control):
    control.config(reply_text="Your ticket has been escalated to the billing team.")
    body, _ = invoke(runtime, HAIKU, anthropic_body(max_tokens=3))
    assert body["content"][0]["text"] == "Your ticket has"
    assert body["stop_reason"] == "max_tokens"
    assert body["usage"]["output_tokens"] == 3


def test_longer_prompts_count_more_input_tokens(runtime):
    short, _ = invoke(runtime, HAIKU, anthropic_body("Hi"))
    long, _ = invoke(runtime, HAIKU, anthropic_body("Hi " * 200))
    assert long["usage"]["input_tokens"] > short["usage"]["input_tokens"] + 150


@pytest.mark.parametrize(
    "body, message",
    [
        (
            {"max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]},
            "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.",
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "messages": [{"role": "user", "content": "hi"}]},
            "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.",
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10},
            "Malformed input request: #: required key [messages] not found, please reformat your input and try again.",
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], "prompt": "x"},
            "Malformed input request: #: extraneous key [prompt] is not permitted, please reformat your input and try again.",
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": "10", "messages": [{"role": "user", "content": "hi"}]},
            "Malformed input request: #/max_tokens: expected type: Integer, found: String, please reformat your input and try again.",
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "assistant", "content": "hi"}]},
            'messages: first message must use the "user" role',
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]},
            'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
        ),
        ({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": []}, "messages: at least one message is required"),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "system", "content": "hi"}]},
            "Malformed input request: #/messages/0/role: system is not a valid enum value, please reformat your input and try again.",
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "text"}]}]},
            "Malformed input request: #/messages/0/content/0: required key [text] not found, please reformat your input and try again.",
        ),
        (
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 5000, "messages": [{"role": "user", "content": "hi"}]},
            "max_tokens: 5000 > 4096, which is the maximum allowed number of output tokens for claude-3-haiku-20240307",
        ),
    ],
)
def test_invalid_anthropic_bodies(runtime, body, message):
    expect_error(lambda: runtime.invoke_model(modelId=HAIKU, body=json.dumps(body)), "ValidationException", 400, message)


def test_content_blocks_and_system_are_accepted(runtime):
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 50,
        "system": "You are a support agent.",
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
            {"role": "assistant", "content": "Hello"},
            {"role": "user", "content": [{"type": "text", "text": "Help"}]},
        ],
    }
    reply, _ = invoke(runtime, HAIKU, json.dumps(body))
    assert reply["stop_reason"] == "end_turn"


def test_body_that_is_not_json(runtime):
    expect_error(
        lambda: runtime.invoke_model(modelId=HAIKU, body=b"hello"),
        "ValidationException",
        400,
        "Malformed input request, please reformat your input and try again.",
    )


def test_profile_only_model_by_bare_id(runtime):
    message = (
        f"Invocation of model ID {SONNET_37} with on-demand throughput isn\u2019t supported. "
        "Retry your request with the ID or ARN of an inference profile that contains this model."
    )
    expect_error(lambda: runtime.invoke_model(modelId=SONNET_37, body=anthropic_body()), "ValidationException", 400, message)
    arn = f"arn:aws:bedrock:us-east-1::foundation-model/{SONNET_37}"
    expect_error(lambda: runtime.converse(modelId=arn, messages=user("hi")), "ValidationException", 400, message)


def test_profile_by_id_and_by_arn(runtime):
    body, _ = invoke(runtime, f"us.{SONNET_37}", anthropic_body())
    assert body["model"] == "claude-3-7-sonnet-20250219"
    arn = f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{SONNET_37}"
    assert runtime.converse(modelId=arn, messages=user("hi"))["stopReason"] == "end_turn"
    assert runtime.converse(modelId=f"global.{SONNET_4}", messages=user("hi"))["stopReason"] == "end_turn"


def test_unknown_models_and_profiles_of_other_geographies(runtime):
    for model_id in (
        "anthropic.claude-9-v1:0",
        f"eu.{SONNET_37}",
        "arn:aws:bedrock:us-west-2::foundation-model/" + HAIKU,
        f"arn:aws:bedrock:us-east-1:210987654321:inference-profile/us.{SONNET_37}",
    ):
        expect_error(lambda m=model_id: runtime.invoke_model(modelId=m, body=anthropic_body()), "ValidationException", 400, INVALID_ID)


def test_model_absent_from_region_is_an_invalid_identifier(client):
    runtime = client("bedrock-runtime", "eu-central-1")
    expect_error(lambda: runtime.invoke_model(modelId=LLAMA3_8B, body=json.dumps({"prompt": "hi"})), "ValidationException", 400, INVALID_ID)


def test_amazon_titan_text_needs_no_agreement(client):
    runtime = client("bedrock-runtime")
    body, _ = invoke(runtime, TITAN_TEXT, json.dumps({"inputText": "Hi", "textGenerationConfig": {"maxTokenCount": 2}}))
    assert body["results"][0] == {"tokenCount": 2, "outputText": "Hello!", "completionReason": "LENGTH"}
    expect_error(
        lambda: runtime.invoke_model(modelId=TITAN_TEXT, body=json.dumps({"prompt": "Hi"})),
        "ValidationException",
        400,
        "Malformed input request: #: required key [inputText] not found, please reformat your input and try again.",
    )


def test_titan_embeddings(client):
    body, _ = invoke(client("bedrock-runtime"), TITAN_EMBED, json.dumps({"inputText": "ticket", "dimensions": 256}))
    assert len(body["embedding"]) == 256 and body["inputTextTokenCount"] == 1


def test_nova_and_llama_bodies(runtime, client):
    nova, _ = invoke(runtime, NOVA_LITE, json.dumps({"messages": [{"role": "user", "content": [{"text": "Hi"}]}]}))
    assert nova["output"]["message"]["content"][0]["text"] == "Hello! How can I help you today?"
    assert nova["usage"]["totalTokens"] == nova["usage"]["inputTokens"] + nova["usage"]["outputTokens"]
    llama, _ = invoke(runtime, LLAMA3_8B, json.dumps({"prompt": "Hi", "max_gen_len": 1}))
    assert llama == {"generation": "Hello", "prompt_token_count": 1, "generation_token_count": 1, "stop_reason": "length"}


# ---------------------------------------------------------------- Converse


def test_converse_reply_usage_and_metrics(runtime):
    answer = runtime.converse(modelId=HAIKU, messages=user("Where is my order?"), system=[{"text": "Be brief."}])
    assert answer["output"]["message"] == {"role": "assistant", "content": [{"text": "Hello! How can I help you today?"}]}
    assert answer["stopReason"] == "end_turn"
    usage = answer["usage"]
    assert usage["outputTokens"] == 9 and usage["totalTokens"] == usage["inputTokens"] + 9
    assert answer["metrics"]["latencyMs"] >= 1


def test_converse_one_token_probe(runtime):
    answer = runtime.converse(modelId=SONNET, messages=user("ping"), inferenceConfig={"maxTokens": 1})
    assert answer["output"]["message"]["content"][0]["text"] == "Hello"
    assert answer["stopReason"] == "max_tokens" and answer["usage"]["outputTokens"] == 1


@pytest.mark.parametrize(
    "messages, message",
    [
        (
            [{"role": "assistant", "content": [{"text": "hi"}]}],
            "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
        ),
        (
            user("a") + user("b"),
            "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and "
            "assistant roles and try again.",
        ),
        (user(""), "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again."),
        (
            [{"role": "user", "content": []}],
            "The content field in the Message object at messages.0 is empty. Add a ContentBlock object to the content field and try again.",
        ),
    ],
)
def test_converse_invalid_messages(runtime, messages, message):
    expect_error(lambda: runtime.converse(modelId=HAIKU, messages=messages), "ValidationException", 400, message)


def test_converse_max_tokens_above_model_limit(runtime):
    expect_error(
        lambda: runtime.converse(modelId=HAIKU, messages=user("hi"), inferenceConfig={"maxTokens": 10000}),
        "ValidationException",
        400,
        "The maximum tokens you requested exceeds the model limit of 4096. Try again with a maximum tokens value that is lower than 4096.",
    )


def test_converse_rejects_embedding_models(client):
    expect_error(
        lambda: client("bedrock-runtime").converse(modelId=TITAN_EMBED, messages=user("hi")),
        "ValidationException",
        400,
        "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    )


# ---------------------------------------------------------------- streams


def test_converse_stream_events(runtime):
    events = list(runtime.converse_stream(modelId=f"us.{SONNET_37}", messages=user("hi"))["stream"])
    assert events[0] == {"messageStart": {"role": "assistant"}}
    text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in events if "contentBlockDelta" in e)
    assert text == "Hello! How can I help you today?"
    assert {"contentBlockStop": {"contentBlockIndex": 0}} in events
    assert {"messageStop": {"stopReason": "end_turn"}} in events
    metadata = events[-1]["metadata"]
    assert metadata["usage"]["outputTokens"] == 9 and metadata["metrics"]["latencyMs"] >= 1


def test_invoke_model_with_response_stream_anthropic(runtime):
    answer = runtime.invoke_model_with_response_stream(modelId=HAIKU, body=anthropic_body(max_tokens=4))
    chunks = [json.loads(event["chunk"]["bytes"]) for event in answer["body"]]
    assert [c["type"] for c in chunks][:2] == ["message_start", "content_block_start"]
    assert chunks[-1]["type"] == "message_stop"
    text = "".join(c["delta"]["text"] for c in chunks if c["type"] == "content_block_delta")
    assert text == "Hello! How can"
    delta = next(c for c in chunks if c["type"] == "message_delta")
    assert delta["delta"]["stop_reason"] == "max_tokens" and delta["usage"]["output_tokens"] == 4
    assert chunks[-1]["amazon-bedrock-invocationMetrics"]["outputTokenCount"] == 4


def test_stream_errors_before_the_stream(runtime, client):
    expect_error(lambda: runtime.invoke_model_with_response_stream(modelId=SONNET_37, body=anthropic_body()), "ValidationException", 400)
    expect_error(
        lambda: client("bedrock-runtime").invoke_model_with_response_stream(modelId=TITAN_EMBED, body=json.dumps({"inputText": "x"})),
        "ValidationException",
        400,
        "The model is unsupported for streaming.",
    )

# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Request building, reply parsing and latency statistics of bedrock_runtime.

Requests are checked against botocore's own bedrock-runtime service model
(Stubber validates parameters), replies are shaped as the service returns them.
"""

import io
import json

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from ansible_collections.ticketflow.bedrock.plugins.module_utils import bedrock_runtime

HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0"  # profile only: called through its us. profile


@pytest.fixture
def runtime():
    client = boto3.client("bedrock-runtime", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stub:
        yield client, stub


CONVERSE_REPLY = {
    "output": {"message": {"role": "assistant", "content": [{"text": "Hello! "}, {"text": "How can I help?"}]}},
    "stopReason": "end_turn",
    "usage": {"inputTokens": 12, "outputTokens": 9, "totalTokens": 21},
    "metrics": {"latencyMs": 345},
}


def test_converse_request_is_valid_for_botocore_and_parses(runtime):
    client, stub = runtime
    request = bedrock_runtime.converse_request(HAIKU, "Say hello in one sentence.", 64, 0.3)
    assert request == {
        "modelId": HAIKU,
        "messages": [{"role": "user", "content": [{"text": "Say hello in one sentence."}]}],
        "inferenceConfig": {"maxTokens": 64, "temperature": 0.3},
    }
    stub.add_response("converse", CONVERSE_REPLY, request)
    reply = bedrock_runtime.parse_converse_response(client.converse(**request))
    assert reply == {
        "reply_text": "Hello! How can I help?",
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 12, "output_tokens": 9, "total_tokens": 21},
        "server_latency_ms": 345,
    }


def test_converse_request_leaves_temperature_to_the_model_when_unset():
    request = bedrock_runtime.converse_request(HAIKU, "hi", 8, system="Be brief.")
    assert request["inferenceConfig"] == {"maxTokens": 8}
    assert request["system"] == [{"text": "Be brief."}]


def test_converse_reply_without_total_tokens_adds_them_up():
    reply = bedrock_runtime.parse_converse_response(dict(CONVERSE_REPLY, usage={"inputTokens": 3, "outputTokens": 4}))
    assert reply["usage"]["total_tokens"] == 7


def test_converse_reply_ignores_non_text_blocks():
    answer = dict(
        CONVERSE_REPLY, output={"message": {"role": "assistant", "content": [{"reasoningContent": {"reasoningText": {"text": "thinking"}}}, {"text": "Hi."}]}}
    )
    assert bedrock_runtime.parse_converse_response(answer)["reply_text"] == "Hi."


def test_invoke_model_request_carries_the_anthropic_messages_body(runtime):
    client, stub = runtime
    request = bedrock_runtime.invoke_model_request(HAIKU, "Say hello in one sentence.", 64, 0.3)
    assert json.loads(request["body"]) == {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 64,
        "temperature": 0.3,
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Say hello in one sentence."}]}],
    }
    assert request["contentType"] == request["accept"] == "application/json"
    body = json.dumps(
        {
            "id": "msg_bdrk_01",
            "type": "message",
            "role": "assistant",
            "model": "claude-haiku-4-5-20251001",
            "content": [{"type": "text", "text": "Hello there, nice to meet you."}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 14, "output_tokens": 10},
        }
    ).encode()
    stub.add_response("invoke_model", {"body": StreamingBody(io.BytesIO(body), len(body)), "contentType": "application/json"}, request)
    reply = bedrock_runtime.parse_invoke_model_response(client.invoke_model(**request))
    assert reply == {
        "reply_text": "Hello there, nice to meet you.",
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 14, "output_tokens": 10, "total_tokens": 24},
        "server_latency_ms": None,
    }


@pytest.mark.parametrize(
    "body, fragment",
    [
        (b"not json", "not JSON"),
        (b'{"outputText": "titan style"}', "outputText"),
        (b"[1, 2]", "list"),
    ],
)
def test_invoke_model_reply_that_is_not_anthropic_is_reported(body, fragment):
    with pytest.raises(bedrock_runtime.ReplyFormatError, match=fragment):
        bedrock_runtime.parse_invoke_model_response({"body": StreamingBody(io.BytesIO(body), len(body))})


def test_percentile_interpolates_between_ranks():
    values = [100, 200, 300, 400]
    assert bedrock_runtime.percentile(values, 0.5) == 250
    assert bedrock_runtime.percentile(values, 0.95) == pytest.approx(385)
    assert bedrock_runtime.percentile([7], 0.95) == 7
    with pytest.raises(ValueError):
        bedrock_runtime.percentile([], 0.5)


def test_latency_stats_of_unordered_samples():
    stats = bedrock_runtime.latency_stats([250.0, 100.0, 1000.0, 150.0, 200.0])
    assert stats == {"min_ms": 100.0, "max_ms": 1000.0, "mean_ms": 340.0, "p50_ms": 200.0, "p95_ms": 850.0}


def test_tokens_per_second():
    assert bedrock_runtime.tokens_per_second(50, 2000) == 25.0
    assert bedrock_runtime.tokens_per_second(50, 0) is None


def test_summarize_samples_sums_usage_and_rates_over_all_wall_time():
    def sample(latency, output_tokens):
        return {"latency_ms": latency, "usage": {"input_tokens": 10, "output_tokens": output_tokens, "total_tokens": 10 + output_tokens}}

    summary = bedrock_runtime.summarize_samples([sample(500, 10), sample(1500, 30)])
    assert summary["total_usage"] == {"input_tokens": 20, "output_tokens": 40, "total_tokens": 60}
    assert summary["tokens_per_second"] == 20.0
    assert summary["latency"]["p50_ms"] == 1000.0
    with pytest.raises(ValueError):
        bedrock_runtime.summarize_samples([])

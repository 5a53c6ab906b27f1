# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bedrock runtime requests and replies: Converse, InvokeModel (Anthropic Messages), latency statistics.

Pure functions (no AWS call) so that the module and its tests share them:
``converse_request`` / ``parse_converse_response``, ``invoke_model_request`` /
``parse_invoke_model_response``, ``latency_stats`` and ``tokens_per_second``.
"""

import json
import math

ANTHROPIC_VERSION = "bedrock-2023-05-31"
APIS = ("converse", "invoke_model")


def _inference_config(max_tokens, temperature):
    config = {"maxTokens": int(max_tokens)}
    if temperature is not None:
        config["temperature"] = float(temperature)
    return config


def converse_request(model_id, prompt, max_tokens, temperature=None, system=None):
    """Keyword arguments for ``bedrock-runtime.converse`` with one user turn."""
    request = {
        "modelId": model_id,
        "messages": [{"role": "user", "content": [{"text": prompt}]}],
        "inferenceConfig": _inference_config(max_tokens, temperature),
    }
    if system:
        request["system"] = [{"text": system}]
    return request


def anthropic_messages_body(prompt, max_tokens, temperature=None, system=None):
    """The Anthropic Messages API body that InvokeModel expects for Claude models."""
    body = {
        "anthropic_version": ANTHROPIC_VERSION,
        "max_tokens": int(max_tokens),
        "messages": [{"role": "user", "content": [{"type": "text", "text": prompt}]}],
    }
    if temperature is not None:
        body["temperature"] = float(temperature)
    if system:
        body["system"] = system
    return body


def invoke_model_request(model_id, prompt, max_tokens, temperature=None, system=None):
    """Keyword arguments for ``bedrock-runtime.invoke_model`` with an Anthropic Messages body."""
    return {
        "modelId": model_id,
        "contentType": "application/json",
        "accept": "application/json",
        "body": json.dumps(anthropic_messages_body(prompt, max_tokens, temperature, system)),
    }


def _usage(input_tokens, output_tokens, total_tokens=None):
    input_tokens = int(input_tokens or 0)
    output_tokens = int(output_tokens or 0)
    if total_tokens is None:
        total_tokens = input_tokens + output_tokens
    return {"input_tokens": input_tokens, "output_tokens": output_tokens, "total_tokens": int(total_tokens)}


def parse_converse_response(response):
    """reply_text, stop_reason, usage and server_latency_ms of a Converse answer."""
    message = (response.get("output") or {}).get("message") or {}
    texts = [block["text"] for block in message.get("content") or [] if "text" in block]
    usage = response.get("usage") or {}
    return {
        "reply_text": "".join(texts),
        "stop_reason": response.get("stopReason"),
        "usage": _usage(usage.get("inputTokens"), usage.get("outputTokens"), usage.get("totalTokens")),
        "server_latency_ms": (response.get("metrics") or {}).get("latencyMs"),
    }


def _read_body(body):
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    return json.loads(body) if body else {}


class ReplyFormatError(ValueError):
    """The model answered with a body that is not an Anthropic Messages reply."""


def parse_invoke_model_response(response):
    """reply_text, stop_reason, usage of an InvokeModel answer with an Anthropic Messages body."""
    try:
        body = _read_body(response.get("body"))
    except ValueError as e:
        raise ReplyFormatError("InvokeModel returned a body that is not JSON: %s" % e) from e
    if not isinstance(body, dict) or "content" not in body:
        found = ", ".join(sorted(body)) if isinstance(body, dict) else type(body).__name__
        raise ReplyFormatError("InvokeModel returned a body without 'content' (found: %s); is this an Anthropic model?" % found)
    texts = [block.get("text", "") for block in body.get("content") or [] if block.get("type") == "text"]
    usage = body.get("usage") or {}
    return {
        "reply_text": "".join(texts),
        "stop_reason": body.get("stop_reason"),
        "usage": _usage(usage.get("input_tokens"), usage.get("output_tokens")),
        "server_latency_ms": None,
    }


def percentile(values, fraction):
    """Linear-interpolated percentile (``fraction`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    rank = fraction * (len(ordered) - 1)
    low = int(math.floor(rank))
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_stats(latencies_ms):
    """min, max, mean, p50 and p95 (milliseconds, rounded to 0.1) of the sample latencies."""
    if not latencies_ms:
        raise ValueError("latency statistics need at least one sample")
    return {
        "min_ms": round(min(latencies_ms), 1),
        "max_ms": round(max(latencies_ms), 1),
        "mean_ms": round(sum(latencies_ms) / len(latencies_ms), 1),
        "p50_ms": round(percentile(latencies_ms, 0.50), 1),
        "p95_ms": round(percentile(latencies_ms, 0.95), 1),
    }


def tokens_per_second(output_tokens, latency_ms):
    """Output tokens per second of wall time, or None when nothing was measured."""
    if not latency_ms or latency_ms <= 0:
        return None
    return round(float(output_tokens) * 1000.0 / latency_ms, 2)


def summarize_samples(samples):
    """Aggregate results of several invocations (each a parsed reply with ``latency_ms``).

    Returns the first reply's text and stop reason, the summed usage, the
    latency statistics and the overall output tokens per second.
    """
    if not samples:
        raise ValueError("no samples to summarize")
    latencies = [s["latency_ms"] for s in samples]
    usage = _usage(
        sum(s["usage"]["input_tokens"] for s in samples), sum(s["usage"]["output_tokens"] for s in samples), sum(s["usage"]["total_tokens"] for s in samples)
    )
    return {
        "latency": latency_stats(latencies),
        "total_usage": usage,
        "tokens_per_second": tokens_per_second(usage["output_tokens"], sum(latencies)),
    }

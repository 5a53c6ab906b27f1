"""Converse and ConverseStream: request validation and replies, with the Converse API's texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from local_aws.bedrock import catalog
from local_aws.bedrock.errors import CONVERSE_NO_SYSTEM, CONVERSE_NO_TOOLS, TEMPERATURE_WITH_TOP_P, ValidationException
from local_aws.bedrock.reply import Reply, count_input_tokens, make_reply

START_WITH_USER = "A conversation must start with a user message. Try again with a conversation that starts with a user message."
ALTERNATE = (
    "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again."
)
UNSUPPORTED_MODEL = "This action doesn't support the model that you provided. Try again with a supported text or chat model."


@dataclass(frozen=True)
class PreparedConverse:
    input_tokens: int
    max_tokens: int


def _texts(blocks: list[dict[str, Any]], where: str) -> list[str]:
    texts = []
    for index, block in enumerate(blocks or []):
        if "text" in block:
            if not str(block["text"]).strip():
                raise ValidationException(
                    f"The text field in the ContentBlock object at {where}.content.{index} is blank. Add text to the text field, and try again."
                )
            texts.append(block["text"])
    return texts


def validate(response: Any, model: catalog.FoundationModel) -> PreparedConverse:
    if "TEXT" not in model.output_modalities:
        raise ValidationException(UNSUPPORTED_MODEL)
    messages = response._get_param("messages") or []
    if not messages or messages[0].get("role") != "user":
        raise ValidationException(START_WITH_USER)
    if response._get_param("system") and not model.converse_supports("systemPrompt"):
        raise ValidationException(CONVERSE_NO_SYSTEM)
    if response._get_param("toolConfig") and not model.converse_supports("toolUse"):
        raise ValidationException(CONVERSE_NO_TOOLS)
    texts: list[str] = []
    for block in response._get_param("system") or []:
        if block.get("text"):
            texts.append(block["text"])
    previous = None
    for index, message in enumerate(messages):
        role = message.get("role")
        if role not in ("user", "assistant"):
            raise ValidationException(f"The role in the Message object at messages.{index} is not valid. Use user or assistant, and try again.")
        if role == previous:
            raise ValidationException(ALTERNATE)
        previous = role
        if not message.get("content"):
            raise ValidationException(
                f"The content field in the Message object at messages.{index} is empty. Add a ContentBlock object to the content field and try again."
            )
        texts += _texts(message["content"], f"messages.{index}")
    config = response._get_param("inferenceConfig") or {}
    for name in ("temperature", "topP"):
        value = config.get(name)
        if value is not None and not 0 <= float(value) <= 1:
            raise ValidationException(
                f"1 validation error detected: Value '{value}' at 'inferenceConfig.{name}' failed to satisfy constraint: "
                "Member must have value less than or equal to 1"
            )
    if config.get("temperature") is not None and config.get("topP") is not None and not model.temperature_with_top_p:
        raise ValidationException(TEMPERATURE_WITH_TOP_P)
    max_tokens = config.get("maxTokens")
    if max_tokens is None:
        max_tokens = model.max_output_tokens
    elif int(max_tokens) > model.max_output_tokens:
        raise ValidationException(
            f"The maximum tokens you requested exceeds the model limit of {model.max_output_tokens}. "
            f"Try again with a maximum tokens value that is lower than {model.max_output_tokens}."
        )
    return PreparedConverse(count_input_tokens(texts, len(messages)), int(max_tokens))


def prompt_texts(response: Any) -> list[str]:
    """The texts of the request a guardrail assesses: the system prompt and the messages'
    text blocks, or only the ``guardContent`` blocks when the request has any (AWS's rule)."""
    system = response._get_param("system") or []
    messages = response._get_param("messages") or []
    guarded = [
        b["guardContent"]["text"]["text"]
        for m in messages
        for b in m.get("content") or []
        if isinstance(b.get("guardContent"), dict) and "text" in b["guardContent"].get("text", {})
    ]
    guarded += [b["guardContent"]["text"]["text"] for b in system if isinstance(b.get("guardContent"), dict) and "text" in b["guardContent"].get("text", {})]
    if guarded:
        return guarded
    return [b["text"] for b in system if b.get("text")] + [b["text"] for m in messages for b in m.get("content") or [] if isinstance(b.get("text"), str)]


def make_reply_for(prepared: PreparedConverse) -> Reply:
    return make_reply(prepared.max_tokens)


def _usage(prepared: PreparedConverse, reply: Reply) -> dict[str, int]:
    return {
        "inputTokens": prepared.input_tokens,
        "outputTokens": reply.output_tokens,
        "totalTokens": prepared.input_tokens + reply.output_tokens,
    }


def _stop_reason(reply: Reply) -> str:
    return "max_tokens" if reply.truncated else "end_turn"


def response(prepared: PreparedConverse, reply: Reply, latency_ms: int) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": reply.text}]}},
        "stopReason": _stop_reason(reply),
        "usage": _usage(prepared, reply),
        "metrics": {"latencyMs": latency_ms},
    }


def stream_events(prepared: PreparedConverse, reply: Reply, latency_ms: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [{"messageStart": {"role": "assistant"}}]
    events += [{"contentBlockDelta": {"delta": {"text": piece}, "contentBlockIndex": 0}} for piece in reply.pieces()]
    events += [
        {"contentBlockStop": {"contentBlockIndex": 0}},
        {"messageStop": {"stopReason": _stop_reason(reply)}},
        {"metadata": {"usage": _usage(prepared, reply), "metrics": {"latencyMs": latency_ms}}},
    ]
    return events

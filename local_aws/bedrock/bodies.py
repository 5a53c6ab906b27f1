"""InvokeModel request and response bodies, per model family.

Each family validates the JSON body as Bedrock does (Anthropic Messages in
full: ``anthropic_version``, ``max_tokens``, ``messages`` with alternating
roles starting with ``user``, content as a string or blocks; the other families
their required keys and limits), then builds the reply body and, for
InvokeModelWithResponseStream, the stream's chunk payloads.

Error texts follow Bedrock's: JSON-schema violations answer "Malformed input
request: #...: ..., please reformat your input and try again."; Anthropic's own
checks answer Anthropic's texts.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any, Callable

from local_aws.bedrock import catalog
from local_aws.bedrock.errors import TEMPERATURE_WITH_TOP_P, ValidationException
from local_aws.bedrock.reply import Reply, count_input_tokens, count_tokens, embedding, make_reply

ANTHROPIC_VERSION = "bedrock-2023-05-31"
ANTHROPIC_KEYS = {
    "anthropic_version",
    "anthropic_beta",
    "max_tokens",
    "messages",
    "system",
    "temperature",
    "top_p",
    "top_k",
    "stop_sequences",
    "tools",
    "tool_choice",
    "metadata",
    "thinking",
}
ANTHROPIC_BLOCK_TYPES = {"text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"}


def malformed(detail: str = "") -> ValidationException:
    if not detail:
        return ValidationException("Malformed input request, please reformat your input and try again.")
    return ValidationException(f"Malformed input request: {detail}, please reformat your input and try again.")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "BigDecimal"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list):
        return "JSONArray"
    if isinstance(value, dict):
        return "JSONObject"
    return "Null"


def _expect(value: Any, path: str, *types: str) -> None:
    if _type_name(value) not in types:
        raise malformed(f"{path}: expected type: {types[0]}, found: {_type_name(value)}")


def _require(body: dict[str, Any], keys: tuple[str, ...], path: str = "#") -> None:
    for key in keys:
        if key not in body:
            raise malformed(f"{path}: required key [{key}] not found")


def _no_extra(body: dict[str, Any], allowed: set[str], path: str = "#") -> None:
    for key in body:
        if key not in allowed:
            raise malformed(f"{path}: extraneous key [{key}] is not permitted")


def parse_json(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw or b"")
    except ValueError:
        raise malformed() from None
    if not isinstance(body, dict):
        raise malformed(f"#: expected type: JSONObject, found: {_type_name(body)}")
    return body


@dataclass
class Prepared:
    """A validated request: what the reply needs."""

    input_tokens: int
    max_tokens: int
    extra: dict[str, Any] = field(default_factory=dict)


def _max_tokens(value: Any, path: str, model: catalog.FoundationModel, default: int, enforce_limit: bool = True) -> int:
    """The requested output-token cap, validated as the schema-checked bodies are (``#/path: ...`` texts).

    ``enforce_limit=False`` leaves the model's upper limit to the caller (the
    Anthropic Messages API words that error its own way).
    """
    if value is None:
        return min(default, model.max_output_tokens)
    _expect(value, path, "Integer")
    if value < 1:
        raise malformed(f"{path}: {value} is not greater or equal to 1")
    if enforce_limit and value > model.max_output_tokens:
        raise malformed(f"{path}: {value} is not less or equal to {model.max_output_tokens}")
    return int(value)


# ---------------------------------------------------------------- Anthropic Messages


def _anthropic_texts(content: Any, path: str, check_empty: bool = True) -> list[str]:
    if isinstance(content, str):
        if check_empty and not content.strip():
            raise ValidationException("messages: text content blocks must be non-empty")
        return [content]
    _expect(content, path, "JSONArray", "String")
    texts = []
    for index, block in enumerate(content):
        block_path = f"{path}/{index}"
        _expect(block, block_path, "JSONObject")
        _require(block, ("type",), block_path)
        if block["type"] not in ANTHROPIC_BLOCK_TYPES:
            raise malformed(f"{block_path}/type: {block['type']} is not a valid enum value")
        if block["type"] == "text":
            _require(block, ("text",), block_path)
            _expect(block["text"], f"{block_path}/text", "String")
            if check_empty and not block["text"].strip():
                raise ValidationException("messages: text content blocks must be non-empty")
            texts.append(block["text"])
    return texts


def validate_anthropic(body: dict[str, Any], model: catalog.FoundationModel) -> Prepared:
    _require(body, ("anthropic_version", "max_tokens", "messages"))
    _no_extra(body, ANTHROPIC_KEYS)
    if body["anthropic_version"] not in model.anthropic_versions:
        # bedrock-2023-05-31 everywhere; Anthropic's newer dated versions only on the unversioned model IDs.
        raise malformed(f"#/anthropic_version: {body['anthropic_version']} is not a valid enum value")
    max_tokens = _max_tokens(body["max_tokens"], "#/max_tokens", model, model.max_output_tokens, enforce_limit=False)
    if max_tokens > model.max_output_tokens:
        raise ValidationException(
            f"max_tokens: {max_tokens} > {model.max_output_tokens}, which is the maximum allowed number of output tokens for {model.api_model_name}"
        )
    for name in ("temperature", "top_p"):
        if name in body:
            _expect(body[name], f"#/{name}", "BigDecimal", "Integer")
            if not 0 <= body[name] <= 1:
                raise ValidationException(f"{name}: range: 0..1")
    if "temperature" in body and "top_p" in body and not model.temperature_with_top_p:
        raise ValidationException(TEMPERATURE_WITH_TOP_P)
    messages = body["messages"]
    _expect(messages, "#/messages", "JSONArray")
    if not messages:
        raise ValidationException("messages: at least one message is required")
    texts: list[str] = []
    if "system" in body:
        texts += _anthropic_texts(body["system"], "#/system", check_empty=False)
    previous = None
    for index, message in enumerate(messages):
        path = f"#/messages/{index}"
        _expect(message, path, "JSONObject")
        _require(message, ("role", "content"), path)
        _no_extra(message, {"role", "content"}, path)
        role = message["role"]
        if role not in ("user", "assistant"):
            raise malformed(f"{path}/role: {role} is not a valid enum value")
        if index == 0 and role != "user":
            raise ValidationException('messages: first message must use the "user" role')
        if role == previous:
            raise ValidationException(f'messages: roles must alternate between "user" and "assistant", but found multiple "{role}" roles in a row')
        previous = role
        is_final_assistant = index == len(messages) - 1 and role == "assistant"
        if message["content"] in ("", []) and not is_final_assistant:
            raise ValidationException("messages: all messages must have non-empty content except for the optional final assistant message")
        texts += _anthropic_texts(message["content"], f"{path}/content", check_empty=not is_final_assistant)
    return Prepared(count_input_tokens(texts, len(messages)), max_tokens)


def _anthropic_id() -> str:
    return "msg_bdrk_01" + secrets.token_hex(11)


def respond_anthropic(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> dict[str, Any]:
    return {
        "id": _anthropic_id(),
        "type": "message",
        "role": "assistant",
        "model": model.api_model_name,
        "content": [{"type": "text", "text": reply.text}],
        "stop_reason": "max_tokens" if reply.truncated else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": prepared.input_tokens, "output_tokens": reply.output_tokens},
    }


def stream_anthropic(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> list[dict[str, Any]]:
    start = respond_anthropic(prepared, reply, model)
    start.update(content=[], stop_reason=None, usage={"input_tokens": prepared.input_tokens, "output_tokens": 1})
    chunks: list[dict[str, Any]] = [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    ]
    chunks += [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}} for p in reply.pieces()]
    chunks += [
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "max_tokens" if reply.truncated else "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": reply.output_tokens},
        },
        {"type": "message_stop"},
    ]
    return chunks


# ---------------------------------------------------------------- Amazon Titan Text


def validate_titan_text(body: dict[str, Any], model: catalog.FoundationModel) -> Prepared:
    _require(body, ("inputText",))
    _no_extra(body, {"inputText", "textGenerationConfig"})
    _expect(body["inputText"], "#/inputText", "String")
    config = body.get("textGenerationConfig") or {}
    _expect(config, "#/textGenerationConfig", "JSONObject")
    _no_extra(config, {"maxTokenCount", "temperature", "topP", "stopSequences"}, "#/textGenerationConfig")
    max_tokens = _max_tokens(config.get("maxTokenCount"), "#/textGenerationConfig/maxTokenCount", model, 512)
    return Prepared(count_input_tokens([body["inputText"]]), max_tokens)


def respond_titan_text(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> dict[str, Any]:
    return {
        "inputTextTokenCount": prepared.input_tokens,
        "results": [{"tokenCount": reply.output_tokens, "outputText": reply.text, "completionReason": "LENGTH" if reply.truncated else "FINISH"}],
    }


def stream_titan_text(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> list[dict[str, Any]]:
    pieces = reply.pieces()
    chunks = []
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        chunks.append(
            {
                "outputText": piece,
                "index": 0,
                "totalOutputTextTokenCount": reply.output_tokens if last else None,
                "completionReason": ("LENGTH" if reply.truncated else "FINISH") if last else None,
                "inputTextTokenCount": prepared.input_tokens if i == 0 else None,
            }
        )
    return chunks


# ---------------------------------------------------------------- Amazon Titan Embeddings


def validate_titan_embed(body: dict[str, Any], model: catalog.FoundationModel) -> Prepared:
    _require(body, ("inputText",))
    _no_extra(body, {"inputText", "dimensions", "normalize", "embeddingTypes"})
    _expect(body["inputText"], "#/inputText", "String")
    dimensions = body.get("dimensions", 1024)
    if dimensions not in (256, 512, 1024):
        raise malformed(f"#/dimensions: {dimensions} is not a valid enum value")
    return Prepared(count_input_tokens([body["inputText"]]), 0, {"dimensions": dimensions, "text": body["inputText"]})


def respond_titan_embed(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> dict[str, Any]:
    vector = embedding(prepared.extra["text"], prepared.extra["dimensions"])
    return {"embedding": vector, "embeddingsByType": {"float": vector}, "inputTextTokenCount": prepared.input_tokens}


# ---------------------------------------------------------------- Amazon Nova


def validate_nova(body: dict[str, Any], model: catalog.FoundationModel) -> Prepared:
    _require(body, ("messages",))
    _no_extra(body, {"schemaVersion", "messages", "system", "inferenceConfig", "toolConfig"})
    messages = body["messages"]
    _expect(messages, "#/messages", "JSONArray")
    texts: list[str] = []
    for block in body.get("system") or []:
        texts.append(str(block.get("text", "")) if isinstance(block, dict) else "")
    for index, message in enumerate(messages):
        path = f"#/messages/{index}"
        _expect(message, path, "JSONObject")
        _require(message, ("role", "content"), path)
        _expect(message["content"], f"{path}/content", "JSONArray")
        texts += [str(b.get("text", "")) for b in message["content"] if isinstance(b, dict)]
    config = body.get("inferenceConfig") or {}
    _expect(config, "#/inferenceConfig", "JSONObject")
    max_tokens = _max_tokens(config.get("max_new_tokens", config.get("maxTokens")), "#/inferenceConfig/max_new_tokens", model, model.max_output_tokens)
    return Prepared(count_input_tokens(texts, len(messages)), max_tokens)


def _nova_usage(prepared: Prepared, reply: Reply) -> dict[str, int]:
    return {
        "inputTokens": prepared.input_tokens,
        "outputTokens": reply.output_tokens,
        "totalTokens": prepared.input_tokens + reply.output_tokens,
        "cacheReadInputTokenCount": 0,
        "cacheWriteInputTokenCount": 0,
    }


def respond_nova(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> dict[str, Any]:
    return {
        "output": {"message": {"content": [{"text": reply.text}], "role": "assistant"}},
        "stopReason": "max_tokens" if reply.truncated else "end_turn",
        "usage": _nova_usage(prepared, reply),
    }


def stream_nova(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> list[dict[str, Any]]:
    chunks: list[dict[str, Any]] = [{"messageStart": {"role": "assistant"}}]
    chunks += [{"contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}} for p in reply.pieces()]
    chunks += [
        {"contentBlockStop": {"contentBlockIndex": 0}},
        {"messageStop": {"stopReason": "max_tokens" if reply.truncated else "end_turn"}},
        {"metadata": {"usage": _nova_usage(prepared, reply)}},
    ]
    return chunks


# ---------------------------------------------------------------- Meta Llama


def validate_llama(body: dict[str, Any], model: catalog.FoundationModel) -> Prepared:
    _require(body, ("prompt",))
    _no_extra(body, {"prompt", "max_gen_len", "temperature", "top_p", "images"})
    _expect(body["prompt"], "#/prompt", "String")
    max_tokens = _max_tokens(body.get("max_gen_len"), "#/max_gen_len", model, 512)
    return Prepared(count_input_tokens([body["prompt"]]), max_tokens)


def respond_llama(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> dict[str, Any]:
    return {
        "generation": reply.text,
        "prompt_token_count": prepared.input_tokens,
        "generation_token_count": reply.output_tokens,
        "stop_reason": "length" if reply.truncated else "stop",
    }


def stream_llama(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> list[dict[str, Any]]:
    pieces = reply.pieces()
    return [
        {
            "generation": piece,
            "prompt_token_count": prepared.input_tokens if i == 0 else None,
            "generation_token_count": count_tokens("".join(pieces[: i + 1])),
            "stop_reason": ("length" if reply.truncated else "stop") if i == len(pieces) - 1 else None,
        }
        for i, piece in enumerate(pieces)
    ]


# ---------------------------------------------------------------- Cohere Embed


def validate_cohere_embed(body: dict[str, Any], model: catalog.FoundationModel) -> Prepared:
    _require(body, ("texts", "input_type"))
    _no_extra(body, {"texts", "input_type", "truncate", "embedding_types", "images"})
    _expect(body["texts"], "#/texts", "JSONArray")
    if body["input_type"] not in ("search_document", "search_query", "classification", "clustering"):
        raise malformed(f"#/input_type: {body['input_type']} is not a valid enum value")
    texts = [str(t) for t in body["texts"]]
    return Prepared(count_input_tokens(texts), 0, {"texts": texts})


def respond_cohere_embed(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> dict[str, Any]:
    texts = prepared.extra["texts"]
    return {
        "embeddings": [embedding(t, 1024) for t in texts],
        "id": secrets.token_hex(16),
        "response_type": "embeddings_floats",
        "texts": texts,
    }


# ---------------------------------------------------------------- Mistral


def validate_mistral(body: dict[str, Any], model: catalog.FoundationModel) -> Prepared:
    _require(body, ("prompt",))
    _no_extra(body, {"prompt", "max_tokens", "stop", "temperature", "top_p", "top_k"})
    _expect(body["prompt"], "#/prompt", "String")
    max_tokens = _max_tokens(body.get("max_tokens"), "#/max_tokens", model, 512)
    return Prepared(count_input_tokens([body["prompt"]]), max_tokens)


def respond_mistral(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> dict[str, Any]:
    return {"outputs": [{"text": reply.text, "stop_reason": "length" if reply.truncated else "stop"}]}


def stream_mistral(prepared: Prepared, reply: Reply, model: catalog.FoundationModel) -> list[dict[str, Any]]:
    pieces = reply.pieces()
    return [
        {"outputs": [{"text": p, "stop_reason": ("length" if reply.truncated else "stop") if i == len(pieces) - 1 else None}]} for i, p in enumerate(pieces)
    ]


@dataclass(frozen=True)
class Family:
    validate: Callable[[dict[str, Any], catalog.FoundationModel], Prepared]
    respond: Callable[[Prepared, Reply, catalog.FoundationModel], dict[str, Any]]
    stream: Callable[[Prepared, Reply, catalog.FoundationModel], list[dict[str, Any]]] | None


FAMILIES: dict[str, Family] = {
    catalog.FAMILY_ANTHROPIC: Family(validate_anthropic, respond_anthropic, stream_anthropic),
    catalog.FAMILY_TITAN_TEXT: Family(validate_titan_text, respond_titan_text, stream_titan_text),
    catalog.FAMILY_TITAN_EMBED: Family(validate_titan_embed, respond_titan_embed, None),
    catalog.FAMILY_NOVA: Family(validate_nova, respond_nova, stream_nova),
    catalog.FAMILY_LLAMA: Family(validate_llama, respond_llama, stream_llama),
    catalog.FAMILY_COHERE_EMBED: Family(validate_cohere_embed, respond_cohere_embed, None),
    catalog.FAMILY_MISTRAL: Family(validate_mistral, respond_mistral, stream_mistral),
}


def invoke(model: catalog.FoundationModel, raw_body: bytes) -> tuple[dict[str, Any], Prepared, Reply]:
    """Validate ``raw_body`` for ``model`` and build the reply body."""
    family = FAMILIES[model.family]
    prepared = family.validate(parse_json(raw_body), model)
    reply = make_reply(prepared.max_tokens) if prepared.max_tokens else Reply("", 0, False)
    return family.respond(prepared, reply, model), prepared, reply


def invoke_stream(model: catalog.FoundationModel, raw_body: bytes) -> tuple[list[dict[str, Any]], Prepared, Reply]:
    family = FAMILIES[model.family]
    if family.stream is None:
        raise ValidationException("The model is unsupported for streaming.")
    prepared = family.validate(parse_json(raw_body), model)
    reply = make_reply(prepared.max_tokens)
    return family.stream(prepared, reply, model), prepared, reply

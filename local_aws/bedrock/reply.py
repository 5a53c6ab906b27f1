"""The seeded model reply and token counting.

Every text model answers the ``reply_text`` setting. Tokens are counted the way
a tokenizer roughly does: each word and each punctuation mark is one token.
A reply longer than the request's token limit is cut there, and the stop
reason becomes ``max_tokens`` (or the family's equivalent).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Iterable

from local_aws import settings

_TOKEN = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> int:
    return len(_TOKEN.findall(text or ""))


def count_input_tokens(texts: Iterable[str], messages: int = 0) -> int:
    """Tokens of a prompt: its texts plus a few per message for the chat template."""
    return max(1, sum(count_tokens(t) for t in texts) + 3 * messages)


@dataclass(frozen=True)
class Reply:
    text: str
    output_tokens: int
    truncated: bool

    def pieces(self, size: int = 3) -> list[str]:
        """The text in stream deltas of about ``size`` tokens each (their concatenation is the text)."""
        spans = [m.end() for m in _TOKEN.finditer(self.text)]
        cuts = spans[size - 1 :: size]
        pieces, start = [], 0
        for cut in cuts:
            pieces.append(self.text[start:cut])
            start = cut
        if start < len(self.text):
            pieces.append(self.text[start:])
        return [p for p in pieces if p] or [self.text]


def make_reply(max_tokens: int) -> Reply:
    """The seeded reply, cut to ``max_tokens`` tokens."""
    text = str(settings.get("reply_text"))
    matches = list(_TOKEN.finditer(text))
    if len(matches) <= max_tokens:
        return Reply(text, len(matches), False)
    cut = matches[max_tokens - 1].end() if max_tokens > 0 else 0
    return Reply(text[:cut], max_tokens, True)


def embedding(text: str, dimensions: int) -> list[float]:
    """A deterministic unit vector derived from the text."""
    values = []
    seed = hashlib.sha256(text.encode()).digest()
    for i in range(dimensions):
        byte = hashlib.sha256(seed + i.to_bytes(4, "big")).digest()[0]
        values.append(byte / 255.0 - 0.5)
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [round(v / norm, 6) for v in values]

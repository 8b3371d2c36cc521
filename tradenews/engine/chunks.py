"""Long documents: cut into parts the model accepts (merged back by records.merge_parts)."""

from __future__ import annotations

from collections.abc import Iterator

# Parts of a document longer than nlp.max_length, at most this fraction of it each.
CHUNK_FRACTION = 10


def split_text(text: str, max_length: int) -> Iterator[tuple[int, str]]:
    """``(offset, part)`` pieces of a text, each well below ``max_length`` characters.

    A text within the limit is one piece. A longer one is cut at the last paragraph
    break before the limit, else a line break, else a sentence end, else a space.
    """
    if len(text) <= max_length:
        yield 0, text
        return
    limit = max(1, max_length // CHUNK_FRACTION)
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            end = _cut_point(text, start, end)
        yield start, text[start:end]
        start = end


def _cut_point(text: str, start: int, end: int) -> int:
    floor = start + (end - start) // 2
    for sep in ("\n\n", "\n", ". ", "? ", "! ", " "):
        at = text.rfind(sep, floor, end)
        if at != -1:
            return at + len(sep)
    return end

"""Long documents: cut into parts the model accepts (merged back by records.merge_parts)."""

from __future__ import annotations

from collections.abc import Iterator

# A part is at most this fraction of nlp.max_length (100,000 characters by default).
# The model's memory grows with the length of what it is given at once: a 1 MB text
# as one part peaked at 3.3 GB, as parts of 100,000 characters at about 0.5 GB,
# the same as a corpus of those parts. News articles are far shorter: one part.
CHUNK_FRACTION = 10


def split_text(text: str, max_length: int) -> Iterator[tuple[int, str]]:
    """``(offset, part)`` pieces of a text, each at most ``max_length // 10`` characters.

    A text within that is one piece. A longer one is cut at the last paragraph
    break before the limit, else a line break, else a sentence end, else a space.
    """
    limit = max(1, max_length // CHUNK_FRACTION)
    if len(text) <= limit:
        yield 0, text
        return
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

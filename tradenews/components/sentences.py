"""The sentence of a token, found by bisection.

``Token.sent`` and ``Span.sent`` walk the document from the token to its sentence's
edges on every call: on text without sentence ends (a run of capitalized words, a
megabyte on one line) a component that asks for each name's sentence takes time
quadratic in the document. The starts are read once per document instead.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

_KEY = "tradenews_sentence_starts"


def sentence(doc: Doc, i: int) -> Span:
    """The sentence holding token `i`: what ``doc[i].sent`` gives."""
    if not doc.has_annotation("SENT_START"):
        return doc[i].sent  # raises as spaCy does: no sentences were set
    starts = doc.user_data.get(_KEY)
    if starts is None or starts[-1] != len(doc):
        flags = doc.to_array("SENT_START").tolist()
        starts = [0, *(j for j, flag in enumerate(flags) if flag == 1 and j > 0), len(doc)]
        doc.user_data[_KEY] = starts
    k = bisect_right(starts, i) - 1
    return doc[starts[k] : starts[k + 1]]

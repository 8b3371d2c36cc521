"""Topic evidence text: cheap sentence spans, the headline, and tidy evidence snippets.

Kept apart from matching and scoring because the same sentence rules serve both the
sense constraints (tradenews.components.topics.cues) and the evidence a reader sees.
"""

from __future__ import annotations

import re

EVIDENCE_CHARS = 200
EDGE_PUNCT = " ,;:-\u2013\u2014"
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# Sentence ends: . ! ? (optionally closed by a quote or bracket) before a capital or quote,
# or a line break that is not a wrapped line (one going on in lower case). Single capitals
# ("U.S.") and common abbreviations ("Mr.") do not end one.
SENTENCE_END_RE = re.compile(
    r"[.!?]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
    r"|\n(?:\s*\n|[ \t]+|(?![a-z0-9(,]))\s*"
)
ABBREVIATION_RE = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Gen|Gov|Sen|Rep|Inc|"
    r"Corp|Co|Ltd|vs|Jr|Sr))$"
)

# Markup and boilerplate kept out of evidence: Markdown heading marks, quote marks and
# bullets at the start of a line (and a heading's closing #s), links, emphasis; credit
# lines and wire sign-offs.
MARKDOWN_LINE_RE = re.compile(
    r"(?m)^[ \t]{0,3}(?:#{1,6}(?=\s|$)|>+|[-*+](?=\s))[ \t]*|[ \t]+#+[ \t]*$"
)
MARKDOWN_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)")
MARKDOWN_EMPHASIS_RE = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
BOILERPLATE_RE = re.compile(
    r"\((?:reporting|writing|editing|additional reporting|compiled) by[^)]*\)"
    r"|\b(?:REUTER|Reuter)\s*$"
    r"|^\s*(?:advertisement|read more|related:?|click here[^.]*|subscribe[^.]*)\s*(?:[:.]|$)",
    re.IGNORECASE | re.MULTILINE,
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Cheap sentence boundaries (no senter needed): character spans of non-blank sentences."""
    spans = []
    start = 0
    for m in SENTENCE_END_RE.finditer(text):
        if m.group()[0] == "." and ABBREVIATION_RE.search(text, max(0, m.start() - 5), m.start()):
            continue
        end = m.start() + len(m.group().rstrip())
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def with_headline(text: str, title: str | None) -> str:
    """The text with its headline as a first paragraph (as news prints it)."""
    title = " ".join((title or "").split())
    if not title or text.lstrip().startswith(title):
        return text
    return f"{title}\n\n{text}" if text.strip() else title


def evidence(text: str, span: tuple[int, int], anchor: int, limit: int = EVIDENCE_CHARS) -> str:
    """The sentence, whitespace-collapsed and trimmed to about `limit` chars around `anchor`."""
    start, end = span
    if end - start > limit:
        left = max(start, min(anchor - limit // 3, end - limit))
        right = min(end, left + limit)
        if left > start:
            left = text.find(" ", left, anchor) + 1 or left
        if right < end:
            cut = text.rfind(" ", anchor, right)
            right = cut if cut > anchor else right
        snippet = tidy(text[left:right])
        if left > start:  # no dangling dash or comma right after the ellipsis
            snippet = "\u2026" + snippet.lstrip(EDGE_PUNCT)
        if right < end:
            snippet = snippet.rstrip(EDGE_PUNCT) + "\u2026"
        return snippet
    return tidy(text[start:end])


def tidy(snippet: str) -> str:
    """Evidence as a reader wants it: no Markdown markup, no wire boilerplate, one line."""
    snippet = MARKDOWN_LINE_RE.sub("", snippet)
    snippet = MARKDOWN_LINK_RE.sub(r"\1", snippet)
    snippet = MARKDOWN_EMPHASIS_RE.sub(r"\2", snippet)
    snippet = BOILERPLATE_RE.sub(" ", snippet)
    return " ".join(snippet.split())

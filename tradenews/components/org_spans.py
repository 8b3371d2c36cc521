"""Where organization names are in running text besides the model's ORG spans, and
where none can be.

- A run of capitalized words ending in a legal form ("Mead Corp", "Morgan Guaranty
  Trust Co") is a company, whatever the model says: the small model misses many.
- Wire copy marks company names in angle brackets ("<British Airways>"); a bracket
  holding lower-case letters is a name (all capitals, "<MEA>", is a ticker).
- A short form defined in brackets right after a name ("... di Calabria e Lucania
  (Carical)") names the same body.
- The dateline ("MIAMI, March 23 -") holds a place, never an organization.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

_NAME_WORD = r"(?:(?:[A-Z]\.){1,3}|[A-Z][\w'&-]*)"
_CONNECTOR = r"(?:&|of|de|du|di|der|del|la|le|e|and)"
_CONNECTORS = frozenset({"&", "of", "de", "du", "di", "der", "del", "la", "le", "e", "and"})
_BRACKETED = re.compile(r"<([A-Z][^<>\n]{1,60}?)>")
_DEFINED = re.compile(r"\s*\(([A-Z][A-Za-z&.-]{1,15})\)")
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'\- ]+(?:,[ \t]+[A-Z][\w.' ]+)?),"
    r"[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}[ \t]+-",
    re.MULTILINE,
)
# Words a sentence may start with before a company's name ("But Mead Corp said").
_LEADING_TAGS = frozenset({"DT", "PRP", "PRP$", "CC", "IN", "RB", "WDT", "WP", "WRB", "MD", "UH"})


def legal_form_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """Capitalized words ending in one of `forms` ("Corp", "Plc", "S.A.")."""
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.]){_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_CONNECTOR})){{0,6}}?\s+(?:{alternation})(?![\w-])"
    )


def company_spans(doc: Doc, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each company name with a legal form, without leading function
    words the tagger marks ("The", "But"); a legal form alone ("Co Ltd") is none."""
    for m in pattern.finditer(doc.text):
        if _only_forms(m.group(), pattern):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        first = 0
        while first < len(span) - 2 and span[first].tag_ in _LEADING_TAGS:
            first += 1
        yield span[first].idx, m.end()


def bracketed_names(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of names a wire service put in angle brackets ("<Kia Industrial Corp>")."""
    for m in _BRACKETED.finditer(text):
        if re.search(r"[a-z]", m.group(1)):
            yield m.start(1), m.end(1)


def defined_short_form(text: str, end: int) -> str:
    """The short form defined in brackets right after a name ending at `end`, or ""."""
    m = _DEFINED.match(text, end)
    return m.group(1) if m else ""


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the place in each dateline ("MIAMI", "DAYTON, Ohio")."""
    return [(m.start(1), m.end(1)) for m in _DATELINE.finditer(text)]


def completes(text: str, start: int, end: int, ner: list[tuple[int, int]]) -> bool:
    """Whether a legal-form name at (start, end) should stand instead of the model's
    spans overlapping it: they lie inside it, none already ends in the legal form, and
    the words before them are capitalized ("Quarnet" of "Quarnet Paper Corp"), not
    the sentence's ("Sales of ...")."""
    if not ner:
        return True
    if any(s < start or e > end or e == end for s, e in ner):
        return False
    before = text[start : min(s for s, _ in ner)]
    return not any(w[:1].islower() for w in before.split())


def _only_forms(name: str, pattern: re.Pattern[str]) -> bool:
    """Whether every word of a match is a legal form or a connector ("Co Ltd")."""
    words = name.split()
    return all(w in _CONNECTORS or pattern.fullmatch(f"X {w}") for w in words)

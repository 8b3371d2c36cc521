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

import bisect
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span

from tradenews.lexicon.geo import is_place_name
from tradenews.lexicon.org_names import is_title_case

_NAME_WORD = r"(?:(?:[A-Z]\.){1,3}|[A-Z][\w'&-]*)"
_CONNECTOR = r"(?:&|of|de|du|di|del|la|le|e|and)"
_CONNECTORS = frozenset({"&", "of", "de", "du", "di", "del", "la", "le", "e", "and"})
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
        rf"(?<![\w.]){_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_CONNECTOR})){{0,6}}?\s+(?:{alternation})(?:\s+(?:{alternation})){{0,3}}(?![\w-])"
    )


#: Words of a body's name before or after its head word: no name runs longer, and the
#: bound keeps the scan linear on a long run of capitalized words.
NAME_WORDS_MAX = 12


def body_name_pattern(heads: Iterable[str]) -> re.Pattern[str]:
    """Capitalized words around a body's head word: "U.S. Bankruptcy Court", "Organization
    of American States", "Council for Economic Planning and Development"."""
    head = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    words = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|&|and)){{0,{NAME_WORDS_MAX}}}"
    return re.compile(
        rf"(?<![\w.])(?:{words}\s+)?(?:{head})(?![\w-])"
        rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{words})?"
    )


def company_spans(doc: Doc, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each company name with a legal form, without leading function
    words the tagger marks ("The", "But") or the legal form of a name before it; a
    legal form alone ("Co Ltd") is none."""
    for m in pattern.finditer(doc.text):
        if _only_forms(m.group(), pattern):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        first = _first_name_token(span)
        while first < len(span) - 2 and _only_forms(span[first].text, pattern):
            first += 1  # "... and Co Inc and Salomon Brothers Inc": the last name's start
        if not _only_forms(span[first].text, pattern):
            yield span[first].idx, m.end()


def body_spans(
    doc: Doc, pattern: re.Pattern[str], stop: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    """(start, end) of each body's name by its head word, of two words or more, cut
    before a person or a title that follows it ("Bank of Thailand Governor ...") and
    never in a heading, where every word is capitalized."""
    text = doc.text
    breaks = [m.start() for m in re.finditer("\n", text)]
    for m in pattern.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or _in_heading(text, breaks, m.start()):
            continue
        first, last = _first_name_token(span), len(span)
        for i in range(first + 1, len(span)):
            if (
                span[i].ent_iob_ == "B"
                and span[i].ent_type_ == "PERSON"
                or stop.match(span[i].text)
            ):
                last = i
                break
        while last > first and span[last - 1].lower_ in _CONNECTORS | {"the"}:
            last -= 1
        if last - first >= 2 and not _two_bodies(span[first:last], pattern):
            yield span[first].idx, span[last - 1].idx + len(span[last - 1].text)


def _two_bodies(span: Span, pattern: re.Pattern[str]) -> bool:
    """ "Finance Ministry and Chamber of Commerce": two names joined, not one."""
    text = span.text
    cut = text.find(" and ")
    return (
        cut > 0
        and pattern.fullmatch(text[:cut]) is not None
        and pattern.search(text[cut + 5 :]) is not None
    )


def _first_name_token(span: Span) -> int:
    """Where a name starts in a matched run: after a person ("James Quarrie of Discount
    Corp") and after words a sentence starts with ("But", "The")."""
    first = 0
    for end in _person_ends(span):
        if end < span.end - 1 and span.doc[end].lower_ == "of":
            first = end - span.start
    while first < len(span) - 2 and (
        span[first].tag_ in _LEADING_TAGS or span[first].lower_ in _CONNECTORS
    ):
        first += 1
    return first


def _person_ends(span: Span) -> Iterator[int]:
    """Where each PERSON entity inside `span` ends (what ``span.ents`` gives, read from
    the span's tokens: ``span.ents`` walks every entity of the document)."""
    doc, i = span.doc, span.start
    while i < span.end:
        if doc[i].ent_iob_ == "B":
            j = i + 1
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            if j <= span.end and doc[i].ent_type_ == "PERSON":
                yield j
            i = j
        else:
            i += 1


_HEADING_WORDS = 14
_MANY_WORDS = re.compile(rf"[^\S\n]*(?:\S+[^\S\n]+){{{_HEADING_WORDS}}}\S")  # more words


def _in_heading(text: str, breaks: list[int], start: int) -> bool:
    """Whether `start` lies on a short line, no sentence, where (nearly) every word is
    capitalized. `breaks` are the text's line breaks: a line is found by bisection
    and read only as far as it can be short, so one long line costs no more per match
    than a short one."""
    i = bisect.bisect_left(breaks, start)
    line_start = breaks[i - 1] + 1 if i > 0 else 0
    line_end = breaks[i] if i < len(breaks) else len(text)
    if _MANY_WORDS.match(text, line_start, line_end):
        return False
    line = text[line_start:line_end]
    return not line.rstrip().endswith(".") and is_title_case(line)


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


def complete_start(text: str, start: int, end: int, ner: list[tuple[int, int]]) -> int | None:
    """Where a legal-form name matched at (start, end) begins, if it should stand instead
    of the model's spans overlapping it; None if they say it better.

    The model's spans must lie inside it and be pieces ("American Telephone" +
    "Telegraph Co") or lose a first name joined by "and" ("Cable and" of "Cable and
    Wireless Plc"); the words before them must be capitalized ("Quarnet" of "Quarnet
    Paper Corp"), not the sentence's: the match may start later, after "of" or "and"
    ("Shares of Cable and Wireless Plc").
    """
    if not ner:
        return start
    if any(s < start or e > end for s, e in ner):
        return None
    first = min(s for s, _ in ner)
    if len(ner) > 1 and is_place_name(text[first : min(e for _, e in ner)]):
        return None  # "Oslo" and "MIS Gas Corp": a place, then the company
    starts = [start] + [start + m.end() for m in _INNER_CONNECTOR.finditer(text[start:first])]
    for candidate in starts:
        before = text[candidate:first]
        joined = re.fullmatch(r"([A-Z][\w'-]*)\s+(?:and|&)\s+", before)
        if joined and is_place_name(joined.group(1)):
            joined = None  # "Oslo and ... Gas Corp": a place, then the company
        if len(ner) == 1 and ner[0][1] == end and not joined:
            continue  # the model's name is whole from here
        if joined or not any(w[:1].islower() for w in before.split()):
            return candidate
    return None


_INNER_CONNECTOR = re.compile(r"\s(?:of|and|&)\s+")


def _only_forms(name: str, pattern: re.Pattern[str]) -> bool:
    """Whether every word of a match is a legal form or a connector ("Co Ltd")."""
    words = name.split()
    return all(w in _CONNECTORS or pattern.fullmatch(f"X {w}") for w in words)


_LOWER_BODY = re.compile(
    r"(?:\bthe|'s|’s)\s+((?:finance|foreign|trade|commerce|agriculture|economy|industry|energy|"
    r"interior|labou?r|transport|health|justice|defen[cs]e|environment)\s+(?:ministry|department))\b"
)


_LOWER_PARTY = re.compile(r"\b(?:the|The)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+party)\b")


def lowercase_bodies(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of a government body or party written in lower case after
    "the" or a possessive ("China's finance ministry" -> "Finance Ministry", "the
    Conservative party" -> "Conservative Party")."""
    for m in _LOWER_BODY.finditer(text):
        yield m.start(1), m.end(1), m.group(1).title()
    for m in _LOWER_PARTY.finditer(text):
        yield m.start(1), m.end(1), m.group(1)[: -len("party")] + "Party"


def defines_a_term(text: str, acronym: str) -> bool:
    """Whether the text defines `acronym` as the initials of lower-case words ("a fast
    radio burst (FRB)", "liquefied natural gas (LNG)"): a term, not a body."""
    if not acronym.isupper() or not 2 <= len(acronym) <= 6:
        return False
    words = rf"((?:[a-z][\w-]*\s+){{{len(acronym) - 1}}}[a-z][\w-]*)"
    for m in re.finditer(words + rf"\s+\({re.escape(acronym)}s?\)", text):
        initials = "".join(w[0] for w in re.split(r"[\s-]+", m.group(1)) if w)
        if initials[-len(acronym) :].upper() == acronym:
            return True
    return False

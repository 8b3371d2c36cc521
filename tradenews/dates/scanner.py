"""Finding candidate date expressions in text (character spans), before normalization.

A fixed set of regular expressions over the raw text, plus vetoes for the readings of
a bare number or month name that are not dates. The spaCy component adds the vetoes
that need the model (tags, named entities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tradenews.dates.grammar import (
    DAY_WORDS,
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    any_case,
    vocabulary,
)


@dataclass(frozen=True)
class Candidate:
    """A span of text that looks like a date expression.

    `kind` says which rule found it, so a caller with more evidence (part-of-speech
    tags, named entities) can veto the ambiguous kinds: ``month`` (a bare month
    name: "May" the modal, "April" the name), ``year`` (a bare four-digit number),
    ``weekday``, ``season``.
    """

    start: int
    end: int
    text: str
    kind: str


_S = r"\s+"
_MON_FULL_RE = any_case(MONTH_NAMES)
_MON_ABBR_RE = any_case(MONTH_ABBREVIATIONS)
_MON_ANY = rf"(?:(?:{_MON_FULL_RE})\b|(?:{_MON_ABBR_RE})\b\.?)"
_WD_RE = any_case(WEEKDAY_NAMES)
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![,.]?\d|-(?i:year|month|week|day)s?\b)"
_YEAR_RE = r"(?:1[89]\d\d|2[01]\d\d)\b"
# Newswire style writes days as words ("payable June One", "expire July three 1987"); a
# word only counts as a day where what follows cannot make it a count ("in June two firms").
_WORD_DAY_RE = (
    r"(?i:(?:twenty|thirty)(?:-|\s)(?:one|two|three|four|five|six|seven|eight|nine)\b|"
    + "|".join(
        sorted((w for w in DAY_WORDS if " " not in w and "-" not in w), key=len, reverse=True)
    )
    + r")\b(?=\s*[,.;:)]|\s*$|\s+(?:1[89]|20)\d\d\b|\s+(?i:by|at|in|on|to|and|unless|when|after"
    r"|before|through|until|from|record|pay|payable|net|loss|profit|shr|reuter)\b)"
)
_MODP = (
    rf"(?:(?i:early|mid|late|end)(?:-|{_S})|"
    rf"(?i:the{_S}(?:end|start|beginning|middle|close|turn|rest|remainder){_S}of){_S})"
)
_REL_UNIT = (
    rf"(?i:(?:(?:earlier|later){_S})?this{_S}(?:week|month|year|quarter)"
    rf"|(?<!the\s)(?<!The\s)(?:last|next){_S}(?:week|month|year|quarter)"
    rf"|the{_S}(?:current|coming){_S}(?:week|month|year|quarter)"
    rf"|the{_S}(?:previous|past){_S}quarter"
    rf"|(?:this{_S}past|this|last|next|the|coming){_S}week-?end)\b"
)
_TAIL_YEAR = (
    rf"(?:{_S}(?:(?i:of){_S})?(?:{_YEAR_RE}|(?i:(?:this|last|next){_S}year\b|"
    rf"the{_S}(?:current{_S})?year\b)|(?i:fiscal{_S}(?:year{_S})?){_YEAR_RE}))"
)

_SCAN_PATTERNS: list[tuple[str, str]] = [
    ("absolute", r"\b(?:1[89]|20|21)\d\d-[01]\d-[0-3]\d\b"),
    (
        "absolute",
        rf"\b(?:(?:{_WD_RE}),?{_S})?{_MODP}?{_MON_ANY}{_S}(?:{_DAY_RE}|{_WORD_DAY_RE})"
        rf"(?:,?{_S}{_YEAR_RE})?",
    ),
    (
        "absolute",
        rf"\b(?:(?:{_WD_RE}),?{_S})?(?:(?i:the){_S})?{_DAY_RE}{_S}(?:(?i:of){_S})?{_MON_ANY}"
        rf"(?:,?{_S}{_YEAR_RE})?",
    ),
    ("absolute", rf"\b{_MODP}?(?:{_MON_FULL_RE}|(?:{_MON_ABBR_RE})\.),?{_S}(?:of{_S})?{_YEAR_RE}"),
    ("absolute", rf"\b{_MODP}?(?:{_MON_FULL_RE}){_S}(?i:last|next|this){_S}(?i:year)\b"),
    ("month", rf"\b(?:{_MODP}|(?i:last|next|this){_S})?(?:{_MON_FULL_RE})\b"),
    (
        "weekday",
        rf"\b(?:(?i:last|next|this|past|coming){_S})?(?:{_WD_RE})\b"
        rf"(?:{_S}(?i:morning|afternoon|evening|night)\b)?",
    ),
    (
        "relative",
        rf"(?i:\b(?:(?:earlier|later){_S})?(?:today|tonight|yesterday|tomorrow"
        rf"|the{_S}day{_S}(?:before{_S}yesterday|after{_S}tomorrow)"
        rf"|this{_S}(?:morning|afternoon|evening))\b(?:{_S}(?:morning|afternoon|evening|night)\b)?)",
    ),
    ("relative", rf"\b{_MODP}?{_REL_UNIT}"),
    ("relative", rf"(?i:\b{_MODP}the{_S}(?:year|month|week)\b)"),
    (
        "relative",
        rf"(?i:\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{{1,2}})"
        rf"{_S}(?:day|week|month|year)s?{_S}ago\b)",
    ),
    (
        "quarter",
        rf"\b{_MODP}?(?i:(?:the{_S})?(?:{_YEAR_RE}{_S})?(?:first|second|third|fourth|final|last|1st|2nd"
        rf"|3rd|4th)(?:-|{_S})(?:quarter|qtr)\b){_TAIL_YEAR}?",
    ),
    ("quarter", rf"\bQ[1-4](?:{_S}{_YEAR_RE})?\b"),
    (
        "quarter",
        rf"\b{_MODP}?(?i:(?:the{_S})?(?:{_YEAR_RE}{_S})?(?:first|second|1st|2nd|latter)(?:-|{_S})"
        rf"half\b){_TAIL_YEAR}?",
    ),
    ("quarter", rf"\bH[12]{_S}{_YEAR_RE}"),
    (
        "season",
        rf"(?i:\b(?:(?:this|last|next|the|early|late|mid)(?:-|{_S}))?(?:coming{_S}|past{_S})?"
        rf"(?:spring|summer|autumn|winter|fall)\b)(?:{_S}(?i:of{_S})?{_YEAR_RE})?",
    ),
    (
        "year",
        rf"\b{_MODP}?(?:FY(?:{_S})?|(?i:(?:the{_S})?(?:calendar|fiscal|financial|budget|crop|marketing)"
        rf"(?:{_S}year)?{_S}|the{_S}year{_S}))?(?<![$£€¥\d.,/-]){_YEAR_RE}(?:[/-](?:\d\d|\d{{4}})\b)?"
        rf"(?!-\d|[.,]\d|%)"
        rf"(?:{_S}(?i:fiscal|financial|budget|crop|marketing|calendar|tax){_S}(?i:year|season)\b)?",
    ),
    ("year", rf"\b(?:(?i:the){_S})?(?:(?i:early|mid|late)(?:-|{_S}))?(?:1[89]|20)\d0s\b"),
    ("year", rf"\b(?i:the){_S}(?:(?i:early|mid|late)(?:-|{_S}))?(?:1[89]|20)\d0['\u2019]s\b"),
    ("year", r"(?i:\bthe\s+)?['\u2019]\d0s\b"),
    ("year", rf"(?i:\b(?:the{_S})?(?:year-?end|end-year)\b)(?:{_S}{_YEAR_RE})?"),
]


def _spaced(pattern: str) -> str:
    return pattern.replace(" ", r"\s+")


@lru_cache(maxsize=1)
def _scanners() -> list[tuple[re.Pattern[str], str]]:
    scanners = [(re.compile(p), kind) for kind, p in _SCAN_PATTERNS]
    plain = []  # phrases without a required context share one pass over the text
    for v in vocabulary()["vague"]:
        body = _spaced(v["pattern"])
        if v.get("before"):
            pattern = rf"(?i:\b(?:{_spaced(v['before'])})\s+(?P<x>{body})\b(?!{_S}of\b))"
            scanners.append((re.compile(pattern), "vague"))
        else:
            plain.append(f"(?:{body})")
    if plain:
        pattern = rf"(?i:\b(?P<x>{'|'.join(plain)})\b(?!{_S}of\b))"
        scanners.append((re.compile(pattern), "vague"))
    return scanners


# Words after which a bare "May" is the month, not the modal verb or a surname.
_MAY_CONTEXT = frozenset(
    "in since until till by from during through before after of early late mid end last next "
    "this between and or to around about".split()
)


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    before = re.search(r"(\S+)\s*$", text[max(0, start - 40) : start])
    after = re.match(r"\s*([^\s,;:()]+)", text[end : end + 40])
    prev = before.group(1).lower() if before else ""
    nxt = after.group(1).lower().rstrip(".") if after else ""
    return prev, nxt


def _plausible(text: str, start: int, end: int, kind: str) -> bool:
    """Veto the readings a bare number or month name has that are not dates."""
    span = text[start:end]
    if kind == "year" and re.fullmatch(r"\d{4}(?:[/-]\d+)?", span):
        prev, nxt = _neighbours(text, start, end)
        vocab = vocabulary()
        if (
            prev in vocab["year_blockers_before"]
            or prev.rstrip(".") in vocab["year_blockers_before"]
        ):
            return False
        if re.fullmatch(r"\d+[a-z]?", prev) or re.fullmatch(r"\d[\d.,/]*", nxt):
            return False  # a column of figures, not a year
        return nxt not in vocab["year_units"] and not nxt.startswith("%")
    if kind == "season":
        words = span.lower().split()
        if words[-1] == "fall" and len(words) <= 2 and words[0] in ("fall", "the"):
            return False  # "a fall in prices", "the fall of the government"
        if len(words) == 1:
            prev, _ = _neighbours(text, start, end)
            return prev in ("in", "during", "by", "until", "since", "through")
        return True
    if kind == "month" and span in ("May", "MAY"):
        prev, _ = _neighbours(text, start, end)
        return prev.strip("(\"'") in _MAY_CONTEXT
    return True


def scan(text: str) -> list[Candidate]:
    """Candidate date expressions in `text`, longest first where they overlap, in text order.

    Spans never include a leading preposition ("the coming weeks", not "in the
    coming weeks"). Bare durations ("90 days", "five years") are never candidates.
    """
    found: list[Candidate] = []
    for pattern, kind in _scanners():
        for m in pattern.finditer(text):
            group = "x" if "x" in pattern.groupindex else 0
            start, end = m.span(group)
            if end > start and _plausible(text, start, end, kind):
                found.append(Candidate(start, end, text[start:end], kind))
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []
    for cand in found:
        if any(cand.start < e and s < cand.end for s, e in occupied):
            continue
        taken.append(cand)
        occupied.append((cand.start, cand.end))
    taken.sort(key=lambda c: c.start)
    return taken

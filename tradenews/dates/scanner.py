"""Finding candidate date expressions in text (character spans), before normalization.

A fixed set of regular expressions over the raw text, plus vetoes for the readings of
a bare number or month name that are not dates. The spaCy component adds the vetoes
that need the model (tags, named entities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tradenews.dates.anchored_scan import ANCHORED_PATTERNS
from tradenews.dates.grammar import (
    DAY_WORDS,
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    ORDINAL_DAY_WORDS,
    SPELLED_CENTURY_YEAR,
    SPELLED_YEAR,
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
# A year in digits or in words ("January nineteen ninety-seven").
_YEAR_ANY = rf"(?:{_YEAR_RE}|(?i:{SPELLED_YEAR})\b)"
# Newswire style writes days as words ("payable June One", "expire July three 1987"); a
# word only counts as a day where what follows cannot make it a count ("in June two firms").
_WORD_DAY_RE = (
    r"(?i:(?:twenty|thirty)(?:-|\s)(?:one|two|three|four|five|six|seven|eight|nine|first|second"
    r"|third|fourth|fifth|sixth|seventh|eighth|ninth)\b|"
    + "|".join(
        sorted(
            (w for w in [*DAY_WORDS, *ORDINAL_DAY_WORDS] if " " not in w and "-" not in w),
            key=len,
            reverse=True,
        )
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
_OWN_YEAR = rf"(?:(?:this|last|next){_S}year['\u2019]s{_S})?"  # "this year's third quarter"
_FISCAL = rf"(?:fiscal(?:-|{_S}))?"
_ORDINAL_WORD = "|".join(w for w in ORDINAL_DAY_WORDS if " " not in w)
_YEAR_PREFIX = (
    rf"FY(?:{_S})?|(?i:(?:the{_S})?(?:calendar|fiscal|financial|budget|crop|marketing)"
    rf"(?:{_S}year)?{_S}|the{_S}year{_S})"
)
_MONTH_GATE = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# ... and ends it: not "2025.5", "2025%", "1800-555-0100"; "1957-58" is a range of two years.
_NOT_A_YEAR_AFTER = r"(?!-(?!(?:\d\d|(?:1[89]|20)\d\d)\b(?!-\d))\d|[.,]\d|%)"
_TAIL_YEAR = (
    rf"(?:{_S}(?:(?i:of){_S})?(?:{_YEAR_RE}|(?i:(?:this|last|next){_S}year\b|"
    rf"the{_S}(?:current{_S})?year\b)|(?i:fiscal{_S}(?:year{_S})?){_YEAR_RE}))"
)

# (kind, pattern[, gate]): a pattern with a gate runs only on texts that hold one of its
# words (lowercase), so that rare forms cost nothing on the texts without them.
_SCAN_PATTERNS: list[tuple[str, str] | tuple[str, str, tuple[str, ...]]] = [
    ("absolute", r"\b(?:1[89]|20|21)\d\d-[01]\d-[0-3]\d\b"),
    (
        "absolute",
        rf"\b(?:(?i:last|next|this(?:{_S}coming)?|coming){_S})?(?:(?:{_WD_RE}),?{_S})?{_MODP}?"
        rf"{_MON_ANY}{_S}(?:{_DAY_RE}|{_WORD_DAY_RE})(?:,?{_S}{_YEAR_ANY})?",
        _MONTH_GATE,
    ),
    (
        "absolute",
        rf"\b(?:(?:{_WD_RE}),?{_S})?(?:(?i:the){_S})?{_DAY_RE}{_S}(?:(?i:of){_S})?{_MON_ANY}"
        rf"(?:,?{_S}{_YEAR_RE})?",
        _MONTH_GATE,
    ),
    (
        "absolute",
        rf"\b{_MODP}?(?:{_MON_FULL_RE}|(?:{_MON_ABBR_RE})\.),?{_S}(?:of{_S})?{_YEAR_ANY}",
        _MONTH_GATE,
    ),
    (
        "absolute",
        rf"\b{_MODP}?(?:{_MON_FULL_RE}){_S}(?i:last|next|this){_S}(?i:year)\b",
        _MONTH_GATE,
    ),
    # ("the last March week": "last" after "the" is an ordinal, not "last March")
    (
        "month",
        rf"\b{_MODP}?(?:(?<!the\s)(?<!The\s)(?i:last|next|this){_S})?(?:{_MON_FULL_RE})\b",
        _MONTH_GATE,
    ),
    (
        "weekday",
        rf"\b(?:(?i:early|late|earlier|later){_S})?"
        rf"(?:(?i:last|next|this(?:{_S}(?:coming|past))?|past|coming){_S})?(?:{_WD_RE})\b"
        rf"(?:{_S}(?i:morning|afternoon|evening|night)\b)?",
        ("day",),
    ),
    (
        "relative",
        rf"(?i:\b(?:(?:earlier|later|early|late){_S})?(?:today|tonight|yesterday|tomorrow|last{_S}night"
        rf"|the{_S}day{_S}(?:before{_S}yesterday|after{_S}tomorrow)"
        rf"|this{_S}(?:morning|afternoon|evening))\b(?:{_S}(?:morning|afternoon|evening|night)\b)?)",
        ("to", "yesterday", "night", "morning", "afternoon", "evening"),
    ),
    ("relative", rf"\b{_MODP}?{_REL_UNIT}", ("week", "month", "year", "quarter")),
    ("relative", rf"(?i:\b{_MODP}the{_S}(?:year|month|week)\b)", ("week", "month", "year")),
    (
        "quarter",
        rf"\b{_MODP}?(?i:(?:the{_S})?{_OWN_YEAR}(?:{_YEAR_RE}{_S})?{_FISCAL}(?:first|second|third"
        rf"|fourth|final|last|1st|2nd|3rd|4th)(?:-|{_S})(?:quarter|qtr)\b){_TAIL_YEAR}?",
        ("quarter", "qtr"),
    ),
    ("quarter", rf"\bQ[1-4](?:{_S}{_YEAR_RE})?\b"),
    (
        "quarter",
        rf"\b{_MODP}?(?i:(?:the{_S})?{_OWN_YEAR}(?:{_YEAR_RE}{_S})?{_FISCAL}(?:first|second|1st|2nd"
        rf"|latter|last)(?:-|{_S})half\b){_TAIL_YEAR}?",
        ("half",),
    ),
    # "the first two quarters of 1990" is a half
    (
        "quarter",
        rf"\b(?i:(?:the{_S})?(?:first|last|final){_S}two{_S}quarters){_TAIL_YEAR}",
        ("two quarters",),
    ),
    # "the last half of the '80s": a part of a decade is the decade
    (
        "year",
        rf"(?i:\b(?:the{_S})?(?:first|second|last|latter){_S}half{_S}of{_S}the{_S}"
        rf"(?:['\u2019]\d0s|(?:1[89]|20)\d0['\u2019]?s|(?:twenties|thirties|forties|fifties"
        rf"|sixties|seventies|eighties|nineties))\b)",
        ("half of the",),
    ),
    ("quarter", rf"\bH[12]{_S}{_YEAR_RE}"),
    (
        "season",
        rf"(?i:\b(?:(?:this|last|next|the|early|late|mid)(?:-|{_S}))?"
        rf"(?:coming{_S}|past{_S}|early{_S}|late{_S})?(?:spring|summer|autumn|winter|fall)\b)"
        rf"(?:{_S}(?i:of{_S})?(?:{_YEAR_ANY}|(?i:(?:this|last|next){_S}year\b)))?",
        ("spring", "summer", "autumn", "winter", "fall"),
    ),
    (
        "year",
        rf"\b(?:{_MODP}(?:{_YEAR_PREFIX})?|(?:{_YEAR_PREFIX})?(?<![$£€¥\d.,/-]))"
        rf"{_YEAR_RE}(?:/(?:\d\d|\d{{4}})\b)?"
        rf"{_NOT_A_YEAR_AFTER}"
        rf"(?:{_S}(?i:fiscal|financial|budget|crop|marketing|calendar|tax){_S}(?i:year|season)\b)?",
    ),
    ("year", rf"\b(?:(?i:the){_S})?(?:(?i:early|mid|late)(?:-|{_S}))?(?:1[89]|20)\d0s\b", ("0s",)),
    (
        "year",
        rf"\b(?:(?i:the){_S}(?:(?i:early|mid|late)(?:-|{_S}))?|(?i:early|mid|late)(?:-|{_S}))"
        rf"(?:1[89]|20)\d0['\u2019]s\b",
        ("0's", "0\u2019s"),
    ),
    # the second year of a range ("1957-58", "2009-2010"): a date of its own
    ("year", r"\b(?:1[89]|20)\d\d[-\u2013](?P<x>(?:1[89]|20)\d\d)\b(?!-\d)", ("-", "\u2013")),
    ("year_tail", r"\b(?:1[89]|20)\d\d[-\u2013](?P<x>\d\d)\b(?!-\d)", ("-", "\u2013")),
    (
        "year",
        rf"(?i:\bthe{_S}year{_S}{SPELLED_YEAR}\b|\b{SPELLED_CENTURY_YEAR}\b)",
        ("eighteen", "nineteen", "twenty", "thousand"),
    ),
    (
        "year",
        rf"(?i:\bthe{_S}(?:(?:early|mid|late)(?:-|{_S}))?(?:twenties|thirties|forties|fifties"
        rf"|sixties|seventies|eighties|nineties)\b)",
        ("ties",),
    ),
    (
        "year",
        rf"(?i:\b(?:(?:this|last|next){_S}|(?:the{_S})?(?:(?:early|mid|late)(?:-|{_S}))?"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_ORDINAL_WORD})(?:-|{_S}))century\b)",
        ("century",),
    ),
    ("year", r"(?i:\bthe\s+)?['\u2019]\d0s\b", ("0s",)),
    (
        "year",
        rf"(?i:\b(?:the{_S})?(?:year-?end|year{_S}end|year['\u2019]s{_S}end|end-year)\b)"
        rf"(?:{_S}{_YEAR_RE})?",
        ("end",),
    ),
    *ANCHORED_PATTERNS,
]


def _spaced(pattern: str) -> str:
    return pattern.replace(" ", r"\s+")


@lru_cache(maxsize=1)
def _scanners() -> list[tuple[re.Pattern[str], str, tuple[str, ...], tuple[str, ...]]]:
    """(pattern, kind, gate, the groups that hold the expression: none means all of it)."""
    patterns = [
        (entry[0], entry[1], entry[2] if len(entry) > 2 else ()) for entry in _SCAN_PATTERNS
    ]
    # vague phrases share one pass over the text, in two patterns
    plain: list[str] = []
    guarded: list[str] = []
    for v in vocabulary()["vague"]:
        body = _spaced(v["pattern"])
        if v.get("gate"):  # a rare phrase: its own pattern, run only where its word is
            before = rf"\b(?:{_spaced(v['before'])})\s+" if v.get("before") else r"\b"
            pattern = rf"(?i:{before}(?P<x>{body})\b(?!{_S}of\b))"
            patterns.append(("vague", pattern, tuple(v["gate"])))
        elif v.get("before"):  # the words that must come before it, as context
            guarded.append(rf"\b(?:{_spaced(v['before'])})\s+(?P<x{len(guarded)}>{body})")
        else:
            plain.append(f"(?:{body})")
    patterns.append(("vague", rf"(?i:\b(?P<x>{'|'.join(plain)})\b(?!{_S}of\b))", ()))
    patterns.append(("vague", rf"(?i:(?:{'|'.join(guarded)})\b(?!{_S}of\b))", ()))
    scanners = []
    for kind, pattern, gate in patterns:
        compiled = re.compile(pattern)
        groups = tuple(g for g in compiled.groupindex if g.startswith("x"))
        scanners.append((compiled, kind, gate, groups))
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


_SENTENCE_START = re.compile(
    r"(?:\A|[.!?:;\n]\s*[\"'\u201c\u2018`(]*|[.!?][\"'\u201d\u2019]\s*|\s[\"'\u201c\u2018`(]+"
    r"|\s[-\u2013\u2014]\s*)\Z"  # a dateline's dash: "NEW YORK, March 31 - Tonight's report"
)


_QUOTED_TITLE = re.compile(r"[\"\u201c]\s?\Z")


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
    if kind == "relative" and span.istitle() and " " not in span:
        # "VOA Today", "the Bank of Tomorrow": capitalized inside a sentence, a name
        return bool(_SENTENCE_START.search(text, max(0, start - 8), start))
    if kind in ("relative", "weekday") and _QUOTED_TITLE.search(text, max(0, start - 2), start):
        # ABC's "This Week", the "Sunday Morning" show: a quoted title, not a date
        return not span.istitle() or " " not in span.strip()
    if kind == "anchored" and not span.isupper():
        # "Man of the Year", "the Day of the Dead": a capitalized period noun is a name, but
        # not as the first word of a sentence ("Year-earlier results included ...")
        if _SENTENCE_START.search(text, max(0, start - 8), start):
            span = span[1:]
        return not re.search(r"\b(?:Year|Quarter|Week|Month|Day|Period)\b", span)
    if kind == "month" and span in ("May", "MAY"):
        prev, _ = _neighbours(text, start, end)
        return prev.strip("(\"'") in _MAY_CONTEXT
    return True


_ADJECTIVE_QUARTER = re.compile(r"(?i:the\s+)(?=\S+-(?:quarter|qtr|half)$)")
_NOUN_AFTER = re.compile(r"\s+(?!(?:of|ended|ending|and|or|to|in|was|is|were|are)\b)[a-z]")


def _adjective_start(text: str, start: int, end: int, kind: str) -> int:
    """ "the third-quarter loss": the article belongs to "loss", the date is "third-quarter"."""
    if kind == "quarter":
        m = _ADJECTIVE_QUARTER.match(text, start, end)
        if m and _NOUN_AFTER.match(text, end):
            return m.end()
    return start


def scan(text: str) -> list[Candidate]:
    """Candidate date expressions in `text`, longest first where they overlap, in text order.

    Spans never include a leading preposition ("the coming weeks", not "in the
    coming weeks"). Bare durations ("90 days", "five years") are never candidates.
    """
    found: list[Candidate] = []
    lower = text.lower()
    for pattern, kind, gate, groups in _scanners():
        if gate and not any(word in lower for word in gate):
            continue
        for m in pattern.finditer(text):
            group = next((g for g in groups if m.group(g) is not None), 0)
            start, end = m.span(group)
            if end > start and _plausible(text, start, end, kind):
                start = _adjective_start(text, start, end, kind)
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

"""TIMEX3 values of date expressions, against a publication date.

Pure Python (no spaCy), so it can be used and tested on its own:

- :func:`normalize` (here) turns one expression into a TIMEX3 value, resolved against
  the document creation time (DCT) and the tense of the sentence around it.

Values follow the TimeML convention used by HeidelTime and SUTime:
``YYYY-MM-DD``, ``YYYY-Www`` (ISO week), ``YYYY-Www-WE`` (weekend), ``YYYY-MM``,
``YYYY-Qn``, ``YYYY-Hn``, ``YYYY-SP|SU|FA|WI`` (seasons), ``YYYY``, ``YYY``
(decade), ``FUTURE_REF``, ``PAST_REF``, ``PRESENT_REF``. Without a DCT, what
cannot be known is written with ``X`` (``XXXX-03-05``), or the value is empty.

Hand-written rules rather than dateparser: dateparser returns one datetime with no
granularity ("last month" -> 2025-06-18), has no notion of tense, ISO weeks, quarters
or vague references, and costs about 1 ms per call; this costs a tenth of that.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from tradenews.dates.anchored import dct_back
from tradenews.dates.anchored import resolve as resolve_anchored
from tradenews.dates.anchoring import (
    add_months,
    iso_week,
    place_half,
    place_month,
    place_month_day,
    place_quarter,
    place_season,
    place_weekday,
    place_weekend,
    safe_date,
    year_end,
    year_of,
)
from tradenews.dates.grammar import (
    DAY_WORDS,
    DECADE_WORDS,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_DAY_WORDS,
    ORDINALS,
    SEASONS,
    WEEKDAYS,
    digits_for_spelled_years,
    longest_first,
    vocabulary,
)

VALUE_GRAMMAR = re.compile(
    r"(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?"
    r"|\d{4}-W\d{2}(?:-WE)?"
    r"|(?:\d{4}|XXXX)-(?:Q[1-4]|H[12]|SP|SU|FA|WI)"
    r"|\d{2,3}"
    r"|(?:FUTURE|PAST|PRESENT)_REF"
    r"|"
)
"""Every value :func:`normalize` can return matches this (fullmatch)."""

# --------------------------------------------------------------------------- normalize

_MON = r"(?P<mon>" + longest_first(MONTHS) + r")\.?"
_WD = r"(?P<wd>" + "|".join(WEEKDAYS) + ")"
_DAY_WORD = longest_first([*DAY_WORDS, *ORDINAL_DAY_WORDS])
_DAY = rf"(?P<day>[0-3]?\d|{_DAY_WORD})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_ORD = r"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
_N = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"

_PREPOSITION = re.compile(
    r"^(?:in|on|at|by|since|until|till|from|during|before|after|through|throughout|for|of|"
    r"to|over|within|around|about|as of|as early as|as late as|no later than|not until|"
    r"starting|beginning|ending|between|into|circa)\s+"
)
_MODIFIER = re.compile(
    r"^(?:the (?:end|start|beginning|middle|close|turn|rest|remainder|first (?:days|weeks|months)|"
    r"last (?:days|weeks|months)) of |(?:the )?(?:early|mid|late|end|earlier|later)(?:\s+|-)(?=\S)"
    # "the last half of the '80s": a decade's half is the decade (TIMEX3 has no value for it)
    r"|(?:the )?(?:first|second|last|latter) half of (?=the (?:'\d0s|\d{4}'?s|\w+ties)$))"
)


def _clean(expression: str) -> str:
    text = expression.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text).strip(' ,.;:!?"()[]')
    text = digits_for_spelled_years(text)
    text = re.sub(r"(?<!\d0)'s$", "", text)  # "Monday's", but "the 1990's" is a decade
    return text


Handler = Callable[[re.Match[str], "dt.date | None", str, str], "str | None"]
_RULES: list[tuple[re.Pattern[str], Handler]] = []


def _rule(pattern: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _RULES.append((re.compile(pattern), handler))
        return handler

    return register


@_rule(r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})")
def _iso(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    day = safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    return day.isoformat() if day else None


def _dated(m: re.Match[str], dct: dt.date | None, tense: str) -> str | None:
    month = MONTHS[m["mon"]]
    word = m["day"]
    day = DAY_WORDS.get(word) or ORDINAL_DAY_WORDS.get(word) or int(word)
    if m["year"]:
        found = safe_date(int(m["year"]), month, day)
        return found.isoformat() if found else None
    rel = m["rel"] if "rel" in m.re.groupindex and not m["wd"] else None
    return place_month_day(month, day, dct, tense, rel)


@_rule(
    rf"(?:(?P<rel>last|next|this|this coming|coming) )?(?:{_WD},? )?{_MON} {_DAY}(?:,? {_YEAR})?"
)
def _month_first(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return _dated(m, dct, tense)


@_rule(rf"(?:{_WD},? )?(?:the )?{_DAY} (?:of )?{_MON},?(?: {_YEAR})?")
def _day_first(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return _dated(m, dct, tense)


@_rule(rf"{_MON},? (?:of )?{_YEAR}")
def _month_year(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return f"{m['year']}-{MONTHS[m['mon']]:02d}"


@_rule(rf"{_MON} (?P<rel>last|next|this) year")
def _month_relative_year(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    if dct is None:
        return f"XXXX-{MONTHS[m['mon']]:02d}"
    year = dct.year + {"last": -1, "next": 1}.get(m["rel"], 0)
    return f"{year:04d}-{MONTHS[m['mon']]:02d}"


@_rule(rf"(?:(?P<rel>last|next|this|coming|past) )?{_MON}")
def _month_only(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return place_month(MONTHS[m["mon"]], dct, tense, m["rel"])


@_rule(r"(?:the )?(?:'|\d\d)?(?P<dec>\d)0'?s")
def _decade(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    text = m.group(0).removeprefix("the ")
    if re.fullmatch(r"\d{4}'?s", text):
        return text[:3]
    return _nearest_decade(int(m["dec"]), dct)


def _nearest_decade(digit: int, dct: dt.date | None) -> str:
    """ "the '90s", "the nineties": the decade ending in that digit nearest the DCT."""
    ref = dct.year if dct else 2000
    starts = [(ref // 100 + c) * 100 + digit * 10 for c in (-1, 0, 1)]
    nearest = min(
        starts, key=lambda y: 0 if y <= ref < y + 10 else min(abs(y - ref), abs(y + 9 - ref))
    )
    return f"{nearest // 10:03d}"


@_rule(r"(?:the )?(?P<word>" + "|".join(DECADE_WORDS) + ")")
def _decade_word(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return _nearest_decade(DECADE_WORDS[m["word"]], dct)


_CENTURY_ORD = "|".join(
    ["\\d{1,2}(?:st|nd|rd|th)", *(w for w in ORDINAL_DAY_WORDS if " " not in w)]
)


@_rule(rf"(?:(?P<rel>this|last|next) |(?:the )?(?P<ord>{_CENTURY_ORD})[- ])century")
def _century(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    """TIMEX3 writes a century by its first two digits: "the 20th century" is ``19``."""
    if m["rel"]:
        if dct is None:
            return "XX"
        number = dct.year // 100 + 1 + {"last": -1, "next": 1}.get(m["rel"], 0)
    else:
        word = m["ord"]
        number = ORDINAL_DAY_WORDS.get(word) or int(re.sub(r"\D", "", word))
    return f"{number - 1:02d}" if 1 <= number <= 100 else None


@_rule(
    r"(?:the )?(?:(?:calendar|fiscal|financial|budget|crop|marketing|fy) ?(?:year )?"
    r"|the year |year )?"
    r"(?P<year>\d{4})(?:[/-](?:\d{2}|\d{4}))?"
    r"(?: (?:fiscal|financial|calendar|budget|crop|marketing|tax|school) (?:year|season))?"
)
def _year(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return m["year"]


@_rule(r"(?:the )?(?:year[- ]?end|year's end|end[- ]year)(?: (?:of )?(?P<year>\d{4}))?")
def _year_end(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return m["year"] or year_end(dct, tense)


_OWN_YEAR = r"(?:(?P<ry>this|last|next) year's )?"
_FISCAL = r"(?:fiscal[- ])?"


@_rule(
    rf"(?:the |its )?{_OWN_YEAR}(?:{_YEAR} )?{_FISCAL}{_ORD}[- ](?:quarter|qtr)"
    r"(?: (?:of )?(?P<tail>.+))?"
)
def _quarter_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    q = ORDINALS[m["ord"]]
    if m["ord"] == "last" and not m["tail"] and not m["year"] and not m["ry"]:
        return _relative_quarter(-1, dct)
    return _part_of_year(m, dct, tense, "Q", q, place_quarter)


@_rule(r"(?:the )?(?P<ord>first|last|final) two quarters (?:of )?(?P<tail>.+)")
def _two_quarters(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    """ "the first two quarters of 1990": the first half."""
    year = year_of(m["tail"], dct)
    return f"{year}-H{1 if m['ord'] == 'first' else 2}" if year else None


@_rule(r"q(?P<q>[1-4])(?: (?P<year>\d{4}))?|(?P<q2>[1-4])q(?: (?P<year2>\d{4}))?")
def _quarter_short(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    q = int(m["q"] or m["q2"])
    year = m["year"] or m["year2"]
    return f"{year}-Q{q}" if year else place_quarter(q, dct, tense)


def _part_of_year(
    m: re.Match[str],
    dct: dt.date | None,
    tense: str,
    part: str,
    n: int,
    place: Callable[[int, dt.date | None, str], str | None],
) -> str | None:
    """Quarter or half n of the year the text names (its year, its tail, "this year's"), or
    of the year the publication date and tense place it in; None for a tail with no year."""
    year = m["year"] or (m["tail"] and year_of(m["tail"], dct)) or _own_year(m["ry"], dct)
    if m["tail"] and not year:
        return None
    return f"{year}-{part}{n}" if year else place(n, dct, tense)


def _own_year(rel: str | None, dct: dt.date | None) -> str | None:
    """The year of "this year's", "last year's" (first quarter)."""
    if rel is None:
        return None
    return year_of(f"{rel} year", dct)


def _relative_quarter(offset: int, dct: dt.date | None) -> str:
    if dct is None:
        return ""
    year, month = add_months(dct.year, dct.month, 3 * offset)
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


@_rule(r"(?:the )?(?P<rel>this|last|next|current|coming|past) (?:quarter|qtr)")
def _quarter_relative(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    offset = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(m["rel"], 0)
    return _relative_quarter(offset, dct)


@_rule(
    rf"(?:the |its )?{_OWN_YEAR}(?:(?P<year>\d{{4}}) )?{_FISCAL}"
    r"(?P<ord>first|second|1st|2nd|latter|back|front|last)[- ]half(?: (?:of )?(?P<tail>.+))?"
)
def _half_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    h = 2 if m["ord"] == "last" else ORDINALS[m["ord"]]
    return _part_of_year(m, dct, tense, "H", h, place_half)


@_rule(r"h(?P<h>[12])(?: (?P<year>\d{4}))?")
def _half_short(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return f"{m['year']}-H{m['h']}" if m["year"] else place_half(int(m["h"]), dct, tense)


@_rule(
    r"(?:the )?(?:(?P<rel>this past|this coming|this|last|next|coming|past) )?"
    r"(?P<s>spring|summer|autumn|fall|winter)"
    r"(?: (?:of )?(?:(?P<year>\d{4})|(?P<ry>this|last|next) year))?"
    r"|(?P<year2>\d{4}) (?P<s2>spring|summer|autumn|fall|winter)"
)
def _season_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    code = SEASONS[m["s"] or m["s2"]]
    year = m["year"] or m["year2"] or _own_year(m["ry"], dct)
    if year:
        return f"{year}-{code}"
    rel = {"this past": "last", "this coming": "next"}.get(m["rel"] or "", m["rel"])
    return place_season(code, dct, tense, rel)


@_rule(
    r"(?P<w>today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|"
    r"evening)|the day (?:before yesterday|after tomorrow))"
    r"(?: (?:morning|afternoon|evening|night))?"
)
def _day_relative(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    if dct is None:
        return ""
    word = m["w"]
    offset = {
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }.get(word, 0)
    return (dct + dt.timedelta(days=offset)).isoformat()


@_rule(rf"(?:(?P<rel>last|next|this|past|coming) )?{_WD}(?: (?:morning|afternoon|evening|night))?")
def _weekday_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    return place_weekday(WEEKDAYS[m["wd"]], dct, tense, m["rel"])


@_rule(r"(?:(?P<rel>this past|this|last|next|the|coming|past) )?week-?end")
def _weekend_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    rel = {"past": "last", "this past": "last", "coming": "next"}.get(m["rel"] or "", m["rel"])
    return place_weekend(dct, tense, rel)


_UNIT_OFFSET = {"last": -1, "previous": -1, "next": 1, "coming": 1}


@_rule(
    r"(?:(?P<rel>this|last|next)|the (?P<rel2>current|coming)) "
    r"(?P<unit>week|month|year)|(?P<bare>the (?:week|month|year))"
)
def _unit_relative(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    if m["bare"]:
        if not mod:  # "the year" alone is not a date; "the end of the year" is
            return None
        unit, offset = m["bare"].split()[1], 0
        if unit == "year" and re.match(r"(?:the )?(?:end|close)\b", mod):
            return year_end(dct, tense)
    else:
        unit, offset = m["unit"], _UNIT_OFFSET.get(m["rel"] or m["rel2"], 0)
    if dct is None:
        return ""
    if unit == "week":
        return iso_week(dct + dt.timedelta(days=7 * offset))
    if unit == "month":
        year, month = add_months(dct.year, dct.month, offset)
        return f"{year:04d}-{month:02d}"
    return f"{dct.year + offset:04d}"


@_rule(rf"{_N} (?P<unit>day|week|month|year)s? ago")
def _ago(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    n = NUMBER_WORDS.get(m["n"]) or int(m["n"])
    if dct is None:
        return ""
    return dct_back(dct, n, m["unit"])


@lru_cache(maxsize=1)
def _vague_rules() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(v["pattern"]), v["value"]) for v in vocabulary()["vague"]]


def _to_date(dct: dt.date | str | None) -> dt.date | None:
    """The DCT as a date, read by the one publication-date parser."""
    from tradenews.io.pubdate import parse_date  # here: tradenews.io imports this package

    return parse_date(dct)


def normalize(
    expression: str,
    dct: dt.date | str | None = None,
    tense: str = "none",
    *,
    certain: bool = False,
    reference: str | None = None,
) -> str | None:
    """The TIMEX3 value of a date expression, or None when it is not a date expression.

    `dct` is the publication date (a date or an ISO string); `tense` is one of
    past, present, future, none and decides which occurrence a yearless month or
    day, a weekday, a quarter or a season refers to. A tense moves a date into
    another year only up to MAX_PAST_SHIFT / MAX_TENSE_SHIFT days, unless it is
    `certain` (the verb governs the date directly: "said on Sept. 3"). An empty
    string means: a date, but its value cannot be known without a DCT. Never raises.

    `reference` is the period the text was last talking about (a TIMEX3 value): the
    anchor of expressions like "a year earlier" or "the previous quarter", which
    otherwise count from the DCT (see :mod:`tradenews.dates.anchored`).
    """
    tense = tense if tense in ("past", "future") else "none"
    if certain and tense != "none":
        tense += "!"
    try:
        text, day = _clean(str(expression)), _to_date(dct)
        if reference:
            matched, value = _anchored(text, day, tense, reference)
            if matched:
                return value
        return _normalize(text, day, tense)
    except (ValueError, OverflowError, KeyError, TypeError):
        return None


def _checked(value: str | None) -> str | None:
    return value if value is not None and VALUE_GRAMMAR.fullmatch(value) else None


@lru_cache(maxsize=4096)
def _anchored(
    text: str, dct: dt.date | None, tense: str, reference: str | None
) -> tuple[bool, str | None]:
    matched, value = resolve_anchored(_PREPOSITION.sub("", text, count=1), dct, tense, reference)
    return matched, _checked(value)


@lru_cache(maxsize=4096)
def _normalize(text: str, dct: dt.date | None, tense: str) -> str | None:
    if not text or len(text) > 80:
        return None
    for pattern, value in _vague_rules():
        if pattern.fullmatch(text):
            return value
    text = _PREPOSITION.sub("", text, count=1)
    for pattern, value in _vague_rules():
        if pattern.fullmatch(text):
            return value
    matched, anchored = _anchored(text, dct, tense, None)
    if matched:
        return anchored
    mod = ""  # the modifier stripped off ("the end of "), which some rules read
    found = _MODIFIER.match(text)
    if found:
        text, mod = text[found.end() :], found.group(0)
    for pattern, handler in _RULES:
        m = pattern.fullmatch(text)
        if m:
            return _checked(handler(m, dct, tense, mod))
    return None


_ENDED = re.compile(
    r"\s*(?:(?:[A-Za-z]+\s+){0,2}?(?i:qtrs?|quarters?|periods?)\s+(?=(?i:ended|ends|ending)))?"
    r"(?:(?i:ended|ends|ending|to)\s+)?(?P<date>[A-Za-z]{3,9}\.?\s+(?:[0-3]?\d|[A-Za-z]+(?:-[a-z]+)?)"
    r"(?:,?\s+\d{4})?)"
)
_QUARTER_ONLY = re.compile(
    r"(?:the )?(?:first|second|third|fourth|final|1st|2nd|3rd|4th)[- ](?:quarter|qtr)"
)


def quarter_ended(expression: str, following: str, dct: dt.date | str | None) -> str | None:
    """A company's quarter told by its end date ("the second quarter ended January 31").

    A fiscal quarter need not be a calendar one: the value is the calendar quarter
    it overlaps most, the one holding its middle month. None when `following` does
    not start with an end date or the expression names its year.
    """
    if not _QUARTER_ONLY.fullmatch(_clean(expression)):
        return None
    m = _ENDED.match(following)
    if not m:
        return None
    end = normalize(m["date"], dct, "past")
    if not end or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", end):
        return None
    year, month, day = (int(x) for x in end.split("-"))
    last_full = month if day >= 15 else month - 1
    year, middle = add_months(year, last_full, -1)
    return f"{year:04d}-Q{(middle - 1) // 3 + 1}"

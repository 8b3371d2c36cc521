"""Date expressions in English news text, and their TIMEX3 values against a publication date.

Pure Python (no spaCy), so it can be used and tested on its own:

- :func:`scan` finds candidate date expressions in a text (character spans);
- :func:`normalize` turns one expression into a TIMEX3 value, resolved against
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

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

TENSES = ("past", "present", "future", "none")

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}  # monday = 0

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
DAY_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS)}
DAY_WORDS.update({w: i + 10 for i, w in enumerate(_TEENS)})
DAY_WORDS.update({"twenty": 20, "thirty": 30, "thirty-one": 31, "thirty one": 31})
DAY_WORDS.update({f"twenty{sep}{w}": 21 + i for i, w in enumerate(_UNITS) for sep in "- "})

ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
    "latter": 2,
    "back": 2,
    "front": 1,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# Months each season covers, as (start month, length in months); winter runs into the next year.
SEASON_SPAN = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}

VALUE_GRAMMAR = re.compile(
    r"(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?"
    r"|\d{4}-W\d{2}(?:-WE)?"
    r"|(?:\d{4}|XXXX)-(?:Q[1-4]|H[12]|SP|SU|FA|WI)"
    r"|\d{3}"
    r"|(?:FUTURE|PAST|PRESENT)_REF"
    r"|"
)
"""Every value :func:`normalize` can return matches this (fullmatch)."""


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The data file of vague phrases and tense cues (loaded once per process)."""
    text = files("tradenews").joinpath("data/dates.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


# --------------------------------------------------------------------------- helpers


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _distance(start: dt.date, end: dt.date, dct: dt.date) -> int:
    if start <= dct <= end:
        return 0
    return min(abs((start - dct).days), abs((end - dct).days))


# A tense may move a yearless date away from its nearest occurrence into another year, but
# not this far: news gives the year for anything older, and a past verb near a date this
# far ahead is more often about a deadline set earlier than about last year ("set a July 9
# deadline"). Within the DCT's own year the tense always decides ("fell in January").
MAX_TENSE_SHIFT = 275
# A past verb is everywhere in news and often belongs to another clause; it may reach back
# into last year only half a year.
MAX_PAST_SHIFT = 183
# Quarters and halves: a report's verb tense says little about them ("raised its schedule
# for the second quarter"), so only a quarter just past or just ahead may override nearness.
MAX_PERIOD_SHIFT = 100


def _pick(
    candidates: list[tuple[dt.date, dt.date, str]],
    dct: dt.date,
    tense: str,
    max_shift: int = MAX_TENSE_SHIFT,
) -> str:
    """The occurrence the tense points at (past: on/before the DCT; future: on/after), if it is
    in the DCT's year or within `max_shift` days of the DCT; otherwise, and without a tense,
    the nearest one."""

    def distance(c: tuple[dt.date, dt.date, str]) -> tuple[int, bool]:
        return _distance(c[0], c[1], dct), c[0].year != dct.year

    nearest = min(candidates, key=distance)
    base, strict = tense.rstrip("!"), tense.endswith("!")
    if base == "past":
        pool = [c for c in candidates if c[0] <= dct]
    elif base == "future":
        pool = [c for c in candidates if c[1] >= dct]
    else:
        return nearest[2]
    if not pool:
        return nearest[2]
    chosen = min(pool, key=distance)
    limit = min(max_shift, MAX_PAST_SHIFT) if base == "past" else max_shift
    if strict or chosen[0].year == dct.year or distance(chosen)[0] <= limit:
        return chosen[2]
    return nearest[2]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int, day: int, dct: dt.date | None, tense: str) -> str | None:
    if not 1 <= day <= 31 or day > calendar.monthrange(2000, month)[1]:
        return None
    if dct is None:
        return f"XXXX-{month:02d}-{day:02d}"
    candidates = []
    for year in range(dct.year - 4, dct.year + 5):  # four years either side finds a Feb 29
        day_ = _safe_date(year, month, day)
        if day_ is not None:
            candidates.append((day_, day_, day_.isoformat()))
    return _pick(candidates, dct, tense)


def _month(month: int, dct: dt.date | None, tense: str, rel: str | None = None) -> str:
    if dct is None:
        return f"XXXX-{month:02d}"
    if rel in ("last", "past"):
        year = dct.year if month < dct.month else dct.year - 1
        return f"{year:04d}-{month:02d}"
    if rel in ("next", "coming"):
        year = dct.year if month > dct.month else dct.year + 1
        return f"{year:04d}-{month:02d}"
    candidates = [
        (dt.date(y, month, 1), _month_end(y, month), f"{y:04d}-{month:02d}")
        for y in (dct.year - 1, dct.year, dct.year + 1)
    ]
    return _pick(candidates, dct, tense)


def _quarter(q: int, dct: dt.date | None, tense: str) -> str:
    return _year_part(q, 3, "Q", dct, tense)


def _half(h: int, dct: dt.date | None, tense: str) -> str:
    return _year_part(h, 6, "H", dct, tense)


def _year_part(n: int, months: int, letter: str, dct: dt.date | None, tense: str) -> str:
    """The n-th quarter or half (`months` long) without a year, placed around the DCT."""
    if dct is None:
        return f"XXXX-{letter}{n}"
    candidates = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        start = dt.date(y, months * (n - 1) + 1, 1)
        candidates.append((start, _month_end(y, months * n), f"{y:04d}-{letter}{n}"))
    return _pick(candidates, dct, tense, MAX_PERIOD_SHIFT)


def _season(code: str, dct: dt.date | None, tense: str, rel: str | None) -> str:
    if dct is None:
        return f"XXXX-{code}"
    first, length = SEASON_SPAN[code]
    candidates = []
    for y in range(dct.year - 2, dct.year + 2):
        end_y, end_m = _add_months(y, first, length - 1)
        candidates.append((dt.date(y, first, 1), _month_end(end_y, end_m), f"{y:04d}-{code}"))
    if dct.month <= 2 and code == "WI":  # January and February belong to last year's winter
        candidates = [c for c in candidates if c[0].year < dct.year + 1]
    before = [c for c in candidates if c[1] < dct]
    after = [c for c in candidates if c[0] > dct]
    if rel in ("last", "past") and before:
        return max(before, key=lambda c: c[0])[2]
    if rel in ("next", "coming") and after:
        return min(after, key=lambda c: c[0])[2]
    return _pick(candidates, dct, tense)


def _weekday(wd: int, dct: dt.date | None, tense: str, rel: str | None) -> str:
    if dct is None:
        return ""
    back = (dct.weekday() - wd) % 7
    ahead = (wd - dct.weekday()) % 7 or 7
    if rel in ("last", "past"):
        day = dct - dt.timedelta(days=back or 7)
    elif rel in ("next", "coming"):
        day = dct + dt.timedelta(days=ahead)
    elif tense.startswith("future"):
        day = dct + dt.timedelta(days=ahead)
    else:
        day = dct - dt.timedelta(days=back)
    return day.isoformat()


def _weekend(dct: dt.date | None, tense: str, rel: str | None) -> str:
    if dct is None:
        return ""
    if rel == "last" or (rel != "next" and tense.startswith("past") and dct.weekday() < 5):
        day = dct - dt.timedelta(days=dct.weekday() + 1)  # the Sunday before this week
    elif rel == "next" and dct.weekday() >= 5:
        day = dct + dt.timedelta(days=7)
    else:
        day = dct
    return _week(day) + "-WE"


def _year_of(text: str, dct: dt.date | None) -> str | None:
    """A year written as a tail ("of 2025", "of next year", "the year") -> ``YYYY``."""
    text = text.strip()
    m = re.fullmatch(r"(?:fiscal |financial |calendar |the year |fy ?)?(?:year )?(\d{4})", text)
    if m:
        return m.group(1)
    m = re.fullmatch(
        r"(?:(?:the )?(this|last|next|current|coming|the) year|the current year)", text
    )
    if m:
        if dct is None:
            return "XXXX"
        offset = {"last": -1, "next": 1, "coming": 1}.get(m.group(1) or "", 0)
        return f"{dct.year + offset:04d}"
    return None


# --------------------------------------------------------------------------- normalize

_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY_WORD = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
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
    r"last (?:days|weeks|months)) of |(?:the )?(?:early|mid|late|end)(?:\s+|-)(?=\S))"
)


def _clean(expression: str) -> str:
    text = expression.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text).strip(' ,.;:!?"()[]')
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
    day = _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    return day.isoformat() if day else None


def _dated(m: re.Match[str], dct: dt.date | None, tense: str) -> str | None:
    month = MONTHS[m["mon"]]
    day = DAY_WORDS[m["day"]] if m["day"] in DAY_WORDS else int(m["day"])
    if m["year"]:
        found = _safe_date(int(m["year"]), month, day)
        return found.isoformat() if found else None
    return _month_day(month, day, dct, tense)


@_rule(rf"(?:{_WD},? )?{_MON} {_DAY}(?:,? {_YEAR})?")
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
    return _month(MONTHS[m["mon"]], dct, tense, m["rel"])


@_rule(r"(?:the )?(?:'|\d\d)?(?P<dec>\d)0'?s")
def _decade(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    text = m.group(0).removeprefix("the ")
    if re.fullmatch(r"\d{4}'?s", text):
        return text[:3]
    digit = int(m["dec"])
    ref = dct.year if dct else 2000
    starts = [(ref // 100 + c) * 100 + digit * 10 for c in (-1, 0, 1)]
    nearest = min(
        starts, key=lambda y: 0 if y <= ref < y + 10 else min(abs(y - ref), abs(y + 9 - ref))
    )
    return f"{nearest // 10:03d}"


@_rule(
    r"(?:the )?(?:(?:calendar|fiscal|financial|budget|crop|marketing|fy) ?(?:year )?"
    r"|the year |year )?"
    r"(?P<year>\d{4})(?:[/-](?:\d{2}|\d{4}))?"
    r"(?: (?:fiscal|financial|calendar|budget|crop|marketing|tax|school) (?:year|season))?"
)
def _year(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return m["year"]


@_rule(r"(?:the )?(?:year[- ]?end|end[- ]year)(?: (?:of )?(?P<year>\d{4}))?")
def _year_end(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return m["year"] or _last_year_end(dct, tense)


def _last_year_end(dct: dt.date | None, tense: str) -> str:
    """Which year's end "year-end" means: in March a past "at year-end" is last December's."""
    if dct is None:
        return "XXXX"
    ends = [
        (dt.date(y, 12, 31), dt.date(y, 12, 31), f"{y:04d}")
        for y in range(dct.year - 1, dct.year + 2)
    ]
    return _pick(ends, dct, tense)


@_rule(rf"(?:the )?(?:{_YEAR} )?{_ORD}[- ](?:quarter|qtr)(?: (?:of )?(?P<tail>.+))?")
def _quarter_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    q = ORDINALS[m["ord"]]
    if m["ord"] == "last" and not m["tail"] and not m["year"]:
        return _relative_quarter(-1, dct)
    year = m["year"] or (m["tail"] and _year_of(m["tail"], dct))
    if m["tail"] and not year:
        return None
    return f"{year}-Q{q}" if year else _quarter(q, dct, tense)


@_rule(r"q(?P<q>[1-4])(?: (?P<year>\d{4}))?|(?P<q2>[1-4])q(?: (?P<year2>\d{4}))?")
def _quarter_short(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    q = int(m["q"] or m["q2"])
    year = m["year"] or m["year2"]
    return f"{year}-Q{q}" if year else _quarter(q, dct, tense)


def _relative_quarter(offset: int, dct: dt.date | None) -> str:
    if dct is None:
        return ""
    year, month = _add_months(dct.year, dct.month, 3 * offset)
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


@_rule(r"(?:the )?(?P<rel>this|last|next|current|previous|coming|past) (?:quarter|qtr)")
def _quarter_relative(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    offset = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(m["rel"], 0)
    return _relative_quarter(offset, dct)


@_rule(
    r"(?:the )?(?:(?P<year>\d{4}) )?(?P<ord>first|second|1st|2nd|latter|back|front)[- ]half"
    r"(?: (?:of )?(?P<tail>.+))?"
)
def _half_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    h = ORDINALS[m["ord"]]
    year = m["year"] or (m["tail"] and _year_of(m["tail"], dct))
    if m["tail"] and not year:
        return None
    return f"{year}-H{h}" if year else _half(h, dct, tense)


@_rule(r"h(?P<h>[12])(?: (?P<year>\d{4}))?")
def _half_short(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    return f"{m['year']}-H{m['h']}" if m["year"] else _half(int(m["h"]), dct, tense)


@_rule(
    r"(?:the )?(?:(?P<rel>this|last|next|coming|past) )?(?P<s>spring|summer|autumn|fall|winter)"
    r"(?: (?:of )?(?P<year>\d{4}))?|(?P<year2>\d{4}) (?P<s2>spring|summer|autumn|fall|winter)"
)
def _season_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    code = SEASONS[m["s"] or m["s2"]]
    year = m["year"] or m["year2"]
    if year:
        return f"{year}-{code}"
    return _season(code, dct, tense, m["rel"])


@_rule(
    r"(?:(?:earlier|later) )?(?P<w>today|tonight|yesterday|tomorrow|this (?:morning|afternoon|"
    r"evening)|the day (?:before yesterday|after tomorrow))"
    r"(?: (?:morning|afternoon|evening|night))?"
)
def _day_relative(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    if dct is None:
        return ""
    word = m["w"]
    offset = {
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }.get(word, 0)
    return (dct + dt.timedelta(days=offset)).isoformat()


@_rule(rf"(?:(?P<rel>last|next|this|past|coming) )?{_WD}(?: (?:morning|afternoon|evening|night))?")
def _weekday_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    return _weekday(WEEKDAYS[m["wd"]], dct, tense, m["rel"])


@_rule(r"(?:(?P<rel>this past|this|last|next|the|coming|past) )?week-?end")
def _weekend_rule(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str:
    rel = {"past": "last", "this past": "last", "coming": "next"}.get(m["rel"] or "", m["rel"])
    return _weekend(dct, tense, rel)


_UNIT_OFFSET = {"last": -1, "previous": -1, "next": 1, "coming": 1}


@_rule(
    r"(?:(?:earlier|later) )?(?:(?P<rel>this|last|next)|the (?P<rel2>current|coming|previous)) "
    r"(?P<unit>week|month|year)|(?P<bare>the (?:week|month|year))"
)
def _unit_relative(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    if m["bare"]:
        if not mod:  # "the year" alone is not a date; "the end of the year" is
            return None
        unit, offset = m["bare"].split()[1], 0
        if unit == "year" and re.match(r"(?:the )?(?:end|close)\b", mod):
            return _last_year_end(dct, tense)
    else:
        unit, offset = m["unit"], _UNIT_OFFSET.get(m["rel"] or m["rel2"], 0)
    if m["rel2"] == "previous" and unit != "week":
        return None  # "the previous year" is relative to a time the text set, not to the DCT
    if dct is None:
        return ""
    if unit == "week":
        return _week(dct + dt.timedelta(days=7 * offset))
    if unit == "month":
        year, month = _add_months(dct.year, dct.month, offset)
        return f"{year:04d}-{month:02d}"
    return f"{dct.year + offset:04d}"


@_rule(rf"{_N} (?P<unit>day|week|month|year)s? ago")
def _ago(m: re.Match[str], dct: dt.date | None, tense: str, mod: str) -> str | None:
    n = NUMBER_WORDS.get(m["n"]) or int(m["n"])
    if dct is None:
        return ""
    unit = m["unit"]
    if unit == "day":
        return (dct - dt.timedelta(days=n)).isoformat()
    if unit == "week":
        return _week(dct - dt.timedelta(days=7 * n))
    if unit == "month":
        year, month = _add_months(dct.year, dct.month, -n)
        return f"{year:04d}-{month:02d}"
    return f"{dct.year - n:04d}" if dct.year - n >= 0 else None


@lru_cache(maxsize=1)
def _vague_rules() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(v["pattern"]), v["value"]) for v in vocabulary()["vague"]]


def _to_date(dct: dt.date | str | None) -> dt.date | None:
    if dct is None or isinstance(dct, dt.date):
        return dct
    try:
        return dt.date.fromisoformat(str(dct)[:10])
    except ValueError:
        return None


def normalize(
    expression: str,
    dct: dt.date | str | None = None,
    tense: str = "none",
    *,
    certain: bool = False,
) -> str | None:
    """The TIMEX3 value of a date expression, or None when it is not a date expression.

    `dct` is the publication date (a date or an ISO string); `tense` is one of
    past, present, future, none and decides which occurrence a yearless month or
    day, a weekday, a quarter or a season refers to. A tense moves a date into
    another year only up to MAX_PAST_SHIFT / MAX_TENSE_SHIFT days, unless it is
    `certain` (the verb governs the date directly: "said on Sept. 3"). An empty
    string means: a date, but its value cannot be known without a DCT. Never raises.
    """
    tense = tense if tense in ("past", "future") else "none"
    if certain and tense != "none":
        tense += "!"
    try:
        return _normalize(_clean(str(expression)), _to_date(dct), tense)
    except (ValueError, OverflowError, KeyError, TypeError):
        return None


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
    mod = ""  # the modifier stripped off ("the end of "), which some rules read
    found = _MODIFIER.match(text)
    if found:
        text, mod = text[found.end() :], found.group(0)
    for pattern, handler in _RULES:
        m = pattern.fullmatch(text)
        if m:
            value = handler(m, dct, tense, mod)
            if value is None or not VALUE_GRAMMAR.fullmatch(value):
                return None
            return value
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
    year, middle = _add_months(year, last_full, -1)
    return f"{year:04d}-Q{(middle - 1) // 3 + 1}"


# --------------------------------------------------------------------------- scan


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
_MON_FULL_NAMES = [n for n in calendar.month_name if n]
_MON_FULL_RE = "|".join(_MON_FULL_NAMES + [n.upper() for n in _MON_FULL_NAMES])
_MON_ABBRS = "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split()
_MON_ABBR_RE = "|".join(_MON_ABBRS + [n.upper() for n in _MON_ABBRS])
_MON_ANY = rf"(?:(?:{_MON_FULL_RE})\b|(?:{_MON_ABBR_RE})\b\.?)"
_WD_NAMES = [n for n in calendar.day_name]
_WD_RE = "|".join(_WD_NAMES + [n.upper() for n in _WD_NAMES])
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

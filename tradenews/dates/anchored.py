"""Dates anchored to a time the text itself sets: "a year earlier", "the previous quarter".

TimeML resolves such an expression against its *reference time*: the period the
text was last talking about, else the publication date (DCT). "the year-ago
quarter" after "the fourth quarter of 1986" is ``1985-Q4``; "a year earlier"
after "on March 3, 1986" is ``1985-03-03``; with nothing mentioned before, both
count back from the DCT. The reference is given as a TIMEX3 value (the caller
tracks it through the document, see :func:`is_reference`).

:func:`resolve` returns ``(matched, value)``: whether the expression is one of
these forms at all, and its value (None when it cannot be told, e.g. "the
following week" after a mention of a year).
"""

from __future__ import annotations

import datetime as dt
import re

from tradenews.dates.anchoring import add_months, iso_week, safe_date
from tradenews.dates.grammar import NUMBER_WORDS, WEEKDAYS

_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?|-W(?P<w>\d{2})|-Q(?P<q>[1-4])"
    r"|-H(?P<h>[12])|-(?P<s>SP|SU|FA|WI))?"
)
UNITS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "qtr": "quarter"}
UNITS.update({"year": "year", "half": "half", "period": "period"})


def granularity(value: str | None) -> str | None:
    """day, week, month, season, quarter, half or year; None for anything else."""
    m = _VALUE.fullmatch(value or "")
    if not m:
        return None
    for group, name in (("d", "day"), ("w", "week"), ("m", "month"), ("q", "quarter")):
        if m[group]:
            return name
    if m["h"]:
        return "half"
    return "season" if m["s"] else "year"


def is_reference(value: str | None) -> bool:
    """Whether a value can be a reference time (a calendar period with its year)."""
    return granularity(value) is not None


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def coarsen(value: str, unit: str) -> str | None:
    """`value` at the coarser granularity `unit` ("1989-10-26" as a quarter: "1989-Q4")."""
    have = granularity(value)
    if have is None:
        return None
    if have == unit:
        return value
    year = int(value[:4])
    if unit == "year":
        return f"{year:04d}" if have != "week" else None
    if have == "day" and unit == "week":
        return iso_week(_day(value))
    if have not in ("day", "month") or unit not in ("month", "quarter", "half"):
        return None
    month = int(value[5:7])
    if unit == "month":
        return value[:7]
    if unit == "quarter":
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{year:04d}-H{(month - 1) // 6 + 1}"


def shift(value: str, n: int, unit: str) -> str | None:
    """`value` moved by `n` units (year, quarter, month, week or day), keeping its granularity."""
    have = granularity(value)
    if have is None:
        return None
    year = int(value[:4])
    if unit == "year":
        if have == "day":
            moved = safe_date(year + n, int(value[5:7]), int(value[8:10]))
            return (moved or dt.date(year + n, 2, 28)).isoformat()
        return f"{year + n:04d}{value[4:]}"
    if unit == "quarter" and have == "quarter":
        index = year * 4 + int(value[6]) - 1 + n
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "half" and have == "half":
        index = year * 2 + int(value[6]) - 1 + n
        return f"{index // 2:04d}-H{index % 2 + 1}"
    if unit == "month" and have == "month":
        y, m = add_months(year, int(value[5:7]), n)
        return f"{y:04d}-{m:02d}"
    if unit in ("week", "day") and have == "day":
        return (_day(value) + dt.timedelta(days=n * (7 if unit == "week" else 1))).isoformat()
    if unit == "week" and have == "week":
        monday = dt.date.fromisocalendar(year, int(value[6:8]), 1)
        return iso_week(monday + dt.timedelta(days=7 * n))
    return None


def dct_value(dct: dt.date, unit: str) -> str:
    """The DCT as a value of granularity `unit`."""
    return coarsen(dct.isoformat(), unit) or f"{dct.year:04d}"


_N = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_APPROX = r"(?:(?:nearly|almost|about|some|roughly|just|over|more than|less than|barely) )?"
_UNIT = r"(?P<unit>day|week|month|quarter|year)s?"
_SAME = r"(?:comparable|corresponding|same|prior|previous|year-earlier|year-ago|year earlier) "
_AGO = re.compile(rf"{_APPROX}{_N} {_UNIT} ago")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("count", re.compile(rf"{_APPROX}{_N} {_UNIT} (?P<dir>earlier|before|later|after|ago)")),
    (
        "year_ago_q",
        re.compile(
            r"(?:(?:the|a|its) )?(?:(?:comparable|corresponding|same) )?"
            r"(?:year[- ](?:earlier|ago)|prior[- ]year|previous[- ]year) "
            r"(?P<ord>first|second|third|fourth)[- ](?:quarter|qtr)"
        ),
    ),
    (
        "year_ago",
        re.compile(
            r"(?:(?:the|a|its) )?(?:(?:comparable|corresponding|same) )?"
            r"(?:year[- ](?:earlier|ago)|prior[- ]year|previous[- ]year|twelve months earlier)"
            r"(?: (?P<noun>quarter|qtr|period|months?|half|week|month))?"
        ),
    ),
    (
        "same_last_year",
        re.compile(
            rf"(?:the )?(?:{_SAME})?(?P<noun>quarter|period|month|half|week|time)"
            r"(?: of)? (?:a year (?:earlier|ago|before)|last year|the (?:previous|prior) year)"
        ),
    ),
    ("last_years", re.compile(r"(?:last|the previous|the prior) year's (?P<noun>quarter|period)")),
    ("this_time", re.compile(r"this time last year|(?:the )?comparable (?:year-ago )?period")),
    ("year_period", re.compile(r"(?:the )?(?P<year>\d{4}) (?P<noun>period|quarter)")),
    (
        "weekday",
        re.compile(
            r"(?:(?:the )?(?P<rel>previous|preceding|prior|following)|the (?P<rel2>next)) (?P<wd>"
            + "|".join(WEEKDAYS)
            + ")"
        ),
    ),
    (
        "relative",
        re.compile(
            r"(?:the )?(?P<rel>previous|prior|preceding|following|subsequent|same|that) "
            r"(?P<unit>day|week|month|quarter|year)"
        ),
    ),
    (
        "bare",
        re.compile(
            r"(?:(?:earlier|later) in )?(?:the )?(?P<rel>latest|most recent|recent|full"
            r"|current fiscal|fiscal|this fiscal|latest fiscal)? ?"
            r"(?P<unit>quarter|period|year|day|week|month)"
        ),
    ),
]
_STEP = {"previous": -1, "prior": -1, "preceding": -1, "following": 1, "subsequent": 1, "next": 1}


def resolve(
    text: str, dct: dt.date | None, tense: str, reference: str | None
) -> tuple[bool, str | None]:
    """Whether `text` (lowercase, no leading preposition) is anchored, and its value."""
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return True, _value(kind, m, dct, tense, reference)
    return False, None


def _value(
    kind: str, m: re.Match[str], dct: dt.date | None, tense: str, reference: str | None
) -> str | None:
    if dct is None and reference is None:
        return ""
    ref = reference if is_reference(reference) else None
    if kind == "count":
        return _count(m, dct, ref)
    if kind == "year_ago_q":
        year = int(ref[:4]) if ref else dct.year if dct else None
        q = ("first", "second", "third", "fourth").index(m["ord"]) + 1
        return f"{year - 1:04d}-Q{q}" if year else None
    if kind in ("year_ago", "same_last_year", "last_years"):
        return _year_before(m["noun"] or "", dct, ref)
    if kind == "this_time":
        base = ref if m.group(0).startswith("the") or "comparable" in m.group(0) else None
        return _year_before("period" if base else "year", dct, base)
    if kind == "year_period":
        period = _period(m["noun"], dct, ref)
        return period and m["year"] + period[4:]
    if kind == "weekday":
        return _weekday_from(m["rel"] or m["rel2"], WEEKDAYS[m["wd"]], dct, ref)
    if kind == "relative":
        step = _STEP.get(m["rel"], 0)
        base = _at(m["unit"], dct, ref)
        return base and shift(base, step, m["unit"])
    return _bare(m["rel"] or "", m["unit"], dct, tense, ref)


def _weekday_from(rel: str, weekday: int, dct: dt.date | None, ref: str | None) -> str | None:
    """ "the previous Friday": the Friday before the day the text named (else the DCT);
    "the following Monday", "the next Monday": the Monday after it."""
    base = _day(ref) if granularity(ref) == "day" and ref else dct
    if base is None:
        return None
    if _STEP.get(rel, 1) < 0:
        return (base - dt.timedelta(days=(base.weekday() - weekday - 1) % 7 + 1)).isoformat()
    return (base + dt.timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)).isoformat()


def _at(unit: str, dct: dt.date | None, ref: str | None) -> str | None:
    """The reference (else the DCT) at granularity `unit`, or None if it is coarser."""
    if ref is not None:
        return coarsen(ref, unit)
    return dct_value(dct, unit) if dct else None


def _count(m: re.Match[str], dct: dt.date | None, ref: str | None) -> str | None:
    n = NUMBER_WORDS.get(m["n"]) or int(m["n"])
    unit, sign = m["unit"], -1 if m["dir"] in ("earlier", "before", "ago") else 1
    if m["dir"] == "ago":
        # "ago" counts back from the DCT; the current period the text compares with ("the
        # third quarter ... a year ago") gives the granularity
        have = granularity(ref)
        if unit == "year" and have in ("quarter", "half", "month") and ref and dct:
            if _is_current(ref, dct):
                return shift(ref, -n, "year")
        if dct is None:
            return ""
        return dct_back(dct, n, unit)
    if ref is None or unit == "quarter" and granularity(ref) != "quarter":
        return dct_back(dct, n, unit) if dct and sign < 0 and unit == "year" else None
    return shift(ref, sign * n, unit)


def _is_current(ref: str, dct: dt.date) -> bool:
    """A period that ended at most about two quarters before the DCT (or runs now)."""
    bounds = period_bounds(ref)
    return bounds is not None and bounds[0] <= dct and (dct - bounds[1]).days <= 201


_COMPARISON = re.compile(
    r".*\b(?:ago|earlier|before|year[- ]ago|year[- ]earlier|prior[- ]year|previous[- ]year"
    r"|last year's|this time last year|comparable|corresponding|same|\d{4} (?:period|quarter))\b.*"
)


def is_comparison(text: str) -> bool:
    """A period named only to compare with ("a year earlier", "the year-ago quarter"): it does
    not become the period the text talks about."""
    return bool(_COMPARISON.fullmatch(text.lower()))


_YEAR_BACK = re.compile(
    r"\b(?:year|\d{4} (?:period|quarter)|latest|most recent|comparable|corresponding)\b"
)


def looks_back(text: str) -> bool:
    """A comparison with the period a report is about, a year back ("a year earlier", "the
    year-ago quarter", "the 1988 period"), or that period itself ("the latest quarter"): its
    anchor is the last period named that had begun by the DCT, not a forecast named since
    ("a week earlier" counts from whatever was named last)."""
    lower = " ".join(text.lower().split())
    if not _YEAR_BACK.search(lower) or _AGO.fullmatch(lower):
        return False  # "a year ago" counts from the DCT; the period named last gives its unit
    return is_comparison(lower) or "latest" in lower or "most recent" in lower


def period_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of the period a value names (day to year), or None."""
    have = granularity(value)
    if have is None or have == "season":
        return None
    year = int(value[:4])
    if have == "day":
        return _day(value), _day(value)
    if have == "week":
        monday = dt.date.fromisocalendar(year, int(value[6:8]), 1)
        return monday, monday + dt.timedelta(days=6)
    if have == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = {"month": 1, "quarter": 3, "half": 6}[have]
    first = int(value[5:7]) if have == "month" else (int(value[6]) - 1) * months + 1
    end_year, end_month = add_months(year, first, months)
    return dt.date(year, first, 1), dt.date(end_year, end_month, 1) - dt.timedelta(days=1)


# A quarter starting more than this many days after the DCT (another period: any day after
# it) is a forecast, not a report's period; a quarter just ahead is often a company's fiscal
# quarter told by its calendar name.
FORECAST_DAYS = 120


def begun_by(value: str, dct: dt.date | None) -> bool:
    """Whether the period had begun by the DCT, or is the quarter just after it: one further
    ahead is a forecast ("earnings should recover by the third quarter of 1990")."""
    bounds = period_bounds(value)
    if dct is None or bounds is None:
        return True
    slack = FORECAST_DAYS if granularity(value) == "quarter" else 0
    return (bounds[0] - dct).days <= slack


def _ended_by(value: str, dct: dt.date | None) -> bool:
    bounds = period_bounds(value)
    return dct is None or bounds is None or bounds[1] < dct


def dct_back(dct: dt.date, n: int, unit: str) -> str | None:
    if unit == "day":
        return (dct - dt.timedelta(days=n)).isoformat()
    if unit == "week":
        return iso_week(dct - dt.timedelta(days=7 * n))
    if unit == "month":
        year, month = add_months(dct.year, dct.month, -n)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        return shift(dct_value(dct, "quarter"), -n, "quarter")
    return f"{dct.year - n:04d}" if dct.year - n >= 0 else None


def _period(noun: str, dct: dt.date | None, ref: str | None) -> str | None:
    """The period a report is about: "the quarter" (the last quarter named, else the last
    one completed before the DCT), "the period" (the last period named)."""
    unit = UNITS.get(noun.rstrip("s"), "period")
    if unit == "period":
        if ref is not None and granularity(ref) != "day":
            return ref
        unit = "quarter"
    if ref is not None:
        found = coarsen(ref, unit)
        if found:
            return found
    if dct is None:
        return None
    if unit == "quarter":
        return shift(dct_value(dct, "quarter"), -1, "quarter")
    return dct_value(dct, unit)


def _latest(unit: str, dct: dt.date | None, ref: str | None) -> str | None:
    """ "the latest quarter", "the latest period": the quarter (for "period" also the half,
    month or week) the report is about if it is over, else the last quarter over before the
    DCT ("in the week ended Feb 14, the latest period for which figures exist")."""
    units = ("quarter", "half") if unit == "quarter" else ("quarter", "half", "month", "week")
    if ref is not None and granularity(ref) in units and _ended_by(ref, dct):
        return ref
    return shift(dct_value(dct, "quarter"), -1, "quarter") if dct else None


def _year_before(noun: str, dct: dt.date | None, ref: str | None) -> str | None:
    if noun in ("", "time", "year"):
        base = ref if ref is not None else (dct_value(dct, "year") if dct else None)
    else:
        base = _period(noun, dct, ref)
    return base and shift(base, -1, "year")


def _bare(rel: str, unit: str, dct: dt.date | None, tense: str, ref: str | None) -> str | None:
    if rel == "latest fiscal" and unit == "year":
        return f"{dct.year - 1:04d}" if dct else None
    if "fiscal" in rel and unit == "year":
        return dct_value(dct, "year") if dct else None
    if unit in ("quarter", "period"):
        if ref is None and unit == "quarter" and not rel and tense.startswith("future"):
            return dct_value(dct, "quarter") if dct else None
        if rel in ("latest", "most recent", "latest fiscal"):
            return _latest(unit, dct, ref)
        return _period(unit, dct, ref)
    if unit == "year" and granularity(ref) in ("day", "month", "quarter", "half"):
        return _at(unit, dct, ref)  # "for the year": the year of the period the report is about
    if unit == "year" or ref is None:
        return dct_value(dct, unit) if dct else None
    return coarsen(ref, unit) or (dct_value(dct, unit) if dct else None)

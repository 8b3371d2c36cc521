"""Placing a date that lacks its year or its week among the calendar around the DCT.

A yearless month or day, a weekday, a quarter, half or season has several possible
occurrences; which one the text means depends on the publication date (DCT) and on
the tense of the sentence. The helpers here take the parts a rule has read and
return the TIMEX3 value of the occurrence meant.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tradenews.dates.grammar import SEASON_SPAN


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def iso_week(day: dt.date) -> str:
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


def pick(
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


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def place_month_day(
    month: int, day: int, dct: dt.date | None, tense: str, rel: str | None = None
) -> str | None:
    """A yearless day; `rel` "last" / "next" ("last June 6") takes the one before / after."""
    if not 1 <= day <= 31 or day > calendar.monthrange(2000, month)[1]:
        return None
    if dct is None:
        return f"XXXX-{month:02d}-{day:02d}"
    if rel in ("last", "next"):
        tense = "past!" if rel == "last" else "future!"
    candidates = []
    for year in range(dct.year - 4, dct.year + 5):  # four years either side finds a Feb 29
        day_ = safe_date(year, month, day)
        if day_ is not None:
            candidates.append((day_, day_, day_.isoformat()))
    return pick(candidates, dct, tense)


def place_month(month: int, dct: dt.date | None, tense: str, rel: str | None = None) -> str:
    if dct is None:
        return f"XXXX-{month:02d}"
    if rel in ("last", "past"):
        year = dct.year if month < dct.month else dct.year - 1
        if rel == "last" and month == dct.month - 1:
            # the month just ended is "last month": "last February" said in March is a year
            # back (not across the new year: "last December" in January is ambiguous)
            year -= 1
        return f"{year:04d}-{month:02d}"
    if rel in ("next", "coming"):
        year = dct.year if month > dct.month else dct.year + 1
        return f"{year:04d}-{month:02d}"
    if rel == "this":  # "this September": the one of the DCT's year, whatever the tense
        return f"{dct.year:04d}-{month:02d}"
    candidates = [
        (dt.date(y, month, 1), month_end(y, month), f"{y:04d}-{month:02d}")
        for y in (dct.year - 1, dct.year, dct.year + 1)
    ]
    return pick(candidates, dct, tense)


def place_quarter(q: int, dct: dt.date | None, tense: str) -> str:
    return place_year_part(q, 3, "Q", dct, tense)


def place_half(h: int, dct: dt.date | None, tense: str) -> str:
    return place_year_part(h, 6, "H", dct, tense)


def place_year_part(n: int, months: int, letter: str, dct: dt.date | None, tense: str) -> str:
    """The n-th quarter or half (`months` long) without a year, placed around the DCT."""
    if dct is None:
        return f"XXXX-{letter}{n}"
    candidates = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        start = dt.date(y, months * (n - 1) + 1, 1)
        candidates.append((start, month_end(y, months * n), f"{y:04d}-{letter}{n}"))
    return pick(candidates, dct, tense, MAX_PERIOD_SHIFT)


def place_season(code: str, dct: dt.date | None, tense: str, rel: str | None) -> str:
    if dct is None:
        return f"XXXX-{code}"
    first, length = SEASON_SPAN[code]
    candidates = []
    for y in range(dct.year - 2, dct.year + 2):
        end_y, end_m = add_months(y, first, length - 1)
        candidates.append((dt.date(y, first, 1), month_end(end_y, end_m), f"{y:04d}-{code}"))
    if dct.month <= 2 and code == "WI":  # January and February belong to last year's winter
        candidates = [c for c in candidates if c[0].year < dct.year + 1]
    before = [c for c in candidates if c[1] < dct]
    after = [c for c in candidates if c[0] > dct]
    if rel in ("last", "past") and before:
        return max(before, key=lambda c: c[0])[2]
    if rel in ("next", "coming") and after:
        return min(after, key=lambda c: c[0])[2]
    return pick(candidates, dct, tense)


def place_weekday(wd: int, dct: dt.date | None, tense: str, rel: str | None) -> str:
    if dct is None:
        return ""
    back = (dct.weekday() - wd) % 7
    ahead = (wd - dct.weekday()) % 7 or 7
    if rel in ("last", "past"):
        day = dct - dt.timedelta(days=back or 7)
    elif rel in ("next", "coming"):
        day = dct + dt.timedelta(days=ahead)
    elif tense.startswith("future"):  # the DCT's own weekday is today, not a week ahead
        day = dct + dt.timedelta(days=ahead % 7)
    else:
        day = dct - dt.timedelta(days=back)
    return day.isoformat()


def place_weekend(dct: dt.date | None, tense: str, rel: str | None) -> str:
    if dct is None:
        return ""
    if rel == "last" or (rel != "next" and tense.startswith("past") and dct.weekday() < 5):
        day = dct - dt.timedelta(days=dct.weekday() + 1)  # the Sunday before this week
    elif rel == "next" and dct.weekday() >= 5:
        day = dct + dt.timedelta(days=7)
    else:
        day = dct
    return iso_week(day) + "-WE"


def year_of(text: str, dct: dt.date | None) -> str | None:
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


def year_end(dct: dt.date | None, tense: str) -> str:
    """Which year's end "year-end" means: in March a past "at year-end" is last December's."""
    if dct is None:
        return "XXXX"
    ends = [
        (dt.date(y, 12, 31), dt.date(y, 12, 31), f"{y:04d}")
        for y in range(dct.year - 1, dct.year + 2)
    ]
    return pick(ends, dct, tense)

"""The publication date of an article: from a metadata value, or from a dateline.

One parser for every input: metadata fields (JSON, CSV, front matter, HTML
<meta>/JSON-LD/<time>) go through `parse_date`, the head of the text through
`dateline_date`. Both return a full calendar date or None, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from tradenews.dates.grammar import MONTHS, WEEKDAY_ABBREVIATIONS, longest_first, month_number


def _words(words: Iterable[str]) -> str:
    """A case-insensitive alternation, longest word first."""
    return "(?i:" + longest_first(words) + ")"


# Month and weekday words come from the one date grammar ("Sept.", "Thurs.").
_MON = _words(MONTHS) + r"(?![^\W\d_])\.?"
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = _words(WEEKDAY_ABBREVIATIONS) + r"(?i:day)?\.?,?[ \t]+"
_ISO_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MDY_RE = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{_MON})\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})(?!\d)"
)
_DMY_RE = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MON}),?\s+(?P<year>\d{{4}})(?!\d)"
)
_NUMERIC_RE = re.compile(r"(?<![\d.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1800 <= year <= 2199:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _named_month_date(m: re.Match[str]) -> dt.date | None:
    month = month_number(m.group("mon"))
    if month is None:
        return None
    return _make_date(int(m.group("year")), month, int(m.group("day")))


def parse_date(value: object) -> dt.date | None:
    """A full calendar date from a metadata value, or None.

    Accepts dates, datetimes, ISO strings ("2025-07-03", "2025-07-03T10:00:00Z"),
    written dates ("July 3, 2025", "3 July 2025", "Thu, 03 Jul 2025 10:00 GMT") and
    epoch timestamps. A timestamp's date is taken as written, not converted to UTC.
    Ambiguous numeric dates (03/07/2025) give None rather than a guess.
    """
    if isinstance(value, dict) and "$date" in value:  # MongoDB extended JSON
        value = value["$date"]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if 1e12 <= value < 1e13 else value
        if 1e8 <= seconds < 1e10:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
        return None
    if not isinstance(value, str):
        return None
    s = value.strip()[:200]
    m = _ISO_RE.match(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _COMPACT_RE.fullmatch(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = [m for m in (_MDY_RE.search(s), _DMY_RE.search(s)) if m]
    if found:
        return _named_month_date(min(found, key=lambda m: m.start()))
    m = _ISO_RE.search(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC_RE.search(s)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return _make_date(year, b, a)
        if b > 12 >= a:
            return _make_date(year, a, b)
    return None


_DATE_SPAN = (
    rf"(?:{_MON}[ \t]+\d{{1,2}}{_ORD},?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}{_ORD}[ \t]+(?:of[ \t]+)?{_MON},?[ \t]+\d{{4}}"
    r"|\d{4}(?P<sep>[-/.])\d{1,2}(?P=sep)\d{1,2})(?!\d)"
)


def _place_pattern() -> str:
    """A dateline's place: up to five capitalised words, small connectors between them
    ("WASHINGTON, March 3, 2025 -", "Rio de Janeiro (Reuters), May 1, 1987:")."""
    word = r"[^\W\d_a-z][\w.'’&-]*"
    connector = r"(?:de|da|del|der|di|do|du|la|le|los|las|of|am|upon|sur|el|al|es|en|and)"
    return rf"{word}(?:[ \t]+(?:{connector}[ \t]+)?{word}){{0,4}}"


_PLACE = _place_pattern()
# The news agency after the place or the date: "(Reuters)", "/PRNewswire/".
_AGENCY = r"(?:[ \t]*(?:\([^()\n]{1,40}\)|/[^/\n]{1,40}/))?"
_DATELINE_RE = re.compile(
    rf"[ \t*_]*(?:{_PLACE}{_AGENCY}[ \t]*,[ \t]*(?:{_PLACE}[ \t]*,[ \t]*)?)?"
    rf"(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN}){_AGENCY}[ \t*_]*(?:[—–:]|-{{1,2}}(?=\s))"
)
_PUBLISHED_RE = re.compile(
    rf"[ \t*_]*(?i:published|posted|first published|date|dated)(?:[ \t]+(?i:on))?[ \t]*:?[ \t*_]*"
    rf"(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN})"
)
_TIME = (
    r"(?:[ \t]*(?:[,|•·@-]|at)?[ \t]*\d{1,2}[:.]\d{2}"
    r"(?:[ \t]*(?i:[ap]\.?m\.?))?(?:[ \t]+[A-Z]{1,5}\b)?)?"
)
_DATE_ONLY_RE = re.compile(rf"[ \t*_]*(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN}){_TIME}[ \t*_]*")
_BYLINE_RE = re.compile(
    rf"[ \t*_]*(?i:by)[ \t]+[^\n]{{1,80}}?[,|•·—–-][ \t]*(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN})"
)
_HEAD_LINES = 5
_HEAD_LINE_CHARS = 300


def dateline_date(text: str) -> dt.date | None:
    """The full date of a dateline at the head of the text, or None.

    Looks at the first few non-empty lines only, for a line that opens with an
    optional place ("NEW DELHI,", "GYEONGJU, South Korea,"), then a full date with
    a year, then a dash, colon or agency mark ("Jan. 5, 2026 (Reuters) -"); or a
    "Published: <date>" line, a line that is only a date (and time), or a byline
    with a date ("By Ana Lima | March 6, 2026"). Without a year it is not a full date.
    """
    lines = 0
    for line in text[:8192].split("\n"):
        if not line.strip():
            continue
        head = line[:_HEAD_LINE_CHARS]
        m = (
            _DATELINE_RE.match(head)
            or _PUBLISHED_RE.match(head)
            or _DATE_ONLY_RE.fullmatch(head)
            or _BYLINE_RE.match(head)
        )
        if m:
            found = parse_date(m.group("date"))
            if found:
                return found
        lines += 1
        if lines >= _HEAD_LINES:
            break
    return None

"""The one English vocabulary of calendar words: months, weekdays, day and number words.

Every module that reads dates in text (the date extractor's scanner and normalizer,
the reader's publication dates) takes its month and weekday names from here, so
that "Sept." or "Thurs." is a date word everywhere or nowhere. Names are written
out rather than taken from :mod:`calendar`, whose names follow the process locale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any

from tradenews import yamltext

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Abbreviations as news writes them ("May" is its own abbreviation, so it is not here).
MONTH_ABBREVIATIONS = "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split()

MONTHS: dict[str, int] = {}
"""Lowercase month word -> month number: full names, their first three letters, "sept"."""
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTHS[_name.lower()] = _number
    MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}  # monday = 0
# Abbreviations in datelines and metadata ("Thu, 03 Jul 2025"), lowercase -> weekday number.
WEEKDAY_ABBREVIATIONS = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "wednes": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "satur": 5,
    "sun": 6,
}

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
"""Days of the month written as words, newswire style ("payable June One")."""
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


def month_number(word: str) -> int | None:
    """The month a month word names ("Sept.", "JUNE", "dec"), or None."""
    return MONTHS.get(word.lower().rstrip("."))


def any_case(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of `words` as written and in capitals ("May|MAY").

    Capitalized and all-capitals forms only: a lowercase "may" or "march" is a verb.
    """
    return "|".join(list(words) + [w.upper() for w in words])


def longest_first(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, so "Sept" is not read as "Sep"."""
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The data file of vague phrases and tense cues (loaded once per process)."""
    text = files("tradenews").joinpath("data/dates.yaml").read_text(encoding="utf-8")
    return yamltext.safe_load(text)


_UNIT_WORDS = "one two three four five six seven eight nine".split()
_TEEN_WORDS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS_WORDS = {"twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7}
_TENS_WORDS.update({"eighty": 8, "ninety": 9})
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
ORDINAL_DAY_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate(_ORDINAL_WORDS)}
"""Days written as ordinal words ("March eighth", "the twenty-first of June")."""
ORDINAL_DAY_WORDS["thirtieth"] = 30
for _sep in "- ":
    for _i, _w in enumerate(_ORDINAL_WORDS[:9]):
        ORDINAL_DAY_WORDS[f"twenty{_sep}{_w}"] = 21 + _i
    ORDINAL_DAY_WORDS[f"thirty{_sep}first"] = 31
DECADE_WORDS = {f"{w[:-1]}ies": d for w, d in _TENS_WORDS.items()}  # "nineties" -> 9
DECADE_WORDS["twenties"] = 2

_UNIT_ALT = "|".join(_UNIT_WORDS)
_TWO_DIGITS = (
    rf"(?:oh[\s-]+(?:{_UNIT_ALT})|{_TEEN_WORDS.replace(' ', '|')}"
    rf"|(?:{'|'.join(_TENS_WORDS)})(?:[\s-]+(?:{_UNIT_ALT}))?)"
)
SPELLED_CENTURY_YEAR = rf"(?:eighteen|nineteen|twenty)[\s-]+{_TWO_DIGITS}"
"""A spelled-out year that cannot be a count: "nineteen ninety-six" (not "two thousand")."""
SPELLED_YEAR = (
    rf"(?:(?:eighteen|nineteen|twenty)[\s-]+(?:hundred|{_TWO_DIGITS})"
    rf"|two[\s-]+thousand(?:(?:\s+and)?[\s-]+{_TWO_DIGITS})?)"
)
"""A year in words: "nineteen ninety-six", "nineteen oh five", "two thousand and one"."""
_SPELLED_YEAR_RE = re.compile(rf"\b{SPELLED_YEAR}\b", re.IGNORECASE)
_SMALL = {w: i + 1 for i, w in enumerate(_UNIT_WORDS)}
_SMALL.update({w: i + 10 for i, w in enumerate(_TEEN_WORDS.split())})


def _two_digits(words: list[str]) -> int:
    if words[0] == "oh":
        return _SMALL[words[1]]
    if words[0] in _TENS_WORDS:
        return _TENS_WORDS[words[0]] * 10 + (_SMALL[words[1]] if len(words) > 1 else 0)
    return _SMALL[words[0]]


def spelled_year(text: str) -> int | None:
    """The year a spelled-out year names ("nineteen ninety-six" -> 1996), or None."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not _SPELLED_YEAR_RE.fullmatch(text.strip()):
        return None
    if words[:2] == ["two", "thousand"]:
        return 2000 + (_two_digits(words[2:]) if len(words) > 2 else 0)
    century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[words[0]]
    return century * 100 + (0 if words[1] == "hundred" else _two_digits(words[1:]))


def digits_for_spelled_years(text: str) -> str:
    """`text` with each spelled-out year written in digits."""
    if "een" not in text and "thousand" not in text and "twenty" not in text:
        return text
    return _SPELLED_YEAR_RE.sub(lambda m: str(spelled_year(m.group(0))), text)

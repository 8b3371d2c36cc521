"""The one English vocabulary of calendar words: months, weekdays, day and number words.

Every module that reads dates in text (the date extractor's scanner and normalizer,
the reader's publication dates) takes its month and weekday names from here, so
that "Sept." or "Thurs." is a date word everywhere or nowhere. Names are written
out rather than taken from :mod:`calendar`, whose names follow the process locale.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

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


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The data file of vague phrases and tense cues (loaded once per process)."""
    text = files("tradenews").joinpath("data/dates.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)

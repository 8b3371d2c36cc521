"""TIMEX3 normalization of date expressions against a publication date (no spaCy needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradenews.dates import VALUE_GRAMMAR, normalize, scan
from tradenews.dates.grammar import month_number

FRI = dt.date(2025, 7, 18)  # the spec's example DCT: a Friday in ISO week 29

CASES = [
    # the spec's table (DCT 2025-07-18)
    ("July 9", "none", FRI, "2025-07-09"),
    ("yesterday", "none", FRI, "2025-07-17"),
    ("on Tuesday", "past", FRI, "2025-07-15"),
    ("earlier this week", "none", FRI, "2025-W29"),
    ("last week", "none", FRI, "2025-W28"),
    ("earlier this month", "none", FRI, "2025-07"),
    ("last month", "none", FRI, "2025-06"),
    ("in March", "none", FRI, "2025-03"),
    ("the second quarter", "none", FRI, "2025-Q2"),
    ("earlier this year", "none", FRI, "2025"),
    ("by 2030", "none", FRI, "2030"),
    ("last year", "none", FRI, "2024"),
    ("the 1990s", "none", FRI, "199"),
    ("in the coming weeks", "none", FRI, "FUTURE_REF"),
    ("in the months ahead", "none", FRI, "FUTURE_REF"),
    ("in recent months", "none", FRI, "PAST_REF"),
    ("in recent years", "none", FRI, "PAST_REF"),
    ("these days", "none", FRI, "PRESENT_REF"),
    ("at present", "none", FRI, "PRESENT_REF"),
    # absolute forms
    ("March 5, 2025", "none", FRI, "2025-03-05"),
    ("5 March 2025", "none", FRI, "2025-03-05"),
    ("Tuesday, March 4, 2025", "none", FRI, "2025-03-04"),
    ("Mar. 5", "none", FRI, "2025-03-05"),
    ("Aug. 6", "future", FRI, "2025-08-06"),
    ("2025-03-05", "none", FRI, "2025-03-05"),
    ("March 2025", "none", FRI, "2025-03"),
    ("February, 1986", "none", FRI, "1986-02"),
    ("mid-March", "none", FRI, "2025-03"),
    ("late April", "none", FRI, "2025-04"),
    ("the end of March", "none", FRI, "2025-03"),
    ("early 2026", "none", FRI, "2026"),
    ("in 2030", "none", FRI, "2030"),
    ("the end of 2028", "none", FRI, "2028"),
    ("the 1987/88 fiscal year", "none", FRI, "1987"),
    ("fiscal 1989", "none", FRI, "1989"),
    ("the 5th of June", "none", FRI, "2025-06-05"),
    ("June One", "none", FRI, "2025-06-01"),
    ("July three 1987", "none", FRI, "1987-07-03"),
    ("year-end 1986", "none", FRI, "1986"),
    # yearless days and months: tense, then nearness
    ("Sept. 30", "past", dt.date(2025, 11, 2), "2025-09-30"),
    ("March 1", "future", dt.date(2025, 11, 2), "2026-03-01"),
    ("July 9", "past", dt.date(2025, 7, 7), "2025-07-09"),  # a past verb, a deadline just ahead
    ("Oct. 3", "past", FRI, "2025-10-03"),  # too far back for a loose past verb ...
    ("December 15", "past", dt.date(2026, 1, 5), "2025-12-15"),
    ("December 15", "none", dt.date(2026, 1, 5), "2025-12-15"),
    ("January 10", "future", dt.date(2025, 12, 20), "2026-01-10"),
    ("January 10", "none", dt.date(2025, 12, 20), "2026-01-10"),
    ("December", "none", dt.date(2026, 1, 5), "2025-12"),
    ("January", "future", dt.date(2025, 11, 20), "2026-01"),
    ("January", "past", dt.date(2025, 11, 20), "2025-01"),
    ("March", "future", FRI, "2026-03"),
    ("last April", "none", dt.date(2026, 1, 20), "2025-04"),
    ("next March", "none", FRI, "2026-03"),
    # leap days
    ("Feb. 29", "past", FRI, "2024-02-29"),
    ("Feb. 29", "none", dt.date(2028, 3, 10), "2028-02-29"),
    ("Feb. 29", "future", dt.date(2027, 12, 1), "2028-02-29"),
    ("yesterday", "none", dt.date(2024, 3, 1), "2024-02-29"),
    ("Feb. 30", "none", FRI, None),
    ("2025-02-29", "none", FRI, None),
    # weekdays: on or before the DCT unless future
    ("on Friday", "past", FRI, "2025-07-18"),
    ("on Friday", "future", FRI, "2025-07-18"),  # the DCT's own weekday is today
    ("Monday", "future", FRI, "2025-07-21"),
    ("Monday", "past", FRI, "2025-07-14"),
    ("Monday", "none", FRI, "2025-07-14"),
    ("last Tuesday", "none", FRI, "2025-07-15"),
    ("next Tuesday", "none", FRI, "2025-07-22"),
    ("Sunday", "past", dt.date(2026, 1, 1), "2025-12-28"),
    ("Friday", "future", dt.date(2025, 12, 29), "2026-01-02"),
    ("Friday night", "past", dt.date(1987, 4, 5), "1987-04-03"),
    # days
    ("today", "none", FRI, "2025-07-18"),
    ("this morning", "none", FRI, "2025-07-18"),
    ("tonight", "none", FRI, "2025-07-18"),
    ("tomorrow", "none", dt.date(2025, 12, 31), "2026-01-01"),
    ("yesterday", "none", dt.date(2025, 1, 1), "2024-12-31"),
    ("the day before yesterday", "none", FRI, "2025-07-16"),
    ("two days ago", "none", FRI, "2025-07-16"),
    # ISO weeks, across ISO week-year edges
    ("this week", "none", FRI, "2025-W29"),
    ("next week", "none", FRI, "2025-W30"),
    ("earlier this week", "none", dt.date(2021, 1, 2), "2020-W53"),
    ("last week", "none", dt.date(2021, 1, 6), "2020-W53"),
    ("next week", "none", dt.date(2024, 12, 25), "2025-W01"),
    ("this week", "none", dt.date(2024, 12, 30), "2025-W01"),
    ("a week ago", "none", FRI, "2025-W28"),
    ("this weekend", "future", FRI, "2025-W29-WE"),
    ("last weekend", "none", FRI, "2025-W28-WE"),
    # months and years
    ("this month", "none", FRI, "2025-07"),
    ("later this month", "none", FRI, "2025-07"),
    ("next month", "none", dt.date(2025, 12, 10), "2026-01"),
    ("last month", "none", dt.date(2025, 1, 10), "2024-12"),
    ("three months ago", "none", dt.date(2025, 2, 15), "2024-11"),
    ("this year", "none", FRI, "2025"),
    ("later this year", "none", FRI, "2025"),
    ("next year", "none", FRI, "2026"),
    ("late last year", "none", FRI, "2024"),
    ("the end of the year", "none", FRI, "2025"),
    ("year-end", "none", FRI, "2025"),
    ("year-end", "past", dt.date(1987, 3, 6), "1986"),
    ("the end of the year", "future", dt.date(1987, 3, 6), "1987"),
    ("the start of the year", "past", FRI, "2025"),
    ("two years ago", "none", FRI, "2023"),
    # quarters and halves
    ("the fourth quarter of 2025", "none", FRI, "2025-Q4"),
    ("the fourth quarter of last year", "none", FRI, "2024-Q4"),
    ("the fourth quarter", "past", dt.date(2026, 2, 10), "2025-Q4"),
    ("the first quarter", "future", dt.date(2025, 11, 20), "2026-Q1"),
    ("the second quarter", "past", dt.date(1987, 3, 2), "1987-Q2"),  # too far back to shift
    ("first-quarter", "none", FRI, "2025-Q1"),
    ("4TH QTR", "none", dt.date(1987, 3, 5), "1986-Q4"),
    ("Q3 2024", "none", FRI, "2024-Q3"),
    ("the 1987 first quarter", "none", FRI, "1987-Q1"),
    ("this quarter", "none", FRI, "2025-Q3"),
    ("last quarter", "none", FRI, "2025-Q2"),
    ("next quarter", "none", dt.date(2025, 11, 1), "2026-Q1"),
    ("the first half of 2026", "none", FRI, "2026-H1"),
    ("the first half of the year", "none", FRI, "2025-H1"),
    ("the second half", "none", FRI, "2025-H2"),
    ("H2 2026", "none", FRI, "2026-H2"),
    # decades and seasons
    ("the 1980s", "none", FRI, "198"),
    ("the '90s", "none", FRI, "199"),
    ("the early 2000s", "none", FRI, "200"),
    ("the 1990's", "none", FRI, "199"),
    ("the '90s", "none", dt.date(1987, 6, 1), "199"),
    ("FY2026", "none", FRI, "2026"),
    ("this past weekend", "none", FRI, "2025-W28-WE"),
    ("this summer", "none", FRI, "2025-SU"),
    ("last winter", "none", FRI, "2024-WI"),
    ("the spring of 2026", "none", FRI, "2026-SP"),
    # vague references
    ("in the not-too-distant future", "none", FRI, "FUTURE_REF"),
    ("the coming days", "none", FRI, "FUTURE_REF"),
    ("the next few years", "none", FRI, "FUTURE_REF"),
    ("in the past", "none", FRI, "PAST_REF"),
    ("at the moment", "none", FRI, "PRESENT_REF"),
    # no DCT: X for what cannot be known, or empty
    ("July 9", "none", None, "XXXX-07-09"),
    ("in March", "past", None, "XXXX-03"),
    ("the second quarter", "none", None, "XXXX-Q2"),
    ("this summer", "none", None, "XXXX-SU"),
    ("yesterday", "none", None, ""),
    ("last week", "none", None, ""),
    ("on Tuesday", "past", None, ""),
    ("March 5, 2025", "none", None, "2025-03-05"),
    ("by 2030", "none", None, "2030"),
    ("in the coming weeks", "none", None, "FUTURE_REF"),
    # not dates: durations, ages, lone adverbs
    ("90 days", "none", FRI, None),
    ("five years", "none", FRI, None),
    ("two-day", "none", FRI, None),
    ("65-year-old", "none", FRI, None),
    ("now", "none", FRI, None),
    ("soon", "none", FRI, None),
    ("recently", "none", FRI, None),
    ("3 p.m.", "none", FRI, None),
    ("March 45", "none", FRI, None),
]


@pytest.mark.parametrize(("expression", "tense", "dct", "expected"), CASES)
def test_normalize(expression: str, tense: str, dct: dt.date | None, expected: str | None) -> None:
    assert normalize(expression, dct, tense) == expected


def test_table_is_large() -> None:
    assert len(CASES) >= 80


def test_a_certain_tense_reaches_any_distance() -> None:
    assert normalize("Oct. 3", FRI, "past", certain=True) == "2024-10-03"  # "said on Oct. 3"
    assert normalize("March", FRI, "future", certain=True) == "2026-03"


def test_dct_may_be_an_iso_string() -> None:
    assert normalize("last month", "2025-07-18T09:30:00") == "2025-06"
    assert normalize("last month", "not a date") == ""


def test_scan_strips_prepositions_and_skips_durations() -> None:
    text = "Officials said in the coming weeks, after a 90-day pause, on Tuesday and by 2030."
    assert [c.text for c in scan(text)] == ["the coming weeks", "Tuesday", "2030"]


def test_scan_skips_spans_of_time_counted_back_or_ahead() -> None:
    text = (
        "Three workers died over the last month; the next year will be calmer. It fell last month."
    )
    assert [c.text for c in scan(text)] == ["last month"]


def test_scan_skips_amounts_clock_times_and_modal_may() -> None:
    text = "It paid $2025 million under Section 2025 for 2025 tonnes at 2130 GMT; prices may fall."
    assert scan(text) == []


PHRASES = st.sampled_from(
    [
        "",
        "the",
        "in",
        "of",
        "early",
        "mid-",
        "last",
        "next",
        "this",
        "the first",
        "quarter",
        "half",
        "week",
        "month",
        "year",
        "weekend",
        "ago",
        "March",
        "May",
        "Feb.",
        "sept",
        "Tuesday",
        "today",
        "yesterday",
        "coming",
        "recent",
        "weeks",
        "the 1990s",
        "'90s",
        "fiscal",
        "/88",
        "-",
        ",",
        "2025",
        "0000",
        "9999",
        "29",
        "31",
        "0",
        "One",
        "thirty-one",
        "Q4",
        "H2",
        "summer",
        "fall",
        "the end of",
        "year-end",
        "at present",
        "future",
        "past",
    ]
)
EXPRESSIONS = st.lists(PHRASES, min_size=1, max_size=6).map(" ".join)
DCTS = st.one_of(st.none(), st.dates(), st.text(max_size=12))
TENSES = st.sampled_from(["past", "present", "future", "none", "bogus"])


@settings(max_examples=300, deadline=None)
@given(expression=st.one_of(st.text(max_size=60), EXPRESSIONS), dct=DCTS, tense=TENSES)
def test_normalize_never_raises_and_values_fit_the_grammar(
    expression: str, dct: object, tense: str
) -> None:
    value = normalize(expression, dct, tense)  # type: ignore[arg-type]
    assert value is None or VALUE_GRAMMAR.fullmatch(value)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=200), st.lists(PHRASES, max_size=20).map(" ".join)))
def test_scan_spans_are_ordered_disjoint_slices(text: str) -> None:
    spans = scan(text)
    for cand in spans:
        assert text[cand.start : cand.end] == cand.text
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("Sept.", 9),
        ("SEPTEMBER", 9),
        ("sep", 9),
        ("June", 6),
        ("jun", 6),
        ("May", 5),
        ("Mayo", None),
    ],
)
def test_month_words_share_one_vocabulary(word: str, month: int | None) -> None:
    assert month_number(word) == month

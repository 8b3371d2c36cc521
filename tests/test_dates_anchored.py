"""Dates anchored to the text, spelled-out forms, extents and tense fixes, through the model.

Every sentence here is written for these tests. DCT: Friday 2025-07-18 (ISO week 29)
unless a case says otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tradenews.document import Document
from tradenews.engine import make_doc

FRI = dt.date(2025, 7, 18)


def values(nlp: Any, text: str, dct: dt.date = FRI) -> list[tuple[str, str]]:
    doc = nlp(make_doc(nlp, Document(doc="t", text=text, date=dct)))
    return [(d["text"], d["value"]) for d in doc._.dates]


def value_of(nlp: Any, text: str, expression: str, dct: dt.date = FRI) -> str | None:
    found = [v for t, v in values(nlp, text, dct) if t == expression]
    return found[0] if found else None


ANCHORED = [
    # the reference period the text gives, TimeML style
    (
        "Profit in the second quarter of 2024 rose to $5 million from $3 million a year earlier.",
        "a year earlier",
        "2023-Q2",
    ),
    (
        "Output in the fourth quarter of 2024 fell, after a strong previous quarter.",
        "previous quarter",
        "2024-Q3",
    ),
    ("The smelter opened in 2019 and was sold the following year.", "the following year", "2020"),
    (
        "Margins in the third quarter of 2024 were thinner than in the year-ago quarter.",
        "the year-ago quarter",
        "2023-Q3",
    ),
    (
        "Sales in the first half of 2025 beat the same period last year.",
        "the same period last year",
        "2024-H1",
    ),
    (
        "The plant closed on March 3, 2021. A year earlier it had cut 200 jobs.",
        "A year earlier",
        "2020-03-03",
    ),
    (
        "Net income for the second quarter rose to $2 million from $1.5 million a year ago.",
        "a year ago",
        "2024-Q2",
    ),
    ("Exports in June 2025 were 4% below the level of a year ago.", "a year ago", "2024-06"),
    # a weekday counted from the day named
    (
        "The index closed at 410 on Friday, down 2% from the previous Friday.",
        "the previous Friday",
        "2025-07-11",
    ),
    (
        "The strike began on July 2, 2025 and ended the following Monday.",
        "the following Monday",
        "2025-07-07",
    ),
    # else the DCT
    ("Exports rose 3% from a year earlier, the ministry said.", "a year earlier", "2024"),
    ("Grain stocks are smaller than this time last year.", "this time last year", "2024"),
    ("Prices have doubled since two years ago.", "two years ago", "2023"),
    # a dateline (the DCT itself) is not a reference
    ("LONDON, July 18 - Car sales fell 2% from a year earlier.", "a year earlier", "2024"),
    # "nearly", "about": part of the expression
    ("The mine flooded nearly four years ago.", "nearly four years ago", "2021"),
]


@pytest.mark.parametrize(("text", "expression", "value"), ANCHORED)
def test_anchored_dates(nlp: Any, text: str, expression: str, value: str) -> None:
    assert value_of(nlp, text, expression) == value


def test_a_comparison_does_not_move_the_reference(nlp: Any) -> None:
    text = (
        "Net in the third quarter of 2024 rose from a year earlier. Sales also rose from a "
        "year earlier."
    )
    found = values(nlp, text)
    assert found.count(("a year earlier", "2023-Q3")) == 1  # one record, both mentions
    assert ("year earlier", "2022-Q3") not in found


def test_the_end_date_of_a_named_period_names_the_reference(nlp: Any) -> None:
    text = "Stocks rose in the week ended July 11, and fell in the previous week."
    assert value_of(nlp, text, "the previous week") == "2025-W27"
    # the period noun before an end date is left to the date
    assert value_of(nlp, text, "the week") is None


BARE = [
    ("For the quarter, the company earned $2 million.", "the quarter", "2025-Q2"),
    (
        "Revenue in the third quarter of 2024 rose 8%, and margins widened during the quarter.",
        "the quarter",
        "2024-Q3",
    ),
    ("The group expects higher sales for the full year.", "the full year", "2025"),
    (
        "The airline plans to add routes in the current fiscal year.",
        "the current fiscal year",
        "2025",
    ),
    ("Regulators met three times earlier in the year.", "earlier in the year", "2025"),
    ("Traders expect volatility in the near term.", "the near term", "FUTURE_REF"),
    ("The port was expanded several years ago.", "several years ago", "PAST_REF"),
    ("Tariffs have shifted many times over the years.", "the years", "PAST_REF"),
]


@pytest.mark.parametrize(("text", "expression", "value"), BARE)
def test_bare_period_nouns_as_references(nlp: Any, text: str, expression: str, value: str) -> None:
    assert value_of(nlp, text, expression) == value


@pytest.mark.parametrize(
    "text",
    [
        "She was named Banker of the Year by the magazine.",
        "It was the year of the dragon.",
        # a capitalized day word inside a sentence, a quoted title: names
        "They listened to World Today with interest.",
        'The senator appeared on the network\'s "This Week" program.',
    ],
)
def test_period_nouns_that_are_not_dates(nlp: Any, text: str) -> None:
    assert values(nlp, text) == []


EXTENTS = [
    ("The deal was first discussed late last July.", [("late last July", "2024-07")]),
    ("The vote is due early Tuesday.", [("early Tuesday", "2025-07-22")]),
    ("The protests began late yesterday.", [("late yesterday", "2025-07-17")]),
    ("The railway was privatised in mid-1996.", [("mid-1996", "1996")]),
    ("Quotas applied in 2009-2010 only.", [("2009", "2009"), ("2010", "2010")]),
    ("The treaty dates from the 1957-58 talks.", [("1957", "1957"), ("58", "1958")]),
    ("Its third-quarter loss widened.", [("third-quarter", "2025-Q3")]),
]


@pytest.mark.parametrize(("text", "expected"), EXTENTS)
def test_extents(nlp: Any, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(nlp, text) == expected


SPELLED = [
    ("The canal reopened in nineteen ninety-six.", "nineteen ninety-six", "1996"),
    (
        "Tariffs were cut in January nineteen ninety-seven.",
        "January nineteen ninety-seven",
        "1997-01",
    ),
    ("The law dates from the twentieth century.", "the twentieth century", "19"),
    ("Steel mills were built in the 19th century.", "the 19th century", "18"),
    ("Trade boomed in the 1980s.", "the 1980s", "198"),
    ("Inflation peaked in the early 1980s.", "the early 1980s", "198"),
    ("Growth was strong in the nineties.", "the nineties", "199"),
    ("Output was flat for the last half of the '80s.", "the last half of the '80s", "198"),
    (
        "Prices should firm through the first two quarters of 2026.",
        "the first two quarters of 2026",
        "2026-H1",
    ),
    ("The summit opens on Sunday, March eighth.", "Sunday, March eighth", "2026-03-08"),
    ("The target is the year two thousand and thirty.", "the year two thousand and thirty", "2030"),
    ("Two thousand people marched.", None, None),
]


@pytest.mark.parametrize(("text", "expression", "value"), SPELLED)
def test_spelled_out_and_ordinal_forms(
    nlp: Any, text: str, expression: str | None, value: str | None
) -> None:
    if expression is None:
        assert values(nlp, text) == []
    else:
        assert value_of(nlp, text, expression) == value


TENSE_FIXES = [
    # the DCT's own weekday with a future verb is today
    ("The new rules would take effect on Friday, officials said.", FRI, "Friday", "2025-07-18"),
    # "effective" looks ahead
    (
        "The board named a new chairman, effective Feb. 1.",
        dt.date(1989, 10, 26),
        "Feb. 1",
        "1990-02-01",
    ),
    # a deadline after a past verb is still ahead
    ("The board postponed a decision until June.", dt.date(1987, 3, 23), "June", "1987-06"),
    ("Rainfall was poor in the spring of last year.", FRI, "the spring of last year", "2024-SP"),
    ("The mill reopened last November 3.", FRI, "last November 3", "2024-11-03"),
    # the month just ended is "last month": named, it is a year back
    ("Sales rose from last June's level.", FRI, "last June", "2024-06"),
    ("Sales rose from last May's level.", FRI, "last May", "2025-05"),
    ("Traders left early last night.", FRI, "early last night", "2025-07-17"),
    ("Stocks fell this past spring.", FRI, "this past spring", "2025-SP"),
    ("Ports were busy last weekend.", FRI, "last weekend", "2025-W28-WE"),
    ("Volumes recovered in the early summer.", FRI, "the early summer", "2025-SU"),
]


@pytest.mark.parametrize(("text", "dct", "expression", "value"), TENSE_FIXES)
def test_tense_and_placement(
    nlp: Any, text: str, dct: dt.date, expression: str, value: str
) -> None:
    assert value_of(nlp, text, expression, dct) == value


REPORTED_PERIOD = [
    # "the latest quarter" is the last one over, whatever day the text named since
    (
        "Shares of the miner rose yesterday. Copper output fell in the latest quarter.",
        "the latest quarter",
        "2025-Q2",
    ),
    (
        "The latest period included a one-off gain, the refiner said.",
        "The latest period",
        "2025-Q2",
    ),
    # a forecast for a later period does not become what "a year earlier" compares with
    (
        "Net income in the second quarter of 2025 rose. The group sees a recovery in the "
        "third quarter of 2026. Sales rose 4% from a year earlier.",
        "a year earlier",
        "2024-Q2",
    ),
    # a period named in passing ("after a weak first quarter") leaves the report's period
    (
        "Second-quarter profit at the brewer rose 9%. After a weak first quarter, sales "
        "recovered, and margins beat the year-earlier period.",
        "the year-earlier period",
        "2024-Q2",
    ),
    # "Last year" at the head of a sentence still only compares
    (
        "Profit in the second quarter of 2025 fell. Last year the storm cost $4 million. "
        "The year-earlier figure was restated.",
        "year-earlier",
        "2024-Q2",
    ),
    # "the latest period" is the period the report is on, even a week
    (
        "Claims totaled 3,000 in the week ended July 5, the latest period with figures.",
        "the latest period",
        "2025-W27",
    ),
    (
        "For the quarter a year ago, the grocer reported a loss.",
        "the quarter a year ago",
        "2024-Q2",
    ),
    (
        "Revenue in the first quarter of 2025 rose. Year-earlier results included a tax gain.",
        "Year-earlier",
        "2024-Q1",
    ),
]


@pytest.mark.parametrize(("text", "expression", "value"), REPORTED_PERIOD)
def test_the_period_a_report_is_about(nlp: Any, text: str, expression: str, value: str) -> None:
    assert value_of(nlp, text, expression) == value


TENSE_CUES = [
    # "going to" a place is not a future
    (
        "Stern warnings from the envoy on Wednesday, before going to the council.",
        "Wednesday",
        "2025-07-16",
    ),
    # a present verb after the date belongs to another clause
    (
        "The bid follows Monday's offer by the rival, which holds a 9% stake.",
        "Monday",
        "2025-07-14",
    ),
    (
        "The minister told reporters ahead of his departure on Sunday for the summit.",
        "Sunday",
        "2025-07-20",
    ),
    # a record "set on" a date was set in the past
    ("The index is near the record high set on Jan. 20.", "Jan. 20", "2025-01-20"),
    # "ahead of", "due" look ahead
    ("Traders sold shares ahead of the weekend.", "the weekend", "2025-W29-WE"),
    ("Voters were restless with the election due this December.", "this December", "2025-12"),
    # a perfect after "may" guesses about the past
    (
        "Worries about the chip may have caused the drop in the stock on Thursday.",
        "Thursday",
        "2025-07-17",
    ),
]


@pytest.mark.parametrize(("text", "expression", "value"), TENSE_CUES)
def test_tense_cues(nlp: Any, text: str, expression: str, value: str) -> None:
    assert value_of(nlp, text, expression) == value


def test_this_month_is_the_one_of_the_dct_year(nlp: Any) -> None:
    text = "Pollsters said the election, due this September, was close."
    assert value_of(nlp, text, "this September", dt.date(2025, 2, 5)) == "2025-09"


def test_a_paragraph_break_bounds_the_words_the_tense_is_read_from() -> None:
    from spacy.lang.en import English
    from spacy.tokens import Doc

    from tradenews.components.dates import sentence_starts

    words = ["Talks", "will", "resume", ".", "\n\n", "Exports", "fell", "\n", "today", "."]
    spaces = [True, False, False, False, False, True, False, False, False, False]
    # the model saw one sentence; a blank line opens a paragraph, a bare line break does not
    doc = Doc(English().vocab, words=words, spaces=spaces, sent_starts=[True] + [False] * 9)
    assert sentence_starts(doc) == ([0], [0, 5])


def test_an_article_belonging_to_a_noun_after_the_quarter_keeps_it_the_reference(
    nlp: Any,
) -> None:
    text = "The group reported a fourth quarter operating loss, against a profit a year ago."
    assert value_of(nlp, text, "a year ago", dt.date(2025, 2, 10)) == "2023-Q4"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lending rates in future would follow the money market.", [("future", "FUTURE_REF")]),
        ("In future, exporters will need a licence.", [("future", "FUTURE_REF")]),
        ("Brokers invest in future contracts.", []),
    ],
)
def test_in_future(nlp: Any, text: str, expected: list[tuple[str, str]]) -> None:
    assert values(nlp, text) == expected


def test_following_as_a_preposition_is_not_an_anchor(nlp: Any) -> None:
    text = "Banks cut rates following Monday's fall in share prices."
    assert values(nlp, text) == [("Monday", "2025-07-14")]


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("LONDON, July 18 - Tonight's auction is expected to be busy.", "Tonight"),
        ("The court met.\n    Yesterday afternoon, it ruled.", "Yesterday afternoon"),
        ('The trader said: "Today we sold everything."', "Today"),
    ],
)
def test_a_capitalized_day_word_that_starts_a_sentence_is_a_date(
    nlp: Any, text: str, expression: str
) -> None:
    assert value_of(nlp, text, expression) is not None

"""The tradenews_dates component on news sentences: what is found, what is not, and its values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tradenews.document import Document
from tradenews.engine import make_doc

DCT = dt.date(2025, 7, 18)  # a Friday


def dates(nlp: Any, text: str, dct: dt.date | None = DCT) -> list[dict[str, Any]]:
    doc = nlp(make_doc(nlp, Document(doc="t", text=text, date=dct)))
    return doc._.dates


def values(nlp: Any, text: str, dct: dt.date | None = DCT) -> dict[str, str]:
    return {d["text"]: d["value"] for d in dates(nlp, text, dct)}


def test_weekday_and_abbreviated_date(nlp: Any) -> None:
    text = "The tariffs, announced on Tuesday, take effect Aug. 6, officials said."
    assert values(nlp, text) == {"Tuesday": "2025-07-15", "Aug. 6": "2025-08-06"}


def test_tense_places_each_weekday(nlp: Any) -> None:
    text = "The minister said on Tuesday that the new duties will take effect on Monday."
    assert values(nlp, text) == {"Tuesday": "2025-07-15", "Monday": "2025-07-21"}


@pytest.mark.parametrize(
    "text",
    [
        "Lange said in a statement on Thursday that the chapters would be non-negotiable.",
        "The minister told reporters at a news conference on Thursday that talks will resume.",
        "She said in an interview on Thursday the levy would stay.",
    ],
)
def test_reporting_verb_with_a_phrase_between_still_governs(nlp: Any, text: str) -> None:
    # the reported clause is future, but the saying was on the past Thursday
    assert values(nlp, text)["Thursday"] == "2025-07-17"


def test_an_expectation_looks_ahead(nlp: Any) -> None:
    text = "A strategist tracking the funds since the 2010s expects more deals before year-end."
    assert values(nlp, text)["year-end"] == "2025"
    text = "The company said it expects stronger results in the second half."
    assert values(nlp, text)["the second half"] == "2025-H2"


def test_a_verb_between_frees_the_date_from_the_reporting_verb(nlp: Any) -> None:
    text = "Officials said the ministers will meet again on Thursday."
    assert values(nlp, text)["Thursday"] == "2025-07-24"


def test_vague_references_without_preposition(nlp: Any) -> None:
    text = "Negotiators expect a deal in the coming weeks after talks stalled in recent months."
    assert values(nlp, text) == {"the coming weeks": "FUTURE_REF", "recent months": "PAST_REF"}


def test_relative_periods(nlp: Any) -> None:
    text = (
        "Exports rose earlier this month and fell last month, the ministry said, after a "
        "weak second quarter; growth should pick up in the first half of 2026 and next year."
    )
    assert values(nlp, text) == {
        "earlier this month": "2025-07",
        "last month": "2025-06",
        "second quarter": "2025-Q2",
        "the first half of 2026": "2026-H1",
        "next year": "2026",
    }


def test_absolute_forms(nlp: Any) -> None:
    text = (
        "The pact signed on March 5, 2025 replaced a 1994 accord; a review is due by 2030, "
        "and talks began in mid-March and resumed in late April."
    )
    assert values(nlp, text) == {
        "March 5, 2025": "2025-03-05",
        "1994": "1994",
        "2030": "2030",
        "mid-March": "2025-03",
        "late April": "2025-04",
    }


def test_durations_ages_and_clock_times_are_not_dates(nlp: Any) -> None:
    text = (
        "The 65-year-old envoy agreed to a 90-day pause after two-day talks at 3 p.m.; "
        "the truce will last five years, and prices are falling now."
    )
    assert dates(nlp, text) == []


def test_may_the_modal_and_the_surname_are_not_months(nlp: Any) -> None:
    assert dates(nlp, "Officials may raise duties, former Prime Minister Theresa May said.") == []
    assert values(nlp, "Steel talks resumed in May.") == {"May": "2025-05"}


def test_numbers_that_are_not_years(nlp: Any) -> None:
    text = (
        "The fund put $2025 million into 2025 tonnes of steel under Section 232; costs rose 2025%."
    )
    assert dates(nlp, text) == []


def test_one_record_per_expression_with_mentions_and_first_offsets(nlp: Any) -> None:
    text = "Exports fell in March. Imports rose in March as well, and March was busy."
    records = dates(nlp, text)
    assert len(records) == 1
    record = records[0]
    assert (record["kind"], record["name"], record["value"], record["mentions"]) == (
        "date",
        "March",
        "2025-03",
        3,
    )
    assert text[record["start"] : record["end"]] == "March"
    assert record["start"] == text.index("March")


def test_without_a_publication_date(nlp: Any) -> None:
    text = "Talks resumed on July 9 after the minister arrived yesterday."
    assert values(nlp, text, None) == {"July 9": "XXXX-07-09", "yesterday": ""}


def test_past_verb_does_not_push_a_near_deadline_into_last_year(nlp: Any) -> None:
    text = "Washington set a July 20 deadline for the talks."
    assert values(nlp, text, dt.date(2025, 7, 14)) == {"July 20": "2025-07-20"}


def test_newswire_style(nlp: Any) -> None:
    text = "Qtly div 10 cts vs 10 cts prior. Pay June One. Record May 15. The 1986 fourth quarter"
    found = values(nlp, text, dt.date(1987, 4, 9))
    assert found["June One"] == "1987-06-01"
    assert found["May 15"] == "1987-05-15"
    assert found["The 1986 fourth quarter"] == "1986-Q4"


@pytest.mark.parametrize(
    ("dct", "expected"),
    [(dt.date(2021, 1, 2), "2020-W53"), (dt.date(2026, 1, 2), "2026-W01")],
)
def test_iso_week_year_at_new_year(nlp: Any, dct: dt.date, expected: str) -> None:
    text = "The central bank cut rates earlier this week."
    assert values(nlp, text, dct) == {"earlier this week": expected}


def test_a_verb_governing_the_date_decides_its_year(nlp: Any) -> None:
    text = "Goyal said on Oct. 3 that talks had stalled, and ties have improved since April."
    assert values(nlp, text, dt.date(2025, 7, 18)) == {"Oct. 3": "2024-10-03", "April": "2025-04"}


def test_fiscal_quarter_told_by_its_end_date(nlp: Any) -> None:
    text = "The retailer earned 12 mln dlrs in the fourth quarter ended January 31."
    assert values(nlp, text, dt.date(1987, 3, 4))["the fourth quarter"] == "1986-Q4"

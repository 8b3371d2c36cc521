"""Programmes, speeches, statements, agreements and units are not organizations."""

from __future__ import annotations

import pytest

import tradenews


@pytest.fixture(scope="module")
def nlp():
    return tradenews.load()


def _orgs(nlp, text: str) -> list[str]:
    return [o["name"] for o in nlp(text)._.organizations]


def test_programmes_speeches_statements_and_shows_are_no_bodies(nlp):
    text = (
        "The Green Ports Initiative was praised in the King's Speech, and the Autumn "
        "Statement cut its funds before the Lagos Motor Show opened. The World Trade "
        "Organization said nothing."
    )
    assert _orgs(nlp, text) == ["World Trade Organization"]


def test_agreements_and_units_named_by_initials_are_no_bodies(nlp):
    text = "Under USMCA and the TTIP, Toyota will add 300 MW of solar power, the WTO said."
    assert sorted(_orgs(nlp, text)) == ["Toyota", "World Trade Organization"]

"""A role that serves another person: the title goes to its holder, the country follows
the person served."""

from __future__ import annotations

import pytest

import tradenews


@pytest.fixture(scope="module")
def nlp():
    return tradenews.load()


def _by_name(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {p["name"]: (p["title"], p["country"]) for p in nlp(text)._.people}


def test_a_spokesman_for_a_minister_leaves_the_minister_her_own_title(nlp):
    people = _by_name(
        nlp, "A spokesman for Canadian Foreign Affairs Minister Carla Vance said talks went on."
    )
    assert people == {"Carla Vance": ("Foreign Affairs Minister", "CAN")}


def test_the_spokesman_named_in_apposition_serves_the_country_of_the_person_served(nlp):
    people = _by_name(
        nlp,
        "TOKYO, May 3 - Paul Hurley, a spokesman for Indian Commerce Minister Ravi Menon, "
        "said on Sunday that a deal with Japan was close. Japan wants more rice exports.",
    )
    assert people["Ravi Menon"] == ("Commerce Minister", "IND")
    assert people["Paul Hurley"] == ("spokesman", "IND")


def test_a_minister_for_a_portfolio_keeps_the_whole_title(nlp):
    people = _by_name(nlp, "Minister for Trade and Investment Dan Tehan met Chinese officials.")
    assert people["Dan Tehan"][0] == "Minister for Trade and Investment"

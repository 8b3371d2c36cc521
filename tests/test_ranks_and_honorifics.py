"""Ranks, abbreviated titles, compound honorifics and regions in titles, end to end."""

from __future__ import annotations

import pytest

import tradenews


@pytest.fixture(scope="module")
def nlp():
    return tradenews.load()


def _people(nlp, text: str) -> list[tuple[str, str, str, str]]:
    return [(p["kind"], p["name"], p["title"], p["country"]) for p in nlp(text)._.people]


def test_a_military_rank_makes_an_official_and_stays_whole(nlp):
    people = _people(nlp, "Lt. Gen. Robert Hanley said Kenya's border with Somalia was calm.")
    assert people[0][:3] == ("official", "Robert Hanley", "Lt. Gen.")
    colonel = _people(nlp, "Colonel Amadou Diallo told reporters the talks would resume.")
    assert colonel[0][:3] == ("official", "Amadou Diallo", "Colonel")


def test_an_abbreviated_title_before_a_name_does_not_end_the_sentence(nlp):
    doc = nlp.make_doc("The offer to Pres. Obama was worse than this one.")
    assert "Pres." in [t.text for t in doc]
    assert [(k, n, t) for k, n, t, _ in _people(nlp, "The offer to Pres. Obama was worse.")] == [
        ("official", "Obama", "Pres.")
    ]


def test_compound_honorifics_are_no_part_of_the_name(nlp):
    names = [n for _, n, _, _ in _people(nlp, "Datuk Seri Rahman Aziz met Tan Sri Lim Kok Wah.")]
    assert names == ["Rahman Aziz", "Lim Kok Wah"]


def test_a_state_in_the_title_says_the_country(nlp):
    people = _people(nlp, "Ohio Gov. Mark Tenley said Soviet grain buyers had left the state.")
    assert people == [("official", "Mark Tenley", "Gov.", "USA")]
    # a region two countries share says nothing ("Punjab": India's and Pakistan's)
    people = _people(nlp, "Punjab Governor Ravi Sethi met Pakistan's trade envoy in Lahore.")
    assert people[0][3] != "IND"

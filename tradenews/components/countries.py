"""Countries (-> ISO3) and organizations: names, abbreviations, demonyms, capitals."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import register_extensions


class CountryExtractor:
    """Sets ``doc._.countries`` and ``doc._.organizations``."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.countries = []
        doc._.organizations = []
        return doc


@Language.factory("tradenews_countries")
def make_country_extractor(nlp: Language, name: str) -> CountryExtractor:
    return CountryExtractor(nlp, name)

"""Date expressions, normalized to TIMEX3 values against the publication date."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import register_extensions


class DateExtractor:
    """Sets ``doc._.dates``."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = []
        return doc


@Language.factory("tradenews_dates")
def make_date_extractor(nlp: Language, name: str) -> DateExtractor:
    return DateExtractor(nlp, name)

"""Officials and other named people: full name, title, country served."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import register_extensions


class OfficialExtractor:
    """Sets ``doc._.people`` (kind official or person); ``doc._.officials`` filters it."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.people = []
        return doc


@Language.factory("tradenews_officials")
def make_official_extractor(nlp: Language, name: str) -> OfficialExtractor:
    return OfficialExtractor(nlp, name)

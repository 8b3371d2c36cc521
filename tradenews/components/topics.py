"""Policy topics from a taxonomy of cue phrases, scored per document with evidence."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import register_extensions


class TopicClassifier:
    """Sets ``doc._.topics``: needs only the tokenizer (no tagger, parser or NER)."""

    def __init__(self, nlp: Language, name: str, taxonomy: str | None = None) -> None:
        register_extensions()
        self.taxonomy_path = taxonomy

    def __call__(self, doc: Doc) -> Doc:
        doc._.topics = []
        return doc


@Language.factory("tradenews_topics", default_config={"taxonomy": None})
def make_topic_classifier(nlp: Language, name: str, taxonomy: str | None) -> TopicClassifier:
    return TopicClassifier(nlp, name, taxonomy)

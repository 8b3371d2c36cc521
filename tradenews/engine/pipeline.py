"""A pipeline to run: known and fingerprinted at once, loaded on first use."""

from __future__ import annotations

import copy
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradenews.engine import fingerprint as fp
from tradenews.engine.model import (
    ALL_COMPONENTS,
    ENTITY_MODEL_PIPES,
    build,
    component_config,
    model_meta,
    needs_model,
    resolve_model_name,
    with_requirements,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


class Pipeline:
    """The model and components of a run; the spaCy Language is built on first use.

    Construction is cheap and checks that the model exists (``ModelNotFound``);
    the model is loaded only when a document actually has to be analyzed, so a
    re-run that the cache answers entirely never loads it.
    """

    def __init__(
        self,
        model: str | None = None,
        components: Sequence[str] = ALL_COMPONENTS,
        taxonomy: str | None = None,
        *,
        threshold: float | None = None,
    ) -> None:
        self.model_name = resolve_model_name(model)
        self.components = with_requirements(components)
        self.taxonomy = taxonomy
        self.threshold = threshold
        # The taxonomy file's bytes, once read for shipping (see portable()).
        self.taxonomy_source: bytes | None = None
        self._nlp: Language | None = None
        self._described: dict[str, Any] | None = None
        self._fingerprint: str | None = None
        self._wrapped = False

    @classmethod
    def from_nlp(cls, nlp: Language) -> Pipeline:
        """Wrap an already loaded Language (its fingerprint comes from its pipes)."""
        pipeline = cls.__new__(cls)
        pipeline.model_name = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}"
        pipeline.components = tuple(nlp.pipe_names)
        pipeline.taxonomy = None
        pipeline.threshold = None
        pipeline.taxonomy_source = None
        pipeline._nlp = nlp
        pipeline._described = None
        pipeline._fingerprint = None
        pipeline._wrapped = True
        return pipeline

    def portable(self) -> Pipeline:
        """A copy to run on other machines: what it reads from this one travels as content.

        The taxonomy goes as its bytes (a relative path means nothing on a worker);
        a model given as a directory as its absolute path (the same on a shared
        filesystem; a worker without it fails the fingerprint check). Unpickled
        elsewhere, the copy fingerprints itself again with that machine's code.
        """
        shipped = copy.copy(self)
        shipped._described = shipped._fingerprint = None
        if not self._wrapped:
            shipped._nlp = None
            if os.path.isdir(self.model_name):
                shipped.model_name = os.path.abspath(self.model_name)
        if self.taxonomy and self.taxonomy_source is None:
            shipped.taxonomy_source = Path(self.taxonomy).read_bytes()
        return shipped

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_described"] = state["_fingerprint"] = None  # the receiver's own, not ours
        if not self._wrapped:
            state["_nlp"] = None
        return state

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    @property
    def nlp(self) -> Language:
        """The spaCy Language, built on first access."""
        if self._nlp is None:
            self._nlp = build(
                self.model_name,
                self.components,
                self.taxonomy,
                threshold=self.threshold,
                taxonomy_text=_decode(self.taxonomy_source),
            )
        return self._nlp

    def description(self) -> dict[str, Any]:
        """What the fingerprint hashes: code, data, model, configs (compared across machines)."""
        if self._described is None:
            if self._wrapped and self._nlp is not None:
                self._described = fp.describe_loaded(self._nlp)
            else:
                meta = model_meta(self.model_name)
                model = [meta.get("lang"), meta.get("name") or self.model_name, meta.get("version")]
                pipes = list(ENTITY_MODEL_PIPES) if needs_model(self.components) else []
                configs = {
                    c: component_config(c, self.taxonomy, self.threshold) for c in self.components
                }
                contents = {}
                if self.taxonomy and self.taxonomy_source is not None:
                    contents[self.taxonomy] = self.taxonomy_source
                self._described = fp.describe_planned(model, pipes, configs, contents)
        return self._described

    def fingerprint(self) -> str:
        """Everything besides the document that decides its results, hashed."""
        if self._fingerprint is None:
            self._fingerprint = fp.digest(self.description())
        return self._fingerprint


def _decode(source: bytes | None) -> str | None:
    """A shipped file's text, read as a file is (UTF-8, universal newlines)."""
    if source is None:
        return None
    return io.TextIOWrapper(io.BytesIO(source), encoding="utf-8").read()

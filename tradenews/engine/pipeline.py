"""A pipeline to run: known and fingerprinted at once, loaded on first use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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
        self._nlp: Language | None = None
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
        pipeline._nlp = nlp
        pipeline._fingerprint = None
        pipeline._wrapped = True
        return pipeline

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    @property
    def nlp(self) -> Language:
        """The spaCy Language, built on first access."""
        if self._nlp is None:
            self._nlp = build(
                self.model_name, self.components, self.taxonomy, threshold=self.threshold
            )
        return self._nlp

    def fingerprint(self) -> str:
        """Everything besides the document that decides its results, hashed."""
        if self._fingerprint is None:
            if self._wrapped and self._nlp is not None:
                described = fp.describe_loaded(self._nlp)
            else:
                meta = model_meta(self.model_name)
                model = [meta.get("lang"), meta.get("name") or self.model_name, meta.get("version")]
                pipes = list(ENTITY_MODEL_PIPES) if needs_model(self.components) else []
                configs = {
                    c: component_config(c, self.taxonomy, self.threshold) for c in self.components
                }
                described = fp.describe_planned(model, pipes, configs)
            self._fingerprint = fp.digest(described)
        return self._fingerprint

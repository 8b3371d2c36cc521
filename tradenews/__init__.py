"""tradenews: officials, countries, dates, organizations and policy topics from news.

Python API::

    import tradenews
    nlp = tradenews.load()
    doc = nlp("India's Commerce Minister Piyush Goyal visited Washington.")
    doc._.officials, doc._.countries, doc._.dates, doc._.topics
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


def load(model: str | None = None, **kwargs: Any) -> Language:
    """Build the spaCy pipeline with all tradenews components (lazy: spaCy loads here)."""
    from tradenews.engine.model import build

    return build(model, **kwargs)


__all__ = ["__version__", "load"]

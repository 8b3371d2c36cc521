"""spaCy pipeline components: each one sets a Doc extension with plain-dict records.

Records are plain dicts (JSON-ready, msgpack-serializable) so that docs cross
process boundaries under ``nlp.pipe(n_process=N)`` and records.py can flatten
them without knowing each extractor.

Extensions on ``Doc``:

- ``doc._.dct``: publication date as ISO ``YYYY-MM-DD`` string, or None
- ``doc._.countries``, ``doc._.organizations``, ``doc._.people``, ``doc._.dates``:
  lists of entity dicts (see :class:`tradenews.records.EntityRecord`)
- ``doc._.officials``: the ``official`` subset of ``doc._.people`` (read-only)
- ``doc._.topics``: list of topic dicts (topic, label, score, evidence, mentions)
- ``doc._.country_mentions``: every accepted country mention as ``(start, end, iso3)``,
  for components that read countries in context (not a result)
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from tradenews.records import ENTITY_LISTS, make_entity

__all__ = ["make_entity", "register_extensions"]


def _officials(doc: Doc) -> list[dict[str, Any]]:
    return [p for p in (doc._.people or []) if p["kind"] == "official"]


def register_extensions() -> None:
    """Declare our Doc extensions once (idempotent, safe in worker processes)."""
    for name in ("dct", "topics", "country_mentions", *ENTITY_LISTS):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("officials"):
        Doc.set_extension("officials", getter=_officials)


register_extensions()

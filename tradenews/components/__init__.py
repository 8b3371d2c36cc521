"""spaCy pipeline components: each one sets a Doc extension with plain-dict records.

Records are plain dicts (JSON-ready, msgpack-serializable) so that docs cross
process boundaries under ``nlp.pipe(n_process=N)`` and records.py can flatten
them without knowing each extractor.

Extensions on ``Doc``:

- ``doc._.dct``: publication date as ISO ``YYYY-MM-DD`` string, or None
- ``doc._.countries``, ``doc._.organizations``, ``doc._.people``, ``doc._.dates``:
  lists of entity dicts (see :func:`make_entity`)
- ``doc._.officials``: the ``official`` subset of ``doc._.people`` (read-only)
- ``doc._.topics``: list of topic dicts (topic, label, score, evidence, mentions)
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

ENTITY_LISTS = ("people", "countries", "organizations", "dates")


def _officials(doc: Doc) -> list[dict[str, Any]]:
    return [p for p in (doc._.people or []) if p["kind"] == "official"]


def register_extensions() -> None:
    """Declare our Doc extensions once (idempotent, safe in worker processes)."""
    for name in ("dct", "topics", *ENTITY_LISTS):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("officials"):
        Doc.set_extension("officials", getter=_officials)


def make_entity(
    kind: str,
    name: str,
    text: str,
    start: int,
    end: int,
    *,
    title: str = "",
    country: str = "",
    value: str = "",
    mentions: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    """One entity record in the output contract's shape (without the ``doc`` column).

    ``start``/``end`` are character offsets of the first mention in the doc text.
    Extra keys (e.g. ``organization`` for an official of a body) become extra columns.
    """
    record: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "text": text,
        "title": title,
        "country": country,
        "value": value,
        "mentions": mentions,
        "start": start,
        "end": end,
    }
    record.update(extra)
    return record


register_extensions()

"""Analyzed docs -> flat rows (the output contract), and corpus-level aggregations."""

from __future__ import annotations

from typing import Any

from tradenews.document import Document

ENTITY_LISTS = ("people", "countries", "organizations", "dates")

ENTITY_COLUMNS = ("doc", "kind", "name", "text", "title", "country", "value", "mentions", "start", "end")
ENTITY_KINDS = ("official", "person", "country", "organization", "date")
TOPIC_DOC_COLUMNS = ("doc", "topic", "label", "score", "evidence")
TOPIC_COLUMNS = ("topic", "label", "docs", "share", "mentions")


Results = dict[str, list[dict[str, Any]]]


def entity_rows(
    document: Document, results: Results, kinds: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """One row per entity in this document, by first mention."""
    rows = []
    for attr in ENTITY_LISTS:
        for record in results.get(attr) or []:
            if kinds is None or record["kind"] in kinds:
                rows.append({"doc": document.doc, **record})
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


def topic_rows(document: Document, results: Results) -> list[dict[str, Any]]:
    """One row per topic assigned to this document, surest first."""
    return [{"doc": document.doc, **t} for t in results.get("topics") or []]

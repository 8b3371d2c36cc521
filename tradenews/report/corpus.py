"""What the report reads: the record rows of every document in a run, collected once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tradenews import records
from tradenews.document import Document

Row = dict[str, Any]
OFFICIAL = frozenset({"official"})
ORGANIZATION_AND_DATE = frozenset({"organization", "date"})
# Entity fields the report shows; offsets and first-mention text are left behind.
_ENTITY_FIELDS = ("doc", "kind", "name", "country", "value", "mentions")


@dataclass
class CorpusRows:
    """Per-document record rows of a corpus, one list per record kind, in input order.

    ``docs`` has one row per analyzed document (id, publication date, title, url), so
    the report can count documents without topics or entities too.
    """

    docs: list[Row] = field(default_factory=list)
    topics: list[Row] = field(default_factory=list)
    countries: list[Row] = field(default_factory=list)
    officials: list[Row] = field(default_factory=list)
    organizations: list[Row] = field(default_factory=list)
    dates: list[Row] = field(default_factory=list)

    def add(self, document: Document, results: records.Results) -> list[Row]:
        """Keep the rows of one analyzed document; return them (all kinds together)."""
        self.docs.append(
            {
                "doc": document.doc,
                "date": document.date.isoformat() if document.date else "",
                "title": document.title or "",
                "url": document.url or "",
            }
        )
        topics = records.topic_rows(document, results)
        countries = records.country_rows(document, results)
        officials = records.people_rows(document, results, OFFICIAL)
        others = [
            {k: row.get(k) for k in _ENTITY_FIELDS}
            for row in records.entity_rows(document, results, ORGANIZATION_AND_DATE)
        ]
        self.topics.extend(topics)
        self.countries.extend(countries)
        self.officials.extend(officials)
        self.dates.extend(r for r in others if r["kind"] == "date")
        self.organizations.extend(r for r in others if r["kind"] != "date")
        return [*topics, *countries, *officials, *others]

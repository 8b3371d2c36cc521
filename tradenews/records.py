"""The record contract: typed records, merging a document's parts, rows, corpus views.

A component sets plain-dict records on the Doc (JSON-ready, so they cross process
and machine boundaries and go into the cache as they are); per-document rows
stream (plain dicts); corpus views collect per-document rows and aggregate them
with pandas. Records carry only the fields typed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from tradenews.document import Document
from tradenews.lexicon.names import name_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from tradenews.io.clean import OffsetMap


class _EntityFields(TypedDict):
    kind: str  # official, person, country, organization or date
    name: str  # canonical name (a date's text)
    text: str  # the first mention as written
    title: str  # officials and persons: the role as stated
    country: str  # ISO 3166-1 alpha-3
    value: str  # dates: the TIMEX3 value
    mentions: int
    start: int  # character offsets of the first mention (end exclusive)
    end: int


class EntityRecord(_EntityFields, total=False):
    """One entity of a document; officials of a body also name it (``organization``)."""

    organization: str


class TopicRecord(TypedDict):
    """One topic assigned to a document."""

    topic: str
    label: str
    score: float
    evidence: str
    mentions: int


Row = dict[str, Any]
# Per document: each list below -> its records (EntityRecord / TopicRecord as plain dicts).
Results = dict[str, list[Row]]

ENTITY_LISTS = ("people", "countries", "organizations", "dates")
RESULT_KEYS = (*ENTITY_LISTS, "topics")
ENTITY_KINDS = ("official", "person", "country", "organization", "date")
ENTITY_COLUMNS = ("doc", *_EntityFields.__annotations__, *EntityRecord.__optional_keys__)
DCT_COLUMNS = ("dct", "dct_source")
TOPIC_DOC_COLUMNS = ("doc", *TopicRecord.__annotations__)
TOPIC_COLUMNS = ("topic", "label", "docs", "share", "mentions")
TOPIC_MONTH_COLUMNS = ("month", "topic", "label", "docs", "month_docs", "share")
TOPIC_COUNTRY_COLUMNS = ("topic", "label", "country", "name", "docs")
OFFICIAL_COLUMNS = (
    "name",
    "titles",
    "country",
    "organization",
    "kind",
    "docs",
    "mentions",
    "first_seen",
    "last_seen",
)
OFFICIAL_DOC_COLUMNS = (
    "doc",
    "name",
    "title",
    "country",
    "organization",
    "kind",
    "mentions",
    "date",
)
COUNTRY_COLUMNS = ("country", "name", "docs", "mentions", "share")
COUNTRY_DOC_COLUMNS = ("doc", "country", "name", "mentions", "text")


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
    """One entity record in the contract's shape (:class:`EntityRecord`, without ``doc``).

    ``start``/``end`` are character offsets of the first mention in the doc text.
    Extra keys (``organization`` for an official of a body) become extra columns.
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


def entity_rows(
    document: Document,
    results: Results,
    kinds: frozenset[str] | None = None,
    *,
    show_dct: bool = False,
) -> list[Row]:
    """One row per entity in this document, in order of first mention."""
    rows = []
    for attr in ENTITY_LISTS:
        for record in results.get(attr) or []:
            if kinds is None or record["kind"] in kinds:
                row = {"doc": document.doc, **record}
                if show_dct:
                    row["dct"] = document.date.isoformat() if document.date else ""
                    row["dct_source"] = document.date_source or ""
                rows.append(row)
    rows.sort(key=lambda r: (r["start"], r["end"]))
    return rows


def topic_rows(document: Document, results: Results) -> list[Row]:
    """One row per topic assigned to this document, surest first."""
    return [{"doc": document.doc, **t} for t in results.get("topics") or []]


def people_rows(document: Document, results: Results, kinds: frozenset[str]) -> list[Row]:
    """Officials (and optionally persons) of one document, with its publication date."""
    date = document.date.isoformat() if document.date else ""
    return [
        {"doc": document.doc, **p, "date": date}
        for p in results.get("people") or []
        if p["kind"] in kinds
    ]


def country_rows(document: Document, results: Results) -> list[Row]:
    """Countries of one document."""
    return [
        {"doc": document.doc, **c} for c in results.get("countries") or [] if c["kind"] == "country"
    ]


def _frame(rows: Iterable[Row], columns: Iterable[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(columns))


def _records(frame: pd.DataFrame) -> list[Row]:
    """DataFrame -> plain rows with Python scalars (JSON-ready)."""
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _most_common(values: Iterable[Any]) -> str:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda k: (counts[k], -list(counts).index(k))) if counts else ""


def _distinct_titles(titles: Iterable[str]) -> list[str]:
    """Titles seen, most frequent first; case variants ("Finance Minister" and
    "finance minister") count as one, shown in their most frequent spelling."""
    counts: dict[str, dict[str, int]] = {}
    for title in titles:
        title = " ".join(title.split())
        if title:
            forms = counts.setdefault(title.casefold(), {})
            forms[title] = forms.get(title, 0) + 1
    ranked = sorted(counts.values(), key=lambda forms: -sum(forms.values()))
    return [max(forms, key=lambda f: forms[f]) for forms in ranked]


def officials_summary(rows: list[Row]) -> list[Row]:
    """Who's who: one row per person across all documents (merged by folded name)."""
    if not rows:
        return []
    frame = _frame(rows, OFFICIAL_DOC_COLUMNS)
    frame["key"] = frame["name"].map(name_key)
    out = []
    for _, group in frame.groupby("key", sort=False):
        dates = sorted(d for d in group["date"] if d)
        out.append(
            {
                "name": max(group["name"], key=lambda n: (len(n), sum(c.isupper() for c in n))),
                "titles": "; ".join(_distinct_titles(group["title"].fillna(""))),
                "country": _most_common(group["country"]),
                "organization": _most_common(group["organization"].fillna("")),
                "kind": "official" if (group["kind"] == "official").any() else "person",
                "docs": int(group["doc"].nunique()),
                "mentions": int(group["mentions"].sum()),
                "first_seen": dates[0] if dates else "",
                "last_seen": dates[-1] if dates else "",
            }
        )
    out.sort(key=lambda r: (-r["docs"], -r["mentions"], r["name"]))
    return out


def _summary(
    rows: list[Row],
    n_docs: int,
    doc_columns: tuple[str, ...],
    key: str,
    name: str,
    columns: tuple[str, ...],
) -> list[Row]:
    """One row per `key` across all documents: its `name`, documents, mentions and share
    of the documents; most documents first, then most mentions, then by key."""
    if not rows:
        return []
    frame = _frame(rows, doc_columns)
    grouped = (
        frame.groupby(key, sort=False)
        .agg(**{name: (name, "first")}, docs=("doc", "nunique"), mentions=("mentions", "sum"))
        .reset_index()
    )
    grouped["share"] = (grouped["docs"] / max(n_docs, 1)).round(4)
    grouped = grouped.sort_values(["docs", "mentions", key], ascending=[False, False, True])
    return _records(grouped[list(columns)])


def countries_summary(rows: list[Row], n_docs: int) -> list[Row]:
    """One row per country across all documents: documents, mentions, share."""
    return _summary(rows, n_docs, COUNTRY_DOC_COLUMNS, "country", "name", COUNTRY_COLUMNS)


def country_topic_matrix(
    countries: list[Row], topics: list[Row], topic_ids: list[str]
) -> tuple[list[Row], list[str]]:
    """Country x topic: for each country, how many of its documents carry each topic."""
    if not countries:
        return [], ["country", "name", "docs", *topic_ids]
    by_doc: dict[str, set[str]] = {}
    for t in topics:
        by_doc.setdefault(t["doc"], set()).add(t["topic"])
    table: dict[str, Row] = {}
    for c in countries:
        row = table.setdefault(
            c["country"],
            {"country": c["country"], "name": c["name"], "docs": 0, **dict.fromkeys(topic_ids, 0)},
        )
        row["docs"] += 1
        for topic in by_doc.get(c["doc"], ()):
            if topic in row:
                row[topic] += 1
    used = [t for t in topic_ids if any(r[t] for r in table.values())]
    rows = sorted(table.values(), key=lambda r: (-r["docs"], r["country"]))
    columns = ["country", "name", "docs", *used]
    return [{k: r[k] for k in columns} for r in rows], columns


def topics_summary(rows: list[Row], n_docs: int) -> list[Row]:
    """One row per topic over all documents, most frequent first."""
    return _summary(rows, n_docs, TOPIC_DOC_COLUMNS, "topic", "label", TOPIC_COLUMNS)


def topics_by_month(rows: list[Row], doc_months: dict[str, str]) -> list[Row]:
    """Topic share per publication month: (month, topic) rows, a trend table in long form.

    `doc_months` maps every analyzed document to its month (YYYY-MM, or "" when the
    publication date is unknown), so shares count documents without topics too.
    Every month from the first to the last is there for every topic, with zeros
    where nothing was published, so a trend never squashes time; undated
    documents come last, under month "".
    """
    month_docs: dict[str, int] = {}
    for month in doc_months.values():
        month_docs[month] = month_docs.get(month, 0) + 1
    docs: dict[tuple[str, str], set[str]] = {}
    labels: dict[str, str] = {}
    for r in rows:
        labels.setdefault(r["topic"], r["label"])
        docs.setdefault((doc_months.get(r["doc"], ""), r["topic"]), set()).add(r["doc"])
    months = month_range(month_docs)
    if any(month == "" for month, _ in docs):
        months.append("")
    out = []
    for month in months:
        for topic in sorted(labels):
            n = len(docs.get((month, topic), ()))
            total = month_docs.get(month, 0)
            out.append(
                {
                    "month": month,
                    "topic": topic,
                    "label": labels[topic],
                    "docs": n,
                    "month_docs": total,
                    "share": round(n / total, 4) if total else 0.0,
                }
            )
    return out


def month_range(months: Iterable[str]) -> list[str]:
    """Every YYYY-MM from the earliest to the latest of `months`."""
    present = sorted({m for m in months if m})
    if not present:
        return []
    year, month = map(int, present[0].split("-"))
    last = present[-1]
    out = []
    while True:
        current = f"{year:04d}-{month:02d}"
        out.append(current)
        if current >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


SPARK_CHARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """A compact trend: one block character per value, scaled to the row's maximum."""
    top = max(values, default=0)
    if top <= 0:
        return SPARK_CHARS[0] * len(values)
    steps = len(SPARK_CHARS) - 1
    return "".join(SPARK_CHARS[round(v / top * steps)] for v in values)


def trend_table(month_rows: list[Row]) -> tuple[list[Row], list[str]]:
    """Wide view for the terminal: one row per topic, a sparkline, and shares per month."""
    months = sorted({r["month"] for r in month_rows if r["month"]})
    by_topic: dict[str, Row] = {}
    for r in month_rows:
        entry = by_topic.setdefault(
            r["topic"], {"topic": r["topic"], "label": r["label"], "docs": 0, "_shares": {}}
        )
        entry["docs"] += r["docs"]
        if r["month"]:
            entry["_shares"][r["month"]] = r["share"]
    shown_months = months[-12:]
    rows = []
    for entry in sorted(by_topic.values(), key=lambda e: (-e["docs"], e["topic"])):
        shares = [entry["_shares"].get(m, 0.0) for m in months]
        row = {k: v for k, v in entry.items() if k != "_shares"}
        row["trend"] = sparkline(shares)
        for m in shown_months:
            row[m] = f"{entry['_shares'].get(m, 0.0):.0%}"
        rows.append(row)
    return rows, ["topic", "label", "docs", "trend", *shown_months]


def topics_by_country(topics: list[Row], countries: list[Row]) -> list[Row]:
    """Topic x country counts in long form: how many documents carry both."""
    by_doc: dict[str, list[Row]] = {}
    for c in countries:
        by_doc.setdefault(c["doc"], []).append(c)
    counts: dict[tuple[str, str], Row] = {}
    for t in topics:
        for c in by_doc.get(t["doc"], []):
            key = (t["topic"], c["country"])
            entry = counts.setdefault(
                key,
                {
                    "topic": t["topic"],
                    "label": t["label"],
                    "country": c["country"],
                    "name": c["name"],
                    "docs": 0,
                },
            )
            entry["docs"] += 1
    return sorted(counts.values(), key=lambda r: (r["topic"], -r["docs"], r["country"]))


# --------------------------------------------------------------------------- merging


def merge_parts(parts: list[tuple[int, Results]]) -> Results:
    """Merge the results of a document's parts into the results of the whole.

    Offsets move by each part's offset. Records naming the same thing (kind and
    name; for dates also the value; topics by id) become one: the first mention
    is kept and mentions are summed. A person seen as an official in any part is
    an official. A topic keeps its highest score (and that part's evidence).
    """
    parts = sorted(parts, key=lambda p: p[0])
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    merged: Results = {key: [] for key in RESULT_KEYS}
    for attr in ENTITY_LISTS:
        seen: dict[tuple[Any, ...], dict[str, Any]] = {}
        for offset, results in parts:
            for record in results.get(attr) or []:
                rec = dict(record)
                for pos in ("start", "end"):
                    if isinstance(rec.get(pos), int):
                        rec[pos] += offset
                key = _merge_key(attr, rec)
                first = seen.get(key)
                if first is None:
                    seen[key] = rec
                    merged[attr].append(rec)
                    continue
                first["mentions"] = _mentions(first) + _mentions(rec)
                if first.get("kind") == "person" and rec.get("kind") == "official":
                    for field, value in rec.items():
                        if field not in ("text", "start", "end", "mentions"):
                            first[field] = value
                for field, value in rec.items():
                    if field not in first or first[field] in ("", None):
                        first[field] = value
    topics: dict[Any, dict[str, Any]] = {}
    for _, results in parts:
        for record in results.get("topics") or []:
            first = topics.get(record.get("topic"))
            if first is None:
                topics[record.get("topic")] = dict(record)
                continue
            first["mentions"] = _mentions(first) + _mentions(record)
            if isinstance(first.get("evidence"), list) and isinstance(record.get("evidence"), list):
                first["evidence"] = list(dict.fromkeys([*first["evidence"], *record["evidence"]]))
            if (record.get("score") or 0) > (first.get("score") or 0):
                first["score"] = record["score"]
                if not isinstance(first.get("evidence"), list) and record.get("evidence"):
                    first["evidence"] = record["evidence"]  # the surest part's evidence
    merged["topics"] = sorted(topics.values(), key=lambda t: -(t.get("score") or 0))
    return merged


def restore_offsets(results: Results, offsets: OffsetMap, text: str) -> Results:
    """Results of a normalized text with their offsets moved back to `text`, the text
    as given, and each record's `text` the mention there as written."""
    restored: Results = {}
    for attr, records in results.items():
        restored[attr] = []
        for record in records:
            if "start" in record and "end" in record:
                start, end = offsets.start(record["start"]), offsets.end(record["end"])
                record = {**record, "start": start, "end": end, "text": text[start:end]}
            restored[attr].append(record)
    return restored


def _merge_key(attr: str, record: dict[str, Any]) -> tuple[Any, ...]:
    if attr == "people":
        return ("people", record.get("name"))
    if attr == "dates":
        return (record.get("kind"), record.get("name"), record.get("value"))
    return (record.get("kind"), record.get("name"))


def _mentions(record: dict[str, Any]) -> int:
    value = record.get("mentions")
    return value if isinstance(value, int) else 1

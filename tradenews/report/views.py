"""One table per chart, computed from record rows with pandas.

Every table is a DataFrame whose rows are what a chart draws; ``doc_ix`` holds, for
each row, the positions (in ``CorpusRows.docs``) of the documents behind its number,
so the page can list them as evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tradenews import records
from tradenews.lexicon.names import name_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from tradenews.report.corpus import CorpusRows

Row = dict[str, Any]
TREND_COLUMNS = ("month", "topic", "label", "docs", "month_docs", "share", "rank")
HEAT_COLUMNS = ("country", "name", "topic", "label", "docs", "country_docs")
HEAT_RANKS = ("country_rank", "topic_rank")
ORGANIZATION_COLUMNS = ("name", "country", "docs", "mentions")
TIMELINE_COLUMNS = ("month", "relation", "mentions", "docs")

_DAY_OR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def _frame(rows: Iterable[Row], columns: Iterable[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(columns))


def _doc_lists(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per group of `keys`: the sorted, distinct document positions (column ``ix``)."""
    return frame.groupby(keys, sort=False)["ix"].agg(lambda s: sorted(set(s)))


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""


# Every month (YYYY-MM) from the first to the last given, gaps included.
month_range = records.month_range


# --------------------------------------------------------------------------- trends


def rank_trends(counts: pd.DataFrame, month_docs: dict[str, int]) -> pd.DataFrame:
    """Documents per topic per month, topics ranked by their documents overall.

    `counts` has ``month, topic, label, docs`` (and optionally ``doc_ix``) for the
    (month, topic) pairs that occur. Months without a topic's documents are not rows:
    the chart fills them in as zero over `month_range` (keeps the page small).
    """
    if counts.empty:
        return _frame([], TREND_COLUMNS)
    totals = counts.groupby("topic", sort=False)["docs"].sum().reset_index()
    totals = totals.sort_values(["docs", "topic"], ascending=[False, True])
    totals["rank"] = range(1, len(totals) + 1)
    table = counts.merge(totals[["topic", "rank"]], on="topic")
    table["month_docs"] = table["month"].map(month_docs).fillna(0).astype(int)
    per_month = table["month_docs"].where(table["month_docs"] > 0)
    table["share"] = (table["docs"] / per_month).fillna(0.0).round(4)
    columns = [*TREND_COLUMNS, *(["doc_ix"] if "doc_ix" in table else [])]
    return table.sort_values(["rank", "month"])[columns].reset_index(drop=True)


def trends(corpus: CorpusRows) -> tuple[pd.DataFrame, list[str]]:
    """Topic trends by publication month (with the documents behind each point), and
    every month of the span."""
    months = {d["doc"]: d["date"][:7] for d in corpus.docs}
    month_docs = Counter(m for m in months.values() if m)
    frame = _frame(corpus.topics, ["doc", "topic", "label"])
    frame["month"] = frame["doc"].map(months).fillna("")
    frame["ix"] = frame["doc"].map(doc_positions(corpus))
    frame = frame[frame["month"] != ""]
    keys = ["month", "topic", "label"]
    counts = frame.groupby(keys, sort=False)["doc"].nunique().rename("docs").to_frame()
    counts["doc_ix"] = _doc_lists(frame, keys)
    return rank_trends(counts.reset_index(), dict(month_docs)), month_range(month_docs)


def trends_from_month_rows(month_rows: list[Row]) -> tuple[pd.DataFrame, list[str]]:
    """The same from `records.topics_by_month` rows (what `topics --by month` has)."""
    dated = [r for r in month_rows if r["month"]]
    month_docs = {r["month"]: r["month_docs"] for r in dated if r["month_docs"]}
    counts = _frame([r for r in dated if r["docs"]], ["month", "topic", "label", "docs"])
    return rank_trends(counts, month_docs), month_range(month_docs)


# --------------------------------------------------------------------------- heat map


def rank_heat(cells: pd.DataFrame, countries: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Country x topic cells with documents, ranked for ordering by volume.

    `countries` has ``country, name, country_docs`` in the order to draw them (most
    documents first); `topics` has ``topic, label`` likewise; `cells` has ``country,
    topic, docs`` (and optionally ``doc_ix``). Empty cells are not rows.
    """
    if countries.empty or topics.empty or cells.empty:
        return _frame([], HEAT_COLUMNS + HEAT_RANKS)
    countries = countries.assign(country_rank=range(1, len(countries) + 1))
    topics = topics.assign(topic_rank=range(1, len(topics) + 1))
    table = cells[cells["docs"] > 0].merge(countries, on="country").merge(topics, on="topic")
    columns = [*HEAT_COLUMNS, *HEAT_RANKS, *(["doc_ix"] if "doc_ix" in table else [])]
    return table.sort_values(["country_rank", "topic_rank"])[columns].reset_index(drop=True)


def heat(corpus: CorpusRows) -> pd.DataFrame:
    """Country x topic: documents naming the country that carry the topic."""
    positions = doc_positions(corpus)
    named = _frame(corpus.countries, ["doc", "country", "name", "mentions"])
    tagged = _frame(corpus.topics, ["doc", "topic", "label"])
    pairs = (
        named[["doc", "country"]]
        .drop_duplicates()
        .merge(tagged[["doc", "topic"]].drop_duplicates(), on="doc")
    )
    pairs["ix"] = pairs["doc"].map(positions)
    # Countries in the order of `countries` (documents, then mentions); topics by documents.
    countries = named.groupby("country", sort=False).agg(
        name=("name", "first"), country_docs=("doc", "nunique"), mentions=("mentions", "sum")
    )
    countries = countries.reset_index().sort_values(
        ["country_docs", "mentions", "country"], ascending=[False, False, True]
    )
    paired = tagged[tagged["topic"].isin(pairs["topic"])]
    topics = paired.groupby("topic", sort=False).agg(
        label=("label", "first"), docs=("doc", "nunique")
    )
    topics = topics.reset_index().sort_values(["docs", "topic"], ascending=[False, True])
    cells = pairs.groupby(["country", "topic"], sort=False)["doc"].nunique().rename("docs")
    cells = cells.to_frame()
    cells["doc_ix"] = _doc_lists(pairs, ["country", "topic"])
    return rank_heat(
        cells.reset_index(), countries.drop(columns="mentions"), topics.drop(columns="docs")
    )


def heat_from_matrix(rows: list[Row], columns: list[str], labels: dict[str, str]) -> pd.DataFrame:
    """The same table from `records.country_topic_matrix` (what `countries --by topic` has)."""
    topic_ids = [c for c in columns if c not in ("country", "name", "docs")]
    countries = _frame(
        ({"country": r["country"], "name": r["name"], "country_docs": r["docs"]} for r in rows),
        ["country", "name", "country_docs"],
    )
    totals = {t: sum(r[t] for r in rows) for t in topic_ids}
    ordered = sorted(topic_ids, key=lambda t: (-totals[t], t))
    topics = _frame(({"topic": t, "label": labels.get(t, t)} for t in ordered), ["topic", "label"])
    cells = _frame(
        ({"country": r["country"], "topic": t, "docs": r[t]} for r in rows for t in topic_ids),
        ["country", "topic", "docs"],
    )
    return rank_heat(cells, countries, topics)


# --------------------------------------------------------------------------- who and what


def doc_positions(corpus: CorpusRows) -> dict[str, int]:
    """Document id -> its position in the corpus (what ``doc_ix`` lists)."""
    return {row["doc"]: i for i, row in enumerate(corpus.docs)}


def countries(corpus: CorpusRows) -> pd.DataFrame:
    """Countries named most: documents, mentions, share of all documents."""
    summary = _frame(
        records.countries_summary(corpus.countries, len(corpus.docs)), records.COUNTRY_COLUMNS
    )
    return _with_docs(summary, corpus.countries, "country", doc_positions(corpus))


def organizations(corpus: CorpusRows) -> pd.DataFrame:
    """Organizations named most: the country of a national body, documents, mentions."""
    frame = _frame(corpus.organizations, ["doc", "name", "country", "mentions"])
    if frame.empty:
        return _frame([], ORGANIZATION_COLUMNS)
    frame["country"] = frame["country"].fillna("")
    grouped = frame.groupby("name", sort=False).agg(
        country=("country", _most_common),
        docs=("doc", "nunique"),
        mentions=("mentions", "sum"),
    )
    grouped = grouped.reset_index().sort_values(
        ["docs", "mentions", "name"], ascending=[False, False, True]
    )
    return _with_docs(grouped, corpus.organizations, "name", doc_positions(corpus))


def officials(corpus: CorpusRows) -> pd.DataFrame:
    """The who's who (`records.officials_summary`) with the documents of each official."""
    summary = _frame(records.officials_summary(corpus.officials), records.OFFICIAL_COLUMNS)
    summary["key"] = summary["name"].map(name_key)
    people = _frame(corpus.officials, ["doc", "name"])
    people["key"] = people["name"].map(name_key)
    table = _with_docs(summary, people.to_dict("records"), "key", doc_positions(corpus))
    return table.drop(columns="key")


def _with_docs(
    table: pd.DataFrame, rows: list[Row], key: str, positions: dict[str, int]
) -> pd.DataFrame:
    """Add ``doc_ix`` (documents per `key`) to a summary table."""
    frame = _frame(rows, ["doc", key])
    frame["ix"] = frame["doc"].map(positions)
    lists = _doc_lists(frame, [key]) if not frame.empty else {}
    table = table.copy()
    table["doc_ix"] = table[key].map(lists).map(lambda v: v if isinstance(v, list) else [])
    return table.reset_index(drop=True)


def topic_evidence(corpus: CorpusRows, limit: int = 240) -> dict[str, dict[int, str]]:
    """Per topic, per document position: the sentence that weighed most (shortened)."""
    positions = doc_positions(corpus)
    evidence: dict[str, dict[int, str]] = {}
    for row in corpus.topics:
        raw = row.get("evidence") or ""
        text = " ".join((" \u2026 ".join(raw) if isinstance(raw, list) else str(raw)).split())
        if text:
            short = text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
            evidence.setdefault(row["topic"], {})[positions[row["doc"]]] = short
    return evidence


# --------------------------------------------------------------------------- timeline


def timex_month(value: str | None) -> str | None:
    """The month (YYYY-MM) a TIMEX3 value falls in: days, weeks and months; else None.

    Years, quarters, halves, seasons and vague references (PAST_REF) are coarser than
    a month, and values with unknown parts (XXXX-07) cannot be placed.
    """
    if not value:
        return None
    match = _DAY_OR_MONTH.match(value)
    if match:
        return value[:7] if 1 <= int(match.group(2)) <= 12 else None
    match = _WEEK.match(value)
    if match:
        try:
            thursday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 4)
        except ValueError:
            return None
        return thursday.strftime("%Y-%m")
    return None


def relation(month: str, published: str) -> str:
    """Whether a mentioned month lies before, in or after the publication month."""
    if not published:
        return "undated document"
    pub = published[:7]
    return "past" if month < pub else "future" if month > pub else "same month"


def timeline(corpus: CorpusRows) -> tuple[pd.DataFrame, int]:
    """Months the documents talk about, split by past/future of publication.

    Returns the table and how many date mentions could not be placed in a month.
    """
    published = {d["doc"]: d["date"] for d in corpus.docs}
    positions = doc_positions(corpus)
    placed: list[Row] = []
    unplaced = 0
    for row in corpus.dates:
        month = timex_month(row.get("value"))
        if month is None:
            unplaced += int(row.get("mentions") or 1)
            continue
        placed.append(
            {
                "month": month,
                "relation": relation(month, published.get(row["doc"], "")),
                "mentions": int(row.get("mentions") or 1),
                "doc": row["doc"],
                "ix": positions[row["doc"]],
            }
        )
    frame = _frame(placed, ["month", "relation", "mentions", "doc", "ix"])
    if frame.empty:
        return _frame([], TIMELINE_COLUMNS), unplaced
    keys = ["month", "relation"]
    table = frame.groupby(keys, sort=False).agg(
        mentions=("mentions", "sum"), docs=("doc", "nunique")
    )
    table["doc_ix"] = _doc_lists(frame, keys)
    table = table.reset_index().sort_values(keys).reset_index(drop=True)
    return table, unplaced

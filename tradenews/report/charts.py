"""Each chart of the report as a Vega-Lite spec, written with Altair.

A spec reads its rows from the named dataset ``rows``: the page fills it from the
data embedded once in the HTML, and a static plot fills it before rendering, so the
browser and PNG/SVG show the same chart. Tooltips carry the numbers; ``doc_ix`` stays
in each datum so a click can list the documents behind a mark.
"""

from __future__ import annotations

from typing import Any

import altair as alt

DATA = alt.NamedData(name="rows")
WIDTH: Any = "container"
# The page's charts take their container's width; their heights are their own.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
MONTH_FORMAT = "%B %Y"
RELATION_COLORS = {
    "past": "#4c78a8",
    "same month": "#9ecae9",
    "future": "#f58518",
    "undated document": "#bab0ac",
}
# Choices offered by the page's selectors; "all" is any number above the largest count.
ALL = 10_000


def _select(name: str, value: int, options: list[int], label: str) -> Any:
    """A parameter the page binds to a drop-down (static plots use its value)."""
    labels = [f"top {n}" if n < ALL else "all" for n in options]
    binding = alt.binding_select(options=options, labels=labels, name=label)
    return alt.param(name=name, value=value, bind=binding)


def _month_tooltips(month: str, *fields: tuple[str, str]) -> list[alt.Tooltip]:
    """The month a mark stands for ("March 2025"), then each (field, title)."""
    return [
        alt.Tooltip(f"utcyearmonth({month}):T", title="month", format=MONTH_FORMAT),
        *(alt.Tooltip(field, title=title) for field, title in fields),
    ]


def trends(months: list[str], top: int = 6, width: Any = WIDTH) -> alt.LayerChart:
    """Documents per topic per month, the top topics by default, more on request.

    The rows hold only the (month, topic) pairs with documents; the lines run through
    every month in `months`, at zero where a topic had none.
    """
    shown = _select("top", top, [top, 10, ALL] if top < 10 else [top, ALL], "Topics: ")
    pick = alt.selection_point(name="pick", fields=["label"], bind="legend")
    zoom = alt.selection_interval(name="zoom", encodings=["x"], bind="scales")
    # Months stay strings until after the zero-filling, which matches them as keys.
    month = alt.X("utcyearmonth(date):T", title=None, axis=alt.Axis(format="%b %Y"))
    as_date = {"date": "toDate(datum.month + '-01')"}
    color = alt.Color(
        "label:N",
        title="topic (click to pick)",
        sort=alt.EncodingSortField("rank", op="min"),
        legend=alt.Legend(orient="right", labelLimit=220),
    )
    faded = alt.condition(pick, alt.value(1.0), alt.value(0.12))
    base = alt.Chart(DATA).transform_filter(alt.datum.rank <= shown)
    filled = base.transform_impute(
        impute="docs", key="month", keyvals=months, groupby=["label", "rank"], value=0
    ).transform_calculate(**as_date)
    lines = filled.mark_line(strokeWidth=2, interpolate="linear").encode(
        x=month,
        y=alt.Y("docs:Q", title="documents"),
        color=color,
        opacity=faded,
    )
    points = (
        base.transform_calculate(**as_date)
        .mark_point(filled=True, size=45, cursor="pointer")
        .encode(
            x=month,
            y="docs:Q",
            color=color,
            opacity=faded,
            tooltip=[
                *_month_tooltips(
                    "date",
                    ("label:N", "topic"),
                    ("docs:Q", "documents"),
                    ("month_docs:Q", "documents that month"),
                ),
                alt.Tooltip("share:Q", title="share of the month", format=".0%"),
            ],
        )
    )
    return (
        alt.layer(lines, points)
        .add_params(shown, pick, zoom)
        .properties(width=width, height=320, title="Topics by month", autosize=FIT_WIDTH)
    )


def heat(countries: int = 25, width: Any = None) -> alt.LayerChart:
    """Country x topic documents, countries ordered by how many documents name them."""
    shown = _select("countries", countries, [countries, 50, ALL], "Countries: ")
    base = alt.Chart(DATA).transform_filter(alt.datum.country_rank <= shown)
    encoding = {
        "x": alt.X(
            "label:N",
            title=None,
            sort=alt.EncodingSortField("topic_rank", op="min"),
            axis=alt.Axis(labelAngle=-40, labelLimit=180, orient="top"),
        ),
        "y": alt.Y(
            "name:N",
            title=None,
            sort=alt.EncodingSortField("country_rank", op="min"),
            axis=alt.Axis(labelLimit=160),
        ),
    }
    tooltip = [
        alt.Tooltip("name:N", title="country"),
        alt.Tooltip("label:N", title="topic"),
        alt.Tooltip("docs:Q", title="documents with both"),
        alt.Tooltip("country_docs:Q", title="documents naming the country"),
    ]
    cells = base.mark_rect(cursor="pointer", stroke="white", strokeWidth=0.5).encode(
        **encoding,
        color=alt.Color("docs:Q", title="documents", scale=alt.Scale(scheme="blues")),
        tooltip=tooltip,
    )
    numbers = (
        base.transform_filter(alt.datum.docs > 0)
        .transform_joinaggregate(top="max(docs)")
        .mark_text(fontSize=10)
        .encode(
            **encoding,
            text="docs:Q",
            color=alt.condition(
                "datum.docs > datum.top / 2", alt.value("white"), alt.value("#222")
            ),
            tooltip=tooltip,
        )
    )
    return (
        alt.layer(cells, numbers)
        .add_params(shown)
        .properties(
            width=width or alt.Step(38), height=alt.Step(20), title="Countries x topics (documents)"
        )
    )


def ranking(field: str, title: str, top: int = 20, width: int = 480) -> alt.Chart:
    """Horizontal bars: the `top` names most documents mention, with their numbers.

    A fixed width: Vega-Lite cannot fit a chart with band heights to its container.
    """
    extra = [alt.Tooltip("country:N", title="country")] if field == "name" else []
    return (
        alt.Chart(DATA)
        .transform_window(rank="row_number()")
        .transform_filter(alt.datum.rank <= top)
        .mark_bar(cursor="pointer", color="#4c78a8")
        .encode(
            x=alt.X("docs:Q", title="documents"),
            y=alt.Y(f"{field}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
            tooltip=[
                alt.Tooltip(f"{field}:N", title=title),
                *extra,
                alt.Tooltip("docs:Q", title="documents"),
                alt.Tooltip("mentions:Q", title="mentions"),
            ],
        )
        .properties(
            width=width,
            height=alt.Step(18),
            title=f"{title.capitalize()} named most (top {top})",
        )
    )


def timeline(width: Any = WIDTH) -> alt.Chart:
    """Mentions per month talked about, coloured by past/future of publication."""
    zoom = alt.selection_interval(name="zoom", encodings=["x"], bind="scales")
    relation = alt.Color(
        "relation:N",
        title="relative to publication",
        scale=alt.Scale(domain=list(RELATION_COLORS), range=list(RELATION_COLORS.values())),
    )
    return (
        alt.Chart(DATA)
        .mark_bar(cursor="pointer")
        .encode(
            x=alt.X("utcyearmonth(month):T", title="month talked about"),
            y=alt.Y("mentions:Q", title="mentions"),
            color=relation,
            tooltip=_month_tooltips(
                "month",
                ("relation:N", "relative to publication"),
                ("mentions:Q", "mentions"),
                ("docs:Q", "documents"),
            ),
        )
        .add_params(zoom)
        .properties(
            width=width, height=260, title="Dates the documents talk about", autosize=FIT_WIDTH
        )
    )

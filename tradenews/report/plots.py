"""Charts rendered to PNG, SVG or PDF without a browser (vl-convert), for scripts and papers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradenews.report import charts, views

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

Row = dict[str, Any]
STATIC_WIDTH = 720
PNG_SCALE = 2


def vegalite_version() -> str | None:
    """The Vega-Lite version Altair writes, when vl-convert has it (else its latest)."""
    import altair as alt
    import vl_convert as vlc

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


def json_rows(table: pd.DataFrame) -> list[Row]:
    """Table rows as plain JSON values (numpy scalars and NaN made portable)."""
    loaded: list[Row] = json.loads(table.to_json(orient="records", force_ascii=False))
    return loaded


def spec_with_rows(chart: Any, table: pd.DataFrame) -> dict[str, Any]:
    """A chart's Vega-Lite spec with its rows inlined (what a static renderer needs)."""
    spec: dict[str, Any] = chart.to_dict()
    spec["datasets"] = {"rows": json_rows(table.drop(columns="doc_ix", errors="ignore"))}
    return spec


def render(spec: dict[str, Any], path: str) -> None:
    """Write `spec` as PNG, SVG or PDF (by `path`'s extension), atomically."""
    import vl_convert as vlc

    suffix = Path(path).suffix.lower()
    version = vegalite_version()
    data: bytes
    if suffix == ".png":
        data = vlc.vegalite_to_png(spec, scale=PNG_SCALE, vl_version=version)
    elif suffix == ".svg":
        data = vlc.vegalite_to_svg(spec, vl_version=version).encode("utf-8")
    elif suffix == ".pdf":
        data = vlc.vegalite_to_pdf(spec, vl_version=version)
    else:
        raise ValueError(f"{path}: cannot plot to {suffix or 'a file without extension'}")
    _write_atomically(path, data)


def _write_atomically(path: str, data: bytes) -> None:
    """Written like every output: under a locked temporary name, then renamed (never a
    half-written image; the mode of the file it replaces, else what the umask gives)."""
    import sys

    from tradenews.outfiles import open_output

    with open_output(path, sys.stdout) as fh:
        fh.buffer.write(data)


def plot_trends(month_rows: list[Row], path: str) -> None:
    """`topics --by month --plot`: documents per topic per month, top topics."""
    table, months = views.trends_from_month_rows(month_rows)
    render(spec_with_rows(charts.trends(months, width=STATIC_WIDTH), table), path)


def plot_heat(rows: list[Row], columns: list[str], labels: dict[str, str], path: str) -> None:
    """`countries --by topic --plot`: the country x topic heat map."""
    table = views.heat_from_matrix(rows, columns, labels)
    render(spec_with_rows(charts.heat(), table), path)


def plot_ranking(rows: list[Row], field: str, title: str, path: str) -> None:
    """`topics --plot`, `countries --plot`: the most frequent, as bars."""
    import pandas as pd

    chart = charts.ranking(field, title, top=25, width=STATIC_WIDTH)
    render(spec_with_rows(chart, pd.DataFrame(rows)), path)

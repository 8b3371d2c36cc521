"""The --plot option of the corpus views (charting is imported only when a plot is drawn)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

PLOT_FORMATS = (".png", ".svg", ".pdf")
# Which --by views of each command can be drawn.
PLOTTABLE = {"topics": ("month", "topic"), "countries": ("topic", "country")}


def _check_suffix(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and Path(value).suffix.lower() not in PLOT_FORMATS:
        raise click.BadParameter(
            f"{value!r}: the file name must end in {', '.join(PLOT_FORMATS)}", param_hint="--plot"
        )
    return value


def plot_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--plot FILE: also draw the view as a chart (PNG, SVG or PDF by the extension)."""
    return click.option(
        "--plot",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        callback=_check_suffix,
        help="Also draw the view as a chart: FILE.png, .svg or .pdf "
        "(topics: --by month or topic; countries: --by topic or country).",
    )(func)


def require_plottable(plot: str | None, command: str, by: str) -> None:
    """A --plot of a view that has no chart, or to a path that cannot be written, is a
    usage error, found before any work."""
    if not plot:
        return
    if by not in PLOTTABLE[command]:
        shown = " or ".join(f"--by {b}" for b in PLOTTABLE[command])
        raise click.UsageError(f"--plot draws {command} {shown}, not --by {by}")
    from tradenews.outfiles import OutputTargetError, check_target

    try:
        check_target(plot, "--plot")
    except OutputTargetError as e:
        raise click.UsageError(str(e)) from None


def draw_plot(plot: str | None, view: str, rows: list[dict[str, Any]], **extra: Any) -> None:
    """Write the chart of a corpus view: trends, heat, topics or countries."""
    if not plot:
        return
    from tradenews.report import plots

    if view == "trends":
        plots.plot_trends(rows, plot)
    elif view == "heat":
        plots.plot_heat(rows, extra["columns"], extra["labels"], plot)
    else:
        field = "label" if view == "topics" else "name"
        plots.plot_ranking(rows, field, view, plot)

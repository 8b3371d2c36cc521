"""The analysis commands: entities, topics, officials, countries.

Each parses its options, runs read -> analyze -> records through a :class:`Run`,
renders, and returns the exit status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import click

from tradenews.cli.options import analysis_options, parse_kinds, taxonomy_options
from tradenews.cli.plot import draw_plot, plot_option, require_plottable
from tradenews.cli.run import Run, printable, stdout_isatty
from tradenews.counts import counted


@click.command()
@analysis_options
@click.option(
    "--kind",
    "-k",
    metavar="KIND[,KIND...]",
    help="Keep only these kinds: official, person, country, organization, date.",
)
@click.option(
    "--show-dct",
    is_flag=True,
    help="Add the publication date used (dct) and where it came from (dct_source).",
)
def entities(kind: str | None, show_dct: bool, **opts: Any) -> int:
    """Officials, people, countries, organizations and dates: one row per entity per document.

    \b
    Examples:
      tradenews entities article.txt
      tradenews entities news/ --kind official,country --format csv > ents.csv
      tradenews entities scraped.jsonl --date 2025-07-18 --show-dct --format jsonl
    """
    from tradenews.engine.model import ENTITY_COMPONENTS
    from tradenews.records import DCT_COLUMNS, ENTITY_COLUMNS, ENTITY_KINDS, entity_rows

    kinds = parse_kinds(kind, ENTITY_KINDS)
    run = Run(opts)
    rows = (
        row
        for document, results in run.analyzed(ENTITY_COMPONENTS)
        for row in run.rows_of(document, entity_rows(document, results, kinds, show_dct=show_dct))
    )
    columns = ENTITY_COLUMNS + (DCT_COLUMNS if show_dct else ())
    table_columns = [c for c in columns if c not in ("text", "start", "end")]
    run.emit(rows, columns, "entities", table_columns)
    return run.finish()


def _view_command(views: list[str], help_text: str) -> Callable[[Callable[..., Any]], Any]:
    """A summary command with the analysis, taxonomy and plot options and --by VIEW.

    The first view is the default.
    """

    def decorate(func: Callable[..., Any]) -> Any:
        by = click.option(
            "--by",
            type=click.Choice(views),
            default=views[0],
            show_default=True,
            help=help_text,
        )
        return click.command()(analysis_options(taxonomy_options(plot_option(by(func)))))

    return decorate


def _view_run(
    command: str, by: str, taxonomy: str | None, plot: str | None, opts: dict[str, Any]
) -> Run:
    """Check the view's options (usage errors before any work) and start the run."""
    _require_valid_taxonomy(taxonomy)
    require_plottable(plot, command, by)
    return Run({**opts, "plot": plot})  # checked against the inputs and the other outputs


def _emit_doc_rows(
    run: Run,
    analyzed: Iterable[tuple[Any, Any]],
    rows_of_document: Callable[[Any, Any], list[dict[str, Any]]],
    columns: tuple[str, ...],
    title: str,
) -> int:
    """Emit one row per (document, item) and finish the run."""
    rows = (
        r
        for document, results in analyzed
        for r in run.rows_of(document, rows_of_document(document, results))
    )
    run.emit(rows, columns, title)
    return run.finish()


@_view_command(
    ["topic", "doc", "month", "country"],
    "topic: one row per topic; doc: one per (document, topic) with score and "
    "evidence; month: topic shares per publication month; country: topic x country.",
)
def topics(
    by: str, taxonomy: str | None, threshold: float | None, plot: str | None, **opts: Any
) -> int:
    """Policy topics: what the documents are about, how that shifts, and why.

    \b
    Examples:
      tradenews topics news/
      tradenews topics news/ --by doc --format csv > topics.csv
      tradenews topics news/ --by month           # trend table with sparklines
      tradenews topics news/ --by country --format csv
      tradenews topics news/ --taxonomy my-topics.yaml --threshold 0.5
    """
    from tradenews import records

    run = _view_run("topics", by, taxonomy, plot, opts)
    if by == "month":
        run.doc_months = {}
    components = ("countries", "topics") if by == "country" else ("topics",)
    analyzed = run.analyzed(components, taxonomy=taxonomy, threshold=threshold)
    if by == "doc":
        return _emit_doc_rows(
            run, analyzed, records.topic_rows, records.TOPIC_DOC_COLUMNS, "topics by document"
        )
    topic_rows, country_rows = _collect_topics_and_countries(run, analyzed, "topics")
    if by == "month":
        month_rows = records.topics_by_month(topic_rows, run.doc_months or {})
        if _is_table(run):
            wide, columns = records.trend_table(month_rows)
            run.emit(wide, columns, _month_title(run.doc_months or {}))
        else:
            run.emit(month_rows, records.TOPIC_MONTH_COLUMNS, "topics by month")
        draw_plot(plot, "trends", month_rows)
    elif by == "country":
        pairs = records.topics_by_country(topic_rows, country_rows)
        run.emit(pairs, records.TOPIC_COUNTRY_COLUMNS, "topics by country")
    else:
        summary = records.topics_summary(topic_rows, run.processed)
        run.emit(summary, records.TOPIC_COLUMNS, "topics")
        draw_plot(plot, "topics", summary)
    return run.finish()


def _month_title(doc_months: dict[str, str]) -> str:
    """The trend table's title, saying how many documents have no month."""
    undated = sum(1 for month in doc_months.values() if not month)
    if not undated:
        return "topic share by month"
    verb = "has" if undated == 1 else "have"
    return (
        f"topic share by month ({undated:,} of {counted(len(doc_months), 'document')} "
        f"{verb} no publication date: counted in docs, in no month)"
    )


def _collect_topics_and_countries(
    run: Run, analyzed: Iterable[tuple[Any, Any]], listed: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Topic rows and country rows of every document, for the corpus views.

    `listed` ("topics" or "countries") is what the command lists: a document
    without any of it counts as empty."""
    from tradenews import records

    topic_rows: list[dict[str, Any]] = []
    country_rows: list[dict[str, Any]] = []
    for document, results in analyzed:
        topics = records.topic_rows(document, results)
        countries = records.country_rows(document, results)
        run.rows_of(document, topics if listed == "topics" else countries)
        topic_rows.extend(topics)
        country_rows.extend(countries)
    return topic_rows, country_rows


def _require_valid_taxonomy(path: str | None) -> None:
    """A bad --taxonomy file is a usage error, found before any work: one line per problem."""
    if path is None:
        return
    from tradenews.taxonomy import check_taxonomy

    errors = check_taxonomy(path)
    if errors:
        for line in errors:
            click.echo(printable(f"tradenews: {line}"), err=True)
        problems = counted(len(errors), "problem")
        raise click.UsageError(f"{path}: not a valid taxonomy ({problems})")


def _is_table(run: Run) -> bool:
    from tradenews.output import guess_format

    try:
        return guess_format(run.opts["output"], run.opts["fmt"], stdout_isatty()) == "table"
    except ValueError:
        return False


@click.command()
@analysis_options
@click.option(
    "--by",
    type=click.Choice(["official", "doc"]),
    default="official",
    show_default=True,
    help="official: one row per person across all documents; doc: one per document.",
)
@click.option(
    "--all-people",
    is_flag=True,
    help="Include people without a public role (executives, analysts...).",
)
def officials(by: str, all_people: bool, **opts: Any) -> int:
    """Who's who: officials across all documents, merged by name.

    One row per official with the titles seen, country served, documents, mentions,
    and the first and last publication dates they appear on.

    \b
    Examples:
      tradenews officials news/
      tradenews officials news/ --by doc --format csv > officials.csv
      tradenews officials news/ --all-people --format json
    """
    from tradenews import records

    kinds = frozenset({"official", "person"} if all_people else {"official"})
    run = Run(opts)
    rows = (
        r
        for document, results in run.analyzed(("countries", "officials"))
        for r in run.rows_of(document, records.people_rows(document, results, kinds))
    )
    if by == "doc":
        run.emit(rows, records.OFFICIAL_DOC_COLUMNS, "officials by document")
    else:
        run.emit(records.officials_summary(list(rows)), records.OFFICIAL_COLUMNS, "officials")
    return run.finish()


@_view_command(
    ["country", "doc", "topic"],
    "country: one row per country; doc: one per (document, country); "
    "topic: a country x topic matrix of document counts.",
)
def countries(
    by: str, taxonomy: str | None, threshold: float | None, plot: str | None, **opts: Any
) -> int:
    """Countries across the documents: how many documents and mentions, and their share.

    \b
    Examples:
      tradenews countries news/
      tradenews countries news/ --by doc --format csv
      tradenews countries news/ --by topic    # which countries go with which issues
    """
    from tradenews import records

    run = _view_run("countries", by, taxonomy, plot, opts)
    components = ("countries", "topics") if by == "topic" else ("countries",)
    analyzed = run.analyzed(components, taxonomy=taxonomy, threshold=threshold)
    if by == "doc":
        return _emit_doc_rows(
            run,
            analyzed,
            records.country_rows,
            records.COUNTRY_DOC_COLUMNS,
            "countries by document",
        )
    topic_rows, country_rows = _collect_topics_and_countries(run, analyzed, "countries")
    if by == "topic":
        from tradenews.taxonomy import load_taxonomy

        labels = {t.id: t.label for t in load_taxonomy(taxonomy).topics}
        matrix, columns = records.country_topic_matrix(country_rows, topic_rows, list(labels))
        run.emit(matrix, columns, "countries x topics (documents)")
        draw_plot(plot, "heat", matrix, columns=columns, labels=labels)
    else:
        summary = records.countries_summary(country_rows, run.processed)
        run.emit(summary, records.COUNTRY_COLUMNS, "countries")
        draw_plot(plot, "countries", summary)
    return run.finish()

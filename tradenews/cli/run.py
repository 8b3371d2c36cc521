"""One command run: the document stream, skips, progress, the --report file, the status.

Every input document ends up either in the output or named on stderr (and in the
--report file); :meth:`Run.finish` returns the exit status (0 all processed, 1 some
skipped or none found), which the command returns and the command group exits with.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import click

from tradenews.cli import progress
from tradenews.counts import counted
from tradenews.textsafe import printable as printable  # one rule for stderr

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# The output could not be written (disk full, file size limit), found at the end of
# the work: like a skip, something the user must act on, but no bug.
EXIT_OUTPUT = 1
# The inputs held no document (an empty folder, a folder of tradenews's own outputs):
# known only once they are read, and like a skip, something the user must act on.
EXIT_NO_DOCUMENTS = 1
# sysexits.h EX_UNAVAILABLE: the Dask scheduler could not be reached, or was lost.
EXIT_UNAVAILABLE = 69
# sysexits.h EX_SOFTWARE: a bug in tradenews, never a verdict on the input.
EXIT_INTERNAL = 70
#: How to analyze a document the model was not made for (skip reasons say it).
ANY_LANGUAGE = "--lang any to analyze anyway"
#: The options that name files a run writes: (option, key in the command's options).
OUTPUT_OPTIONS = (("--output", "output"), ("--report", "report"), ("--plot", "plot"))


def silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush cannot fail on a closed pipe."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no stdout, or one made by a test runner
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def reserve_standard_streams() -> None:
    """Open /dev/null on a standard descriptor (0, 1, 2) the command was started without.

    Started with `>&-`, the next file opened would get descriptor 1, and anything
    writing to "standard output" (a library, a worker) would write into it. Python
    has already set sys.stdout to None: the run still knows that stdout is closed.
    Messages for a closed stderr go to /dev/null (``print(file=None)`` would put
    them on stdout, into the output).
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)


def stdout_isatty() -> bool:
    """Whether standard output is a terminal (False when it is closed)."""
    return sys.stdout is not None and sys.stdout.isatty()


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
        check_outputs(opts)
        self.opts = opts
        self.quiet: bool = opts["quiet"]
        self.skipped = 0
        self.processed = 0
        self.empty = 0
        # Per-document bookkeeping is kept only when asked for, so that a streaming
        # run over millions of documents keeps flat memory. Entries are made as
        # documents are read, so the report lists them in input order.
        self.statuses: list[dict[str, Any]] | None = [] if opts.get("report") else None
        self._awaiting: deque[dict[str, Any]] = deque()
        self._current: dict[str, Any] | None = None  # the report entry being rendered
        self.doc_months: dict[str, str] | None = None
        self._progress: Any = None  # the rich Progress while a progress line is shown
        self.tally = progress.Tally()
        self._line: progress.ProgressLine | None = None

    # -- reading -------------------------------------------------------------
    def documents(self) -> Iterator[Any]:
        """The document stream; skipped inputs are reported here, as they occur.

        A document's headline is not added here: the engine reads headline and body
        together (truecased when in capitals) for every command alike, so every
        command gets the same records from the same document."""
        from tradenews.document import Skip
        from tradenews.io import MAX_DECOMPRESSED, read_documents
        from tradenews.lexicon.language import ENGLISH, text_language

        items = read_documents(
            self.paths,
            default_date=self.opts["default_date"],
            text_column=self.opts["text_column"],
            stdin_jsonl=self.opts["stdin_jsonl"],
            max_decompressed=self.opts.get("max_decompressed", MAX_DECOMPRESSED),
            exclude=[p for p in (self.opts.get("output"), self.opts.get("report")) if p],
            id_field=self.opts.get("id_field"),
        )
        english_only = self.opts.get("lang", "en") == "en"
        for item in items:
            self._observe("read")
            if isinstance(item, Skip):
                if item.ignored:  # our own output, read back: not an article, not a failure
                    self._echo(f"tradenews: ignored {item.doc}: {item.reason}")
                else:
                    self._skip(item.doc, item.reason)
                    self._observe("skipped")
                continue
            if english_only:
                lang = text_language(f"{item.title or ''}\n{item.text}")
                if lang != ENGLISH:
                    self._skip(item.doc, f"not English (detected: {lang}); {ANY_LANGUAGE}")
                    self._observe("skipped")
                    continue
            for warning in item.warnings:
                self._echo(f"tradenews: warning: {item.doc}: {warning}")
            if self.statuses is not None:
                entry: dict[str, Any] = {"doc": item.doc, "status": "ok", "reason": ""}
                if item.warnings:
                    entry["warnings"] = list(item.warnings)
                self.statuses.append(entry)
                self._awaiting.append(entry)
            if self.doc_months is not None:
                self.doc_months[item.doc] = item.date.isoformat()[:7] if item.date else ""
            yield item

    def _skip(self, doc: str, reason: str, entry: dict[str, Any] | None = None) -> None:
        self.skipped += 1
        if entry is not None:
            entry.update(status="skipped", reason=reason)
        elif self.statuses is not None:
            self.statuses.append({"doc": doc, "status": "skipped", "reason": reason})
        self._echo(f"tradenews: skipped {doc}: {reason}")

    def analyzed(
        self,
        components: tuple[str, ...],
        *,
        taxonomy: str | None = None,
        threshold: float | None = None,
    ) -> Iterator[Any]:
        """(Document, results) pairs, in input order, with progress on a terminal.

        The model is checked here, before anything is read or written: a missing
        model is a usage error with nothing on standard output.
        """
        from tradenews.engine import ModelNotFound, Pipeline

        try:
            pipeline = Pipeline(
                self.opts["model"], components, taxonomy=taxonomy, threshold=threshold
            )
        except ModelNotFound as e:
            raise click.UsageError(str(e)) from None
        if self.opts.get("scheduler"):
            import importlib.util
            import itertools

            if importlib.util.find_spec("distributed") is None:
                raise click.UsageError(
                    '--scheduler needs Dask; install it with: pip install "tradenews[dask]"'
                )
            # Connect and check the workers now: a cluster that cannot be used is
            # refused before any output is started (not after a CSV header).
            stream = self._analyzed(pipeline)
            first = list(itertools.islice(stream, 1))
            return itertools.chain(first, stream)
        return self._analyzed(pipeline)

    def _analyzed(self, pipeline: Any) -> Iterator[Any]:
        from tradenews.engine import analyze
        from tradenews.engine.model import ClusterUnavailable, WorkerMismatch

        cache = None
        if not self.opts["no_cache"]:
            from tradenews.engine.cache import ResultCache

            cache = ResultCache()
        documents = self.documents()
        stream = analyze(
            pipeline,
            documents,
            n_process=self.opts["jobs"],
            cache=cache,
            scheduler=self.opts.get("scheduler"),
            progress=self._observe,
        )
        try:
            with self._progress_line():
                for document, results in stream:
                    entry = self._awaiting.popleft() if self.statuses is not None else None
                    self.tally.received()
                    self._show()
                    failure = getattr(results, "failure", None)
                    if failure is not None:
                        self._skip(document.doc, failure, entry)
                        continue
                    self.processed += 1
                    self._current = entry
                    yield document, results
        except ClusterUnavailable as e:
            raise ClusterError(str(e)) from None
        except WorkerMismatch as e:  # found on connecting, before any document is read
            raise SetupError(str(e)) from None
        finally:
            if cache is not None:
                cache.close()

    # -- reporting -----------------------------------------------------------
    def _echo(self, line: str) -> None:
        line = printable(line)
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)

    def _observe(self, event: str) -> None:
        """One document's fate, told as it happens (the engine's or the reader's)."""
        self.tally.event(event)
        self._show()

    def _show(self) -> None:
        if self._line is not None:
            self._line.show()

    @contextlib.contextmanager
    def _progress_line(self) -> Iterator[None]:
        """The progress line on a terminal, while the documents are analyzed."""
        if not progress.wanted(self.quiet):
            yield
            return
        with progress.ProgressLine(self.tally, self.paths) as line:
            self._line, self._progress = line, line.progress
            try:
                yield
            finally:
                self._line = self._progress = None

    def rows_of(self, document: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Note how many rows a document gave (--list-empty, --report); return them."""
        if not rows:
            self.empty += 1
            if self.opts.get("list_empty"):
                self._echo(f"tradenews: no rows from {document.doc}")
        if self._current is not None:
            self._current["rows"] = len(rows)
        return rows

    def finish(self) -> int:
        """Write the --report file, print the summary line; return the exit status."""
        if self.opts.get("report"):
            report = {
                "documents": self.processed + self.skipped,
                "ok": self.processed,
                "skipped": self.skipped,
                "empty": self.empty,
                "items": self.statuses,
            }
            from tradenews.outfiles import open_output

            with open_output(self.opts["report"], sys.stdout) as fh:
                json.dump(report, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
        total = self.processed + self.skipped
        if self.found_nothing:
            self._echo(f"tradenews: {self.nothing_found()}")
            return EXIT_NO_DOCUMENTS
        if not self.quiet and total > 1:
            click.echo(f"tradenews: {summary(total, self.skipped, self.empty)}", err=True)
        return EXIT_SKIPPED if self.skipped else EXIT_OK

    @property
    def found_nothing(self) -> bool:
        """Whether the inputs held no document at all (none analyzed, none skipped)."""
        return self.processed + self.skipped == 0

    def nothing_found(self) -> str:
        """The message for inputs that held no document: 'no documents found in news/'."""
        where = ", ".join("standard input" if p == "-" else p for p in self.paths)
        return f"no documents found in {where}"

    def emit(
        self,
        rows: Iterable[dict[str, Any]],
        columns: Any,
        title: str,
        table_columns: Any = None,
    ) -> None:
        """Render rows to stdout or --output in the chosen format."""
        from tradenews.outfiles import open_output
        from tradenews.output import OutputFormatError, guess_format, write_rows

        try:
            fmt = guess_format(self.opts["output"], self.opts["fmt"], stdout_isatty())
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
            silence_stdout()
            raise click.exceptions.Exit(EXIT_OK) from None


def check_outputs(opts: dict[str, Any]) -> None:
    """Output paths the run could never write, or must not: a usage error, before any work.

    Refused: a path that cannot be written, two outputs naming one file, and an output
    that is one of the inputs (the run would write over what it reads).
    """
    from tradenews.io import overwritten_input
    from tradenews.outfiles import OutputTargetError, check_apart, check_target
    from tradenews.output import OutputFormatError, guess_format

    targets = [(option, opts.get(key)) for option, key in OUTPUT_OPTIONS]
    try:
        for option, path in targets:
            check_target(path, option)
        check_apart(targets)
        if sys.stdout is None and "-" in (opts.get("output") or "-", opts.get("report")):
            raise OutputTargetError("standard output is closed; give --output FILE")
        if "fmt" in opts:  # a command with table/CSV/JSON output
            check_binary_target(guess_format(opts.get("output"), opts.get("fmt"), False), opts)
    except (OutputTargetError, OutputFormatError) as e:
        raise click.UsageError(str(e)) from None
    named = {path: option for option, path in reversed(targets) if path and path != "-"}
    clash = overwritten_input(opts["paths"], named)
    if clash is not None:
        path, doc = clash
        which = "" if doc == path else f" ({doc})"
        raise click.UsageError(
            f"{named[path]} {path}: is one of the inputs{which}; refusing to write over it"
        )


def check_binary_target(fmt: str, opts: dict[str, Any]) -> None:
    """Parquet or XLSX bound for a terminal: refused, as gzip does (bytes, not a table)."""
    from tradenews.outfiles import OutputTargetError
    from tradenews.output import BINARY_FORMATS

    if fmt in BINARY_FORMATS and opts.get("output") in (None, "-") and stdout_isatty():
        raise OutputTargetError("binary output to a terminal: use -o FILE or a pipe")


class ClusterError(click.ClickException):
    """The Dask scheduler could not be reached or was lost: one line, EX_UNAVAILABLE."""

    exit_code = EXIT_UNAVAILABLE


class SetupError(click.ClickException):
    """A setup that cannot give right results (workers that differ): one line, status 2."""

    exit_code = EXIT_USAGE


def summary(total: int, skipped: int, empty: int) -> str:
    """The end-of-run line: '1,204 documents, 3 skipped, 12 without rows'."""
    parts = [counted(total, "document"), f"{skipped:,} skipped"]
    if empty:
        parts.append(f"{empty:,} without rows")
    return ", ".join(parts)

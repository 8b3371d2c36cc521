"""The command line: Click only. Commands parse options, call the library, render.

Heavy imports (spaCy, pandas) happen inside commands, so `--help` and `--version`
stay instant. Commands return their exit status and :class:`TradenewsGroup` exits
with it: 0 all documents processed, 1 some skipped or the output could not be
written (disk full), 2 usage error, 70 internal error, 130 interrupted (Ctrl-C),
143 and 129 terminated by SIGTERM and SIGHUP.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from tradenews import __version__
from tradenews.cli import admin, analysis, report, signals
from tradenews.cli.run import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    printable,
    reserve_standard_streams,
    silence_stdout,
)
from tradenews.outfiles import OutputWriteError


class TradenewsGroup(click.Group):
    """Turns Ctrl-C, a closed pipe and unexpected errors into one line and an exit status."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        """Run the command, then exit with the status it returned (None counts as 0)."""
        signals.install()
        reserve_standard_streams()
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except signals.Terminated as e:
            click.echo(f"\ntradenews: terminated ({e.name})", err=True)
            sys.exit(e.exit_status)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.ClickException as e:
            e.message = printable(e.message)  # type: ignore[misc]  # a path may hold escapes
            e.show()
            sys.exit(EXIT_USAGE if isinstance(e, click.UsageError) else e.exit_code)
        except (KeyboardInterrupt, click.exceptions.Abort):
            click.echo("\ntradenews: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader of our output went away (| head): not an error worth a trace.
            silence_stdout()
            sys.exit(EXIT_OK)
        except OutputWriteError as e:  # disk full, file size limit: the output is named
            if e.to_stdout:
                silence_stdout()  # Python's own flush at exit would fail again
            click.echo(f"tradenews: {printable(str(e))}", err=True)
            sys.exit(EXIT_OUTPUT)
        except Exception as e:  # a bug, not bad input: one line, trace on request
            if os.environ.get("TRADENEWS_DEBUG"):
                raise
            click.echo(
                f"tradenews: internal error: {type(e).__name__}: {_last_line(e)} "
                "(set TRADENEWS_DEBUG=1 for details)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)
        sys.exit(status if isinstance(status, int) else EXIT_OK)


def _last_line(error: BaseException) -> str:
    """One line of an error's message: a worker's error carries its whole traceback,
    whose last line names the error."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return printable(lines[-1] if lines else "")


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


for command in (
    analysis.entities,
    analysis.topics,
    analysis.officials,
    analysis.countries,
    report.report,
    admin.taxonomy,
    admin.cache,
):
    main.add_command(command)

"""Commands around the analysis: the taxonomy, the results cache."""

from __future__ import annotations

import os
import sys

import click

from tradenews.cli.options import FORMAT_CHOICES
from tradenews.counts import counted
from tradenews.textsafe import printable


@click.command()
@click.option(
    "--check",
    "check_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Validate a taxonomy file; errors are listed with line numbers.",
)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMAT_CHOICES), help="Output format.")
def taxonomy(check_file: str | None, fmt: str | None) -> int:
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
            click.echo(printable(line), err=True)
        if errors:
            return 1
        n = len(load_taxonomy(check_file).topics)
        click.echo(f"{check_file}: OK ({counted(n, 'topic')})")
        return 0
    from tradenews.output import guess_format, write_rows

    rows = [
        {"topic": t.id, "label": t.label, "cues": len(t.cues), "scope": t.scope}
        for t in load_taxonomy(None).topics
    ]
    if sys.stdout is None:
        raise click.UsageError("standard output is closed")
    chosen = guess_format(None, fmt, sys.stdout.isatty())
    write_rows(rows, ("topic", "label", "cues", "scope"), chosen, sys.stdout, title="taxonomy")
    return 0


@click.group()
def cache() -> None:
    """The results cache: unchanged documents are not analyzed twice.

    Results are kept per (document text, publication date, tradenews version, model,
    taxonomy) in the user cache directory (override with TRADENEWS_CACHE_DIR).
    """


@cache.command("info")
def cache_info() -> int:
    """Where the cache is, how many results it holds, its size and size limit."""
    from tradenews.engine.cache import ResultCache, format_size

    with ResultCache() as store:
        info = store.info()
    click.echo(f"{info.path}\n{counted(info.entries, 'result')}, {format_size(info.size_bytes)}")
    if info.problem:
        click.echo(printable(f"tradenews: {info.problem}"), err=True)
        return 1
    click.echo(f"size limit {format_size(info.limit_bytes)} (least recently used results go first)")
    return 0


@cache.command("clear")
def cache_clear() -> int:
    """Delete every cached result."""
    from tradenews.engine.cache import ResultCache, format_size

    with ResultCache() as store:
        try:
            cleared = store.clear()
        except OSError as e:
            click.echo(printable(f"tradenews: {e}"), err=True)
            return 1
    click.echo(
        f"removed {counted(cleared.entries, 'result')} from {cleared.path}: "
        f"{format_size(cleared.bytes_freed)} freed, {format_size(cleared.size_bytes)} left"
    )
    return 0


@cache.command("limit")
@click.argument("size", required=False)
def cache_limit(size: str | None) -> int:
    """Show or set the size limit of the cache: 500MB, 2GB (default 1GB).

    Past the limit, the least recently used results are removed. The environment
    variable TRADENEWS_CACHE_SIZE, when set, overrides the stored limit.
    """
    from tradenews.engine.cache import LIMIT_ENV, ResultCache, format_size, parse_size

    with ResultCache() as store:
        if size is not None:
            try:
                store.set_limit(parse_size(size))
            except ValueError as e:
                raise click.BadParameter(str(e), param_hint="SIZE") from None
            except OSError as e:
                click.echo(printable(f"tradenews: {e}"), err=True)
                return 1
        limit = store.limit_bytes()
    source = f" (from ${LIMIT_ENV})" if os.environ.get(LIMIT_ENV) else ""
    click.echo(f"size limit {format_size(limit)}{source}")
    return 0

"""Commands around the analysis: the taxonomy, the results cache."""

from __future__ import annotations

import os
import sys

import click

from tradenews.cli.options import FORMAT_CHOICES


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
            click.echo(line, err=True)
        if errors:
            return 1
        n = len(load_taxonomy(check_file).topics)
        click.echo(f"{check_file}: OK ({n} topics)")
        return 0
    from tradenews.output import guess_format, write_rows

    rows = [
        {"topic": t.id, "label": t.label, "cues": len(t.cues), "scope": t.scope}
        for t in load_taxonomy(None).topics
    ]
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

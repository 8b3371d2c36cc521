"""`tradenews report`: analyze a corpus and write one self-contained HTML report.

It runs through the same `Run` as every analysis command (reading, skips, cache,
workers) with every component, collects the same record rows `entities`, `officials`,
`countries` and `topics` give for the same input, and hands them to
:mod:`tradenews.report.page`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from tradenews.cli.analysis import _require_valid_taxonomy
from tradenews.cli.options import analysis_options, taxonomy_options
from tradenews.cli.run import Run, printable

DEFAULT_OUTPUT = "report.html"
# Shared analysis options that make no sense for an HTML page.
_NOT_FOR_REPORT = ("fmt", "no_csv_escape")


@click.command()
@analysis_options
@taxonomy_options
@click.option("--title", default="tradenews report", show_default=True, help="Page heading.")
def report(title: str, taxonomy: str | None, threshold: float | None, **opts: Any) -> int:
    """One HTML page with charts: topic trends, countries x topics, who's who, timeline.

    The page is a single file with every script and style inside it: it opens
    offline in any browser, and each chart's data can be downloaded as CSV from it.
    Inputs that hold no document give no page: exit status 1.

    \b
    Examples:
      tradenews report news/ -o report.html
      tradenews report news/ archive.jsonl -o trade.html --title "Trade desk, Q3"
    """
    from tradenews.engine.model import ALL_COMPONENTS
    from tradenews.output import open_output
    from tradenews.report.corpus import CorpusRows
    from tradenews.report.page import ReportInfo, write_report

    _require_valid_taxonomy(taxonomy)
    output = opts["output"] = opts["output"] or DEFAULT_OUTPUT  # checked like any -o
    run = Run(opts)
    run.statuses = []  # the header lists skipped inputs with their reasons
    corpus = CorpusRows()
    analyzed = run.analyzed(ALL_COMPONENTS, taxonomy=taxonomy, threshold=threshold)
    for document, results in analyzed:
        run.rows_of(document, corpus.add(document, results))
    if run.found_nothing:  # an empty page would only hide the mistake: write nothing
        return run.finish()
    info = ReportInfo(
        title=title,
        model=_model_label(opts["model"]),
        taxonomy=_taxonomy_label(taxonomy),
        threshold=threshold,
        skipped=[s for s in run.statuses if s["status"] == "skipped"],
        inputs=list(run.paths),
    )
    with open_output(output, sys.stdout) as fh:
        write_report(fh, corpus, info, output)
    if output != "-" and not run.quiet:
        size = os.path.getsize(output) / 1e6
        click.echo(printable(f"tradenews: wrote {output} ({size:,.1f} MB)"), err=True)
    return run.finish()


report.params = [p for p in report.params if p.name not in _NOT_FOR_REPORT]
for _param in report.params:
    if _param.name == "output":
        _param.help = f"Write the page to FILE (default: {DEFAULT_OUTPUT}; - for standard output)."


def _model_label(model: str | None) -> str:
    """The pipeline's name and version, as its meta.json gives them."""
    from tradenews.engine.model import model_meta, resolve_model_name

    name = resolve_model_name(model)
    meta = model_meta(name)
    version = meta.get("version")
    return f"{name} {version}" if version else name


def _taxonomy_label(path: str | None) -> str:
    from tradenews.counts import counted
    from tradenews.taxonomy import load_taxonomy

    topics = counted(len(load_taxonomy(path).topics), "topic")
    return f"{os.path.basename(path) if path else 'default'} ({topics})"

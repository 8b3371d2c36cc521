"""The self-contained HTML report: chart tables + Vega-Lite specs + scripts, in one file.

Everything the page needs is inlined (the Vega, Vega-Lite and vega-embed bundle, the
styles, the page script and the data), so it opens offline and can be mailed around.
The JavaScript bundle is made by vl-convert once per vl-convert version and kept in
the tradenews cache directory, so later reports are written in well under a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tradenews import __version__
from tradenews.counts import counted
from tradenews.report import charts, views
from tradenews.report.corpus import CorpusRows
from tradenews.report.plots import vegalite_version

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

BUNDLE_PREFIX = "vega-bundle"
# What the page script uses from the bundle (vl-convert resolves these names).
BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed;"
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


@dataclass
class ReportInfo:
    """What was read and how: the page header."""

    title: str = "tradenews report"
    model: str = ""
    taxonomy: str = "default"
    threshold: float | None = None
    skipped: list[dict[str, str]] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)


@dataclass
class Chart:
    """One chart section: its spec, its table, the columns its CSV download has."""

    id: str
    title: str
    spec: dict[str, Any]
    table: pd.DataFrame
    columns: list[str]
    note: str = ""


def build_charts(corpus: CorpusRows) -> list[Chart]:
    """The report's charts, in page order."""
    timeline, unplaced = views.timeline(corpus)
    note = (
        f"{counted(unplaced, 'date mention')} coarser than a month (years, quarters) or "
        f"vague ('in recent weeks') {'is' if unplaced == 1 else 'are'} not shown."
        if unplaced
        else ""
    )
    trends, months = views.trends(corpus)
    undated = sum(1 for d in corpus.docs if not d["date"])
    trend_note = (
        f"{counted(undated, 'document')} without a publication date "
        f"{'is' if undated == 1 else 'are'} not shown."
        if undated
        else ""
    )
    return [
        Chart("trends", "Topic trends", charts.trends(months).to_dict(), trends,
              ["month", "topic", "label", "docs", "month_docs", "share"], trend_note),
        Chart("heat", "Countries and topics", charts.heat().to_dict(), views.heat(corpus),
              list(views.HEAT_COLUMNS)),
        Chart("countries", "Countries", charts.ranking("name", "countries").to_dict(),
              views.countries(corpus), ["country", "name", "docs", "mentions", "share"]),
        Chart("organizations", "Organizations",
              charts.ranking("name", "organizations").to_dict(),
              views.organizations(corpus), list(views.ORGANIZATION_COLUMNS)),
        Chart("timeline", "Timeline", charts.timeline().to_dict(), timeline,
              list(views.TIMELINE_COLUMNS), note),
    ]  # fmt: skip


def doc_links(corpus: CorpusRows, output: str | None) -> list[list[str]]:
    """Per document: id, publication date, title, a link to it, and a URL not linked.

    The link is the document's URL from its metadata when it is http(s) or relative,
    else the input file itself, relative to where the report is written (so report
    and corpus can move together). Any other URL (``javascript:``, ``data:``...) would
    run or show something of its own when clicked: it is shown as plain text instead.
    """
    base = os.path.dirname(os.path.abspath(output)) if output and output != "-" else os.getcwd()
    out = []
    for d in corpus.docs:
        url = d["url"]
        href = url if url and safe_link(url) else ""
        path = d["doc"].split("#", 1)[0]
        if not href and path != "-" and os.path.isfile(path):
            href = _file_link(Path(os.path.relpath(os.path.abspath(path), base)).as_posix())
        out.append([d["doc"], d["date"], d["title"], href, "" if href == url else url])
    return out


#: What browsers drop from a URL before reading its scheme: tabs and newlines
#: anywhere, C0 controls and spaces at either end.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_TRIM = "".join(chr(c) for c in range(0x21))
_SAFE_SCHEMES = ("http", "https")


def safe_link(url: str) -> bool:
    """Whether `url` may be a link: http(s), or relative (no scheme of its own)."""
    from urllib.parse import urlsplit

    cleaned = _URL_IGNORED.sub("", url).strip(_URL_TRIM)
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    if scheme:
        return scheme in _SAFE_SCHEMES
    return ":" not in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


def _file_link(relative: str) -> str:
    """A relative file link that a colon in its first part cannot turn into a scheme."""
    return relative if safe_link(relative) else f"./{relative}"


def page_data(corpus: CorpusRows, charts_: list[Chart], output: str | None) -> dict[str, Any]:
    """Everything the page script reads, as one JSON-ready object."""
    from tradenews.report.plots import json_rows

    return {
        "docs": doc_links(corpus, output),
        "evidence": views.topic_evidence(corpus),
        "charts": [
            {
                "id": c.id,
                "spec": c.spec,
                "rows": json_rows(c.table),
                "columns": c.columns,
            }
            for c in charts_
        ],
    }


def header(corpus: CorpusRows, info: ReportInfo) -> dict[str, Any]:
    """The numbers the page header shows."""
    dates = sorted(d["date"] for d in corpus.docs if d["date"])
    return {
        "documents": len(corpus.docs),
        "skipped": info.skipped,
        "first": dates[0] if dates else "",
        "last": dates[-1] if dates else "",
        "undated": len(corpus.docs) - len(dates),
        "model": info.model,
        "taxonomy": info.taxonomy,
        "threshold": info.threshold,
        "generated": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "version": __version__,
        "inputs": info.inputs,
    }


def _inline(text: str) -> str:
    """Code safe inside a <script> element (no early end tag)."""
    return _SCRIPT_END.sub(r"<\\/\1", text)


#: Characters that, even inside a JSON string, can end or change the <script> around
#: it (``</script>``, ``<!--<script>``), or end a line for old JavaScript parsers.
_JSON_UNSAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def inline_json(data: Any) -> str:
    """`data` as JSON that an HTML parser reads as the script's text and nothing else.

    The characters are only ever inside JSON strings, where the escape means the same.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_UNSAFE)


def write_report(out: IO[str], corpus: CorpusRows, info: ReportInfo, output: str | None) -> None:
    """Render the report of `corpus` to `out`."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("tradenews.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    charts_ = build_charts(corpus)
    officials = views.officials(corpus)
    data = page_data(corpus, charts_, output)
    data["officials"] = {
        "rows": json.loads(officials.to_json(orient="records", force_ascii=False)),
        "columns": ["name", "titles", "country", "organization", "docs", "mentions",
                    "first_seen", "last_seen"],
    }  # fmt: skip
    text = env.get_template("report.html.j2").render(
        title=info.title,
        head=header(corpus, info),
        charts=charts_,
        officials=officials.to_dict("records"),
        style=Markup(_resource("report.css")),
        script=Markup(_inline(_resource("report.js"))),
        bundle=Markup(_inline(vega_bundle())),
        data=Markup(inline_json(data)),
    )
    out.write(text)


def _resource(name: str) -> str:
    from importlib import resources

    return (resources.files("tradenews.report") / "templates" / name).read_text(encoding="utf-8")


def vega_bundle() -> str:
    """Vega + Vega-Lite + vega-embed as one script (vl-convert), cached on disk."""
    from importlib.metadata import version as installed

    import vl_convert as vlc

    version = vegalite_version()
    name = f"{BUNDLE_PREFIX}-{installed('vl-convert-python')}-{version or 'latest'}.js"
    path = _bundle_dir() / name
    with contextlib.suppress(OSError):
        return path.read_text(encoding="utf-8")
    bundle: str = vlc.javascript_bundle(BUNDLE_SNIPPET, vl_version=version)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bundle-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(bundle)
        os.replace(tmp, path)
    return bundle


def _bundle_dir() -> Path:
    from tradenews.engine.cache import default_cache_dir

    return Path(default_cache_dir())

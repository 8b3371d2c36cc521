"""tradenews's own output files among the inputs: known, named, never read as articles.

A run that writes into a folder a later run reads leaves files there that are not
articles. They are known by what tradenews puts in them: CSV, TSV, JSON, JSON Lines
and --report files by their columns; Parquet by the ``tradenews`` key of its schema
metadata (or its columns); XLSX by the workbook's creator; the HTML report by its
``<meta name="generator">``. The marks are written by :mod:`tradenews.marks`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from typing import Any

from tradenews.marks import HTML_GENERATOR, PARQUET_KEY, XLSX_CREATOR

#: Column sets of tradenews's own outputs (docs/output: entities, topics, officials,
#: countries, each per document and overall) and of its --report file. An input
#: whose records carry one of them is a previous run's output, not articles.
_OUTPUT_SIGNATURES = tuple(
    frozenset(columns.split())
    for columns in (
        "doc kind name text mentions start end",
        "doc topic label score",
        "topic label docs share",
        "month topic label docs month_docs",
        "topic label country name docs",
        "name titles country kind docs first_seen last_seen",
        "doc name title country kind mentions",
        "country name docs mentions share",
        "doc country name mentions text",
        "documents ok skipped items",
    )
)
#: The reason given for an ignored output (a notice, not a skip).
OUR_OUTPUT = "a tradenews output file, not articles: not read"
#: The reason given for a workbook tradenews did not write (a skip: it may hold articles).
NOT_READ_XLSX = "an Excel workbook: tradenews does not read .xlsx files (save it as CSV)"

# Where the head of an HTML page is looked for the generator (our page has it first).
_HEAD_CHARS = 64 * 1024
_META = re.compile(r"<meta\b[^>]*>", re.I)
_GENERATOR = re.compile(r"""\bname\s*=\s*["']?generator\b""", re.I)
_OUR_CONTENT = re.compile(rf"""\bcontent\s*=\s*["']?\s*{HTML_GENERATOR}\b""", re.I)
_CREATOR = re.compile(rf"<(?:\w+:)?creator\b[^>]*>\s*{XLSX_CREATOR}\s*<")
_CORE_XML_MAX = 1 << 20


def is_tradenews_output(columns: Iterable[object]) -> bool:
    """True when record fields (a CSV header, JSON keys) are those of a tradenews output."""
    keys = {str(c).strip().lower() for c in columns}
    return any(signature <= keys for signature in _OUTPUT_SIGNATURES)


def is_our_parquet(schema: Any) -> bool:
    """A Parquet schema (pyarrow) with the tradenews mark, or the columns of an output."""
    return PARQUET_KEY in (schema.metadata or {}) or is_tradenews_output(schema.names)


def is_our_html(page: bytes) -> bool:
    """An HTML page whose <meta name="generator"> says tradenews (the report)."""
    head = page[:_HEAD_CHARS].decode("utf-8", "replace")
    return any(
        _GENERATOR.search(meta) and _OUR_CONTENT.search(meta)
        for meta in (m.group() for m in _META.finditer(head))
    )


def is_our_xlsx(path: str) -> bool:
    """A workbook whose creator property is tradenews (only its small core part is read)."""
    try:
        with zipfile.ZipFile(path) as book, book.open("docProps/core.xml") as core:
            text = core.read(_CORE_XML_MAX).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - a workbook that cannot be opened is not one we wrote
        return False
    return bool(_CREATOR.search(text))

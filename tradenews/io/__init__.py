"""Reading inputs: PATH arguments -> Documents (or Skips), for every input format.

The only package that touches input files. It streams (one file, or one JSON
Lines / CSV row, at a time) and never raises for bad input: anything it cannot
read becomes a `Skip` with a one-line reason, so a run over a messy folder
reports the bad files and goes on with the rest.

The public API:

- `read_documents(paths, ...)`: the document stream, in input order.
- `check_paths(paths)`: raise `NoSuchPath` (a usage error) before any work.
- `input_files(paths)`: the files that will be read, with id and format;
  `count_documents(paths)`: the number of documents when known without reading
  them (for a progress bar), else None.
- `parse_date`, `dateline_date`: the publication-date parser (metadata values,
  datelines); `split_front_matter`: YAML front matter of a text.

Modules: paths (which files), decode (bytes -> text), formats (text, JSON,
JSON Lines, CSV readers), html (trafilatura), metadata (front matter, fields ->
Document), pubdate (publication dates), errors (Skip reasons).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from tradenews.document import Document, Skip
from tradenews.io.errors import guarded
from tradenews.io.formats import read_file, read_stdin
from tradenews.io.metadata import ReadOptions, split_front_matter
from tradenews.io.paths import (
    InputFile,
    NoSuchPath,
    check_paths,
    count_documents,
    expand,
    input_files,
)
from tradenews.io.pubdate import dateline_date, parse_date

__all__ = [
    "InputFile",
    "NoSuchPath",
    "ReadOptions",
    "check_paths",
    "count_documents",
    "dateline_date",
    "input_files",
    "parse_date",
    "read_documents",
    "split_front_matter",
]


def read_documents(
    paths: Sequence[str],
    *,
    default_date: dt.date | None = None,
    text_column: str = "text",
    stdin_jsonl: bool = False,
) -> Iterator[Document | Skip]:
    """Yield one Document per article (or a Skip naming what could not be read).

    Output order is input order: PATH arguments as given, directory contents
    sorted by name, records in file order. Never raises for bad input.
    """
    opts = ReadOptions(default_date=default_date, text_column=text_column or "text")
    for p in paths:
        if p == "-":
            yield from guarded("-", read_stdin(opts, jsonl=stdin_jsonl))
            continue
        for item in guarded(p, expand(p)):
            if isinstance(item, Skip):
                yield item
            else:
                doc_id, path = item
                yield from guarded(doc_id, read_file(doc_id, path, opts))

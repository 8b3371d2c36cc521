"""Reading inputs: PATH arguments -> Documents (or Skips), for every input format.

The only package that touches input files. It streams (one file, or one JSON
Lines / CSV row, at a time) and never raises for bad input: anything it cannot
read becomes a `Skip` with a one-line reason, so a run over a messy folder
reports the bad files and goes on with the rest.

The public API:

- `read_documents(paths, ...)`: the document stream, in input order. A Document
  may carry `warnings` (what was repaired); a Skip with `ignored` set is not an
  article at all (tradenews's own output read back) and is not a failure.
- `check_paths(paths)`: raise `NoSuchPath` (a usage error) before any work.
- `input_files(paths)`: the files that will be read, with id and format;
  `count_documents(paths)`: the number of documents when known without reading
  them (for a progress bar), else None.
- `overwritten_input(paths, outputs)`: an output path that is one of the inputs
  (checked before any work: a run must not write over what it reads).
- `MAX_DECOMPRESSED`: the default cap on what a compressed input may expand to.
- `parse_date`, `dateline_date`: the publication-date parser (metadata values,
  datelines); `split_front_matter`: YAML front matter of a text.

Modules: paths (which files), decode (bytes -> text, decompression), formats
(text, JSON, JSON Lines, CSV readers), own (tradenews's own outputs among the
inputs), html and htmlmeta (trafilatura, page metadata), metadata (front matter,
fields -> Document), clean (text hygiene before analysis), pubdate (publication
dates), errors (Skip reasons).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
from collections.abc import Iterable, Iterator, Sequence

from tradenews.document import Document, Skip
from tradenews.io.decode import MAX_DECOMPRESSED
from tradenews.io.errors import guarded
from tradenews.io.formats import read_file, read_stdin
from tradenews.io.metadata import ReadOptions, split_front_matter
from tradenews.io.own import is_tradenews_output
from tradenews.io.paths import (
    InputFile,
    NoSuchPath,
    Seen,
    check_paths,
    count_documents,
    expand,
    input_files,
)
from tradenews.io.pubdate import dateline_date, parse_date

__all__ = [
    "MAX_DECOMPRESSED",
    "InputFile",
    "NoSuchPath",
    "ReadOptions",
    "check_paths",
    "count_documents",
    "dateline_date",
    "input_files",
    "is_tradenews_output",
    "overwritten_input",
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
    max_decompressed: int | None = MAX_DECOMPRESSED,
    exclude: Iterable[str] = (),
    id_field: str | None = None,
) -> Iterator[Document | Skip]:
    """Yield one Document per article (or a Skip naming what could not be read).

    Output order is input order: PATH arguments as given, directory contents
    sorted by name, records in file order; a file met again (a link, a second
    argument) is read the first time only. Never raises for bad input.
    `max_decompressed` caps what one compressed file may expand to (None: no
    cap); `exclude` names files never to read (the run's own output files);
    `id_field` names the record field to use as document id (default `path#N`).
    """
    opts = ReadOptions(
        default_date=default_date,
        text_column=text_column or "text",
        max_decompressed=max_decompressed,
        id_field=id_field or None,
    )
    excluded = {os.path.realpath(p) for p in exclude}
    seen = Seen()
    for p in paths:
        if p == "-":
            yield from guarded("-", read_stdin(opts, jsonl=stdin_jsonl))
            continue
        for item in guarded(p, expand(p, seen)):
            if isinstance(item, Skip):
                yield item
            else:
                doc_id, path = item
                if excluded and os.path.realpath(path) in excluded:
                    continue
                yield from guarded(doc_id, read_file(doc_id, path, opts))


def overwritten_input(paths: Sequence[str], outputs: Iterable[str]) -> tuple[str, str] | None:
    """(output, input doc id) for an output path that is one of the inputs, else None.

    The same file (device and inode) named directly, through a link, or found in an
    input folder or pattern. An output that does not exist yet is no input. A file
    tradenews wrote, found in a folder or by a pattern, is none either: it is never read
    as articles, and a run may replace its own earlier output in the folder it reads.
    """
    targets: dict[tuple[int, int], str] = {}
    for out in outputs:
        key = _regular_file_key(out)
        if key is not None:
            targets.setdefault(key, out)
    if not targets:
        return None
    for p in paths:  # a file named as a PATH is meant as input, whatever it holds
        target = targets.get(_regular_file_key(p) or (-1, -1)) if p != "-" else None
        if target is not None:
            return target, p
    for f in input_files(p for p in paths if p != "-"):
        target = targets.get(_regular_file_key(f.path) or (-1, -1))
        if target is not None and not _is_own_output(f.path):
            return target, f.doc_id
    return None


def _regular_file_key(path: str) -> tuple[int, int] | None:
    """(device, inode) of a regular file (links followed); None for anything else."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _is_own_output(path: str) -> bool:
    """Whether the reader names this file a tradenews output (it reads no further)."""
    with contextlib.closing(read_file(path, path, ReadOptions())) as items:
        first = next(guarded(path, items), None)
    return isinstance(first, Skip) and first.ignored

"""PATH arguments -> the files to read, in order, each with its document id and format.

The one place that knows which files a run reads: the reader walks them, and the
CLI's progress counter asks `input_files` / `count_documents` instead of repeating
the list of formats.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tradenews.document import Skip
from tradenews.io.errors import describe

TEXT_EXT = {".txt", ".text", ".md", ".markdown", ".rst"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
CSV_EXT = {".csv"}
TSV_EXT = {".tsv"}
PARQUET_EXT = {".parquet", ".pq"}
COMPRESSED_EXT = (".gz", ".gzip", ".bz2", ".xz")

#: Formats whose file is exactly one document (the others hold records).
SINGLE_DOCUMENT_FORMATS = frozenset({"text", "html", "other"})

#: OS litter that is never an article: ignored silently in directories.
_JUNK_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini"}


class NoSuchPath(Exception):
    """A PATH argument matches nothing (a usage error: exit status 2)."""


@dataclass(frozen=True)
class InputFile:
    """One file the reader will read: its document id (the path as given), path and format."""

    doc_id: str
    path: str
    format: str

    @property
    def single_document(self) -> bool:
        """True when the file is one document (not JSON, JSON Lines or CSV records)."""
        return self.format in SINGLE_DOCUMENT_FORMATS


def check_paths(paths: Iterable[str]) -> None:
    """Fail early, before any work, when a PATH names nothing."""
    for p in paths:
        if p == "-" or os.path.lexists(p):
            continue
        if glob.has_magic(p):
            if next(glob.iglob(p, recursive=True), None) is None:
                raise NoSuchPath(f"{p}: no files match this pattern")
            continue
        raise NoSuchPath(f"{p}: no such file or directory")


def input_files(paths: Iterable[str]) -> Iterator[InputFile]:
    """The files the reader will read for these PATHs, in reading order (stdin excluded)."""
    for p in paths:
        if p == "-":
            continue
        for item in expand(p):
            if not isinstance(item, Skip):
                doc_id, path = item
                yield InputFile(doc_id, path, format_of(path))


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents the PATHs hold, when known without reading them; else None.

    Known when every input is a single-document file (text, HTML): standard input
    and record files (JSON, JSON Lines, CSV) make the count unknown.
    """
    paths = list(paths)
    if "-" in paths:
        return None
    count = 0
    for f in input_files(paths):
        if not f.single_document:
            return None
        count += 1
    return count


def display(path: str) -> str:
    """A doc id that can always be printed and encoded (undecodable names get U+FFFD)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def expand(p: str) -> Iterator[tuple[str, str] | Skip]:
    """One PATH argument -> (doc id, real path) per file, or a Skip."""
    if os.path.lexists(p):
        targets = [p]
    elif glob.has_magic(p):
        targets = sorted(glob.glob(p, recursive=True))
        if not targets:
            yield Skip(p, "no files match this pattern")
    else:
        yield Skip(p, "no such file or directory")
        return
    for t in targets:
        if os.path.isdir(t):
            yield from _walk(t, set())
        else:
            yield (display(t), t)


def _walk(top: str, seen: set[tuple[int, int]]) -> Iterator[tuple[str, str] | Skip]:
    """Files under `top`, recursively, sorted by name, without hidden entries."""
    try:
        st = os.stat(top)
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop
            return
        seen.add(key)
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Skip(display(top), describe(e))
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name.lower() in _JUNK_NAMES:
            continue
        path = os.path.join(top, name)
        try:
            is_dir = entry.is_dir()  # follows symlinks; loops are caught by `seen`
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield (display(path), path)


def file_kind(mode: int) -> str | None:
    """Why a non-regular file is not read (reading a FIFO would block forever)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "not a regular file (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (device)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (socket)"
    return "not a regular file"


def format_of(path: str) -> str:
    """The input format from the file name (compression suffixes see through)."""
    name = os.path.basename(path).lower()
    for suffix in COMPRESSED_EXT:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    ext = os.path.splitext(name)[1]
    if ext in HTML_EXT:
        return "html"
    if ext in JSON_EXT:
        return "json"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in CSV_EXT:
        return "csv"
    if ext in TSV_EXT:
        return "tsv"
    if ext in PARQUET_EXT:
        return "parquet"
    if ext in TEXT_EXT:
        return "text"
    return "other"  # no extension, or an unknown one: text, unless it is an HTML page

"""PATH arguments -> the files to read, in order, each with its document id and format.

The one place that knows which files a run reads: the reader walks them, and the
CLI's progress counter asks `input_files` / `count_documents` instead of repeating
the list of formats.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections import deque
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
XLSX_EXT = {".xlsx", ".xlsm"}  # never read: named as ours or as not read
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
            found = matches(p) if _recursive(p) else next(glob.iglob(p), None)
            if not found:
                raise NoSuchPath(f"{p}: no files match this pattern")
            continue
        raise NoSuchPath(f"{p}: no such file or directory")


def input_files(paths: Iterable[str]) -> Iterator[InputFile]:
    """The files the reader will read for these PATHs, in reading order (stdin excluded)."""
    seen = Seen()
    for p in paths:
        if p == "-":
            continue
        for item in expand(p, seen):
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
        if f.format == "xlsx":  # never read
            continue
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


class Seen:
    """The files a run has already taken, by (device, inode): each is read once.

    A file named twice (two arguments, a folder and a file in it, a symbolic or hard
    link beside its target, a pattern reaching it by two routes) is read the first
    time only, silently: it is the same article.
    """

    def __init__(self) -> None:
        self._keys: set[tuple[int, int]] = set()

    def first_time(self, path: str) -> bool:
        """True the first time a file is met (and for a file that cannot be stat'ed)."""
        try:
            st = os.stat(path)
        except OSError:
            return True  # broken link, no permission...: the reader names the problem
        if not st.st_ino:  # a file system without inode numbers: no way to tell
            return True
        key = (st.st_dev, st.st_ino)
        if key in self._keys:
            return False
        self._keys.add(key)
        return True


def expand(p: str, seen: Seen | None = None) -> Iterator[tuple[str, str] | Skip]:
    """One PATH argument -> (doc id, real path) per file, or a Skip.

    Files already met in this run (`seen`) are left out: each file is read once.
    """
    seen = seen if seen is not None else Seen()
    if os.path.lexists(p):
        targets = [p]
    elif glob.has_magic(p):
        targets = matches(p)
        if not targets:
            yield Skip(p, "no files match this pattern")
    else:
        yield Skip(p, "no such file or directory")
        return
    for t in targets:
        items = _walk(t) if os.path.isdir(t) else iter([(display(t), t)])
        for item in items:
            if isinstance(item, Skip) or seen.first_time(item[1]):
                yield item


def matches(pattern: str) -> list[str]:
    """The paths a pattern names, sorted; `**` spans folders, each real folder once.

    A pattern without `**` has a fixed depth and is the standard glob. With `**`, the
    standard glob follows symbolic links to folders without end (``sub/up -> ..``
    makes the same files appear at every depth, ``self -> .`` never finishes): here
    each real folder is visited once per part of the pattern, so the expansion ends.
    """
    if not _recursive(pattern):
        return sorted(glob.glob(pattern))
    return sorted(_recursive_glob(pattern))


def _recursive(pattern: str) -> bool:
    """Whether a pattern has a `**` part (any depth of folders)."""
    return "**" in pattern.split(os.sep)


def _recursive_glob(pattern: str) -> list[str]:
    parts = [part for part in pattern.split(os.sep) if part]
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = os.sep.join(parts[:fixed])
    if pattern.startswith(os.sep):
        root = os.sep + root
    found: list[str] = []
    visited: set[tuple[int, int, int]] = set()
    # Breadth first, so the shortest route to a folder is the one kept. A state is
    # (folder, pattern part, whether the folder was just entered from the part before).
    queue: deque[tuple[str, int, bool]] = deque([(root, fixed, True)])
    while queue:
        folder, index, entered = queue.popleft()
        try:
            st = os.stat(folder or ".")
        except OSError:
            continue
        if (st.st_dev, st.st_ino, index) in visited:
            continue
        visited.add((st.st_dev, st.st_ino, index))
        part, last = parts[index], index == len(parts) - 1
        if part == "**" and not last:
            queue.append((folder, index + 1, True))  # `**` spans no folder at all
        elif part == "**" and entered and folder:
            found.append(os.path.join(folder, ""))
        for name, is_dir in _entries(folder, part):
            path = os.path.join(folder, name)
            if last:
                found.append(path)
            if is_dir and part == "**":
                queue.append((path, index, False))
            elif is_dir and not last:
                queue.append((path, index + 1, True))
    if pattern.endswith(os.sep):  # like glob: a final separator names folders only
        return [os.path.join(p, "") for p in found if os.path.isdir(p)]
    return found


def _entries(folder: str, part: str) -> list[tuple[str, bool]]:
    """(name, is a folder) of the entries of `folder` that one pattern part matches."""
    if part == "**" or glob.has_magic(part):
        try:
            with os.scandir(folder or ".") as it:
                entries = [(e.name, _is_dir(e)) for e in it]
        except OSError:
            return []
        if not part.startswith("."):  # like glob: `*` and `**` do not match hidden names
            entries = [(n, d) for n, d in entries if not n.startswith(".")]
        if part == "**":
            return entries
        names = set(fnmatch.filter([n for n, _ in entries], part))
        return [(n, d) for n, d in entries if n in names]
    path = os.path.join(folder, part)
    if not part or not os.path.lexists(path):
        return []
    return [(part, os.path.isdir(path))]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows symbolic links; cycles are cut by `visited`
    except OSError:
        return False


def _walk(top: str) -> Iterator[tuple[str, str] | Skip]:
    """Files under `top`, recursively, sorted by name, without hidden entries.

    Walked with a stack of its own, not by recursion, so no depth of folders is too
    deep; a folder reached again through a symbolic link is walked once.
    """
    visited: set[tuple[int, int]] = set()
    stack: list[Iterator[tuple[str, bool]]] = []
    folder: str | None = top
    while True:
        if folder is not None:
            listing = _listing(folder, visited)
            if isinstance(listing, Skip):
                yield listing
            elif listing is not None:
                stack.append(iter([(os.path.join(folder, name), d) for name, d in listing]))
            folder = None
        if not stack:
            return
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, is_dir = entry
        if is_dir:
            folder = path
        else:
            yield (display(path), path)


def _listing(folder: str, visited: set[tuple[int, int]]) -> list[tuple[str, bool]] | Skip | None:
    """A folder's entries to read (name, is a folder), sorted; None if already walked."""
    try:
        st = os.stat(folder)
        key = (st.st_dev, st.st_ino)
        if key in visited:  # a symlink loop, or a folder linked twice
            return None
        visited.add(key)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        return Skip(display(folder), describe(e))
    return [
        (e.name, _is_dir(e))
        for e in entries
        if not e.name.startswith(".") and e.name.lower() not in _JUNK_NAMES
    ]


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
    if ext in XLSX_EXT:
        return "xlsx"
    if ext in TEXT_EXT:
        return "text"
    return "other"  # no extension, or an unknown one: text, unless it is an HTML page

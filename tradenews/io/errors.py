"""Why an input cannot be read: the one exception of the reader and its one-line reasons.

Nothing in `tradenews.io` raises for bad input: readers raise `Unreadable` (or let
an OS / codec error through) and `guarded` turns it into a `Skip` for that input,
so a run over a messy folder reports the bad files and goes on with the rest.
"""

from __future__ import annotations

import gzip
import lzma
import zlib
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tradenews.document import Skip

_T = TypeVar("_T")


class Unreadable(Exception):
    """A file (or record) that cannot become a document; the message is the reason."""


def guarded(doc_id: str, items: Iterable[_T]) -> Iterator[_T | Skip]:
    """Turn any exception while reading into a Skip for the file: never a traceback."""
    try:
        yield from items
    except Exception as e:  # noqa: BLE001 - bad input of any kind must not stop the run
        yield Skip(doc_id, describe(e))


#: Reasons for the exceptions reading can raise, most specific first.
_REASONS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (PermissionError, "permission denied"),
    (FileNotFoundError, "no such file or directory"),
    (IsADirectoryError, "is a directory"),
    (gzip.BadGzipFile, "not valid gzip data"),
    (EOFError, "compressed file ends too early"),
    ((zlib.error, lzma.LZMAError), "corrupt compressed data"),
    (RecursionError, "too deeply nested"),
    (MemoryError, "too large to read into memory"),
    (UnicodeError, "cannot decode the text"),
)


def describe(e: BaseException) -> str:
    """A short, human reason for an exception raised while reading."""
    if isinstance(e, Unreadable):
        return str(e)
    for kind, reason in _REASONS:
        if isinstance(e, kind):
            return reason
    if isinstance(e, OSError):
        return (e.strerror or str(e) or type(e).__name__).lower()
    msg = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {msg}"[:200] if msg else type(e).__name__

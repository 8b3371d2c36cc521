"""PATH arguments -> Documents (or Skips), in input order, for every input format."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

from tradenews.document import Document, Skip


class NoSuchPath(Exception):
    """A PATH argument matches nothing (a usage error: exit status 2)."""


def check_paths(paths: Sequence[str]) -> None:
    """Fail early, before any work, when a PATH names nothing."""
    for p in paths:
        if p != "-" and not Path(p).exists():
            raise NoSuchPath(f"{p}: no such file or directory")


def read_documents(
    paths: Sequence[str],
    *,
    default_date: dt.date | None = None,
) -> Iterator[Document | Skip]:
    """Yield one Document per article (or a Skip naming what could not be read)."""
    for p in paths:
        if p == "-":
            yield _text_document("-", sys.stdin.read(), default_date)
            continue
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as e:
                yield Skip(str(f), str(e))
                continue
            yield _text_document(str(f), text, default_date)


def _text_document(doc_id: str, text: str, default_date: dt.date | None) -> Document:
    meta: dict = {}
    if text.startswith("---"):
        _, _, rest = text.partition("\n")
        head, sep, body = rest.partition("\n---")
        if sep:
            meta = yaml.safe_load(head) or {}
            text = body.partition("\n")[2]
    date = meta.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    elif isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    source = "metadata" if date else ("option" if default_date else None)
    return Document(
        doc=doc_id,
        text=text,
        title=meta.get("title"),
        date=date or default_date,
        date_source=source,
        source=meta.get("source"),
        url=meta.get("url"),
    )

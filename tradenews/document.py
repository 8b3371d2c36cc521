"""The unit of work: one article with its metadata, as the reader hands it on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One news article.

    `date` is the publication date (the DCT that relative dates resolve against);
    `date_source` says where it came from ("metadata", "dateline", "option"), so a
    user can see why a relative date came out as it did. `warnings` are what the
    reader repaired or chose for this document (one line each, for stderr and the
    run report): the document is analyzed all the same.
    """

    doc: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    date_source: str | None = None
    source: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skip:
    """A document or file that could not be read, and why (one stderr line each).

    `ignored` marks inputs that are not articles at all (a file tradenews wrote, read
    back from the input folder): named on stderr, not counted as skipped.
    """

    doc: str
    reason: str
    ignored: bool = False

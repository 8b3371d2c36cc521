"""How tradenews marks the files it writes, so that a later run knows them for its own.

An output saved into a folder that a later run reads is not an article: the reader
recognizes these marks (:mod:`tradenews.io.own`) and names such a file instead of
reading its rows as documents. CSV and JSON outputs are known by their columns.
"""

from __future__ import annotations

import json

from tradenews import __version__

#: Parquet: a key of the file's schema metadata (its value: JSON with the version).
PARQUET_KEY = b"tradenews"
#: XLSX: the workbook's creator property.
XLSX_CREATOR = "tradenews"
#: HTML: the content of <meta name="generator"> starts with this word.
HTML_GENERATOR = "tradenews"


def parquet_metadata() -> dict[bytes, bytes]:
    """The schema metadata entry every Parquet output carries."""
    return {PARQUET_KEY: json.dumps({"version": __version__}).encode("utf-8")}

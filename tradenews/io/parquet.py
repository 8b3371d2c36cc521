"""Parquet input: one document per row (a text column, optional id/title/date columns).

Rows become documents exactly as JSON records and CSV rows do (same field names,
``--text-column``); the file is read in record batches, so a large file streams.
Dates stored as Parquet dates or timestamps are read as the dates they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from tradenews.document import Document, Skip
from tradenews.io.errors import describe
from tradenews.io.metadata import ReadOptions
from tradenews.io.own import OUR_OUTPUT, is_our_parquet

BATCH_ROWS = 1024


def parquet_documents(doc_id: str, path: str, opts: ReadOptions) -> Iterator[Document | Skip]:
    """The documents of a Parquet file: ``FILE#1``, ``FILE#2``... unless an id column names them."""
    from tradenews.io.formats import _record_document, missing_text_column

    try:
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        batches = parquet.iter_batches(batch_size=BATCH_ROWS)
    except Exception as e:  # noqa: BLE001 - not Parquet, truncated, unreadable: one skip
        yield Skip(doc_id, f"not a readable Parquet file ({describe(e)})")
        return
    if is_our_parquet(parquet.schema_arrow):
        yield Skip(doc_id, OUR_OUTPUT, ignored=True)
        return
    refused = missing_text_column(doc_id, parquet.schema_arrow.names, opts)
    if refused is not None:
        yield refused
        return
    n = 0
    for batch in batches:
        for record in batch.to_pylist():
            n += 1
            yield _record_document(f"{doc_id}#{n}", _plain(record), opts)
    if n == 0:
        yield Skip(doc_id, "no data rows")


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Parquet values as the record readers expect them: dates as ISO text, binary
    columns holding UTF-8 as text (writers that do not mark strings store them so)."""
    return {key: _plain_value(value) for key, value in record.items()}


def _plain_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value  # the text field says so; other fields ignore it
    return value

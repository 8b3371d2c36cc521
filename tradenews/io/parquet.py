"""Parquet input: one document per row (a text column, optional id/title/date columns).

Rows become documents exactly as JSON records and CSV rows do (same field names,
``--text-column``); the file is read row group by row group in record batches, so a
large file streams. Dates stored as Parquet dates or timestamps are read as the
dates they are.

Parquet is compressed and dictionary-encoded: a 1 KB file can hold thousands of rows
that all repeat one 3 MB value, 9 GB once read. It is held to the limits of the other
formats: ``--max-decompressed`` for the whole file (checked on each row group's stated
size before it is read, then on every row's actual size) and ``RECORD_MAX`` for one
row, as for a CSV record. Text columns are read dictionary-encoded, so a repeated
value stays one value, and a row becomes Python values only once its size is known to
be within both limits; documents read before the file's limit is reached are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from tradenews.document import Document, Skip
from tradenews.io.decode import too_large
from tradenews.io.errors import describe
from tradenews.io.formats import (
    RECORD_MAX,
    RECORD_TOO_LONG,
    _record_document,
    missing_text_column,
)
from tradenews.io.metadata import ReadOptions
from tradenews.io.own import OUR_OUTPUT, is_our_parquet

BATCH_ROWS = 1024
#: Rows are turned into Python values this many bytes at a time, at most.
CHUNK_BYTES = 16 << 20
#: What a value that is not text or bytes is counted as (a number, a date).
_SCALAR_BYTES = 8
#: Logical types of byte-array columns read dictionary-encoded (text, JSON, raw bytes).
_TEXT_TYPES = frozenset({"STRING", "JSON", "BSON", "ENUM", "NONE"})


def parquet_documents(doc_id: str, path: str, opts: ReadOptions) -> Iterator[Document | Skip]:
    """The documents of a Parquet file: ``FILE#1``, ``FILE#2``... unless an id column names them."""
    try:
        import pyarrow.parquet as pq

        meta = pq.read_metadata(path)
        columns = [meta.schema.column(i) for i in range(meta.num_columns)]
        text_leaves = [
            c.path
            for c in columns
            if c.physical_type == "BYTE_ARRAY" and c.logical_type.type in _TEXT_TYPES
        ]
        parquet = pq.ParquetFile(path, read_dictionary=text_leaves)
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
    rows = _Rows(doc_id, opts)
    for group in range(meta.num_row_groups):
        stated = meta.row_group(group).total_byte_size
        if rows.over_limit(stated):
            yield Skip(doc_id, too_large(rows.limit or 0))
            return
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=[group]):
            yield from rows.of_batch(batch)
            if rows.stopped:
                return
    if rows.n == 0:
        yield Skip(doc_id, "no data rows")


class _Rows:
    """The documents of a file's record batches, counted against the size limits."""

    def __init__(self, doc_id: str, opts: ReadOptions) -> None:
        self.doc_id = doc_id
        self.opts = opts
        self.limit = opts.max_decompressed
        self.used = 0  # bytes of the file's rows read so far
        self.n = 0
        self.stopped = False

    def over_limit(self, size: int) -> bool:
        return self.limit is not None and self.used + size > self.limit

    def of_batch(self, batch: Any) -> Iterator[Document | Skip]:
        """The batch's documents; a row too long is one skip, the file's limit ends it."""
        start, pending = 0, 0  # rows [start, k) are within limits, not yet read
        for k, size in enumerate(row_sizes(batch)):
            if self.over_limit(size) or size > RECORD_MAX or pending + size > CHUNK_BYTES:
                yield from self._documents(batch, start, k)
                start, pending = k, 0
            if self.over_limit(size):
                self.stopped = True
                yield Skip(self.doc_id, too_large(self.limit or 0))
                return
            self.used += size
            if size > RECORD_MAX:
                self.n += 1
                yield Skip(f"{self.doc_id}#{self.n}", RECORD_TOO_LONG)
                start = k + 1
                continue
            pending += size
        yield from self._documents(batch, start, batch.num_rows)

    def _documents(self, batch: Any, start: int, stop: int) -> Iterator[Document | Skip]:
        if stop <= start:
            return
        for record in batch.slice(start, stop - start).to_pylist():
            self.n += 1
            yield _record_document(f"{self.doc_id}#{self.n}", _plain(record), self.opts)


def row_sizes(batch: Any) -> Any:
    """Bytes each row of a record batch holds once read (numpy int64 array)."""
    import numpy as np

    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for column in batch.columns:
        sizes += _sizes(column)
    return sizes


def _sizes(array: Any) -> Any:
    """Bytes per value of an Arrow array: text and bytes by length, nested by content."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if pa.types.is_dictionary(kind):
        lengths = _sizes(array.dictionary)
        indices = pc.fill_null(array.indices, 0).to_numpy(zero_copy_only=False)
        per_row = lengths[indices] if len(lengths) else np.zeros(len(array), dtype=np.int64)
        return np.where(array.is_valid().to_numpy(zero_copy_only=False), per_row, 0)
    if (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_binary(kind)
        or (pa.types.is_large_binary(kind))
    ):
        lengths = pc.fill_null(pc.binary_length(array), 0)
        return lengths.to_numpy(zero_copy_only=False).astype(np.int64)
    if isinstance(array, (pa.ListArray, pa.LargeListArray)):
        values = _sizes(array.flatten())
        parents = pc.list_parent_indices(array).to_numpy(zero_copy_only=False)
        return np.bincount(parents, weights=values, minlength=len(array)).astype(np.int64)
    if isinstance(array, pa.StructArray):
        total = np.zeros(len(array), dtype=np.int64)
        for field in array.flatten():
            total += _sizes(field)
        return total
    return np.full(len(array), _SCALAR_BYTES, dtype=np.int64)


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

"""Rows -> each output format. CSV and JSONL stream row by row; table and JSON collect.

Also owns the CSV rule that cells a spreadsheet would run as a formula are escaped;
where the bytes go (atomic files, devices, FIFOs) is :mod:`tradenews.outfiles`.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from tradenews.marks import parquet_metadata
from tradenews.outfiles import open_output as open_output  # where output files go
from tradenews.textsafe import UNSAFE_IN_CELL, visible

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import JustifyMethod

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "parquet", "xlsx")
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".xlsx": "xlsx",
}
# Formats written as bytes, from the whole table (pandas: pyarrow, openpyxl).
BINARY_FORMATS = frozenset({"parquet", "xlsx"})
# OWASP CSV-injection guidance: cells starting with these run as formulas in spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SHORT_COLUMNS = frozenset(
    {"kind", "country", "value", "mentions", "start", "end", "docs", "share", "score", "trend"}
)
NUMERIC_COLUMNS = frozenset({"mentions", "start", "end", "docs", "share", "score", "documents"})


class OutputFormatError(ValueError):
    """--output names a file whose format cannot be guessed and --format was not given."""


def guess_format(output: str | None, fmt: str | None, is_tty: bool) -> str:
    """--format wins; else the --output extension; else a table on a terminal, CSV in a pipe."""
    if fmt:
        return fmt
    if output and output != "-":
        ext = os.path.splitext(output)[1].lower()
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
        if ext in (".txt", ""):
            return "table"
        raise OutputFormatError(
            f"cannot tell the format of {output!r} from its extension; "
            f"use --format ({', '.join(FORMATS)})"
        )
    return "table" if is_tty else "csv"


# A lone "-" and the standard-input ids "-#1", "-#2"... are not formulas in any
# spreadsheet; kept as they are, document ids join across CSV and JSON outputs.
_NOT_A_FORMULA = re.compile(r"-(?:#\d+)?\Z")


def escape_formula(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would evaluate with a single quote."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _NOT_A_FORMULA.match(value)
    ):
        return "'" + value
    return value


def write_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    out: IO[str],
    *,
    title: str | None = None,
    escape_formulas: bool = True,
    color: bool | None = None,
    table_columns: Sequence[str] | None = None,
) -> int:
    """Write rows in `fmt` and return how many were written.

    `table_columns` narrows what a terminal table shows (offsets and raw mention
    text are for machines); the file formats always carry every column.
    """
    if fmt in ("csv", "tsv"):
        return _write_csv(rows, columns, out, escape_formulas, "\t" if fmt == "tsv" else ",")
    if fmt == "jsonl":
        n = 0
        for row in rows:
            out.write(json.dumps(json_row(row, columns), ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "json":
        return _write_json(rows, columns, out)
    if fmt in BINARY_FORMATS:
        return _write_binary(rows, columns, fmt, out)
    if fmt == "table":
        return write_table(list(rows), table_columns or columns, out, title=title, color=color)
    raise ValueError(f"unknown format {fmt!r}")


def _write_csv(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    out: IO[str],
    escape: bool,
    delimiter: str = ",",
) -> int:
    """RFC 4180 CSV (or the same with tabs); cells quoted only where needed."""
    writer = csv.writer(out, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow(columns)
    n = 0
    for row in rows:
        cells = ("" if row.get(c) is None else row.get(c) for c in columns)
        writer.writerow([escape_formula(v) for v in cells] if escape else list(cells))
        n += 1
    return n


def _write_json(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    """A JSON array written element by element (valid JSON even for an empty stream)."""
    n = 0
    out.write("[")
    for row in rows:
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(json_row(row, columns), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def json_row(row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    """A flat object with every column; empty strings become null, per the contract."""
    return {c: (None if row.get(c) in ("", None) else row.get(c)) for c in columns}


def write_table(
    rows: list[dict[str, Any]],
    columns: Sequence[str],
    out: IO[str],
    *,
    title: str | None = None,
    color: bool | None = None,
) -> int:
    """A rich table; columns empty in every row are left out to save width."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    docs = {r.get("doc") for r in rows}
    if "doc" in columns and len(docs) == 1:
        # One document: name it once in the title instead of on every row.
        title = f"{title or ''}: {docs.pop()}" if title else str(docs.pop())
        columns = [c for c in columns if c != "doc"]
    shown_title = Text(visible(title)) if title else None  # plain text: no markup, no escapes
    table = Table(title=shown_title, header_style="bold", title_justify="left")
    shown = [c for c in columns if any(r.get(c) not in ("", None) for r in rows)] or list(columns)
    for c in shown:
        justify: JustifyMethod = "right" if c in NUMERIC_COLUMNS else "left"
        table.add_column(c, overflow="fold", justify=justify, no_wrap=c in SHORT_COLUMNS)
    for r in rows:
        table.add_row(*(_table_cell(r.get(c)) for c in shown))
    # On a terminal the table fits its width; in a pipe or a file nothing reads a
    # width, so cells are never wrapped or broken mid-word.
    width = None if _is_terminal(out) else _PIPE_WIDTH
    console = Console(file=out, force_terminal=color, highlight=False, soft_wrap=False, width=width)
    if not rows:
        console.print("(no rows)")
        return 0
    console.print(table)
    return len(rows)


_PIPE_WIDTH = 100_000


def _is_terminal(out: IO[str]) -> bool:
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _table_cell(value: Any) -> str:
    """A cell as rich markup: markup escaped, control characters shown as escapes."""
    from rich.markup import escape

    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return escape(visible(str(value), UNSAFE_IN_CELL))


def _write_binary(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str, out: IO[str]
) -> int:
    """Parquet or XLSX of the rows, written as bytes to `out`'s binary buffer.

    Parquet keeps the types (mentions and offsets integers, scores floats, TIMEX3
    values and dates as strings); XLSX is for opening directly: a frozen header
    row, an autofilter, column widths fitted to the content and dates as dates.
    """
    import io

    import pandas as pd

    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    buffer = io.BytesIO()
    if fmt == "parquet":
        _write_parquet(frame, buffer)
    else:
        from tradenews.xlsx import write_xlsx

        write_xlsx(frame, buffer)
    out.flush()
    binary = getattr(out, "buffer", None)
    if binary is None:
        raise OutputFormatError(f"{fmt} output needs a file or a pipe, not a text stream")
    binary.write(buffer.getvalue())
    binary.flush()
    return len(frame)


def _write_parquet(frame: Any, buffer: Any) -> None:
    """Parquet with the tradenews mark in its schema metadata (a later run knows it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **parquet_metadata()})
    pq.write_table(table, buffer)

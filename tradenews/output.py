"""Rows -> each output format. CSV and JSONL stream; table and JSON collect."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMATS = ("table", "csv", "json", "jsonl")
EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def guess_format(output: str | None, fmt: str | None, is_tty: bool) -> str:
    """--format wins; else the --output extension; else a table on a terminal, CSV in a pipe."""
    if fmt:
        return fmt
    if output:
        for ext, name in EXTENSIONS.items():
            if output.lower().endswith(ext):
                return name
        return "csv"
    return "table" if is_tty else "csv"


def _cell(value: Any) -> Any:
    return "" if value is None else value


def write_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    out: IO[str],
    *,
    title: str | None = None,
) -> int:
    """Write rows in `fmt`; returns the number written."""
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(_json_row(row, columns), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        data = [_json_row(r, columns) for r in rows]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        n = len(data)
    elif fmt == "table":
        n = _write_table(list(rows), columns, out, title)
    else:  # pragma: no cover - Click validates choices
        raise ValueError(f"unknown format {fmt!r}")
    return n


def _json_row(row: dict[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    return {c: (None if row.get(c) in ("", None) else row.get(c)) for c in columns}


def _write_table(rows: list[dict[str, Any]], columns: Sequence[str], out: IO[str], title: str | None) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    shown = [c for c in columns if any(r.get(c) not in ("", None) for r in rows)] or list(columns)
    for c in shown:
        table.add_column(c, overflow="fold", justify="right" if c in ("mentions", "start", "end", "docs", "share", "score") else "left")
    for r in rows:
        table.add_row(*(_fmt(r.get(c)) for c in shown))
    Console(file=out, soft_wrap=False, force_terminal=out is sys.stdout and out.isatty()).print(table)
    return len(rows)


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)

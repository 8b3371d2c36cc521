"""XLSX output: a workbook to open directly, that nothing in the data can break or arm.

- Every text cell is a text cell: an id or a quoted sentence starting with ``=``,
  ``+``, ``-`` or ``@`` is stored as the literal text, never as a formula, so no
  ``'`` prefix is needed (and ``--no-csv-escape`` has nothing to turn off here).
- Characters a workbook cannot hold (C0 controls other than tab, newline and
  carriage return) are written as their escapes (``\\x1b``), as on standard error.
- Past the sheet's row limit, rows go on to a new sheet (``tradenews2``, ...) with
  the header repeated: no row is lost.
- The same rows give the same bytes: the document's created and modified times and
  the zip entries' dates are fixed (``SOURCE_DATE_EPOCH`` when set, else 1980-01-01).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Sequence
from typing import IO, Any

from tradenews.marks import XLSX_CREATOR
from tradenews.textsafe import visible

#: Data rows per sheet: a sheet holds 1,048,576 rows, the first is the header.
MAX_ROWS = 1_048_575
SHEET = "tradenews"
MAX_WIDTH = 60
# Columns holding a calendar date (YYYY-MM-DD): real dates in a spreadsheet.
DATE_COLUMNS = frozenset({"date", "dct", "first_seen", "last_seen"})
# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE: what the XML of a workbook cannot carry.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Zip cannot date a file before 1980.
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
_CORE = "docProps/core.xml"


def write_xlsx(frame: Any, out: IO[bytes]) -> None:
    """The rows of `frame` as a workbook: frozen header, autofilter, fitted widths, dates."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.creator = XLSX_CREATOR  # a later run knows the workbook for its own
    columns = [str(c) for c in frame.columns]
    widths = _widths(frame)
    rows = [_cells(row, columns) for row in frame.itertuples(index=False, name=None)]
    for number, start in enumerate(range(0, max(len(rows), 1), MAX_ROWS), start=1):
        chunk = rows[start : start + MAX_ROWS]
        _write_sheet(book, f"{SHEET}{number if number > 1 else ''}", columns, widths, chunk)
    buffer = io.BytesIO()
    book.save(buffer)
    out.write(_reproducible(buffer.getvalue(), build_time()))


def _write_sheet(
    book: Any, name: str, columns: list[str], widths: list[int], rows: list[list[Any]]
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_text(column))
        cell.data_type, cell.font = "s", bold
        header.append(cell)
    sheet.append(header)
    dates = [column in DATE_COLUMNS for column in columns]
    for values in rows:
        cells = []
        for value, is_date in zip(values, dates, strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # the literal text, never a formula
            elif is_date and value is not None:
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)


def _cells(row: Sequence[Any], columns: list[str]) -> list[Any]:
    """One row's values as cells take them: text cleaned, dates as dates, gaps empty."""
    out: list[Any] = []
    for column, value in zip(columns, row, strict=True):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out.append(None)
        elif column in DATE_COLUMNS and isinstance(value, str):
            out.append(_as_date(value))
        elif isinstance(value, str):
            out.append(_text(value) if value else None)
        else:
            out.append(value)
    return out


def _text(value: str) -> str:
    """Text a workbook can hold: illegal control characters written as escapes."""
    return visible(value, _ILLEGAL)


def _as_date(value: str) -> Any:
    """An ISO date string as a date (a spreadsheet sorts and filters it as one)."""
    if len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return _text(value) if value else None


def _widths(frame: Any) -> list[int]:
    """Column widths fitted to the longest value (header included), up to MAX_WIDTH."""
    widths = []
    for column in frame.columns:
        longest = max((len(str(v)) for v in frame[column] if v is not None), default=0)
        widths.append(min(MAX_WIDTH, max(len(str(column)), longest) + 2))
    return widths


def build_time() -> dt.datetime:
    """The time a reproducible file says it was made: SOURCE_DATE_EPOCH, else 1980-01-01."""
    try:
        seconds = int(os.environ.get("SOURCE_DATE_EPOCH", ""))
        stamp = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return _ZIP_EPOCH
    return max(stamp, _ZIP_EPOCH)


def _reproducible(data: bytes, stamp: dt.datetime) -> bytes:
    """The workbook with fixed zip entry dates and core properties' times."""
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import fromstring, tostring

    date_time = stamp.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == _CORE:
                props = DocumentProperties.from_tree(fromstring(content))
                props.created = props.modified = stamp.replace(tzinfo=None)
                content = tostring(props.to_tree())
            fixed = zipfile.ZipInfo(entry.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, content)
    return out.getvalue()

"""Output formats and output safety (atomic files, spreadsheet formula escaping)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradenews.output import (
    OutputFormatError,
    escape_formula,
    guess_format,
    open_output,
    write_rows,
)

COLUMNS = ("doc", "name", "mentions")
ROWS = [
    {"doc": "a.txt", "name": "Piyush Goyal", "mentions": 3},
    {"doc": "a.txt", "name": "=1+2", "mentions": 1},
    {"doc": 'b, "quoted".txt', "name": "", "mentions": 0},
]


def render(fmt: str, rows=ROWS, **kwargs) -> str:
    out = io.StringIO()
    write_rows(iter(rows), COLUMNS, fmt, out, **kwargs)
    return out.getvalue()


def test_csv_is_rfc4180_and_parses_back():
    text = render("csv")
    assert text.startswith("doc,name,mentions\r\n")
    frame = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert frame.shape == (3, 3)
    assert frame.loc[2, "doc"] == 'b, "quoted".txt'
    assert frame.loc[1, "name"] == "'=1+2"


def test_csv_escaping_can_be_turned_off():
    rows = list(csv.reader(io.StringIO(render("csv", escape_formulas=False))))
    assert rows[2][1] == "=1+2"


def test_json_nulls_empty_cells_and_keeps_numbers():
    data = json.loads(render("json"))
    assert data[2] == {"doc": 'b, "quoted".txt', "name": None, "mentions": 0}
    assert data[0]["mentions"] == 3


def test_json_of_no_rows_is_an_empty_array():
    assert json.loads(render("json", rows=[])) == []


def test_jsonl_one_object_per_line():
    lines = render("jsonl").splitlines()
    assert [json.loads(line)["doc"] for line in lines] == ["a.txt", "a.txt", 'b, "quoted".txt']


def test_table_shows_values_and_hides_empty_columns():
    text = render("table", rows=[{"doc": "a.txt", "name": "Piyush Goyal", "mentions": None}])
    assert "Piyush Goyal" in text
    assert "mentions" not in text


@pytest.mark.parametrize(
    ("output", "fmt", "tty", "expected"),
    [
        (None, None, True, "table"),
        (None, None, False, "csv"),
        ("out.CSV", None, False, "csv"),
        ("out.json", None, True, "json"),
        ("out.ndjson", None, True, "jsonl"),
        ("out.json", "csv", True, "csv"),
    ],
)
def test_guess_format(output, fmt, tty, expected):
    assert guess_format(output, fmt, tty) == expected


def test_guess_format_rejects_unknown_extension():
    with pytest.raises(OutputFormatError):
        guess_format("out.xlsm", None, False)


@given(st.text())
def test_escaped_cells_never_start_with_a_formula_trigger(value: str):
    escaped = escape_formula(value)
    # A lone "-" and the standard-input ids "-#N" are not formulas: kept, so ids join.
    stdin_id = re.fullmatch(r"-(?:#\d+)?", value) is not None
    assert stdin_id or not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert escaped in (value, "'" + value)


def test_numbers_are_never_escaped():
    assert escape_formula(-5) == -5


def test_open_output_is_atomic(tmp_path: Path):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), open_output(str(target), io.StringIO()) as fh:
        fh.write("half a file")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [target]
    with open_output(str(target), io.StringIO()) as fh:
        fh.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_parquet_and_xlsx_output_keep_types(tmp_path):
    import datetime as dt

    import openpyxl
    import pandas as pd

    from tradenews.output import write_rows

    rows = [
        {"doc": "a", "name": "Piyush Goyal", "mentions": 2, "date": "2025-07-18", "value": ""},
        {"doc": "b", "name": "=SUM(A1)", "mentions": 1, "date": "", "value": "2025-W29"},
    ]
    columns = ("doc", "name", "mentions", "date", "value")
    for fmt in ("parquet", "xlsx"):
        with open(tmp_path / f"out.{fmt}", "w", encoding="utf-8", newline="") as fh:
            assert write_rows(rows, columns, fmt, fh) == 2
    frame = pd.read_parquet(tmp_path / "out.parquet")
    assert frame["mentions"].dtype == "int64"
    assert frame.to_dict("records")[1]["name"] == "=SUM(A1)"
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E3"
    assert [c.value for c in sheet[1]] == list(columns)
    assert sheet["C2"].value == 2 and sheet["D2"].value == dt.datetime(2025, 7, 18)
    assert sheet["E3"].value == "2025-W29"


def test_parquet_input_rows_are_documents(tmp_path):
    import pandas as pd

    from tradenews.document import Document
    from tradenews.io import read_documents

    path = tmp_path / "news.parquet"
    pd.DataFrame(
        {
            "id": ["a1", "a2"],
            "date": [pd.Timestamp("2025-07-18"), None],
            "body": ["Tariffs on steel rose.", "Exports fell."],
        }
    ).to_parquet(path)
    docs = list(read_documents([str(path)], text_column="body", id_field="id"))
    assert all(isinstance(d, Document) for d in docs)
    assert [(d.doc, d.text, str(d.date)) for d in docs] == [
        ("a1", "Tariffs on steel rose.", "2025-07-18"),
        ("a2", "Exports fell.", "None"),
    ]

"""Hostile data on its way out: Parquet bombs, XLSX formulas and illegal characters,
the HTML report's inline data and links, escape sequences on the terminal.

Every case runs the command line (CliRunner, or a child process where memory is at
stake) on inputs written here.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main

TRADENEWS = str(Path(sys.executable).with_name("tradenews"))
ARTICLE = "India and Germany agreed on steel tariffs on Monday, the Commerce Ministry said."
SECOND = "Japan raised tariffs on steel imports from China on Tuesday."


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, [*args, "--no-cache"], input=input, catch_exceptions=False)


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Parquet


def parquet_bomb(path: Path, rows: int = 3000, size: int = 3_000_000) -> None:
    """Two plain rows, then `rows` rows repeating one `size`-byte value: about a
    kilobyte on disk, rows x size bytes once read (9 GB by default)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("text", pa.string()), ("extra", pa.dictionary(pa.int32(), pa.string()))])
    first = pa.table(
        {"text": [ARTICLE, SECOND], "extra": pa.array(["", ""]).dictionary_encode()}, schema=schema
    )
    repeated = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), ["x" * size])
    bomb = pa.table({"text": ["A short note."] * rows, "extra": repeated}, schema=schema)
    # Without the Arrow schema in the file, readers decode the dictionary into plain text.
    with pq.ParquetWriter(path, schema, compression="zstd", store_schema=False) as writer:
        writer.write_table(first)
        writer.write_table(bomb)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_parquet_bomb_stops_at_the_limit_and_keeps_the_rows_before(tmp_path: Path):
    """9 GB of rows in a 1 KB file, under a 3 GiB memory limit: the rows within
    --max-decompressed are documents, then one skip line names the limit."""
    bomb = tmp_path / "bomb.parquet"
    parquet_bomb(bomb)
    assert bomb.stat().st_size < 4096
    args = [TRADENEWS, "entities", str(bomb), "--max-decompressed", "8M", "-f", "jsonl"]
    out = subprocess.run(
        [*args, "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limit_memory,
    )
    assert out.returncode == 1, out.stderr[-2000:]
    skipped = [line for line in out.stderr.splitlines() if "skipped " in line]
    assert skipped == [
        f"tradenews: skipped {bomb}: decompresses to more than 8 MiB (a decompression bomb?); "
        "the limit can be raised (--max-decompressed)"
    ]
    docs = {json.loads(line)["doc"] for line in out.stdout.splitlines()}
    assert f"{bomb}#1" in docs and f"{bomb}#2" in docs  # the articles before the bomb
    assert "tradenews: 5 documents, 1 skipped" in out.stderr  # 2 articles, 2 notes, the stop


def test_parquet_row_group_over_the_limit_is_not_read(tmp_path: Path):
    bomb = tmp_path / "bomb.parquet"
    parquet_bomb(bomb, rows=10, size=2_000_000)  # its second row group states 2 MB
    result = run("entities", str(bomb), "--max-decompressed", "1M", "-f", "jsonl")
    assert result.exit_code == 1
    assert "decompresses to more than 1 MiB" in result.stderr
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {
        f"{bomb}#1",
        f"{bomb}#2",
    }


def test_parquet_row_over_the_record_limit_is_one_skipped_document(tmp_path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "long.parquet"
    long_text = "tariff " * 5_000_000  # 35 MB: over the 32 MB a record may hold
    pq.write_table(pa.table({"text": [ARTICLE, long_text, SECOND]}), path, compression="zstd")
    del long_text
    result = run("entities", str(path), "-f", "jsonl")
    assert result.exit_code == 1
    assert f"tradenews: skipped {path}#2: a record longer than 32 MB" in result.stderr
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {f"{path}#1", f"{path}#3"}  # the rows after the long one are read


# --------------------------------------------------------------------------- XLSX

FORMULAS = ['=HYPERLINK("http://example.com","x")', "+1+1", "@SUM(1)", "-2+3", "=1+1"]


def _cells(path: Path) -> list[list]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [[cell for row in sheet.iter_rows() for cell in row] for sheet in book.worksheets]


def test_xlsx_text_is_never_a_formula(tmp_path: Path):
    """Ids and evidence sentences starting with = + - @ are text cells, written as is."""
    records = [{"id": ident, "text": ARTICLE} for ident in FORMULAS[:4]]
    records.append({"id": "n5", "text": "=1+1 India and Germany agreed on steel tariffs."})
    source = jsonl(tmp_path / "news.jsonl", records)
    for command, out in (("entities", "entities.xlsx"), ("topics", "topics.xlsx")):
        args = [command, str(source), "--id-field", "id", "-o", str(tmp_path / out)]
        if command == "topics":
            args += ["--by", "doc"]
        assert run(*args).exit_code == 0
    for out in ("entities.xlsx", "topics.xlsx"):
        (cells,) = _cells(tmp_path / out)
        assert all(c.data_type != "f" for c in cells)
        values = {c.value for c in cells}
        assert set(FORMULAS[:4]) <= values  # the literal text, no quote added
    evidence = {c.value for c in _cells(tmp_path / "topics.xlsx")[0]}
    assert any(isinstance(v, str) and v.startswith("=1+1 India") for v in evidence)


def test_xlsx_illegal_characters_are_escaped_not_fatal(tmp_path: Path):
    source = jsonl(
        tmp_path / "news.jsonl",
        [{"id": "a\x1b[2Jb\x01", "title": "T\x02itle", "text": ARTICLE}],
    )
    out = tmp_path / "out.xlsx"
    result = run("entities", str(source), "--id-field", "id", "-o", str(out))
    assert result.exit_code == 0, result.output
    (cells,) = _cells(out)
    assert "a\\x1b[2Jb\\x01" in {c.value for c in cells}


def test_xlsx_rows_past_the_sheet_limit_go_on_new_sheets(tmp_path: Path, monkeypatch):
    import tradenews.xlsx

    monkeypatch.setattr(tradenews.xlsx, "MAX_ROWS", 2)
    source = jsonl(tmp_path / "news.jsonl", [{"text": ARTICLE}, {"text": SECOND}])
    assert run("entities", str(source), "-o", str(tmp_path / "all.csv")).exit_code == 0
    assert run("entities", str(source), "-o", str(tmp_path / "all.xlsx")).exit_code == 0
    import csv

    import openpyxl

    with open(tmp_path / "all.csv", encoding="utf-8", newline="") as fh:
        header, *expected = list(csv.reader(fh))
    assert len(expected) > 4
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    names = book.sheetnames
    assert names[:2] == ["tradenews", "tradenews2"] and len(names) == (len(expected) + 1) // 2
    rows = []
    for sheet in book.worksheets:
        head, *body = sheet.iter_rows(values_only=True)
        assert list(head) == header and 1 <= len(body) <= 2
        rows += body
    assert [row[header.index("name")] for row in rows] == [
        r[header.index("name")] for r in expected
    ]


def _zip_dates(path: Path) -> set:
    with zipfile.ZipFile(path) as z:
        return {i.date_time for i in z.infolist()}


def _core(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("docProps/core.xml").decode()


def test_xlsx_is_byte_identical_between_runs(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = jsonl(tmp_path / "news.jsonl", [{"text": ARTICLE}])
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert run("entities", str(source), "-o", str(first)).exit_code == 0
    assert run("entities", str(source), "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert _zip_dates(first) == {(1980, 1, 1, 0, 0, 0)}
    times = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", _core(first))
    assert times == [("created", "1980-01-01T00:00:00Z"), ("modified", "1980-01-01T00:00:00Z")]


def test_xlsx_times_follow_source_date_epoch(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1752796800")  # 2025-07-18 00:00 UTC
    source = jsonl(tmp_path / "news.jsonl", [{"text": ARTICLE}])
    out = tmp_path / "out.xlsx"
    assert run("entities", str(source), "-o", str(out)).exit_code == 0
    assert _zip_dates(out) == {(2025, 7, 18, 0, 0, 0)}
    assert "2025-07-18T00:00:00Z" in _core(out)


# --------------------------------------------------------------------------- HTML report


def _report(tmp_path: Path, records: list[dict]) -> tuple[str, dict]:
    source = jsonl(tmp_path / "news.jsonl", records)
    out = tmp_path / "report.html"
    result = run("report", str(source), "--id-field", "id", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    match = re.search(
        r'<script id="report-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match
    return match[1], json.loads(match[1])


def test_report_data_cannot_open_or_close_a_script(tmp_path: Path):
    titles = ["Steel <!--<script> talks", "Tariffs </script><b>bold</b> & more", "Line\u2028end"]
    records = [
        {"id": f"n{i}", "title": title, "text": text, "date": "2025-07-18"}
        for i, (title, text) in enumerate(zip(titles, [ARTICLE, SECOND, ARTICLE], strict=True))
    ]
    text, data = _report(tmp_path, records)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    shown = [d[2] for d in data["docs"]]
    assert shown[:2] == titles[:2]  # the titles read back as they were


def test_report_links_only_http_and_relative_urls(tmp_path: Path):
    urls = {
        "web": "https://example.com/a?b=1&c=2",
        "plain": "http://example.com/",
        "relative": "pages/story.html",
        "script": "javascript:alert(1)",
        "spaced": " java\tscript:alert(1)",
        "data": "data:text/html,<script>alert(1)</script>",
        "vb": "VBScript:msgbox(1)",
        "file": "file:///etc/passwd",
    }
    records = [{"id": k, "url": u, "text": ARTICLE, "date": "2025-07-18"} for k, u in urls.items()]
    _, data = _report(tmp_path, records)
    links = {d[0]: (d[3], d[4]) for d in data["docs"]}
    for name in ("web", "plain", "relative"):
        assert links[name] == (urls[name], "")
    for name in ("script", "spaced", "data", "vb", "file"):
        href, text = links[name]
        assert href == "" and text.strip()  # not a link; shown as text


# --------------------------------------------------------------------------- terminal

HOSTILE = "a\x1b]0;pwned\x07\x1b[2Jb\u202ec"
RAW = re.compile(r"[\x1b\x07\x9b\u202e]")


def test_table_cells_and_title_show_escapes_not_raw_sequences(tmp_path: Path):
    named = tmp_path / f"{HOSTILE}.txt"
    named.write_text(ARTICLE, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(SECOND, encoding="utf-8")
    for paths in ([named], [named, other]):  # one document: its id is the table's title
        result = run("entities", *map(str, paths), "-f", "table")
        assert result.exit_code == 0
        assert not RAW.search(result.stdout)
        assert "a\\x1b]0;pwned\\x07\\x1b[2Jb\\u202ec" in result.stdout
    source = jsonl(tmp_path / "news.jsonl", [{"id": HOSTILE, "title": HOSTILE, "text": ARTICLE}])
    for command in ("entities", "officials", "topics"):
        result = (
            run(command, str(source), "--id-field", "id", "--by", "doc", "-f", "table")
            if (command == "topics")
            else run(command, str(source), "--id-field", "id", "-f", "table")
        )
        assert not RAW.search(result.stdout), command


@pytest.mark.parametrize("where", ["skip", "usage"])
def test_stderr_messages_show_escapes_not_raw_sequences(tmp_path: Path, where: str):
    if where == "skip":
        bad = tmp_path / f"{HOSTILE}.json"
        bad.write_text("{not json", encoding="utf-8")
    else:
        bad = tmp_path / f"{HOSTILE}-missing.txt"
    result = run("entities", str(bad), "-f", "table")
    assert result.exit_code == (1 if where == "skip" else 2)
    assert not RAW.search(result.stderr)
    assert "\\x1b]0;pwned\\x07" in result.stderr

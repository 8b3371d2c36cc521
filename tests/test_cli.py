"""The command line end to end, through Click's CliRunner, on real article text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import tradenews
from tradenews.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

ARTICLE = """---
title: India and U.S. near trade deal
date: 2025-07-18
---
WASHINGTON — India's Commerce Minister Piyush Goyal met U.S. Trade Representative
Jamieson Greer in Washington earlier this week to discuss tariffs on Indian steel and
market access for American farm goods. Goyal said a deal could be signed in the coming weeks.
"""

pytestmark = pytest.mark.usefixtures("reuse_pipelines")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("2025-07-18", "2025-08-20"), encoding="utf-8")
    return folder


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("entities", "topics", "officials", "countries", "taxonomy"):
        assert command in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert tradenews.__version__ in result.output


def test_help_does_not_import_spacy_or_pandas():
    code = (
        "import sys; from tradenews.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('spacy', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_entities_csv_parses_back_with_pandas(corpus: Path):
    result = run("entities", str(corpus), "--format", "csv")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns[:10]) == [
        "doc",
        "kind",
        "name",
        "text",
        "title",
        "country",
        "value",
        "mentions",
        "start",
        "end",
    ]
    assert set(frame["doc"]) == {str(corpus / "a.txt"), str(corpus / "b.txt")}
    countries = set(frame.loc[frame["kind"] == "country", "country"])
    assert {"IND", "USA"} <= countries


def test_entities_json_and_jsonl_agree(corpus: Path):
    as_json = json.loads(run("entities", str(corpus), "-f", "json").stdout)
    as_jsonl = [
        json.loads(line) for line in run("entities", str(corpus), "-f", "jsonl").stdout.splitlines()
    ]
    assert as_json == as_jsonl
    assert all(set(r) >= {"doc", "kind", "name", "value", "start", "end"} for r in as_json)
    # empty cells are null in JSON, per the output contract
    assert all(r["value"] is None for r in as_json if r["kind"] == "country")


def test_kind_filter(corpus: Path):
    rows = json.loads(run("entities", str(corpus), "-f", "json", "--kind", "country").stdout)
    assert rows and {r["kind"] for r in rows} == {"country"}


def test_unknown_kind_is_a_usage_error(corpus: Path):
    result = run("entities", str(corpus), "--kind", "planet")
    assert result.exit_code == 2
    assert "planet" in result.output


def test_missing_path_is_a_usage_error(tmp_path: Path):
    result = run("entities", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "nope.txt" in result.output


def test_bad_date_option_is_a_usage_error(corpus: Path):
    assert run("entities", str(corpus), "--date", "18/07/2025").exit_code == 2


def test_skipped_file_is_reported_and_exit_status_is_one(corpus: Path, tmp_path: Path):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    report = tmp_path / "report.json"
    result = run("entities", str(corpus), "-f", "csv", "--report", str(report))
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert "3 documents, 1 skipped" in result.stderr
    data = json.loads(report.read_text())
    statuses = {Path(item["doc"]).name: item["status"] for item in data["items"]}
    assert statuses == {"a.txt": "ok", "b.txt": "ok", "empty.txt": "skipped"}


def test_output_file_format_from_extension(corpus: Path, tmp_path: Path):
    target = tmp_path / "out.jsonl"
    assert run("entities", str(corpus), "--output", str(target)).exit_code == 0
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert rows and rows[0]["doc"].endswith("a.txt")
    assert not list(tmp_path.glob(".tradenews-*")), "temporary file left behind"


def test_unknown_output_extension_is_a_usage_error(corpus: Path, tmp_path: Path):
    result = run("entities", str(corpus), "--output", str(tmp_path / "out.xyz"))
    assert result.exit_code == 2


def test_stdin_document(corpus: Path):
    result = run("entities", "-", "-f", "json", "--kind", "official", input=ARTICLE)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {r["doc"] for r in rows} == {"-"}


def test_csv_formula_cells_are_escaped(tmp_path: Path):
    article = tmp_path / "evil.txt"
    article.write_text('=HYPERLINK("http://x") India and China met in Beijing.', encoding="utf-8")
    escaped = run("entities", str(article), "-f", "csv").stdout
    assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(escaped)) for cell in row)


def test_seed_article_officials(seed_officials):
    rows = json.loads(run("entities", str(SEEDS), "-f", "json", "--kind", "official").stdout)
    by_name = {r["name"]: r for r in rows}
    for name, country in seed_officials.items():
        assert name in by_name, name
        assert by_name[name]["country"] == country, name
        assert by_name[name]["title"], name
    assert not any(" " not in r["name"] for r in rows), "a bare-surname record"


def test_topics_summary_and_by_doc(corpus: Path):
    summary = json.loads(run("topics", str(corpus), "-f", "json").stdout)
    assert summary and {"topic", "label", "docs", "share"} <= set(summary[0])
    assert all(0 < r["share"] <= 1 for r in summary)
    by_doc = json.loads(run("topics", str(corpus), "--by", "doc", "-f", "json").stdout)
    assert {"doc", "topic", "label", "score", "evidence"} <= set(by_doc[0])
    assert "tariffs" in {r["topic"] for r in by_doc}


def test_topics_by_month(corpus: Path):
    rows = json.loads(run("topics", str(corpus), "--by", "month", "-f", "json").stdout)
    assert {r["month"] for r in rows} == {"2025-07", "2025-08"}
    table = run("topics", str(corpus), "--by", "month", "-f", "table").stdout
    assert "trend" in table


def test_officials_whos_who_merges_documents(corpus: Path):
    rows = json.loads(run("officials", str(corpus), "-f", "json").stdout)
    goyal = next(r for r in rows if r["name"] == "Piyush Goyal")
    assert goyal["docs"] == 2
    assert goyal["country"] == "IND"
    assert goyal["first_seen"] == "2025-07-18" and goyal["last_seen"] == "2025-08-20"


def test_countries_views(corpus: Path):
    rows = json.loads(run("countries", str(corpus), "-f", "json").stdout)
    assert {r["country"] for r in rows} >= {"IND", "USA"}
    matrix = json.loads(run("countries", str(corpus), "--by", "topic", "-f", "json").stdout)
    india = next(r for r in matrix if r["country"] == "IND")
    assert india["docs"] == 2 and india.get("tariffs") == 2


def test_taxonomy_check_reports_errors(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  - id: x\n    cues: 7\n", encoding="utf-8")
    result = run("taxonomy", "--check", str(bad))
    assert result.exit_code == 1
    assert "bad.yaml" in result.stderr


def test_bad_taxonomy_option_is_a_usage_error_with_line_numbers(corpus: Path, tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  - id: x\n    label: X\n    cues: 7\n", encoding="utf-8")
    result = run("topics", str(corpus), "--taxonomy", str(bad), "-f", "csv")
    assert result.exit_code == 2
    assert "bad.yaml:4" in result.stderr
    assert result.stdout == ""


def test_custom_taxonomy_is_used(corpus: Path, tmp_path: Path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "topics:\n  - id: steel\n    label: Steel\n    cues: [steel]\n", encoding="utf-8"
    )
    rows = json.loads(run("topics", str(corpus), "--taxonomy", str(mine), "-f", "json").stdout)
    assert [r["topic"] for r in rows] == ["steel"]


def test_tsv_output_is_tab_separated(corpus: Path, tmp_path: Path):
    out = tmp_path / "ents.tsv"
    result = run("entities", str(corpus), "--no-cache", "-q", "-o", str(out))
    assert result.exit_code == 0, result.output
    header, first = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header.split("\t")[:3] == ["doc", "kind", "name"]
    assert "," not in header and first.count("\t") == header.count("\t")


def test_run_finish_returns_the_status_instead_of_exiting(corpus: Path):
    from tradenews.cli.run import EXIT_OK, EXIT_SKIPPED, Run

    status = Run({"paths": (str(corpus),), "quiet": True, "report": None})
    status.processed = 1  # a run that read nothing exits 1: "no documents found"
    assert status.finish() == EXIT_OK
    status.skipped = 1
    assert status.finish() == EXIT_SKIPPED


def test_progress_counts_what_the_reader_reads(tmp_path: Path):
    import bz2

    from tradenews.io import count_documents

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt.bz2").write_bytes(bz2.compress(ARTICLE.encode()))
    assert count_documents([str(tmp_path)]) == 2
    (tmp_path / "c.tsv").write_text("text\nTariffs rose.\n", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 3  # a record file: one per data row


def test_headline_only_records_get_topics_and_entities(tmp_path: Path):
    """A title with no body (wire BRIEFs, headline feeds) is an article: it is analyzed."""
    feed = tmp_path / "headlines.jsonl"
    feed.write_text(
        '{"title": "Brazil wins WTO ruling against U.S. steel tariffs", "date": "2024-03-02"}\n'
        '{"url": "https://example.org/neither-title-nor-text"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["topics", str(feed), "--by", "doc", "-f", "json"])
    by_doc = json.loads(result.stdout)
    assert {r["doc"] for r in by_doc} == {f"{feed}#1"}
    assert {"tariffs", "trade_disputes"} <= {r["topic"] for r in by_doc}
    assert result.exit_code == 1  # the record with neither is skipped, and named
    assert f"{feed}#2" in result.stderr
    entities = json.loads(run("entities", str(feed), "-f", "json").stdout)
    assert {"BRA", "USA"} <= {r["country"] for r in entities if r["kind"] == "country"}

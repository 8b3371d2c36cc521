"""What a new user meets first: output paths, file modes, messages, help and docs agree."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main
from tradenews.records import topics_by_month, trend_table

ROOT = Path(__file__).resolve().parents[1]
TARIFFS = "Officials from {a} and {b} met to discuss tariffs on steel and market access.\n"
pytestmark = pytest.mark.usefixtures("reuse_pipelines")


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "---\ndate: 2025-01-10\n---\n" + TARIFFS.format(a="India", b="Japan"), encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        "---\ndate: 2025-04-02\n---\n" + TARIFFS.format(a="Brazil", b="Kenya"), encoding="utf-8"
    )
    (folder / "c.txt").write_text("The weather was mild and the garden grew.\n", encoding="utf-8")
    return folder


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


# -- 1. outputs are checked before any work --------------------------------------------


@pytest.mark.parametrize(
    "option, target, message",
    [
        ("-o", "{tmp}", "is a directory"),
        ("-o", "{tmp}/missing/x.csv", "does not exist"),
        ("--report", "{tmp}/missing/r.json", "does not exist"),
        ("--plot", "{tmp}/missing/p.png", "does not exist"),
    ],
)
def test_unwritable_output_is_a_usage_error_before_any_work(
    news: Path, tmp_path: Path, monkeypatch, option: str, target: str, message: str
):
    def no_reading(*args, **kwargs):
        raise AssertionError("documents were read before the output was checked")

    monkeypatch.setattr("tradenews.io.read_documents", no_reading)
    result = run("topics", str(news), option, target.format(tmp=tmp_path), "--no-cache")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Error" in result.stderr and "Errno" not in result.stderr
    assert result.stdout == ""


# -- 2. file modes ------------------------------------------------------------------


def test_new_output_follows_the_umask_and_existing_mode_is_kept(news: Path, tmp_path: Path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.csv"
        report = tmp_path / "report.json"
        assert run("topics", str(news), "-o", str(fresh), "--report", str(report)).exit_code == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        assert stat.S_IMODE(report.stat().st_mode) == 0o644
        kept = tmp_path / "kept.csv"
        kept.write_text("old\n")
        kept.chmod(0o640)
        assert run("topics", str(news), "-o", str(kept)).exit_code == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
        assert kept.read_text().startswith("topic,")
    finally:
        os.umask(old)


# -- 3. nothing on stdout when nothing was analyzed ------------------------------------


def test_missing_model_prints_nothing_on_stdout(news: Path):
    result = run("entities", str(news), "--model", "no_such_model", "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no_such_model" in result.stderr


# -- 4. the summary line --------------------------------------------------------------


def test_summary_only_for_several_documents_and_in_good_grammar(news: Path, tmp_path: Path):
    one = run("topics", str(news / "a.txt"), "-f", "csv")
    assert "documents" not in one.stderr and "document," not in one.stderr
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    skipped = run("topics", str(tmp_path / "bad.json"), "-f", "csv")
    assert skipped.exit_code == 1
    assert "1 documents" not in skipped.stderr
    assert "skipped" in skipped.stderr and "bad.json" in skipped.stderr
    several = run("topics", str(news), "-f", "csv")
    assert "tradenews: 3 documents, 0 skipped, 1 without rows" in several.stderr


def test_summary_words():
    from tradenews.cli.run import summary

    assert summary(1, 1, 0) == "1 document, 1 skipped"
    assert summary(1204, 3, 12) == "1,204 documents, 3 skipped, 12 without rows"


# -- 5. topics by month: a complete time axis ------------------------------------------


def test_months_without_documents_are_zero_and_undated_documents_are_counted():
    rows = [
        {"doc": "a", "topic": "tariffs", "label": "Tariffs"},
        {"doc": "b", "topic": "tariffs", "label": "Tariffs"},
        {"doc": "u", "topic": "tariffs", "label": "Tariffs"},
    ]
    months = {"a": "2025-01", "b": "2025-04", "u": "", "z": "2025-02"}
    out = topics_by_month(rows, months)
    by_month = {r["month"]: r for r in out}
    assert list(by_month) == ["2025-01", "2025-02", "2025-03", "2025-04", ""]
    assert by_month["2025-03"]["docs"] == 0 and by_month["2025-03"]["month_docs"] == 0
    assert by_month["2025-03"]["share"] == 0
    assert by_month["2025-02"]["month_docs"] == 1 and by_month["2025-02"]["docs"] == 0
    assert by_month[""]["docs"] == 1
    wide, columns = trend_table(out)
    assert columns[-4:] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert wide[0]["trend"] == "█▁▁█"


def test_by_month_table_names_undated_documents(news: Path):
    result = run("topics", str(news), "--by", "month", "-f", "table")
    assert result.exit_code == 0
    assert "2025-02" in result.stdout and "2025-03" in result.stdout
    assert "1 of 3 documents has no publication date" in result.stdout


# -- 6 and Done-when. help and docs/usage.md agree ------------------------------------


def _help_options(command: list[str]) -> set[str]:
    text = run(*command, "--help").stdout
    options = set()
    for line in text.splitlines():
        m = re.match(r"\s+((?:-\w, )?--[\w-]+)", line)
        if m:
            options.add(m.group(1).split(", ")[-1])
    return options - {"--help"}


def _doc_options(section: str) -> set[str]:
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    body = usage.split(section, 1)[1].split("\n## ", 1)[0]
    first_cells = re.findall(r"^\| (`-[^|]*)\|", body, re.M)
    return {option for cell in first_cells for option in re.findall(r"--[\w-]+", cell)}


@pytest.mark.parametrize("command", ["entities", "officials", "countries", "topics"])
def test_usage_doc_lists_exactly_the_options_of_help(command: str):
    shared = _doc_options("## Options shared by every analysis command")
    own = _doc_options(f"## `tradenews {command}`")
    assert _help_options([command]) == shared | own


def test_help_and_docs_say_the_same_of_shared_options():
    text = " ".join(run("entities", "--help").stdout.split())
    assert "default: text, then body and content" in text
    assert "[default: text]" not in text
    assert "=, +, -, @, tab or CR" in text
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    assert "default `text`, then `body` and `content`" in usage
    assert "`=`, `+`, `-`, `@`, tab or CR" in usage


def test_threshold_must_be_a_number_from_0_to_1(news: Path):
    for bad in ("nan", "inf", "-0.1", "1.5", "x"):
        result = run("topics", str(news), "--threshold", bad)
        assert result.exit_code == 2, bad
        assert "--threshold" in result.stderr


# -- 7. standard input ids are joinable ---------------------------------------------


def test_stdin_ids_are_the_same_in_csv_and_json():
    text = TARIFFS.format(a="India", b="Japan")
    as_csv = run("topics", "-", "--by", "doc", "-f", "csv", input=text)
    as_json = run("topics", "-", "--by", "doc", "-f", "json", input=text)
    csv_ids = {r["doc"] for r in csv.DictReader(io.StringIO(as_csv.stdout))}
    json_ids = {r["doc"] for r in json.loads(as_json.stdout)}
    assert csv_ids == json_ids == {"-"}
    from tradenews.output import escape_formula

    assert escape_formula("-#12") == "-#12"
    assert escape_formula("-2+3") == "'-2+3"
    assert escape_formula("=1") == "'=1"


# -- 8. tables in a pipe or a file are not wrapped -------------------------------------


def test_piped_table_is_not_wrapped():
    from tradenews.output import write_table

    name = "Christophe Deschamps-Lefebvre-Martineau"
    title = "Deputy Assistant Secretary of State for Trade Policy and Negotiations"
    out = io.StringIO()  # not a terminal, like a pipe or -o x.txt
    write_table([{"name": name, "title": title}], ["name", "title"], out)
    lines = out.getvalue().splitlines()
    assert any(name in line and title in line for line in lines)


# -- 10. documents without rows ------------------------------------------------------


def test_list_empty_names_documents_without_rows(news: Path, tmp_path: Path):
    report = tmp_path / "r.json"
    result = run("topics", str(news), "--by", "doc", "--list-empty", "--report", str(report))
    assert result.exit_code == 0
    assert re.search(r"tradenews: no rows from .*c\.txt", result.stderr)
    assert "a.txt" not in result.stderr
    items = {Path(i["doc"]).name: i for i in json.loads(report.read_text())["items"]}
    assert items["c.txt"]["rows"] == 0 and items["a.txt"]["rows"] > 0
    quiet = run("topics", str(news), "--by", "doc")
    assert "no rows from" not in quiet.stderr


# -- 11. the report lists documents in input order -----------------------------------


def test_report_lists_documents_in_input_order(news: Path, tmp_path: Path):
    (news / "b0.json").write_text("{", encoding="utf-8")  # sorts between a and b
    report = tmp_path / "r.json"
    result = run("topics", str(news), "--report", str(report), "-f", "csv")
    assert result.exit_code == 1
    data = json.loads(report.read_text())
    names = [Path(i["doc"]).name for i in data["items"]]
    assert names == ["a.txt", "b.txt", "b0.json", "c.txt"]
    assert [i["status"] for i in data["items"]] == ["ok", "ok", "skipped", "ok"]


# -- 16. docs name no path of one machine --------------------------------------------


def test_docs_name_no_absolute_path_of_a_machine():
    pattern = re.compile(r"(?<![\w.~])/(?:work|tmp|home|root|Users)/")
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    offenders = [p.name for p in texts if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# -- from reliability: names on stderr, internal errors --------------------------------


def test_control_characters_in_file_names_do_not_reach_the_terminal(tmp_path: Path):
    bad = tmp_path / "evil\n\x1b[31mname.json"
    bad.write_text("{", encoding="utf-8")
    result = run("topics", str(bad))
    assert result.exit_code == 1
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1
    assert "\x1b" not in result.stderr
    assert "\\n\\x1b[31mname.json" in skipped[0]


def test_internal_error_has_its_own_exit_status_and_one_line(news: Path, monkeypatch):
    import tradenews.records

    def bug(*args, **kwargs):
        raise ValueError("Traceback (most recent call last):\n  File x\nValueError: boom")

    monkeypatch.setattr(tradenews.records, "topics_summary", bug)
    monkeypatch.delenv("TRADENEWS_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["topics", str(news)])
    assert result.exit_code == 70
    assert result.stderr.strip().splitlines() == [
        "tradenews: internal error: ValueError: ValueError: boom "
        "(set TRADENEWS_DEBUG=1 for details)"
    ]

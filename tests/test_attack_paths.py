"""Which files a run reads and writes: never an input as output, never its own output as
articles, each file once, and every folder however it is linked or however deep."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main

pytestmark = pytest.mark.usefixtures("reuse_pipelines")

STORIES = [
    "India and Japan agreed on Monday to cut tariffs on steel, the trade minister said in Tokyo.",
    "France and Germany asked Brussels to review duties on Chinese electric cars, officials said.",
    "Brazil and Argentina signed a deal on beef exports after talks in Buenos Aires on Friday.",
]
IGNORED = "a tradenews output file, not articles: not read"


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def corpus(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story{i}.txt").write_text(STORIES[i % len(STORIES)], encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def report_docs(report: Path) -> list[str]:
    return [item["doc"] for item in json.loads(report.read_text())["items"]]


# -- an output that is an input ----------------------------------------------------


def _data_csv(tmp: Path) -> list[str | Path]:
    (tmp / "data.csv").write_text(f'text\n"{STORIES[0]}"\n', encoding="utf-8")
    return ["entities", tmp / "data.csv", "-o", tmp / "data.csv"]


def _report_on_article(tmp: Path) -> list[str | Path]:
    (tmp / "art.txt").write_text(STORIES[0], encoding="utf-8")
    return ["countries", tmp / "art.txt", "--report", tmp / "art.txt"]


def _through_symlink(tmp: Path) -> list[str | Path]:
    (tmp / "art.txt").write_text(STORIES[0], encoding="utf-8")
    (tmp / "link.txt").symlink_to("art.txt")
    return ["countries", tmp / "link.txt", "-o", tmp / "art.txt"]


def _output_is_a_symlink_to_an_input(tmp: Path) -> list[str | Path]:
    (tmp / "art.txt").write_text(STORIES[0], encoding="utf-8")
    (tmp / "link.txt").symlink_to("art.txt")
    return ["countries", tmp / "art.txt", "--report", tmp / "link.txt"]


def _hard_link(tmp: Path) -> list[str | Path]:
    (tmp / "art.txt").write_text(STORIES[0], encoding="utf-8")
    os.link(tmp / "art.txt", tmp / "copy.txt")
    return ["countries", tmp / "art.txt", "-o", tmp / "copy.txt"]


def _page_in_the_report_folder(tmp: Path) -> list[str | Path]:
    news = corpus(tmp / "news", 2)
    (news / "index.html").write_text(
        f"<html><head><title>Steel</title></head><body><p>{STORIES[2]}</p></body></html>",
        encoding="utf-8",
    )
    return ["report", news, "-o", news / "index.html"]


def _found_by_a_pattern(tmp: Path) -> list[str | Path]:
    corpus(tmp / "news", 2)
    return ["topics", str(tmp / "news" / "*.txt"), "-o", tmp / "news" / "story1.txt"]


def _earlier_output_named_as_input(tmp: Path) -> list[str | Path]:
    (tmp / "ents.csv").write_text("doc,kind,name,text,mentions,start,end\nx,country,India,,1,0,5\n")
    return ["entities", tmp / "ents.csv", "-o", tmp / "ents.csv"]


@pytest.mark.parametrize(
    "setup",
    [
        _data_csv,
        _earlier_output_named_as_input,
        _report_on_article,
        _through_symlink,
        _output_is_a_symlink_to_an_input,
        _hard_link,
        _page_in_the_report_folder,
        _found_by_a_pattern,
    ],
)
def test_an_output_that_is_an_input_is_refused_before_any_work(tmp_path: Path, setup):
    args = setup(tmp_path)
    before = snapshot(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "is one of the inputs" in error[0]
    target = str(args[args.index("-o") + 1] if "-o" in args else args[-1])
    assert target in error[0]
    assert snapshot(tmp_path) == before  # nothing written, nothing replaced
    assert result.stdout == ""


def test_an_output_that_does_not_exist_yet_is_no_input(tmp_path: Path):
    news = corpus(tmp_path / "news", 2)
    result = run("countries", news, "--by", "doc", "-o", news / "countries.csv")
    assert result.exit_code == 0, result.output
    assert "IND" in (news / "countries.csv").read_text()


@pytest.mark.parametrize("report", ["out.csv", "./out.csv", "link.csv"])
def test_output_and_report_naming_one_file_are_refused(tmp_path: Path, report: str, monkeypatch):
    art = tmp_path / "art.txt"
    art.write_text(STORIES[0], encoding="utf-8")
    (tmp_path / "out.csv").write_text("kept\n")
    (tmp_path / "link.csv").symlink_to("out.csv")
    monkeypatch.chdir(tmp_path)
    result = run("countries", "art.txt", "-o", "out.csv", "--report", report)
    assert result.exit_code == 2, result.output
    assert f"--report {report}: the same file as --output out.csv" in result.stderr
    assert (tmp_path / "out.csv").read_text() == "kept\n"


def test_output_and_report_naming_one_new_file_are_refused(tmp_path: Path):
    art = tmp_path / "art.txt"
    art.write_text(STORIES[0], encoding="utf-8")
    new = tmp_path / "new.json"
    result = run("countries", art, "-o", new, "--report", new)
    assert result.exit_code == 2 and "the same file as --output" in result.stderr
    assert not new.exists()


# -- earlier outputs in the folder a run reads -------------------------------------


@pytest.mark.parametrize("name", ["ents.parquet", "ents.xlsx", "ents.csv", "ents.jsonl"])
def test_outputs_written_into_the_folder_are_not_read_back(tmp_path: Path, name: str):
    c2 = corpus(tmp_path / "c2")
    first = run("entities", c2, "-o", c2 / name)
    assert first.exit_code == 0, first.output
    again = run("entities", c2, "-o", c2 / name)  # a run may replace its own output
    assert again.exit_code == 0, again.output
    report = tmp_path / "report.json"
    later = run("countries", c2, "--by", "doc", "-f", "csv", "--report", report)
    assert later.exit_code == 0, later.output
    assert f"ignored {c2 / name}: {IGNORED}" in later.stderr
    assert later.stderr.count(f"{c2 / name}") == 1
    assert sorted(report_docs(report)) == [str(c2 / f"story{i}.txt") for i in range(3)]
    assert json.loads(report.read_text())["documents"] == 3


def test_reports_in_the_folder_do_not_count_in_whos_who(tmp_path: Path):
    news = corpus(tmp_path / "news")
    for name in ("first.html", "second.html"):
        made = run("report", news, "-o", news / name, "-q")
        assert made.exit_code == 0, made.output
        assert '<meta name="generator" content="tradenews' in (news / name).read_text()
    report = tmp_path / "report.json"
    result = run("officials", news, "-f", "csv", "--report", report)
    assert result.exit_code == 0, result.output
    assert f"ignored {news / 'first.html'}: {IGNORED}" in result.stderr
    assert f"ignored {news / 'second.html'}: {IGNORED}" in result.stderr
    assert json.loads(report.read_text())["documents"] == 3


def test_each_binary_output_carries_the_tradenews_mark(tmp_path: Path):
    import openpyxl
    import pyarrow.parquet as pq

    art = corpus(tmp_path / "news", 1) / "story0.txt"
    assert run("entities", art, "-o", tmp_path / "e.parquet").exit_code == 0
    assert run("entities", art, "-o", tmp_path / "e.xlsx").exit_code == 0
    metadata = pq.read_schema(tmp_path / "e.parquet").metadata
    assert "version" in json.loads(metadata[b"tradenews"])
    assert openpyxl.load_workbook(tmp_path / "e.xlsx").properties.creator == "tradenews"


def test_a_workbook_tradenews_did_not_write_is_named_once_and_not_read(tmp_path: Path):
    import openpyxl

    news = corpus(tmp_path / "news", 1)
    book = openpyxl.Workbook()
    book.active.append(["text"])
    book.active.append([STORIES[1]])
    book.save(news / "theirs.xlsx")
    result = run("countries", news, "--by", "doc", "-f", "csv")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if "theirs.xlsx" in line]
    assert lines == [
        f"tradenews: skipped {news / 'theirs.xlsx'}: an Excel workbook: "
        "tradenews does not read .xlsx files (save it as CSV)"
    ]
    assert "FRA" not in result.stdout and "IND" in result.stdout


def test_parquet_outputs_without_the_mark_are_known_by_their_columns(tmp_path: Path):
    import pandas as pd

    news = corpus(tmp_path / "news", 1)
    rows = [
        {
            "doc": "x",
            "kind": "country",
            "name": "India",
            "text": "India",
            "mentions": 1,
            "start": 0,
            "end": 5,
        }
    ]
    pd.DataFrame(rows).to_parquet(news / "old.parquet")  # written before the mark
    pd.DataFrame([{"id": "a", "text": STORIES[1]}]).to_parquet(news / "articles.parquet")
    result = run("countries", news, "--by", "doc", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert f"ignored {news / 'old.parquet'}: {IGNORED}" in result.stderr
    assert "FRA" in result.stdout  # a Parquet file of articles is still read


# -- each file once, however it is named ---------------------------------------------


def test_a_pattern_through_a_symlinked_parent_reads_each_file_once(tmp_path: Path):
    top = corpus(tmp_path / "l", 2)
    (top / "sub").mkdir()
    (top / "sub" / "deeper.txt").write_text(STORIES[2], encoding="utf-8")
    (top / "sub" / "up").symlink_to("..")
    report = tmp_path / "report.json"
    result = run("countries", str(top / "**" / "*.txt"), "--by", "doc", "--report", report)
    assert result.exit_code == 0, result.output
    assert report_docs(report) == [
        str(top / "story0.txt"),
        str(top / "story1.txt"),
        str(top / "sub" / "deeper.txt"),
    ]


def test_a_file_named_twice_is_read_once(tmp_path: Path):
    news = corpus(tmp_path / "news", 2)
    os.link(news / "story0.txt", tmp_path / "hard.txt")
    (tmp_path / "soft.txt").symlink_to(news / "story1.txt")
    (tmp_path / "again").symlink_to(news)
    report = tmp_path / "report.json"
    result = run(
        "countries",
        news / "story0.txt",
        news,
        news / "story0.txt",
        tmp_path / "hard.txt",
        tmp_path / "soft.txt",
        tmp_path / "again",
        "--report",
        report,
    )
    assert result.exit_code == 0, result.output
    assert report_docs(report) == [str(news / "story0.txt"), str(news / "story1.txt")]


def test_patterns_through_symlink_cycles_finish(tmp_path: Path):
    top = corpus(tmp_path / "l", 2)
    for n in range(4):
        sub = top / f"sub{n}"
        sub.mkdir()
        (sub / "up").symlink_to("..")
        (sub / "self").symlink_to(".")
    (top / "self").symlink_to(".")
    report = tmp_path / "report.json"
    for pattern in ("**/*.txt", "**/*.none", "**/sub*/**/*.txt"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tradenews",
                "countries",
                str(top / pattern),
                "-q",
                "--report",
                str(report),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )  # a hang guard: the standard glob of these never finishes
        if pattern.endswith(".none"):
            assert done.returncode == 2 and "no files match" in done.stderr
        else:
            assert done.returncode == 0, done.stderr
    # sub0/up leads back to the stories: the last pattern reaches them, each once
    assert sorted(Path(doc).name for doc in report_docs(report)) == ["story0.txt", "story1.txt"]


# -- deep folders --------------------------------------------------------------------


@pytest.fixture
def deep_tree(tmp_path: Path):
    """Build a chain of folders step by step (no path limit bites), and remove it the same
    way afterwards (a recursive removal would not reach its bottom)."""
    made: list[tuple[Path, int, str]] = []

    def build(top: Path, depth: int, name: str) -> str:
        made.append((top, depth, name))
        with _inside(top):
            for _ in range(depth):
                os.mkdir(name)
                os.chdir(name)
            Path("found.txt").write_text(STORIES[1], encoding="utf-8")
        return os.path.join(*[name] * depth)

    yield build
    for top, depth, name in made:
        with _inside(top):
            for _ in range(depth):
                os.chdir(name)
            os.unlink("found.txt")
            for _ in range(depth):
                os.chdir("..")
                os.rmdir(name)


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def test_a_folder_1100_levels_deep_is_read(tmp_path: Path, deep_tree, monkeypatch):
    top = corpus(tmp_path / "deep", 1)
    deepest = deep_tree(top, 1100, "d")
    report = tmp_path / "report.json"
    monkeypatch.chdir(tmp_path)
    result = run("countries", "deep", "--by", "doc", "-f", "csv", "--report", report)
    assert result.exit_code == 0, result.output
    assert report_docs(report) == [
        os.path.join("deep", deepest, "found.txt"),
        os.path.join("deep", "story0.txt"),
    ]
    assert "FRA" in result.stdout and "IND" in result.stdout


def test_a_folder_beyond_the_path_length_limit_is_named(tmp_path: Path, deep_tree, monkeypatch):
    top = corpus(tmp_path / "deep", 1)
    deep_tree(top, 500, "long-folder-name")  # 8,500 characters: beyond PATH_MAX
    monkeypatch.chdir(tmp_path)
    result = run("countries", "deep", "--by", "doc", "-f", "csv")
    assert result.exit_code == 1, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("tradenews: skip")]
    assert len(skipped) == 1 and "long-folder-name" in skipped[0]
    assert "file name too long" in skipped[0]
    assert "IND" in result.stdout


@pytest.mark.parametrize(
    "pattern",
    [
        "**",
        "a/**",
        "a/**/*.txt",
        "**/*.txt",
        "**/b/*",
        "a/**/c",
        "**/",
        "a/.h/**",
        "a/**/.hid*",
        "*/**/*.md",
        "a//**/*.txt",
        "a/*/**/z.txt",
        "a/**/",
        "**/c/**",
    ],
)
def test_double_star_patterns_match_what_the_standard_glob_matches(
    tmp_path: Path, monkeypatch, pattern: str
):
    import glob

    from tradenews.io.paths import matches

    monkeypatch.chdir(tmp_path)
    for folder in ("a/b/c", "a/.h/d", "e"):
        os.makedirs(folder)
    for name in ("a/x.txt", "a/b/y.txt", "a/b/c/z.txt", "a/.h/d/w.txt", "e/v.md", "a/.hid.txt"):
        Path(name).write_text("x")
    assert matches(pattern) == sorted(glob.glob(pattern, recursive=True))  # no links: the same
    absolute = str(tmp_path / pattern)
    assert matches(absolute) == sorted(glob.glob(absolute, recursive=True))

"""A night run over a scraped folder: nothing lost, nothing fetched, same bytes every time."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main

COUNTRIES = ["India", "Japan", "Brazil", "Canada", "Vietnam", "Mexico", "Germany", "Kenya"]


def good_article(i: int) -> str:
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i + 3) % len(COUNTRIES)]
    return (
        f"---\ntitle: Talks {i}\ndate: 2025-07-{1 + i % 28:02d}\n---\n"
        f"Officials from {a} and {b} met on Tuesday to discuss tariffs on steel "
        f"and market access for farm goods, article number {i}.\n"
    )


def make_hostile(folder: Path) -> int:
    """Twenty inputs a scraper leaves behind; returns how many documents they hold."""
    for i in range(4):
        (folder / f"binary{i}.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50 + bytes(range(256)))
    for i in range(4):
        (folder / f"empty{i}.txt").write_bytes(b"")
    for i in range(3):
        (folder / f"blank{i}.md").write_text("  \n\n\t\n", encoding="utf-8")
    for i in range(4):
        (folder / f"broken{i}.json").write_text('{"text": "unterminated', encoding="utf-8")
    (folder / "notext.json").write_text('{"author": "no body, no headline"}', encoding="utf-8")
    (folder / "nobody.html").write_text(
        "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8",
    )
    (folder / "nocolumn.csv").write_text(
        "headline,when\nTariffs rise,2025-07-01\n", encoding="utf-8"
    )
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    os.symlink(folder / "does-not-exist.txt", folder / "dangling.txt")
    return 20


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("night") / "scraped"
    folder.mkdir()
    for i in range(100):
        (folder / f"good{i:03d}.txt").write_text(good_article(i), encoding="utf-8")
    assert make_hostile(folder) == 20
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_mixed_folder_outputs_the_good_and_reports_the_hostile(mixed_folder: Path, tmp_path: Path):
    report = tmp_path / "report.json"
    result = invoke(
        "entities",
        str(mixed_folder),
        "-f",
        "json",
        "--kind",
        "country",
        "--report",
        str(report),
        "--no-cache",
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    docs_out = {Path(r["doc"]).name for r in rows}
    assert docs_out == {f"good{i:03d}.txt" for i in range(100)}
    skipped_lines = [
        line for line in result.stderr.splitlines() if "skipped" in line and ":" in line
    ]
    assert len(skipped_lines) == 21  # 20 skip lines + the summary line
    assert "120 documents, 20 skipped" in result.stderr
    data = json.loads(report.read_text())
    assert data["ok"] == 100 and data["skipped"] == 20
    assert all(item["reason"] for item in data["items"] if item["status"] == "skipped")
    assert "Traceback" not in result.stderr


def test_output_is_byte_identical_across_runs_and_jobs(mixed_folder: Path):
    first = invoke("entities", str(mixed_folder), "-f", "csv", "--no-cache", "-q")
    second = invoke("entities", str(mixed_folder), "-f", "csv", "--no-cache", "-q")
    assert first.stdout == second.stdout
    parallel = invoke("entities", str(mixed_folder), "-f", "csv", "--no-cache", "-q", "--jobs", "2")
    assert parallel.stdout == first.stdout


def test_no_network_access_at_run_time(tmp_path: Path, monkeypatch):
    """HTML with remote links, scripts and images is parsed offline: no socket is opened."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Tariff talks</title>"
        "<script src='https://cdn.example.com/x.js'></script>"
        "<link rel='stylesheet' href='https://cdn.example.com/s.css'></head><body><article>"
        "<p>India and Japan agreed on Monday to cut tariffs on steel, officials said.</p>"
        "<p>More at <a href='https://www.example.com/more'>example.com</a>.</p>"
        "<img src='https://img.example.com/a.png'></article></body></html>",
        encoding="utf-8",
    )

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = invoke("entities", str(page), "-f", "json", "--kind", "country", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert {r["country"] for r in json.loads(result.stdout)} == {"IND", "JPN"}


def test_ctrl_c_exits_130_and_leaves_no_partial_output(tmp_path: Path, monkeypatch):
    import tradenews.records

    article = tmp_path / "a.txt"
    article.write_text(good_article(1), encoding="utf-8")
    target = tmp_path / "out.csv"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tradenews.records, "entity_rows", interrupted)
    result = CliRunner().invoke(main, ["entities", str(article), "-o", str(target), "--no-cache"])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    assert not target.exists()
    assert not list(tmp_path.glob(".tradenews-*"))


def test_closed_pipe_stops_quietly(tmp_path: Path):
    """`tradenews ... | head -1`: no traceback, no error line, exit status 0."""
    import subprocess
    import sys

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"a{i:03d}.txt").write_text(good_article(i), encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tradenews",
            "topics",
            str(folder),
            "--by",
            "doc",
            "-f",
            "jsonl",
            "--no-cache",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert json.loads(first)["doc"].endswith("a000.txt")
    assert "Traceback" not in stderr and "error" not in stderr

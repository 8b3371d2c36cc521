"""The report shows the records the other commands show, and the messages of a run.

Whole runs through the command line: the report's embedded data (its inline JSON)
against `officials`, `countries` and `entities` on the same small folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main

ARTICLES = {
    "a.txt": (
        "UK MINISTER CRITICISES PROPOSED EC STEEL QUOTAS",
        "1987-03-09",
        "British Trade Secretary Paul Channon criticised the proposed quotas on Tuesday.\n"
        "He said the plan would hurt steel makers in Wales.\n",
    ),
    "b.txt": (
        "Tariff talks resume in Geneva",
        "1987-03-05",
        "The World Trade Organization said on Thursday that members would meet in Geneva.\n"
        "Japan's Trade Minister Hajime Tamura told reporters that Tokyo wanted lower tariffs.\n",
    ),
    "c.txt": (
        "PRESIDENT SEEKS ROMANIA TRADE WAIVER",
        "1987-03-02",
        "President Ronald Reagan asked Congress on Monday to extend trade benefits for "
        "Romania.\nReagan said the waiver would help American farmers.\n",
    ),
}


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    for name, (title, date, body) in ARTICLES.items():
        (folder / name).write_text(f"---\ntitle: {title}\ndate: {date}\n---\n{body}", "utf-8")
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def report_data(html: str) -> dict:
    found = re.search(
        r'<script id="report-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "the report has no embedded data"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def report(news: Path, tmp_path_factory) -> dict:
    page = tmp_path_factory.mktemp("out") / "report.html"
    result = invoke("report", str(news), "-o", str(page), "--quiet")
    assert result.exit_code == 0, result.output
    return report_data(page.read_text("utf-8"))


def chart_rows(data: dict, chart: str) -> list[dict]:
    return next(c["rows"] for c in data["charts"] if c["id"] == chart)


def command_json(*args: str) -> list[dict]:
    result = invoke(*args, "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_report_whos_who_is_the_officials_command(news: Path, report: dict):
    officials = command_json("officials", str(news))
    names = [row["name"] for row in officials]
    assert [row["name"] for row in report["officials"]["rows"]] == names
    assert "Paul Channon" in names
    # a headline in capitals is read truecased, as every command reads it: no fragment of
    # it is an official
    assert not [n for n in names if n.isupper()]


def test_report_shows_the_organizations_the_entities_command_finds(news: Path, report: dict):
    entities = command_json("entities", str(news), "--kind", "organization")
    found = {row["name"] for row in entities}
    assert found, "the sample names an organization"
    assert {row["name"] for row in chart_rows(report, "organizations")} == found


def test_report_countries_are_the_countries_command(news: Path, report: dict):
    countries = command_json("countries", str(news))
    shown = [(r["country"], r["docs"], r["mentions"]) for r in chart_rows(report, "countries")]
    assert shown == [(r["country"], r["docs"], r["mentions"]) for r in countries]


# --------------------------------------------------------------------------- messages

ONE_TOPIC = """
version: 1
topics:
  - id: shipping
    label: Shipping & ports
    scope: freight, ports
    cues: [container ship, port congestion]
"""
UNDATED = "Japan's Trade Minister Hajime Tamura said tariffs on rice would fall in March.\n"


def test_a_count_of_one_is_singular(tmp_path: Path):
    taxonomy = tmp_path / "one.yaml"
    taxonomy.write_text(ONE_TOPIC, "utf-8")
    result = invoke("taxonomy", "--check", str(taxonomy))
    assert result.exit_code == 0 and "(1 topic)" in result.stdout, result.output

    article = tmp_path / "news" / "a.txt"
    article.parent.mkdir()
    article.write_text(UNDATED, "utf-8")
    result = invoke("topics", str(article.parent), "--by", "month", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "1 of 1 document has no publication date" in " ".join(result.stdout.split())

    page = tmp_path / "report.html"
    result = invoke("report", str(article.parent), "-o", str(page), "--taxonomy", str(taxonomy))
    assert result.exit_code == 0, result.output
    html = page.read_text("utf-8")
    assert "1 document without a publication date is not shown" in html
    assert "(1 topic)" in html
    assert not re.search(r"\b1 (documents|topics|date mentions)\b", html)


ANALYSIS_COMMANDS = (["entities"], ["officials"], ["countries"], ["topics"])


@pytest.mark.parametrize("command", ANALYSIS_COMMANDS, ids=lambda c: c[0])
def test_an_empty_folder_is_named_and_exits_1(tmp_path: Path, command: list[str]):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(*command, str(empty), "--format", "csv", "--quiet")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"tradenews: no documents found in {empty}"
    assert result.stdout.count("\n") == 1  # the header: an empty table, still a table


def test_a_report_of_an_empty_folder_writes_nothing(tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    page = tmp_path / "report.html"
    result = invoke("report", str(empty), "-o", str(page))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"tradenews: no documents found in {empty}"
    assert not page.exists()
    assert list(tmp_path.iterdir()) == [empty]  # no temporary file left either

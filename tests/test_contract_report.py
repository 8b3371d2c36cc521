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
    found = re.search(r'<script id="report-data" type="application/json">(.*?)</script>', html, re.S)
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

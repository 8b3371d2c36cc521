"""The report's chart tables (hand-built records), the `report` command and `--plot`."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main
from tradenews.document import Document
from tradenews.outfiles import current_umask
from tradenews.report import views
from tradenews.report.corpus import CorpusRows

ARTICLE = """---
title: {title}
date: {date}
---
WASHINGTON — India's Commerce Minister Piyush Goyal met U.S. Trade Representative
Jamieson Greer in Washington earlier this week to discuss tariffs on Indian steel and
market access for American farm goods. Goyal said a deal could be signed next month,
and that talks on sanctions against Russia would resume in the coming weeks.
"""


def topic(name: str) -> dict:
    return {"topic": name, "label": name.title(), "score": 0.9, "evidence": "", "mentions": 1}


def document(doc: str, date: str | None) -> Document:
    return Document(doc=doc, text="", date=dt.date.fromisoformat(date) if date else None)


@pytest.fixture
def corpus() -> CorpusRows:
    """Four documents: January (2), March, and one undated; countries, topics, dates."""
    rows = CorpusRows()
    usa = {"kind": "country", "name": "United States", "country": "USA", "mentions": 2}
    ind = {"kind": "country", "name": "India", "country": "IND", "mentions": 1}
    greer = {"kind": "official", "name": "Jamieson Greer", "title": "Trade Representative",
             "country": "USA", "organization": None, "mentions": 2}  # fmt: skip

    def date(value: str) -> dict:
        return {"kind": "date", "name": value, "value": value, "mentions": 1, "start": 0, "end": 1}

    rows.add(
        document("a", "2025-01-10"),
        {"topics": [topic("tariffs"), topic("sanctions")], "countries": [usa, ind],
         "people": [greer], "dates": [date("2025-01-08"), date("2025-W06"), date("2025-Q2")]},
    )  # fmt: skip
    rows.add(
        document("b", "2025-01-20"),
        {"topics": [topic("tariffs")], "countries": [usa],
         "people": [{**greer, "name": "jamieson greer"}], "dates": [date("2024-12")]},
    )  # fmt: skip
    rows.add(document("c", "2025-03-02"), {"topics": [topic("tariffs")], "countries": [ind]})
    rows.add(document("d", None), {"topics": [topic("sanctions")], "dates": [date("FUTURE_REF")]})
    return rows


def test_trends_count_documents_per_topic_and_month_over_the_whole_span(corpus):
    table, months = views.trends(corpus)
    assert months == ["2025-01", "2025-02", "2025-03"]  # February has no document: still a month
    got = {
        (r.month, r.topic): (r.docs, r.month_docs, r.share, r.doc_ix) for r in table.itertuples()
    }
    assert got == {
        ("2025-01", "tariffs"): (2, 2, 1.0, [0, 1]),
        ("2025-03", "tariffs"): (1, 1, 1.0, [2]),
        ("2025-01", "sanctions"): (1, 2, 0.5, [0]),  # the undated document is not a point
    }
    ranks = dict(zip(table["topic"], table["rank"], strict=True))
    assert ranks == {"tariffs": 1, "sanctions": 2}


def test_trends_from_the_topics_command_rows_agree(corpus):
    from tradenews import records

    months = {d["doc"]: d["date"][:7] for d in corpus.docs}
    month_rows = records.topics_by_month(corpus.topics, months)
    table, span = views.trends_from_month_rows(month_rows)
    ours, _ = views.trends(corpus)
    assert span == ["2025-01", "2025-02", "2025-03"]
    assert table.drop(columns=[]).to_dict("records") == ours.drop(columns="doc_ix").to_dict(
        "records"
    )


def test_heat_orders_countries_by_documents_and_lists_evidence(corpus):
    table = views.heat(corpus)
    cells = {(r.country, r.topic): (r.docs, r.doc_ix) for r in table.itertuples()}
    assert cells == {
        ("USA", "tariffs"): (2, [0, 1]),
        ("USA", "sanctions"): (1, [0]),
        ("IND", "tariffs"): (2, [0, 2]),
        ("IND", "sanctions"): (1, [0]),
    }
    # Both countries are named in 2 documents: the one mentioned more comes first.
    assert list(dict.fromkeys(table["country"])) == ["USA", "IND"]
    assert list(dict.fromkeys(table["topic"])) == ["tariffs", "sanctions"]


def test_heat_from_the_matrix_of_the_countries_command():
    rows = [
        {"country": "USA", "name": "United States", "docs": 5, "tariffs": 1, "energy": 4},
        {"country": "CHN", "name": "China", "docs": 2, "tariffs": 2, "energy": 0},
    ]
    table = views.heat_from_matrix(rows, ["country", "name", "docs", "tariffs", "energy"], {})
    assert table[["country", "topic", "docs", "country_rank", "topic_rank"]].values.tolist() == [
        ["USA", "energy", 4, 1, 1],
        ["USA", "tariffs", 1, 1, 2],
        ["CHN", "tariffs", 2, 2, 2],
    ]


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("2025-07-09", "2025-07"),
        ("2025-07", "2025-07"),
        ("2025-07-09T14:00", "2025-07"),
        ("2025-W01", "2025-01"),
        ("2020-W53", "2020-12"),  # the week's Thursday decides (ISO 8601)
        ("2026-W01-WE", "2026-01"),
        ("2025-Q2", None),
        ("2025-H1", None),
        ("2025", None),
        ("XXXX-07-09", None),
        ("PAST_REF", None),
        ("2025-13", None),
        ("", None),
    ],
)
def test_timex_month(value, month):
    assert views.timex_month(value) == month


def test_timeline_splits_past_and_future_of_publication(corpus):
    table, unplaced = views.timeline(corpus)
    got = {(r.month, r.relation): (r.mentions, r.doc_ix) for r in table.itertuples()}
    assert got == {
        ("2024-12", "past"): (1, [1]),
        ("2025-01", "same month"): (1, [0]),
        ("2025-02", "future"): (1, [0]),
    }
    assert unplaced == 2  # 2025-Q2 and FUTURE_REF


def test_officials_merge_spellings_and_list_their_documents(corpus):
    table = views.officials(corpus)
    assert table[["name", "docs", "mentions", "doc_ix"]].values.tolist() == [
        ["Jamieson Greer", 2, 4, [0, 1]]
    ]


def test_topic_evidence_is_kept_per_topic_and_document(corpus):
    corpus.topics[0]["evidence"] = "Tariffs on steel   rose. " * 30
    corpus.topics[1]["evidence"] = ["Sanctions on A.", "Sanctions on B."]
    evidence = views.topic_evidence(corpus, limit=60)
    assert set(evidence) == {"tariffs", "sanctions"}
    assert len(evidence["tariffs"][0]) == 60 and evidence["tariffs"][0].endswith("\u2026")
    assert "  " not in evidence["tariffs"][0]
    assert evidence["sanctions"] == {0: "Sanctions on A. \u2026 Sanctions on B."}


def test_countries_and_organizations_tables(corpus):
    countries = views.countries(corpus)
    assert countries[["country", "docs", "doc_ix"]].values.tolist() == [
        ["USA", 2, [0, 1]],
        ["IND", 2, [0, 2]],
    ]
    assert views.organizations(corpus).empty


def test_report_page_embeds_every_chart_and_no_remote_resource(corpus, tmp_path):
    from tradenews.report.page import ReportInfo, write_report

    out = io.StringIO()
    write_report(out, corpus, ReportInfo(title="Desk <report>", model="m 1"), None)
    html = out.getvalue()
    assert "<title>Desk &lt;report&gt;</title>" in html
    data = json.loads(
        re.search(r'id="report-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert [c["id"] for c in data["charts"]] == [
        "trends", "heat", "countries", "organizations", "timeline",
    ]  # fmt: skip
    assert [d[0] for d in data["docs"]] == ["a", "b", "c", "d"]
    assert "Jamieson Greer" in html
    # Self-contained: no script, style or image is fetched from anywhere.
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", html, flags=re.S)
    assert not re.search(r"<(script|img|iframe)[^>]+src=|<link[^>]+href=", markup)
    assert html.count("<script") == 3


# --------------------------------------------------------------------------- command line


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    dated = [("2025-06-12", "Steel talks"), ("2025-07-18", "Deal near"), ("2025-09-02", "Deal")]
    for i, (date, title) in enumerate(dated):
        (folder / f"{i}.txt").write_text(ARTICLE.format(date=date, title=title), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_report_command_writes_the_page_and_counts_skips(news, tmp_path):
    out = tmp_path / "report.html"
    result = run("report", str(news), "-o", str(out), "--title", "Trade desk")
    assert result.exit_code == 1  # empty.txt was skipped, and says so
    html = out.read_text(encoding="utf-8")
    assert "Trade desk" in html
    assert 'id="fact-documents">3<' in html and 'id="fact-skipped">1<' in html
    assert "empty.txt" in html  # the skipped input is named in the header
    for name in ("Piyush Goyal", "Jamieson Greer"):
        assert name in html
    data = json.loads(
        re.search(r'id="report-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    trends = next(c for c in data["charts"] if c["id"] == "trends")
    assert {r["month"] for r in trends["rows"]} == {"2025-06", "2025-07", "2025-09"}
    # Documents link back to their files, relative to the page.
    assert sorted(d[3] for d in data["docs"]) == ["news/0.txt", "news/1.txt", "news/2.txt"]


def test_report_has_no_table_format_options():
    result = CliRunner().invoke(main, ["report", "x", "--format", "csv"])
    assert result.exit_code == 2


def non_blank_pixels(path: Path) -> tuple[tuple[int, int], int]:
    """Image size and how many pixels differ from the most common (background) colour."""
    image_module = pytest.importorskip("PIL.Image")
    with image_module.open(path) as image:
        rgb = image.convert("RGB")
        colors = rgb.getcolors(maxcolors=1 << 24) or []
    background = max(colors)[1]
    return rgb.size, sum(n for n, c in colors if c != background)


def test_topics_by_month_plot_png(news, tmp_path):
    out = tmp_path / "trends.png"
    result = run("topics", str(news), "--by", "month", "--plot", str(out), "-f", "csv")
    assert result.exit_code == 1  # the empty file
    assert "month,topic" in result.output  # the rows still go to standard output
    (width, height), inked = non_blank_pixels(out)
    assert out.stat().st_mode & 0o777 == 0o666 & ~current_umask()
    assert width >= 1000 and height >= 400
    assert inked > 0.02 * width * height


def test_countries_by_topic_plot_png_and_svg(news, tmp_path):
    for suffix in (".png", ".svg"):
        out = tmp_path / f"heat{suffix}"
        result = run("countries", str(news), "--by", "topic", "--plot", str(out), "-f", "csv")
        assert result.exit_code == 1
    svg = (tmp_path / "heat.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "India" in svg and "Tariffs" in svg
    (width, height), inked = non_blank_pixels(tmp_path / "heat.png")
    assert width > 300 and height > 100 and inked > 0.02 * width * height


@pytest.mark.parametrize(
    "args",
    [
        ["topics", "--by", "doc", "--plot", "x.png"],
        ["topics", "--by", "month", "--plot", "x.jpg"],
        ["countries", "--by", "doc", "--plot", "x.png"],
        ["countries", "--by", "topic", "--plot", "no/such/folder/x.png"],
    ],
)
def test_plot_usage_errors(news, args):
    result = CliRunner().invoke(main, [args[0], str(news), *args[1:]])
    assert result.exit_code == 2
    assert "--plot" in result.output


def test_report_of_no_document_is_a_page_that_says_so():
    from tradenews.report.page import ReportInfo, write_report

    out = io.StringIO()
    write_report(out, CorpusRows(), ReportInfo(skipped=[{"doc": "a.txt", "reason": "empty"}]), None)
    html = out.getvalue()
    assert html.count('class="empty">Nothing to show.') == 5
    assert 'id="fact-documents">0<' in html and "a.txt" in html


def test_report_names_documents_without_rows(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "quiet.txt").write_text("---\ndate: 2025-01-02\n---\nNothing to see.\n", "utf-8")
    (folder / "busy.txt").write_text(ARTICLE.format(date="2025-01-02", title="Deal"), "utf-8")
    out = tmp_path / "report.html"
    result = run("report", str(folder), "-o", str(out), "--list-empty")
    assert result.exit_code == 0
    assert "no rows from" in result.output and "quiet.txt" in result.output
    assert "busy.txt" not in result.output

"""The reader: every input format, document ids, metadata and publication dates."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tradenews.document import Document, Skip
from tradenews.io import (
    NoSuchPath,
    check_paths,
    dateline_date,
    parse_date,
    read_documents,
    split_front_matter,
)

ARTICLE = (
    "The two governments agreed to cut tariffs on farm goods, the trade minister said, "
    "adding that talks on steel would resume next month."
)


def read(*paths: str | Path, **options) -> list[Document | Skip]:
    return list(read_documents([str(p) for p in paths], **options))


def docs_only(items: list[Document | Skip]) -> list[Document]:
    assert all(isinstance(i, Document) for i in items), items
    return items  # type: ignore[return-value]


# --------------------------------------------------------------------------- text


def test_text_file_with_front_matter(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "---\n"
        'title: "Wellington and Canberra review apple import rules"\n'
        "date: 2024-08-21\n"
        "source: Tasman Wire\n"
        "url: https://example.com/apples\n"
        "author: Business desk\n"
        "---\n"
        f"WELLINGTON — {ARTICLE}\n",
        encoding="utf-8",
    )
    [d] = docs_only(read(f))
    assert d.doc == str(f)
    assert d.title == "Wellington and Canberra review apple import rules"
    assert d.date == dt.date(2024, 8, 21) and d.date_source == "metadata"
    assert d.source == "Tasman Wire"
    assert d.url == "https://example.com/apples"
    assert d.text.startswith("WELLINGTON — The two governments")
    assert "---" not in d.text


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-07-03", dt.date(2025, 7, 3)),
        ("2025-07-03T23:30:00-05:00", dt.date(2025, 7, 3)),  # as written, not UTC
        ('"2025-07-03T10:00:00Z"', dt.date(2025, 7, 3)),
        ("July 3, 2025", dt.date(2025, 7, 3)),
        ("3 July 2025", dt.date(2025, 7, 3)),
        ("2025-07-03 09:15:00", dt.date(2025, 7, 3)),
    ],
)
def test_front_matter_date_forms(tmp_path: Path, value: str, expected: dt.date) -> None:
    f = tmp_path / "a.md"
    f.write_text(f"---\ndate: {value}\n---\n{ARTICLE}\n", encoding="utf-8")
    [d] = docs_only(read(f))
    assert (d.date, d.date_source) == (expected, "metadata")


def test_front_matter_with_unquoted_colon_in_title(tmp_path: Path) -> None:
    """Not valid YAML, but obviously key: value lines; read them rather than lose them."""
    f = tmp_path / "a.txt"
    f.write_text(
        "---\ntitle: Steel: the deal nobody wanted\ndate: 2025-03-12\n---\n" + ARTICLE,
        encoding="utf-8",
    )
    [d] = docs_only(read(f))
    assert d.title == "Steel: the deal nobody wanted"
    assert d.date == dt.date(2025, 3, 12)
    assert d.text == ARTICLE


def test_unparseable_front_matter_stays_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("---\n- just a list\n- of things\n---\n" + ARTICLE, encoding="utf-8")
    [d] = docs_only(read(f))
    assert d.text.startswith("---") and ARTICLE in d.text


def test_split_front_matter_without_front_matter() -> None:
    assert split_front_matter(ARTICLE) == ({}, ARTICLE)
    meta, body = split_front_matter("---\ntitle: x\n---\nbody\n")
    assert meta == {"title": "x"} and body == "body\n"


def test_crlf_newlines_normalized(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"---\r\ntitle: T\r\n---\r\nFirst paragraph.\r\n\r\nSecond one.\r\n")
    [d] = docs_only(read(f))
    assert d.title == "T" and d.text == "First paragraph.\n\nSecond one."


def test_no_extension_and_unknown_extension_are_text(tmp_path: Path) -> None:
    (tmp_path / "README").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.log").write_text(ARTICLE, encoding="utf-8")
    items = docs_only(read(tmp_path / "README", tmp_path / "notes.log"))
    assert [d.text for d in items] == [ARTICLE, ARTICLE]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "head, expected",
    [
        ("NAIROBI, Oct 14, 2025 — Kenya's tea growers", dt.date(2025, 10, 14)),
        ("WASHINGTON, March 3, 1987 - The Treasury", dt.date(1987, 3, 3)),
        ("Jan. 5, 2026 (Reuters) - Japan's exports", dt.date(2026, 1, 5)),
        ("2025-07-18 — Ministers met", dt.date(2025, 7, 18)),
        ("GENEVA, 4 February 2026 — WTO members", dt.date(2026, 2, 4)),
        ("CEBU, Philippines, Nov. 12, 2024 — Leaders", dt.date(2024, 11, 12)),
        ("BRUSSELS (Reuters), Tuesday, March 3, 2026 -- EU", dt.date(2026, 3, 3)),
        ("Published: 12 May 2025\n\nThe ministry said", dt.date(2025, 5, 12)),
        ("Headline of the story\n\nTOKYO, Sept. 9, 2025 — Japan", dt.date(2025, 9, 9)),
        ("Friday, March 6, 2026\n\nWASHINGTON — The U.S.", dt.date(2026, 3, 6)),
        ("6 March 2026, 14:05 GMT\nLONDON — Britain", dt.date(2026, 3, 6)),
        ("By Ana Lima | March 6, 2026\nBRASILIA — Brazil", dt.date(2026, 3, 6)),
        ("2026/03/06 — Officials", dt.date(2026, 3, 6)),
    ],
)
def test_dateline_with_full_date(head: str, expected: dt.date) -> None:
    assert dateline_date(head + " said on Tuesday it would respond.") == expected


@pytest.mark.parametrize(
    "head",
    [
        "WASHINGTON, March 3 - The Treasury said",  # no year: not a full date
        "LONDON (Reuters) - Britain said",
        "On March 3, 2025, the minister said talks would resume.",
        "Talks resumed in Geneva, officials said.",
        "March 6, 2026 was a busy day for the minister.",
        "By the end of March 6, 2026 the talks had failed.",
        "",
    ],
)
def test_no_dateline(head: str) -> None:
    assert dateline_date(head) is None


def test_dateline_only_at_the_head() -> None:
    text = "\n\n".join(["A headline", "A standfirst.", "By A Writer", "Para one.", "Para two."])
    assert dateline_date(text + "\n\nPARIS, May 2, 2025 — too late to be a dateline") is None


def test_date_precedence(tmp_path: Path) -> None:
    meta = tmp_path / "meta.txt"
    meta.write_text("---\ndate: 2025-01-02\n---\nPARIS, May 2, 2025 — " + ARTICLE)
    line = tmp_path / "line.txt"
    line.write_text("PARIS, May 2, 2025 — " + ARTICLE)
    nodate = tmp_path / "none.txt"
    nodate.write_text("PARIS, May 2 — " + ARTICLE)
    option = dt.date(2024, 6, 30)
    got = {Path(d.doc).name: (d.date, d.date_source) for d in read(meta, line, nodate)}
    assert got == {
        "meta.txt": (dt.date(2025, 1, 2), "metadata"),
        "line.txt": (dt.date(2025, 5, 2), "dateline"),
        "none.txt": (None, None),
    }
    got = {Path(d.doc).name: (d.date, d.date_source) for d in read(nodate, default_date=option)}
    assert got == {"none.txt": (option, "option")}


def test_unparseable_metadata_date_falls_back_to_dateline(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("---\ndate: sometime last week\n---\nROME, 9 June 2025 — " + ARTICLE)
    [d] = docs_only(read(f))
    assert (d.date, d.date_source) == (dt.date(2025, 6, 9), "dateline")


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(2025, 7, 3), dt.date(2025, 7, 3)),
        (dt.datetime(2025, 7, 3, 23, 0), dt.date(2025, 7, 3)),
        ("Thu, 03 Jul 2025 10:00:00 GMT", dt.date(2025, 7, 3)),
        ("July 3rd, 2025", dt.date(2025, 7, 3)),
        ("20250703", dt.date(2025, 7, 3)),
        ("25/12/2025", dt.date(2025, 12, 25)),
        ("03/07/2025", None),  # day and month ambiguous: no guess
        ("2025-02-30", None),
        ("July 2025", None),
        (1751536800, dt.date(2025, 7, 3)),
        (True, None),
        (None, None),
        ({"date": "2025-07-03"}, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --------------------------------------------------------------------------- JSON


def test_json_object_and_fields(tmp_path: Path) -> None:
    f = tmp_path / "one.json"
    f.write_text(
        json.dumps(
            {
                "title": "Kenya and the EU extend duty-free access",
                "published": "2024-11-14T07:40:00Z",
                "body": ARTICLE,
                "source": "East Africa Courier",
                "url": "https://example.org/kenya-eu",
            }
        )
    )
    [d] = docs_only(read(f))
    assert d.doc == str(f)
    assert d.text == ARTICLE
    assert d.title == "Kenya and the EU extend duty-free access"
    assert (d.date, d.date_source) == (dt.date(2024, 11, 14), "metadata")
    assert (d.source, d.url) == ("East Africa Courier", "https://example.org/kenya-eu")


def test_json_array_ids_and_skips(tmp_path: Path) -> None:
    f = tmp_path / "many.json"
    f.write_text(
        json.dumps(
            [
                {"text": "First article text.", "date": "2025-01-02"},
                {"content": "Second article text.", "publish_date": "2 January 2025"},
                {"author": "No text here", "summary": "only a summary"},
                "not an object",
            ]
        )
    )
    items = read(f)
    assert [i.doc for i in items] == [f"{f}#1", f"{f}#2", f"{f}#3", f"{f}#4"]
    assert items[0].text == "First article text."
    assert items[1].date == dt.date(2025, 1, 2)
    assert isinstance(items[2], Skip) and "text, body, content" in items[2].reason
    assert isinstance(items[3], Skip)


def test_json_wrapper_object_and_source_object(tmp_path: Path) -> None:
    f = tmp_path / "api.json"
    f.write_text(
        json.dumps(
            {
                "status": "ok",
                "articles": [{"content": ARTICLE, "source": {"id": None, "name": "Wire"}}],
            }
        )
    )
    [d] = docs_only(read(f))
    assert d.doc == f"{f}#1" and d.source == "Wire"


def test_html_in_a_text_field(tmp_path: Path) -> None:
    f = tmp_path / "cms.jsonl"
    f.write_text(
        json.dumps(
            {
                "content": "<p>LIMA &amp; QUITO — Officials met.</p>\n<p>Talks <b>resume</b>"
                "<br>next week.</p><script>track()</script>",
                "date": {"$date": "2024-11-14T07:40:00Z"},
            }
        )
        + "\n"
    )
    [d] = docs_only(read(f))
    assert d.text == "LIMA & QUITO — Officials met.\n\nTalks resume\nnext week."
    assert d.date == dt.date(2024, 11, 14)


def test_json_lines_saved_as_json(tmp_path: Path) -> None:
    f = tmp_path / "dump.json"
    f.write_text('{"text": "One."}\n{"text": "Two."}\n')
    assert [d.doc for d in docs_only(read(f))] == [f"{f}#1", f"{f}#2"]


def test_jsonl_ids_are_line_numbers(tmp_path: Path) -> None:
    f = tmp_path / "feed.ndjson"
    f.write_text(
        '{"text": "Line one article."}\n\n{"text": "Line three article.", "date": "2025-09-25"}\n'
    )
    items = docs_only(read(f))
    assert [d.doc for d in items] == [f"{f}#1", f"{f}#3"]
    assert items[1].date == dt.date(2025, 9, 25)


def test_text_column_option_for_json(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text('{"article": "Chosen field."}\n{"text": "Not this one."}\n')
    items = read(f, text_column="article")
    assert items[0].text == "Chosen field."
    assert isinstance(items[1], Skip) and "article" in items[1].reason


# --------------------------------------------------------------------------- CSV


def test_csv_rows_and_columns(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text(
        "id,title,date,text,url\n"
        '1,First,2025-07-03,"HANOI — A quoted text, with a comma\n\nand a second paragraph.",u1\n'
        "\n"
        "2,Second,,Plain second row.,u2\n",
        encoding="utf-8",
    )
    items = docs_only(read(f))
    assert [d.doc for d in items] == [f"{f}#1", f"{f}#2"]  # data rows, counted from 1
    named = docs_only(read(f, id_field="id"))
    assert [d.doc for d in named] == ["1", "2"]  # --id-field id: the column names them
    assert items[0].text.endswith("and a second paragraph.")
    assert (items[0].title, items[0].date, items[0].url) == ("First", dt.date(2025, 7, 3), "u1")
    assert items[1].date is None


def test_csv_text_column_option_and_fallbacks(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text("headline,story\nH,The story text.\n")
    [d] = docs_only(read(f, text_column="story"))
    assert d.text == "The story text."
    g = tmp_path / "body.csv"
    g.write_text("Title,Body\nT,Body text.\n")
    [d] = docs_only(read(g))
    assert (d.title, d.text) == ("T", "Body text.")


def test_csv_semicolon_delimiter(tmp_path: Path) -> None:
    f = tmp_path / "excel.csv"
    f.write_text("title;text\nT;Un accord commercial, enfin.\n", encoding="utf-8-sig")
    [d] = docs_only(read(f))
    assert (d.title, d.text) == ("T", "Un accord commercial, enfin.")


def test_csv_without_text_column_names_its_columns(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text("id,headline,summary\n1,H,S\n")
    [s] = read(f)
    assert isinstance(s, Skip) and s.doc == str(f)
    assert "id, headline, summary" in s.reason


def test_csv_large_field(tmp_path: Path) -> None:
    big = "Tariff talks continued. " * 20000  # ~480 KB, over csv's default field limit
    f = tmp_path / "big.csv"
    f.write_text('text\n"' + big + '"\n')
    [d] = docs_only(read(f))
    assert len(d.text) == len(big.strip())


# --------------------------------------------------------------------------- compression


def test_gzip_is_transparent(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl.gz"
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write('{"text": "Compressed one."}\n{"text": "Compressed two."}\n')
    g = tmp_path / "article.txt.gz"
    g.write_bytes(gzip.compress(("---\ntitle: Zipped\n---\n" + ARTICLE).encode()))
    items = docs_only(read(f, g))
    assert [d.doc for d in items] == [f"{f}#1", f"{f}#2", str(g)]
    assert items[2].title == "Zipped" and items[2].text == ARTICLE


# --------------------------------------------------------------------------- paths


def make_tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.txt").write_text("Second file.")
    (root / "a.txt").write_text("First file.")
    (root / "sub" / "c.json").write_text('{"text": "Nested file."}')
    (root / ".secret.txt").write_text("Hidden file.")
    (root / ".hidden" / "d.txt").write_text("In a hidden directory.")


def test_directory_recursive_sorted_ids_as_given(tmp_path: Path, monkeypatch) -> None:
    make_tree(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    ids = [d.doc for d in docs_only(read("news"))]
    assert ids == ["news/a.txt", "news/b.txt", "news/sub/c.json"]
    assert [d.doc for d in read("news/")] == ids


def test_globs(tmp_path: Path, monkeypatch) -> None:
    make_tree(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    assert [d.doc for d in read("news/*.txt")] == ["news/a.txt", "news/b.txt"]
    assert [d.doc for d in read("news/**/*.json")] == ["news/sub/c.json"]


def test_arguments_keep_their_order(tmp_path: Path, monkeypatch) -> None:
    make_tree(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    assert [d.doc for d in read("news/b.txt", "news/a.txt")] == ["news/b.txt", "news/a.txt"]


def test_check_paths(tmp_path: Path, monkeypatch) -> None:
    make_tree(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    check_paths(["news", "news/a.txt", "news/*.txt", "-"])
    with pytest.raises(NoSuchPath, match=r"^news/x\.txt: no such file or directory$"):
        check_paths(["news/a.txt", "news/x.txt"])
    with pytest.raises(NoSuchPath, match="news/\\*.csv"):
        check_paths(["news/*.csv"])


def test_read_documents_streams(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "One."}\n')
    stream = read_documents([str(f)])
    assert iter(stream) is stream  # a generator, consumed lazily
    assert next(stream).doc == f"{f}#1"


def test_stdin_with_front_matter(monkeypatch) -> None:
    data = ("---\ntitle: From a pipe\ndate: 2026-01-05\n---\n" + ARTICLE).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    [d] = docs_only(read("-"))
    assert (d.doc, d.title, d.date, d.text) == ("-", "From a pipe", dt.date(2026, 1, 5), ARTICLE)


def test_stdin_json_lines(monkeypatch) -> None:
    data = b'{"text": "One."}\n{oops\n{"text": "Three."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    items = read("-", stdin_jsonl=True)
    assert [i.doc for i in items] == ["-#1", "-#2", "-#3"]
    assert isinstance(items[1], Skip)


def test_stdin_gzip_json_lines(monkeypatch) -> None:
    data = gzip.compress(b'{"text": "One."}\n{"text": "Two."}\n')

    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Pipe(data), encoding="utf-8"))
    assert [d.text for d in docs_only(read("-", stdin_jsonl=True))] == ["One.", "Two."]


def test_stdin_html_page(monkeypatch) -> None:
    data = PAGE.format(meta='<meta name="date" content="2024-11-15">').encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    [d] = docs_only(read("-"))
    assert d.doc == "-" and d.date == dt.date(2024, 11, 15)
    assert d.text.startswith("NAIROBI — Kenya")


def test_trafilatura_is_imported_only_for_html(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    code = (
        "import sys; from tradenews.io import read_documents; "
        f"list(read_documents([{str(tmp_path)!r}])); print('trafilatura' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Kenya and EU extend duty-free access for cut flowers | The Rift Valley Courier</title>
{meta}
<style>.promo {{ color: red; }}</style>
</head><body>
<div class="consent">This site stores data on your device. Manage your privacy choices here.</div>
<header><nav><ul><li><a href="/">Front page</a></li><li><a href="/trade">Trade</a></li>
<li><a href="/farming">Farming</a></li></ul></nav></header>
<article>
<h1>Kenya and EU extend duty-free access for cut flowers</h1>
<p>NAIROBI — Kenya and the European Union agreed on Thursday to keep roses and other cut
flowers free of duty for five more years, easing months of worry among growers.</p>
<p>The farming secretary told reporters the extension would <em>protect</em> some
two hundred thousand jobs around Lake Naivasha.</p>
</article>
<aside><h3>More from the Courier</h3><ul>
<li><a href="/a">Tea auction prices fall for a third straight week in Mombasa</a></li>
<li><a href="/b">Dairy farmers in Eldoret demand cheaper animal feed</a></li>
</ul></aside>
<footer><p>&copy; 2024 The Rift Valley Courier Ltd. No copying without permission.</p></footer>
<script>window.analytics = {{"page": "story"}};</script>
</body></html>"""


@pytest.mark.parametrize(
    "meta, expected",
    [
        ('<meta property="article:published_time" content="2024-11-14T22:10:00-05:00">',
         dt.date(2024, 11, 14)),
        ('<meta name="date" content="2024-11-15">', dt.date(2024, 11, 15)),
        ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
         '[{"@type": "WebPage"}, {"@type": "NewsArticle", '
         '"datePublished": "2024-11-16T06:30:00+03:00"}]}</script>', dt.date(2024, 11, 16)),
        ('</head><body><time datetime="2024-11-17">17 Nov</time><head>', dt.date(2024, 11, 17)),
    ],
)  # fmt: skip
def test_html_metadata_dates(tmp_path: Path, meta: str, expected: dt.date) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE.format(meta=meta), encoding="utf-8")
    [d] = docs_only(read(f))
    assert (d.date, d.date_source) == (expected, "metadata")


def test_html_main_text_title_and_source(tmp_path: Path) -> None:
    f = tmp_path / "page.htm"
    f.write_text(PAGE.format(meta=""), encoding="utf-8")
    [d] = docs_only(read(f))
    assert d.title == "Kenya and EU extend duty-free access for cut flowers"
    assert d.source == "The Rift Valley Courier"
    paragraphs = d.text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("NAIROBI — Kenya and the European Union agreed")
    assert "extension would protect some" in paragraphs[1]
    for junk in ("Tea auction", "More from", "privacy", "No copying", "analytics", "Front page"):
        assert junk not in d.text
    assert d.date is None


def test_html_dateline_when_no_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    page = PAGE.format(meta="").replace("NAIROBI —", "NAIROBI, Nov. 14, 2024 —")
    f.write_text(page, encoding="utf-8")
    [d] = docs_only(read(f))
    assert (d.date, d.date_source) == (dt.date(2024, 11, 14), "dateline")


def test_html_legacy_charset(tmp_path: Path) -> None:
    page = PAGE.format(meta="").replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("NAIROBI —", "NAIROBI — Crème de la crème aside,")
    f = tmp_path / "page.html"
    f.write_bytes(page.encode("cp1252"))
    [d] = docs_only(read(f))
    assert "NAIROBI — Crème de la crème aside," in d.text


# Saved news pages of other common layouts: (page, headline, paragraphs, text around them,
# date, source, url).
PAGES = [
    (
        """<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Chile, Korea widen free trade pact to cover services - Andes Business Daily</title>
<meta property="og:site_name" content="Andes Business Daily">
<meta property="og:url" content="https://news.example.org/andes/2024/11/18/chile-korea">
<meta property="article:published_time" content="2024-11-18T09:15:00-03:00">
<style>body { font-family: serif; } .ad { display: none; }</style>
<script>var _q = _q || []; _q.push(["trackPageview"]);</script>
</head><body>
<div id="cookie-notice"><p>Cookies help this site count visits and show adverts.</p>
<button>Allow all</button><button>Only the necessary ones, please</button></div>
<header class="site-header"><a href="/">Andes Business Daily</a>
<ul class="menu"><li><a href="/economy">Economy</a></li><li><a href="/mining">Mining</a></li>
<li><a href="/agro">Agribusiness</a></li><li><a href="/comment">Comment</a></li></ul></header>
<nav class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/economy">Economy</a></nav>
<main><article>
<h1>Chile, Korea widen free trade pact to cover services</h1>
<p class="byline">By Paula Ibarra</p>
<p>SANTIAGO — Chile and South Korea signed an update to their twenty-year-old free trade
agreement on Monday, adding chapters on digital services and critical minerals.</p>
<p>Chilean fruit growers, who ship cherries and blueberries to Korea, will see remaining
seasonal duties phased out over four years, the foreign ministry said.</p>
<p>Officials in Seoul said the text still needs approval from Korean lawmakers, who
are expected to vote early next year.</p>
</article></main>
<section class="popular"><h2>Popular right now</h2><ol>
<li><a href="/1">Copper price rally lifts the peso to a three-month high</a></li>
<li><a href="/2">Port strike in Valparaiso delays salmon exports to Asia</a></li>
<li><a href="/3">Lithium royalties spark a new row in Congress over budgets</a></li>
</ol></section>
<div class="newsletter"><h3>Sign up for our morning briefing on markets</h3>
<p>Get the five stories that matter delivered to your inbox every weekday.</p></div>
<footer><ul><li><a href="/who">Who we are and how we report</a></li>
<li><a href="/legal">Legal notices and data protection</a></li></ul>
<p>Andes Business Daily, all content protected by copyright law.</p></footer>
</body></html>""",
        "Chile, Korea widen free trade pact to cover services",
        [
            "SANTIAGO — Chile and South Korea signed an update to their twenty-year-old free "
            "trade agreement on Monday, adding chapters on digital services and critical minerals.",
            "Chilean fruit growers, who ship cherries and blueberries to Korea, will see remaining "
            "seasonal duties phased out over four years, the foreign ministry said.",
            "Officials in Seoul said the text still needs approval from Korean lawmakers, who "
            "are expected to vote early next year.",
        ],
        [
            "Cookies help this site",
            "Only the necessary ones",
            "Copper price rally",
            "Port strike in Valparaiso",
            "Popular right now",
            "Sign up for our morning briefing",
            "delivered to your inbox",
            "how we report",
            "protected by copyright",
            "trackPageview",
            "font-family",
        ],
        dt.date(2024, 11, 18),
        "Andes Business Daily",
        "https://news.example.org/andes/2024/11/18/chile-korea",
    ),
    (
        """<!DOCTYPE html>
<html lang="en-GB"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Norway lifts salmon quota talks with Britain &#8211; Fjord Seafood Report</title>
<link rel="canonical" href="https://seafood.example.net/2023/norway-britain-quotas">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Norway lifts salmon quota talks with Britain",
 "datePublished": "2023-03-09T11:00:00+01:00", "dateModified": "2023-03-10T08:00:00+01:00",
 "publisher": {"@type": "Organization", "name": "Fjord Seafood Report"}}
</script>
</head><body>
<div class="top-bar"><a href="/join">Become a member for full access to every story</a></div>
<div class="site-nav"><ul><li><a href="/fisheries">Fisheries</a></li>
<li><a href="/aquaculture">Aquaculture</a></li><li><a href="/processing">Processing</a></li>
</ul></div>
<div class="story">
<h1 class="story-title">Norway lifts salmon quota talks with Britain</h1>
<div class="meta">Published <time datetime="2023-03-09T11:00:00+01:00">9 March 2023</time></div>
<div class="story-body">
<p>OSLO — Norway and Britain will meet in Bergen next month to settle catch quotas for
mackerel and herring, the Norwegian fisheries ministry said on Thursday.</p>
<p>The two countries failed to agree last year, and fishing fleets on both sides of the
North Sea have waited months for a deal that sets how much each may land.</p>
<div class="share"><ul><li><a href="#">Share this story on social media</a></li>
<li><a href="#">Send this story by email to a friend</a></li></ul></div>
<p>British processors say the uncertainty has already pushed up prices for frozen fish
across the supply chain.</p>
</div></div>
<div class="related"><h2>Related coverage from our reporters</h2><ul>
<li><a href="/r1">Faroese trawlers report record blue whiting landings this winter</a></li>
<li><a href="/r2">Iceland cuts capelin quota after disappointing survey results</a></li>
</ul></div>
<div class="footer">Fjord Seafood Report is published by an independent trade press house.
Contact the newsroom with tips and corrections.</div>
</body></html>""",
        "Norway lifts salmon quota talks with Britain",
        [
            "OSLO — Norway and Britain will meet in Bergen next month to settle catch quotas "
            "for mackerel and herring, the Norwegian fisheries ministry said on Thursday.",
            "The two countries failed to agree last year, and fishing fleets on both sides of "
            "the North Sea have waited months for a deal that sets how much each may land.",
            "British processors say the uncertainty has already pushed up prices for frozen "
            "fish across the supply chain.",
        ],
        [
            "Become a member",
            "Aquaculture",
            "Share this story",
            "Send this story by email",
            "Related coverage",
            "Faroese trawlers",
            "capelin quota",
            "independent trade press",
            "Contact the newsroom",
            "@context",
        ],
        dt.date(2023, 3, 9),
        "Fjord Seafood Report",
        "https://seafood.example.net/2023/norway-britain-quotas",
    ),
]


@pytest.mark.parametrize(
    ("page", "headline", "paragraphs", "around", "date", "source", "url"),
    PAGES,
    ids=["main-article", "div-layout-json-ld"],
)
def test_saved_page_main_text_and_metadata(
    tmp_path: Path,
    page: str,
    headline: str,
    paragraphs: list[str],
    around: list[str],
    date: dt.date,
    source: str,
    url: str,
) -> None:
    """Every article paragraph comes through, in order, and nothing from the page around it."""
    f = tmp_path / "saved.html"
    f.write_text(page, encoding="utf-8")
    [d] = docs_only(read(f))
    assert d.text.split("\n\n") == paragraphs
    for snippet in around:
        assert snippet not in d.text
    assert d.title == headline and not re.search(r" [|–-] ", d.title)
    assert (d.date, d.date_source) == (date, "metadata")
    assert (d.source, d.url) == (source, url)


def test_separate_dateline_field_is_put_back_at_the_head(tmp_path):
    path = tmp_path / "wire.jsonl"
    rows = [
        {"dateline": "  NAIROBI, June 3, 2024 -  ", "body": "Kenya cut duties on wheat."},
        {"dateline": "LIMA -", "body": "LIMA - Peru signed the pact."},
        {"body": "No dateline here."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs = list(read_documents([str(path)]))
    assert docs[0].text == "NAIROBI, June 3, 2024 - Kenya cut duties on wheat."
    assert docs[0].date == dt.date(2024, 6, 3) and docs[0].date_source == "dateline"
    assert docs[1].text == "LIMA - Peru signed the pact."
    assert docs[2].text == "No dateline here."

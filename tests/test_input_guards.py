"""Input that used to be misread, merged, lost or take forever: each case as it was found.

Long inputs and bombs run under a timeout (and, for bombs, a memory limit in a child
process), so that a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from tradenews.document import Document, Skip
from tradenews.io import is_tradenews_output, read_documents
from tradenews.io.clean import RUN_MAX, TOKEN_MAX, tame_runs

ARTICLE = (
    "Germany and France agreed on Monday to extend steel safeguards for two more years, "
    "the economy minister said in Berlin."
)
SECOND = "The measure covers imports from China and India, officials said after the meeting."
THIRD = "Japan said it would review the decision next year, according to a statement from Tokyo."


def read(*paths: str | Path, **options) -> list[Document | Skip]:
    return list(read_documents([str(p) for p in paths], **options))


def documents(items: list[Document | Skip]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def skips(items: list[Document | Skip]) -> list[Skip]:
    return [i for i in items if isinstance(i, Skip)]


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# --------------------------------------------------------------------------- document ids


def test_ids_are_positional_unless_an_id_field_is_named(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [{"id": "r5001", "text": ARTICLE}, {"text": SECOND}, {"id": 7, "text": THIRD}]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert [d.doc for d in documents(read(f))] == [f"{f}#{n}" for n in (1, 2, 3)]
    assert [d.doc for d in documents(read(f, id_field="id"))] == ["r5001", f"{f}#2", "7"]
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"ID": "story-1", "text": ARTICLE}))
    assert [d.doc for d in documents(read(one, id_field="id"))] == ["story-1"]


def test_a_repeated_id_keeps_its_position_id_and_says_so(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(json.dumps({"id": "a", "text": t}) for t in (ARTICLE, SECOND)))
    first, second = documents(read(f, id_field="id"))
    assert first.doc == "a" and not first.warnings
    assert second.doc == f"{f}#2"
    assert second.warnings and "'a'" in second.warnings[0]


# --------------------------------------------------------------------------- standard input


def test_json_lines_on_stdin_are_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_of(monkeypatch, b'{"text": "%s"}\n{"text": "%s"}\n' % (ARTICLE.encode(), b"Two."))
    assert [(d.doc, d.text) for d in documents(read("-"))] == [("-#1", ARTICLE), ("-#2", "Two.")]


def test_json_on_stdin_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_of(monkeypatch, json.dumps([{"text": ARTICLE}, {"text": SECOND}], indent=2).encode())
    assert [d.doc for d in documents(read("-"))] == ["-#1", "-#2"]
    stdin_of(monkeypatch, json.dumps({"title": "T", "text": ARTICLE}, indent=2).encode())
    [d] = documents(read("-"))
    assert (d.doc, d.title, d.text) == ("-", "T", ARTICLE)


def test_text_that_only_starts_like_json_stays_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[Reuters] " + ARTICLE + "\n{not json} " + SECOND
    stdin_of(monkeypatch, text.encode())
    [d] = documents(read("-"))
    assert (d.doc, d.text) == ("-", text)


def test_xhtml_on_stdin_and_without_extension_is_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Steel</title></head>'
        f"<body><article><p>{ARTICLE}</p><p>{SECOND}</p></article></body></html>"
    )
    for data in (page, f"<body><p>{ARTICLE}</p><p>{SECOND}</p></body>"):
        stdin_of(monkeypatch, data.encode())
        [d] = documents(read("-"))
        assert "<" not in d.text and ARTICLE in d.text
    f = tmp_path / "page"
    f.write_text(page)
    [d] = documents(read(f))
    assert d.title == "Steel" and "<" not in d.text


def test_closed_stdin_is_a_skip_not_a_traceback(tmp_path: Path) -> None:
    code = "from tradenews.io import read_documents; print(list(read_documents(['-'])))"
    out = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -c "{code}" <&-'],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "standard input is closed" in out.stdout and "Traceback" not in out.stderr


# --------------------------------------------------------------------------- JSON Lines


def test_raw_cr_inside_a_json_line_does_not_split_it(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_bytes(b'{"text": "Trade talks\rresumed in Geneva."}\r\n{"text": "Two."}\r\n')
    items = read(f)
    assert [d.text for d in documents(items)] == ["Trade talks\nresumed in Geneva.", "Two."]
    assert not skips(items)


def test_a_raw_nul_costs_one_line_not_the_file(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": f"Story {i}: {ARTICLE}"}).encode() for i in range(300)]
    lines[4] = b'{"text": "Broken \x00 line about trade"}'
    f.write_bytes(b"\n".join(lines) + b"\n")
    items = read(f)
    assert len(documents(items)) == 300 and not skips(items)
    assert documents(items)[4].text == "Broken   line about trade".replace("   ", "   ")


def test_wire_item_framed_by_stx_etx_is_text(tmp_path: Path) -> None:
    f = tmp_path / "wire.txt"
    f.write_bytes(b"\x02Tokyo cuts tariffs on rice.\x03")
    [d] = documents(read(f))
    assert d.text == "Tokyo cuts tariffs on rice."


# --------------------------------------------------------------------------- invalid characters


def test_lone_surrogates_are_replaced_and_reported(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    good = [json.dumps({"text": f"Story {i} about France."}) for i in range(3)]
    bad = '{"title": "Tariffs \\udc80", "text": "Trade \\ud800 talks France"}'
    f.write_text("\n".join([*good, bad]) + "\n")
    docs = documents(read(f))
    assert len(docs) == 4
    last = docs[-1]
    assert (last.text, last.title) == ("Trade \ufffd talks France", "Tariffs \ufffd")
    assert last.warnings == ("replaced 2 invalid characters (lone surrogates)",)
    for d in docs:
        (d.text + (d.title or "")).encode("utf-8")  # spaCy and every writer can take it


def test_lone_surrogates_in_json_and_on_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = tmp_path / "a.json"
    j.write_text('{"text": "Talks \\ud83d end", "source": "Wire \\udfff"}')
    stdin_of(monkeypatch, b'{"text": "Stdin \\ud800 talks"}\n{"text": "Two."}\n')
    docs = documents(read(j, "-"))
    assert [(d.text, d.source) for d in docs] == [
        ("Talks \ufffd end", "Wire \ufffd"),
        ("Stdin \ufffd talks", None),
        ("Two.", None),
    ]
    assert [len(d.warnings) for d in docs] == [1, 1, 0]


def test_surrogates_reach_the_analysis_as_valid_text(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "Trade \\ud800 talks between France and Japan."}\n')
    [d] = documents(read(f))
    doc = spacy.blank("en")(d.text)  # the string store refused lone surrogates
    assert doc.text == d.text


# --------------------------------------------------------------------------- CSV quoting


def test_a_stray_quote_never_merges_rows(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    rows = ["text,title"] + [f"Row {i} on trade talks,t{i}" for i in range(1, 1001)]
    rows[5] = '"' + rows[5]  # an opening quote that is never closed
    f.write_text("\n".join(rows) + "\n")
    items = read(f)
    docs = documents(items)
    assert len(docs) == 999
    assert all("\n" not in d.text for d in docs)
    [bad] = skips(items)
    assert bad.doc == f"{f}#5" and "line 6" in bad.reason and "quot" in bad.reason
    assert docs[4].text == "Row 6 on trade talks"


def test_a_stray_quote_closed_by_a_later_quote_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    rows = ["text,title"] + [f"Row {i} on trade talks,t{i}" for i in range(1, 11)]
    rows[3] = '"' + rows[3]
    rows[8] = 'Row 8 says "yes",t8'
    f.write_text("\n".join(rows) + "\n")
    items = read(f)
    assert len(documents(items)) == 9 and len(skips(items)) == 1


def test_quoted_fields_with_line_breaks_still_read(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text('text,title\n"Para one, with a comma.\n\nPara ""two"".",T\nSecond row,T2\n')
    docs = documents(read(f))
    assert [d.text for d in docs] == ['Para one, with a comma.\n\nPara "two".', "Second row"]


# --------------------------------------------------------------------------- tokenizer guard


def test_runs_that_make_tokenizing_quadratic_are_broken(hang_guard) -> None:
    tokenizer = spacy.blank("en").tokenizer
    for run in ("&" * 40_000, "'s" * 20_000, "(" * 20_000 + "a", "\U0001f600" * 20_000):
        text = tame_runs(f"Trade talks. {run} France said.")
        with hang_guard(20):  # was minutes: the tokenizer strips affixes one by one
            tokenizer(text)
        assert text.startswith("Trade talks. ") and text.endswith(" France said.")


def test_forty_thousand_ampersands_read_and_tokenized(tmp_path: Path, hang_guard) -> None:
    f = tmp_path / "amp.txt"
    f.write_text(f"{ARTICLE} {'&' * 40_000} {SECOND}")
    [d] = documents(read(f))
    assert len(d.text) == len(f.read_text())  # offsets stay those of the text
    with hang_guard(20):
        spacy.blank("en").tokenizer(d.text)


def test_html_with_half_a_million_entities(tmp_path: Path, hang_guard) -> None:
    f = tmp_path / "amp.html"
    f.write_text(
        f"<html><head><title>T</title></head><body><article><p>{ARTICLE}</p>"
        f"<p>{'&amp;' * 500_000}</p><p>{SECOND}</p></article></body></html>"
    )
    with hang_guard(60):
        [d] = documents(read(f))
        spacy.blank("en").tokenizer(d.text)
    assert ARTICLE in d.text and SECOND in d.text


PROSE = st.text(
    alphabet=st.characters(whitelist_categories=["L", "Nd", "Zs"])
    | st.sampled_from(".,;:!?'\"()-"),
    max_size=400,
)


@given(PROSE)
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    words = " ".join(w[:TOKEN_MAX] for w in text.split(" "))
    prose = "".join(c if i % RUN_MAX else " " for i, c in enumerate(words, 1))
    assert tame_runs(prose) == prose


# --------------------------------------------------------------------------- HTML


def page(body: str, head: str = "<title>EU extends steel safeguards</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def test_html_node_over_ten_megabytes_loses_nothing(tmp_path: Path, hang_guard) -> None:
    image = f'<img src="data:image/png;base64,{"A" * 12_000_000}">'
    cases = {
        "image.html": page(
            f"<article><p>{ARTICLE}</p>{image}<p>{SECOND}</p><p>{THIRD}</p></article>"
        ),
        "script.html": page(
            f"<article><p>{ARTICLE}</p><p>{SECOND}</p><p>{THIRD}</p></article>",
            f"<title>T</title><script>var x = '{'a' * 20_000_000}';</script>",
        ),
        "style.html": page(
            f"<article><p>{ARTICLE}</p><p>{SECOND}</p><p>{THIRD}</p></article>",
            f"<title>T</title><style>{'.a{color:red}' * 900_000}</style>",
        ),
    }
    long_paragraph = "<p>" + "trade " * 1_800_000 + "</p>"  # 10.8 MB of text in one node
    cases["text.html"] = page(f"<article><p>{ARTICLE}</p>{long_paragraph}<p>{SECOND}</p></article>")
    for name, html in cases.items():
        f = tmp_path / name
        f.write_text(html)
        with hang_guard(180):
            [d] = documents(read(f))
        assert all(p in d.text for p in (ARTICLE, SECOND)), name
        assert THIRD in d.text or name == "text.html"


def test_json_ld_article_body_when_the_page_shows_only_a_lead(tmp_path: Path) -> None:
    body = "\n\n".join([ARTICLE, SECOND, THIRD] * 3)
    ld = {"@type": "NewsArticle", "headline": "EU extends steel safeguards", "articleBody": body}
    head = (
        "<title>EU extends steel safeguards</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    lead = "Ministers met in Berlin on Monday to discuss the steel measures, the ministry said."
    f = tmp_path / "app.html"
    f.write_text(page(f"<main><h1>EU extends steel safeguards</h1><p>{lead}</p></main>", head))
    [d] = documents(read(f))
    assert d.text.split("\n\n")[:3] == [ARTICLE, SECOND, THIRD]


def test_a_complete_visible_article_wins_over_json_ld(tmp_path: Path) -> None:
    ld = {"@type": "NewsArticle", "articleBody": ARTICLE}
    head = f'<title>T</title><script type="application/ld+json">{json.dumps(ld)}</script>'
    f = tmp_path / "full.html"
    f.write_text(page(f"<article><p>{ARTICLE}</p><p>{SECOND}</p><p>{THIRD}</p></article>", head))
    [d] = documents(read(f))
    assert d.text == "\n\n".join([ARTICLE, SECOND, THIRD])


TEASERS = "".join(
    f"<li><a href='/n/{i}'><img src='t.jpg'><h4>Story {i} headline for the reader</h4>"
    f"<p>Teaser text of story {i}, with a full sentence of summary in it.</p></a></li>"
    for i in range(6)
)


def test_related_story_teasers_are_not_the_article(tmp_path: Path) -> None:
    f = tmp_path / "story.html"
    f.write_text(
        page(
            f"<main><div class='content'><p>{ARTICLE}</p><p>{SECOND}</p></div>"
            f"<div class='more'><h2>Read more</h2><ul>{TEASERS}</ul></div></main>"
        )
    )
    [d] = documents(read(f))
    assert d.text == f"{ARTICLE}\n\n{SECOND}"
    index = tmp_path / "index.html"
    index.write_text(page(f"<main><h2>Latest</h2><ul>{TEASERS}</ul></main>"))
    [skip] = read(index)
    assert isinstance(skip, Skip) and "no article text" in skip.reason


@pytest.mark.parametrize(
    ("title", "head", "footer", "expected", "site"),
    [
        (
            "EU extends steel safeguards | DW | 19.01.2020",
            '<meta property="og:site_name" content="DW">',
            "",
            "EU extends steel safeguards",
            "DW",
        ),
        (
            "EU extends steel safeguards - The Planetary Press",
            "",
            "<footer><p>© 2024 The Planetary Press. All rights reserved.</p></footer>",
            "EU extends steel safeguards",
            "The Planetary Press",
        ),
        (
            "Steel: EU extends safeguards – Reuters",
            '<link rel="canonical" href="https://www.reuters.com/markets/steel-2020">',
            "",
            "Steel: EU extends safeguards",
            "Reuters",
        ),
        (
            "Trade - the long game",  # no site named anywhere: the title stays whole
            "",
            "",
            "Trade - the long game",
            None,
        ),
    ],
)
def test_site_names_are_stripped_from_titles(
    tmp_path: Path, title: str, head: str, footer: str, expected: str, site: str | None
) -> None:
    f = tmp_path / "t.html"
    body = f"<article><p>{ARTICLE}</p><p>{SECOND}</p></article>{footer}"
    f.write_text(page(body, f"<title>{title}</title>{head}"))
    [d] = documents(read(f))
    assert (d.title, d.source) == (expected, site)


# --------------------------------------------------------------------------- bombs


def test_decompressed_size_is_capped(tmp_path: Path) -> None:
    f = tmp_path / "bomb.txt.gz"
    f.write_bytes(gzip.compress(b" " * 64_000_000 + ARTICLE.encode(), compresslevel=9))
    [skip] = read(f, max_decompressed=8 << 20)
    assert isinstance(skip, Skip) and "more than 8 MiB" in skip.reason
    [d] = documents(read(f, max_decompressed=None))
    assert d.text == ARTICLE


def test_bomb_in_json_lines_keeps_the_lines_before_it(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl.gz"
    f.write_bytes(gzip.compress(b'{"text": "One."}\n' + b"x" * 20_000_000))
    items = read(f, max_decompressed=1 << 20)
    assert [type(i).__name__ for i in items] == ["Document", "Skip"]
    assert "decompresses to more than 1 MiB" in items[1].reason


def test_default_cap_holds_memory_down(tmp_path: Path) -> None:
    """A 2 GiB bomb under the default cap, in a child process limited to 1.5 GiB of memory."""
    f = tmp_path / "bomb.txt.gz"
    member = gzip.compress(b"\n" * (1 << 24), compresslevel=1)
    f.write_bytes(member * 128)  # gzip members in a row: 2 GiB of newlines, 2 MB on disk
    code = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))
        from tradenews.io import read_documents
        print([getattr(i, "reason", "doc") for i in read_documents([{str(f)!r}])])
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "decompresses to more than 1 GiB" in out.stdout


# --------------------------------------------------------------------------- own outputs


def test_tradenews_outputs_in_an_input_folder_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "entities.csv").write_text(
        "doc,kind,name,text,title,country,value,mentions,start,end\n"
        "a.txt,country,Germany,Germany,,DEU,,1,0,7\n"
    )
    (tmp_path / "topics.jsonl").write_text(
        '{"doc": "a.txt", "topic": "steel", "label": "Steel", "score": 0.9, "evidence": "x"}\n'
    )
    report = {"documents": 1, "ok": 1, "skipped": 0, "items": [{"doc": "a.txt"}]}
    (tmp_path / "report.json").write_text(json.dumps(report))
    items = read(tmp_path)
    assert [d.doc for d in documents(items)] == [str(tmp_path / "a.txt")]
    ignored = skips(items)
    assert len(ignored) == 3 and all(s.ignored and "tradenews output" in s.reason for s in ignored)


def test_the_run_output_file_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "out.txt").write_text("A table written by the previous run.")
    items = read(tmp_path, exclude=[str(tmp_path / "out.txt")])
    assert [d.doc for d in documents(items)] == [str(tmp_path / "a.txt")] and len(items) == 1


def test_output_signatures_cover_every_output_table() -> None:
    from tradenews import records

    tables = [v for k, v in vars(records).items() if k.endswith("_COLUMNS") and k != "DCT_COLUMNS"]
    assert len(tables) >= 8
    for columns in tables:
        assert is_tradenews_output(columns), columns
    assert not is_tradenews_output(["id", "title", "date", "text", "url"])


# --------------------------------------------------------------------------- command line


def cli(*args: str, input: str | bytes | None = None):
    from click.testing import CliRunner

    from tradenews.cli import main

    return CliRunner().invoke(main, list(args), input=input)


def test_surrogates_do_not_stop_a_run(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    good = [json.dumps({"text": f"Story {i}: talks between France and Japan."}) for i in range(5)]
    bad = '{"title": "T \\ud800", "text": "Trade \\ud800 talks between France and Germany."}'
    f.write_text("\n".join([*good, bad]) + "\n")
    report = tmp_path / "report.json"
    result = cli("countries", str(f), "--by", "doc", "-f", "csv", "--report", str(report))
    assert result.exit_code == 0, result.output
    assert f"warning: {f}#6: replaced 2 invalid characters (lone surrogates)" in result.stderr
    assert "DEU" in result.stdout
    entry = json.loads(report.read_text())["items"][-1]
    assert entry["status"] == "ok" and entry["warnings"]


def test_max_decompressed_option(tmp_path: Path) -> None:
    f = tmp_path / "bomb.txt.gz"
    f.write_bytes(gzip.compress(b" " * 3_000_000 + ARTICLE.encode()))
    capped = cli("countries", str(f), "--max-decompressed", "1M", "-f", "csv")
    assert capped.exit_code == 1 and "decompresses to more than 1 MiB" in capped.stderr
    free = cli("countries", str(f), "--max-decompressed", "0", "-f", "csv")
    assert free.exit_code == 0 and "DEU" in free.stdout
    assert cli("countries", str(f), "--max-decompressed", "lots").exit_code == 2


def test_output_written_into_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    out = tmp_path / "entities.csv"
    first = cli("entities", str(tmp_path), "-o", str(out))
    assert first.exit_code == 0, first.output
    rows = out.read_text()
    again = cli("entities", str(tmp_path), "-o", str(out))
    assert again.exit_code == 0 and out.read_text() == rows
    other = cli("countries", str(tmp_path), "--by", "doc", "-f", "csv")
    assert other.exit_code == 0 and "skipped" not in other.stderr
    assert f"ignored {out}: a tradenews output file" in other.stderr
    assert {r.split(",")[0] for r in other.stdout.splitlines()[1:]} == {str(tmp_path / "a.txt")}


def test_json_lines_piped_without_the_option(tmp_path: Path) -> None:
    data = "\n".join(json.dumps({"id": f"s{i}", "text": t}) for i, t in enumerate([ARTICLE, THIRD]))
    result = cli("countries", "-", "--by", "doc", "-f", "csv", input=data + "\n")
    assert result.exit_code == 0, result.output
    assert {r.split(",")[0] for r in result.stdout.splitlines()[1:]} == {"-#1", "-#2"}
    named = cli("countries", "-", "--id-field", "id", "--by", "doc", "-f", "csv", input=data)
    assert {r.split(",")[0] for r in named.stdout.splitlines()[1:]} == {"s0", "s1"}


def test_forty_thousand_ampersands_analyzed(tmp_path: Path, hang_guard) -> None:
    f = tmp_path / "amp.txt"
    f.write_text(f"{ARTICLE} {'&' * 40_000} {SECOND}")
    warm = tmp_path / "warm.txt"
    warm.write_text(ARTICLE)
    cli("countries", str(warm), "-f", "csv", "--no-cache")  # the model loads outside the limit
    with hang_guard(30):  # was over two minutes
        result = cli("countries", str(f), "--by", "doc", "-f", "csv", "--no-cache")
    assert result.exit_code == 0 and "DEU" in result.stdout and "CHN" in result.stdout

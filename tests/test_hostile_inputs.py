"""Hostile and messy inputs: the reader reports them as Skips and never raises."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradenews.io.formats as reader
from tradenews.document import Document, Skip
from tradenews.io import dateline_date, parse_date, read_documents, split_front_matter

ARTICLE = (
    "BRUSSELS — European Union trade ministers agreed on Monday to extend steel safeguards, "
    "the Commission said, after a meeting that ran late into the night.\n\n"
    "The measure will be reviewed next year, officials said.\n"
)


def read(*paths: str | Path, **options) -> list[Document | Skip]:
    return list(read_documents([str(p) for p in paths], **options))


def only_skip(items: list[Document | Skip]) -> Skip:
    assert len(items) == 1 and isinstance(items[0], Skip), items
    skip = items[0]
    assert "\n" not in skip.reason and "Traceback" not in skip.reason and len(skip.reason) < 300
    return skip


def test_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    g = tmp_path / "blob"
    g.write_bytes(bytes(range(256)) * 20)
    assert "binary" in only_skip(read(f)).reason
    assert "binary" in only_skip(read(g)).reason


def test_pdf_says_what_it_is(tmp_path: Path) -> None:
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert "PDF" in only_skip(read(f)).reason


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\r\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    assert only_skip(read(f)).reason == "empty"


@pytest.mark.parametrize("name", ["empty.json", "empty.jsonl", "empty.csv", "empty.html"])
def test_empty_file_every_format(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    f.write_bytes(b"\n")
    assert only_skip(read(f)).reason == "empty"


def test_invalid_utf8_is_read_as_legacy_text(tmp_path: Path) -> None:
    f = tmp_path / "legacy.txt"
    f.write_bytes("Zürich — Swiss exporters welcomed the cut, the minister said.".encode("cp1252"))
    [d] = read(f)
    assert isinstance(d, Document)
    assert d.text == "Zürich — Swiss exporters welcomed the cut, the minister said."


def test_mostly_utf8_with_a_stray_byte(tmp_path: Path) -> None:
    f = tmp_path / "stray.txt"
    f.write_bytes(ARTICLE.encode() + b"\xff" + ARTICLE.encode())
    [d] = read(f)
    assert isinstance(d, Document) and "steel safeguards" in d.text
    assert d.text.count("BRUSSELS — European") == 2  # the UTF-8 dashes survive


@pytest.mark.parametrize("name", ["late.txt", "late.jsonl"])
def test_legacy_bytes_after_a_long_ascii_start(tmp_path: Path, name: str) -> None:
    """Encoding is sniffed from the start; accents far into the file still come out right."""
    filler = '{"text": "Plain ASCII story about tariffs."}\n' * 3000  # ~130 KB
    tail = '{"text": "Talks in Genève and Zürich resumed."}\n'
    f = tmp_path / name
    f.write_bytes((filler + tail).encode("cp1252"))
    items = read(f)
    assert isinstance(items[-1], Document)
    assert "Genève and Zürich" in items[-1].text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le", "utf-8-sig", "utf-32"])
def test_unicode_encodings(tmp_path: Path, codec: str) -> None:
    """UTF-16 with BOM (utf-16), without BOM (-le/-be), UTF-8 with BOM, UTF-32."""
    text = "---\ntitle: Genève talks\n---\n" + ARTICLE.replace("Commission", "Commission (Genève)")
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode(codec))
    [d] = read(f)
    assert isinstance(d, Document)
    assert d.title == "Genève talks"
    assert d.text == ARTICLE.replace("Commission", "Commission (Genève)").strip()


def test_utf16_json_lines(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_bytes('{"text": "Première ligne."}\n{"text": "Deuxième."}\n'.encode("utf-16"))
    assert [d.text for d in read(f)] == ["Première ligne.", "Deuxième."]


def test_fifty_megabyte_text_file(tmp_path: Path, hang_guard) -> None:
    f = tmp_path / "huge.txt"
    paragraph = ARTICLE * 4 + "\n"
    with open(f, "w", encoding="utf-8") as fh:
        for _ in range(50 * 1024 * 1024 // len(paragraph.encode()) + 1):
            fh.write(paragraph)
    assert f.stat().st_size >= 50 * 1024 * 1024
    with hang_guard(300):  # not a timing: reading is linear (about 1.5 s of CPU)
        [d] = read(f)
    assert isinstance(d, Document) and len(d.text) > 49_000_000


def test_deeply_nested_json(tmp_path: Path) -> None:
    f = tmp_path / "deep.json"
    f.write_text("[" * 200_000 + "]" * 200_000)
    assert "nested" in only_skip(read(f)).reason
    g = tmp_path / "deep.jsonl"
    g.write_text('{"text": "Fine."}\n' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n")
    items = read(g)
    assert isinstance(items[0], Document)
    assert isinstance(items[1], Skip) and items[1].doc == f"{g}#2"


@pytest.mark.parametrize(
    "content", ['{"text": "unterminated', "{'text': 'single quotes'}", "[1, 2,", "null", "42"]
)
def test_malformed_json(tmp_path: Path, content: str) -> None:
    f = tmp_path / "bad.json"
    f.write_text(content)
    skip = only_skip(read(f))
    assert skip.doc == str(f)


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "scrape.jsonl"
    f.write_text(
        '{"text": "Good line one."}\n'
        '{"text": "truncated by the scraper\n'
        "[1, 2, 3]\n"
        '{"url": "https://example.org/no-text"}\n'
        '{"text": "Good line five."}\n'
    )
    items = read(f)
    assert [i.doc for i in items] == [f"{f}#{n}" for n in range(1, 6)]
    assert [type(i) for i in items] == [Document, Skip, Skip, Skip, Document]
    assert items[1].reason.startswith("invalid JSON")
    assert items[4].text == "Good line five."


def test_html_without_article_body(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/s{i}">Section {i} news today</a></li>' for i in range(40))
    f = tmp_path / "index.html"
    f.write_text(
        "<html><head><title>Home | Site</title></head><body>"
        f"<nav><ul>{links}</ul></nav><div><ul>{links}</ul></div></body></html>"
    )
    assert "no article text" in only_skip(read(f)).reason
    g = tmp_path / "blank.html"
    g.write_text("<html><head><title>Nothing</title></head><body></body></html>")
    assert "no article text" in only_skip(read(g)).reason


def test_broken_html_still_read(tmp_path: Path) -> None:
    f = tmp_path / "broken.html"
    f.write_text(
        "<html><body><div><p>OTTAWA — Canada said on Friday it would answer new lumber duties"
        "<p>The minister did not give details of the response.<div></span></body>"
    )
    [d] = read(f)
    assert isinstance(d, Document) and d.text.startswith("OTTAWA — Canada said")


@pytest.mark.parametrize(
    "text",
    [
        "BRUXELLES, 3 mars 2025 — Les ministres du commerce de l'UE ont convenu lundi de "
        "prolonger les mesures de sauvegarde sur l'acier.",
        "日本政府は米国との関税交渉を続けると発表した。経済産業大臣は記者会見で述べた。",
        "Правительство России заявило о новых пошлинах на импорт стали.",
    ],
)
def test_non_english_article(tmp_path: Path, text: str) -> None:
    f = tmp_path / "foreign.txt"
    f.write_text(text, encoding="utf-8")
    [d] = read(f)
    assert isinstance(d, Document) and d.text == text


def test_unreadable_file_chmod(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(ARTICLE)
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as a user who can read any file")
        assert only_skip(read(f)).reason == "permission denied"
    finally:
        f.chmod(0o644)


def test_unreadable_file_reported(tmp_path: Path, monkeypatch) -> None:
    """Permission denied as the OS reports it, whoever runs the test."""
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE)
    (tmp_path / "open.txt").write_text(ARTICLE)
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reader, "open", guarded_open, raising=False)
    items = read(tmp_path)
    assert [(type(i), i.doc) for i in items] == [
        (Skip, str(locked)),
        (Document, str(tmp_path / "open.txt")),
    ]
    assert items[0].reason == "permission denied"


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "real.txt").write_text(ARTICLE)
    items = read(tmp_path)
    assert isinstance(items[0], Skip) and items[0].reason == "broken symbolic link"
    assert isinstance(items[1], Document)
    assert only_skip(read(tmp_path / "dangling.txt")).reason == "broken symbolic link"


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "loop").symlink_to(tmp_path)
    items = read(tmp_path)
    assert [i.doc for i in items] == [str(tmp_path / "a.txt")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_fifo_is_skipped_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "named pipe" in only_skip(read(fifo)).reason  # reading would block forever


def test_corrupt_gzip(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl.gz"
    packed = gzip.compress(b"".join(b'{"text": "Story %d."}\n' % n for n in range(50_000)))
    f.write_bytes(packed[: len(packed) // 2])  # a download cut short
    items = read(f)
    assert isinstance(items[0], Document) and items[0].text == "Story 0."
    assert isinstance(items[-1], Skip) and items[-1].doc == str(f)
    assert items[-1].reason == "compressed file ends too early"
    g = tmp_path / "bad.txt.gz"
    g.write_bytes(b"\x1f\x8b" + b"not gzip at all" * 10)
    assert only_skip(read(g)).doc == str(g)


def test_three_thousand_small_files(tmp_path: Path, hang_guard) -> None:
    root = tmp_path / "news"
    for i in range(30):
        sub = root / f"day{i:02d}"
        sub.mkdir(parents=True)
        for j in range(100):
            (sub / f"story{j:03d}.txt").write_text(
                f"---\ntitle: Story {i}-{j}\ndate: 2025-07-{1 + i % 28:02d}\n---\n{ARTICLE}"
            )
    with hang_guard(300):  # not a timing: about 1 s of CPU
        items = read(root)
    assert len(items) == 3000 and all(isinstance(i, Document) for i in items)
    assert items[0].doc == str(root / "day00" / "story000.txt")


def test_names_with_spaces_and_unicode(tmp_path: Path) -> None:
    folder = tmp_path / "Trade news – Genève"
    folder.mkdir()
    f = folder / "Zölle und Handel 2025 (1).txt"
    f.write_text(ARTICLE)
    [d] = read(folder)
    assert isinstance(d, Document) and d.doc == str(f)


def test_undecodable_file_name(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/bad-\xff-name.txt"
    try:
        with open(name, "wb") as fh:
            fh.write(ARTICLE.encode())
    except OSError:
        pytest.skip("the file system refuses undecodable names")
    [d] = read(tmp_path)
    assert isinstance(d, Document)
    d.doc.encode("utf-8")  # printable and encodable in every output format


# --------------------------------------------------------------------------- properties

FORMATS = ["a.txt", "a.json", "a.jsonl", "a.csv", "a.html", "a", "a.jsonl.gz"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), name=st.sampled_from(FORMATS))
def test_arbitrary_bytes_never_raise(scratch: Path, data: bytes, name: str) -> None:
    f = scratch / name
    f.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    for item in read_documents([str(f)]):
        assert isinstance(item, (Document, Skip))
        if isinstance(item, Skip):
            assert item.reason and "\n" not in item.reason


TEXTY = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400)
STRUCTURED = st.one_of(
    TEXTY,
    st.builds(lambda t: '{"text": ' + repr(t).replace("'", '"') + "}", TEXTY),
    st.builds(lambda t: "text,title\n" + t, TEXTY),
    st.builds(lambda t: "---\n" + t + "\n---\n" + t, TEXTY),
    st.builds(lambda t: "<html><body><p>" + t + "</p></body></html>", TEXTY),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=STRUCTURED, name=st.sampled_from(FORMATS[:6]))
def test_arbitrary_text_never_raises(scratch: Path, text: str, name: str) -> None:
    f = scratch / name
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    for item in read_documents([str(f)], default_date=dt.date(2025, 1, 1)):
        assert isinstance(item, (Document, Skip))
        if isinstance(item, Document):
            assert item.text.strip() and item.date is not None


FM_KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
FM_VALUES = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]))


@given(meta=st.dictionaries(FM_KEYS, FM_VALUES, max_size=5), body=TEXTY)
def test_front_matter_round_trips(meta: dict[str, str], body: str) -> None:
    """Any YAML mapping of text fields is read back as written, and the body follows it."""
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    assert split_front_matter(text) == (meta, body)


@given(TEXTY)
def test_text_without_front_matter_is_left_as_it_is(text: str) -> None:
    """Only a `---` line at the very top opens front matter; an unclosed block is text."""
    if not text.startswith("---"):
        assert split_front_matter(text) == ({}, text)
    unclosed = "---\n" + text.replace("-", "").replace(".", "")
    assert split_front_matter(unclosed) == ({}, unclosed)


def _years(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?=(\d{4}))", text)}


@given(TEXTY)
def test_date_parsers_never_invent_a_year(text: str) -> None:
    """A date comes out only when the text holds its year; text without digits gives none."""
    for value, source in (
        (parse_date(text), text),
        (dateline_date(text), text),
        (dateline_date("PARIS, " + text), text),
    ):
        assert value is None or value.year in _years(source)


@given(day=st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2199, 12, 31)), rest=TEXTY)
def test_dateline_is_found_whatever_follows(day: dt.date, rest: str) -> None:
    head = f"PARIS, {day:%B} {day.day}, {day.year} — "
    assert dateline_date(head + rest) == day
    assert parse_date(f"{day:%a}, {day.day:02d} {day:%b} {day.year} 10:00 GMT {rest}") == day


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_written_dates_round_trip(day: dt.date) -> None:
    month = day.strftime("%B")
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{month} {day.day}, {day.year}") == day
    assert parse_date(f"{day.day} {month[:3]} {day.year}") == day
    assert dateline_date(f"WASHINGTON, {month} {day.day}, {day.year} — Officials said") == day


def test_one_failing_record_does_not_end_the_stream(tmp_path: Path, monkeypatch) -> None:
    """An unexpected error on one line skips that line; the lines after it are still read."""
    real = reader.markup_to_text

    def fragile(text: str) -> str:
        if "boom" in text:
            raise ValueError("All strings must be XML compatible")
        return real(text)

    monkeypatch.setattr(reader, "markup_to_text", fragile)
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "One."}\n{"text": "boom"}\n{"text": "Three."}\n')
    items = read(f)
    assert [type(i) for i in items] == [Document, Skip, Document]
    assert items[1].doc == f"{f}#2" and "XML compatible" in items[1].reason

"""Streaming analysis: input order, worker processes, long documents, the results cache."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradenews.document import Document
from tradenews.engine import Pipeline, analyze, make_doc, results_of
from tradenews.engine.cache import CACHE_FILE, ResultCache, cache_key
from tradenews.engine.chunks import split_text
from tradenews.records import merge_parts

ARTICLES = [
    "Japan and Brazil signed a trade pact on Monday in Brasilia.",
    "German Economy Minister Peter Altmaier said on Tuesday that Berlin would back the deal.",
    "China's Commerce Ministry said tariffs on U.S. soybeans would stay until next year.",
    "The European Union and Canada opened talks on steel quotas last week.",
    "Mexico's President said exports to the United States rose 4% in March.",
    "India will cut import duties on electronics from April 1, Trade Minister Piyush Goyal said.",
]


def _docs(texts: list[str], date: dt.date | None = dt.date(2019, 3, 4)) -> list[Document]:
    return [Document(doc=f"d{i}", text=t, date=date) for i, t in enumerate(texts)]


def _plain(results: object) -> object:
    """What a result looks like after any serialization (tuples become lists)."""
    return json.loads(json.dumps(results))


def test_results_follow_input_order_and_match_single_document_runs(nlp, monkeypatch):
    monkeypatch.setattr("tradenews.engine.runner.WINDOW", 2)
    monkeypatch.setattr("tradenews.engine.runner.ZONE_CHARS", 100)  # a new memory zone per window
    docs = _docs(ARTICLES)
    out = list(analyze(nlp, iter(docs)))
    assert [d.doc for d, _ in out] == [d.doc for d in docs]
    for document, results in out:
        assert _plain(results) == _plain(results_of(nlp(make_doc(nlp, document))))


def test_worker_processes_keep_input_order_and_results(nlp, monkeypatch):
    docs = _docs(ARTICLES * 2)
    single = [(d.doc, _plain(r)) for d, r in analyze(nlp, docs, n_process=1)]
    # Short segments: the workers are restarted twice along the way.
    monkeypatch.setattr("tradenews.engine.runner.STREAM_CHARS", 400)
    monkeypatch.setattr("tradenews.engine.runner.ZONE_CHARS", 200)
    multi = [(d.doc, _plain(r)) for d, r in analyze(nlp, docs, n_process=2, batch_size=2)]
    assert multi == single
    assert any(r["countries"] for _, r in multi)
    # The publication date reached the workers: relative dates resolve against it.
    assert any(d["value"].startswith("2019") for _, r in multi for d in r["dates"])
    assert "tradenews_pack" not in nlp.pipe_names
    assert type(nlp.tokenizer).__name__ == "Tokenizer"


def test_analyze_is_lazy(nlp, monkeypatch):
    """Reading stops where the consumer stops: the corpus is never materialized."""
    monkeypatch.setattr("tradenews.engine.runner.WINDOW", 4)
    pulled = []

    def source():
        for d in _docs(ARTICLES * 100):
            pulled.append(d.doc)
            yield d

    stream = analyze(nlp, source())
    next(stream)
    stream.close()
    assert len(pulled) == 4


# -- long documents -----------------------------------------------------------


def test_long_document_is_split_and_merged(nlp):
    paragraph = (
        "Japan's Trade Minister Yoji Muto met officials from Brazil on Monday. "
        "Japan said it would cut tariffs next year."
    )
    text = "\n\n".join([paragraph] * 12)
    whole = results_of(nlp(make_doc(nlp, Document(doc="w", text=text, date=dt.date(1987, 3, 2)))))
    old = nlp.max_length
    nlp.max_length = 1000  # parts of at most 100 characters
    try:
        [(document, merged)] = list(analyze(nlp, _docs([text], dt.date(1987, 3, 2))))
    finally:
        nlp.max_length = old
    assert document.text == text
    for attr in ("people", "countries", "dates"):
        for record in merged[attr]:
            assert text[record["start"] : record["end"]] == record["text"]
    japan = [c for c in merged["countries"] if c["country"] == "JPN"]
    assert len(japan) == 1 and japan[0]["start"] == 0
    whole_japan = next(c for c in whole["countries"] if c["country"] == "JPN")
    assert japan[0]["mentions"] == whole_japan["mentions"] == 24
    topic_ids = [t["topic"] for t in merged["topics"]]
    assert len(topic_ids) == len(set(topic_ids))


def test_merge_parts_sums_mentions_keeps_first_and_upgrades_officials():
    def rec(kind, name, start, **kw):
        base = {"kind": kind, "name": name, "text": name, "title": "", "country": "", "value": ""}
        return {**base, "mentions": 1, "start": start, "end": start + len(name), **kw}

    part1 = {
        "people": [rec("person", "Ana Lima", 5)],
        "countries": [rec("country", "Peru", 0, country="PER")],
        "organizations": [],
        "dates": [rec("date", "Monday", 20, value="2020-01-06")],
        "topics": [
            {"topic": "tariffs", "label": "T", "score": 0.4, "evidence": "a", "mentions": 1}
        ],
    }
    part2 = {
        "people": [rec("official", "Ana Lima", 3, title="Trade Minister", country="PER")],
        "countries": [rec("country", "Peru", 1, country="PER", mentions=2)],
        "organizations": [],
        "dates": [rec("date", "Monday", 9, value="2020-01-13")],
        "topics": [
            {"topic": "tariffs", "label": "T", "score": 0.9, "evidence": "b", "mentions": 2}
        ],
    }
    merged = merge_parts([(100, part2), (0, part1)])
    [peru] = merged["countries"]
    assert (peru["start"], peru["mentions"]) == (0, 3)
    [ana] = merged["people"]
    assert (ana["kind"], ana["title"], ana["start"], ana["mentions"]) == (
        "official",
        "Trade Minister",
        5,
        2,
    )
    assert [(d["value"], d["start"]) for d in merged["dates"]] == [
        ("2020-01-06", 20),
        ("2020-01-13", 109),
    ]
    [tariffs] = merged["topics"]
    assert (tariffs["score"], tariffs["mentions"], tariffs["evidence"]) == (0.9, 3, "b")


@given(
    st.lists(st.sampled_from(["word", " ", "\n", "\n\n", ". ", "Trade.", "x" * 37]), max_size=200),
    st.integers(min_value=10, max_value=400),
)
def test_split_text_covers_the_text_in_bounded_parts(pieces, max_length):
    text = "".join(pieces)
    parts = list(split_text(text, max_length))
    assert "".join(p for _, p in parts) == text
    for offset, part in parts:
        assert text[offset : offset + len(part)] == part
        assert len(part) <= max_length
    if len(text) > max_length:
        assert all(len(p) <= max(1, max_length // 10) for _, p in parts)


# -- cache --------------------------------------------------------------------


def test_second_run_is_answered_by_the_cache_without_the_model(nlp, tmp_path, monkeypatch):
    docs = _docs(ARTICLES)
    pipeline = Pipeline.from_nlp(nlp)
    with ResultCache(tmp_path) as cache:
        first = [(d.doc, _plain(r)) for d, r in analyze(pipeline, docs, cache=cache)]
        assert (cache.hits, cache.misses) == (0, len(docs))

    def no_model(*args, **kwargs):
        raise AssertionError("the model ran on a cached document")

    monkeypatch.setattr(nlp, "pipe", no_model)
    with ResultCache(tmp_path) as cache:
        second = [(d.doc, _plain(r)) for d, r in analyze(pipeline, docs, cache=cache)]
        assert cache.hits == len(docs)
    assert second == first


def test_mixed_hits_and_misses_keep_order(nlp, tmp_path):
    docs = _docs(ARTICLES)
    with ResultCache(tmp_path) as cache:
        list(analyze(nlp, docs[::2], cache=cache))
        out = [(d.doc, _plain(r)) for d, r in analyze(nlp, docs, cache=cache)]
        assert (cache.hits, cache.misses) == (3 + 0, 3 + 3)
    assert out == [(d.doc, _plain(r)) for d, r in analyze(nlp, docs)]


def test_fully_cached_run_never_loads_the_model(tmp_path):
    pipeline = Pipeline(components=("topics",))
    docs = _docs(["Tariffs on steel rose.", "Talks on a trade pact resumed."])
    canned = {"people": [], "countries": [], "organizations": [], "dates": [], "topics": []}
    with ResultCache(tmp_path) as cache:
        cache.put_many(
            (cache_key(pipeline.fingerprint(), d.text, d.date.isoformat()), canned) for d in docs
        )
        out = list(analyze(pipeline, docs, cache=cache, n_process=2))
    assert [r for _, r in out] == [canned, canned]
    assert not pipeline.loaded


def test_cache_key_depends_on_text_date_and_pipeline(tmp_path, monkeypatch):
    base = cache_key("f", "Tariffs rose.", "2020-01-01")
    assert cache_key("f", "Tariffs fell.", "2020-01-01") != base
    assert cache_key("f", "Tariffs rose.", "2020-01-02") != base
    assert cache_key("f", "Tariffs rose.", None) != base
    assert cache_key("g", "Tariffs rose.", "2020-01-01") != base

    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text("topics: {}\n", encoding="utf-8")
    fingerprint = Pipeline(components=("topics",), taxonomy=str(taxonomy)).fingerprint()
    taxonomy.write_text("topics: {tariffs: {}}\n", encoding="utf-8")
    assert Pipeline(components=("topics",), taxonomy=str(taxonomy)).fingerprint() != fingerprint
    default = Pipeline(components=("topics",)).fingerprint()
    assert Pipeline(components=("topics",), threshold=0.9).fingerprint() != default
    assert Pipeline(components=("countries",)).fingerprint() != default
    monkeypatch.setattr("tradenews.engine.fingerprint.__version__", "99.0")
    assert Pipeline(components=("topics",)).fingerprint() != default


def test_corrupt_cache_file_is_replaced_without_failing(tmp_path, capsys):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    with ResultCache(tmp_path) as cache:
        assert cache.get_many([b"k" * 32]) == {}
        cache.put_many([(b"k" * 32, {"topics": []})])
        assert cache.get_many([b"k" * 32]) == {b"k" * 32: {"topics": []}}
    assert "was corrupt" in capsys.readouterr().err


def test_undecodable_entry_counts_as_a_miss(tmp_path):
    with ResultCache(tmp_path) as cache:
        cache.put_many([(b"a" * 32, {"topics": []})])
    conn = sqlite3.connect(tmp_path / CACHE_FILE)
    conn.execute("UPDATE results SET value = x'00ff'")
    conn.commit()
    conn.close()
    with ResultCache(tmp_path) as cache:
        assert cache.get_many([b"a" * 32]) == {}
        assert cache.misses == 1


def test_cache_info_and_clear(tmp_path):
    with ResultCache(tmp_path) as cache:
        cache.put_many((bytes([i]) * 32, {"topics": [{"topic": "x" * 500}]}) for i in range(50))
        info = cache.info()
        assert info.entries == 50 and info.size_bytes > 0 and info.path.parent == tmp_path
        cleared = cache.clear()
        assert cleared.entries == 50
        assert cache.info().entries == 0
    assert ResultCache(tmp_path / "none").info().entries == 0


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADENEWS_CACHE_DIR", str(tmp_path / "c"))
    assert ResultCache().path == tmp_path / "c" / CACHE_FILE


# -- start-up -----------------------------------------------------------------


def test_importing_tradenews_does_not_import_spacy_or_pandas():
    code = (
        "import sys, tradenews, tradenews.engine, tradenews.engine.cache, tradenews.cli; "
        "print(sorted(m for m in ('spacy', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_do_not_import_spacy(option):
    code = (
        "import sys; from tradenews.cli import main\n"
        f"try:\n    main(['{option}'])\nexcept SystemExit:\n    pass\n"
        "print('spacy' in sys.modules, 'pandas' in sys.modules, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "False False"

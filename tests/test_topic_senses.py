"""Sense constraints on cues, spaCy Matcher cues, headlines and clean evidence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tradenews.components.topics import score_topics
from tradenews.taxonomy import check_taxonomy, load_taxonomy

SENSES = """\
topics:
  - id: labor
    label: Labor
    cues:
      - wage*
      - cue: strike
        near: [worker, union, walkout, pay]
        not_near: [missile, court]
        window: 6
  - id: energy
    label: Energy
    cues:
      - cue: energy
        not_near: [political, pulsar]
  - id: currency
    label: Currency
    cues:
      - pattern: [{LOWER: dollar}, {LOWER: {IN: [fell, rose]}}]
      - pattern: [{IS_TITLE: true, LOWER: bonds}]
        not_near: [baseball, hit]
"""


def write(tmp_path: Path, body: str, name: str = "senses.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return str(path)


@pytest.fixture
def senses(tmp_path: Path):
    path = write(tmp_path, SENSES)
    assert check_taxonomy(path) == []
    return load_taxonomy(path)


def topics_of(text: str, taxonomy, threshold: float | None = 0.01) -> set[str]:
    return {r["topic"] for r in score_topics(text, taxonomy, threshold)}


def test_near_requires_a_context_word_within_the_window(senses) -> None:
    assert "labor" in topics_of("Dock workers began a strike on Monday.", senses)
    assert "labor" not in topics_of("The army said the strike hit a depot.", senses)
    far = "Workers " + "met and talked and waited and argued for " * 3 + "a strike."
    assert "labor" not in topics_of(far, senses)


def test_not_near_forbids_a_context_word(senses) -> None:
    assert "labor" not in topics_of("Union leaders condemned the missile strike.", senses)
    assert "energy" in topics_of("Europe needs cheaper energy for industry.", senses)
    assert "energy" not in topics_of("He brought political energy to the race.", senses)


def test_sentence_is_the_default_window(senses) -> None:
    assert "energy" in topics_of("It was political. Energy prices doubled.", senses)
    assert "energy" not in topics_of("The pulsar emits energy in bursts.", senses)


def test_matcher_patterns_run_on_the_blank_tokenizer(senses) -> None:
    assert "currency" in topics_of("The dollar fell against the yen.", senses)
    assert "currency" not in topics_of("The dollar stayed flat.", senses)
    assert "currency" in topics_of("Bonds rallied after the auction.", senses)
    assert "currency" not in topics_of("the bonds of friendship held.", senses)
    assert "currency" not in topics_of("Bonds hit a baseball record.", senses)


def test_component_reads_the_doc_annotations_and_the_title(tmp_path: Path) -> None:
    import spacy

    path = write(
        tmp_path,
        """\
        topics:
          - id: ports
            label: Ports
            cues:
              - pattern: [{LOWER: port, IS_SENT_START: false}, {LOWER: congestion}]
        """,
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("tradenews_topics", config={"taxonomy": path})
    doc = nlp.make_doc("")
    doc._.title = "Port congestion eases in Rotterdam"
    assert [t["topic"] for t in nlp(doc)._.topics] == []  # the title is sentence-initial
    doc = nlp.make_doc("")
    doc._.title = "Rotterdam sees port congestion ease"
    assert [t["topic"] for t in nlp(doc)._.topics] == ["ports"]


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        ("{cue: strike, near: []}", "near must be a non-empty list"),
        ("{cue: strike, window: 0}", "window must be 'sentence' or a number"),
        ("{cue: strike, window: wide}", "window must be 'sentence' or a number"),
        ("{cue: strike, nearby: [x]}", "unknown key 'nearby'"),
        ("{near: [x]}", "exactly one of 'cue' or 'pattern'"),
        ("{cue: strike, pattern: [{LOWER: x}]}", "exactly one of 'cue' or 'pattern'"),
        ("{pattern: [{LOWR: x}]}", "bad pattern"),
        ("{pattern: x}", "pattern must be a non-empty list of token mappings"),
        ("{cue: 'ta*riff'}", "bad pattern 'ta*riff'"),
        ("{cue: strike, not_near: ['x ...']}", "bad pattern"),
    ],
)
def test_check_reports_bad_sense_constraints(tmp_path: Path, cue: str, message: str) -> None:
    path = write(tmp_path, f"topics:\n  - id: a\n    label: A\n    cues:\n      - {cue}\n")
    errors = check_taxonomy(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}:5: ") and message in errors[0]


def test_headline_only_input_gets_topics() -> None:
    taxonomy = load_taxonomy(None)
    found = score_topics("", taxonomy, title="U.S. loses WTO case over steel duties")
    assert "trade_disputes" in {r["topic"] for r in found}
    assert found[0]["evidence"] == "U.S. loses WTO case over steel duties"
    assert {r["topic"] for r in score_topics("", taxonomy, title="JAPAN TO CUT CHIP TARIFFS")} >= {
        "tariffs"
    }


def test_headline_only_document_through_the_pipeline() -> None:
    from tradenews.engine import build

    nlp = build(components=("topics",))
    doc = nlp.make_doc("")
    doc._.title = "Imports surge after textile quota ends"
    topics = {t["topic"] for t in nlp(doc)._.topics}
    assert {"trade_flows", "market_access"} & topics


def test_a_title_already_at_the_head_of_the_text_is_not_read_twice() -> None:
    taxonomy = load_taxonomy(None)
    text = "Tariffs rise\n\nThe council met on Monday."
    once = score_topics(text, taxonomy)
    assert score_topics(text, taxonomy, title="Tariffs rise") == once


def test_evidence_has_no_markdown_or_boilerplate() -> None:
    taxonomy = load_taxonomy(None)
    text = (
        "## Canada imposes **retaliatory** tariffs on [U.S. steel](https://example.com/a) ##\n\n"
        "Officials met on Monday to discuss the schedule of the next meeting.\n"
    )
    found = {r["topic"]: r for r in score_topics(text, taxonomy)}
    assert found["tariffs"]["evidence"] == "Canada imposes retaliatory tariffs on U.S. steel"
    text = "> Japan will cut tariffs on rice (Reporting by A. Writer; Editing by B. Editor)"
    found = {r["topic"]: r for r in score_topics(text, taxonomy)}
    assert found["tariffs"]["evidence"] == "Japan will cut tariffs on rice"


def test_weak_quorum_lets_different_weak_cues_stand_in_for_a_strong_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        topics:
          - id: ports
            label: Ports
            cues: [port congestion]
            weak_cues: [vessel, cargo, berth, crane]
            weak_quorum: 3
          - id: farms
            label: Farms
            cues: [farm subsidy]
            weak_cues: [tractor, harvest, barn]
        """,
    )
    taxonomy = load_taxonomy(path)
    assert topics_of("A vessel waited for a berth to unload its cargo.", taxonomy) == {"ports"}
    assert topics_of("The vessel and its cargo, and another vessel.", taxonomy) == set()
    assert topics_of("A tractor, a harvest and a barn.", taxonomy) == set()


def test_number_in_a_context_list_matches_any_figure(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        topics:
          - id: flows
            label: Flows
            cues:
              - {cue: exports, near: [<number>, billion], window: 4}
        """,
    )
    taxonomy = load_taxonomy(path)
    assert topics_of("Exports reached 7.1 in May.", taxonomy) == {"flows"}
    assert topics_of("Exports matter to the town, he said.", taxonomy) == set()
    bad = write(
        tmp_path, "topics:\n  - id: a\n    label: A\n    cues: [{cue: <number> pct}]\n", "b.yaml"
    )
    assert "cannot start with <number>" in check_taxonomy(bad)[0]


def test_default_taxonomy_reads_the_sense_of_ambiguous_words() -> None:
    taxonomy = load_taxonomy(None)
    assert "labor" not in topics_of("An air strike hit the depot.", taxonomy)
    assert "labor" in topics_of("Dock workers began a strike over pay.", taxonomy)
    assert "energy" not in topics_of("The oil palm estates expanded.", taxonomy)
    assert "trade_disputes" not in topics_of("Dumping of toxic waste at sea.", taxonomy)
    assert "climate_environment" in topics_of("Dumping of toxic waste at sea.", taxonomy)
    assert "labor" in topics_of("Unions call a work stoppage at the port.", taxonomy)
    assert "labor" not in topics_of("The European Union and the customs unions met.", taxonomy)
    assert "currency_finance" not in topics_of("Palm oil traded at 700 ringgit a tonne.", taxonomy)
    assert "currency_finance" not in topics_of("Wheat stocks rose to 5 mln tonnes.", taxonomy)
    assert "sanctions_export_controls" not in topics_of(
        "The regulator imposed sanctions on a futures trader.", taxonomy
    )
    assert "trade_flows" in topics_of("Exports rose 12 pct to 4.5 billion dlrs.", taxonomy)


FILLER = " ".join(["Officials met again on Tuesday to review the schedule of the visit."] * 30)
LEAD = "The two leaders met in Rome on Monday to discuss the summit agenda.\n\n"


def test_a_phrase_counts_in_a_long_story_where_a_bare_word_does_not() -> None:
    taxonomy = load_taxonomy(None)
    clause = (
        " Analysts said Washington could slap tariffs on cars, starting a full-scale trade war."
    )
    found = topics_of(LEAD + FILLER + clause + " " + FILLER, taxonomy, threshold=None)
    assert {"tariffs", "trade_disputes"} <= found
    passing = LEAD + FILLER + " The minister also mentioned oil. " + FILLER
    assert "energy" not in topics_of(passing, taxonomy, threshold=None)


@pytest.mark.parametrize(
    ("headline", "topic"),
    [
        ("Japan sets car export quota for fiscal year", "market_access"),
        ("Lawmakers vote on trade negotiating authority", "trade_agreements"),
        ("U.S. lifts curbs on trade with Vietnam", "sanctions_export_controls"),
        ("Brazil loses WTO case over sugar subsidies", "trade_disputes"),
        ("Exports rose 12 pct in May", "trade_flows"),
    ],
)
def test_a_headline_with_one_strong_cue_gets_its_topic(headline: str, topic: str) -> None:
    assert topic in {r["topic"] for r in score_topics("", load_taxonomy(None), title=headline)}

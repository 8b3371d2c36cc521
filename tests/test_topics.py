"""Topic scoring: subject versus passing word, other senses, evidence, threshold, pipelines."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradenews.components.topics import evidence, score_topics, sentence_spans
from tradenews.taxonomy import load_taxonomy

TARIFF_STORY = """\
Canada hits back with tariffs on U.S. steel

OTTAWA - Canada will impose retaliatory tariffs of 25% on C$30 billion of American steel \
and aluminum from next month, Finance Minister Anne Leclerc said on Thursday, answering \
the duties Washington levied on Canadian metals in March.
The list of targeted goods also includes orange juice and bourbon, and the government \
said it would consider exemptions for manufacturers that cannot find other suppliers.
"We did not choose this fight," Leclerc told reporters. Ottawa will also file a \
complaint at the World Trade Organization over the U.S. levies.
Shares of Canadian steelmakers rose in early trading. Higher oil prices helped the \
loonie, analysts said.
"""


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(None)


def topics_of(text: str, taxonomy, threshold: float | None = None) -> dict[str, dict]:
    return {r["topic"]: r for r in score_topics(text, taxonomy, threshold)}


def test_subject_scores_high_and_passing_word_is_left_out(taxonomy) -> None:
    found = topics_of(TARIFF_STORY, taxonomy, threshold=0.01)
    assert found["tariffs"]["score"] > 0.9
    assert found["tariffs"]["mentions"] >= 5
    # "oil prices" once, at the end: a clause of its own in a short story scores low...
    assert found["energy"]["score"] < 0.45
    # ...and in a feature-length article it is only a passing word.
    background = " ".join(["Economists expect the dispute to drag on for months."] * 60)
    assert "energy" not in topics_of(TARIFF_STORY + background, taxonomy)
    ranked = [r["topic"] for r in score_topics(TARIFF_STORY, taxonomy)]
    assert ranked[0] == "tariffs"


def test_records_are_plain_dicts_surest_first(taxonomy) -> None:
    records = score_topics(TARIFF_STORY, taxonomy)
    assert records
    for r in records:
        assert set(r) == {"topic", "label", "score", "evidence", "mentions"}
        assert 0 < r["score"] <= 1 and r["score"] == round(r["score"], 3)
        assert isinstance(r["mentions"], int) and isinstance(r["evidence"], str)
    scores = [r["score"] for r in records]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("The minister brought fresh political energy to the stalled talks.", "energy"),
        (
            "Market access has become a bargaining chip in the negotiations.",
            "supply_chains_technology",
        ),
        ("Both leaders said they hoped to strike a deal before the summit.", "labor"),
        ("Goldman Sachs, the investment bank, advised the government on the sale.", "investment"),
        ("Payments giants Visa and Mastercard cut their fees for small shops.", "immigration"),
        (
            "The statement praised the economic growth and prosperity of both peoples.",
            "macroeconomy",
        ),
        ("Lawmakers warned of a price war among discount airlines.", "security_defense"),
        ("The European Union and the African Union met in Brussels.", "labor"),
        ("Sales of generic drug makers rose as drug prices fell.", "narcotics"),
        ("The senator outlined insider trading legislation on Tuesday.", "trade_disputes"),
        ("Shareholders will ratify the appointment of auditors in May.", "trade_agreements"),
        ("Investors praised the improved business climate in Vietnam.", "climate_environment"),
        ("The visit renewed the bonds of friendship between the two nations.", "currency_finance"),
    ],
)
def test_a_word_in_another_sense_is_not_the_topic(taxonomy, sentence: str, topic: str) -> None:
    assert topic not in topics_of(sentence, taxonomy, threshold=0.01)


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("Japan agreed to cut its tariff on American rice.", "tariffs"),
        ("The commission imposed antidumping duties on Chinese steel.", "trade_disputes"),
        ("Exporters complain about non-tariff barriers such as testing rules.", "market_access"),
        ("Canada threatened a ban on Danish pork imports.", "market_access"),
        ("India and Britain concluded their free-trade agreement on Thursday.", "trade_agreements"),
        ("Washington added 20 Chinese firms to its entity list.", "sanctions_export_controls"),
        ("India raised its purchases of Russian crude oil again in June.", "energy"),
        ("Mexico seized a record haul of fentanyl precursors at the port.", "narcotics"),
        ("The H-1B visa program is used heavily by Indian engineers.", "immigration"),
        ("Brussels will phase in its carbon border adjustment mechanism.", "climate_environment"),
        ("Taiwan makes most of the world's advanced semiconductors.", "supply_chains_technology"),
    ],
)
def test_a_clear_cue_in_a_short_text_assigns_the_topic(taxonomy, sentence: str, topic: str) -> None:
    assert topic in topics_of(sentence, taxonomy)


def test_weak_cues_alone_never_assign_a_topic(taxonomy) -> None:
    text = "The two sides signed an agreement after long talks on a framework for the deal."
    assert "trade_agreements" not in topics_of(text, taxonomy, threshold=0.01)
    text += " It is the first trade pact between them."
    assert "trade_agreements" in topics_of(text, taxonomy)


def test_longest_cue_wins_across_topics(taxonomy) -> None:
    found = topics_of("Exporters face non-tariff barriers and a trade war.", taxonomy, 0.01)
    assert "market_access" in found and "trade_disputes" in found
    assert "tariffs" not in found and "security_defense" not in found


def test_headline_and_lead_weigh_more_than_the_end(taxonomy) -> None:
    filler = " ".join(["Officials met again on Tuesday to review the schedule."] * 30)
    early = f"Talks turn to dairy quotas\n{filler}"
    late = f"Talks resume in Geneva\n{filler} Dairy was also raised."
    assert (
        topics_of(early, taxonomy, 0.01)["agriculture"]["score"]
        > topics_of(late, taxonomy, 0.01)["agriculture"]["score"]
    )


def test_the_same_passing_word_counts_less_in_a_long_article(taxonomy) -> None:
    short = "Officials also discussed dairy."
    long = " ".join(["Officials met again on Tuesday to review the schedule."] * 80) + " " + short
    s_short = topics_of(short, taxonomy, 0.01)["agriculture"]["score"]
    s_long = topics_of(long, taxonomy, 0.01)["agriculture"]["score"]
    assert s_long < s_short


def test_evidence_is_the_sentence_that_weighed_most(taxonomy) -> None:
    found = topics_of(TARIFF_STORY, taxonomy)
    assert "retaliatory tariffs" in found["tariffs"]["evidence"]
    assert (
        found["trade_disputes"]["evidence"].startswith("OTTAWA")
        or "World Trade" in found["trade_disputes"]["evidence"]
    )
    for r in found.values():
        assert len(r["evidence"]) <= 202
        assert "\n" not in r["evidence"]


def test_long_sentence_evidence_is_trimmed_around_the_cue() -> None:
    text = (
        "Officials said "
        + "that the schedule was under review and " * 12
        + "the tariff would rise "
        + "and the schedule would be reviewed again " * 8
        + "."
    )
    anchor = text.index("tariff")
    snippet = evidence(text, (0, len(text)), anchor)
    assert "tariff" in snippet and len(snippet) <= 202
    assert snippet.startswith("\u2026") and snippet.endswith("\u2026")


def test_threshold_behaviour(taxonomy) -> None:
    text = "The leaders discussed regional security. They also touched on dairy farmers."
    low = topics_of(text, taxonomy, threshold=0.05)
    high = topics_of(text, taxonomy, threshold=0.99)
    assert {"agriculture", "security_defense"} <= set(low)
    assert high == {}
    default = topics_of(text, taxonomy)
    assert set(default) <= set(low)


def test_per_topic_threshold_overrides_the_default(tmp_path: Path) -> None:
    path = tmp_path / "ports.yaml"
    path.write_text(
        textwrap.dedent("""\
        threshold: 0.3
        topics:
          - id: shipping
            label: Shipping
            cues: [container ship, freight rate*]
          - id: ports
            label: Ports
            cues: [port congestion]
            negative_cues: [port congestion charge]
            threshold: 0.95
    """),
        encoding="utf-8",
    )
    custom = load_taxonomy(str(path))
    text = "Port congestion pushed freight rates higher for every container ship."
    assert set(topics_of(text, custom)) == {"shipping"}
    assert "ports" not in topics_of("A port congestion charge starts in May.", custom, 0.01)


def test_sentence_spans_keep_abbreviations_and_split_headlines() -> None:
    text = (
        "Tariff truce holds\nMr. Li met U.S. Trade Representative Jane Ross on Jan. 5 in "
        'Geneva. They agreed\nto meet again. "Progress," he said!'
    )
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "Tariff truce holds",
        "Mr. Li met U.S. Trade Representative Jane Ross on Jan. 5 in Geneva.",
        "They agreed\nto meet again.",
        '"Progress," he said!',
    ]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab U.S.!?\n\"'Mr"), max_size=200))
def test_sentence_spans_are_ordered_non_blank_slices(text: str) -> None:
    last_end = 0
    for start, end in sentence_spans(text):
        assert last_end <= start < end <= len(text)
        assert text[start:end].strip()
        last_end = end


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_scoring_never_fails_and_stays_in_range(text: str) -> None:
    for r in score_topics(text, load_taxonomy(None), 0.01):
        assert 0 < r["score"] <= 1
        assert r["mentions"] >= 1


# --- the component in both pipelines ----------------------------------------------------------


@pytest.fixture(scope="module")
def topics_nlp():
    """The topics-only pipeline: the bare tokenizer, no model pipes."""
    from tradenews.engine import build

    return build(components=("topics",))


def test_topics_only_pipeline_has_no_model_pipes(topics_nlp) -> None:
    assert topics_nlp.pipe_names == ["tradenews_topics"]
    doc = topics_nlp(TARIFF_STORY)
    assert doc._.topics[0]["topic"] == "tariffs"


def test_full_pipeline_gives_the_same_topics(nlp, topics_nlp) -> None:
    assert "tradenews_topics" in nlp.pipe_names
    full = nlp(TARIFF_STORY)._.topics
    bare = topics_nlp(TARIFF_STORY)._.topics
    assert full == bare


def test_component_takes_a_custom_taxonomy_and_threshold(tmp_path: Path) -> None:
    import spacy

    path = tmp_path / "mini.yaml"
    path.write_text(
        "topics:\n  - id: ports\n    label: Ports\n    cues: [port congestion]\n", encoding="utf-8"
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("tradenews_topics", config={"taxonomy": str(path), "threshold": 0.2})
    doc = nlp("Port congestion in Rotterdam eased this week.")
    assert [t["topic"] for t in doc._.topics] == ["ports"]
    assert nlp("Nothing to see here.")._.topics == []


TRADE_POLICY = "trade_agreements", "tariffs", "market_access", "trade_disputes"


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        # pressure on a bilateral surplus, answered with purchases or with an opened market
        (
            "Seoul sent a buying mission to Chicago to buy more American goods and cut its "
            "surplus with Washington.",
            "market_access",
        ),
        (
            "The lender urged New Delhi to pursue trade liberalisation and lower the "
            "protection of its car makers.",
            "market_access",
        ),
        ("Beijing will tighten controls on imports of consumer goods.", "market_access"),
        ("Premier Li said Vietnam would restrict luxury car imports.", "market_access"),
        # sanctions aimed at trade, frictions, and trade legislation
        ("Oslo approved a trade ban against the apartheid government.", "trade_disputes"),
        ("Washington imposed sanctions on Japanese electronics imports.", "trade_disputes"),
        ("Britain and Japan remain deadlocked over trade policies.", "trade_disputes"),
        ("Tokyo warned it could retaliate against American farm exports.", "trade_disputes"),
        ("The International Trade Commission ruled on the steel petition.", "trade_disputes"),
        ("Senators will take up the trade measure after the recess.", "trade_disputes"),
        ("Steelmakers asked for relief from an import surge.", "trade_disputes"),
        # sector pacts, barter and negotiating rounds, 1980s and today
        ("Japan said it was living up to its semiconductor agreement.", "trade_agreements"),
        (
            "Pakistan and Sweden signed a barter agreement worth 88 million dollars.",
            "trade_agreements",
        ),
        ("Ministers met in Punta del Este to launch a new round.", "trade_agreements"),
        (
            "Brussels and Comecon made progress on setting up formal trade relations.",
            "trade_agreements",
        ),
        ("Congress debated an oil import fee to protect drillers.", "tariffs"),
        ("The White House slapped punitive tariffs on Japanese televisions.", "tariffs"),
    ],
)
def test_trade_policy_phrasings_of_1987_and_today(taxonomy, sentence: str, topic: str) -> None:
    assert topic in topics_of(sentence, taxonomy)


@pytest.mark.parametrize(
    "sentence",
    [
        # a bare trade-balance figure is macroeconomy only (topic specification)
        "Japan's trade surplus narrowed to 5.8 billion dollars in March from 7.1 billion.",
        "Exports rose 4.2 percent while imports surged 11 percent, the statistics office said.",
        # budget deficits, capital flows and a devaluation are not trade policy
        "The Senate plan would cut the budget deficit with a mix of spending cuts and taxes.",
        "Rome denied the deficit was caused by liberalising purchases of foreign securities.",
        "The devaluation should boost exports and bring a curb to our imports, he said.",
        "The carmaker wants better access to U.S. and European capital markets.",
        "Tensions rose in the strait after the collision, and a deadlock in parliament persists.",
    ],
)
def test_trade_figures_and_other_policies_get_no_trade_policy_topic(
    taxonomy, sentence: str
) -> None:
    assert not set(topics_of(sentence, taxonomy)) & set(TRADE_POLICY)


def test_trade_figures_are_trade_flows_and_the_grievance_is_market_access(taxonomy) -> None:
    figure = "South Korea's trade surplus with the United States rose to 7.1 billion dollars."
    assert "trade_flows" in topics_of(figure, taxonomy)
    assert "macroeconomy" not in topics_of(figure, taxonomy)
    assert "market_access" not in topics_of(figure, taxonomy)
    pressure = figure + " Seoul promised to reduce its 7.1 billion dlr trade surplus."
    assert "market_access" in topics_of(pressure, taxonomy)


def test_abbreviations_and_numbers_do_not_break_a_phrase(taxonomy) -> None:
    # "U.S." and "7.1" are inside the phrase; they do not use up the '...' gap either
    text = "Ottawa wants to keep its open access to the U.S. steel market, the minister said."
    assert "market_access" in topics_of(text, taxonomy)
    text = "Taipei pledged to cut its 13.6 billion dlr trade surplus within two years."
    assert "market_access" in topics_of(text, taxonomy)
    text = "Seoul will try to reduce its seven billion dollar trade surplus with Washington."
    assert "market_access" in topics_of(text, taxonomy)
    text = "Seoul will try to reduce its large and still growing annual trade surplus."
    assert "market_access" not in topics_of(text, taxonomy, threshold=0.01)


def test_a_phrase_does_not_run_across_paragraphs(taxonomy) -> None:
    headline = "FARMERS SEEK A BAN ON\n\nImports from neighbouring countries fell in May."
    assert "market_access" not in topics_of(headline, taxonomy, threshold=0.01)
    assert "market_access" in topics_of(headline.replace("\n\n", " "), taxonomy)

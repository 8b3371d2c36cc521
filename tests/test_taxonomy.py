"""Taxonomy files: the shipped default, the pattern syntax, and line-numbered errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradenews.taxonomy import (
    TaxonomyError,
    check_taxonomy,
    compile_pattern,
    default_path,
    inflections,
    load_taxonomy,
)

SPEC_IDS = [
    "trade_agreements", "tariffs", "market_access", "trade_disputes", "agriculture",
    "digital_trade", "intellectual_property", "immigration", "narcotics", "security_defense",
    "energy", "sanctions_export_controls", "investment", "supply_chains_technology", "trade_flows",
    "macroeconomy", "currency_finance", "labor", "climate_environment",
]  # fmt: skip


def write(tmp_path: Path, body: str, name: str = "mytax.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return str(path)


GOOD = """
version: 1
threshold: 0.5
topics:
  - id: shipping
    label: Shipping & ports
    scope: freight, ports, container lines
    cues: [container ship, port congestion, freight rate*]
    weak_cues: [port, vessel]
    negative_cues: [port wine]
  - id: fisheries
    label: Fisheries
    cues:
      - fishing quota
      - =trawlers
    threshold: 0.3
"""


def test_default_taxonomy_is_valid_and_has_the_spec_topics() -> None:
    assert check_taxonomy(None) == []
    taxonomy = load_taxonomy(None)
    assert [t.id for t in taxonomy.topics] == SPEC_IDS
    assert taxonomy.topic("tariffs").label == "Tariffs & duties"
    for topic in taxonomy.topics:
        assert topic.scope and topic.cues, topic.id


def test_default_path_is_the_packaged_file() -> None:
    assert Path(default_path()).name == "taxonomy.yaml"
    assert load_taxonomy(default_path()) == load_taxonomy(None)


def test_good_custom_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert check_taxonomy(path) == []
    taxonomy = load_taxonomy(path)
    assert taxonomy.threshold == 0.5
    shipping, fisheries = taxonomy.topics
    assert shipping.cues == ("container ship", "port congestion", "freight rate*")
    assert shipping.weak_cues == ("port", "vessel")
    assert shipping.negative_cues == ("port wine",)
    assert fisheries.threshold == 0.3 and fisheries.weak_cues == ()


def test_load_is_cached_per_path_and_sees_edits(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert load_taxonomy(path) is load_taxonomy(path)
    first = load_taxonomy(path)
    Path(path).write_text(Path(path).read_text().replace("Fisheries", "Fish"), encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))  # a different mtime, whatever the clock resolution
    assert load_taxonomy(path).topics[1].label == "Fish"
    assert first.topics[1].label == "Fisheries"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # YAML syntax error, reported at the line of the problem
            """
            topics:
              - id: energy
                label: Energy
                cues: [oil, gas
              - id: other
            """,
            ":5: YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow "
            "sequence started on line 4)",
        ),
        (
            """
            topics:
              - label: Energy
                cues: [oil]
            """,
            ":2: topic without an 'id'",
        ),
        (
            """
            topics:
              - id: energy
                cues: [oil]
            """,
            ":2: topic 'energy': missing 'label'",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                cues: [oil]
              - id: energy
                label: Energy again
                cues: [gas]
            """,
            ":5: duplicate topic id 'energy' (first on line 2)",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                cues: oil
            """,
            ":4: topic 'energy': cues must be a list of strings",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                cues:
                  - oil
                  - [gas, coal]
            """,
            ":6: topic 'energy': cues must be a list of strings",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                cues: []
            """,
            ":4: topic 'energy': cues must not be empty",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                cue: [oil]
            """,
            ":4: topic 'energy': unknown key 'cue'",
        ),
        (
            """
            topic:
              - id: energy
            """,
            ":1: unknown key 'topic'",
        ),
        (
            """
            topics:
              - id: Energy Policy
                label: Energy
                cues: [oil]
            """,
            ":2: topic id 'Energy Policy' must be lower-case",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                cues: [oil]
                threshold: 2
            """,
            ":5: topic 'energy': threshold must be a number above 0 and at most 1",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                cues: [oil, "ta*riff"]
            """,
            ":4: topic 'energy': cues: bad pattern 'ta*riff'",
        ),
        (
            """
            topics:
              - id: energy
                label: 42
                cues: [oil]
            """,
            ":3: topic 'energy': label must be a non-empty string",
        ),
        (
            """
            - id: energy
            """,
            ":1: the file must be a mapping with a 'topics' list",
        ),
        (
            """
            topics: []
            """,
            ":1: topics must be a non-empty list of topics",
        ),
        (
            """
            topics:
              - id: energy
                label: Energy
                label: Power
                cues: [oil]
            """,
            ":4: duplicate key 'label'",
        ),
    ],
)
def test_each_error_kind_is_reported_with_its_line(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write(tmp_path, body)
    errors = check_taxonomy(path)
    assert any(e.startswith(path) and expected in e for e in errors), errors
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert info.value.errors == errors


def test_several_errors_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        topics:
          - id: energy
            label: Energy
            cues: oil
          - id: farm
            cues: [grain]
            weak_cues: [1, 2]
        """,
    )
    errors = check_taxonomy(path)
    assert [e.split(":")[1] for e in errors] == ["4", "5", "7", "7"]


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    errors = check_taxonomy(str(tmp_path / "nope.yaml"))
    assert len(errors) == 1 and "cannot read" in errors[0]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_checker_never_raises_on_arbitrary_text(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("tax") / "any.yaml"
    path.write_text(text, encoding="utf-8")
    errors = check_taxonomy(str(path))
    assert all(e.startswith(str(path)) for e in errors)


# --- pattern syntax ----------------------------------------------------------------------------


def test_inflections_cover_plural_and_verb_forms() -> None:
    assert {"tariff", "tariffs"} <= inflections("tariff")
    assert {"levy", "levies", "levied", "levying"} <= inflections("levy")
    assert {"ban", "bans", "banned", "banning"} <= inflections("ban")
    assert {"impose", "imposes", "imposed", "imposing"} <= inflections("impose")


@settings(max_examples=100)
@given(st.from_regex(r"[a-z]{2,12}", fullmatch=True))
def test_a_plain_word_always_matches_itself_and_its_plural(word: str) -> None:
    [(forms,)] = compile_pattern(word)
    assert word in forms and word + "s" in forms


def test_hyphen_gives_split_and_joined_variants() -> None:
    variants = compile_pattern("anti-dumping")
    assert len(variants) == 2
    assert any(len(v) == 2 for v in variants) and any("antidumping" in v[0] for v in variants)


def test_prefix_exact_and_gap_words() -> None:
    [(prefix,)] = compile_pattern("tariff*")
    assert prefix == "tariff"
    [(exact,)] = compile_pattern("=arms")
    assert exact == frozenset({"arms"})
    [pattern] = compile_pattern("ban on ... imports")
    assert pattern[2] is None and len(pattern) == 4


@pytest.mark.parametrize(
    "bad", ["", "ta*riff", "=arms*", "ab*", "... imports", "ban on ...", "a ... ... b"]
)
def test_malformed_patterns_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        compile_pattern(bad)

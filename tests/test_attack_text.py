"""Text the analysis must take as a reader sees it: invisible characters and
compatibility forms, pathological runs in linear time, deeply nested HTML."""

from __future__ import annotations

import json
import random
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradenews.io.clean import normalize_text


def cli(*args: str):
    from click.testing import CliRunner

    from tradenews.cli import main

    return CliRunner().invoke(main, list(args))


def entities(path: Path) -> list[dict]:
    result = cli("entities", str(path), "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_offsets_slice(rows: list[dict], text: str) -> None:
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"], row


# --------------------------------------------------------------------------- invisible characters

SHY, ZWSP, RLM, LRM = "\u00ad", "\u200b", "\u200f", "\u200e"


def test_a_soft_hyphen_inside_a_name_is_the_same_person(tmp_path, reuse_pipelines) -> None:
    text = (
        f"Commerce Secretary Howard Lut{SHY}nick met steel makers in Ohio on Tuesday. "
        "Lutnick told reporters that the talks went well."
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    rows = entities(tmp_path / "a.txt")
    people = [r for r in rows if r["kind"] in ("official", "person")]
    assert [(p["name"], p["mentions"]) for p in people] == [("Howard Lutnick", 2)]
    assert people[0]["text"] == f"Howard Lut{SHY}nick"  # the mention as written
    assert_offsets_slice(rows, text)


def test_invisible_characters_inside_or_around_a_country(tmp_path, reuse_pipelines) -> None:
    text = (
        f"Exporters in In{SHY}dia expect a deal soon. Farmers in Bra{ZWSP}zil sold more "
        f"soybeans. Officials in {RLM}Kenya{RLM} and \u2066Peru\u2069 and "
        f"\u202bChile\u202c and {LRM}Norway{LRM} said so. Buyers in \uff2a\uff41\uff50\uff41\uff4e "
        "paid more."
    )
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    rows = entities(tmp_path / "b.txt")
    countries = {r["country"]: r for r in rows if r["kind"] == "country"}
    assert {"IND", "BRA", "KEN", "PER", "CHL", "NOR", "JPN"} <= set(countries)
    assert countries["IND"]["name"] == "India" and countries["IND"]["text"] == f"In{SHY}dia"
    assert countries["JPN"]["text"] == "\uff2a\uff41\uff50\uff41\uff4e"
    assert countries["KEN"]["text"] == "Kenya"  # the marks around it are not the mention
    assert not [r for r in rows if r["kind"] == "organization"]
    assert_offsets_slice(rows, text)


def test_html_entities_for_invisible_characters(tmp_path, reuse_pipelines) -> None:
    page = (
        "<!doctype html><html><head><title>Steel talks</title></head><body><article>"
        "<p>Commerce Secretary Howard Lut&shy;nick met buyers from In&shy;dia on Tuesday "
        "to talk about steel.</p><p>Lutnick said buyers from In&#8203;dia and "
        "&#xFF2A;&#xFF41;&#xFF50;&#xFF41;&#xFF4E; would pay more next year.</p>"
        "</article></body></html>"
    )
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    rows = entities(tmp_path / "p.html")
    assert [r["name"] for r in rows if r["kind"] in ("official", "person")] == ["Howard Lutnick"]
    countries = {r["country"]: r["mentions"] for r in rows if r["kind"] == "country"}
    assert countries == {"IND": 2, "JPN": 1}
    assert not [r for r in rows if r["kind"] == "organization"]


def test_json_escapes_for_invisible_characters(tmp_path, reuse_pipelines) -> None:
    record = {"id": "x", "text": f"Buyers from In{ZWSP}dia and {RLM}Japan{RLM} met in Oslo."}
    (tmp_path / "r.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    rows = entities(tmp_path / "r.jsonl")
    assert {r["country"] for r in rows if r["kind"] == "country"} == {"IND", "JPN", "NOR"}
    assert_offsets_slice(rows, record["text"])


def test_normalizing_leaves_ordinary_text_alone() -> None:
    ascii_text = "Trade talks resumed on Monday in Geneva."
    assert normalize_text(ascii_text)[0] is ascii_text
    plain = "Café owners in Zürich said “no” … Widget™ costs ½ as much, 5 km²."
    text, offsets = normalize_text(plain)
    assert text == plain and not offsets


def test_normalizing_folds_and_removes() -> None:
    assert normalize_text("Jose\u0301 \ufb01nal \uff11\uff12")[0] == "José final 12"
    assert normalize_text(f"a{SHY}b c\u2060d \ufeffe")[0] == "ab cd e"
    # joiners shape Persian words and emoji sequences: kept there, dropped in Latin words
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    emoji = "\U0001f469\u200d\U0001f52c"
    assert normalize_text(f"{persian} {emoji} In\u200cdia")[0] == f"{persian} {emoji} India"


_PIECES = st.sampled_from(
    ["a", "B", " ", ".", "India", SHY, ZWSP, RLM, "\u2066", "\ufb01", "\uff2a", "e\u0301", "é", "™"]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_offsets_map_back_to_the_original(original: str) -> None:
    text, offsets = normalize_text(original)
    for m in re.finditer(r"\S+", text):
        start, end = offsets.start(m.start()), offsets.end(m.end())
        assert normalize_text(original[start:end])[0] == m[0]
        assert original[start:end] == original[start:end].strip()


# --------------------------------------------------------------------------- linear time

_WORDS = (
    "Trade Bank Ministry Council Commerce Agency Office Union Board Authority Finance Steel "
    "Alpha Harbor Quarnet Meridian Northgate Pelham Corvin Ashby Delmont Rivera Tasman"
).split()


def _words(rng: random.Random, joiners: tuple[str, ...]) -> str:
    return rng.choice(_WORDS) + " " + rng.choice(joiners)


def _made_up_name(rng: random.Random) -> str:
    return rng.choice(string.ascii_uppercase) + "".join(
        rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 8))
    )


_SHAPES = {
    "capitalized words": lambda rng: _made_up_name(rng) + " ",
    "capitalized words with of and and": lambda rng: _words(rng, ("of ", "and ", "", "")),
    "numbers": lambda rng: f"{rng.randint(0, 10 ** rng.randint(1, 9))} ",
}


def _run(path: Path, timeout: int = 120) -> list[dict]:
    """A whole run in a fresh process; a hang guard, not a timing (the figures are in
    benchmarks/pathological.py)."""
    out = subprocess.run(
        [sys.executable, "-m", "tradenews", "entities", str(path), "--no-cache", "-f", "json"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_long_text_without_sentences_takes_linear_time(tmp_path, shape) -> None:
    rng, pieces, size = random.Random(7), [], 0
    while size < 200_000:  # a few seconds now; minutes when a step was quadratic
        pieces.append(_SHAPES[shape](rng))
        size += len(pieces[-1])
    (tmp_path / "long.txt").write_text("".join(pieces), encoding="utf-8")
    _run(tmp_path / "long.txt")


def test_a_run_of_symbols_is_no_organization(tmp_path) -> None:
    (tmp_path / "amp.txt").write_text("Tariffs " + "&" * 40_000 + " rose.", encoding="utf-8")
    rows = _run(tmp_path / "amp.txt")
    assert not [r for r in rows if r["kind"] == "organization"], rows


def test_body_names_scan_a_long_capitalized_run_in_linear_time(hang_guard) -> None:
    from tradenews.components.org_spans import body_name_pattern

    pattern = body_name_pattern(["Council", "Ministry"])
    with hang_guard(30):  # was minutes: every start re-read the run to its end
        assert not list(pattern.finditer("Alpha Quarnet " * 20_000))
    text = "the Trade and Industry Council of Northern Quarnet met"
    assert [m[0] for m in pattern.finditer(text)] == [
        "Trade and Industry Council of Northern Quarnet"
    ]


# --------------------------------------------------------------------------- deep HTML

_ARTICLE = "".join(
    f"<p>Part {i}: Commerce Secretary Howard Lutnick met officials from India on Tuesday "
    "to discuss steel tariffs and quotas.</p>"
    for i in range(3)
)


@pytest.mark.parametrize("depth", [300, 3000])
@pytest.mark.parametrize("tag", ["font", "div"])
def test_an_article_nested_deeply_is_read(tmp_path, reuse_pipelines, tag, depth) -> None:
    closing = f"</{tag}>" * depth if tag == "div" else ""  # <font>s left unclosed
    page = (
        "<!doctype html><html><head><title>Steel talks</title></head><body>"
        f"<nav><a href='/'>Home</a></nav>{f'<{tag}>' * depth}<article>{_ARTICLE}</article>"
        f"{closing}</body></html>"
    )
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    rows = entities(tmp_path / "deep.html")
    assert {(r["kind"], r["name"]) for r in rows} >= {
        ("official", "Howard Lutnick"),
        ("country", "India"),
    }


def test_thousands_of_organizations_are_merged_in_linear_time(hang_guard) -> None:
    from tradenews.components.org_found import Found

    rng = random.Random(11)
    names = sorted({f"{_made_up_name(rng)} {_made_up_name(rng)} Group" for _ in range(4000)})
    text = " ".join(names)
    found, start = Found(text), 0
    with hang_guard(60):  # was minutes: every name against every other, and every span
        for name in [*names, "Group"]:
            if not found.overlaps(start, start + len(name)):
                found.add(name, "", start, start + len(name))
            start += len(name) + 1
        records = found.records()
    assert len(records) == len(names)

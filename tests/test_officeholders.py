"""The officeholders registry: loading, name keys, and the role held at a date."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tradenews.lexicon import officeholders
from tradenews.lexicon.names import name_key
from tradenews.lexicon.officeholders import parse, role_at

SAMPLE = parse(
    yaml.safe_load(
        """
officeholders:
  - name: Ana Ruiz
    aliases: [Ana María Ruiz]
    roles:
      - {title: Finance Minister, country: CHL, from: 2014-03, to: 2018-03-11}
      - {title: President, country: CHL, from: 2022-03-11}
  - name: Tomas Berg
    roles:
      - {title: Secretary-General, organization: Nordic Council, from: 2016-01-01, to: 2020}
"""
    )
)


def test_role_held_at_the_publication_date():
    ruiz = SAMPLE.by_key[name_key("Ana Ruiz")]
    assert role_at(ruiz, dt.date(2023, 5, 1)) == officeholders.RoleAt("President", "CHL", "", True)
    assert role_at(ruiz, dt.date(2016, 1, 1)).title == "Finance Minister"


def test_between_roles_the_last_one_left_is_former():
    ruiz = SAMPLE.by_key[name_key("Ana Ruiz")]
    role = role_at(ruiz, dt.date(2020, 6, 1))
    assert (role.title, role.country, role.current) == ("former Finance Minister", "CHL", False)


def test_before_the_first_role_not_an_official():
    ruiz = SAMPLE.by_key[name_key("Ana Ruiz")]
    assert role_at(ruiz, dt.date(2010, 1, 1)) is None
    # a month-precision start counts from the first of the month
    assert role_at(ruiz, dt.date(2014, 3, 1)).title == "Finance Minister"
    assert role_at(ruiz, dt.date(2014, 2, 28)) is None


def test_year_precision_end_runs_to_the_end_of_that_year():
    berg = SAMPLE.by_key[name_key("Tomas Berg")]
    assert role_at(berg, dt.date(2020, 12, 30)).current
    role = role_at(berg, dt.date(2021, 1, 1))
    assert (role.title, role.organization, role.country) == (
        "former Secretary-General",
        "Nordic Council",
        "",
    )


def test_unknown_date_uses_the_present_of_the_data():
    assert role_at(SAMPLE.by_key[name_key("Ana Ruiz")], None).title == "President"
    assert role_at(SAMPLE.by_key[name_key("Tomas Berg")], None).title == "former Secretary-General"


def test_aliases_and_accent_free_spellings_are_found_in_text():
    text = "Ana Maria Ruiz met Tomas Berg; later Ana María Ruiz left. Berg stayed."
    spans = [text[s:e] for s, e in _spans(text)]
    assert spans == ["Ana Maria Ruiz", "Tomas Berg", "Ana María Ruiz"]
    assert SAMPLE.by_key[name_key("Ana Maria Ruiz")].name == "Ana Ruiz"


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in SAMPLE.pattern.finditer(text)]


def test_a_name_inside_a_longer_word_run_is_not_split():
    assert _spans("the Tomas Bergman estate") == []
    assert _spans("xTomas Berg") == []


@given(st.text(max_size=40))
def test_name_key_is_idempotent_and_ignores_case(name):
    assert name_key(name_key(name)) == name_key(name)
    assert name_key(name.upper()) == name_key(name_key(name).upper())


def test_shipped_data_file_is_consistent():
    """Every role dated and placed; no name or alias shared by two people."""
    raw = yaml.safe_load(
        (resources.files("tradenews.data") / "officeholders.yaml").read_text(encoding="utf-8")
    )
    seen: dict[str, str] = {}
    for entry in raw["officeholders"]:
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            key = name_key(form)
            assert seen.setdefault(key, entry["name"]) == entry["name"], form
        for role in entry["roles"]:
            assert role["title"] and role["from"], entry["name"]
            assert bool(role.get("country")) != bool(role.get("organization")), entry["name"]
            if role.get("to"):
                assert str(role["to"]) >= str(role["from"]), entry["name"]
    reg = officeholders.registry()
    assert reg.by_key and reg.pattern is not None


def test_a_bad_entry_names_itself():
    bad = {"officeholders": [{"name": "Ana Ruiz", "roles": [{"title": "X", "from": "2021-13"}]}]}
    with pytest.raises(ValueError, match="officeholders.yaml: Ana Ruiz"):
        parse(bad)
    with pytest.raises(ValueError, match="Tomas Berg.*from"):
        parse({"officeholders": [{"name": "Tomas Berg", "roles": [{"title": "X"}]}]})

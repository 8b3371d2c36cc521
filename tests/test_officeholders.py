"""The officeholders registry: loading, name keys, and the role held at a date."""

from __future__ import annotations

import datetime as dt
import itertools
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


# ------------------------------------------------- the shipped data, from 1980 on

# offices one person holds at a time (several terms, handovers on the same day)
SINGLE_SEAT = {
    "President",
    "Prime Minister",
    "Premier",
    "Chancellor",
    "Taoiseach",
    "King",
    "Queen",
    "Emperor",
    "Emir",
    "General Secretary",
    "Secretary-General",
    "Secretary General",
    "Director-General",
    "Managing Director",
    "Governor",
    "Federal Reserve Chairman",
    "Bundesbank President",
    "Treasury Secretary",
    "Secretary of State",
    "Commerce Secretary",
    "Agriculture Secretary",
    "Trade Representative",
    "Chancellor of the Exchequer",
    "Finance Minister",
    "Trade Commissioner",
    "Agriculture Commissioner",
}


def test_one_holder_at_a_time_in_a_single_seat_office():
    """Catches a wrong date: two people in one seat for more than the month that
    month-precision dates ("1985-02") may blur."""
    reg = officeholders.registry()
    seats: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = {}
    for person in {id(p): p for p in reg.by_key.values()}.values():
        for r in person.roles:
            if r.title in SINGLE_SEAT:
                end = r.end or dt.date.max
                seats.setdefault((r.title, r.country or r.organization), []).append(
                    (r.start, end, person.name)
                )
    clashes = [
        (seat, a, b)
        for seat, terms in seats.items()
        for (s1, e1, a), (s2, e2, b) in itertools.combinations(terms, 2)
        if a != b and (min(e1, e2) - max(s1, s2)).days > 31
    ]
    assert clashes == []


@pytest.mark.parametrize(
    ("surname", "when", "expected"),
    [
        ("Bush", dt.date(1985, 6, 1), "George H. W. Bush"),
        ("Bush", dt.date(1990, 6, 1), "George H. W. Bush"),
        ("Bush", dt.date(1995, 6, 1), None),  # neither Bush in office
        ("Bush", dt.date(2005, 6, 1), "George W. Bush"),
        ("Gandhi", dt.date(1982, 6, 1), "Indira Gandhi"),
        ("Gandhi", dt.date(1984, 10, 31), "Rajiv Gandhi"),  # sworn in the day she died
        ("Trudeau", dt.date(1982, 6, 1), "Pierre Trudeau"),
        ("Trudeau", dt.date(2018, 6, 1), "Justin Trudeau"),
        ("Kim", dt.date(1990, 6, 1), "Kim Il-sung"),
        ("Kim", dt.date(1995, 6, 1), None),  # Kim Young-sam in Seoul, Kim Jong-il in Pyongyang
        ("Nakasone", dt.date(1987, 6, 1), "Yasuhiro Nakasone"),
        ("Nakasone", dt.date(2009, 1, 1), "Hirofumi Nakasone"),
        ("Nakasone", dt.date(2020, 6, 1), None),
    ],
)
def test_a_shared_surname_is_the_one_in_office_at_the_date(surname, when, expected):
    found = officeholders.lookup_surname(surname, when)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("name", "when", "title"),
    [
        ("Jacques Chirac", dt.date(1987, 6, 1), "Prime Minister"),
        ("Jacques Chirac", dt.date(1990, 6, 1), "former Prime Minister"),
        ("Jacques Chirac", dt.date(1996, 6, 1), "President"),
        ("Charles Haughey", dt.date(1985, 6, 1), "former Taoiseach"),
        ("Charles Haughey", dt.date(1988, 6, 1), "Taoiseach"),
        ("Hirohito", dt.date(1987, 6, 1), "Emperor"),  # a reign that began in 1926
        ("Yasuhiro Nakasone", dt.date(1979, 6, 1), None),  # before his first listed role
        ("George Bush", dt.date(1987, 6, 1), "Vice President"),
        ("Mikhail Gorbachev", dt.date(1987, 6, 1), "General Secretary"),
        ("Mikhail Gorbachev", dt.date(1991, 6, 1), "President"),  # both held: the later one
    ],
)
def test_roles_over_several_terms(name, when, title):
    person = officeholders.lookup(name)
    assert person is not None
    role = role_at(person, when)
    assert (role.title if role else None) == title


def _people(nlp, text: str, dct: str) -> dict[str, tuple[str, str, str]]:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return {r["name"]: (r["kind"], r["title"], r["country"]) for r in nlp(doc)._.people}


def test_1987_copy_names_heads_of_government_without_titles(nlp):
    text = (
        "Nakasone told parliament that Japan would buy more foreign chips, "
        "and Thatcher said Britain welcomed the move."
    )
    got = _people(nlp, text, "1987-04-20")
    assert got["Nakasone"] == ("official", "Prime Minister", "JPN")
    assert got["Thatcher"] == ("official", "Prime Minister", "GBR")


def test_the_same_names_decades_later(nlp):
    got = _people(nlp, "Yasuhiro Nakasone's reforms were recalled in Tokyo.", "2020-06-01")
    assert got["Yasuhiro Nakasone"] == ("official", "former Prime Minister", "JPN")
    # nobody called Nakasone holds office in 2020: the bare word is left alone
    assert "Nakasone" not in _people(nlp, "Nakasone was remembered as a reformer.", "2020-06-01")


def test_one_surname_two_presidents(nlp):
    text = "Bush said the talks with Gorbachev would go on."
    got = _people(nlp, text, "1985-06-01")
    assert got["Bush"] == ("official", "Vice President", "USA")
    assert got["Gorbachev"] == ("official", "General Secretary", "SUN")
    assert _people(nlp, text, "2005-06-01")["Bush"] == ("official", "President", "USA")

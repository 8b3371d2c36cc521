"""Officials rules on hand-built Docs (words, tags, entities): no statistical model.

Each Doc is what a tagger and NER would give; the component's own rules (names,
titles, coreference, placement) are what is under test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

import tradenews.components.officials  # noqa: F401  (registers the factory)
from tradenews.components.officials.component import OfficialsComponent
from tradenews.lexicon import titles as title_data
from tradenews.records import ENTITY_COLUMNS


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("tradenews_officials")
    return nlp


def people(
    nlp: Any,
    text: str,
    tags: str,
    ents: str,
    *,
    dct: str | None = None,
    glued: set[int] = frozenset(),
) -> list[dict[str, Any]]:
    """Run the component on a Doc built from space-separated words, tags and IOB entities
    (tokens whose index is in ``glued`` have no space after them)."""
    words = text.split(" ")
    spaces = [i not in glued and i < len(words) - 2 for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, tags=tags.split(), ents=ents.split())
    doc._.countries = []
    doc._.dct = dct
    return nlp.get_pipe("tradenews_officials")(doc)._.people


def test_title_before_the_name_with_a_country_possessive(blank):
    (p,) = people(
        blank,
        "India 's Commerce Minister Piyush Goyal said so .",
        "NNP POS NNP NNP NNP NNP VBD RB .",
        "B-GPE O O O B-PERSON I-PERSON O O O",
    )
    assert (p["kind"], p["name"], p["title"], p["country"]) == (
        "official", "Piyush Goyal", "Commerce Minister", "IND"
    )  # fmt: skip


def test_role_in_a_relative_clause_after_the_name(blank):
    (p,) = people(
        blank,
        "Xu Feihong , who is China 's ambassador to India , said so .",
        "NNP NNP , WP VBZ NNP POS NN TO NNP , VBD RB .",
        "B-PERSON I-PERSON O O O B-GPE O O O B-GPE O O O O",
    )
    assert (p["kind"], p["title"], p["country"]) == ("official", "ambassador", "CHN")


def test_leading_a_legislative_committee_is_a_public_role(blank):
    (p,) = people(
        blank,
        "Bernd Lange , who chairs the European Parliament 's trade committee , said so .",
        "NNP NNP , WP VBZ DT NNP NNP POS NN NN , VBD RB .",
        "B-PERSON I-PERSON O O O B-ORG I-ORG I-ORG O O O O O O O",
    )
    assert p["kind"] == "official"
    assert p["title"].startswith("chair of the European Parliament")
    assert p["country"] == ""  # the European Parliament serves the EU


def test_minister_in_charge_keeps_its_whole_portfolio(blank):
    (p,) = people(
        blank,
        "Minister - in - charge of Trade Relations Tengku Zafrul said so .",
        "NNP HYPH IN HYPH NN IN NNP NNPS NNP NNP VBD RB .",
        "O O O O O O O O B-PERSON I-PERSON O O O",
        glued={0, 1, 2, 3},
    )
    assert (p["kind"], p["title"]) == ("official", "Minister-in-charge of Trade Relations")


def test_private_role_makes_a_person_and_keeps_the_company(blank):
    (p,) = people(
        blank,
        "Ann Okoro , a Toyota spokesman , said so .",
        "NNP NNP , DT NNP NN , VBD RB .",
        "B-PERSON I-PERSON O O B-ORG O O O O O",
    )
    assert (p["kind"], p["title"], p["organization"]) == ("person", "spokesman", "Toyota")
    (p,) = people(
        blank, "Economist Ann Okoro said so .", "NN NNP NNP VBD RB .", "O B-PERSON I-PERSON O O O"
    )
    assert (p["kind"], p["title"]) == ("person", "Economist")


def test_a_later_surname_is_a_mention_of_the_same_person(blank):
    (p,) = people(
        blank,
        "Trade Minister Dan Tehan arrived . Tehan said so .",
        "NNP NNP NNP NNP VBD . NNP VBD RB .",
        "O O B-PERSON I-PERSON O O B-PERSON O O O",
    )
    assert (p["name"], p["mentions"]) == ("Dan Tehan", 2)


def test_name_cut_by_ner_is_widened(blank):
    (p,) = people(
        blank,
        "Trade Representative Clayton Yeutter said so .",
        "NNP NNP NNP NNP VBD RB .",
        "O O B-PERSON O O O O",
    )
    assert (p["name"], p["title"]) == ("Clayton Yeutter", "Trade Representative")


def test_known_officeholder_without_a_title_takes_the_role_of_the_day(blank):
    (p,) = people(
        blank, "Xi Jinping said so .", "NNP NNP VBD RB .", "B-PERSON I-PERSON O O O",
        dct="2024-05-01",
    )  # fmt: skip
    assert (p["kind"], p["title"], p["country"]) == ("official", "President", "CHN")


def test_a_lone_untitled_word_is_not_a_person(blank):
    assert people(blank, "Mazda said so .", "NNP VBD RB .", "B-PERSON O O O") == []


def test_records_carry_only_contract_fields(blank):
    rows = people(
        blank,
        "Chilean President Gabriel Boric spoke . Juan Ortega , Boric 's chief of staff , agreed .",
        "JJ NNP NNP NNP VBD . NNP NNP , NNP POS NN IN NN , VBD .",
        "B-NORP O B-PERSON I-PERSON O O B-PERSON I-PERSON O B-PERSON O O O O O O O",
    )
    assert {r["name"] for r in rows} == {"Gabriel Boric", "Juan Ortega"}
    for r in rows:
        assert set(r) <= set(ENTITY_COLUMNS) | {"organization"}, sorted(r)
        assert not any(k.startswith("_") for k in r)


def test_the_countries_component_must_run_first(blank):
    doc = Doc(blank.vocab, words=["Minister", "Ann", "Okoro"])
    with pytest.raises(ValueError, match="tradenews_countries"):
        blank.get_pipe("tradenews_officials")(doc)


def test_title_grammar_is_data(tmp_path: Path):
    """Without the relative-clause pattern, "who is China's ambassador" states no role."""
    grammar = title_data.package_text(title_data.GRAMMAR_FILE)
    cut = grammar[: grammar.index("  relative_copula:")]
    (tmp_path / "grammar.yaml").write_text(cut, encoding="utf-8")
    nlp = spacy.blank("en")
    comp = nlp.add_pipe("tradenews_officials")
    assert isinstance(comp, OfficialsComponent)
    comp.initialize(grammar=tmp_path / "grammar.yaml")
    args = (
        "Xu Feihong , who is China 's ambassador to India , said so .",
        "NNP NNP , WP VBZ NNP POS NN TO NNP , VBD RB .",
        "B-PERSON I-PERSON O O O B-GPE O O O B-GPE O O O O",
    )
    assert [(p["kind"], p["title"]) for p in people(nlp, *args)] == [("person", "")]


def test_data_travels_with_the_saved_component(tmp_path: Path):
    """A titles file named at initialize() is saved by to_disk and read back by from_disk."""
    titles = title_data.package_text(title_data.TITLES_FILE)
    titles = titles.replace("private_heads:\n", "private_heads:\n  - tribune\n", 1)
    (tmp_path / "titles.yaml").write_text(titles, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("tradenews_officials").initialize(titles=tmp_path / "titles.yaml")
    nlp.get_pipe("tradenews_officials").to_disk(tmp_path / "saved")
    fresh = spacy.blank("en")
    fresh.add_pipe("tradenews_officials").from_disk(tmp_path / "saved")
    args = ("Tribune Ann Okoro said so .", "NN NNP NNP VBD RB .", "O B-PERSON I-PERSON O O O")
    assert [(p["kind"], p["title"]) for p in people(fresh, *args)] == [("person", "Tribune")]
    assert [p["title"] for p in people(blank_pipeline(), *args)] == [""]  # package data


def blank_pipeline() -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("tradenews_officials")
    return nlp


# --------------------------------------------------------------------- real copy


def test_body_named_before_the_role_with_of(blank):
    (p,) = people(
        blank,
        "Board of Foreign Trade director Vincent Siew told reporters so .",
        "NNP IN NNP NNP NN NNP NNP VBD NNS RB .",
        "B-ORG I-ORG I-ORG I-ORG O B-PERSON I-PERSON O O O O",
    )
    assert (p["kind"], p["title"], p["organization"]) == (
        "official", "director", "Board of Foreign Trade"
    )  # fmt: skip


def test_government_word_makes_an_ambiguous_role_public(blank):
    (p,) = people(
        blank,
        "Cabinet chief Bernard Prauge will lead the delegation .",
        "NNP NN NNP NNP MD VB DT NN .",
        "O O B-PERSON I-PERSON O O O O O",
    )
    assert (p["kind"], p["title"]) == ("official", "Cabinet chief")


def test_lower_case_corporate_title_with_a_company_a_clause_away(blank):
    (p,) = people(
        blank,
        "Mazda Motor Corp predicted a drop , vice president Yoshihiro Wada said .",
        "NNP NNP NNP VBD DT NN , NN NN NNP NNP VBD .",
        "B-ORG I-ORG I-ORG O O O O O O B-PERSON I-PERSON O O",
    )
    assert (p["kind"], p["title"], p["organization"]) == (
        "person", "vice president", "Mazda Motor Corp"
    )  # fmt: skip


def test_a_generic_noun_stands_for_the_body_named_before(blank):
    (p,) = people(
        blank,
        "The Asian Development Bank will meet , bank president Masao Fujioka said .",
        "DT NNP NNP NNP MD VB , NN NN NNP NNP VBD .",
        "B-ORG I-ORG I-ORG I-ORG O O O O O B-PERSON I-PERSON O O",
    )
    assert (p["kind"], p["organization"], p["country"]) == (
        "official", "Asian Development Bank", ""
    )  # fmt: skip


def test_a_name_wrapped_before_its_particle(blank):
    (p,) = people(
        blank,
        "UAE President Sheikh Zaid bin Sultan \n al - Nahayan arrived .",
        "NNP NNP NNP NNP NNP NNP _SP NNP HYPH NNP VBD .",
        "B-GPE O B-PERSON I-PERSON I-PERSON I-PERSON O B-PERSON O O O O",
        glued={5, 6, 7, 8},
    )
    assert p["name"].endswith("bin Sultan al-Nahayan")


def test_an_entity_across_a_paragraph_break_is_cut(blank):
    rows = people(
        blank,
        "Modi hosts UAE President Sheikh Mohamed \n\n NEW DELHI - Talks began .",
        "NNP VBZ NNP NNP NNP NNP _SP NNP NNP HYPH NNS VBD .",
        "B-PERSON O B-GPE O B-PERSON I-PERSON I-PERSON I-PERSON I-PERSON O O O O",
        glued={5, 6},
    )
    assert "Sheikh Mohamed" in {r["name"] for r in rows}
    assert not any("DELHI" in r["name"] for r in rows)


@pytest.mark.parametrize(
    ("text", "tags", "ents"),
    [
        # an acronym in running text is no part of a name
        ("Nominal GDP rose again .", "JJ NNP VBD RB .", "B-PERSON I-PERSON O O O"),
        # the first word names a company of the story
        (
            "H.J. Heinz Co is strong . Heinz Ketchup has a record share .",
            "NNP NNP NNP VBZ JJ . NNP NNP VBZ DT NN NN .",
            "B-ORG I-ORG I-ORG O O O B-PERSON I-PERSON O O O O O",
        ),
        # a legal form follows the name
        (
            "Piper Jaffray and Hopwood Inc raised it .",
            "NNP NNP CC NNP NNP VBD PRP .",
            "B-PERSON I-PERSON O B-ORG I-ORG O O O",
        ),
        # the apposition names a business
        (
            "It opened Woolco and J. Brannam , a discount apparel chain .",
            "PRP VBD NNP CC NNP NNP , DT NN NN NN .",
            "O O B-ORG O B-PERSON I-PERSON O O O O O O",
        ),
        # a region of a country, as a whole name
        (
            "Output rose in Minas Gerais state .",
            "NN VBD IN NNP NNP NN .",
            "O O O B-PERSON I-PERSON O O",
        ),
        # English words, a plural noun
        (
            "He met Exporting Countries members .",
            "PRP VBD NNP NNPS NNS .",
            "O O B-PERSON I-PERSON O O",
        ),
    ],
)
def test_untitled_names_that_are_not_people(blank, text, tags, ents):
    assert people(blank, text, tags, ents) == []


def test_untitled_people_stay_people(blank):
    rows = people(
        blank,
        "Elon Musk was not there . Ivan F. Boesky and Co sued , Ivan F. Boesky said .",
        "NNP NNP VBD RB RB . NNP NNP NNP CC NNP VBD , NNP NNP NNP VBD .",
        "B-PERSON I-PERSON O O O O B-PERSON I-PERSON I-PERSON O B-ORG O O "
        "B-PERSON I-PERSON I-PERSON O O",
    )
    assert {r["name"] for r in rows} == {"Elon Musk", "Ivan F. Boesky"}


def _tagged(text: str, names: list[str]) -> tuple[str, str, str]:
    """Words, tags and IOB entities for a text whose listed phrases are PERSON entities."""
    words = text.split(" ")
    tags = [
        "." if w == "." else "DT" if w.lower() == "the" else "NNP" if w[:1].isupper() else "NN"
        for w in words
    ]
    ents = ["O"] * len(words)
    for name in names:
        parts = name.split(" ")
        k = next(i for i in range(len(words)) if words[i : i + len(parts)] == parts)
        ents[k : k + len(parts)] = ["B-PERSON"] + ["I-PERSON"] * (len(parts) - 1)
    return text, " ".join(tags), " ".join(ents)


FRENCH_FILLER = (
    "le ministre a dit que les discussions avec ses homologues continueraient aussi "
    "longtemps que nécessaire et qu' il ne se faisait pas de souci pour le délai parce "
    "que les deux parties voulaient un accord avant la fin de l' année ."
)
GERMAN_FILLER = (
    "der minister sagte , dass die gespräche mit den kollegen so lange weitergehen "
    "würden , wie es nötig sei , und dass er sich über die frist keine sorgen mache , "
    "weil beide seiten eine einigung in diesem jahr wollten ."
)


def test_a_page_in_french_keeps_names_shaped_like_names(blank):
    text = FRENCH_FILLER + " Il faudrait en parler . Par Jacques Munier ."
    rows = people(blank, *_tagged(text, ["Il faudrait", "Par Jacques Munier"]))
    assert [r["name"] for r in rows] == ["Jacques Munier"]


def test_a_page_in_german_takes_no_capital_for_a_name(blank):
    text = (
        GERMAN_FILLER
        + " Die Kollegen lasen es , Matthias Geyer auch . Der Reporter Claas Relotius schrieb ."
    )
    rows = people(blank, *_tagged(text, ["Die Kollegen", "Matthias Geyer", "Claas Relotius"]))
    assert [(r["name"], r["title"], r["organization"]) for r in rows] == [
        ("Claas Relotius", "Reporter", "")  # no body "Der"
    ]


def test_a_deputy_does_not_hold_the_office_of_its_head(blank):
    text = (
        "Treasury Secretary James Baker and Deputy Treasury Secretary Richard Darman "
        "met bankers . Baker said so ."
    )
    rows = people(blank, *_tagged(text, ["James Baker", "Richard Darman", "Baker"]))
    assert [(r["name"], r["title"], r["country"]) for r in rows] == [
        ("James Baker", "Treasury Secretary", "USA"),
        ("Richard Darman", "Deputy Treasury Secretary", "USA"),
    ]


def test_a_listed_officeholder_named_with_the_bare_role_takes_its_body(blank):
    text = "Lending will grow next year , president Masao Fujioka told reporters ."
    rows = people(blank, *_tagged(text, ["Masao Fujioka"]), dct="1987-05-01")
    assert [(r["name"], r["kind"], r["country"], r["organization"]) for r in rows] == [
        ("Masao Fujioka", "official", "", "Asian Development Bank")
    ]


def test_a_second_role_after_the_body_is_no_part_of_it(blank):
    text = "Trevor Houser , a partner at Rhodium and author of the report , said so ."
    (p,) = people(blank, *_tagged(text, ["Trevor Houser"]))
    assert (p["kind"], p["title"], p["organization"]) == ("person", "partner", "Rhodium")


def test_a_general_secretary_is_public_only_with_a_public_body(blank):
    text = "Jo Grady , the UCU general secretary , said so . General Secretary Xi Jinping left ."
    rows = people(blank, *_tagged(text, ["Jo Grady", "Xi Jinping"]), dct="2024-05-01")
    assert [(r["name"], r["kind"], r["country"]) for r in rows] == [
        ("Jo Grady", "person", ""),
        ("Xi Jinping", "official", "CHN"),  # listed: the open role is his public one
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a plural of English words, even when its last word is named alone
        ("It beat the Oscars and Golden Globes . Globes matter .", ["Golden Globes", "Globes"]),
        # a facility after "the", however many words come between
        (
            "It dwarfs the Arecibo Observatory . The International Pulsar Timing Array works .",
            ["Arecibo Observatory", "Pulsar Timing Array"],
        ),
        # a quoted title of a work, with its honorific, or a name inside one
        ("The “ Mrs Maisel ” cast won .", ["Maisel"]),
        ("It is “ The Marvelous Frank Maisel ” again .", ["Frank Maisel"]),
    ],
)
def test_things_named_like_people(blank, text, names):
    text, tags, ents = _tagged(text, names)
    tags = " ".join(
        "NNPS" if w in {"Globes", "Peoples"} else t
        for w, t in zip(text.split(" "), tags.split(), strict=True)
    )
    assert people(blank, text, tags, ents) == []


def test_a_credit_line_name_stops_at_the_slash(blank):
    (p,) = people(
        blank, *_tagged("( Credit : Clayton Aldern / Grist )", ["Clayton Aldern / Grist"])
    )
    assert p["name"] == "Clayton Aldern"


def test_a_surname_run_on_into_the_next_name_is_cut(blank):
    text = "Matthias Geyer called . Then Geyer Claas Relotius met ."
    rows = people(blank, *_tagged(text, ["Matthias Geyer", "Geyer Claas Relotius"]))
    assert {r["name"] for r in rows} == {"Matthias Geyer", "Claas Relotius"}


def test_a_demonym_after_the_keeps_the_person(blank):
    text = "He said the American Kevin Baker said so ."
    text, tags, ents = _tagged(text, ["Kevin Baker"])
    tags = tags.replace("DT NNP NNP NNP NN", "DT JJ NNP NNP VBD")
    assert [r["name"] for r in people(blank, text, tags, ents)] == ["Kevin Baker"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no body is an editor: the model's organization is a person
        (
            "Gustavo Faleiros , an editor at the group InfoAmazonia , said so .",
            ["Gustavo Faleiros"],
        ),
        # a firm can be an adviser
        ("Goldman Sachs , an adviser to the deal , said so .", []),
    ],
)
def test_a_role_only_people_hold_makes_a_name_the_model_read_as_a_body(blank, text, expected):
    words = text.split(" ")
    tags = " ".join(
        "," if w == "," else "." if w == "." else "DT" if w in {"an", "the"} else
        "NNP" if w[:1].isupper() else "NN"
        for w in words
    )  # fmt: skip
    ents = " ".join(["B-ORG", "I-ORG"] + ["O"] * (len(words) - 2))
    assert [r["name"] for r in people(blank, text, tags, ents)] == expected

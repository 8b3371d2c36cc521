"""Officials and people: names, titles as stated, country served, merging, kinds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradenews.components.officials import _same_person, fold, lexicon

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_48bfc2bb79e5f3a1.txt"


def people(nlp, text: str) -> list[dict[str, Any]]:
    return nlp(text)._.people


def one(nlp, text: str, name: str) -> dict[str, Any]:
    found = [p for p in people(nlp, text) if p["name"] == name]
    names = [p["name"] for p in people(nlp, text)]
    assert len(found) == 1, f"{name!r} not found once in {names}"
    return found[0]


# --------------------------------------------------------------------- the seed article


def test_seed_gives_its_eight_officials(nlp):
    doc = nlp(SEED.read_text(encoding="utf-8"))
    got = {p["name"]: p for p in doc._.officials}
    expected = {
        "Christopher Landau": ("Deputy Secretary of State", "USA"),
        "Vikram Misri": ("Foreign Secretary", "IND"),
        "Tammy Bruce": ("spokesperson", "USA"),
        "Donald Trump": ("former President", "USA"),
        "Piyush Goyal": ("Commerce Minister", "IND"),
        "Jamieson Greer": ("Trade Representative", "USA"),
        "Scott Bessent": ("Treasury Secretary", "USA"),
        "Howard Lutnick": ("Commerce Secretary", "USA"),
    }
    assert set(got) == set(expected)
    for name, (title, country) in expected.items():
        assert got[name]["title"] == title, name
        assert got[name]["country"] == country, name
    # "Deputy Secretary Landau", "Landau also raised", "the Landau-Misri dialogue"
    assert got["Christopher Landau"]["mentions"] == 4
    assert got["Vikram Misri"]["mentions"] == 2
    assert got["Donald Trump"]["mentions"] == 2  # "Trump's administration"
    assert not [p for p in doc._.people if len(p["name"].split()) == 1]


def test_seed_first_mention_offsets(nlp):
    text = SEED.read_text(encoding="utf-8")
    for p in nlp(text)._.people:
        assert text[p["start"] : p["end"]] == p["text"]


# --------------------------------------------------------------------- title shapes

TITLE_SHAPES = [
    # (sentence, name, words the title must contain, country, organization)
    (
        "U.S. Trade Representative Jamieson Greer said on Monday that talks would resume.",
        "Jamieson Greer",
        "Trade Representative",
        "USA",
        "",
    ),
    (
        "Jamieson Greer, the U.S. trade representative, told reporters a deal was close.",
        "Jamieson Greer",
        "trade representative",
        "USA",
        "",
    ),
    (
        "India's Commerce Minister Piyush Goyal arrived in Washington on Tuesday.",
        "Piyush Goyal",
        "Commerce Minister",
        "IND",
        "",
    ),
    (
        "Talks resumed after Indian Commerce Minister Piyush Goyal flew in.",
        "Piyush Goyal",
        "Commerce Minister",
        "IND",
        "",
    ),
    (
        "President Donald Trump spoke by phone with To Lam, the general secretary of the "
        "Communist Party of Vietnam, on Wednesday.",
        "To Lam",
        "general secretary",
        "VNM",
        "",
    ),
    (
        "Brazil's former President Jair Bolsonaro denied the charges, his lawyers said.",
        "Jair Bolsonaro",
        "former President",
        "BRA",
        "",
    ),
    (
        "Acting Commerce Secretary Rebecca Blank said the rule would take effect in May.",
        "Rebecca Blank",
        "Acting Commerce Secretary",
        "USA",
        "",
    ),
    (
        "U.S. Deputy Secretary of State Christopher Landau met officials in New Delhi.",
        "Christopher Landau",
        "Deputy Secretary of State",
        "USA",
        "",
    ),
    (
        "Japan's chief negotiator Ryosei Akazawa flew to Washington for a seventh round.",
        "Ryosei Akazawa",
        "chief negotiator",
        "JPN",
        "",
    ),
    (
        "State Department spokesperson Tammy Bruce declined to comment on the talks.",
        "Tammy Bruce",
        "spokesperson",
        "USA",
        "",
    ),
    (
        "Malaysia's Minister of Investment, Trade and Industry Tengku Zafrul Abdul Aziz "
        "said the pact would be signed in October.",
        "Tengku Zafrul Abdul Aziz",
        "Minister of Investment, Trade and Industry",
        "MYS",
        "",
    ),
    (
        "Vietnam's Minister of Industry and Trade Nguyen Hong Dien signed the memorandum.",
        "Nguyen Hong Dien",
        "Minister of Industry and Trade",
        "VNM",
        "",
    ),
    (
        "UAE President Sheikh Mohamed bin Zayed Al Nahyan received the delegation in Abu Dhabi.",
        "Sheikh Mohamed bin Zayed Al Nahyan",
        "President",
        "ARE",
        "",
    ),
    (
        "Chinese Vice Premier He Lifeng will lead the delegation, the ministry said.",
        "He Lifeng",
        "Vice Premier",
        "CHN",
        "",
    ),
]


@pytest.mark.parametrize(("text", "name", "title", "country", "org"), TITLE_SHAPES)
def test_title_shapes(nlp, text, name, title, country, org):
    p = one(nlp, text, name)
    assert p["kind"] == "official"
    assert fold(title) in fold(p["title"])
    assert "the " not in p["title"].lower().split("of")[0]
    assert p["country"] == country
    if org:
        assert p["organization"] == org


def test_title_excludes_country_word_and_article(nlp):
    p = one(nlp, "Jamieson Greer, the U.S. trade representative, said so.", "Jamieson Greer")
    assert p["title"] == "trade representative"
    p = one(nlp, "India's Commerce Minister Piyush Goyal said so.", "Piyush Goyal")
    assert p["title"] == "Commerce Minister"


# --------------------------------------------------------------------- intergovernmental bodies

INTERGOVERNMENTAL = [
    (
        "WTO Director-General Ngozi Okonjo-Iweala warned of fragmentation. "
        "Okonjo-Iweala said members must act.",
        "Ngozi Okonjo-Iweala",
        "World Trade Organization",
    ),
    (
        "European Commission President Ursula von der Leyen flew to Scotland on Sunday.",
        "Ursula von der Leyen",
        "European Commission",
    ),
    (
        "Olof Gill, a spokesperson for the European Commission, said the bloc was ready.",
        "Olof Gill",
        "European Commission",
    ),
    (
        "IMF Managing Director Kristalina Georgieva said growth would slow.",
        "Kristalina Georgieva",
        "International Monetary Fund",
    ),
    (
        "Belgian MEP Kathleen Van Brempt called the deal lopsided.",
        "Kathleen Van Brempt",
        "European Parliament",
    ),
]


@pytest.mark.parametrize(("text", "name", "org"), INTERGOVERNMENTAL)
def test_intergovernmental_officers_serve_no_country(nlp, text, name, org):
    p = one(nlp, text, name)
    assert p["kind"] == "official"
    assert p["country"] == ""
    assert p["organization"] == org


# --------------------------------------------------------------------- ambassadors


def test_ambassador_serves_the_sending_state(nlp):
    p = one(nlp, "China's ambassador to India Xu Feihong said ties were improving.", "Xu Feihong")
    assert (p["kind"], p["country"], p["title"]) == ("official", "CHN", "ambassador")
    p = one(
        nlp,
        "Vinay Kwatra, India's ambassador to the United States, met lawmakers on Friday.",
        "Vinay Kwatra",
    )
    assert (p["kind"], p["country"]) == ("official", "IND")


# --------------------------------------------------------------------- merging


def test_surname_title_and_possessive_mentions_merge(nlp):
    text = (
        "Indian Commerce Minister Piyush Goyal met Treasury Secretary Scott Bessent on Monday. "
        "Mr. Goyal's visit was the third this year. Secretary Bessent said progress was made, "
        "and Goyal agreed."
    )
    found = {p["name"]: p for p in people(nlp, text)}
    assert set(found) == {"Piyush Goyal", "Scott Bessent"}
    assert found["Piyush Goyal"]["mentions"] == 3
    assert found["Scott Bessent"]["mentions"] == 2


def test_hyphenated_pair_of_surnames_counts_for_both(nlp):
    text = (
        "Deputy Secretary of State Christopher Landau met Foreign Secretary Vikram Misri. "
        "The Landau-Misri dialogue covered trade."
    )
    found = {p["name"]: p["mentions"] for p in people(nlp, text)}
    assert found == {"Christopher Landau": 2, "Vikram Misri": 2}


def test_shared_surname_kept_apart_and_bare_surname_goes_to_latest(nlp):
    text = (
        "Ambassador Caroline Kennedy hosted the talks. Senator Edward Kennedy, who chairs "
        "the committee, attended. Kennedy said the bill would pass."
    )
    found = {p["name"]: p for p in people(nlp, text)}
    assert {"Caroline Kennedy", "Edward Kennedy"} <= set(found)
    assert found["Edward Kennedy"]["mentions"] == 2
    assert found["Caroline Kennedy"]["mentions"] == 1


def test_full_name_after_surname_still_one_record(nlp):
    text = "Lutnick said on Friday the deal was done. Commerce Secretary Howard Lutnick added more."
    found = people(nlp, text)
    assert [p["name"] for p in found] == ["Howard Lutnick"]
    assert found[0]["mentions"] == 2
    assert found[0]["text"] == "Lutnick"


def test_titles_swallowed_by_ner_are_stripped(nlp):
    text = "Deputy Secretary Landau underscored the importance of market access."
    (p,) = people(nlp, text)
    assert p["name"] == "Landau"
    assert p["title"] == "Deputy Secretary"


# --------------------------------------------------------------------- official vs person


def test_executives_and_economists_are_persons(nlp):
    text = (
        "Apple Chief Executive Tim Cook said tariffs would cost $900 million, while "
        "Jan Hatzius, chief economist at Goldman Sachs, expected slower growth."
    )
    cook = one(nlp, text, "Tim Cook")
    assert (cook["kind"], cook["title"], cook["organization"]) == (
        "person",
        "Chief Executive",
        "Apple",
    )
    hatzius = one(nlp, text, "Jan Hatzius")
    assert hatzius["kind"] == "person"
    assert "economist" in hatzius["title"]


def test_company_president_is_a_person(nlp):
    p = one(nlp, "Ford President Jim Farley said the plant would stay open.", "Jim Farley")
    assert p["kind"] == "person"


def test_person_without_role_has_no_title(nlp):
    p = one(
        nlp,
        "Mark Delaney, who runs a furniture business in Ohio, said orders fell.",
        "Mark Delaney",
    )
    assert (p["kind"], p["title"]) == ("person", "")


def test_public_body_makes_an_economist_an_official(nlp):
    text = (
        "The International Monetary Fund's chief economist, Pierre-Olivier Gourinchas, "
        "said the outlook was fragile."
    )
    p = one(nlp, text, "Pierre-Olivier Gourinchas")
    assert (p["kind"], p["country"]) == ("official", "")


def test_countries_and_bodies_are_not_people(nlp):
    text = "India Xu Feihong"  # an NER span swallowing a country
    assert [p["name"] for p in people(nlp, text + " said so.")] in ([], ["Xu Feihong"])
    text = "The World Trade Organization and the European Union issued a joint statement."
    assert people(nlp, text) == []


def test_officials_extension_filters_people(nlp):
    doc = nlp("Economist Ann Lee and Trade Minister Dan Tehan spoke at the forum in Canberra.")
    assert [p["name"] for p in doc._.officials] == ["Dan Tehan"]
    assert {p["kind"] for p in doc._.people} == {"official", "person"}


# --------------------------------------------------------------------- unit properties


def test_lexicon_is_compiled_once():
    assert lexicon() is lexicon()
    lex = lexicon()
    assert ("trade", "representative") in lex.public
    assert ("economist",) in lex.private


@given(st.text(max_size=30))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(
    st.lists(st.sampled_from(["ana", "li", "bin", "zayed", "smith", "al"]), min_size=1, max_size=4),
    st.lists(st.sampled_from(["ana", "li", "bin", "zayed", "smith", "al"]), min_size=1, max_size=4),
)
def test_same_person_is_symmetric(a, b):
    assert _same_person(tuple(a), tuple(b)) == _same_person(tuple(b), tuple(a))


def test_aide_takes_the_country_of_the_person_served(nlp):
    text = (
        "South Korean President Lee Jae Myung met reporters. Kim Yong-beom, Lee's chief of "
        "staff for policy, said Seoul was satisfied."
    )
    p = one(nlp, text, "Kim Yong-beom")
    assert (p["kind"], p["country"]) == ("official", "KOR")
    assert p["title"].startswith("chief of staff")


def test_public_body_qualifies_an_ambiguous_role(nlp):
    p = one(nlp, "Federal Reserve Chairman Jerome Powell said rates would hold.", "Jerome Powell")
    assert (p["kind"], p["country"], p["organization"]) == ("official", "USA", "Federal Reserve")
    p = one(nlp, "A Toyota spokesman, Kenji Sato, declined to comment.", "Kenji Sato")
    assert (p["kind"], p["title"], p["organization"]) == ("person", "spokesman", "Toyota")


def test_country_named_just_before_an_unqualified_title(nlp):
    text = (
        "China sent Vice Minister of Commerce Yan Dong, and Japan was represented by "
        "Industry Minister Yoji Muto."
    )
    assert one(nlp, text, "Yan Dong")["country"] == "CHN"
    assert one(nlp, text, "Yoji Muto")["country"] == "JPN"


def test_unqualified_president_and_dateline_home(nlp):
    text = (
        "OTTAWA \u2014 Prime Minister Mark Carney said on Monday that Canada would not "
        "drop its dairy quotas. President Donald Trump has called the U.S. dairy access "
        "unfair, and Trump said the United States would raise tariffs."
    )
    assert one(nlp, text, "Mark Carney")["country"] == "CAN"
    assert one(nlp, text, "Donald Trump")["country"] == "USA"


def test_portfolio_pairs_and_possessive_owners(nlp):
    text = "British Business and Trade Secretary Jonathan Reynolds said the deal protected jobs."
    p = one(nlp, text, "Jonathan Reynolds")
    assert (p["title"], p["country"]) == ("Business and Trade Secretary", "GBR")
    text = (
        "U.S. President Donald Trump said talks went well. Peter Navarro, Trump's trade "
        "adviser, defended the tariffs."
    )
    p = one(nlp, text, "Peter Navarro")
    assert (p["kind"], p["country"], p["organization"]) == ("official", "USA", "")


def test_congressional_titles(nlp):
    text = (
        "Rep. Jason Smith, the Republican chairman of the House Ways and Means Committee, "
        "praised the agreement in Washington."
    )
    p = one(nlp, text, "Jason Smith")
    assert (p["kind"], p["country"]) == ("official", "USA")


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Mr.", "President", "U.S.-India"])
def test_degenerate_texts(nlp, text):
    assert nlp(text)._.people == []


def test_works_without_sentence_boundaries():
    import spacy

    from tradenews.components.officials import OfficialExtractor

    nlp = spacy.blank("en")
    doc = nlp("Commerce Minister Piyush Goyal met Trade Representative Jamieson Greer.")
    doc = OfficialExtractor(nlp, "tradenews_officials")(doc)
    assert isinstance(doc._.people, list)


def test_lone_unqualified_president_at_home_keeps_his_country(nlp):
    text = (
        "PARIS \u2014 President Emmanuel Macron said on Monday that France would respond "
        "firmly to U.S. tariffs on wine. Macron spoke after a cabinet meeting."
    )
    assert one(nlp, text, "Emmanuel Macron")["country"] == "FRA"
    text = (
        "OTTAWA \u2014 Prime Minister Mark Carney said Canada would not budge. Canada has "
        "faced pressure since President Donald Trump threatened U.S. tariffs on its goods."
    )
    assert one(nlp, text, "Mark Carney")["country"] == "CAN"
    assert one(nlp, text, "Donald Trump")["country"] == "USA"

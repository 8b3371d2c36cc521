"""Officials and people: names, titles as stated, country served, merging, kinds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradenews.components.officials.coref import same_person
from tradenews.lexicon import titles as title_data
from tradenews.lexicon.names import fold

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
        "U.S. Trade Representative Katherine Tai said on Thursday that the talks would go on.",
        "Katherine Tai",
        "Trade Representative",
        "USA",
        "",
    ),
    (
        "Liam Fox, the British trade secretary, told a briefing in London a deal was near.",
        "Liam Fox",
        "trade secretary",
        "GBR",
        "",
    ),
    (
        "Australia's Trade Minister Don Farrell landed in Tokyo on Tuesday evening.",
        "Don Farrell",
        "Trade Minister",
        "AUS",
        "",
    ),
    (
        "Negotiations picked up after Indonesian Trade Minister Zulkifli Hasan flew in.",
        "Zulkifli Hasan",
        "Trade Minister",
        "IDN",
        "",
    ),
    (
        "The visitors were received by Jiang Zemin, then general secretary of China's "
        "Communist Party, at a state guesthouse.",
        "Jiang Zemin",
        "general secretary",
        "CHN",
        "",
    ),
    (
        "Argentina's former President Mauricio Macri rejected the accusation in a radio interview.",
        "Mauricio Macri",
        "former President",
        "ARG",
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
        "Britain's Minister of Agriculture, Fisheries and Food Douglas Hogg defended the ban "
        "on Tuesday.",
        "Douglas Hogg",
        "Minister of Agriculture, Fisheries and Food",
        "GBR",
        "",
    ),
    (
        "Ghana's Minister of Trade, Tourism and Industry Kwame Asante-Boateng opened the "
        "fair in Accra.",
        "Kwame Asante-Boateng",
        "Minister of Trade, Tourism and Industry",
        "GHA",
        "",
    ),
    (
        "Thailand's Minister of Finance and Planning Somchai Rattanakorn signed the accord.",
        "Somchai Rattanakorn",
        "Minister of Finance and Planning",
        "THA",
        "",
    ),
    (
        "Bahrain's Crown Prince Sheikh Salman bin Hamad Al Khalifa received the delegation "
        "in Manama.",
        "Sheikh Salman bin Hamad Al Khalifa",
        "Crown Prince",
        "BHR",
        "",
    ),
    (
        "Malaysian Trade Minister Tunku Hamzah Abdul Rahman will sign the accord in Kuala Lumpur.",
        "Tunku Hamzah Abdul Rahman",
        "Trade Minister",
        "MYS",
        "",
    ),
    (
        "Vietnam's Minister of Planning and Investment Nguyen Chi Dung chaired the forum.",
        "Nguyen Chi Dung",
        "Minister of Planning and Investment",
        "VNM",
        "",
    ),
    (
        "Indonesia's Coordinating Minister for Economic Affairs Airlangga Hartarto will fly in.",
        "Airlangga Hartarto",
        "Coordinating Minister for Economic Affairs",
        "IDN",
        "",
    ),
    (
        "Singapore's Minister-in-charge of Trade Relations Grace Fu called for calm.",
        "Grace Fu",
        "Minister-in-charge of Trade Relations",
        "SGP",
        "",
    ),
    (
        "Singapore's Minister in charge of Trade Relations Grace Fu called for calm.",
        "Grace Fu",
        "Minister in charge of Trade Relations",
        "SGP",
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


def test_comma_set_portfolio_list_is_the_whole_title(nlp):
    text = "Britain's Minister of Agriculture, Fisheries and Food Douglas Hogg spoke."
    assert one(nlp, text, "Douglas Hogg")["title"] == "Minister of Agriculture, Fisheries and Food"
    # list items the title lexicon does not know are still portfolios, not a body or a name
    text = (
        "Kenya's Minister of Tourism, Wildlife and Heritage Amina Wekesa and "
        "Trade Minister Dan Tehan met in Nairobi."
    )
    p = one(nlp, text, "Amina Wekesa")
    assert (p["title"], p["country"]) == ("Minister of Tourism, Wildlife and Heritage", "KEN")
    assert p["organization"] == ""
    text = "Germany's Minister of Economic Affairs and Climate Action Robert Habeck spoke."
    p = one(nlp, text, "Robert Habeck")
    assert p["title"] == "Minister of Economic Affairs and Climate Action"


def test_country_named_inside_the_body(nlp):
    text = "Gleisi Hoffmann, the president of the Workers' Party of Brazil, greeted the visitors."
    p = one(nlp, text, "Gleisi Hoffmann")
    assert (p["kind"], p["title"], p["country"]) == ("official", "president", "BRA")
    assert p["organization"] == "Workers' Party of Brazil"


def test_capitalized_function_word_inside_a_name(nlp):
    text = "The delegation held talks with He Lifeng in Geneva on Saturday."
    assert "He Lifeng" in [p["name"] for p in people(nlp, text)]


def test_title_excludes_country_word_and_article(nlp):
    p = one(nlp, "Liam Fox, the British trade secretary, said so.", "Liam Fox")
    assert p["title"] == "trade secretary"
    p = one(nlp, "Australia's Trade Minister Don Farrell said so.", "Don Farrell")
    assert p["title"] == "Trade Minister"


@pytest.mark.parametrize(
    ("text", "name", "title", "country"),
    [
        ("Former U.S. President Barack Obama spoke.", "Barack Obama", "Former President", "USA"),
        (
            "The former Japanese prime minister Fumio Kishida also spoke.",
            "Fumio Kishida",
            "former prime minister",
            "JPN",
        ),
        (
            "Ex-British Prime Minister Rishi Sunak agreed.",
            "Rishi Sunak",
            "Ex-Prime Minister",
            "GBR",
        ),
        (
            "A former South Korean president, Moon Jae-in, disagreed.",
            "Moon Jae-in",
            "former president",
            "KOR",
        ),
        (
            "Deputy U.S. Trade Representative Sarah Bianchi left.",
            "Sarah Bianchi",
            "Deputy Trade Representative",
            "USA",
        ),
    ],
)
def test_country_word_inside_the_title_is_dropped(nlp, text, name, title, country):
    p = one(nlp, text, name)
    assert (p["kind"], p["title"], p["country"]) == ("official", title, country)


# --------------------------------------------------------------------- intergovernmental bodies

INTERGOVERNMENTAL = [
    (
        "WTO Director-General Roberto Azevedo warned of a splintering of trade rules. "
        "Azevedo said members had to act.",
        "Roberto Azevedo",
        "World Trade Organization",
    ),
    (
        "European Commission President Ursula von der Leyen flew to Scotland on Sunday.",
        "Ursula von der Leyen",
        "European Commission",
    ),
    (
        "Eric Mamer, a spokesman for the Commission, said Brussels had its answer ready.",
        "Eric Mamer",
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
        "Australian Trade Minister Dan Tehan sat down with U.S. Commerce Secretary Wilbur Ross in "
        "March. Mr. Tehan's trip was his second this year. Secretary Ross called the meeting "
        "useful, and Tehan agreed."
    )
    found = {p["name"]: p for p in people(nlp, text)}
    assert set(found) == {"Dan Tehan", "Wilbur Ross"}
    assert found["Dan Tehan"]["mentions"] == 3
    assert found["Wilbur Ross"]["mentions"] == 2


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
    text = "Kudlow told CNBC the terms were settled. Economic adviser Larry Kudlow said more later."
    found = people(nlp, text)
    assert [p["name"] for p in found] == ["Larry Kudlow"]
    assert found[0]["mentions"] == 2
    assert found[0]["text"] == "Kudlow"


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
        "Linda Okafor, who owns a bicycle shop in Leeds, said spare parts cost more.",
        "Linda Okafor",
    )
    assert (p["kind"], p["title"]) == ("person", "")


def test_public_body_makes_an_economist_an_official(nlp):
    text = (
        "The World Bank's chief economist, Carmen Reinhart, told a seminar that debt "
        "burdens were rising."
    )
    p = one(nlp, text, "Carmen Reinhart")
    assert (p["kind"], p["country"]) == ("official", "")


def test_countries_and_bodies_are_not_people(nlp):
    text = "India Xu Feihong"  # an NER span swallowing a country
    assert [p["name"] for p in people(nlp, text + " said so.")] in ([], ["Xu Feihong"])
    text = "The World Trade Organization and the European Union issued a joint statement."
    assert people(nlp, text) == []


def test_officials_extension_filters_people(nlp):
    doc = nlp("Economist Ann Okoro and Trade Minister Dan Tehan spoke at the forum in Canberra.")
    assert [p["name"] for p in doc._.officials] == ["Dan Tehan"]
    assert {p["kind"] for p in doc._.people} == {"official", "person"}


# --------------------------------------------------------------------- unit properties


def test_title_lexicon_compiles_from_package_data():
    lex, grammar = title_data.load(
        title_data.package_text(title_data.TITLES_FILE),
        title_data.package_text(title_data.GRAMMAR_FILE),
    )
    assert ("trade", "representative") in lex.public
    assert "relative_copula" in grammar.patterns and "led_clause" in grammar.patterns
    assert ("economist",) in lex.private


@given(st.text(max_size=30))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(
    st.lists(st.sampled_from(["ana", "li", "bin", "zayed", "smith", "al"]), min_size=1, max_size=4),
    st.lists(st.sampled_from(["ana", "li", "bin", "zayed", "smith", "al"]), min_size=1, max_size=4),
)
def test_same_person_is_symmetric(a, b):
    assert same_person(tuple(a), tuple(b)) == same_person(tuple(b), tuple(a))


def test_aide_takes_the_country_of_the_person_served(nlp):
    text = (
        "Chilean President Gabriel Boric took questions. Juan Carlos Ortega, Boric's chief "
        "of staff, said the palace was pleased with the outcome."
    )
    p = one(nlp, text, "Juan Carlos Ortega")
    assert (p["kind"], p["country"]) == ("official", "CHL")
    assert p["title"].startswith("chief of staff")


def test_public_body_qualifies_an_ambiguous_role(nlp):
    p = one(nlp, "Federal Reserve Chairman Jerome Powell said rates would hold.", "Jerome Powell")
    assert (p["kind"], p["country"], p["organization"]) == ("official", "USA", "Federal Reserve")
    p = one(nlp, "A Toyota spokesman, Kenji Sato, declined to comment.", "Kenji Sato")
    assert (p["kind"], p["title"], p["organization"]) == ("person", "spokesman", "Toyota")


def test_country_named_just_before_an_unqualified_title(nlp):
    text = (
        "At the Geneva round, China fielded Vice Commerce Minister Ling Ji, while "
        "Japan brought Economy Minister Hiroshi Kajiyama."
    )
    assert one(nlp, text, "Ling Ji")["country"] == "CHN"
    assert one(nlp, text, "Hiroshi Kajiyama")["country"] == "JPN"


def test_unqualified_president_and_dateline_home(nlp):
    text = (
        "WELLINGTON \u2014 Prime Minister Christopher Luxon said on Friday that New Zealand "
        "would keep its rules on beef imports. President Donald Trump has called those rules "
        "a barrier, and Trump said the United States would answer with duties."
    )
    assert one(nlp, text, "Christopher Luxon")["country"] == "NZL"
    assert one(nlp, text, "Donald Trump")["country"] == "USA"


def test_portfolio_pairs_and_possessive_owners(nlp):
    text = "British Business and Trade Secretary Jonathan Reynolds said the deal protected jobs."
    p = one(nlp, text, "Jonathan Reynolds")
    assert (p["title"], p["country"]) == ("Business and Trade Secretary", "GBR")
    text = (
        "U.S. President Donald Trump said the talks had gone well. Clete Willems, Trump's "
        "trade adviser, backed the duties on television."
    )
    p = one(nlp, text, "Clete Willems")
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

    import tradenews.components.officials  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    officials = nlp.add_pipe("tradenews_officials")
    doc = nlp.make_doc("Trade Minister Dan Tehan met Trade Representative Katherine Tai.")
    doc._.countries = []
    doc = officials(doc)
    assert isinstance(doc._.people, list)


def test_lone_unqualified_president_at_home_keeps_his_country(nlp):
    text = (
        "PARIS \u2014 President Emmanuel Macron said on Monday that France would respond "
        "firmly to U.S. tariffs on wine. Macron spoke after a cabinet meeting."
    )
    assert one(nlp, text, "Emmanuel Macron")["country"] == "FRA"
    text = (
        "OSLO \u2014 Prime Minister Erna Solberg said Norway would hold its position. Norway "
        "has been under pressure since President Donald Trump threatened U.S. duties on salmon."
    )
    assert one(nlp, text, "Erna Solberg")["country"] == "NOR"
    assert one(nlp, text, "Donald Trump")["country"] == "USA"


def test_us_cabinet_and_congress_titles_follow_the_news_convention(nlp):
    text = (
        "WASHINGTON, March 4 - Defense Secretary Paul Mercer told the Senate Armed Services "
        "Committee that Iran remained a threat to shipping in the Gulf."
    )
    assert one(nlp, text, "Paul Mercer")["country"] == "USA"
    text = "Senate Republican leader Thomas Hale said Nicaragua policy would be reviewed."
    assert one(nlp, text, "Thomas Hale")["country"] == "USA"
    text = (
        "An aide to Agriculture Secretary Dale Hutton said the Soviet Union had not asked for "
        "U.S. wheat. The aide to Hutton declined to say more."
    )
    p = one(nlp, text, "Dale Hutton")
    assert (p["title"], p["country"]) == ("Agriculture Secretary", "USA")


def test_another_countrys_treasury_secretary_is_not_the_us_one(nlp):
    text = (
        "BUENOS AIRES, March 4 - Treasury Secretary Jorge Lanari said Argentina would meet "
        "its targets after talks with U.S. Treasury Secretary Frank Dunmore in New York."
    )
    p = one(nlp, text, "Jorge Lanari")
    assert (p["country"], p["organization"]) == ("ARG", "")
    assert one(nlp, text, "Frank Dunmore")["country"] == "USA"
    p = one(nlp, "Bankers heard from Argentine Treasury Secretary Jorge Lanari.", "Jorge Lanari")
    assert (p["country"], p["organization"]) == ("ARG", "")
    text = "LONDON, March 4 - Energy Secretary Peter Walsh said Britain would keep output steady."
    assert one(nlp, text, "Peter Walsh")["country"] == "GBR"


def test_commissioner_of_a_named_community_serves_no_country(nlp):
    text = (
        "BRUSSELS, March 4 - EC ministers met on Tuesday. Farm Commissioner Henk Mulder said "
        "Spain and France must accept the cuts."
    )
    p = one(nlp, text, "Henk Mulder")
    assert (p["country"], p["organization"]) == ("", "European Community")


def test_news_agency_is_not_the_officials_body(nlp):
    p = one(nlp, "Ruiz told Reuters Finance Secretary Tomas Aquino would resign.", "Tomas Aquino")
    assert (p["title"], p["organization"]) == ("Finance Secretary", "")


def test_body_of_a_successor_state_follows_the_historical_state_named(nlp):
    text = (
        "PEKING, March 4 - Soviet officials said on Tuesday that Kremlin leader Yuri Volkov "
        "wanted new talks with the United States."
    )
    assert one(nlp, text, "Yuri Volkov")["country"] == "SUN"
    text = "MOSCOW - Kremlin spokesman Dmitry Orlov said Russia would answer the sanctions."
    assert one(nlp, text, "Dmitry Orlov")["country"] == "RUS"


# --------------------------------------------------------------------- known officeholders


def dated(nlp, text: str, dct: str | None) -> list[dict[str, Any]]:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return nlp(doc)._.people


def by_name(rows: list[dict[str, Any]]) -> dict[str, tuple[str, str, str, str]]:
    return {r["name"]: (r["kind"], r["title"], r["country"], r["organization"]) for r in rows}


def test_untitled_heads_of_state_are_officials(nlp):
    text = (
        "Xi Jinping and Luiz Inacio Lula da Silva spoke by phone on Tuesday, and "
        "Recep Tayyip Erdogan joined later. Elon Musk was not on the call."
    )
    got = by_name(dated(nlp, text, "2025-08-05"))
    assert got["Xi Jinping"] == ("official", "President", "CHN", "")
    assert got["Luiz Inacio Lula da Silva"] == ("official", "President", "BRA", "")
    assert got["Recep Tayyip Erdogan"] == ("official", "President", "TUR", "")
    assert got["Elon Musk"][0] == "person"


@pytest.mark.parametrize(
    ("dct", "expected"),
    [
        ("2015-06-01", ("person", "", "", "")),  # before any public role
        ("2019-06-01", ("official", "President", "USA", "")),
        ("2023-06-01", ("official", "former President", "USA", "")),
        ("2025-06-01", ("official", "President", "USA", "")),
    ],
)
def test_role_follows_the_publication_date(nlp, dct, expected):
    text = "Donald Trump spoke to reporters in New York about steel."
    assert by_name(dated(nlp, text, dct))["Donald Trump"] == expected


def test_the_articles_own_title_wins(nlp):
    text = "Former President Donald Trump spoke to reporters about steel."
    assert by_name(dated(nlp, text, "2025-06-01"))["Donald Trump"][1] == "Former President"


def test_known_officer_of_an_intergovernmental_body_serves_no_country(nlp):
    text = "Ngozi Okonjo-Iweala urged members to settle the fisheries talks."
    got = by_name(dated(nlp, text, "2024-03-01"))["Ngozi Okonjo-Iweala"]
    assert got == ("official", "Director-General", "", "World Trade Organization")


def test_knowledge_supplies_the_country_an_untitled_country_leaves_out(nlp):
    text = (
        "WASHINGTON - President Donald Trump said on Monday he would meet "
        "President Cyril Ramaphosa next month to discuss tariffs."
    )
    got = by_name(dated(nlp, text, "2025-04-01"))
    assert got["Donald Trump"][2] == "USA"
    assert got["Cyril Ramaphosa"][:3] == ("official", "President", "ZAF")


def test_bare_surname_of_the_one_officeholder_in_office(nlp):
    text = "Mexico will cap steel exports after the levy Trump threatened in July, Xi said."
    doc = nlp.make_doc(text)
    doc._.dct = "2025-09-12"
    doc = nlp(doc)
    got = by_name(doc._.people)
    assert got["Trump"] == ("official", "President", "USA", "")
    assert got["Xi"] == ("official", "President", "CHN", "")
    assert "Trump" not in [o["name"] for o in doc._.organizations]


def test_bare_surname_left_alone_when_ambiguous_or_out_of_office(nlp):
    # two listed people named Lee hold office in 2025; Trump held none in 2015
    assert "Lee" not in by_name(dated(nlp, "Lee said the talks went well.", "2025-09-12"))
    assert "Trump" not in by_name(dated(nlp, "Trump said the talks went well.", "2015-09-12"))


def test_surname_of_several_words(nlp):
    text = "Von der Leyen, who visited New Delhi in February, called the deal a priority."
    got = by_name(dated(nlp, text, "2025-10-03"))
    assert got["Von der Leyen"] == ("official", "President", "", "European Commission")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Under Secretary Jeffrey Kessler spoke.", "Under Secretary"),
        (
            "Jeffrey Kessler, under secretary for industry and security, said so.",
            "under secretary for industry and security",
        ),
        (
            "Jeffrey Kessler, the under secretary of commerce, said so.",
            "under secretary of commerce",
        ),
    ],
)
def test_a_head_that_starts_with_a_function_word(nlp, text, title):
    p = one(nlp, text, "Jeffrey Kessler")
    assert (p["kind"], p["title"], p["organization"]) == ("official", title, "")


@pytest.mark.parametrize(
    ("text", "name", "kind", "title", "country"),
    [
        (
            "Vinay Kwatra, who is India's ambassador to the United States, met senators.",
            "Vinay Kwatra",
            "official",
            "ambassador",
            "IND",
        ),
        (
            "Bernd Lange, who chairs the European Parliament trade committee, spoke.",
            "Bernd Lange",
            "official",
            "chair of the European Parliament trade committee",
            "",
        ),
        (
            "Tom Ruiz, who leads the U.S. Senate Finance Committee, said so.",
            "Tom Ruiz",
            "official",
            "head of the U.S. Senate Finance Committee",
            "USA",
        ),
        (
            "Kim Ho, who served as Korea's trade minister until 2023, said so.",
            "Kim Ho",
            "official",
            "trade minister",
            "KOR",
        ),
        (
            "Jane Roe, who heads the National Association of Manufacturers, spoke.",
            "Jane Roe",
            "person",
            "",
            "",
        ),
    ],
)
def test_roles_in_a_relative_clause(nlp, text, name, kind, title, country):
    p = one(nlp, text, name)
    assert (p["kind"], p["title"], p["country"]) == (kind, title, country)


def test_party_label_is_evidence_for_a_us_senator(nlp):
    text = (
        "Australian Agriculture Minister Julie Collins said beef exports to China had "
        "recovered. Senator Elizabeth Warren, a Democrat, criticised the policy."
    )
    p = one(nlp, text, "Elizabeth Warren")
    assert (p["kind"], p["title"], p["country"]) == ("official", "Senator", "USA")


def test_bare_surname_spelled_as_in_an_alias(nlp):
    rows = dated(nlp, "Zelensky said the talks in Geneva went well.", "2025-09-12")
    assert by_name(rows)["Zelensky"] == ("official", "President", "UKR", "")

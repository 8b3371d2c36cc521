"""Countries (every name form -> ISO3, look-alikes rejected) and organizations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradenews.lexicon.places import CountryRef, OrgRef, lookup_country, lookup_organization


def countries(nlp, text: str) -> dict[str, dict]:
    return {c["country"]: c for c in nlp(text)._.countries}


def orgs(nlp, text: str) -> dict[str, dict]:
    return {o["name"]: o for o in nlp(text)._.organizations}


# -- the gazetteer API -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("UK", "GBR"),
        ("UAE", "ARE"),
        ("PRC", "CHN"),
        ("ROK", "KOR"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("America", "USA"),
        ("Holland", "NLD"),
        ("Burma", "MMR"),
        ("West Germany", "DEU"),
        ("Soviet Union", "SUN"),
        ("USSR", "SUN"),
        ("Chinese", "CHN"),
        ("Indian", "IND"),
        ("Emirati", "ARE"),
        ("Swiss", "CHE"),
        ("Filipino", "PHL"),
        ("Vietnamese", "VNM"),
        ("Korean", "KOR"),
        ("North Korean", "PRK"),
        ("Americans", "USA"),
        ("Washington", "USA"),
        ("New Delhi", "IND"),
        ("Beijing", "CHN"),
        ("Brussels", "BEL"),
        ("Tokyo", "JPN"),
        ("Hanoi", "VNM"),
        ("Ottawa", "CAN"),
        ("Seoul", "KOR"),
        ("Moscow", "RUS"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("India's", "IND"),
        ("JAPAN", "JPN"),
        ("Viet Nam", "VNM"),
        ("Türkiye", "TUR"),
    ],
)
def test_lookup_country_forms(text: str, iso3: str) -> None:
    ref = lookup_country(text)
    assert ref is not None and ref.iso3 == iso3


def test_display_names_are_short_forms() -> None:
    assert lookup_country("Korea, Republic of") is None  # ISO inversion is not a text form
    assert lookup_country("Republic of Korea") == CountryRef("KOR", "South Korea")
    assert lookup_country("Viet Nam") == CountryRef("VNM", "Vietnam")
    assert lookup_country("Russian Federation") == CountryRef("RUS", "Russia")
    assert lookup_country("Britain") == CountryRef("GBR", "United Kingdom")
    assert lookup_country("U.S.") == CountryRef("USA", "United States")


@pytest.mark.parametrize("text", ["us", "turkey", "china", "New Mexico", "Indian Ocean", "EU", ""])
def test_lookup_country_rejects(text: str) -> None:
    assert lookup_country(text) is None


@settings(deadline=None)  # the first call builds the gazetteer
@given(st.text(alphabet=st.characters(categories=["Ll", "Zs"]), max_size=30))
def test_lowercase_text_is_never_a_country(text: str) -> None:
    assert lookup_country(text) is None


@settings(deadline=None)
@given(st.text(max_size=60))
def test_lookups_never_raise(text: str) -> None:
    lookup_country(text)
    lookup_organization(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EU", OrgRef("European Union", "")),
        ("the European Union", OrgRef("European Union", "")),
        ("WTO", OrgRef("World Trade Organization", "")),
        ("USTR", OrgRef("Office of the U.S. Trade Representative", "USA")),
        ("the State Department", OrgRef("U.S. Department of State", "USA")),
        ("Department of State", OrgRef("U.S. Department of State", "USA")),
        ("Treasury", OrgRef("U.S. Department of the Treasury", "USA")),
        ("the White House", OrgRef("White House", "USA")),
        ("Quad", OrgRef("Quadrilateral Security Dialogue", "")),
        (
            "India's Ministry of External Affairs",
            OrgRef("Ministry of External Affairs (India)", "IND"),
        ),
        ("the Chinese Commerce Ministry", OrgRef("Ministry of Commerce (China)", "CHN")),
        ("Japanese Trade Ministry", OrgRef("Ministry of Trade", "JPN")),
        ("Britain's Treasury", OrgRef("Treasury", "GBR")),
    ],
)
def test_lookup_organization(text: str, expected: OrgRef) -> None:
    assert lookup_organization(text) == expected


def test_blocs_are_not_national() -> None:
    assert lookup_organization("China's WTO") == OrgRef("World Trade Organization", "")


# -- countries in running text -----------------------------------------------------------


def test_one_record_per_country_with_first_mention_and_count(nlp) -> None:
    text = (
        "The United States and India resumed talks on Tuesday. U.S. negotiators said "
        "Washington wanted a deal, and American officials met Indian diplomats in New Delhi."
    )
    found = countries(nlp, text)
    assert set(found) == {"USA", "IND"}
    usa = found["USA"]
    assert usa["name"] == "United States"
    assert usa["text"] == "United States"
    assert text[usa["start"] : usa["end"]] == "United States"
    assert usa["mentions"] == 4
    assert found["IND"]["mentions"] == 3
    assert found["IND"]["kind"] == "country"


def test_adjectives_and_capitals(nlp) -> None:
    text = (
        "Chinese steel exports rose, Emirati and Swiss traders said, while Filipino and "
        "Vietnamese buyers waited for Tokyo, Seoul and Ottawa to respond."
    )
    assert set(countries(nlp, text)) == {"CHN", "ARE", "CHE", "PHL", "VNM", "JPN", "KOR", "CAN"}


def test_abbreviations_and_hyphenated_pairs(nlp) -> None:
    text = (
        "U.S.-China talks stalled as the UK, the UAE and the ROK sought Sino-Japanese guarantees."
    )
    assert set(countries(nlp, text)) == {"USA", "CHN", "GBR", "ARE", "KOR", "JPN"}


def test_name_broken_across_lines(nlp) -> None:
    assert set(countries(nlp, "Officials from South\nKorea and Papua New\nGuinea met.")) == {
        "KOR",
        "PNG",
    }


def test_historical_names(nlp) -> None:
    text = "West Germany and the Soviet Union signed a grain pact; Burma and Holland abstained."
    assert set(countries(nlp, text)) == {"DEU", "SUN", "MMR", "NLD"}


def test_korean_is_south_unless_north(nlp) -> None:
    assert set(countries(nlp, "Korean automakers face new tariffs.")) == {"KOR"}
    assert set(countries(nlp, "North Korean missiles worried investors.")) == {"PRK"}


def test_all_caps_headline(nlp) -> None:
    assert set(countries(nlp, "JAPAN TO CUT U.S. CHIP TARIFFS")) == {"JPN", "USA"}
    assert set(countries(nlp, "US TO RAISE TARIFFS ON CHINESE STEEL")) == {"USA", "CHN"}


# -- false hits --------------------------------------------------------------------------


def test_pronoun_us_is_not_a_country(nlp) -> None:
    assert countries(nlp, "Let us be clear about what the deal means for us.") == {}
    assert countries(nlp, "LET US TALK, SAYS FARM LOBBY") == {}


def test_thanksgiving_turkey(nlp) -> None:
    text = "Shoppers paid more for a Thanksgiving turkey. Turkey prices rose before the holiday."
    assert "TUR" not in countries(nlp, text)
    assert "TUR" in countries(nlp, "Turkey raised tariffs on Chinese electric vehicles.")


def test_person_names_are_not_countries(nlp) -> None:
    text = "Chad Bown, a trade economist, said tariffs hurt farmers. Michael Jordan agreed."
    found = countries(nlp, text)
    assert "TCD" not in found and "JOR" not in found
    assert "JOR" in countries(nlp, "Jordan's King Abdullah met European leaders in Amman.")
    assert "TCD" in countries(nlp, "Chad and Niger signed a border agreement.")


def test_george_washington_and_washington_state(nlp) -> None:
    text = "Apple growers in Washington state cited George Washington in a speech in Seattle."
    assert "USA" not in countries(nlp, text)
    assert "USA" in countries(nlp, "Washington imposed new export controls on Friday.")


def test_georgia_the_us_state(nlp) -> None:
    assert "GEO" not in countries(nlp, "Hyundai opened a battery plant near Savannah, Georgia.")
    assert "GEO" not in countries(nlp, "Georgia's governor welcomed the factory jobs.")
    text = "Georgia and Moldova pressed Brussels for faster European Union accession talks."
    assert "GEO" in countries(nlp, text)


def test_longest_name_wins(nlp) -> None:
    text = "Papua New Guinea and Equatorial Guinea joined, but New Mexico and Nigeria did not."
    assert set(countries(nlp, text)) == {"PNG", "GNQ", "NGA"}
    assert set(countries(nlp, "Niger and Nigeria closed their border.")) == {"NER", "NGA"}


def test_names_containing_a_demonym(nlp) -> None:
    text = "American Express shares rose as ships crossed the Indian Ocean before Chinese New Year."
    assert countries(nlp, text) == {}


def test_trade_rounds_named_after_places(nlp) -> None:
    text = "Ministers revived the Uruguay Round and the Doha round on farm subsidies."
    assert countries(nlp, text) == {}


def test_us_places_named_like_capitals(nlp) -> None:
    assert countries(nlp, "The plant in Paris, Texas, will close in June.") == {}


def test_ticker_symbols(nlp) -> None:
    assert countries(nlp, "ROCKWELL <ROK> WINS AIR FORCE CONTRACT") == {}


def test_blocs_are_never_countries(nlp) -> None:
    text = "The EU, ASEAN, EFTA, the WTO and the Quad issued statements; OPEC and the G7 did not."
    assert countries(nlp, text) == {}
    names = set(orgs(nlp, text))
    assert {
        "European Union",
        "Association of Southeast Asian Nations",
        "European Free Trade Association",
        "World Trade Organization",
        "Quadrilateral Security Dialogue",
        "Organization of the Petroleum Exporting Countries",
        "Group of Seven",
    } <= names


# -- organizations in running text -------------------------------------------------------


def test_state_department_aliases_merge(nlp) -> None:
    text = (
        "The U.S. State Department said on Monday it would review the case. A State "
        "Department spokesperson later added that the Department of State had no comment."
    )
    found = orgs(nlp, text)
    record = found["U.S. Department of State"]
    assert record["country"] == "USA"
    assert record["mentions"] == 3
    assert record["kind"] == "organization"


def test_national_bodies_carry_their_country(nlp) -> None:
    text = (
        "India's Ministry of External Affairs rejected the claim, and the Chinese Commerce "
        "Ministry said it would respond to the USTR."
    )
    found = orgs(nlp, text)
    assert found["Ministry of External Affairs (India)"]["country"] == "IND"
    assert found["Ministry of Commerce (China)"]["country"] == "CHN"
    assert found["Office of the U.S. Trade Representative"]["country"] == "USA"


def test_brussels_alone_is_belgium_not_the_eu(nlp) -> None:
    doc = nlp("Negotiators will meet in Brussels next week.")
    assert {c["country"] for c in doc._.countries} == {"BEL"}
    assert not any(o["name"] == "European Union" for o in doc._.organizations)
    doc = nlp("The European Commission said in Brussels that the EU would retaliate.")
    names = {o["name"]: o["country"] for o in doc._.organizations}
    assert names["European Commission"] == "" and names["European Union"] == ""


def test_white_house_is_american(nlp) -> None:
    assert (
        orgs(nlp, "The White House said the tariffs would stay.")["White House"]["country"] == "USA"
    )


def test_org_spans_are_cleaned(nlp) -> None:
    found = orgs(
        nlp, "Shares of Toyota Motor Corp's rivals fell after the Trump administration spoke."
    )
    assert not any(name.startswith("the ") or name.endswith("'s") for name in found)
    assert not any("administration" in name for name in found)


def test_country_word_stays_in_a_body_name(nlp) -> None:
    found = orgs(nlp, "The U.S. Embassy and the official Saudi Press Agency confirmed the visit.")
    assert found["U.S. Embassy"]["country"] == "USA"
    assert found["Saudi Press Agency"]["country"] == "SAU"


def test_table_cells_are_not_organizations(nlp) -> None:
    found = orgs(
        nlp, "Shipments for Aug/Sept rose, the Generalised System of Preferences (GSP said."
    )
    assert not any("/" in name or "(" in name for name in found)


def test_moscow_is_soviet_in_a_soviet_story(nlp) -> None:
    found = countries(nlp, "The Soviet Union bought U.S. wheat, officials in Moscow said.")
    assert set(found) == {"SUN", "USA"} and found["SUN"]["mentions"] == 2
    assert set(countries(nlp, "Moscow said Russia would retaliate.")) == {"RUS"}


def test_list_of_countries_is_not_an_address(nlp) -> None:
    text = "Turkey, Georgia and Armenia signed a rail deal with Russia."
    assert {"TUR", "GEO", "ARM", "RUS"} <= set(countries(nlp, text))


def test_all_caps_us_after_a_preposition_is_the_country(nlp) -> None:
    assert set(countries(nlp, "CHINA EXPORTS TO US RISE")) == {"CHN", "USA"}
    assert countries(nlp, "JOIN US FOR TALKS, FARM GROUPS SAY") == {}

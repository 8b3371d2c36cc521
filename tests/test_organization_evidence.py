"""One-word names need the sentence to treat them as a body; pages in other languages
and names that carry their country are handled as the component documents.

Tokens are tagged by hand (the rules read tags, never the model's guesses), so each
test asserts the rule.
"""

import pytest
from spacy.tokens import Doc, Span

from tradenews.components import org_evidence

CUES = org_evidence.BodyCues.from_data(
    {
        "actions": ["say", "said", "agree", "buy", "bought"],
        "owned": ["spokesman", "shares"],
        "roles": ["analyst", "mp"],
        "kinds": ["company", "carmaker"],
    }
)


def _name_span(nlp, tagged: str) -> Span:
    """`tagged`: "word/TAG ..." with the name marked [Name/NNP]."""
    words, tags, start = [], [], 0
    for i, item in enumerate(tagged.split()):
        if item.startswith("["):
            start, item = i, item[1:-1]
        word, tag = item.rsplit("/", 1)
        words.append(word)
        tags.append(tag)
    doc = Doc(nlp.vocab, words=words, tags=tags)
    return doc[start : start + 1]


@pytest.mark.parametrize(
    "tagged",
    [
        "[Quarnet/NNP] said/VBD profits/NNS rose/VBD",
        "[Quarnet/NNP] has/VBZ agreed/VBN to/TO sell/VB",
        "[Quarnet/NNP] 's/POS spokesman/NN declined/VBD",
        "shares/NNS of/IN [Quarnet/NNP] rose/VBD",
        "an/DT analyst/NN at/IN [Quarnet/NNP] said/VBD",
        "a/DT spokesman/NN told/VBD [Quarnet/NNP] that/IN",
        "the/DT carmaker/NN [Quarnet/NNP] bought/VBD",
        "[Quarnet/NNP] ,/, the/DT streaming/VBG company/NN",
        "a/DT [Quarnet/NNP] MP/NN said/VBD",
    ],
)
def test_a_name_that_acts_as_a_body(nlp, tagged):
    assert org_evidence.acts_as_body(_name_span(nlp, tagged), CUES)


@pytest.mark.parametrize(
    "tagged",
    [
        "fires/NNS in/IN the/DT [Zorvath/NNP] release/VBP smoke/NN",  # the fires act
        "the/DT [Zorvath/NNP] is/VBZ vast/JJ",
        "[Zorvath/NNP] phones/NNS run/VBP apps/NNS",
        "[Zorvath/NNP] ,/, a/DT malware/NN ,/, spread/VBD",
    ],
)
def test_a_name_that_does_not(nlp, tagged):
    assert not org_evidence.acts_as_body(_name_span(nlp, tagged), CUES)


def test_listed_verbs_are_matched_in_their_inflections():
    cues = org_evidence.BodyCues.from_data({"actions": ["agree", "buy", "supply", "fix"]})
    assert {"agrees", "agreed", "agreeing", "buys", "buying", "supplies", "supplied", "fixes"} <= (
        cues.actions
    )


def _orgs(nlp, text):
    doc = nlp(text)
    return {o["name"] for o in doc._.organizations}


def test_a_company_acting_in_its_sentence_is_kept_end_to_end(nlp):
    assert "Nexaline" in _orgs(nlp, "Nexaline said on Monday it would cut 500 jobs.")
    assert _orgs(nlp, "Shares of Quarnetix fell on Monday.") == {"Quarnetix"}


def test_a_body_named_with_its_adjective_and_its_of_phrase_is_one(nlp):
    text = (
        "Turkey's top court ruled on Monday. The Constitutional Court of Turkey said the ban "
        "broke the law, and the Turkish Constitutional Court ordered it lifted."
    )
    found = [o for o in nlp(text)._.organizations if "Constitutional Court" in o["name"]]
    assert len(found) == 1 and found[0]["mentions"] == 2


def test_pages_in_other_languages_keep_only_listed_bodies_and_legal_forms(nlp):
    german = (
        "Die Bundesregierung hat am Montag beschlossen, dass die Deutsche Bahn mehr Geld "
        "bekommt. Der Vorstand der Quarnet Logistik GmbH sagte, das sei ein wichtiger "
        "Schritt für die Europäische Union und für die Reisenden in den Zügen. Die "
        "Wassertemperatur im Morgengrauen war niedrig, und die Kollegen im Büro des "
        "Leiters lasen den Bericht der Woche mit großem Interesse und viel Geduld."
    )
    assert _orgs(nlp, german) <= {"Quarnet Logistik GmbH", "European Union", "Deutsche Bahn"}


@pytest.mark.parametrize(
    "tagged",
    ["prices/NNS will/MD rise/VB ,/, said/VBD [Quarnet/NNP]", "according/VBG to/IN [Quarnet/NNP]"],
)
def test_a_name_that_reports(nlp, tagged):
    assert org_evidence.acts_as_body(_name_span(nlp, tagged), CUES)


def test_companies_of_the_stock_indices_are_known_by_their_news_names():
    from tradenews.lexicon.companies import is_listed_company

    assert is_listed_company("Volkswagen")  # "Volkswagen Group"
    assert is_listed_company("Apple")  # "Apple Inc."
    assert not is_listed_company("Universe")
    assert not is_listed_company("General")  # "General Mills" does not shorten so


def test_a_listed_company_needs_no_more_evidence_but_a_place_after_the_does(nlp):
    assert "Amazon" in _orgs(nlp, "New tariffs on Amazon and Nexaline were announced.")
    assert "Amazon" not in _orgs(nlp, "Fires raged across the Amazon this week.")


def test_a_title_case_headline_name_must_be_named_again_in_the_body(nlp):
    text = (
        "Management of Intact Forestlands by Indigenous Peoples Key to Climate\n\n"
        "Indigenous peoples manage vast forest areas, a study found on Monday."
    )
    assert not _orgs(nlp, text) & {"Intact Forestlands", "Indigenous Peoples Key"}


def test_a_place_with_a_compass_word_is_no_body(nlp):
    found = _orgs(nlp, "Chi Ondaro, the Labour MP for Newcastle Central, said so.")
    assert "Newcastle Central" not in found


@pytest.mark.parametrize(
    "tagged",
    ["the/DT [Quarnet/NNP] newspaper/NN said/VBD", "the/DT [Quarnet/NNP] electronics/NNS group/NN"],
)
def test_a_name_followed_by_a_kind_of_body(nlp, tagged):
    cues = org_evidence.BodyCues.from_data({"kinds": ["newspaper", "group"]})
    assert org_evidence.acts_as_body(_name_span(nlp, tagged), cues)

"""What an organization name is: short forms merged, people and common nouns dropped.

The rules run on hand-built Docs (words, ORG/PERSON spans and tags set by hand), so
each asserts the rule and not what the statistical model happens to label.
"""

import pytest
from spacy.tokens import Doc, Span

from tradenews.lexicon import org_names


def _doc(nlp, words, ents, tags=None, people=()):
    """A Doc of `words` with (start, end, label) entities; one sentence."""
    doc = Doc(nlp.vocab, words=words, tags=tags or ["NNP"] * len(words))
    doc[0].is_sent_start = True
    for token in doc[1:]:
        token.is_sent_start = False
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    doc._.country_mentions = [(t.idx, t.idx + len(t.text), "USA") for t in doc if t.text == "U.S."]
    doc._.people = [{"name": name, "kind": "person"} for name in people]
    return doc


def _orgs(nlp, *args, **kw):
    component = nlp.get_pipe("tradenews_organizations")
    return {o["name"]: o["mentions"] for o in component(_doc(nlp, *args, **kw))._.organizations}


def test_a_company_and_its_short_form_are_one_record(nlp):
    words = "F.W. Woolworth Co said profits rose , and Woolworth shares gained .".split()
    assert _orgs(nlp, words, [(0, 3, "ORG"), (8, 9, "ORG")]) == {"F.W. Woolworth Co": 2}


def test_an_acronym_of_a_long_name_is_that_body(nlp):
    words = "the Pacific Trade Development Council and the PTDC met .".split()
    assert _orgs(nlp, words, [(1, 5, "ORG"), (7, 8, "ORG")]) == {
        "Pacific Trade Development Council": 2
    }


def test_different_companies_sharing_a_word_stay_apart(nlp):
    words = "Nortek Inc bought Nortek Homes Corp assets .".split()
    assert set(_orgs(nlp, words, [(0, 2, "ORG"), (3, 6, "ORG")])) == {
        "Nortek Inc",
        "Nortek Homes Corp",
    }


def test_a_name_with_an_honorific_is_a_person(nlp):
    words = "Ratu Sir Penaia said the plan failed .".split()
    assert _orgs(nlp, words, [(0, 3, "ORG")]) == {}


def test_a_person_of_the_document_is_not_an_organization(nlp):
    words = "Zorvath said the Zorvath plan failed .".split()
    assert _orgs(nlp, words, [(3, 4, "ORG")], people=["Kel Zorvath"]) == {}


@pytest.mark.parametrize(
    "words",
    [
        "He said U.S. banks would lend .".split(),
        "He sold the U.S. Dollar on Monday .".split(),
    ],
)
def test_a_country_word_and_a_noun_is_no_body(nlp, words):
    start = words.index("U.S.")
    assert _orgs(nlp, words, [(start, start + 2, "ORG")]) == {}


def test_a_lone_adjective_is_a_fragment_unless_it_shortens_a_name(nlp):
    words = "the Greater plan , said Quorvex .".split()
    tags = ["DT", "JJ", "NN", ",", "VBD", "NNP", "."]
    assert _orgs(nlp, words, [(1, 2, "ORG"), (5, 6, "ORG")], tags=tags) == {"Quorvex": 1}


def test_a_name_cut_at_a_connector_is_completed_or_cut(nlp):
    words = "Bexar Public Service Co of New Mexico said .".split()
    assert _orgs(nlp, words, [(0, 5, "ORG")]) == {"Bexar Public Service Co of New Mexico": 1}
    words = "Bexar Public Service Co of said .".split()
    assert _orgs(nlp, words, [(0, 5, "ORG")]) == {"Bexar Public Service Co": 1}


@pytest.mark.parametrize(
    ("short", "long", "same"),
    [
        ("Nortek", "Nortek Inc", True),
        ("Woolworth", "F.W. Woolworth Co", True),
        ("OPEC", "Organization of Petroleum Exporting Countries", True),
        ("Ohio Mattress", "Ohio Mattress Co", True),
        ("Japan", "Bank of Japan", False),
        ("Bank", "Bank of Japan", False),
        ("EU", "Organization of Petroleum Exporting Countries", False),
    ],
)
def test_same_body(short, long, same):
    assert org_names.same_body(short, long) is same


def test_country_plus_noun_keeps_companies():
    assert org_names.is_country_plus_noun("proposals")
    assert org_names.is_country_plus_noun("Dollar")
    assert not org_names.is_country_plus_noun("Steel")
    assert org_names.is_country_plus_noun("Banks", title_case=True)


def test_two_companies_joined_by_and_stay_two(nlp):
    words = "Lomak Petroleum Inc and Quarnet Corp agreed .".split()
    assert set(_orgs(nlp, words, [(0, 4, "ORG"), (4, 6, "ORG")])) == {
        "Lomak Petroleum Inc",
        "Quarnet Corp",
    }

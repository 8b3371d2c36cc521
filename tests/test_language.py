"""Document language from function words (wordfreq's commonest words per language)."""

from __future__ import annotations

import pytest

from tradenews.lexicon.language import (
    capitalizes_nouns,
    common_words,
    document_language,
    plain_words,
)

ENGLISH = (
    "the minister said on monday that the talks with his counterparts would go on "
    "for as long as it takes, and that he was not worried about the deadline because "
    "both sides had made it clear that they wanted a deal before the end of the year"
)
GERMAN = (
    "der minister sagte am montag, dass die gespräche mit den kollegen so lange "
    "weitergehen würden, wie es nötig sei, und dass er sich über die frist keine sorgen "
    "mache, weil beide seiten klar gemacht hätten, dass sie noch in diesem jahr eine "
    "einigung wollten"
)
FRENCH = (
    "le ministre a dit lundi que les discussions avec ses homologues continueraient "
    "aussi longtemps qu'il le faudrait, et qu'il ne se faisait pas de souci pour le "
    "délai parce que les deux parties avaient dit clairement qu'elles voulaient un "
    "accord avant la fin de l'année"
)


@pytest.mark.parametrize(("text", "lang"), [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr")])
def test_language_of_running_text(text, lang):
    assert document_language(text.replace(",", "").split()) == lang


def test_too_few_words_or_a_table_count_as_english():
    assert document_language("die Kollegen sagen nein".split()) == "en"
    table = "Shr 1.37 dlrs vs 1.38 dlrs Net 75.2 mln vs 73.6 mln Revs 632.3 mln " * 10
    assert document_language(table.split()) == "en"


def test_common_words_and_noun_capitals():
    assert "und" in common_words("de") and "und" not in common_words("fr")
    assert capitalizes_nouns("de") and not capitalizes_nouns("fr")


def test_plain_words_are_common_words_and_the_page_own_lower_case():
    plain = plain_words("fr", ["faudrait", "parole"])
    assert {"il", "faudrait", "parole"} <= plain and "paul" not in plain
    assert "foto" in plain_words("de", [])  # nouns count where nouns take capitals


def test_a_docs_language_is_read_once_and_kept(nlp):
    from tradenews.lexicon import language

    doc = nlp.make_doc("Die Kollegen und der Leiter haben den Bericht gelesen. " * 8)
    assert language.doc_language(doc) == "de"
    doc.user_data["tradenews.language"] = "en"  # kept: not read again
    assert language.doc_language(doc) == "en"

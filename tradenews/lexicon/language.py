"""Which language a document is written in, and that language's commonest words.

The model reads English. On a page in another language it still tags capitalized words
as names: in German every noun ("Die Kollegen", "Vertrauen der Leser"), in French or
Spanish a sentence's first words ("Il faudrait"). The components ask this module
whether a document is English before they trust capitalization.

The test needs no model of its own: ``wordfreq``'s lists of each language's commonest
words. Function words make up about 40-50% of the lower-case words of running text in
their own language and 1-5% of another's (measured on saved English, German and
French news pages: English 0.40-0.50 of the English list, German and French 0.01-0.04).
English is tested first with the English list alone (loaded anyway for the name
tests); the other lists (about 0.05 s CPU each) load only when a document is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

ENGLISH = "en"
# Languages written in the Latin alphabet that wordfreq lists: where the model's
# capitalization-based names go wrong. (Other scripts give it no capitals to misread.)
LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb",
    "pl", "cs", "ro", "tr", "id", "fi", "hu", "ca",
)  # fmt: skip
# Languages that capitalize every noun: no capitalized word is evidence of a name.
NOUN_CAPITALIZING = frozenset({"de"})
FUNCTION_WORDS = 100  # each language's commonest words that decide
PLAIN_WORDS = 300  # words too common to be part of a name ("il", "par", "doch")
PLAIN_NOUNS = 1000  # the same where nouns take capitals (German: "Foto", "Mail")
SAMPLE_WORDS = 400  # lower-case words read from the start of a document
MIN_WORDS = 30  # fewer than this (a headline, a caption): taken as English
ENGLISH_SHARE = 0.2  # English text: 0.40-0.50; other languages: below 0.05
# Another language must show as clearly (German and French pages: 0.51-0.56). A table
# of figures has few function words of any language and stays English.
OTHER_SHARE = 0.25


def document_language(words: Iterable[str]) -> str:
    """The language (ISO 639-1 code) of a document's words: ``"en"`` unless the
    document has enough lower-case words and English function words are rare among
    them and another listed language's are common (the one whose are commonest)."""
    sample: list[str] = []
    for word in words:
        if word.isalpha() and word.islower():
            sample.append(word)
            if len(sample) >= SAMPLE_WORDS:
                break
    if len(sample) < MIN_WORDS or _share(sample, ENGLISH) >= ENGLISH_SHARE:
        return ENGLISH
    best = max(LANGUAGES, key=lambda lang: _share(sample, lang))
    return best if _share(sample, best) >= OTHER_SHARE else ENGLISH


def doc_language(doc: Any) -> str:
    """The language of a spaCy ``Doc``, read once and kept in its ``user_data``: the
    officials and the organizations components both ask."""
    key = "tradenews.language"
    if key not in doc.user_data:
        doc.user_data[key] = document_language(t.text for t in doc)
    return str(doc.user_data[key])


def _share(sample: list[str], lang: str) -> float:
    top = common_words(lang, FUNCTION_WORDS)
    return sum(w in top for w in sample) / len(sample)


@lru_cache(maxsize=64)
def common_words(lang: str, n: int = 1000) -> frozenset[str]:
    """The ``n`` commonest words of a language, lower case (wordfreq's list).

    wordfreq keeps every list it reads (some 20 MB a language); only the ``n`` words
    are kept here and its cache of whole lists is emptied, so testing a page against
    eighteen languages does not hold eighteen lists in memory.
    """
    import wordfreq

    words = frozenset(wordfreq.top_n_list(lang, n))
    wordfreq.top_n_list.cache_clear()
    wordfreq.get_frequency_list.cache_clear()
    return words


def plain_words(lang: str, lower_case: Iterable[str]) -> frozenset[str]:
    """Words a document uses as words, not names: its language's commonest (function
    words, everyday verbs: the first ``PLAIN_WORDS``) and every word the document
    itself writes in lower case ("Il faudrait" beside "il"). Given names stay out
    ("Paul" is about the 900th French word, and never written "paul"). A language that
    capitalizes its nouns writes none of them in lower case: there its first
    ``PLAIN_NOUNS`` words count ("Foto", "Mail")."""
    n = PLAIN_NOUNS if capitalizes_nouns(lang) else PLAIN_WORDS
    return common_words(lang, n) | frozenset(w.casefold() for w in lower_case)


def capitalizes_nouns(lang: str) -> bool:
    """Whether the language writes every noun with a capital (German)."""
    return lang in NOUN_CAPITALIZING

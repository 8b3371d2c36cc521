"""Which language a document is written in, and that language's commonest words.

The model reads English. On a page in another language it still tags capitalized words
as names: in German every noun ("Die Kollegen", "Vertrauen der Leser"), in French or
Spanish a sentence's first words ("Il faudrait"). The components ask this module
whether a document is English before they trust capitalization.

The test needs no model of its own: ``wordfreq``'s lists of each language's commonest
words. Function words make up about 40-50% of the lower-case words of running text in
their own language and 1-5% of another's (measured on saved English, German and
French news pages: English 0.40-0.50 of the English list, German and French 0.01-0.04).
English is tested first with the English list alone; the other lists are tried only
when a document is not. The function words are saved with the package
(data/function_words.json): wordfreq takes up to a second a language to load a list.

Before any model runs, :func:`text_language` tells the language of a document's plain
text (another script, or the words as above), so that a run can skip what the English
model would misread: about 0.1-0.3 ms a news article.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
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


def document_language(
    words: Iterable[str], min_words: int = MIN_WORDS, min_distinct: int = 0
) -> str:
    """The language (ISO 639-1 code) of a document's words: ``"en"`` unless the
    document has `min_words` lower-case words and English function words are rare among
    them and another listed language's are common (the one whose are commonest; at
    least `min_distinct` different ones of them)."""
    sample: list[str] = []
    for word in words:
        if word.isalpha() and word.islower():
            sample.append(word)
            if len(sample) >= SAMPLE_WORDS:
                break
    if len(sample) < min_words or _share(sample, ENGLISH) >= ENGLISH_SHARE:
        return ENGLISH
    best = max(LANGUAGES, key=lambda lang: _share(sample, lang))
    if _share(sample, best) < OTHER_SHARE or _distinct(sample, best) < min_distinct:
        return ENGLISH
    return best


# Other scripts: a text mostly in one is in its language, whatever its words. Where
# several languages share a script, their function words decide (as for the Latin one).
SCRIPT_LANGUAGES = {
    "CYRILLIC": ("ru", "uk", "bg", "mk"),
    "ARABIC": ("ar", "fa", "ur"),
    "GREEK": ("el",),
    "HEBREW": ("he",),
    "HANGUL": ("ko",),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "CJK": ("zh",),
    "DEVANAGARI": ("hi",),
    "BENGALI": ("bn",),
    "TAMIL": ("ta",),
    "THAI": ("th",),
}
SCRIPT_CHARS = 2000  # characters read to tell the script: a lead paragraph or two
MIN_SCRIPT_LETTERS = 20  # fewer letters in another script (a name quoted): still English
# Lower-case words a whole text needs to be judged: a paragraph. A headline or a caption
# is English (the two shares above still have to disagree clearly).
MIN_TEXT_WORDS = 15
# A table of figures may repeat one word that is another language's function word
# ("under" is Swedish): running text uses many different ones (a page: 30 and more).
MIN_DISTINCT = 6
_WORD = re.compile(r"[^\W\d_]+")
_PAST_LATIN = re.compile("[^\u0000-\u024f]")


def text_language(text: str) -> str:
    """The language of a document's text, before any model reads it: another script
    (Cyrillic, Arabic, CJK...) when most of its letters are in one, else the language
    :func:`document_language` tells from its words. Reads only the start of the text."""
    script = _other_script(text[:SCRIPT_CHARS])
    words = (m.group() for m in _WORD.finditer(text))
    if script is None:
        return document_language(words, MIN_TEXT_WORDS, MIN_DISTINCT)
    candidates = SCRIPT_LANGUAGES.get(script, (script.lower(),))
    if len(candidates) == 1:
        return candidates[0]
    sample = [w.lower() for w in itertools.islice(words, SAMPLE_WORDS)]
    return max(candidates, key=lambda lang: _share(sample, lang))


def _other_script(sample: str) -> str | None:
    """The script (Unicode name prefix) of most letters of `sample`, when not Latin."""
    scripts: dict[str, int] = {}
    for ch in _PAST_LATIN.findall(sample):  # ASCII and the Latin blocks are not looked up
        if ch.isalpha():
            script = unicodedata.name(ch, "LATIN").split(" ", 1)[0]
            if script != "LATIN":
                scripts[script] = scripts.get(script, 0) + 1
    if not scripts:
        return None
    letters = sum(map(len, _WORD.findall(sample)))
    if "HIRAGANA" in scripts or "KATAKANA" in scripts:  # Japanese mixes them with kanji
        scripts = {"HIRAGANA": sum(scripts.values())}
    script, count = max(scripts.items(), key=lambda item: item[1])
    return script if count >= MIN_SCRIPT_LETTERS and count * 2 > letters else None


def doc_language(doc: Any) -> str:
    """The language of a spaCy ``Doc``, read once and kept in its ``user_data``: the
    officials and the organizations components both ask."""
    key = "tradenews.language"
    if key not in doc.user_data:
        doc.user_data[key] = document_language(t.text for t in doc)
    return str(doc.user_data[key])


def _share(sample: list[str], lang: str) -> float:
    if not sample:
        return 0.0
    top = function_words(lang)
    return sum(w in top for w in sample) / len(sample)


def _distinct(sample: list[str], lang: str) -> int:
    """How many different function words of `lang` the sample uses."""
    return len(function_words(lang).intersection(sample))


@lru_cache(maxsize=1)
def _function_word_lists() -> dict[str, list[str]]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "function_words.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["languages"])


@lru_cache(maxsize=64)
def function_words(lang: str) -> frozenset[str]:
    """A language's ``FUNCTION_WORDS`` commonest words: wordfreq's, saved with the
    package (data/function_words.json), so telling a language loads no word list."""
    words = _function_word_lists().get(lang)
    return frozenset(words) if words is not None else common_words(lang, FUNCTION_WORDS)


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

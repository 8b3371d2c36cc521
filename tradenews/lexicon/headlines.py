"""Headlines as part of the article: the text every component analyzes, and the case of
wire headlines written in capitals.

The analyzed text is the headline, a blank line, then the body
(:func:`article_text`), so what the headline names counts as the body does, and every
record's ``start``/``end`` are offsets into that text: a record whose ``start`` is
below ``len(headline)`` was first named in the headline (one found only there has all
its mentions there). A headline already repeated as the body's first line is not
added twice.

A headline in capitals ("REAGAN DECLARES MAINE DISASTER") would make the statistical
model read every word as a name, so it is truecased first, letter for letter (the
offsets stay those of the headline as written): a word takes the case it has inside
the body's sentences; else a country or organization form keeps its usual case
("U.S.", "OPEC", "New Zealand"), a listed officeholder's name and a word English
text never uses (``wordfreq`` knows no frequency for it) are capitalized, and every
other word is lower-cased: a name missed in a headline costs less than a headline
read as names ("Reagan Nominates").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from tradenews.lexicon import officeholders, places
from tradenews.lexicon.words import zipf

SEPARATOR = "\n\n"
# Share of cased letters in capitals above which a headline is "shouting".
SHOUTING = 0.8
_POSSESSIVE_S = re.compile(r"(?<=\w)['\u2019]S\b")
_WORD = re.compile(r"[^\W\d_][\w'.&-]*")
# What comes before a word that starts a sentence or a paragraph (wire copy wraps
# lines inside sentences, so a single line break is no boundary).
_SENTENCE_END = re.compile(r"(?:[.!?:\"\u201c\u201d]\s*|\n\s*\n\s*|\n[ \t]+)$")


def article_text(title: str | None, text: str) -> str:
    """The text to analyze: the headline (truecased if in capitals), a blank line, the body."""
    title = " ".join((title or "").split())
    if not title or text.lstrip()[: len(title)].casefold() == title.casefold():
        return text
    return truecase(title, text) + SEPARATOR + text


def is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= SHOUTING


def truecase(headline: str, body: str = "") -> str:
    """A headline in capitals in the case running text would give it (same length)."""
    if not is_shouting(headline):
        return headline
    out = list(headline)
    for start, end, form in _known_forms(headline):
        out[start:end] = form
    votes = _body_case(body)
    done = {i for start, end, _ in _known_forms(headline) for i in range(start, end)}
    for m in _WORD.finditer(headline):
        if m.start() in done:
            continue
        word = m.group()
        if headline[m.start() - 1 : m.start()] == "<":
            continue  # a ticker symbol ("<HNZ>") stays in capitals
        cased = _case_word(word, votes, first=not headline[: m.start()].strip())
        if headline[m.end() : m.end() + 2] == " <" and cased.islower():
            cased = _capitalize(cased)  # a company's name ends before its ticker ("Plc <PSON.L>")
        if len(cased) == len(word):
            out[m.start() : m.end()] = cased
    return _POSSESSIVE_S.sub("'s", "".join(out))


def _case_word(word: str, votes: dict[str, Counter[str]], *, first: bool) -> str:
    if "." in word.rstrip(".") or len(word) == 1:
        return word  # "U.S.", "A"
    key = word.casefold()
    seen = votes.get(key)
    if seen:
        form = seen.most_common(1)[0][0]
        if form == "upper":
            return word
        if form == "lower":
            return _capitalize(word.lower()) if first else word.lower()
        return _capitalize(word.lower())
    if officeholders.registry().by_surname.get(key) or zipf(key) == 0:
        return _capitalize(word.lower())
    return _capitalize(word.lower()) if first else word.lower()


def _capitalize(word: str) -> str:
    """First letter and letters after a hyphen or apostrophe-free joiner in capitals."""
    return re.sub(r"(^|[-])(\w)", lambda m: m.group(1) + m.group(2).upper(), word)


def _body_case(body: str) -> dict[str, Counter[str]]:
    """How each word is written inside the body's sentences (not first in a sentence)."""
    votes: dict[str, Counter[str]] = {}
    for m in _WORD.finditer(body):
        word = m.group()
        if m.start() == 0 or _SENTENCE_END.search(body[max(0, m.start() - 8) : m.start()]):
            continue
        if word.isupper() and len(word) > 1:
            form = "upper"
        elif word[0].isupper():
            form = "title"
        else:
            form = "lower"
        votes.setdefault(word.casefold(), Counter())[form] += 1
    return votes


def _known_forms(headline: str) -> list[tuple[int, int, str]]:
    """Country and organization forms in the headline, with their usual case."""
    found = []
    for start, end, form in _gazetteer_matches(headline):
        if len(form) == end - start:
            found.append((start, end, form))
    return found


def _gazetteer_matches(headline: str) -> list[tuple[int, int, str]]:
    forms = _upper_forms()
    pattern = _upper_pattern()
    return [(m.start(), m.end(), forms[m.group()]) for m in pattern.finditer(headline)]


@lru_cache(maxsize=1)
def _upper_forms() -> dict[str, str]:
    """Capitals -> usual case, for every country and organization form that has one."""
    forms: dict[str, str] = {}
    gaz = places.country_gazetteer()
    orgs = places.org_gazetteer()
    # acronyms stay as they are ("OPEC", "U.S.", "UAE")
    for form, entry in gaz.exact.items():
        if entry.kind == "abbr" and form.isupper():
            forms[form] = form
    for org in orgs.exact.values():
        for alias in org.aliases:
            if alias.isupper() and len(alias) > 1:
                forms[alias] = alias
    for form, country in gaz.exact.items():
        if not form.isupper() and country.ref is not None:
            forms.setdefault(form.upper(), form)
    for form in orgs.exact:
        if not form.isupper():
            forms.setdefault(form.upper(), form)
    return forms


@lru_cache(maxsize=1)
def _upper_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + places.trie_regex(_upper_forms()) + r"(?![\w])")

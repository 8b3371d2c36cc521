"""Where an organization name stands in its text: the country word before it, the
country its sentence or story is about, a title-case headline, a person's words, a
span the model cut at a connector. Plain functions the organizations component asks.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.tokens import Doc

from tradenews.components.sentences import sentence
from tradenews.lexicon import org_names, places
from tradenews.lexicon.words import is_common

CountrySpans = list[tuple[int, int, str]]


def qualifies(text: str, m: re.Match[str], following: re.Match[str], entry: Any) -> bool:
    """Whether an international body's acronym only qualifies the listed name right
    after it ("U.N. Food and Agriculture Organization", "UN FAO")."""
    return (
        entry.type in places.INTERNATIONAL_TYPES
        and len(m.group()) <= 5
        and not text[m.end() : following.start()].strip()
    )


def after_abbreviation(name: str, rest: str) -> bool:
    """Whether the country word before `rest` ends in a period ("U.S. Banks"): wire copy
    capitalizes the word after one as if a sentence began, so case is no evidence there."""
    head = name[: len(name) - len(rest)].rstrip()
    return head.endswith(".")


def story_country(doc: Doc, country_spans: CountrySpans, default: str) -> str:
    """The country a story is about, for a body many states have ("the Treasury"): the
    most-named country when `default` is not named at all, else ""."""
    counts: dict[str, int] = {}
    for _, _, iso3 in country_spans:
        counts[iso3] = counts.get(iso3, 0) + 1
    if not counts or default in counts:
        return ""
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return ""
    return max(counts, key=lambda iso3: counts[iso3])


def person_words(doc: Doc) -> set[str]:
    """Words of the names the model or the officials component read as people."""
    names = [e.text for e in doc.ents if e.label_ == "PERSON"]
    if Doc.has_extension("people"):
        names += [p.get("name") or "" for p in doc._.people or []]
    return {w for n in names for w in n.split() if w[:1].isupper()}


def is_person_name(name: str, person_words: set[str]) -> bool:
    """Every word of `name` belongs to a person's name of the document ("Ganilau")."""
    words = [w for w in re.sub(r"(?:'s|’s)$", "", name).split() if w[:1].isupper()]
    return bool(words) and all(w in person_words for w in words)


def in_title_case_line(text: str, start: int) -> bool:
    """Whether `start` lies in a title-case headline (the first paragraph), where case
    is no evidence."""
    end = text.find("\n\n")
    return 0 <= start < end and org_names.is_title_case(text[:end])


def complete(name: str, after: str) -> str:
    """A span the model cut after a connector ("Public Service Co of" + "New Mexico")
    is completed with the capitalized words that follow, else cut at the connector."""
    if not org_names.DANGLING.search(name):
        return name
    if re.search(r"\s(?:and|&)$", name) and org_names.has_legal_form(name[: name.rfind(" ")]):
        return org_names.DANGLING.sub("", name)  # "Lomak Petroleum Inc and" + another company
    more = re.match(r"(?:\s+[A-Z][\w.&'-]*)+", after)
    return name + more.group() if more else org_names.DANGLING.sub("", name)


def is_fragment(doc: Doc, name: str, start: int, end: int) -> bool:
    """A lone adjective ("Greater", "Latin") or very common word ("Community")."""
    if " " in name or name.isupper():
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and span[0].tag_ in ("JJ", "JJR", "JJS") and is_common(name, 3.5):
        return True  # an unknown company name the tagger calls an adjective stays
    return org_names.is_lone_common_word(name)


def _near(country_spans: CountrySpans, start: int) -> CountrySpans:
    """The mentions from the last two that start at or before `start` on: the mentions
    are in order and do not overlap, so no earlier one can end right before `start`
    (a bisection, where a scan of every mention per name made long documents quadratic)."""
    i = bisect.bisect_right(country_spans, start, key=lambda s: s[0])
    return country_spans[max(0, i - 2) :]


def country_before(text: str, start: int, country_spans: CountrySpans) -> str:
    """The country whose name or adjective ends right before `start` ("India's", "the
    Chinese"), or that starts the span itself."""
    for c_start, c_end, iso3 in _near(country_spans, start):
        if c_start > start + 4:
            break
        if c_start <= start < c_end:
            return iso3
        if c_end <= start and re.fullmatch(r"(?:'s|’s|')?\s*", text[c_end:start]):
            return iso3
        if (
            c_start >= start
            and c_start - start <= 4
            and re.fullmatch(r"(?:the|The)?\s*", text[start:c_start])
        ):
            return iso3
    return ""


def adjective_before(text: str, start: int, country_spans: CountrySpans) -> str:
    """The country word (not a possessive) directly before `start`, as written."""
    for c_start, c_end, _ in _near(country_spans, start):
        if c_start > start:
            break
        if c_end == start - 1 and text[c_end] == " ":
            return text[c_start:c_end]
    return ""


def sentence_country(doc: Doc, start: int, end: int, country_spans: CountrySpans) -> str:
    """The one country named in the sentence of a national body, if there is exactly one."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return ""  # a pipeline without sentences: no sentence to read
    sent = sentence(doc, span.start)
    isos = {iso for s, e, iso in country_spans if sent.start_char <= s < sent.end_char}
    return next(iter(isos)) if len(isos) == 1 else ""

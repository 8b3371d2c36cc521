"""Whether a one-word name the model calls an organization acts as one in its sentence.

A lone capitalized word is the model's weakest guess: a product ("Android"), a place
("Doggerland"), a website ("Wikipedia"), an award ("Oscars") read the same as a
company ("Chrysler"). What tells them apart is what the sentence does with the name:
a body says, announces, buys and sells things ("Chrysler said"), has a spokesman or
shares ("Mazda's spokesman"), employs people ("an analyst at Nomura"), is told things
("told Reuters"), or is called a company ("carmaker Mazda", "Netflix, the streaming
company"). The words of each cue are data (``body_evidence`` in the data file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span


@dataclass(frozen=True)
class BodyCues:
    """Lemmas that make a name act as a body (see the module doc)."""

    actions: frozenset[str]
    owned: frozenset[str]
    roles: frozenset[str]
    kinds: frozenset[str]
    members: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> BodyCues:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).casefold() for w in data.get(key) or ())

        actions = frozenset(form for verb in words("actions") for form in _inflections(verb))
        return cls(actions, words("owned"), words("roles"), words("kinds"), words("members"))


def acts_as_body(span: Span, cues: BodyCues) -> bool:
    """Whether the words around `span` (a name) treat it as a body: it does one of the
    actions ("Chrysler said", "Mazda has agreed"), owns a spokesman or shares
    ("Mazda's spokesman", "shares of Mazda"), employs a role ("an analyst at Nomura"),
    is told something ("told Reuters"), or is called a company ("carmaker Mazda",
    "Netflix, the streaming company"). Read from the words and tags alone: the
    pipeline has no parser."""
    doc = span.doc
    before = doc[max(0, span.start - 2) : span.start]
    after = doc[span.end : span.end + 8]
    governed = [t for t in before if t.lower_ != "the"][-1:]
    if after and after[0].text.startswith("<"):
        return True  # wire copy's ticker after a company's name: "Honda <HMC> said"
    if _acts(after, cues) and not (governed and governed[0].tag_ == "IN"):
        return True  # not "fires in the Amazon release ...": the fires act
    if len(after) >= 2 and after[0].text in ("'s", "’s", "'") and _is(after[1], cues.owned):
        return True
    if after and after[0].tag_.startswith("NN"):
        if _is(after[0], cues.owned | cues.roles | cues.members | cues.kinds):
            return True  # "a Labour MP", "Mazda shares", "the Observer newspaper"
        if len(after) > 1 and after[1].tag_.startswith("NN") and _is(after[1], cues.kinds):
            return True  # "the Sharp electronics group"
    if before and before[-1].lower_ in ("tell", "tells", "told", "telling", "said", "says"):
        return True  # "told Reuters", "..., said Mazda"
    if [t.lower_ for t in before] == ["according", "to"]:
        return True
    if before and _is(before[-1], cues.kinds):
        return True  # "carmaker Mazda", "the company Netflix"
    if len(before) == 2 and before[1].tag_ == "IN" and _is(before[0], cues.roles | cues.owned):
        return True  # "an analyst at Nomura", "shares of Mazda"
    return _called_a_body(after, cues)


_AUXILIARIES = frozenset("has have had is was are were be been will would also".split())


def _acts(after: Span, cues: BodyCues) -> bool:
    """The first verb after the name, past auxiliaries and adverbs, is an action."""
    for token in after:
        if token.tag_ in ("MD", "RB", "``", "''") or token.lower_ in _AUXILIARIES:
            continue
        return token.tag_.startswith("VB") and _is(token, cues.actions)
    return False


def _called_a_body(after: Span, cues: BodyCues) -> bool:
    """ "Netflix, the streaming company": an apposition naming a kind of body."""
    if not after or after[0].text != ",":
        return False
    for token in after[1:]:
        if token.is_punct or token.tag_ in ("VB", "VBD", "VBP", "VBZ", "MD"):
            return False
        if _is(token, cues.kinds):
            return True
    return False


def _is(token: Any, words: frozenset[str]) -> bool:
    """The word, or its singular ("analysts"), is one of `words` (the pipeline has no
    lemmatizer; verbs are listed with their inflections)."""
    word = token.lower_
    return word in words or (word.endswith("s") and word[:-1] in words)


def _inflections(verb: str) -> set[str]:
    """A regular verb's forms ("agree": agrees, agreed, agreeing); irregular past forms
    ("said", "sold") are listed in the data as words of their own."""
    if verb.endswith("ee"):
        return {verb, verb + "s", verb + "d", verb + "ing"}
    if verb.endswith("e"):
        return {verb, verb + "s", verb + "d", verb[:-1] + "ing"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    plural = verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s")
    return {verb, plural, verb + "ed", verb + "ing"}

"""Token-level predicates and lookups shared by the officials modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from tradenews.lexicon import officeholders, places
from tradenews.lexicon.names import fold
from tradenews.lexicon.titles import Grammar, TitleLexicon

HYPHEN_TOKENS = frozenset({"-", "\u2010", "\u2011"})


@dataclass(frozen=True)
class Knowledge:
    """What the officials component knows: title lexicon, grammar, known officeholders."""

    lex: TitleLexicon
    grammar: Grammar
    registry: officeholders.Registry
    matcher: Matcher

    @classmethod
    def build(
        cls, vocab: Any, lex: TitleLexicon, grammar: Grammar, registry: officeholders.Registry
    ) -> Knowledge:
        matcher = Matcher(vocab)
        for key, patterns in grammar.patterns.items():
            matcher.add(key, patterns)
        return cls(lex, grammar, registry, matcher)

    def match_at(self, doc: Doc, start: int, end: int, key: str) -> int:
        """Tokens of a grammar pattern ``key`` matched at ``start`` (within ``end``), or 0."""
        if start >= end:
            return 0
        found = self.matcher(doc[start:end])
        string = doc.vocab.strings
        return max((e for m, s, e in found if s == 0 and string[m] == key), default=0)


def fw(tok: Token) -> str:
    """The folded form of a token, for lexicon lookups."""
    return fold(tok.text)


def is_cap(tok: Token) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and any(c.isalpha() for c in t)


def is_hyphen_inside(doc: Doc, i: int) -> bool:
    """A hyphen glued to words on both sides ("Director-General", "Asante-Boateng")."""
    tok = doc[i]
    return (
        tok.text in HYPHEN_TOKENS
        and i > 0
        and i + 1 < len(doc)
        and not doc[i - 1].whitespace_
        and not tok.whitespace_
    )


def country_at(doc: Doc, i: int, limit: int) -> tuple[str, int]:
    """A country word starting at token i (up to 3 tokens): (ISO3, end) or ("", i)."""
    for n in (3, 2, 1):
        j = i + n
        if j > limit:
            continue
        span = doc[i:j]
        if not any(is_cap(t) for t in span):
            continue
        ref = places.lookup_country(span.text)
        if ref is not None:
            return ref.iso3, j
    return "", i


def body(lex: TitleLexicon, text: str) -> tuple[str, str] | None:
    """Resolve an organization phrase: (name, country) or None."""
    text = " ".join(text.split())
    for lead in ("the ", "The "):
        if text.startswith(lead):
            text = text[len(lead) :]
    if not text:
        return None
    ref = places.lookup_organization(text)
    if ref is not None:
        return ref.name, ref.country
    return lex.bodies.get(fold(text))


def index_at(toks: list[Token], i: int) -> int:
    """Position in `toks` of the first token at or after doc index i."""
    return next((k for k, t in enumerate(toks) if t.i >= i), len(toks))

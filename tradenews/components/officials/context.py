"""Country evidence around the people of one document: which countries it names, which
of them act, its dateline, and what each person's sentences lean to."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from tradenews.components.officials.tokens import fw
from tradenews.components.sentences import sentence
from tradenews.lexicon import places
from tradenews.lexicon.headlines import SEPARATOR
from tradenews.lexicon.names import fold
from tradenews.lexicon.titles import TitleLexicon, contains

# A headline paragraph before the dateline is at most this long.
HEADLINE_CHARS = 400

if TYPE_CHECKING:
    from tradenews.components.officials.coref import Mention


class DocContext:
    """Country evidence around people, computed once per document (weak evidence only)."""

    BLOCKING = {"to", "with", "against", "from", "into", "on", "for", "of", "at", "in", "by"}

    def __init__(self, lex: TitleLexicon, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.dateline, dateline_end = self._dateline(doc)
        owned = {i for m in mentions for i in range(*m.title_span)}
        owned.update(range(dateline_end))
        self.mentions: list[tuple[int, int, str]] = []  # (start, end, iso3) usable as context
        self.actors: set[tuple[int, int]] = set()  # country names that act ("China fielded ...")
        counts: Counter[str] = Counter()
        for ent in doc.ents:
            if ent.label_ in {"GPE", "NORP"}:
                ref = places.lookup_country(ent.text)
            elif ent.label_ in {"ORG", "FAC"}:
                body = places.lookup_organization(ent.text)
                ref = places.CountryRef(body.country, body.name) if body and body.country else None
            else:
                continue
            if ref is None:
                continue
            if ent.label_ != "ORG" and ent.start >= dateline_end:
                counts[ref.iso3] += 1
            if any(i in owned for i in range(ent.start, ent.end)):
                continue  # part of someone else's title ("Chilean President ...")
            prev = fw(doc[ent.start - 1]) if ent.start > sentence(doc, ent.start).start else ""
            if prev in self.BLOCKING:
                continue
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if (
                ent.label_ == "NORP"
                and nxt is not None
                and nxt.is_lower
                and nxt.tag_ in {"NN", "NNS"}
                and fw(nxt) not in lex.vocab
                and fw(nxt) not in lex.public_org_words
            ):
                continue  # "Vietnamese goods": what is traded, not who acts
            self.mentions.append((ent.start, ent.end, ref.iso3))
            if ent.label_ in {"GPE", "NORP"} and not (
                nxt is not None and nxt.is_lower and nxt.tag_ in {"NN", "NNS"}
            ):
                self.actors.add((ent.start, ent.end))
        self.counts = counts
        self._tokens: tuple[str, ...] | None = None

    def has_evidence(self, iso: str, words: tuple[str, ...]) -> bool:
        """The article names the country (or its dateline is it) or an evidence word."""
        if iso and (self.dateline == iso or self.counts.get(iso)):
            return True
        if self._tokens is None:
            self._tokens = tuple(fold(t.text) for t in self.doc if not t.is_space)
        for phrase in words:
            key = tuple(fold(w) for w in phrase.split())
            if contains(self._tokens, key):
                return True
        return False

    def _in_sentence(self, m: Mention) -> list[tuple[int, int, str]]:
        sent = sentence(self.doc, m.start)
        return [c for c in self.mentions if c[0] >= sent.start and c[1] <= sent.end]

    def near_country(self, ms: list[Mention]) -> str:
        """A country named shortly before the person in the same sentence."""
        for m in ms:
            before = [
                c
                for c in self._in_sentence(m)
                if c[1] <= m.start
                and m.start - c[1] <= 12
                and (c[0], c[1]) in self.actors
                and "\n" not in self.doc[c[1] : m.start].text
            ]
            if before:
                return max(before)[2]
        return ""

    def sentence_votes(
        self, ms: list[Mention], *, actors: bool = False, once: bool = True
    ) -> Counter[str]:
        """How often the person's sentences name each country (``once``: each sentence
        counted once, however often the person is named in it)."""
        votes: Counter[str] = Counter()
        seen: set[int] = set()
        for m in ms:
            sent_start = sentence(self.doc, m.start).start
            if once and sent_start in seen:
                continue
            seen.add(sent_start)
            votes.update(
                c[2] for c in self._in_sentence(m) if not actors or (c[0], c[1]) in self.actors
            )
        return votes

    def lean(self, ms: list[Mention], iso: str, *, actors: bool = False) -> float:
        """How much more the person's sentences name `iso` than any other country."""
        votes = self.sentence_votes(ms, actors=actors, once=False)
        other = max((n for k, n in votes.items() if k != iso), default=0)
        return votes[iso] - other

    def home(self, conventional: dict[tuple[str, ...], str]) -> str:
        """The article's home country for officials nothing else places."""
        home = self.dateline or (self.counts.most_common(1)[0][0] if self.counts else "")
        if home in set(conventional.values()):
            others = [k for k, _ in self.counts.most_common() if k != home]
            if others:
                return others[0]
        return home

    @staticmethod
    def _dateline(doc: Doc) -> tuple[str, int]:
        """The dateline's country and token end ("HANOI \u2014", "GYEONGJU, South Korea \u2014"),
        at the start of the text or of the body after a headline paragraph."""
        found = _dateline_at(doc, 0)
        if found[0]:
            return found
        first_break = doc.text.find(SEPARATOR, 0, HEADLINE_CHARS)
        if first_break < 0:
            return "", 0
        start = next((t.i for t in doc if t.idx > first_break and not t.is_space), len(doc))
        return _dateline_at(doc, start)


def _dateline_at(doc: Doc, start: int) -> tuple[str, int]:
    head = doc[start : start + 12].text
    m = re.match(
        r"\s*([A-Z][A-Za-z .'-]+?)(?:,\s*([A-Z][\w .'-]+?))?\s*"
        r"(?:,[^\u2014\u2013]*)?\s*(?:\(|\u2014|\u2013|--| - )",
        head,
    )
    if not m:
        return "", 0
    base = doc[start].idx if start < len(doc) else 0
    end = next((t.i for t in doc[start : start + 12] if t.idx - base >= m.end()), 0)
    for part in (m.group(2), m.group(1)):
        if part:
            part = part.strip()
            ref = places.lookup_country(part) or places.lookup_country(part.title())
            if ref:
                return ref.iso3, end
    return "", 0

"""Cue matching: a taxonomy's cues compiled into word-indexed lookups, found in a text.

The matcher reports every cue occurrence (with the word indices sense constraints
need); deciding what they add up to is tradenews.components.topics.scoring.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components.topics.text import ABBREVIATION_RE, BLANK_LINE_RE
from tradenews.cue_patterns import GAP_WORDS, compile_pattern
from tradenews.taxonomy import Cue, Taxonomy

PHRASE_BONUS = 0.5
MAX_STRENGTH = 2.0
# A gap ("...") spans up to GAP_WORDS words, not counting numbers and single letters,
# and never more than this many tokens in all.
MAX_GAP_TOKENS = 12
# Words of an amount ("seven billion dlr"), which like digits do not use up a gap.
AMOUNT_WORDS = frozenset(
    "one two three four five six seven eight nine ten twenty thirty forty fifty hundred "
    "thousand million billion trillion mln bln dlr dlrs dollar dollars pct percent".split()
)

STRONG, WEAK, NEGATIVE = 0, 1, 2
# Words whose candidate patterns are remembered, at most (about 10 MB).
MAX_KNOWN_WORDS = 100_000
WORD_RE = re.compile(r"[^\W_]+")
POSSESSIVE_RE = re.compile(r"(?<=\w)['\u2019]s\b")
# What may separate the words of one cue phrase: spaces, hyphens, slashes, quotes, '&'.
GAP_RE = re.compile(r"[\s\-\u2010-\u2015/&'\"\u2018\u2019\u201c\u201d]*")

Words = list[tuple[str, int, int]]  # (lower-cased word, start, end) of a text


@dataclass(frozen=True)
class _Sense:
    """A cue's compiled sense constraint: context phrases required / forbidden nearby."""

    near: tuple[tuple[Any, ...], ...]
    not_near: tuple[tuple[Any, ...], ...]
    window: int | None  # words either side; None: the sentence

    @classmethod
    def of(cls, cue: Cue) -> _Sense | None:
        if not cue.constrained:
            return None
        near = tuple(e for p in cue.near for e in compile_pattern(p))
        not_near = tuple(e for p in cue.not_near for e in compile_pattern(p))
        return cls(near, not_near, cue.window)


@dataclass(frozen=True)
class _Cue:
    topic: int
    kind: int
    text: str
    sense: _Sense | None = None
    strength: float = 1.0  # weight of one strong hit: more for a phrase than for one word


def cue_strength(spec: Cue) -> float:
    """1 for a single word, PHRASE_BONUS more per further word (or required context word).

    A phrase ("trade war") or a word whose context was checked ("strike" near
    "workers") seldom stands in another sense, so it weighs more than a bare word.
    """
    if spec.pattern is not None:
        size = len(spec.pattern)
    else:
        size = max(len([e for e in v if e is not None]) for v in compile_pattern(spec))
    size += 1 if spec.near else 0
    return min(MAX_STRENGTH, 1.0 + PHRASE_BONUS * (size - 1))


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    cue: _Cue
    first: int = 0  # index of the hit's first and last word
    last: int = 0


class CueMatcher:
    """All cues of a taxonomy compiled into word-indexed lookups (built once per taxonomy)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.exact: dict[str, list[tuple[tuple[Any, ...], _Cue]]] = {}
        self.prefix: dict[int, dict[str, list[tuple[tuple[Any, ...], _Cue]]]] = {}
        self.token_patterns: list[tuple[tuple[dict[str, Any], ...], _Cue]] = []
        self._token_matchers: dict[int, tuple[Any, Any]] = {}  # per vocab (kept alive)
        for t_index, topic in enumerate(taxonomy.topics):
            for kind, cues in (
                (STRONG, topic.cues),
                (WEAK, topic.weak_cues),
                (NEGATIVE, topic.negative_cues),
            ):
                for spec in cues:
                    cue = _Cue(t_index, kind, str(spec), _Sense.of(spec), cue_strength(spec))
                    if spec.pattern is not None:
                        self.token_patterns.append((spec.pattern, cue))
                        continue
                    for elements in compile_pattern(spec):
                        self._add(elements, cue)
        self._prefix_lengths = sorted(self.prefix)
        self._candidates: dict[str, list[tuple[tuple[Any, ...], _Cue]]] = {}

    def _add(self, elements: tuple[Any, ...], cue: _Cue) -> None:
        first = elements[0]
        if isinstance(first, str):
            self.prefix.setdefault(len(first), {}).setdefault(first, []).append((elements, cue))
        else:
            for form in first:
                self.exact.setdefault(form, []).append((elements, cue))

    def _candidates_for(self, word: str) -> list[tuple[tuple[Any, ...], _Cue]]:
        """The patterns that may start at `word` (remembered: news repeats its words)."""
        candidates = list(self.exact.get(word, ()))
        for n in self._prefix_lengths:
            if len(word) < n:
                break
            candidates.extend(self.prefix[n].get(word[:n], ()))
        if len(self._candidates) >= MAX_KNOWN_WORDS:
            self._candidates.clear()
        self._candidates[word] = candidates
        return candidates

    def find(self, text: str, doc: Doc | None = None) -> tuple[list[_Hit], int]:
        """Every cue occurrence in `text` (with overlaps), and the number of words.

        Cues with a sense constraint are kept only where their context allows. spaCy
        Matcher cues run on `doc` (its annotations, e.g. POS, if a tagger ran) when it
        holds this text, else on the blank tokenizer's Doc.
        """
        lowered = lower_text(text)
        words = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(lowered)]
        hits: list[_Hit] = []
        known = self._candidates
        for i, (word, start, _) in enumerate(words):
            candidates = known.get(word)
            if candidates is None:
                candidates = self._candidates_for(word)
            for elements, cue in candidates:
                last = i if len(elements) == 1 else _extend(elements, 1, words, i, lowered)
                if last is not None:
                    hits.append(_Hit(start, words[last][2], cue, i, last))
        if self.token_patterns:
            if doc is None or doc.text != text:
                doc = _blank_nlp().make_doc(text)
            hits.extend(self.token_pattern_hits(doc, words))
        if any(h.cue.sense for h in hits):
            hits = [h for h in hits if h.cue.sense is None or in_sense(h, words, lowered, text)]
        return hits, len(words)

    def token_pattern_hits(self, doc: Doc, words: Words) -> list[_Hit]:
        """Hits of the spaCy Matcher cues in a Doc, with the indices of their words."""
        from spacy.matcher import Matcher

        key = id(doc.vocab)
        if key not in self._token_matchers:
            matcher = Matcher(doc.vocab)
            for n, (pattern, _) in enumerate(self.token_patterns):
                matcher.add(f"tradenews_cue_{n}", [list(pattern)])
            self._token_matchers[key] = (doc.vocab, matcher)
        matcher = self._token_matchers[key][1]
        starts = [w[1] for w in words]
        hits = []
        for match_id, start, end in matcher(doc):
            n = int(doc.vocab.strings[match_id].rsplit("_", 1)[1])
            span = doc[start:end]
            first = min(bisect.bisect_left(starts, span.start_char), max(0, len(words) - 1))
            last = max(first, bisect.bisect_left(starts, span.end_char) - 1)
            cue = self.token_patterns[n][1]
            hits.append(_Hit(span.start_char, span.end_char, cue, first, last))
        return hits


def lower_text(text: str) -> str:
    """Lower-cased text of the same length, possessive 's blanked out."""
    lowered = POSSESSIVE_RE.sub("  ", text.lower())
    if len(lowered) != len(text):  # some characters change length when lower-cased
        lowered = POSSESSIVE_RE.sub("  ", "".join(c.lower()[:1] or c for c in text))
    return lowered


def in_sense(hit: _Hit, words: Words, lowered: str, text: str) -> bool:
    """Whether the context of a hit satisfies its cue's sense constraint."""
    sense = hit.cue.sense
    assert sense is not None
    if sense.window is not None:
        lo, hi = max(0, hit.first - sense.window), min(len(words), hit.last + 1 + sense.window)
    else:
        lo, hi = sentence_words(words, text, hit)
    around = [j for j in range(lo, hi) if not hit.first <= j <= hit.last]
    if sense.near and not _any_phrase(sense.near, words, around, lowered):
        return False
    return not _any_phrase(sense.not_near, words, around, lowered)


def _any_phrase(
    phrases: tuple[tuple[Any, ...], ...], words: Words, at: list[int], text: str
) -> bool:
    """Whether one of the compiled phrases starts at one of the word indices `at`."""
    for elements in phrases:
        first = elements[0]
        if isinstance(first, str):  # a prefix
            starts = [j for j in at if words[j][0].startswith(first)]
        else:
            starts = [j for j in at if words[j][0] in first]
        if any(_extend(elements, 1, words, j, text) is not None for j in starts):
            return True
    return False


def sentence_words(words: Words, text: str, hit: _Hit) -> tuple[int, int]:
    """Word index range of the sentence around a hit (same rule as sentence_spans)."""
    lo = hit.first
    while lo > 0 and not _sentence_break(text, words[lo - 1][2], words[lo][1]):
        lo -= 1
    hi = hit.last + 1
    while hi < len(words) and not _sentence_break(text, words[hi - 1][2], words[hi][1]):
        hi += 1
    return lo, hi


def _sentence_break(text: str, end: int, start: int) -> bool:
    """Whether a sentence ends between two adjacent words (offsets into `text`)."""
    gap = text[end:start]
    if "\n" in gap and (BLANK_LINE_RE.search(gap) or not text[start : start + 1].islower()):
        return True
    if not any(c in gap for c in ".!?"):
        return False
    if gap.strip() == "." and ABBREVIATION_RE.search(text, max(0, end - 5), end):
        return False  # U.S., Mr., Jan.
    return not text[start : start + 1].islower()


@functools.lru_cache(maxsize=1)
def _blank_nlp() -> Language:
    import spacy

    return spacy.blank("en")


def _word_ok(element: Any, word: str) -> bool:
    return word.startswith(element) if isinstance(element, str) else word in element


def _joined(words: list[tuple[str, int, int]], i: int, text: str) -> bool:
    """Whether word i follows word i - 1 within one phrase (no punctuation between them).

    The dots of an abbreviation ("U.S. market") and the separators inside a number
    ("7.1 billion", "1,500") are part of the phrase, not a break in it.
    """
    prev, start = words[i - 1], words[i][1]
    gap = text[prev[2] : start]
    if GAP_RE.fullmatch(gap):
        return not BLANK_LINE_RE.search(gap)  # a phrase does not run across paragraphs
    if gap in (".", ",") and prev[0].isdigit() and words[i][0].isdigit():
        return True
    return gap.rstrip() == "." and len(prev[0]) == 1 and prev[0].isalpha()


def _filler(word: str) -> bool:
    """Words that do not use up a gap: numbers, amounts and the parts of abbreviations."""
    return word.isdigit() or len(word) == 1 or word in AMOUNT_WORDS


def _extend(
    elements: tuple[Any, ...], k: int, words: list[tuple[str, int, int]], j: int, text: str
) -> int | None:
    """Match elements[k:] after word j matched elements[k - 1] (shortest gaps first).

    Returns the index of the pattern's last word, or None.
    """
    if k == len(elements):
        return j
    element = elements[k]
    if element is not None:
        nj = j + 1
        # The word test first: it is a set lookup, the joint test a regex.
        if nj < len(words) and _word_ok(element, words[nj][0]) and _joined(words, nj, text):
            return _extend(elements, k + 1, words, nj, text)
        return None
    target, skipped = elements[k + 1], 0
    for nj in range(j + 1, min(len(words), j + 1 + MAX_GAP_TOKENS)):
        if not _joined(words, nj, text):
            return None
        if _word_ok(target, words[nj][0]):
            end = _extend(elements, k + 2, words, nj, text)
            if end is not None:
                return end
        skipped += not _filler(words[nj][0])
        if skipped > GAP_WORDS:
            return None
    return None


_LAST_MATCHER: list[tuple[Taxonomy, CueMatcher]] = []


def matcher_for(taxonomy: Taxonomy) -> CueMatcher:
    """The compiled matcher of a taxonomy, built once and shared by every doc.

    The taxonomy last asked for is found by identity (hashing a taxonomy of two
    thousand cues for every document would cost more than matching them).
    """
    if _LAST_MATCHER and _LAST_MATCHER[0][0] is taxonomy:
        return _LAST_MATCHER[0][1]
    matcher = _matcher_for(taxonomy)
    _LAST_MATCHER[:] = [(taxonomy, matcher)]
    return matcher


@functools.lru_cache(maxsize=16)
def _matcher_for(taxonomy: Taxonomy) -> CueMatcher:
    return CueMatcher(taxonomy)

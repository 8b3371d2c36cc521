"""Policy topics from a taxonomy of cue phrases, scored per document with evidence.

Why cue phrases and not a trained classifier: the taxonomy is data a user can read
and edit (tradenews/data/taxonomy.yaml), every assigned topic comes with the sentence
that triggered it, and matching needs no model pipe at all, so ``tradenews topics``
runs on the bare tokenizer.

Scoring (see docs/taxonomy.md): each cue hit weighs 1 (strong cue) or WEAK_WEIGHT
(weak cue), times LEAD_BOOST in the first two sentences (headline and lead carry the
subject); repeats of one cue add with diminishing returns (1, 1/2, 1/3, ...); the sum
is divided by sqrt(words / NORM_WORDS) for long texts, so a passing word in a long
article stays low, and mapped to 0..1 with ``1 - exp(-x / SCALE)``. A topic needs at
least one strong cue; weak cues only add to it.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import register_extensions
from tradenews.components.data import DataComponent
from tradenews.taxonomy import (
    DEFAULT_NAME,
    GAP_WORDS,
    Cue,
    Taxonomy,
    compile_pattern,
    taxonomy_from_text,
)

DEFAULT_THRESHOLD = 0.35
WEAK_WEIGHT = 0.3
PHRASE_BONUS = 0.5
MAX_STRENGTH = 2.0
LEAD_BOOST = 2.0
LEAD_SENTENCES = 2
LEAD_MAX_CHARS = 600
NORM_WORDS = 300
SCALE = 2.0
EVIDENCE_CHARS = 200
EDGE_PUNCT = " ,;:-\u2013\u2014"
# A gap ("...") spans up to GAP_WORDS words, not counting numbers and single letters,
# and never more than this many tokens in all.
MAX_GAP_TOKENS = 12
# Words of an amount ("seven billion dlr"), which like digits do not use up a gap.
AMOUNT_WORDS = frozenset(
    "one two three four five six seven eight nine ten twenty thirty forty fifty hundred "
    "thousand million billion trillion mln bln dlr dlrs dollar dollars pct percent".split()
)

STRONG, WEAK, NEGATIVE = 0, 1, 2
WORD_RE = re.compile(r"[^\W_]+")
POSSESSIVE_RE = re.compile(r"(?<=\w)['\u2019]s\b")
# What may separate the words of one cue phrase: spaces, hyphens, slashes, quotes, '&'.
GAP_RE = re.compile(r"[\s\-\u2010-\u2015/&'\"\u2018\u2019\u201c\u201d]*")
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
# Sentence ends: . ! ? (optionally closed by a quote or bracket) before a capital or quote,
# or a line break that is not a wrapped line (one going on in lower case). Single capitals
# ("U.S.") and common abbreviations ("Mr.") do not end one.
SENTENCE_END_RE = re.compile(
    r"[.!?]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
    r"|\n(?:\s*\n|[ \t]+|(?![a-z0-9(,]))\s*"
)
ABBREVIATION_RE = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Gen|Gov|Sen|Rep|Inc|"
    r"Corp|Co|Ltd|vs|Jr|Sr))$"
)


Words = list[tuple[str, int, int]]  # (lower-cased word, start, end) of a text

# Markup and boilerplate kept out of evidence: Markdown heading marks, quote marks and
# bullets at the start of a line (and a heading's closing #s), links, emphasis; credit
# lines and wire sign-offs.
MARKDOWN_LINE_RE = re.compile(
    r"(?m)^[ \t]{0,3}(?:#{1,6}(?=\s|$)|>+|[-*+](?=\s))[ \t]*|[ \t]+#+[ \t]*$"
)
MARKDOWN_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*\)")
MARKDOWN_EMPHASIS_RE = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
BOILERPLATE_RE = re.compile(
    r"\((?:reporting|writing|editing|additional reporting|compiled) by[^)]*\)"
    r"|\b(?:REUTER|Reuter)\s*$"
    r"|^\s*(?:advertisement|read more|related:?|click here[^.]*|subscribe[^.]*)\s*(?:[:.]|$)",
    re.IGNORECASE | re.MULTILINE,
)


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

    def _add(self, elements: tuple[Any, ...], cue: _Cue) -> None:
        first = elements[0]
        if isinstance(first, str):
            self.prefix.setdefault(len(first), {}).setdefault(first, []).append((elements, cue))
        else:
            for form in first:
                self.exact.setdefault(form, []).append((elements, cue))

    def find(self, text: str, doc: Doc | None = None) -> tuple[list[_Hit], int]:
        """Every cue occurrence in `text` (with overlaps), and the number of words.

        Cues with a sense constraint are kept only where their context allows. spaCy
        Matcher cues run on `doc` (its annotations, e.g. POS, if a tagger ran) when it
        holds this text, else on the blank tokenizer's Doc.
        """
        lowered = lower_text(text)
        words = [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(lowered)]
        hits: list[_Hit] = []
        prefix_lengths = sorted(self.prefix)
        for i, (word, start, _) in enumerate(words):
            candidates = list(self.exact.get(word, ()))
            for n in prefix_lengths:
                if len(word) < n:
                    break
                candidates.extend(self.prefix[n].get(word[:n], ()))
            for elements, cue in candidates:
                last = _extend(elements, 1, words, i, lowered)
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
    if sense.near and not any(_phrase_at(p, words, j, lowered) for p in sense.near for j in around):
        return False
    return not any(_phrase_at(p, words, j, lowered) for p in sense.not_near for j in around)


def _phrase_at(elements: tuple[Any, ...], words: Words, j: int, text: str) -> bool:
    return _word_ok(elements[0], words[j][0]) and _extend(elements, 1, words, j, text) is not None


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
        if nj < len(words) and _joined(words, nj, text) and _word_ok(element, words[nj][0]):
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


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Cheap sentence boundaries (no senter needed): character spans of non-blank sentences."""
    spans = []
    start = 0
    for m in SENTENCE_END_RE.finditer(text):
        if m.group()[0] == "." and ABBREVIATION_RE.search(text, max(0, m.start() - 5), m.start()):
            continue
        end = m.start() + len(m.group().rstrip())
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def resolve(hits: list[_Hit]) -> list[_Hit]:
    """Drop hits inside a negative cue of their topic or inside a longer hit; one per span."""
    negatives: dict[int, list[tuple[int, int]]] = {}
    for h in hits:
        if h.cue.kind == NEGATIVE:
            negatives.setdefault(h.cue.topic, []).append((h.start, h.end))
    kept = [
        h
        for h in hits
        if h.cue.kind != NEGATIVE
        and not any(s < h.end and h.start < e for s, e in negatives.get(h.cue.topic, ()))
    ]
    spans = sorted({(h.start, h.end) for h in kept}, key=lambda s: (s[0], -s[1]))
    contained = set()
    max_end = -1
    for start, end in spans:
        if end <= max_end:
            contained.add((start, end))
        max_end = max(max_end, end)
    best: dict[tuple[int, int, int], _Hit] = {}  # one hit per topic and span, the strongest
    for h in kept:
        key = (h.cue.topic, h.start, h.end)
        if (h.start, h.end) not in contained and (
            key not in best or h.cue.kind < best[key].cue.kind
        ):
            best[key] = h
    return sorted(best.values(), key=lambda h: h.start)


def score_topics(
    text: str,
    taxonomy: Taxonomy,
    threshold: float | None = None,
    *,
    title: str | None = None,
    keep_all: bool = False,
    doc: Doc | None = None,
) -> list[dict[str, Any]]:
    """Topic records for a text, surest first; `keep_all` also returns those under threshold.

    A `title` is read as the headline: the first sentence of the lead, a paragraph of
    its own (unless the text already starts with it). `doc`, the text's Doc if there is
    one, lets spaCy Matcher cues use its annotations.
    """
    text = with_headline(text, title)
    matcher = matcher_for(taxonomy)
    hits, n_words = matcher.find(text, doc)
    hits = resolve(hits)
    if not hits:
        return []
    sentences = sentence_spans(text)
    starts = [s for s, _ in sentences]
    lead_end = min(sentences[min(LEAD_SENTENCES, len(sentences)) - 1][1], LEAD_MAX_CHARS)
    length_factor = math.sqrt(max(1.0, n_words / NORM_WORDS))
    by_topic: dict[int, list[_Hit]] = {}
    for h in hits:
        by_topic.setdefault(h.cue.topic, []).append(h)
    records: list[dict[str, Any]] = []
    for t_index, topic_hits in by_topic.items():
        if not enough_cues(topic_hits, taxonomy.topics[t_index].weak_quorum):
            continue
        per_cue: dict[str, list[float]] = {}
        per_sentence: dict[int, float] = {}
        for h in topic_hits:
            value = h.cue.strength if h.cue.kind == STRONG else WEAK_WEIGHT
            value *= LEAD_BOOST if h.start < lead_end else 1.0
            per_cue.setdefault(h.cue.text.lower(), []).append(value)
            sent = max(0, bisect.bisect_right(starts, h.start) - 1)
            per_sentence[sent] = per_sentence.get(sent, 0.0) + value
        raw = sum(
            v / rank
            for values in per_cue.values()
            for rank, v in enumerate(sorted(values, reverse=True), start=1)
        )
        score = 1.0 - math.exp(-raw / length_factor / SCALE)
        topic = taxonomy.topics[t_index]
        cut = topic.threshold or threshold or taxonomy.threshold or DEFAULT_THRESHOLD
        if score < cut and not keep_all:
            continue
        best = min(per_sentence, key=lambda s: (-per_sentence[s], s))
        first_hit = min(
            (
                h
                for h in topic_hits
                if sentences and bisect.bisect_right(starts, h.start) - 1 == best
            ),
            key=lambda h: h.start,
            default=topic_hits[0],
        )
        records.append(
            {
                "topic": topic.id,
                "label": topic.label,
                "score": round(score, 3),
                "evidence": evidence(
                    text, sentences[best] if sentences else (0, len(text)), first_hit.start
                ),
                "mentions": len(topic_hits),
            }
        )
    order = {t.id: i for i, t in enumerate(taxonomy.topics)}
    records.sort(key=lambda r: (-r["score"], order[r["topic"]]))
    return records


def enough_cues(hits: list[_Hit], weak_quorum: int | None) -> bool:
    """A topic needs a strong cue, or (where the topic allows it) enough different weak ones."""
    if any(h.cue.kind == STRONG for h in hits):
        return True
    return weak_quorum is not None and len({h.cue.text.lower() for h in hits}) >= weak_quorum


def with_headline(text: str, title: str | None) -> str:
    """The text with its headline as a first paragraph (as news prints it)."""
    title = " ".join((title or "").split())
    if not title or text.lstrip().startswith(title):
        return text
    return f"{title}\n\n{text}" if text.strip() else title


def evidence(text: str, span: tuple[int, int], anchor: int, limit: int = EVIDENCE_CHARS) -> str:
    """The sentence, whitespace-collapsed and trimmed to about `limit` chars around `anchor`."""
    start, end = span
    if end - start > limit:
        left = max(start, min(anchor - limit // 3, end - limit))
        right = min(end, left + limit)
        if left > start:
            left = text.find(" ", left, anchor) + 1 or left
        if right < end:
            cut = text.rfind(" ", anchor, right)
            right = cut if cut > anchor else right
        snippet = tidy(text[left:right])
        if left > start:  # no dangling dash or comma right after the ellipsis
            snippet = "\u2026" + snippet.lstrip(EDGE_PUNCT)
        if right < end:
            snippet = snippet.rstrip(EDGE_PUNCT) + "\u2026"
        return snippet
    return tidy(text[start:end])


def tidy(snippet: str) -> str:
    """Evidence as a reader wants it: no Markdown markup, no wire boilerplate, one line."""
    snippet = MARKDOWN_LINE_RE.sub("", snippet)
    snippet = MARKDOWN_LINK_RE.sub(r"\1", snippet)
    snippet = MARKDOWN_EMPHASIS_RE.sub(r"\2", snippet)
    snippet = BOILERPLATE_RE.sub(" ", snippet)
    return " ".join(snippet.split())


class TopicClassifier(DataComponent):
    """Sets ``doc._.topics``: needs only the tokenizer (no tagger, parser or NER).

    Its data (the taxonomy) is loaded in ``initialize()`` and saved with the pipeline.
    """

    DATA_FILES: ClassVar[dict[str, str]] = {"taxonomy": DEFAULT_NAME}

    def __init__(
        self, nlp: Language, name: str, taxonomy: str | None = None, threshold: float | None = None
    ) -> None:
        register_extensions()
        if not Doc.has_extension("title"):  # the headline, when the caller keeps it apart
            Doc.set_extension("title", default=None)
        self.name = name
        self.paths = {"taxonomy": taxonomy}
        self.texts: dict[str, str] = {}
        self.threshold = threshold

    def _load(self, texts: dict[str, str]) -> None:
        self.taxonomy = taxonomy_from_text(
            texts["taxonomy"], self.paths["taxonomy"] or DEFAULT_NAME
        )
        matcher_for(self.taxonomy)  # compile once, up front

    def __call__(self, doc: Doc) -> Doc:
        self.ensure_loaded()
        title = doc._.title if Doc.has_extension("title") else None
        doc._.topics = score_topics(doc.text, self.taxonomy, self.threshold, title=title, doc=doc)
        return doc


@Language.factory(
    "tradenews_topics",
    default_config={"taxonomy": None, "threshold": None},
    assigns=["doc._.topics"],
)
def make_topic_classifier(
    nlp: Language, name: str, taxonomy: str | None, threshold: float | None
) -> TopicClassifier:
    """Policy topics from a taxonomy of cue phrases (the package's, or the file named)."""
    return TopicClassifier(nlp, name, taxonomy, threshold)

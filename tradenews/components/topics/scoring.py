"""Topic scores: cue hits resolved against each other and weighed into 0..1 per topic.

Scoring (see docs/taxonomy.md): each cue hit weighs its strength (strong cue) or
WEAK_WEIGHT (weak cue), times LEAD_BOOST in the first two sentences (headline and
lead carry the subject); repeats of one cue add with diminishing returns (1, 1/2,
1/3, ...); the sum is divided by sqrt(words / NORM_WORDS) for long texts, so a
passing word in a long article stays low, and mapped to 0..1 with
``1 - exp(-x / SCALE)``. A topic needs at least one strong cue; weak cues only add to it.
"""

from __future__ import annotations

import bisect
import math
from typing import Any

from spacy.tokens import Doc

from tradenews.components.topics.cues import NEGATIVE, STRONG, _Hit, matcher_for
from tradenews.components.topics.text import evidence, sentence_spans, with_headline
from tradenews.taxonomy import Taxonomy, Topic

DEFAULT_THRESHOLD = 0.35
WEAK_WEIGHT = 0.3
LEAD_BOOST = 2.0
LEAD_SENTENCES = 2
LEAD_MAX_CHARS = 600
NORM_WORDS = 300
SCALE = 2.0


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
        topic = taxonomy.topics[t_index]
        cut = topic.threshold or threshold or taxonomy.threshold or DEFAULT_THRESHOLD
        score, per_sentence = weigh(topic_hits, starts, lead_end, length_factor)
        if score < cut and not keep_all:
            continue
        records.append(topic_record(text, topic, topic_hits, sentences, score, per_sentence))
    order = {t.id: i for i, t in enumerate(taxonomy.topics)}
    records.sort(key=lambda r: (-r["score"], order[r["topic"]]))
    return records


def enough_cues(hits: list[_Hit], weak_quorum: int | None) -> bool:
    """A topic needs a strong cue, or (where the topic allows it) enough different weak ones."""
    if any(h.cue.kind == STRONG for h in hits):
        return True
    return weak_quorum is not None and len({h.cue.text.lower() for h in hits}) >= weak_quorum


def weigh(
    topic_hits: list[_Hit], starts: list[int], lead_end: int, length_factor: float
) -> tuple[float, dict[int, float]]:
    """A topic's score (0..1) from its hits, and the weight of its hits per sentence."""
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
    return 1.0 - math.exp(-raw / length_factor / SCALE), per_sentence


def topic_record(
    text: str,
    topic: Topic,
    topic_hits: list[_Hit],
    sentences: list[tuple[int, int]],
    score: float,
    per_sentence: dict[int, float],
) -> dict[str, Any]:
    """One topic's record, with the sentence that carries most of its weight as evidence."""
    starts = [s for s, _ in sentences]
    best = min(per_sentence, key=lambda s: (-per_sentence[s], s))
    first_hit = min(
        (h for h in topic_hits if sentences and bisect.bisect_right(starts, h.start) - 1 == best),
        key=lambda h: h.start,
        default=topic_hits[0],
    )
    return {
        "topic": topic.id,
        "label": topic.label,
        "score": round(score, 3),
        "evidence": evidence(
            text, sentences[best] if sentences else (0, len(text)), first_hit.start
        ),
        "mentions": len(topic_hits),
    }

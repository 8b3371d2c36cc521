"""Policy topics from a taxonomy of cue phrases (the ``tradenews_topics`` spaCy component).

Modules: ``cues`` (cue occurrences in a text), ``scoring`` (hits weighed into topic
scores), ``text`` (sentences, headline and evidence snippets), ``component`` (the
spaCy factory).
"""

from tradenews.components.topics.component import TopicClassifier, make_topic_classifier
from tradenews.components.topics.cues import CueMatcher, matcher_for
from tradenews.components.topics.scoring import resolve, score_topics
from tradenews.components.topics.text import evidence, sentence_spans

__all__ = [
    "CueMatcher",
    "TopicClassifier",
    "evidence",
    "make_topic_classifier",
    "matcher_for",
    "resolve",
    "score_topics",
    "sentence_spans",
]

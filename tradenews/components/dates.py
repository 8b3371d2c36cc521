"""Date expressions, normalized to TIMEX3 values against the publication date.

Detection is rule-based (:func:`tradenews.dates.scan`): spaCy's DATE entities mix
in durations ("90 days") and ages and cut expressions in odd places, while the
rules know exactly which forms are points or periods of calendar time. The model's
annotations are used where rules cannot decide alone: part-of-speech tags tell
"May" the month from "may" the modal and give the tense that places a yearless
date before or after the publication date; named entities veto "Today" in
"USA Today" or "April" in a person's name.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from bisect import bisect_left, bisect_right
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from tradenews import yamltext
from tradenews.components import make_entity
from tradenews.components.data import DataComponent
from tradenews.dates import Candidate, normalize, quarter_ended, scan
from tradenews.dates.anchored import (
    begun_by,
    coarsen,
    granularity,
    is_comparison,
    looks_back,
)
from tradenews.io.pubdate import parse_date

# Entity labels under which a month, weekday or "today" is part of a name, not a date.
NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE", "LOC", "NORP"})
# Entity labels under which a four-digit number is an amount, not a year.
AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
# Kinds whose wording alone does not make them a date (see Candidate).
AMBIGUOUS_KINDS = frozenset({"month", "weekday", "relative", "season", "anchored"})
SCHEDULE_NEXT = frozenset({"to", "for", "on", "until", "in", "at", "by", "around"})
# A verb, one of these, then the date: the verb's tense is the date's ("fell in March").
GOVERNING = frozenset({"on", "in", "during"})
# A date after these is a deadline: a past verb ("postponed ... until June") does not place it.
DEADLINE = frozenset({"until", "till", "by"})
# Modals that, with a perfect ("may have been"), guess about the past.
PAST_GUESS = frozenset({"may", "might", "could", "must"})
CLAUSE_BREAKS = frozenset({",", ";", ":", "that", "which", "who", "when"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "VBG"})
# ... and what ends the phrase a reporting verb governs ("told reporters ahead of ...").
PHRASE_BREAKS = CLAUSE_BREAKS | {"ahead"}
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re"})
PARTICLES = frozenset({"up", "out", "off", "aside", "down", "back"})
# A window of tokens either side, used when the pipeline gives no sentence boundaries.
WINDOW = 25
# Token indices where sentences start, and where sentences or paragraphs start.
Sentences = tuple[list[int], list[int]]


class DateExtractor(DataComponent):
    """Sets ``doc._.dates``: one record per distinct (expression, value), at its first mention.

    Its data (``dates.yaml``: the tense cues) is loaded in ``initialize()`` and saved
    with the pipeline.
    """

    DATA_FILES: ClassVar[dict[str, str]] = {"vocabulary": "dates.yaml"}

    def __init__(self, nlp: Language, name: str, vocabulary: str | None = None) -> None:
        self._init_data(name, vocabulary=vocabulary)

    def _load(self, texts: dict[str, str]) -> None:
        cues = _tense_cues(texts["vocabulary"])
        self.scheduled = cues["scheduled"]
        self.scheduled_in = cues["scheduled_in"]
        self.future_present = cues["future_present"]
        self.future_words = cues["future_words"]
        self.reporting = cues["reporting"]

    def __call__(self, doc: Doc) -> Doc:
        self.ensure_loaded()
        dct = parse_date(doc._.dct)
        records: dict[tuple[str, str], dict[str, Any]] = {}
        text = doc.text  # a property that joins the tokens: read it once
        candidates = scan(text)
        needs_ents = any(c.kind in AMBIGUOUS_KINDS or c.kind == "year" for c in candidates)
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if needs_ents else []
        # the period the text last named (anchor of "the following year"), and the last one
        # begun by the DCT: a report's own period, anchor of "a year earlier"
        reference: str | None = None
        reported: str | None = None
        starts = sentence_starts(doc) if candidates and doc.has_annotation("SENT_START") else None
        previous_end = -1
        for cand in candidates:
            span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
            if span is None or not self._keep(cand, span, ents):
                continue
            if cand.kind == "year_tail":
                value = _range_end(text, cand)
            else:
                tense, certain = self.tense(span, starts)
                anchor = (reported or reference) if looks_back(cand.text) else reference
                value = normalize(cand.text, dct, tense, certain=certain, reference=anchor)
            if value is None:
                continue
            if cand.kind == "quarter":
                value = quarter_ended(cand.text, text[cand.end : cand.end + 40], dct) or value
            between = text[previous_end : cand.start] if previous_end >= 0 else "."
            if not _PERIOD_END.fullmatch(between):  # "the quarter ended Sept. 30": named already
                before = text[max(0, cand.start - 40) : cand.start]
                in_passing = cand.kind == "quarter" and _in_passing(span)
                named = (
                    reference
                    if in_passing
                    else _next_reference(reference, cand, value, before, dct)
                )
                if named != reference and named is not None and _reported(named, cand, before, dct):
                    reported = named
                reference = named
            previous_end = cand.end
            written = " ".join(cand.text.split())  # a line break inside is layout, not text
            key = (written, value)
            if key in records:
                records[key]["mentions"] += 1
            else:
                records[key] = make_entity(
                    "date", written, written, cand.start, cand.end, value=value
                )
        doc._.dates = list(records.values())
        return doc

    def _keep(self, cand: Candidate, span: Span, ents: list[tuple[int, int, str]]) -> bool:
        """Vetoes that need the model: modal "May", verb "March", names, amounts."""
        overlapping = _labels_over(ents, cand.start, cand.end)
        if cand.kind == "year":
            return not overlapping & AMOUNT_LABELS
        if cand.kind not in AMBIGUOUS_KINDS:
            return True
        if overlapping & NAME_LABELS:
            return False
        words = cand.text.lower().split()
        if cand.kind == "month" and len(words) == 1:
            tag = span[0].tag_
            if tag == "MD" or tag.startswith("VB"):
                return False
        if cand.kind == "season" and len(words) == 1 and span[0].tag_.startswith("VB"):
            return False
        return True

    def tense(self, span: Span, starts: Sentences | None = None) -> tuple[str, bool]:
        """past, future or none, and whether it is certain: the nearest tense cue wins.

        Reporting verbs ("said") count only right next to the date ("said on
        Tuesday"); elsewhere the date usually belongs to the reported event. A cue
        is certain when it governs the date directly ("fell in March", "said on
        Sept. 3", "since April").
        """
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ == "since":
            return "past", True
        if before is not None and before.lower_ == "effective" and not _after_be_past(before):
            return "future", False  # "a new pact effective June 1": a start still ahead
        if _ahead_of(doc, span.start):
            return "future", False  # "ahead of the weekend", "ahead of his departure on Sunday"
        if before is not None and before.lower_ in self.scheduled_in:
            return "future", False  # "the election due this September", "results expected Monday"
        deadline = before is not None and before.lower_ in DEADLINE
        if starts is None and doc.has_annotation("SENT_START"):
            starts = sentence_starts(doc)
        if starts:
            model, openings = starts
            at, after = bisect_right(openings, span.start) - 1, bisect_left(model, span.end)
            lo = openings[at] if at >= 0 else 0
            hi = model[after] if after < len(model) else len(doc)
        else:
            lo, hi = max(0, span.start - WINDOW), min(len(doc), span.end + WINDOW)
        # "until Friday, when the provision expires": the clause tells of the date itself
        when = any(t.lower_ == "when" for t in doc[span.end : min(span.end + 2, len(doc))])
        best: tuple[int, int, str, int] | None = None
        for i in range(lo, hi):
            if span.start <= i < span.end:
                continue
            token = doc[i]
            cue = self._cue(token)
            if cue is None:
                continue
            left = i < span.start
            distance = span.start - i if left else i - span.end + 1
            if token.lower_ in self.reporting and distance > 2:
                # "said in a statement on Thursday": as close as "said on Thursday"
                distance = 2 if _governs(doc, i, span) else distance + 4
            if not left:  # a cue after the date is more often another clause's verb
                if cue == "future" and token.lower_ in self.future_present and not when:
                    continue  # "Tuesday's bid by Ford, which holds a stake": not the date's
                distance += 2
            rank = (distance, 0 if left else 1, cue, i)
            if best is None or rank < best:
                best = rank
        if best is None or (deadline and best[2] == "past"):
            return "none", False  # "postponed the decision until June": the deadline is ahead
        between = doc[best[3] + 1 : span.start] if best[3] < span.start else None
        certain = between is not None and len(between) == 1 and between[0].lower_ in GOVERNING
        certain = certain and doc[best[3]].tag_ != "VBN"  # "securities pledged on May 6"
        return best[2], certain

    def _cue(self, token: Token) -> str | None:
        lower, tag = token.lower_, token.tag_
        nxt = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        if lower in self.future_words and (tag == "MD" or tag not in ("VBD", "VBN")):
            if lower == "going" and (nxt != "to" or not _verb_after(token, 2)):
                return None  # "going to the council" is a movement, not a future
            return "future"
        if lower in self.scheduled and nxt not in PARTICLES:
            prev = token.nbor(-1).lower_ if token.i > 0 else ""
            if nxt in ("in", "on", "at") and lower not in self.scheduled_in:
                return None  # "set in January", "a record set on Aug. 6": past agreements
            if nxt in SCHEDULE_NEXT or prev in BE_FORMS:  # "set for", "was expected late today"
                return "future"
        if tag in ("VBZ", "VBP", "VB") and lower in self.future_present:
            return "future" if tag != "VB" or _after_to_or_modal(token) else None
        if tag == "MD":  # could, should, may, might, must: possibility, not time
            return None
        if tag in ("VBD", "VBN"):
            return "future" if _after_to_or_modal(token) else "past"
        if lower == "ago":
            return "past"
        return None  # present tense says nothing the nearest-occurrence default does not


def _ahead_of(doc: Doc, start: int) -> bool:
    """ "ahead of" shortly before the date, with no verb or clause break between."""
    for j in range(start - 1, max(start - 7, 0), -1):
        token = doc[j]
        if token.lower_ == "of" and doc[j - 1].lower_ == "ahead":
            return True
        if token.tag_.startswith("VB") or token.tag_ == "MD" or token.lower_ in CLAUSE_BREAKS:
            return False
    return False


def _in_passing(span: Span) -> bool:
    """ "after a flat second quarter": a period with an indefinite article is named in
    passing; the report's own period stays the reference. Not so where the article is a
    following noun's ("a third-quarter loss", "a fourth quarter operating loss")."""
    doc, i = span.doc, span.start - 1
    while i >= 0 and doc[i].tag_ in ("JJ", "RB") and i > span.start - 3:
        i -= 1
    if i < 0 or doc[i].lower_ not in ("a", "an"):
        return False
    after = doc[span.end] if span.end < len(doc) else None
    return after is None or after.tag_ not in NOUN_TAGS or after.lower_ in ("ended", "ending")


def _governs(doc: Doc, i: int, span: Span) -> bool:
    """A reporting verb that still governs a later date: only a short phrase between,
    with no verb or clause break ("said in a statement on Thursday", "told reporters
    at a news conference on Monday")."""
    if i >= span.start:
        return False
    between = doc[i + 1 : span.start]
    return len(between) <= 7 and not any(
        t.tag_.startswith("VB") or t.tag_ == "MD" or t.lower_ in PHRASE_BREAKS for t in between
    )


def _labels_over(ents: list[tuple[int, int, str]], start: int, end: int) -> set[str]:
    """Labels of the entities overlapping [start, end). The model's entities are in order
    and do not overlap: a bisection finds the first, as a scan of all per date would make
    a document with many dates and entities quadratic."""
    i = bisect_left(ents, start, key=lambda e: e[0])
    if i > 0 and ents[i - 1][1] > start:
        i -= 1
    labels = set()
    while i < len(ents) and ents[i][0] < end:
        if start < ents[i][1]:
            labels.add(ents[i][2])
        i += 1
    return labels


def sentence_starts(doc: Doc) -> Sentences:
    """Token indices where sentences start, and where they start or a paragraph does: one
    pass, then each date finds its sentence by bisection (``span.sent`` walks the document
    for every date). A date's tense is read from its sentence, not before its paragraph
    (the model sometimes runs paragraphs together); a headline still reads the story after
    it."""
    flags = doc.to_array(["SENT_START", "IS_SPACE"]).tolist()
    starts = [i for i, (flag, _) in enumerate(flags) if flag == 1 or i == 0]
    breaks = [
        i + 1
        for i, (_, space) in enumerate(flags[:-1])
        if space and flags[i + 1][0] != 1 and _PARAGRAPH.match(doc[i].text)
    ]
    return starts, sorted(starts + breaks)


def _after_be_past(token: Token) -> bool:
    """ "became effective", "was effective": the start is told as past."""
    return token.i > 0 and token.nbor(-1).tag_ in ("VBD", "VBN")


def _after_to_or_modal(token: Token) -> bool:
    """`will take`, `to begin`, `will be held`: an infinitive's or a modal's verb (but
    "may have been": a guess about the past)."""
    doc = token.doc
    j = token.i - 1
    while j >= 0 and doc[j].tag_ == "RB":
        j -= 1
    perfect = False
    if token.tag_ == "VBN":  # "will be held", "would have applied", "to have been signed"
        if j < 0 or doc[j].lower_ not in ("be", "been", "have"):
            return False
        while j >= 0 and (doc[j].tag_ == "RB" or doc[j].lower_ in ("have", "be", "been")):
            perfect = perfect or doc[j].lower_ == "have"
            j -= 1
    if perfect and j >= 0 and doc[j].lower_ in PAST_GUESS:
        return False
    return j >= 0 and (doc[j].tag_ == "MD" or doc[j].lower_ == "to")


def _verb_after(token: Token, offset: int) -> bool:
    i = token.i + offset
    return i < len(token.doc) and token.doc[i].tag_ == "VB"


# A blank line, or a line break before an indented line (wire copy's paragraphs).
_PARAGRAPH = re.compile(r"\s*\n(?:[ \t]*\n|[ \t]{2,})")
# A date right after a period and these is its end ("the quarter ended Sept. 30"), not a
# new reference.
_PERIOD_END = re.compile(r"(?i:\s*(?:ended|ending|ends|through|to)\s*)")
# "for the year ended March 31": the period the end date closes is the reference.
_ENDED_PERIOD = re.compile(
    r"(?i:\b(?:the|fiscal)\s+(?P<unit>year|quarter|half|week|month)\s+"
    r"(?:ended|ending|to|up\s+to|through)\s+$)"
)
# Relative words a report uses to compare ("up from last year"): they do not replace
# a finer period as the reference ("the third quarter ... a year ago").
_COMPARISON = re.compile(r"(?i:(?:(?:earlier|later)\s+)?(?:last|this|next)\s+year)")


def _next_reference(
    reference: str | None, cand: Candidate, value: str, before: str, dct: dt.date | None
) -> str | None:
    """The reference time after `cand`: TimeML anchors a relative expression to the
    period the text last named (the DCT itself, as in a dateline, changes nothing);
    a period named only to compare with ("a year earlier") does not move it."""
    if granularity(value) is None or (dct is not None and value == dct.isoformat()):
        return reference
    if is_comparison(cand.text):
        return reference
    ended = _ENDED_PERIOD.search(before)
    if ended:
        return coarsen(value, ended["unit"]) or reference
    finer = reference is not None and granularity(reference) != "year"
    if finer and granularity(value) == "year" and _COMPARISON.fullmatch(cand.text):
        return reference
    return value


def _reported(value: str, cand: Candidate, before: str, dct: dt.date | None) -> bool:
    """Whether a period named can be what a report compares with "a year earlier": begun by
    the DCT (not a forecast for a later period; a fiscal year told by its end date has
    begun), and not the time of the news itself ("shares fell yesterday", "last week the
    company reported")."""
    if not begun_by(value, dct) and not _ENDED_PERIOD.search(before):
        return False
    return cand.kind not in ("relative", "weekday") or granularity(value) not in ("day", "week")


def _range_end(text: str, cand: Candidate) -> str | None:
    """The year "58" ends in "1957-58": the first year's century, or the next one."""
    first = text[cand.start - 5 : cand.start - 1]
    if not first.isdigit():
        return None
    year = int(first[:2] + cand.text)
    return (
        str(year)
        if int(first) < year <= int(first) + 20
        else (str(year + 100) if int(first) < year + 100 <= int(first) + 20 else None)
    )


@functools.lru_cache(maxsize=4)
def _tense_cues(text: str) -> dict[str, frozenset[str]]:
    """The tense cue words of a vocabulary file (compiled once per text)."""
    cues = yamltext.safe_load(text)["tense"]
    return {key: frozenset(words) for key, words in cues.items()}


@Language.factory(
    "tradenews_dates",
    default_config={"vocabulary": None},
    requires=["token.tag", "doc.ents", "doc._.dct"],
    assigns=["doc._.dates"],
)
def make_date_extractor(nlp: Language, name: str, vocabulary: str | None) -> DateExtractor:
    """Dates normalized to TIMEX3 values against ``doc._.dct`` (the publication date)."""
    return DateExtractor(nlp, name, vocabulary)

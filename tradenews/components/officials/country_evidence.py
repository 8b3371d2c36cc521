"""Whom an official serves when the title does not say: evidence weighed together.

Every country the story gives reason to think of is a candidate; each gets a vector
of evidence (named just before the person, share of the person's sentences, the
story's focus, the dateline, an office that only one country has, a state or
province of that country in the title, what is known of the person, the colleagues
named with them); the candidate with the highest weighted sum wins. The weights are
data (``data/placement.yaml``), fitted on annotated articles by
``benchmarks/fit_placement.py``, so no one clue overrules the rest by its place in
the code: "Ohio Gov. Mike DeWine", in a story that also names the Soviet secret
police, serves the United States because the state, the office and the story all
say so, though "Soviet" is the nearer country word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pycountry

from tradenews.components.sentences import sentence
from tradenews.lexicon import officeholders, places
from tradenews.lexicon.names import fold
from tradenews.lexicon.titles import TitleLexicon, contains, words

if TYPE_CHECKING:
    from tradenews.components.officials.context import DocContext
    from tradenews.components.officials.placement import Draft

# The evidence, in the order of the weight vector.
FEATURES: tuple[str, ...] = (
    "near",  # the country an actor word names shortly before the person
    "sentence_share",  # share of the country words in the person's sentences
    "story_share",  # share of the country words in the whole story
    "country_share",  # share of the story's country mentions (the countries component)
    "institutions",  # the story names the country's institutions (Congress, Knesset)
    "story_top",  # the country the story names most
    "first_named",  # the first country the story names
    "dateline",  # the dateline's country
    "home",  # the story's home country as wire convention reads it
    "office",  # an office only this country has ("Senate Majority Leader")
    "office_evidence",  # the story names that country's institutions (Congress)
    "subdivision",  # a state or province of the country in the title or before the name
    "known_person",  # the person is listed as holding a role of that country
    "colleagues",  # share of placed officials in the person's sentences serving it
    "unqualified",  # a bare title news gives one country ("President")
)

# How many tokens before a name a state or province may stand ("Ohio Gov. Mike DeWine").
SUBDIVISION_WINDOW = 4


@dataclass(frozen=True)
class Weights:
    """One weight per feature, in :data:`FEATURES` order."""

    values: tuple[float, ...]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Weights:
        given = data.get("weights") or {}
        unknown = set(given) - set(FEATURES)
        if unknown:
            raise ValueError(f"placement weights: unknown evidence {sorted(unknown)}")
        return cls(tuple(float(given.get(name, 0.0)) for name in FEATURES))

    def score(self, vector: list[float]) -> float:
        return sum(w * x for w, x in zip(self.values, vector, strict=True))


def choose(candidates: dict[str, list[float]], weights: Weights) -> str:
    """The best-supported candidate; ties go to the earlier one (the order the story names
    them), so the result never depends on hashing. No country when nothing speaks for
    any (a score of zero or less): a story that names no country places no one."""
    best, best_score = "", 0.0
    for iso, vector in candidates.items():
        s = weights.score(vector)
        if s > best_score:
            best, best_score = iso, s
    return best


def candidates(
    lex: TitleLexicon,
    reg: officeholders.Registry,
    ctx: DocContext,
    d: Draft,
    placed: Iterable[Draft],
) -> dict[str, list[float]]:
    """Every country with some evidence for ``d``, and its evidence vector."""
    doc = ctx.doc
    ms = d.mentions
    title_words = words(d.row["title"]) + words(d.row["organization"])
    near = ctx.near_country(ms)
    home = ctx.home(lex.unqualified_titles)
    votes = ctx.sentence_votes(ms)
    total_votes = sum(votes.values()) or 1
    total = sum(ctx.counts.values()) or 1
    top = max(ctx.counts.values(), default=0)
    first = next(iter(ctx.counts), "")
    office = {
        iso for iso, keys in lex.conventional.items() if any(contains(title_words, k) for k in keys)
    }
    evidence = {
        iso for iso in office if ctx.has_evidence(iso, lex.convention_evidence.get(iso, ()))
    }
    bare = tuple(w for w in words(d.row["title"]) if w not in lex.time_modifiers)
    unqualified = lex.unqualified_titles.get(bare, "")
    subdivisions = _subdivisions_near(doc, ms)
    known = _known_countries(reg, d.row["name"])
    colleagues = _colleague_votes(ctx, d, placed)
    total_colleagues = sum(colleagues.values()) or 1
    named = {c["country"]: c.get("mentions") or 1 for c in doc._.countries or [] if c["country"]}
    total_named = sum(named.values()) or 1
    isos: dict[str, None] = dict.fromkeys(ctx.counts)
    for iso in named:
        isos.setdefault(iso, None)
    for extra in (near, home, ctx.dateline, unqualified, *office, *subdivisions, *known):
        isos.setdefault(extra, None)
    for iso in colleagues:
        isos.setdefault(iso, None)
    isos.pop("", None)
    return {
        iso: [
            float(iso == near),
            votes[iso] / total_votes,
            ctx.counts[iso] / total,
            named.get(iso, 0) / total_named,
            float(ctx.has_evidence("", lex.convention_evidence.get(iso, ()))),
            float(top > 0 and ctx.counts[iso] == top),
            float(iso == first),
            float(iso == ctx.dateline),
            float(iso == home),
            float(iso in office),
            float(iso in evidence),
            float(iso in subdivisions),
            float(iso in known),
            colleagues[iso] / total_colleagues,
            float(iso == unqualified),
        ]
        for iso in isos
    }


def _known_countries(reg: officeholders.Registry, name: str) -> set[str]:
    person = officeholders.lookup(name, reg)
    return {r.country for r in person.roles if r.country} if person else set()


def _colleague_votes(ctx: DocContext, d: Draft, placed: Iterable[Draft]) -> Counter[str]:
    """Countries of the officials already placed by their own titles who share a sentence
    with ``d`` ("Governor X met Prime Minister Y and Foreign Minister Z")."""
    sents = {sentence(ctx.doc, m.start).start for m in d.mentions}
    votes: Counter[str] = Counter()
    for o in placed:
        if o is d or o.needs_country or not o.row["country"]:
            continue
        if any(sentence(ctx.doc, m.start).start in sents for m in o.mentions):
            votes[o.row["country"]] += 1
    return votes


def _subdivisions_near(doc: Any, ms: list[Any]) -> set[str]:
    """Countries whose state or province is named in a title or just before a name."""
    found: set[str] = set()
    for m in ms:
        lo = min(m.start, m.title_span[0]) if m.title_span != (0, 0) else m.start
        lo = max(lo - SUBDIVISION_WINDOW, sentence(doc, m.start).start)
        found.update(iso for iso, _ in _regions(doc[lo : m.start]))
    return found


def region_in(span: Any) -> tuple[str, str]:
    """The country of the first state or province named in a token span, and its name."""
    return next(_regions(span), ("", ""))


def _regions(span: Any) -> Iterator[tuple[str, str]]:
    """Each state or province a token span names (longest first at each token), with
    its country."""
    table = subdivision_countries()
    for a in range(len(span)):
        for size in (3, 2, 1):
            if a + size > len(span):
                continue
            text = span[a : a + size].text
            iso = table.get(fold(text))
            if iso:
                yield iso, text


@lru_cache(maxsize=1)
def subdivision_countries() -> dict[str, str]:
    """First-level ISO 3166-2 subdivisions (pycountry) by folded name -> country ISO3.

    Only names that are one country's and no country's own name or demonym:
    "Ohio" -> USA, "Punjab" (India's and Pakistan's) left out, "Georgia" left out.
    """
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        key = fold(sub.name)
        if len(key) < 4:
            continue
        seen.setdefault(key, set()).add(country.alpha_3)
    table = {}
    for key, isos in seen.items():
        if len(isos) == 1 and places.lookup_country(key.title()) is None:
            table[key] = next(iter(isos))
    return table

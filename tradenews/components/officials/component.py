"""The ``tradenews_officials`` spaCy component: officials and other named people.

The component works on tokens, tags and NER spans only (no parser), and reads the
countries the ``tradenews_countries`` component found (``doc._.countries``):

1. Name mentions (:mod:`names`): NER ``PERSON`` spans widened and cleaned, plus names
   NER missed after a role word, an honorific, or before a role in apposition.
2. Each mention gets the title phrase around it (:mod:`titles`), and what the title
   says about whom the person serves (:mod:`placement`).
3. Mentions are merged into one record per person (:mod:`coref`), then each record gets
   its title, official-vs-person from the title lexicon, and the country it serves.

Data (``titles.yaml``, ``title_grammar.yaml``, ``officeholders.yaml``) is loaded in
``initialize()`` from the package unless other files are named, and saved with the
pipeline by ``to_disk``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import srsly  # type: ignore[import-untyped]
from spacy.language import Language
from spacy.tokens import Doc

from tradenews import yamltext
from tradenews.components import make_entity, register_extensions
from tradenews.components.officials import bodies, country_evidence
from tradenews.components.officials.context import DocContext
from tradenews.components.officials.coref import (
    Mention,
    cluster,
    count_extra,
    split_compounds,
)
from tradenews.components.officials.evidence import foreign_name, quoted_work, untitled_person
from tradenews.components.officials.names import Names, publication_date
from tradenews.components.officials.placement import (
    Draft,
    Placer,
    apply_known_role,
    historical_states,
)
from tradenews.components.officials.titles import Titles
from tradenews.components.officials.tokens import Knowledge, body, fw
from tradenews.components.sentences import sentence
from tradenews.lexicon import language, officeholders
from tradenews.lexicon import titles as title_data
from tradenews.lexicon.names import fold
from tradenews.lexicon.titles import words

# doc.user_data key of the placement evidence, when the component explains itself.
EXPLAIN_KEY = "tradenews.placement"
# An official placed by weighing, with the evidence of each candidate country.
Weighed = tuple[Draft, dict[str, list[float]]]

# Saved with the pipeline, under the component's directory.
DATA_FILES = {
    "titles": title_data.TITLES_FILE,
    "grammar": title_data.GRAMMAR_FILE,
    "officeholders": officeholders.DATA_FILE,
    "officeholders_sourced": officeholders.SOURCED_FILE,
    "placement": "placement.yaml",
}
EMPTY_REGISTRY_TEXT = "officeholders: []\n"


@lru_cache(maxsize=4)
def _compile(
    titles: str, grammar: str, holders: str, sourced: str
) -> tuple[title_data.TitleLexicon, title_data.Grammar, officeholders.Registry]:
    """Compiled data, shared by every pipeline of the process that loads the same texts."""
    lex, gram = title_data.load(titles, grammar)
    return lex, gram, officeholders.from_text(holders, sourced)


def _weights(text: str) -> country_evidence.Weights:
    return country_evidence.Weights.from_data(yamltext.safe_load(text) or {})


def _package_texts() -> dict[str, str]:
    return {
        "titles": title_data.package_text(title_data.TITLES_FILE),
        "grammar": title_data.package_text(title_data.GRAMMAR_FILE),
        "officeholders": officeholders.package_text(),
        "officeholders_sourced": officeholders.package_text(officeholders.SOURCED_FILE),
        "placement": title_data.package_text(DATA_FILES["placement"]),
    }


class OfficialsComponent:
    """Sets ``doc._.people`` (kind official or person); ``doc._.officials`` filters it."""

    def __init__(self, nlp: Language, name: str, known_officeholders: bool = True) -> None:
        register_extensions()
        self.vocab = nlp.vocab
        self.name = name
        self.known_officeholders = known_officeholders
        self.texts: dict[str, str] = {}
        self.kn: Knowledge | None = None
        self.weights = country_evidence.Weights(())
        # Set to keep each weighed official's evidence in doc.user_data (for fitting)
        self.explain = False

    # ------------------------------------------------------------------ data
    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        titles: str | Path | None = None,
        grammar: str | Path | None = None,
        officeholders: str | Path | None = None,
        officeholders_sourced: str | Path | None = None,
        placement: str | Path | None = None,
    ) -> None:
        """Load the data files: the package's, or the ones named here."""
        texts = _package_texts()
        named = {
            "titles": titles,
            "grammar": grammar,
            "officeholders": officeholders,
            "officeholders_sourced": officeholders_sourced,
            "placement": placement,
        }
        for key, path in named.items():
            if path is not None:
                texts[key] = Path(path).read_text(encoding="utf-8")
        self._load(texts)

    def _load(self, texts: dict[str, str]) -> None:
        # a pipeline saved before the generated file existed has none
        texts = {"officeholders_sourced": EMPTY_REGISTRY_TEXT, **texts}
        self.texts = dict(texts)
        holders = texts["officeholders"] if self.known_officeholders else EMPTY_REGISTRY_TEXT
        sourced = texts["officeholders_sourced"] if self.known_officeholders else ""
        lex, gram, reg = _compile(texts["titles"], texts["grammar"], holders, sourced)
        self.kn = Knowledge.build(self.vocab, lex, gram, reg)
        self.weights = _weights(texts["placement"])
        self.titles = Titles(self.kn)
        self.names = Names(self.kn, self.titles)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.kn is None:
            self.initialize()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for key, filename in DATA_FILES.items():
            (path / filename).write_text(self.texts[key], encoding="utf-8")

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        if self.kn is None:
            self.initialize()
        return srsly.msgpack_dumps(self.texts)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> OfficialsComponent:
        self._load(srsly.msgpack_loads(data))
        return self

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> OfficialsComponent:
        path = Path(path)
        self._load(
            {
                key: (path / name).read_text(encoding="utf-8")
                for key, name in DATA_FILES.items()
                if (path / name).exists() or key != "officeholders_sourced"
            }
        )
        return self

    # ------------------------------------------------------------------ documents
    def __call__(self, doc: Doc) -> Doc:
        if self.kn is None:
            self.initialize()  # added to a pipeline without nlp.initialize(): package data
        if doc._.countries is None:
            raise ValueError(
                f"{self.name} reads doc._.countries: add the tradenews_countries "
                "component before it"
            )
        if len(doc) and not doc.has_annotation("SENT_START"):
            # a pipeline without sentences: one long sentence (spaCy reads the first
            # token as a start anyway, so the others must say they are not)
            for tok in doc:
                tok.is_sent_start = tok.i == 0
        doc._.people = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[dict[str, Any]]:
        """The person records of one document."""
        lang = language.doc_language(doc)
        plain = None
        if lang != language.ENGLISH:
            plain = language.plain_words(lang, (t.text for t in doc if t.is_lower))
        spans = self.names.candidates(doc, plain)
        if not spans:
            return []
        mentions: list[Mention] = []
        assert self.kn is not None
        drop = self.kn.lex.drop_honorifics
        orgs = bodies.organizations(doc, self.kn.lex)
        for a, b in spans:
            sent = sentence(doc, a)
            m = Mention(a, b, tuple(doc[a:b].text.split()))
            m.honorific = a > 0 and (fw(doc[a - 1]),) in drop
            info = self.titles.left(doc, a, sent) or self.titles.right(doc, b, sent)
            if info is not None:
                m.title, m.head = info.title, info.head
                m.country, m.organization = info.country, info.organization
                m.public_org, m.private_org = info.public_org, info.private_org
                m.intergov = info.country_known and not info.country and bool(info.organization)
                m.possessor, m.title_span = info.possessor, info.span
                m.weak_org = info.weak_org
                bodies.resolve(doc, m, orgs, self.kn.lex)
            mentions.append(m)
        mentions = split_compounds(doc, mentions)
        records = cluster(mentions)
        count_extra(doc, records, mentions)
        return self._records(doc, records, mentions, orgs, lang, plain)

    def _known(self, longest: tuple[str, ...], titled: bool, doc: Doc) -> Any:
        """The listed officeholder a record names, if any."""
        assert self.kn is not None
        reg = self.kn.registry
        known = officeholders.lookup(" ".join(longest), reg)
        if known is None and len(longest) > 2 and fold(longest[0]) in self.kn.lex.keep_honorifics:
            known = officeholders.lookup(" ".join(longest[1:]), reg)  # "Sheikh Tamim bin Hamad"
        if known is None and (len(longest) == 1 or not titled):
            known = officeholders.lookup_surname(" ".join(longest), publication_date(doc), reg)
        return known

    def _records(
        self,
        doc: Doc,
        records: list[list[int]],
        mentions: list[Mention],
        orgs: list[bodies.Org],
        lang: str = language.ENGLISH,
        plain: frozenset[str] | None = None,
    ) -> list[dict[str, Any]]:
        """One entity dict per person: fullest name, first stated title, country served."""
        assert self.kn is not None
        ctx = DocContext(self.kn.lex, doc, mentions)
        drafts: list[Draft] = []
        for group in records:
            ms = sorted((mentions[x] for x in group), key=lambda m: m.start)
            titled = [m for m in ms if m.head]
            longest = max(ms, key=lambda m: len(m.words)).words
            known = self._known(longest, bool(titled), doc)
            if plain is not None and known is None:
                if not foreign_name(longest, lang, plain, self.kn.lex.particles, bool(titled)):
                    continue
            if not titled and known is None and quoted_work(doc, ms):
                continue  # a quoted title of a work ("Mrs Maisel")
            if not titled and not any(m.honorific for m in ms) and known is None:
                if len(longest) == 1:
                    continue  # a lone untitled word is too often a company or a place
                if all(w.isupper() for w in longest):
                    continue  # upper-case copy: NER reads any two words as a name
                if not untitled_person(doc, self.kn, ms, orgs):
                    continue
            d = self._draft(doc, ms, titled)
            if known is not None:
                apply_known_role(d, known, bool(titled), publication_date(doc))
            drafts.append(d)
        weighed = self._possessors(drafts, ctx)
        if self.explain:
            doc.user_data[EXPLAIN_KEY] = _explain(weighed)
        if plain is not None:
            for d in drafts:
                if d.row["organization"] and body(self.kn.lex, d.row["organization"]) is None:
                    d.row["organization"] = ""  # "Der Reporter": English grammar, other words
        rows = [d.row for d in drafts]
        historical_states(doc._.countries or [], rows)
        for d in drafts:
            if d.weak_org and d.row["country"] != d.weak_org:
                d.row["organization"] = ""  # "Treasury" was another country's treasury
        rows.sort(key=lambda r: r["start"])
        return rows

    def _possessors(self, drafts: list[Draft], ctx: DocContext) -> list[Weighed]:
        """A title owned by another person ("Boric's chief of staff", "Trump's trade
        adviser") takes that person's country; everyone else is placed by :class:`Placer`.
        The evidence is gathered only for the officials it decides: the officials placed
        by weighing, with their evidence, are returned."""
        assert self.kn is not None
        by_surname = {fold(d.row["name"].split()[-1]): d for d in drafts}
        owners: dict[int, Draft] = {}
        for k, d in enumerate(drafts):
            owner = by_surname.get(fold(d.possessor)) if d.possessor else None
            if owner is None or owner is d:
                continue
            if d.row["organization"] == d.possessor:
                d.row["organization"] = ""
            if d.needs_country:
                owners[k] = owner
                d.needs_country = False
        evidence: dict[int, dict[str, list[float]]] = {}

        def weigh(d: Draft) -> str:
            if id(d) not in evidence:
                evidence[id(d)] = self._evidence(ctx, d, drafts)
            return country_evidence.choose(evidence[id(d)], self.weights)

        weighed = [d for d in drafts if d.needs_country]
        if self.explain:  # the evidence as it stood before any placing
            for d in weighed:
                weigh(d)
        Placer(self.kn.lex, drafts, ctx, weigh).place()
        for k, owner in owners.items():
            r = drafts[k].row
            r["country"] = owner.row["country"] if owner.row["kind"] == "official" else ""
            if not r["country"]:
                r["country"] = weigh(drafts[k])
        return [(d, evidence[id(d)]) for d in weighed if id(d) in evidence]

    def _evidence(self, ctx: DocContext, d: Draft, drafts: list[Draft]) -> dict[str, list[float]]:
        assert self.kn is not None
        return country_evidence.candidates(self.kn.lex, self.kn.registry, ctx, d, drafts)

    def _draft(self, doc: Doc, ms: list[Mention], titled: list[Mention]) -> Draft:
        """The record of one person: fullest name, the title that says most, the kind."""
        full = max(ms, key=lambda m: (len(m.words), -m.start))
        first = ms[0]
        title_m = _title_mention(titled)
        public_org = any(m.public_org for m in titled)
        private_org = any(m.private_org for m in titled) and not public_org
        country = next((m.country for m in titled if m.country), "")
        org_m = next((m for m in titled if m.organization), None)
        intergov = not country and any(m.intergov for m in titled)
        official = _is_official({m.head for m in titled}, public_org, private_org, country)
        last = doc[first.end - 1]
        row = make_entity(
            "official" if official else "person",
            name=" ".join(full.words),
            text=doc[first.start : first.end].text,
            start=doc[first.start].idx,
            end=last.idx + len(last.text),
            title=title_m.title if title_m else "",
            country=country,
            mentions=len(ms),
            organization=" ".join((org_m.organization if org_m else "").split()),
        )
        return Draft(
            row,
            ms,
            possessor=next((m.possessor for m in titled if m.possessor), ""),
            needs_country=official and not country and not intergov,
            weak_org=org_m.weak_org if org_m else "",
        )


def _explain(weighed: list[Weighed]) -> list[dict[str, Any]]:
    """The evidence each official placed by weighing had, and the country given."""
    return [
        {
            "name": d.row["name"],
            "title": d.row["title"],
            "country": d.row["country"],
            "placed_by": d.placed_by,
            "candidates": cands,
        }
        for d, cands in weighed
    ]


def _title_mention(titled: list[Mention]) -> Mention | None:
    """The first title that says whom the person serves, unless an earlier one is longer."""
    title_m = titled[0] if titled else None
    for m in titled:
        if m.country or m.organization:
            title_m = m
            break
    if title_m is not None and titled[0] is not title_m and titled[0].start < title_m.start:
        if len(words(titled[0].title)) > len(words(title_m.title)):
            title_m = titled[0]
    return title_m


def _is_official(heads: set[str | None], public_org: bool, private_org: bool, country: str) -> bool:
    if public_org or "public" in heads:
        return True
    if "public_default" in heads:
        return not private_org
    if "ambiguous" in heads:
        return bool(country) and not private_org
    return False


@Language.factory(
    "tradenews_officials",
    default_config={"known_officeholders": True},
    requires=["doc._.countries", "token.tag", "token.ent_type"],
    assigns=["doc._.people", "doc._.officials"],
)
def make_officials(nlp: Language, name: str, known_officeholders: bool) -> OfficialsComponent:
    """Officials and other named people, from tags, NER and the countries component."""
    return OfficialsComponent(nlp, name, known_officeholders=known_officeholders)

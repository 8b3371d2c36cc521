"""Countries (-> ISO3): names, abbreviations, demonyms, capitals.

Countries are found by one compiled matcher over the document text (built once
from :mod:`tradenews.lexicon.places`), then each candidate is checked against its
context: NER ``PERSON`` spans ("Michael Jordan", "Chad Bown"), U.S.-state cues
("Atlanta, Georgia", "Georgia's governor"), a headline pronoun ("LET US"), the
bird ("Thanksgiving turkey"). Look-alike names ("New Mexico", "Papua New
Guinea", "Indian Ocean") are matched as wholes, so the longest name wins.

Besides ``doc._.countries`` (one record per country), every accepted mention goes to
``doc._.country_mentions`` for the components that read countries in context
(organizations). The data (``countries.yaml``) is loaded in ``initialize()`` and
saved with the pipeline.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import ClassVar

from spacy.language import Language
from spacy.tokens import Doc

from tradenews import yamltext
from tradenews.components import make_entity
from tradenews.components.data import DataComponent, package_text
from tradenews.components.sentences import sentence
from tradenews.lexicon import places

# Words after which an all-caps "US" is the pronoun, not the country. Prepositions that
# trade headlines use with the country ("EXPORTS TO US", "TARIFFS FROM US") are left out.
PRONOUN_GOVERNORS = frozenset(
    "LET LETS TELL TELLS TOLD GIVE GIVES GAVE HELP HELPS JOIN JOINS SHOW SHOWS ASK ASKS ASKED "
    "HIT HITS HURT HURTS MAKE MAKES ALL BETWEEN AMONG ABOUT LIKE BEHIND UPON".split()
)
PRONOUN_FOLLOWERS = frozenset({"ALL", "BOTH"})
WORD_BEFORE = re.compile(r"([\w.’'-]+)\W*$")
WORD_AFTER = re.compile(r"^\W*([\w.’'-]+)")
ALL_CAPS_CONTEXT = 40


@dataclass
class Hit:
    """Occurrences of one entity in a document: first mention and a count."""

    text: str
    start: int
    end: int
    mentions: int = 1


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def in_brackets(text: str, start: int, end: int) -> bool:
    """A ticker symbol such as "<ROK>" or "<AUS>", not a name."""
    return text[start - 1 : start] == "<" and text[end : end + 1] == ">"


class CountryExtractor(DataComponent):
    """Sets ``doc._.countries`` and ``doc._.country_mentions``."""

    DATA_FILES: ClassVar[dict[str, str]] = {"countries": "countries.yaml"}

    def __init__(self, nlp: Language, name: str, countries: str | None = None) -> None:
        self._init_data(name, countries=countries)

    def _load(self, texts: dict[str, str]) -> None:
        self.countries = _compile(texts["countries"])

    def __call__(self, doc: Doc) -> Doc:
        self.ensure_loaded()
        text = doc.text
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        found: dict[str, Hit] = {}
        refs: dict[str, places.CountryRef] = {}
        spans: list[tuple[int, int, str]] = []
        surfaces: list[str] = []
        assert self.countries.pattern is not None
        for m in self.countries.pattern.finditer(text):
            surface = places.squash(m.group())
            form = self.countries.exact.get(surface)
            if form is None or form.ref is None or in_brackets(text, m.start(), m.end()):
                continue
            if not self._is_country(doc, text, m.start(), m.end(), surface, form, persons):
                continue
            spans.append((m.start(), m.end(), form.ref.iso3))
            refs[form.ref.iso3] = form.ref
            surfaces.append(surface)
        spans = self._historical_capitals(spans, surfaces, refs)
        for start, end, iso3 in spans:
            if iso3 in found:
                found[iso3].mentions += 1
            else:
                found[iso3] = Hit(text[start:end], start, end)
        doc._.countries = [
            make_entity(
                "country",
                refs[iso3].name,
                hit.text,
                hit.start,
                hit.end,
                country=iso3,
                mentions=hit.mentions,
            )
            for iso3, hit in found.items()
        ]
        doc._.country_mentions = spans
        return doc

    # -- countries -------------------------------------------------------------------------

    def _historical_capitals(
        self,
        spans: list[tuple[int, int, str]],
        surfaces: list[str],
        refs: dict[str, places.CountryRef],
    ) -> list[tuple[int, int, str]]:
        """ "Moscow" is the Soviet Union's capital in a story that names the Soviet Union."""
        named = {iso for _, _, iso in spans}
        remap: dict[str, str] = {}
        for iso3, capitals in self.countries.historical_capitals.items():
            if iso3 in named:
                remap.update({c.upper(): iso3 for c in capitals})
        if not remap:
            return spans
        out = []
        for (start, end, iso3), surface in zip(spans, surfaces, strict=True):
            target = remap.get(surface.upper(), iso3)
            if target != iso3:
                refs[target] = places.country_by_code(target) or refs[target]
            out.append((start, end, target))
        return out

    def _is_country(
        self,
        doc: Doc,
        text: str,
        start: int,
        end: int,
        surface: str,
        form: places.CountryForm,
        persons: list[tuple[int, int]],
    ) -> bool:
        """Whether this occurrence of a country form means the country, given its context."""
        before = text[max(0, start - 60) : start]
        after = text[end : end + 60]
        if surface == "US" and not self._us_is_country(before, after):
            return False
        base = surface if surface in self.countries.context else surface.title()
        if form.kind == "capital" or base in self.countries.person_like:
            for p_start, p_end in persons:
                overlaps = p_start < end and start < p_end
                longer = p_start < start or not re.fullmatch(r"(?:'s|’s)?", text[end:p_end])
                if overlaps and longer:
                    return False  # part of a person's name: "Michael Jordan", "Chad Bown"
        if form.kind in ("capital", "name") and self._is_us_place(before, after, surface):
            return False
        rules = self.countries.context.get(base)
        if rules and not self._context_allows(doc, text, start, end, before, after, rules):
            return False
        return True

    def _us_is_country(self, before: str, after: str) -> bool:
        """An all-caps "US" is the pronoun in a headline ("LET US", "JOIN US")."""
        window = before[-ALL_CAPS_CONTEXT:] + after[:ALL_CAPS_CONTEXT]
        if not is_all_caps(window):
            return True
        prev = WORD_BEFORE.search(before)
        nxt = WORD_AFTER.match(after)
        if prev and prev.group(1) in PRONOUN_GOVERNORS:
            return False
        return not (nxt and nxt.group(1) in PRONOUN_FOLLOWERS)

    def _is_us_place(self, before: str, after: str, surface: str) -> bool:
        """ "Paris, Texas", "Athens, Ga.", "Atlanta, Georgia": a U.S. place, not the country."""
        nxt = re.match(r"^,\s*([A-Z][\w.]*(?: [A-Z][\w.]*)?)", after)
        if nxt:
            for state in (nxt.group(1), nxt.group(1).split()[0]):
                # "Turkey, Georgia and Armenia" is a list of countries, not a U.S. address.
                if state in self.countries.us_states and places.lookup_country(state) is None:
                    return True
        if surface.title() in self.countries.us_states:
            prev = re.search(r"([A-Z][\w.]+(?: [A-Z][\w.]+)?),\s*$", before)
            if prev and places.lookup_country(prev.group(1)) is None:
                return True
        return False

    def _context_allows(
        self,
        doc: Doc,
        text: str,
        start: int,
        end: int,
        before: str,
        after: str,
        rules: dict[str, list[str]],
    ) -> bool:
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in rules.get("unless", [])):
            return True
        required = rules.get("require")
        if required and not any(re.search(rf"\b{re.escape(w)}\b", text) for w in required):
            return False
        after_s = re.sub(r"^(?:'s|’s)?\s*", "", after)
        if any(re.match(rf"{re.escape(w)}(?!\w)", after_s) for w in rules.get("next", [])):
            return False
        before_s = before.rstrip()
        if any(re.search(rf"(?<!\w){re.escape(w)}$", before_s) for w in rules.get("prev", [])):
            return False
        if rules.get("sentence"):
            span = doc.char_span(start, end, alignment_mode="expand")
            sent = (
                sentence(doc, span.start).text
                if span is not None
                else text[max(0, start - 200) : end + 200]
            )
            rest = sent.replace(text[start:end], " ", 1)
            if any(re.search(rf"\b{re.escape(w)}\b", rest) for w in rules["sentence"]):
                return False
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in rules.get("document", [])):
            return False
        return True


@functools.lru_cache(maxsize=4)
def _compile(text: str) -> places.CountryGazetteer:
    """The country matcher of a data file's text (the shared one for the package's)."""
    if text == package_text("countries.yaml"):
        return places.country_gazetteer()
    return places.build_country_gazetteer(yamltext.safe_load(text) or {})


@Language.factory(
    "tradenews_countries",
    default_config={"countries": None},
    requires=["doc.ents", "doc.sents"],
    assigns=["doc._.countries", "doc._.country_mentions"],
)
def make_country_extractor(nlp: Language, name: str, countries: str | None) -> CountryExtractor:
    """Countries as ISO3 codes, from names, abbreviations, demonyms and capitals."""
    return CountryExtractor(nlp, name, countries)

"""Countries (-> ISO3) and organizations: names, abbreviations, demonyms, capitals.

Countries are found by one compiled matcher over the document text (built once
from :mod:`tradenews.lexicon.places`), then each candidate is checked against its
context: NER ``PERSON`` spans ("Michael Jordan", "Chad Bown"), U.S.-state cues
("Atlanta, Georgia", "Georgia's governor"), a headline pronoun ("LET US"), the
bird ("Thanksgiving turkey"). Look-alike names ("New Mexico", "Papua New
Guinea", "Indian Ocean") are matched as wholes, so the longest name wins.

Organizations come from the alias matcher (canonical names for "EU", "USTR",
"the State Department") plus the model's ``ORG`` spans, cleaned and given the
country of a national body from the country word in or right before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from tradenews.components import make_entity, register_extensions
from tradenews.lexicon import officeholders, places

# Words after which an all-caps "US" is the pronoun, not the country. Prepositions that
# trade headlines use with the country ("EXPORTS TO US", "TARIFFS FROM US") are left out.
PRONOUN_GOVERNORS = frozenset(
    "LET LETS TELL TELLS TOLD GIVE GIVES GAVE HELP HELPS JOIN JOINS SHOW SHOWS ASK ASKS ASKED "
    "HIT HITS HURT HURTS MAKE MAKES ALL BETWEEN AMONG ABOUT LIKE BEHIND UPON".split()
)
PRONOUN_FOLLOWERS = frozenset({"ALL", "BOTH"})
# Acronyms that are English words: not an organization in an all-caps headline.
HEADLINE_WORDS = frozenset({"WHO", "AU", "SEC", "CIT", "ITC", "ICO", "FED", "US"})
TITLE_WORDS = re.compile(
    r"\b(?:Secretary|Minister|President|Premier|Ambassador|Chancellor|Governor|Spokesman|"
    r"Spokeswoman|Spokesperson|Chairman|Chairwoman|Senator|Sen\.|Rep\.|Gov\.|Mr\.|Ms\.|Mrs\.)\b"
)
TITLE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:Secretary|Minister|Ministers|Secretaries)\b")
ADMINISTRATION = re.compile(r"\b(?:administration|Administration|government|camp)$")
WORD_BEFORE = re.compile(r"([\w.’'-]+)\W*$")
WORD_AFTER = re.compile(r"^\W*([\w.’'-]+)")
ALL_CAPS_CONTEXT = 40


@dataclass
class _Hit:
    """Occurrences of one entity in a document: first mention and a count."""

    text: str
    start: int
    end: int
    mentions: int = 1


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _in_brackets(text: str, start: int, end: int) -> bool:
    """A ticker symbol such as "<ROK>" or "<AUS>", not a name."""
    return text[start - 1 : start] == "<" and text[end : end + 1] == ">"


class CountryExtractor:
    """Sets ``doc._.countries`` and ``doc._.organizations``."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.countries = places.country_gazetteer()
        self.orgs = places.org_gazetteer()
        body = "|".join(re.escape(w) for w in self.orgs.body_words)
        self.body_re = re.compile(rf"\b(?:{body})\b")
        self.not_orgs = places.not_organizations()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        found: dict[str, _Hit] = {}
        refs: dict[str, places.CountryRef] = {}
        spans: list[tuple[int, int, str]] = []
        surfaces: list[str] = []
        assert self.countries.pattern is not None
        for m in self.countries.pattern.finditer(text):
            surface = places.squash(m.group())
            form = self.countries.exact.get(surface)
            if form is None or form.ref is None or _in_brackets(text, m.start(), m.end()):
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
                found[iso3] = _Hit(text[start:end], start, end)
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
        doc._.organizations = self._organizations(doc, text, spans)
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
        if not _is_all_caps(window):
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
            sent = span.sent.text if span is not None else text[max(0, start - 200) : end + 200]
            rest = sent.replace(text[start:end], " ", 1)
            if any(re.search(rf"\b{re.escape(w)}\b", rest) for w in rules["sentence"]):
                return False
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in rules.get("document", [])):
            return False
        return True

    # -- organizations ---------------------------------------------------------------------

    def _organizations(
        self, doc: Doc, text: str, country_spans: list[tuple[int, int, str]]
    ) -> list[dict[str, Any]]:
        found: dict[tuple[str, str], _Hit] = {}
        covered: list[tuple[int, int]] = []

        def add(name: str, country: str, start: int, end: int) -> None:
            key = (name, country)
            covered.append((start, end))
            if key in found:
                found[key].mentions += 1
            else:
                found[key] = _Hit(text[start:end], start, end)

        assert self.orgs.pattern is not None
        for m in self.orgs.pattern.finditer(text):
            surface = places.squash(m.group())
            entry = self.orgs.exact.get(surface)
            if entry is None or _in_brackets(text, m.start(), m.end()):
                continue
            if TITLE_AFTER.match(text[m.end() : m.end() + 30]):
                continue  # "Treasury Secretary Scott Bessent" names a role, not the body
            if surface in HEADLINE_WORDS and _is_all_caps(
                text[max(0, m.start() - ALL_CAPS_CONTEXT) : m.end() + ALL_CAPS_CONTEXT]
            ):
                continue
            country = entry.country
            if entry.type not in places.INTERNATIONAL_TYPES:
                prefix = self._country_before(text, m.start(), country_spans)
                if prefix and prefix != entry.country:
                    # "Britain's Treasury", "India's Congress": the national body of that country.
                    add(places.canonical_body(surface), prefix, m.start(), m.end())
                    continue
            add(entry.name, country, m.start(), m.end())

        person_words = {w for e in doc.ents if e.label_ == "PERSON" for w in e.text.split()}
        for ent in doc.ents:
            if ent.label_ != "ORG" or ent.text in person_words:
                continue  # "Trump's administration": NER sometimes reads a person as an ORG
            if TITLE_AFTER.match(text[ent.end_char : ent.end_char + 30]):
                continue  # "Commerce Secretary", "Secretary of State": a title, not a body
            if any(s < ent.end_char and ent.start_char < e for s, e in covered):
                continue
            cleaned = self._clean_org(ent.text)
            if cleaned is None or self._is_known_person(cleaned, doc):
                continue
            offset = ent.text.find(cleaned)
            start = ent.start_char + max(offset, 0)
            end = start + len(cleaned)
            if _is_all_caps(text[max(0, start - ALL_CAPS_CONTEXT) : end + ALL_CAPS_CONTEXT]):
                continue  # headline words NER reads as organizations
            if cleaned.isupper() and re.match(r"\s[A-Z]{3,}\b", text[end : end + 12]):
                continue  # part of a capitalized dateline ("KUALA LUMPUR, Oct 26")
            ref = places.lookup_organization(cleaned)
            if ref is not None:
                add(ref.name, ref.country, start, end)
                continue
            name, country = cleaned, ""
            if self.body_re.search(cleaned):
                name = places.canonical_body(cleaned)
                country = self._country_before(text, start, country_spans) or ""
                if self.body_re.fullmatch(cleaned) and not country:
                    continue  # a bare "Commission" or "Parliament" names no body
                adjective = self._adjective_before(text, start, country_spans)
                if adjective and not name.startswith(("Ministry", "Department")):
                    # "the U.S. Embassy", "the Saudi Press Agency": the country word is part
                    # of the name NER cut off.
                    name = f"{adjective} {cleaned}"
                    start -= len(adjective) + 1
                if not country:
                    country = self._sentence_country(doc, start, end, country_spans)
            add(name, country, start, end)

        # "South Korea's Democratic Party ... the Democratic Party": one body, one country.
        for name, country in [k for k in found if not k[1]]:
            others = [k for k in found if k[0] == name and k[1]]
            if len(others) == 1:
                blank, kept = found.pop((name, country)), found[others[0]]
                kept.mentions += blank.mentions
                if blank.start < kept.start:
                    kept.text, kept.start, kept.end = blank.text, blank.start, blank.end
        return [
            make_entity(
                "organization",
                name,
                hit.text,
                hit.start,
                hit.end,
                country=country,
                mentions=hit.mentions,
            )
            for (name, country), hit in found.items()
        ]

    @staticmethod
    def _is_known_person(name: str, doc: Doc) -> bool:
        """A listed officeholder NER took for an organization ("Trump", "Lula da Silva")."""
        if officeholders.lookup(name) is not None:
            return True
        when = officeholders.parse_date(doc._.dct)
        return " " not in name and officeholders.lookup_surname(name, when) is not None

    def _clean_org(self, raw: str) -> str | None:
        """An ORG span as a name: no leading "the", no possessive; None for junk."""
        text = re.sub(r"^(?:the|The|THE)\s+", "", raw.strip())
        text = re.sub(r"(?:'s|’s|'|’)$", "", text).strip(' ,.;:-"“”')
        if len(text) < 2 or not text[0].isupper() or not re.search(r"[A-Za-z]", text):
            return None
        if re.search(r"\d{3,}", text) and not re.search(r"[A-Za-z]{3,}", text):
            return None
        if places.lookup_country(text) is not None:
            return None  # a country named as an actor ("U.S.") is a country record
        assert self.countries.pattern is not None
        if not re.search(r"[A-Za-z]{2}", self.countries.pattern.sub("", text)):
            return None  # only country words: "U.S.-India", "Sino-Japanese"
        if places.squash(text) in self.not_orgs:
            return None  # regions and other names NER takes for organizations
        if ADMINISTRATION.search(text):
            return None  # "the Trump administration": a government, not a named body
        if TITLE_WORDS.search(text) and not self.body_re.search(text):
            return None  # a title with a name ("Commerce Secretary Lutnick")
        if "\n" in text or re.search(r"[/<>]", text):
            return None  # table cells ("Aug/Sept") and ticker markup ("PEL>")
        if text.count("(") != text.count(")"):
            text = text.split("(")[0].strip()
        if re.fullmatch(r"[IVX]+", text):
            return None
        if any(len(w) > 5 and w.isupper() for w in text.split()):
            return None  # a capitalized dateline or headline word ("KUALA LUMPUR")
        return text

    def _country_before(
        self, text: str, start: int, country_spans: list[tuple[int, int, str]]
    ) -> str:
        """The country whose name or adjective ends right before `start` ("India's", "the
        Chinese"), or that starts the span itself."""
        for c_start, c_end, iso3 in country_spans:
            if c_start <= start < c_end:
                return iso3
            if c_end <= start and re.fullmatch(r"(?:'s|’s|')?\s*", text[c_end:start]):
                return iso3
            if (
                c_start >= start
                and c_start - start <= 4
                and re.fullmatch(r"(?:the|The)?\s*", text[start:c_start])
            ):
                return iso3
        return ""

    def _adjective_before(
        self, text: str, start: int, country_spans: list[tuple[int, int, str]]
    ) -> str:
        """The country word (not a possessive) directly before `start`, as written."""
        for c_start, c_end, _ in country_spans:
            if c_end == start - 1 and text[c_end] == " ":
                return text[c_start:c_end]
        return ""

    def _sentence_country(
        self, doc: Doc, start: int, end: int, country_spans: list[tuple[int, int, str]]
    ) -> str:
        """The one country named in the sentence of a national body, if there is exactly one."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return ""
        sent = span.sent
        isos = {iso for s, e, iso in country_spans if sent.start_char <= s < sent.end_char}
        return next(iter(isos)) if len(isos) == 1 else ""


@Language.factory("tradenews_countries")
def make_country_extractor(nlp: Language, name: str) -> CountryExtractor:
    return CountryExtractor(nlp, name)

"""Organizations: canonical names for aliases ("EU", "USTR", "the State Department")
plus the model's ``ORG`` spans, cleaned and given the country of a national body.

The country of a national body comes from the country word in or right before it
("India's Commerce Ministry", "the Chinese Embassy"), read from the mentions the
``tradenews_countries`` component found (``doc._.country_mentions``), never
recomputed. Its data (``organizations.yaml``) is loaded in ``initialize()`` and
saved with the pipeline.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc

from tradenews import yamltext
from tradenews.components import org_context, org_evidence, org_spans
from tradenews.components.countries import ALL_CAPS_CONTEXT, in_brackets, is_all_caps
from tradenews.components.data import DataComponent, package_text
from tradenews.components.org_context import CountrySpans
from tradenews.components.org_found import Found
from tradenews.io.pubdate import parse_date
from tradenews.lexicon import companies, geo, language, officeholders, org_names, places
from tradenews.lexicon.words import is_common

# Acronyms that are English words: not an organization in an all-caps headline.
HEADLINE_WORDS = frozenset({"WHO", "AU", "SEC", "CIT", "ITC", "ICO", "FED", "US"})
TITLE_WORDS = re.compile(
    r"\b(?:Secretary|Minister|President|Premier|Ambassador|Chancellor|Governor|Spokesman|"
    r"Spokeswoman|Spokesperson|Chairman|Chairwoman|Senator|Sen\.|Rep\.|Gov\.|Mr\.|Ms\.|Mrs\.|"
    r"Treasurer|Director|Commissioner|Adviser|Advisor|Counsel)\b"
)
# A state by its formal name ("the then Republic of Vietnam") is a country, not a body.
STATE_NAME = re.compile(
    r"(?:(?:Democratic|People's|Islamic|Federal|Socialist|Arab|United|Federated)\s+)*"
    r"(?:Republic|Kingdom|Emirate|Sultanate|Principality|Federation|Commonwealth)\s+of\s+(?:the\s+)?(.+)"
)
# A one-word name this common as an English word (Zipf) must act as a body in its
# sentence: "Android" (4.4), "Wikipedia" (3.9) must; "Hyundai" (3.4), "Rosneft" need not.
EVIDENCE_ZIPF = 3.6
# A title word ends a body's name: "Bank of Thailand Governor ...".
STOP_WORD = re.compile(
    r"(?:Governor|President|Minister|Chairman|Chairwoman|Secretary|Director|Spokesman|"
    r"Spokeswoman|Commissioner|Ambassador|Chief|Head|Treasurer|Premier|Senator|General)$"
)
# A capitalized title followed by one of these names a publication or a plan, not a body
# ("its World Production and Trade report").
NOT_A_BODY_AFTER = re.compile(
    r"^\s+(?:report|reports|survey|study|index|program|programme|plan|agreement|accord|act|bill|"
    r"initiative|scheme|newsletter|magazine)\b"
)
# ... and these a security or a product, whatever the name ("Treasury notes").
PRODUCT_AFTER = re.compile(
    r"^\s+(?:notes?|bonds?|bills?|securities|security|yields?|futures|missiles?|drug|brand)\b"
)
TITLE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:Secretary|Minister|Ministers|Secretaries)\b")


@functools.lru_cache(maxsize=4)
def _compile(text: str) -> tuple[places.OrgGazetteer, frozenset[str], dict[str, Any]]:
    """The alias matcher, the not-an-organization names and the raw data of a data file."""
    data = yamltext.safe_load(text) or {}
    if text == package_text("organizations.yaml"):
        return places.org_gazetteer(), places.not_organizations(), data
    return places.build_org_gazetteer(data), frozenset(data.get("not_organizations") or []), data


_PUNCTUATION_RUN = re.compile(r"(?:^|\s)[^\w\s]{2,}(?:\s|$)")


class OrganizationExtractor(DataComponent):
    """Sets ``doc._.organizations``."""

    DATA_FILES: ClassVar[dict[str, str]] = {"organizations": "organizations.yaml"}

    def __init__(self, nlp: Language, name: str, organizations: str | None = None) -> None:
        self._init_data(name, organizations=organizations)

    def _load(self, texts: dict[str, str]) -> None:
        self.orgs, self.not_orgs, data = _compile(texts["organizations"])
        self.legal_forms = org_spans.legal_form_pattern(data.get("legal_forms") or ())
        self.shared = frozenset(data.get("shared_names") or ())
        self.singletons = frozenset(data.get("national_singletons") or ())
        self.heads = frozenset(data.get("name_heads") or ())
        self.body_cues = org_evidence.BodyCues.from_data(data.get("body_evidence") or {})
        # "Shares of", "analysts of": words the model's span runs over, never a head word
        heads = {h.casefold() for h in self.heads}
        self.lead_words = (self.body_cues.owned | self.body_cues.roles) - heads
        # roles only a person holds: a name with one in apposition is a person's
        self.person_roles = frozenset(data.get("person_roles") or ())
        self.body_names = org_spans.body_name_pattern(self.heads)
        body = "|".join(re.escape(w) for w in self.orgs.body_words)
        self.body_re = re.compile(rf"\b(?:{body})\b")
        self.countries = places.country_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        self.ensure_loaded()
        spans = doc._.country_mentions
        if spans is None:
            raise ValueError(
                f"{self.name} reads doc._.country_mentions: add the tradenews_countries "
                "component before it"
            )
        found = Found(doc.text)
        found.covered.extend(org_spans.dateline_spans(found.text))
        self._aliases(doc, spans, found)
        self._marked_companies(doc, spans, found)
        self._lowercase_bodies(doc, spans, found)
        self._ner_organizations(doc, spans, found)
        doc._.organizations = found.records()
        return doc

    def _aliases(self, doc: Doc, country_spans: CountrySpans, found: Found) -> None:
        """Names from the data file, as written ("EU", "USTR", "the State Department")."""
        assert self.orgs.pattern is not None
        text = doc.text
        matches = list(self.orgs.pattern.finditer(text))
        for m, following in itertools.zip_longest(matches, matches[1:]):
            surface = places.squash(m.group())
            entry = self.orgs.exact.get(surface)
            if entry is None or in_brackets(text, m.start(), m.end()):
                continue
            if following is not None and org_context.qualifies(text, m, following, entry):
                continue  # "U.N. Food and Agriculture Organization": the U.N. qualifies it
            if self._inside_longer_name(doc, text, m.start()) or PRODUCT_AFTER.match(
                text[m.end() : m.end() + 20]
            ):
                continue  # "Royal Bank of Canada", "Treasury notes": not the listed body
            if TITLE_AFTER.match(text[m.end() : m.end() + 30]):
                continue  # "Treasury Secretary Scott Bessent" names a role, not the body
            if surface in HEADLINE_WORDS and is_all_caps(
                text[max(0, m.start() - ALL_CAPS_CONTEXT) : m.end() + ALL_CAPS_CONTEXT]
            ):
                continue
            country = entry.country
            if entry.type not in places.INTERNATIONAL_TYPES:
                prefix = org_context.country_before(text, m.start(), country_spans)
                if not prefix and places.squash(surface) in self.shared:
                    if re.match(r"\s+[A-Z][a-z]", text[m.end() : m.end() + 3]):
                        continue  # "Senate Agriculture Committee": a longer name
                    prefix = org_context.story_country(doc, country_spans, entry.country)
                if prefix and prefix != entry.country:
                    # "Britain's Treasury", "India's Congress": the national body of that country.
                    found.add(places.canonical_body(surface), prefix, m.start(), m.end())
                    continue
            found.add(entry.name, country, m.start(), m.end())

    def _inside_longer_name(self, doc: Doc, text: str, start: int) -> bool:
        """Whether a capitalized word that is no country, title or date runs into the
        name at `start` ("Royal Bank of Canada" is not the Bank of Canada). `text` is
        doc.text, which joins every token on each read: callers read it once."""
        m = re.search(r"([A-Z][\w&'-]*)\s+$", text[max(0, start - 40) : start])
        if m is None:
            return False
        token = doc.char_span(start - len(m.group()), start - len(m.group()) + len(m.group(1)))
        if token is None or token[0].is_sent_start or token[0].ent_type_ in ("DATE", "PERSON"):
            return False
        word = m.group(1)
        return (
            places.lookup_country(word) is None
            and not TITLE_WORDS.fullmatch(word)
            and not STOP_WORD.match(word)
            and word.casefold() not in org_names.FUNCTION_WORDS
        )

    def _marked_companies(self, doc: Doc, country_spans: CountrySpans, found: Found) -> None:
        """Names in a wire service's angle brackets, then names ending in a legal form
        and names built on a body's head word that the model left out or cut ("Mead
        Corp", "the U.S. Bankruptcy Court")."""
        text = doc.text
        ner = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
        bracketed = list(org_spans.bracketed_names(text))
        scanned = [
            *org_spans.company_spans(doc, self.legal_forms),
            *org_spans.body_spans(doc, self.body_names, STOP_WORD),
        ]
        whole = []
        for start, end in scanned:
            begin = org_spans.complete_start(
                text, start, end, [n for n in ner if n[0] < end and start < n[1]]
            )
            if begin is not None:
                whole.append((begin, end))
        for start, end in bracketed + whole:
            if found.overlaps(start, end):
                continue
            owner = re.match(r"(.+?)(?:'s|’s)\s+", text[start:end])
            if owner and places.lookup_country(owner.group(1)) is not None:
                start += owner.end()  # "Italy's Ferruzzi SpA": the country owns the name
            name = self._clean_org(places.squash(text[start:end]))
            if name is None:
                continue
            ref = places.lookup_organization(name, self.orgs)
            named = self._named(doc, text, name, start, end, country_spans) if ref is None else None
            if ref is not None:
                found.add(ref.name, ref.country, start, end)
            elif named is not None:
                found.add(named[0], named[1], named[2], end)

    def _lowercase_bodies(self, doc: Doc, country_spans: CountrySpans, found: Found) -> None:
        """ "China's finance ministry", "the finance ministry": that country's ministry, the
        country named before it, in its sentence, or the story's."""
        text = doc.text
        for start, end, name in org_spans.lowercase_bodies(text):
            if found.overlaps(start, end):
                continue
            country = org_context.country_before(text, start, country_spans)
            if name.endswith(" Party"):
                found.add(name, country, start, end)
                continue
            country = (
                country
                or org_context.sentence_country(doc, start, end, country_spans)
                or org_context.story_country(doc, country_spans, "")
            )
            if country:
                found.add(places.canonical_body(name), country, start, end)

    def _ner_organizations(self, doc: Doc, country_spans: CountrySpans, found: Found) -> None:
        """The model's ORG spans that no alias covered, cleaned."""
        text = doc.text
        person_words = org_context.person_words(doc)
        english = language.doc_language(doc) == language.ENGLISH
        for ent in doc.ents:
            if ent.label_ != "ORG" or org_context.is_person_name(ent.text, person_words):
                continue  # "Trump's administration": NER sometimes reads a person as an ORG
            if TITLE_AFTER.match(text[ent.end_char : ent.end_char + 30]):
                continue  # "Commerce Secretary", "Secretary of State": a title, not a body
            after = text[ent.end_char : ent.end_char + 20]
            if PRODUCT_AFTER.match(after) or (
                NOT_A_BODY_AFTER.match(after)
                and not (self.body_re.search(ent.text) or org_names.has_legal_form(ent.text))
            ):
                continue  # "its World Production and Trade report", "Treasury notes"
            if in_brackets(text, ent.start_char, ent.end_char) and ent.text.isupper():
                continue  # a ticker symbol ("<LEIX>")
            if found.overlaps(ent.start_char, ent.end_char):
                continue
            raw = org_context.complete(ent.text, text[ent.end_char : ent.end_char + 80])
            headline = org_context.in_title_case_line(text, ent.start_char)
            cleaned = self._clean_org(raw, headline)
            if cleaned is None or self._is_known_person(cleaned, doc):
                continue
            if headline and not self._named_in_body(text, cleaned):
                continue  # words of a title-case headline ("... by Indigenous Peoples Key to")
            if not english and not org_names.has_legal_form(cleaned):
                continue  # an English model on other languages tags their capitals
            if self._is_place(doc, cleaned, ent):
                continue  # a city or region ("Rondônia"), unless it acts ("Honda said")
            if org_spans.defines_a_term(text, cleaned) or self._described_as_person(text, ent):
                continue  # "a fast radio burst (FRB)"; "Gustavo Faleiros, an editor at ..."
            offset = raw.find(cleaned)
            start = ent.start_char + max(offset, 0)
            end = start + len(cleaned)
            if is_all_caps(text[max(0, start - ALL_CAPS_CONTEXT) : end + ALL_CAPS_CONTEXT]):
                continue  # headline words NER reads as organizations
            if cleaned.isupper() and re.match(r"\s[A-Z]{3,}\b", text[end : end + 12]):
                continue  # part of a capitalized dateline ("KUALA LUMPUR, Oct 26")
            ref = places.lookup_organization(cleaned, self.orgs)
            if ref is not None:
                found.add(ref.name, ref.country, start, end)
                continue
            named = self._named(doc, text, cleaned, start, end, country_spans)
            if named is not None:
                fragment = org_context.is_fragment(
                    doc, cleaned, start, end
                ) or not self._acts_as_body(doc, text, cleaned, start, end)
                found.add(named[0], named[1], named[2], end, fragment)

    def _named_in_body(self, text: str, name: str) -> bool:
        """Whether a name read in a title-case headline is named again in the body, or
        says it is a body by a legal form or head word: there case is no evidence."""
        if org_names.has_legal_form(name) or self.body_re.search(name) or name.isupper():
            return True
        body = text[text.find("\n\n") :]
        return re.search(rf"\b{re.escape(name)}\b", body, re.IGNORECASE) is not None

    def _described_as_person(self, text: str, ent: Any) -> bool:
        """A name followed by a role only a person holds in apposition ("X, an editor at
        the news group"): the model read a person as an organization."""
        m = re.match(r",\s+(?:a|an|the)\s+(?:[a-z]+\s+){0,2}?([a-z]+)\b", text[ent.end_char :])
        return m is not None and m.group(1) in self.person_roles

    def _is_place(self, doc: Doc, name: str, ent: Any) -> bool:
        """A place name (``geo``; also with a compass word, "Newcastle Central") that
        neither reads as a body nor acts as one."""
        if self.body_re.search(name) or org_names.has_legal_form(name):
            return False
        compass = re.sub(r"\s+(?:Central|North|South|East|West|Upper|Lower)$", "", name)
        if not (geo.is_place_name(name) or geo.is_place_name(compass)):
            return False
        if companies.is_listed_company(name):
            return False  # "Honda" is a city too
        return not (
            org_names.has_legal_form(name) or org_evidence.acts_as_body(ent, self.body_cues)
        )

    def _acts_as_body(self, doc: Doc, text: str, name: str, start: int, end: int) -> bool:
        """A one-word name that is also an English word ("Android", "Universe", "Amazon")
        needs its sentence to treat it as a body (org_evidence); coined names
        ("Rosneft", "Hyundai"), longer names, acronyms and names with a legal form or
        head word need not."""
        if " " in name or org_names.is_acronym(name) or self.body_re.search(name):
            return True
        if not is_common(name, EVIDENCE_ZIPF):
            return True  # a coined name ("Rosneft")
        span = doc.char_span(start, end, alignment_mode="expand")
        if (
            span is not None
            and companies.is_listed_company(name)
            and not re.search(rf"\b(?:the|The)\s+{re.escape(name)}\b", text)
        ):
            return True  # "tariffs on Apple"; a story that says "the Amazon" means a place
        return span is None or org_evidence.acts_as_body(span, self.body_cues)

    def _named(
        self,
        doc: Doc,
        text: str,
        cleaned: str,
        start: int,
        end: int,
        country_spans: CountrySpans,
    ) -> tuple[str, str, int] | None:
        """(name, country, start) of an ORG span not in the data file; None for no body."""
        if not self.body_re.search(cleaned):
            return cleaned, "", start
        name = places.canonical_body(cleaned)
        country = org_context.country_before(text, start, country_spans) or ""
        if self.body_re.fullmatch(cleaned) and not country:
            if cleaned not in self.singletons:
                return None  # a bare "Commission" or "Agency" names no body
            # "the Central Bank": the one such body of the country the story is about
            country = org_context.story_country(doc, country_spans, "")
            return (cleaned, country, start) if country else None
        adjective = org_context.adjective_before(text, start, country_spans)
        if adjective and not name.startswith(("Ministry", "Department")):
            # "the U.S. Embassy", "the Saudi Press Agency": the country word is part
            # of the name NER cut off.
            name = f"{adjective} {cleaned}"
            start -= len(adjective) + 1
        if not country:
            country = org_context.sentence_country(doc, start, end, country_spans)
        return name, country, start

    def _country_word(self, m: re.Match[str]) -> str:
        """A country form matched in a name, removed; a blocking form ("Organization of
        American States" is not America) is kept."""
        form = self.countries.exact.get(places.squash(m.group()))
        return "" if form is not None and form.ref is not None else m.group()

    @staticmethod
    def _is_known_person(name: str, doc: Doc) -> bool:
        """A listed officeholder NER took for an organization ("Trump", "Lula da Silva")."""
        if officeholders.lookup(name) is not None:
            return True
        when = parse_date(doc._.dct)
        return " " not in name and officeholders.lookup_surname(name, when) is not None

    def _clean_org(self, raw: str, title_case: bool = False) -> str | None:
        """An ORG span as a name: no leading "the", no possessive; None for junk."""
        text = re.sub(
            r"^(?:the|The|THE)\s+|^(?:an|An|a|A|[Aa]nother|[Ee]very)\s+(?=[A-Z][a-z.])",
            "",
            raw.strip(),
        )
        text = org_names.trim(text)
        lead = re.match(r"(\w+)\s+of\s+(?=[A-Z])", text)
        if lead and lead.group(1).casefold() in self.lead_words:
            text = text[lead.end() :]  # "Shares of Quarnet": the model's span ran over
        if len(text) < 2 or not text[0].isupper() or not re.search(r"[A-Za-z]", text):
            return None
        if re.search(r"\d{3,}", text) and not re.search(r"[A-Za-z]{3,}", text):
            return None
        if places.lookup_country(text) is not None:
            return None  # a country named as an actor ("U.S.") is a country record
        state = STATE_NAME.fullmatch(text)
        if state and places.lookup_country(state.group(1)) is not None:
            return None
        assert self.countries.pattern is not None
        if not re.search(r"[A-Za-z]{2}", self.countries.pattern.sub(self._country_word, text)):
            return None  # only country words: "U.S.-India", "Sino-Japanese"
        if org_names.is_person_like(text) and not self.body_re.search(text):
            return None  # "Ratu Sir Penaia": an honorific makes a person
        split = places.split_country_prefix(text)
        if (
            split is not None
            and not self.body_re.search(split[1])
            and org_names.is_country_plus_noun(
                split[1], title_case or org_context.after_abbreviation(text, split[1])
            )
        ):
            return None  # "U.S. banks", "U.S. Dollar": a country and a noun, no body
        if places.squash(text) in self.not_orgs or text in self.heads:
            return None  # regions, names NER takes for organizations, a bare "Institute"
        if org_names.is_no_body(text) and places.lookup_org_entry(text, self.orgs) is None:
            return None  # programs, laws, places, a government, table rows, currencies
        if TITLE_WORDS.search(text.split()[0].removesuffix("s")) and not self.body_re.search(text):
            return None  # a title, or titles ("Ministers of Industry and Transport")
        if TITLE_WORDS.search(text) and not self.body_re.search(text):
            return None  # a title with a name ("Commerce Secretary Lutnick")
        if _PUNCTUATION_RUN.search(text):
            return None  # "Tariffs &&&&": symbols repeated are no part of a name
        if "\n" in text or re.search(r"[/<>]", text):
            return None  # table cells ("Aug/Sept") and ticker markup ("PEL>")
        if text.count("(") != text.count(")"):
            text = text.split("(")[0].strip()
        if re.fullmatch(r"[IVX]+", text):
            return None
        if any(len(w) > 5 and w.isupper() for w in text.split()):
            return None  # a capitalized dateline or headline word ("KUALA LUMPUR")
        return text


@Language.factory(
    "tradenews_organizations",
    default_config={"organizations": None},
    requires=["doc.ents", "doc._.country_mentions"],
    assigns=["doc._.organizations"],
)
def make_organization_extractor(
    nlp: Language, name: str, organizations: str | None
) -> OrganizationExtractor:
    """Organizations, with the country of a national body (reads the countries component)."""
    return OrganizationExtractor(nlp, name, organizations)

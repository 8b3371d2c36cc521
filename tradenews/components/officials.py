"""Officials and other named people: full name, title, country served.

The component works on tokens, tags and NER spans only (no parser):

1. Name mentions: NER ``PERSON`` spans, widened to the whole run of name tokens
   and stripped of titles, honorifics, country words and possessives; plus names
   NER missed right after a role word ("Secretary Landau") or an honorific.
2. Each mention gets the title phrase around it: before the name
   ("U.S. Trade Representative Jamieson Greer") or in apposition after it
   ("Liam Fox, the British trade secretary,").
3. Mentions are merged into one record per person (surname and title+surname
   mentions join the fullest name), then each record gets its title, the country
   it serves, and official-vs-person from the title lexicon (``data/titles.yaml``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from tradenews import officeholders, places
from tradenews.components import make_entity, register_extensions

POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
CONNECTORS = {"of", "for", "and", "&", ","}
DETERMINERS = {"the", "a", "an"}
PREPOSITIONS = {"of", "for", "at", "to", "in", "with", "on"}
APPOSITION_END = {",", ".", ";", ":", ")", "(", "\u2014", "--", "-", "\u2013", "!", "?", '"'}
MAX_TITLE_TOKENS = 14
PERSONISH = frozenset({"", "PERSON"})
NOT_PEOPLE = frozenset(
    {"DATE", "TIME", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "MONEY", "LAW"}
)
# "X, who chairs the ...": the verb and the role it makes.
LED_VERBS = {
    "chairs": "chair", "chaired": "chair", "heads": "head", "headed": "head",
    "leads": "head", "led": "head", "runs": "head", "directs": "director",
    "oversees": "head",
}  # fmt: skip
LED_PUBLIC_BODIES = (
    "ministry", "department", "parliament", "congress", "senate", "central bank",
    "reserve bank", "commission", "agency", "cabinet", "government", "embassy", "treasury",
    "committee",
)  # fmt: skip
LEGISLATURES = ("parliament", "congress", "senate", "house", "assembly", "diet", "lok sabha")
ANAPHORIC_OWNERS = frozenset({"country", "nation", "government", "bloc"})
# Tags of words that are capitalized mid-sentence only when they are part of a name.
CLOSED_CLASS = frozenset({"IN", "TO", "DT", "CC", "PRP", "PRP$", "RB", "MD"})
# Words inside multi-word titles that do not make a title on their own.
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "to", "under", "in", "at", "&", "on"})


def fold(text: str) -> str:
    """Case-, accent- and dot-insensitive form used for every lexicon lookup."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace(".", "").replace("\u2019", "'")


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s\-]+", fold(phrase)) if w)


@dataclass(frozen=True)
class Lexicon:
    """The title lexicon compiled into lookup sets (built once per process)."""

    public: frozenset[tuple[str, ...]]
    ambiguous: frozenset[tuple[str, ...]]
    public_unless_private: frozenset[tuple[str, ...]]
    private: frozenset[tuple[str, ...]]
    modifiers: frozenset[str]
    portfolio: frozenset[str]
    drop_honorifics: frozenset[tuple[str, ...]]
    keep_honorifics: frozenset[str]
    particles: frozenset[str]
    org_words: frozenset[str]
    public_org_words: frozenset[str]
    bodies: dict[str, tuple[str, str]]
    title_countries: dict[tuple[str, ...], str]
    max_head: int
    head_final: frozenset[str]
    unqualified_titles: dict[tuple[str, ...], str]
    time_modifiers: frozenset[str]
    leaders: frozenset[tuple[str, ...]]
    intergov_titles: dict[tuple[str, ...], str]
    member_titles: frozenset[tuple[str, ...]]
    conventional: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    convention_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    intergov_evidence: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = field(
        default_factory=dict
    )
    news_agencies: frozenset[str] = field(default=frozenset())
    vocab: frozenset[str] = field(default=frozenset())

    def head_kind(self, words: tuple[str, ...]) -> str | None:
        if words in self.public:
            return "public"
        if words in self.private:
            return "private"
        if words in self.public_unless_private:
            return "public_default"
        if words in self.ambiguous:
            return "ambiguous"
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load ``data/titles.yaml`` once."""
    raw = yaml.safe_load(
        resources.files("tradenews.data").joinpath("titles.yaml").read_text(encoding="utf-8")
    )
    heads = {
        k: frozenset(_words(p) for p in raw.get(k) or [])
        for k in ("public_heads", "public_unless_private", "ambiguous_heads", "private_heads")
    }
    modifiers = frozenset(w for p in raw.get("modifiers") or [] for w in _words(p))
    portfolio = frozenset(w for p in raw.get("portfolio") or [] for w in _words(p))
    drop = frozenset(_words(p) for p in raw.get("honorifics_drop") or [])
    keep = frozenset(fold(p) for p in raw.get("honorifics_keep") or [])
    bodies = {
        fold(k): (v.get("name", k), v.get("country", "") or "")
        for k, v in (raw.get("bodies") or {}).items()
    }
    title_countries = {_words(k): v for k, v in (raw.get("title_countries") or {}).items()}
    all_heads = frozenset().union(*heads.values())
    vocab = (frozenset(w for h in all_heads for w in h) | modifiers | portfolio) - FUNCTION_WORDS
    return Lexicon(
        public=heads["public_heads"],
        ambiguous=heads["ambiguous_heads"],
        public_unless_private=heads["public_unless_private"],
        private=heads["private_heads"],
        modifiers=modifiers,
        portfolio=portfolio,
        drop_honorifics=drop,
        keep_honorifics=keep,
        particles=frozenset(fold(p) for p in raw.get("name_particles") or []),
        org_words=frozenset(fold(p) for p in raw.get("org_words") or []),
        public_org_words=frozenset(fold(p) for p in raw.get("public_org_words") or []),
        bodies=bodies,
        title_countries=title_countries,
        max_head=max((len(h) for h in all_heads), default=1),
        head_final=frozenset(h[-1] for h in all_heads),
        unqualified_titles={_words(k): v for k, v in (raw.get("unqualified_titles") or {}).items()},
        time_modifiers=frozenset(fold(w) for w in raw.get("time_modifiers") or []),
        leaders=frozenset(_words(w) for w in raw.get("leaders") or []),
        intergov_titles={
            _words(k): v["body"] for k, v in (raw.get("intergovernmental_titles") or {}).items()
        },
        member_titles=frozenset(
            _words(k)
            for k, v in (raw.get("intergovernmental_titles") or {}).items()
            if v.get("overrides_nationality")
        ),
        conventional={
            iso: frozenset(_words(t) for t in v.get("titles") or [])
            for iso, v in (raw.get("conventional_titles") or {}).items()
        },
        convention_evidence={
            iso: tuple(v.get("evidence") or [])
            for iso, v in (raw.get("conventional_titles") or {}).items()
        },
        intergov_evidence={
            _words(k): (v["body"], tuple(v.get("evidence") or []))
            for k, v in (raw.get("intergovernmental_by_evidence") or {}).items()
        },
        news_agencies=frozenset(fold(w) for w in raw.get("news_agencies") or []),
        vocab=vocab,
    )


@dataclass
class Mention:
    """One naming of a person: token span of the name, plus what the context says."""

    start: int
    end: int
    words: tuple[str, ...]
    title: str = ""
    head: str | None = None
    country: str = ""
    organization: str = ""
    public_org: bool = False
    private_org: bool = False
    record: int | None = None
    intergov: bool = False
    possessor: str = ""
    honorific: bool = False
    title_span: tuple[int, int] = (0, 0)
    weak_org: str = ""


@dataclass
class TitleInfo:
    """A parsed title phrase: role text, head kind, and what qualifies it."""

    title: str
    head: str | None
    country: str = ""
    organization: str = ""
    public_org: bool = False
    private_org: bool = False
    country_known: bool = False
    possessor: str = ""
    span: tuple[int, int] = (0, 0)
    weak_org: str = ""


class OfficialExtractor:
    """Sets ``doc._.people`` (kind official or person); ``doc._.officials`` filters it."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.lex = lexicon()

    # ------------------------------------------------------------------ tokens
    def _fw(self, tok: Token) -> str:
        return fold(tok.text)

    def _is_cap(self, tok: Token) -> bool:
        t = tok.text
        return bool(t) and t[0].isupper() and any(c.isalpha() for c in t)

    def _is_hyphen_inside(self, doc: Doc, i: int) -> bool:
        """A hyphen glued to words on both sides ("Director-General", "Asante-Boateng")."""
        tok = doc[i]
        return (
            tok.text in {"-", "\u2010", "\u2011"}
            and i > 0
            and i + 1 < len(doc)
            and not doc[i - 1].whitespace_
            and not tok.whitespace_
        )

    def _country_at(self, doc: Doc, i: int, limit: int) -> tuple[str, int]:
        """A country word starting at token i (up to 3 tokens): (ISO3, end) or ("", i)."""
        for n in (3, 2, 1):
            j = i + n
            if j > limit:
                continue
            span = doc[i:j]
            if not any(self._is_cap(t) for t in span):
                continue
            ref = places.lookup_country(span.text)
            if ref is not None:
                return ref.iso3, j
        return "", i

    def _body(self, text: str) -> tuple[str, str] | None:
        """Resolve an organization phrase: (name, country) or None."""
        text = " ".join(text.split())
        for lead in ("the ", "The "):
            if text.startswith(lead):
                text = text[len(lead) :]
        if not text:
            return None
        ref = places.lookup_organization(text)
        if ref is not None:
            return ref.name, ref.country
        return self.lex.bodies.get(fold(text))

    def _head_at(self, words: list[str], k: int) -> tuple[int, str | None]:
        """Longest lexicon head starting at word index k: (length, kind)."""
        for n in range(min(self.lex.max_head, len(words) - k), 0, -1):
            kind = self.lex.head_kind(tuple(words[k : k + n]))
            if kind:
                return n, kind
        return 0, None

    # ------------------------------------------------------------------ names
    def _name_token_ok(self, tok: Token) -> bool:
        return (
            self._is_cap(tok)
            and tok.tag_ in {"NNP", "NNPS"}
            or (self._is_cap(tok) and tok.ent_type_ == "PERSON")
        )

    def _peel(self, doc: Doc, a: int, b: int) -> int:
        """Drop titles, honorifics, country words and possessives from the front of a name."""
        lex = self.lex
        while a < b - 1:
            w = self._fw(doc[a])
            if w in lex.vocab or (w,) in lex.drop_honorifics or w in POSSESSIVE:
                a += 1
                continue
            if doc[a].tag_ in {"CC", "RB", "DT", "PRP", "PRP$", "UH"}:
                a += 1  # "But Lawson", "And Baker" read as one name
                continue
            if doc[a].text in {"-", ",", "(", '"'}:
                a += 1
                continue
            iso, j = self._country_at(doc, a, b - 1)
            if iso:
                a = j
                continue
            if fold(doc[a:b].text) in lex.bodies or self._body(doc[a].text):
                a += 1
                continue
            break
        return a

    def _extend(
        self, doc: Doc, a: int, b: int, sent: Span, ents: frozenset[str] = PERSONISH
    ) -> tuple[int, int]:
        """Widen a name span to the whole run of name tokens (NER often cuts names)."""
        lex = self.lex
        # right
        while b < len(doc):
            tok = doc[b]
            w = self._fw(tok)
            if tok.is_space and tok.text.count("\n") == 1 and b + 1 < len(doc):
                nxt = doc[b + 1]
                if self._name_token_ok(nxt) and self._fw(nxt) not in lex.vocab | lex.org_words:
                    if nxt.ent_type_ in {"", "PERSON"} and not places.lookup_country(nxt.text):
                        b += 2  # wrapped wire copy: "Clayton\nYeutter"
                        continue
                break
            if b >= sent.end and not doc[b - 1].is_space:
                break
            if self._is_hyphen_inside(doc, b) and b + 1 < sent.end and doc[b + 1].is_alpha:
                if self._is_cap(doc[b + 1]) or self._is_cap(doc[b - 1]):
                    b += 2  # "Asante-Boateng", "Jean-Claude Juncker"
                    continue
            if w in lex.particles and b + 1 < sent.end and self._is_cap(doc[b + 1]):
                if doc[b + 1].tag_ in {"NNP", "NNPS"}:
                    b += 2
                    continue
            if (
                self._name_token_ok(tok)
                and (tok.ent_type_ in ents or self._fw(doc[b - 1]) in lex.particles)
                and w not in lex.vocab
                and w not in lex.org_words
                and not places.lookup_country(tok.text)
            ):
                b += 1
                continue
            break
        # left
        while a > sent.start:
            tok = doc[a - 1]
            w = self._fw(tok)
            if self._is_hyphen_inside(doc, a - 1) and a - 2 >= sent.start:
                prev = doc[a - 2]
                if self._is_cap(prev) and self._fw(prev) not in lex.vocab:
                    a -= 2
                    continue
                break
            if w in lex.particles and a - 2 >= sent.start and self._name_token_ok(doc[a - 2]):
                if self._fw(doc[a - 2]) not in lex.vocab:
                    a -= 2
                    continue
            if w in lex.keep_honorifics:
                a -= 1
                continue
            if tok.ent_type_ != "PERSON" and self._ends_portfolio_list(doc, a - 1, sent):
                break  # "Minister of Economic Affairs and Climate Action Robert Habeck"
            if (
                self._is_cap(tok)
                and tok.tag_ in CLOSED_CLASS
                and a - 1 > sent.start
                and not doc[a - 2].is_punct
            ):
                a -= 1  # "with He Lifeng": a capitalized "he" mid-sentence is a name word
                continue
            if (
                self._name_token_ok(tok)
                and tok.ent_type_ in {"", "PERSON"}
                and w not in lex.vocab
                and w not in lex.org_words
                and (w,) not in lex.drop_honorifics
                and not places.lookup_country(tok.text)
                and not (a - 1 == sent.start and tok.tag_ not in {"NNP", "NNPS"})
            ):
                a -= 1
                continue
            break
        return a, b

    def _ends_portfolio_list(self, doc: Doc, i: int, sent: Span) -> bool:
        """Token i closes the last item of an "of X, Y and Z" list of portfolios."""
        j = i - 1
        while j >= sent.start and doc[j].ent_type_ != "PERSON" and self._is_cap(doc[j]):
            j -= 1
        if j < sent.start or self._fw(doc[j]) not in {"and", "&"}:
            return False
        return self._inside_of_phrase(doc, j, max(sent.start, j - MAX_TITLE_TOKENS))

    def _valid_name(self, doc: Doc, a: int, b: int) -> bool:
        lex = self.lex
        span = doc[a:b]
        if not span.text or not self._is_cap(doc[a]) and self._fw(doc[a]) not in lex.particles:
            return False
        folded = [self._fw(t) for t in span if t.is_alpha or "-" not in t.text]
        if any(w in lex.org_words for w in folded):
            return False
        if any(c.isdigit() for c in span.text):
            return False
        if all(w in lex.vocab or w in lex.particles for w in folded):
            return False
        if places.lookup_country(span.text) or self._body(span.text):
            return False
        if len(span) == 1 and span.text.isupper() and len(span.text) > 1:
            return False  # acronyms (WTO, USTR) tagged as people
        if not any(c.isalpha() for c in span.text):
            return False
        return True

    def _name_words(self, doc: Doc, a: int, b: int) -> tuple[str, ...]:
        return tuple(doc[a:b].text.split())

    def _candidates(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans of every person naming, NER-based and recovered."""
        lex = self.lex
        spans: list[tuple[int, int]] = []
        taken: set[int] = set()
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            sent = ent.sent
            a, b = self._extend(doc, ent.start, ent.end, sent)
            while b > a and (doc[b - 1].text in POSSESSIVE or not doc[b - 1].text[:1].isalnum()):
                b -= 1
            a = self._peel(doc, a, b)
            if b <= a or any(i in taken for i in range(a, b)):
                continue
            if not self._valid_name(doc, a, b):
                continue
            spans.append((a, b))
            taken.update(range(a, b))
        self._known_names(doc, spans, taken)
        # names right after a role word or an honorific that NER missed
        for i, tok in enumerate(doc):
            w = self._fw(tok)
            is_head = w in lex.head_final or (w in lex.vocab and tok.text[:1].isupper())
            is_hon = (w,) in lex.drop_honorifics and tok.text[:1].isupper()
            if not (is_head or is_hon) or i + 1 >= len(doc) or (i + 1) in taken:
                continue
            nxt = doc[i + 1]
            if not self._name_token_ok(nxt) or self._fw(nxt) in lex.vocab:
                continue
            if nxt.ent_type_ not in {"", "PERSON", "ORG"}:
                continue
            sent = nxt.sent
            # NER may read "Minister of Planning and Investment Nguyen Chi Dung" as one ORG
            ents = PERSONISH | {nxt.ent_type_}
            a, b = self._extend(doc, i + 1, i + 2, sent, ents)
            a = max(a, i + 1)
            while b > a and (doc[b - 1].text in POSSESSIVE or not doc[b - 1].text[:1].isalnum()):
                b -= 1
            if b <= a or any(j in taken for j in range(a, b)):
                continue
            if not self._valid_name(doc, a, b):
                continue
            if is_head and not self._ends_like_name(doc, b):
                continue
            if is_head and (w not in lex.head_final or not tok.text[:1].isupper()) and b - a < 2:
                continue  # "the minister Smith" is rarer than noise like "the minister Monday"
            spans.append((a, b))
            taken.update(range(a, b))
        self._recover_appositions(doc, spans, taken)
        spans.sort()
        return spans

    def _known_names(self, doc: Doc, spans: list[tuple[int, int]], taken: set[int]) -> None:
        """Known officeholders' names NER missed or cut short ("Lula", "Recep Tayyip Erdogan")."""
        text = doc.text
        for s, e in officeholders.find_names(text):
            span = doc.char_span(s, e, alignment_mode="contract")
            if span is None or not len(span):
                continue
            a, b = span.start, span.end
            inside = [(x, y) for x, y in spans if a <= x and y <= b]
            if any(i in taken for i in range(a, b)) and not inside:
                continue  # part of a longer name, or of a name NER read differently
            if any((x, y) != (a, b) and a <= x < b and y > b for x, y in spans):
                continue
            for old in inside:
                spans.remove(old)
            spans.append((a, b))
            taken.update(range(a, b))
        when = _publication_date(doc)
        for s, e in officeholders.find_surnames(text):
            span = doc.char_span(s, e, alignment_mode="contract")
            if (
                span is None
                or not len(span)
                or any(i in taken for i in range(span.start, span.end))
                or (len(span) == 1 and span[0].tag_ != "NNP")  # "He", "Park" the verb
                or span[0].ent_type_ not in {"", "PERSON", "ORG"}
                or self._name_neighbour(doc, span.start - 1)
                or self._name_neighbour(doc, span.end)
                or officeholders.lookup_surname(span.text, when) is None
            ):
                continue
            # "Trump said", "Von der Leyen, who ...": NER silent, or calling it an ORG
            spans.append((span.start, span.end))
            taken.update(range(span.start, span.end))

    def _name_neighbour(self, doc: Doc, i: int) -> bool:
        """Token i is a capitalized word that could be part of the same name (not a title)."""
        if i < 0 or i >= len(doc):
            return False
        tok = doc[i]
        return (
            tok.text[:1].isupper()
            and tok.tag_ in {"NNP", "NNPS"}
            and self._fw(tok) not in (self.lex.vocab)
        )

    def _recover_appositions(self, doc: Doc, spans: list[tuple[int, int]], taken: set[int]) -> None:
        """Names NER missed that carry a role in apposition ("Liam Fox, the trade ...")."""
        lex = self.lex
        i = 0
        n = len(doc)
        while i < n:
            tok = doc[i]
            if i in taken or tok.tag_ not in {"NNP", "NNPS"} or not self._is_cap(tok):
                i += 1
                continue
            if i > 0 and doc[i - 1].tag_ in {"NNP", "NNPS"} and self._is_cap(doc[i - 1]):
                i += 1  # only runs that start here
                continue
            sent = tok.sent
            a, b = self._extend(doc, i, i + 1, sent, PERSONISH | {"NORP"})
            a = i
            if (
                b - a >= 2
                and b < n
                and doc[b].text == ","
                and not any(j in taken for j in range(a, b))
                and self._fw(doc[a]) not in lex.vocab
                and self._valid_name(doc, a, b)
            ):
                info = self._right_title(doc, b, sent)
                if info is not None and info.head in {"public", "public_default"}:
                    spans.append((a, b))
                    taken.update(range(a, b))
            i = max(b, i + 1)

    def _ends_like_name(self, doc: Doc, b: int) -> bool:
        """A recovered name must not run on into a noun phrase ("Trade Minister Office")."""
        if b >= len(doc):
            return True
        nxt = doc[b]
        if nxt.tag_ in {"NN", "NNS"} and nxt.is_lower:
            return False
        return self._fw(nxt) not in self.lex.org_words  # "Consul Restaurant Corp"

    # ------------------------------------------------------------------ titles
    def _parse_title(self, doc: Doc, s: int, e: int) -> TitleInfo | None:
        """Interpret tokens [s, e) as a title phrase (with country/organization prefix)."""
        lex = self.lex
        toks = [t for t in doc[s:e] if not t.is_space]
        if not toks:
            return None
        country = ""
        possessor = ""
        org_tokens: list[Token] = []
        org_parts: list[str] = []
        k = 0
        # prefix: country words, possessives, organization words before the role
        while k < len(toks):
            i = toks[k].i
            iso, j = self._country_at(doc, i, e)
            jk = _index_at(toks, j)
            if iso and not (jk < len(toks) and self._fw(toks[jk]) in {"and", "&"}):
                country = country or iso
                k = jk
                continue
            w = self._fw(toks[k])
            if w in POSSESSIVE or w in DETERMINERS:
                k += 1
                continue
            if w in ANAPHORIC_OWNERS and k + 1 < len(toks) and toks[k + 1].text in POSSESSIVE:
                k += 2  # "the country's top negotiator": home country, from context
                continue
            if (
                toks[k].ent_type_ == "PERSON"
                and k + 1 < len(toks)
                and toks[k + 1].text in POSSESSIVE
            ):
                possessor = toks[k].text  # "Boric's chief of staff"
                k += 2
                continue
            if (
                not possessor
                and self._is_cap(toks[k])
                and k + 1 < len(toks)
                and toks[k + 1].text in POSSESSIVE
            ):
                possessor = toks[k].text  # a person or a company: settled per document
            agency = self._agency_len(toks, k)
            if agency:
                k += agency  # "told Reuters Finance Secretary X": the agency reports on him
                org_tokens.clear()
                continue
            if w not in lex.vocab and self._head_at([self._fw(t) for t in toks[k:]], 0)[0] >= 2:
                break  # "Under Secretary": the role starts here, not a body
            if w in lex.vocab:
                body_end = self._body_prefix(doc, i, e)
                if body_end:
                    org_tokens.extend(doc[i:body_end])
                    k = _index_at(toks, body_end)
                    continue
                break
            if self._is_cap(toks[k]) or toks[k].text in {"-", "&"} or w in lex.org_words:
                org_tokens.append(toks[k])
                k += 1
                continue
            break
        while org_tokens and org_tokens[-1].text in {"-", "&"}:
            org_tokens.pop()
        if org_tokens:
            org_parts.append(doc[org_tokens[0].i : org_tokens[-1].i + 1].text)
        title_toks = toks[k:]
        # the role: title words (and country adjectives inside, "former Australian trade minister")
        head_kind = None
        head_end = -1
        idx = 0
        country_tokens: set[int] = set()  # "former Japanese prime minister": not in the title
        while idx < len(title_toks):
            tok = title_toks[idx]
            if tok.text in {"-", "\u2010"} or tok.text in POSSESSIVE:
                idx += 1
                continue
            words = [self._fw(t) for t in title_toks[idx:] if t.text not in {"-", "\u2010"}]
            n, kind = self._head_at(words, 0)
            if kind:
                head_kind = (
                    kind  # the last head is the role: "Consul chairman", "President and CEO"
                )
                # consume n content tokens
                taken = 0
                while taken < n and idx < len(title_toks):
                    if title_toks[idx].text not in {"-", "\u2010"}:
                        taken += 1
                    idx += 1
                head_end = idx - 1
                continue
            if words[0] in lex.vocab or (words[0] in lex.org_words and idx + 1 < len(title_toks)):
                idx += 1  # "Finance ministry spokesman"
                continue
            if words[0] in {"and", "&"} and len(words) > 1 and words[1] in lex.vocab:
                idx += 1  # "Business and Trade Secretary"
                continue
            iso, j = self._country_at(doc, tok.i, e)
            if iso:
                country = country or iso
                country_tokens.update(range(tok.i, j))
                idx = _index_at(title_toks, j)
                continue
            break
        if head_kind is None:
            return None
        cut = head_end + 1
        tail = title_toks[cut:]
        tail_public = False
        words_after = [self._fw(t) for t in tail if t.text not in {"-", "\u2010"}]
        if words_after[:2] == ["in", "charge"] and words_after[2:3] in (["of"], ["for"]):
            cut = len(title_toks)  # "Minister-in-charge of Trade Relations": all of it
            tail = []
        if tail and self._fw(tail[0]) in PREPOSITIONS:
            prep = self._fw(tail[0])
            rest = [t for t in tail[1:] if t.text not in {",", "-"}]
            rest_words = [self._fw(t) for t in rest]
            tail_public = any(w in lex.head_final for w in rest_words)
            if (
                prep in {"of", "for"}
                and rest_words
                and all(
                    w in lex.portfolio or w in lex.vocab or w in {"and", "&", "the", "for", "of"}
                    for w in rest_words
                )
            ):
                cut = len(title_toks)  # "Minister of Commerce and Industry", "Secretary of State"
            elif prep == "of" and head_kind == "public" and self._portfolio_list(rest):
                cut = len(title_toks)  # "Minister of Tourism, Wildlife and Heritage"
            elif rest and prep != "to" and not tail_public:
                org_parts.append(doc[tail[1].i : tail[-1].i + 1].text)
                org_tokens = list(tail[1:])
        title_span = title_toks[:cut]
        while title_span and (
            self._fw(title_span[-1]) in CONNECTORS | DETERMINERS
            or title_span[-1].text in POSSESSIVE
        ):
            title_span = title_span[:-1]
        if not title_span:
            return None
        kept = [t for t in doc[title_span[0].i : title_span[-1].i + 1] if t.i not in country_tokens]
        title = " ".join("".join(t.text_with_ws for t in kept).split())
        info = TitleInfo(
            title=title, head=head_kind, country=country, possessor=possessor, span=(s, e)
        )
        info.public_org = tail_public
        for part in org_parts:
            self._apply_org(doc, info, part, org_tokens)
            if info.organization:
                break
        if not info.organization:
            self._org_inside_title(doc, info, title_span)
        title_words = _words(title)
        if not info.country and not info.organization:
            for key, iso in lex.title_countries.items():
                if _contains(title_words, key):
                    info.country = iso
                    break
        if info.country:
            info.country_known = True
        if not info.country and not info.organization:
            for key, body in lex.intergov_titles.items():
                if _contains(title_words, key):
                    info.country_known = True
                    info.organization = body
                    info.public_org = True
                    break
        elif info.country and not info.organization:
            for key, body in lex.intergov_titles.items():
                if _contains(title_words, key) and key in lex.member_titles:
                    info.country = ""  # a "Belgian MEP" serves the EU
                    info.organization = body
                    info.public_org = True
                    break
        return info

    def _agency_len(self, toks: list[Token], k: int) -> int:
        """Number of tokens of a news agency's name starting at toks[k], or 0."""
        for n in (3, 2, 1):
            if k + n <= len(toks):
                words = " ".join(fold(t.text) for t in toks[k : k + n])
                if words in self.lex.news_agencies:
                    return n
        return 0

    def _apply_org(self, doc: Doc, info: TitleInfo, part: str, org_tokens: list[Token]) -> None:
        """Classify the body a title names: known body, public body, or company."""
        lex = self.lex
        part = re.sub(r"^(the|The)\s+", "", part.strip())
        if not part:
            return
        body = self._body(part)
        if body and body[1] and info.country and body[1] != info.country:
            return  # "Argentine Treasury Secretary": a generic word, not the U.S. Treasury
        if body:
            info.organization = body[0]
            info.public_org = True
            info.country_known = True
            info.country = info.country or body[1] if body[1] else ""
            return
        sub = self._body_within(doc, org_tokens)
        if sub is not None:  # "the Opec Conference", "the White House National Economic Council"
            info.public_org = True
            info.organization = part
            info.country = info.country or sub[1]
            return
        if any(w in lex.public_org_words for w in _words(part)):
            info.public_org = True
            info.organization = part
            for t in org_tokens:  # a country named inside the body ("Communist Party of Cuba")
                ref = places.lookup_country(t.text) if self._is_cap(t) else None
                if ref and not info.country:
                    info.country = ref.iso3
            return
        info.private_org = True
        info.organization = part

    def _body_within(self, doc: Doc, org_tokens: list[Token]) -> tuple[str, str] | None:
        """The longest known body inside a longer organization name, if any."""
        for n in range(len(org_tokens) - 1, 0, -1):
            for a in range(len(org_tokens) - n + 1):
                body = self._body(doc[org_tokens[a].i : org_tokens[a + n - 1].i + 1].text)
                if body:
                    return body
        return None

    def _org_inside_title(self, doc: Doc, info: TitleInfo, title_span: list[Token]) -> None:
        """Bodies inside the title itself ("State Department spokesperson")."""
        for n in range(len(title_span) - 1, 0, -1):
            for a in range(0, len(title_span) - n + 1):
                sub = doc[title_span[a].i : title_span[a + n - 1].i + 1].text
                body = self._body(sub)
                if body:
                    if body[1] and info.country and body[1] != info.country:
                        return  # "Argentine Treasury Secretary": not the U.S. Treasury
                    info.organization = body[0]
                    info.public_org = True
                    if n == 1 and body[1] and self._fw(title_span[a]) in self.lex.vocab:
                        # a portfolio word ("Treasury Secretary") names a national body
                        # only for the country the title serves: settled per document
                        info.weak_org = body[1]
                        return
                    info.country_known = True
                    info.country = info.country or body[1] if body[1] else ""
                    return

    def _body_prefix(self, doc: Doc, i: int, e: int) -> int:
        """End of the longest known body starting at token i ("State Department"), or 0."""
        for j in range(min(e, i + 5), i + 1, -1):
            if self._body(doc[i:j].text):
                # only a body when not simply a portfolio-word title ("Treasury Secretary")
                return j
        return 0

    def _left_title(self, doc: Doc, a: int, sent: Span) -> TitleInfo | None:
        """Title phrase before the name: "India's Commerce Minister Piyush Goyal", or
        "The World Bank's chief economist, Carmen Reinhart," (comma-set apposition)."""
        info = self._left_phrase(doc, a, sent)
        if info is None and a - 1 > sent.start and doc[a - 1].text == ",":
            info = self._left_phrase(doc, a - 1, sent)
            if info is not None and info.head is not None:
                return info
            return None
        return info

    def _left_phrase(self, doc: Doc, a: int, sent: Span) -> TitleInfo | None:
        lex = self.lex
        i = a - 1
        lo = max(sent.start, a - MAX_TITLE_TOKENS)
        while i >= lo:
            tok = doc[i]
            w = self._fw(tok)
            if tok.is_space and "\n\n" not in tok.text:
                i -= 1
                continue
            if w in lex.vocab or tok.text in POSSESSIVE or self._is_hyphen_inside(doc, i):
                i -= 1
                continue
            if self._head_at([self._fw(t) for t in doc[i:a]], 0)[0] >= 2:
                i -= 1  # a head that starts with a function word: "Under Secretary"
                continue
            if (w,) in lex.drop_honorifics:
                break
            if w == "charge":
                j = i - 2 if i - 2 >= lo and doc[i - 1].text == "-" else i - 1
                if j >= lo and self._fw(doc[j]) == "in":
                    i = j - 1  # "Minister-in-charge of Trade Relations", "Minister in charge of"
                    continue
            if tok.ent_type_ == "PERSON" and not places.lookup_country(tok.text):
                if not (i + 1 < a and doc[i + 1].text in POSSESSIVE):
                    break
            if self._is_cap(tok) and (tok.tag_ in {"NNP", "NNPS", "JJ"} or tok.ent_type_):
                if i == sent.start and tok.tag_ not in {"NNP", "NNPS"} and not tok.ent_type_:
                    break
                i -= 1
                continue
            if w in lex.org_words and tok.is_lower and self._fw(doc[i + 1]) in lex.vocab:
                i -= 1  # "Finance ministry spokesman"
                continue
            if w in {"of", "for"} and i + 1 < a:
                i -= 1
                continue
            if w == "to" and i + 1 < a and i - 1 >= lo and self._fw(doc[i - 1]) in lex.vocab:
                i -= 1  # "China's ambassador to India Xu Feihong"
                continue
            if w == "the" and i - 1 >= lo and self._fw(doc[i - 1]) in {"of", "for", "to"}:
                i -= 1
                continue
            if w in {"and", "&", ","} and self._inside_of_phrase(doc, i, lo):
                i -= 1
                continue
            if w in {"and", "&"} and i - 1 >= lo and self._fw(doc[i - 1]) in lex.portfolio:
                i -= 1  # "Business and Trade Secretary"
                continue
            break
        s = i + 1
        while s < a:
            while s < a and (
                doc[s].is_space or self._fw(doc[s]) in CONNECTORS | DETERMINERS | {"-"}
            ):
                s += 1
            if s >= a:
                return None
            info = self._parse_title(doc, s, a)
            if info is not None:
                return self._served_title(doc, s, a) or info
            # "an aide of U.S. Trade Representative Katherine Tai": retry after "of"
            nxt = [j for j in range(s, a) if self._fw(doc[j]) in {"of", "for", ","}]
            if not nxt:
                return None
            s = nxt[0] + 1
        return None

    def _served_title(self, doc: Doc, s: int, a: int) -> TitleInfo | None:
        """In "an aide to Agriculture Secretary X" the role after "to" is X's own."""
        for j in range(s + 1, a - 1):
            if self._fw(doc[j]) == "to" and self._fw(doc[j - 1]) in self.lex.vocab:
                info = self._parse_title(doc, j + 1, a)
                if info is not None and info.head in {"public", "public_default"}:
                    return info
        return None

    def _portfolio_list(self, toks: list[Token]) -> bool:
        """Capitalized words joined by "and" after a minister's "of": a list of portfolios
        ("Tourism, Wildlife and Heritage"), even with words the lexicon lacks. Bodies are
        named, not listed, so a coordination without organization words is not one."""
        words = [self._fw(t) for t in toks]
        if not words or words[-1] in {"and", "&"} or not {"and", "&"} & set(words):
            return False
        for t, w in zip(toks, words, strict=True):
            if w in {"and", "&"}:
                continue
            if not (t.is_alpha and self._is_cap(t)) or w in self.lex.org_words:
                return False
            if places.lookup_country(t.text) or self._body(t.text):
                return False
        return True

    def _inside_of_phrase(self, doc: Doc, i: int, lo: int) -> bool:
        """A comma/'and' inside "Minister of Agriculture, Fisheries and Food"."""
        j = i - 1
        while j >= lo:
            w = self._fw(doc[j])
            if w == "of":
                return j - 1 >= lo and self._fw(doc[j - 1]) in self.lex.vocab
            if self._is_cap(doc[j]) or w in {"and", "&", ","}:
                j -= 1
                continue
            return False
        return False

    def _right_title(self, doc: Doc, b: int, sent: Span) -> TitleInfo | None:
        """Apposition after the name ("Liam Fox, the British trade secretary,")."""
        if b >= sent.end or doc[b].text != ",":
            return None
        s = b + 1
        led = self._led_body(doc, s, sent.end)
        if led is not None:
            return led
        s += self._relative_copula(doc, s, sent.end)  # "X, who is India's ambassador, ..."
        if s < sent.end and self._fw(doc[s]) in DETERMINERS:
            s += 1
        e = s
        hi = min(sent.end, s + MAX_TITLE_TOKENS)
        saw_head = False
        in_prep = False
        while e < hi:
            tok = doc[e]
            w = self._fw(tok)
            if tok.text in POSSESSIVE:
                e += 1
                continue
            if tok.text in APPOSITION_END and not self._is_hyphen_inside(doc, e):
                nxt_cap = e + 1 < hi and self._is_cap(doc[e + 1])
                if tok.text == "," and in_prep and nxt_cap and self._more_of_list(doc, e + 1, hi):
                    e += 1
                    continue
                break
            if tok.ent_type_ == "PERSON" and not in_prep and w not in self.lex.vocab:
                if not (e + 1 < hi and doc[e + 1].text in POSSESSIVE):
                    return None
            if tok.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"}:
                break
            if w in ANAPHORIC_OWNERS and e + 1 < hi and doc[e + 1].text in POSSESSIVE:
                e += 2  # "the country's top negotiator"
                continue
            if w in self.lex.vocab or self._is_hyphen_inside(doc, e):
                saw_head = saw_head or w in self.lex.vocab
                e += 1
                continue
            n, _ = self._head_at([self._fw(t) for t in doc[e:hi]], 0)
            if n >= 2 and not in_prep:
                saw_head = True  # a head that starts with a function word: "under secretary"
                e += n
                continue
            if w in PREPOSITIONS and saw_head:
                in_prep = True
                e += 1
                continue
            if in_prep and (
                self._is_cap(tok) or w in {"the", "and", "&", "of"} or w in self.lex.org_words
            ):
                e += 1  # "the chair of the European Parliament's trade committee"
                continue
            if self._is_cap(tok) and not in_prep:
                e += 1
                continue
            if w == "who" or tok.tag_.startswith("VB") or tok.tag_ in {"MD", "CC"}:
                break
            if saw_head and w in {"until", "since", "till"}:
                break  # "trade minister until 2023": the role ends before its dates
            return None
        if e >= hi and e < sent.end:
            return None
        if e <= s or not saw_head:
            return None
        return self._parse_title(doc, s, e)

    def _led_body(self, doc: Doc, s: int, end: int) -> TitleInfo | None:
        """ "X, who chairs the European Parliament's trade committee,": the role of leading
        a public body. Only bodies that are plainly part of a state count (a ministry, a
        legislature or its committee, a central bank); anything else says nothing."""
        words = [self._fw(t) for t in doc[s : min(end, s + 2)]]
        if len(words) < 2 or words[0] != "who" or words[1] not in LED_VERBS:
            return None
        e = s + 2
        while e < end and doc[e].text not in APPOSITION_END and e - s < MAX_TITLE_TOKENS:
            e += 1
        if e >= end or doc[e].text not in {",", ".", ";", "\u2014", "--"}:
            return None
        body = doc[s + 2 : e]
        while len(body) and self._fw(body[0]) in DETERMINERS | {"its", "his", "her", "their"}:
            body = body[1:]
        if not len(body):
            return None
        folded = " ".join(fold(t.text) for t in body)
        known = self._body(body.text)
        if known is None and not any(w in folded for w in LED_PUBLIC_BODIES):
            return None
        if "committee" in folded and known is None and not any(w in folded for w in LEGISLATURES):
            return None
        country = ""
        for t in body:
            iso, _ = self._country_at(doc, t.i, body.end)
            if iso:
                country = iso
                break
        title = f"{LED_VERBS[words[1]]} of {doc[s + 2 : e].text}"
        info = TitleInfo(title=title, head="public", country=country, span=(s, e))
        info.public_org = True
        if known is not None:
            info.organization, info.country = known[0], country or known[1]
            info.country_known = True
        return info

    def _relative_copula(self, doc: Doc, s: int, end: int) -> int:
        """Tokens of "who is", "who was", "who serves as", "who became" starting at s (or 0)."""
        words = [self._fw(t) for t in doc[s : min(end, s + 3)]]
        if words[:1] != ["who"] or len(words) < 2:
            return 0
        if words[1] in {"is", "was", "became"}:
            return 2
        if words[1] in {"serves", "served"} and words[2:3] == ["as"]:
            return 3
        return 0

    def _more_of_list(self, doc: Doc, i: int, hi: int) -> bool:
        """After a comma inside "minister of Agriculture, Fisheries and Food": more list items."""
        j = i
        while j < hi and (self._is_cap(doc[j]) or self._fw(doc[j]) in {"and", "&"}):
            if self._fw(doc[j]) in {"and", "&"}:
                return True
            j += 1
        return False

    # ------------------------------------------------------------------ records
    def __call__(self, doc: Doc) -> Doc:
        if len(doc) and not doc.has_annotation("SENT_START"):
            # a pipeline without sentences: one long sentence (spaCy reads the first
            # token as a start anyway, so the others must say they are not)
            for tok in doc:
                tok.is_sent_start = tok.i == 0
        doc._.people = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[dict[str, Any]]:
        spans = self._candidates(doc)
        if not spans:
            return []
        mentions: list[Mention] = []
        for a, b in spans:
            sent = doc[a].sent
            m = Mention(a, b, self._name_words(doc, a, b))
            m.honorific = a > 0 and (self._fw(doc[a - 1]),) in self.lex.drop_honorifics
            info = self._left_title(doc, a, sent) or self._right_title(doc, b, sent)
            if info is not None:
                m.title, m.head = info.title, info.head
                m.country, m.organization = info.country, info.organization
                m.public_org, m.private_org = info.public_org, info.private_org
                m.intergov = info.country_known and not info.country and bool(info.organization)
                m.possessor, m.title_span = info.possessor, info.span
                m.weak_org = info.weak_org
            mentions.append(m)
        mentions = self._split_compounds(doc, mentions)
        records = self._cluster(mentions)
        self._count_extra(doc, records, mentions)
        return self._records(doc, records, mentions)

    def _split_compounds(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """ "Landau-Misri dialogue": a hyphenated pair of known surnames names both people."""
        known = {fold(m.words[-1]) for m in mentions if len(m.words) > 1}
        out: list[Mention] = []
        for m in mentions:
            parts = [p for p in fold(m.words[0]).split("-") if p] if len(m.words) == 1 else []
            if len(parts) > 1 and fold(m.words[0]) not in known and all(p in known for p in parts):
                out.extend(
                    Mention(t.i, t.i + 1, (t.text,))
                    for t in doc[m.start : m.end]
                    if t.text[:1].isalpha()
                )
                continue
            out.append(m)
        return out

    def _cluster(self, mentions: list[Mention]) -> list[list[int]]:
        """Group mentions into people: fullest names first, then surnames to them."""
        records: list[list[int]] = []
        names: list[tuple[str, ...]] = []
        order = sorted(range(len(mentions)), key=lambda k: (-len(mentions[k].words), k))
        for k in order:
            m = mentions[k]
            fw = tuple(fold(w) for w in m.words)
            best = None
            for r, rn in enumerate(names):
                if _same_person(fw, rn):
                    best = r
                    break
            if best is None and len(fw) == 1:
                best = self._attach_single(fw[0], m, mentions, records, names)
            if best is None:
                records.append([k])
                names.append(fw)
            else:
                records[best].append(k)
                if len(fw) > len(names[best]):
                    names[best] = fw
            m.record = best if best is not None else len(records) - 1
        return records

    def _attach_single(
        self,
        word: str,
        m: Mention,
        mentions: list[Mention],
        records: list[list[int]],
        names: list[tuple[str, ...]],
    ) -> int | None:
        """A bare surname (or given name) joins the person it most likely refers to.

        Several people can share the word: prefer a surname match, then the one whose
        title agrees, then the one named most recently before it, else the first named.
        """
        cands = [r for r, rn in enumerate(names) if word in rn or word in _hyphen_parts(rn)]
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        last = [r for r in cands if names[r][-1] == word]
        cands = last or cands
        if m.title:
            agree = [
                r
                for r in cands
                if any(
                    mentions[x].title and fold(mentions[x].title) == fold(m.title)
                    for x in records[r]
                )
            ]
            if len(agree) == 1:
                return agree[0]
        before = [
            (max(mentions[x].start for x in records[r] if mentions[x].start < m.start), r)
            for r in cands
            if any(mentions[x].start < m.start for x in records[r])
        ]
        if before:
            return max(before)[1]
        return min(cands, key=lambda r: min(mentions[x].start for x in records[r]))

    def _count_extra(self, doc: Doc, records: list[list[int]], mentions: list[Mention]) -> None:
        """Surname occurrences NER did not tag ("Trump's administration", "Landau-Misri")."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        by_word: dict[str, list[int]] = {}
        for r, group in enumerate(records):
            full = max((mentions[x].words for x in group), key=len)
            if len(full) < 1:
                continue
            surname = fold(full[-1])
            for part in {surname, *surname.split("-")}:
                if len(part) > 2:
                    by_word.setdefault(part, []).append(r)
        extra: list[Mention] = []
        for tok in doc:
            if tok.i in covered or not self._is_cap(tok) or tok.ent_type_ in NOT_PEOPLE:
                continue  # "in May" is no mention of Theresa May
            rs = by_word.get(fold(tok.text))
            if rs and len(rs) == 1:
                if self._is_hyphen_inside(doc, tok.i - 1) and (tok.i - 2) in covered:
                    continue
                m = Mention(tok.i, tok.i + 1, (tok.text,), record=rs[0])
                extra.append(m)
        for m in extra:
            mentions.append(m)
            records[m.record].append(len(mentions) - 1)

    def _records(
        self, doc: Doc, records: list[list[int]], mentions: list[Mention]
    ) -> list[dict[str, Any]]:
        """One entity dict per person: fullest name, first stated title, country served."""
        ctx = _DocContext(self, doc, mentions)
        rows: list[dict[str, Any]] = []
        groups: list[list[Mention]] = []
        for group in records:
            ms = sorted((mentions[x] for x in group), key=lambda m: m.start)
            titled = [m for m in ms if m.head]
            longest = max(ms, key=lambda m: len(m.words)).words
            known = officeholders.lookup(" ".join(longest))
            if known is None and len(longest) > 2 and fold(longest[0]) in self.lex.keep_honorifics:
                known = officeholders.lookup(" ".join(longest[1:]))  # "Sheikh Tamim bin Hamad"
            if known is None and (len(longest) == 1 or not titled):
                known = officeholders.lookup_surname(" ".join(longest), _publication_date(doc))
            if not titled and not any(m.honorific for m in ms) and known is None:
                if len(longest) == 1:
                    continue  # a lone untitled word is too often a company or a place
                if all(w.isupper() for w in longest):
                    continue  # upper-case copy: NER reads any two words as a name
            row = self._record(doc, ms, titled, ctx)
            if known is not None:
                self._apply_known_role(doc, row, known, titled)
            rows.append(row)
            groups.append(ms)
        # a title owned by another person ("Boric's chief of staff", "Trump's trade adviser")
        # takes that person's country
        by_surname = {fold(r["name"].split()[-1]): r for r in rows}
        owners: dict[int, dict[str, Any]] = {}
        for k, r in enumerate(rows):
            poss = r.pop("_possessor", "")
            owner = by_surname.get(fold(poss)) if poss else None
            if owner is None or owner is r:
                continue
            if r["organization"] == poss:
                r["organization"] = ""
            if r["_needs_country"]:
                owners[k] = owner
                r["_needs_country"] = False
        self._unqualified_countries(rows, groups, ctx)
        for k, owner in owners.items():
            r = rows[k]
            r["country"] = owner["country"] if owner["kind"] == "official" else ""
            if not r["country"]:
                r["country"] = ctx.near_country(groups[k]) or ctx.home(self.lex.unqualified_titles)
        self._historical_states(doc, rows)
        for r in rows:
            r.pop("_needs_country", None)
            weak = r.pop("_weak_org", "")
            if weak and r["country"] != weak:
                r["organization"] = ""  # "Treasury" was another country's treasury
        rows.sort(key=lambda r: r["start"])
        return rows

    @staticmethod
    def _apply_known_role(
        doc: Doc, row: dict[str, Any], known: officeholders.Officeholder, titled: list[Mention]
    ) -> None:
        """A universally known officeholder: the role held at the publication date.

        The article's own title wins; knowledge fills in what it leaves out (no title
        at all, or a title that does not say which country the person serves).
        """
        role = officeholders.role_at(known, _publication_date(doc))
        if role is None:
            return
        if not titled:
            row["kind"] = "official"
            row["title"] = role.title
            row["country"] = role.country
            row["organization"] = row["organization"] or role.organization
            row["_needs_country"] = False
        elif row["kind"] == "official" and row["_needs_country"] and role.country:
            row["country"] = role.country
            row["_needs_country"] = False

    @staticmethod
    def _historical_states(doc: Doc, rows: list[dict[str, Any]]) -> None:
        """In a story that names a historical state (the Soviet Union) and not its
        successor, a body of the successor (the Kremlin) served the historical state,
        as the countries component reads its capital."""
        named = {c.get("country") for c in doc._.countries or []}
        successors: dict[str, str] = {}
        for iso, capitals in places.country_gazetteer().historical_capitals.items():
            if iso not in named:
                continue
            for capital in capitals:
                ref = places.lookup_country(capital)
                if ref is not None and ref.iso3 != iso and ref.iso3 not in named:
                    successors[ref.iso3] = iso
        if successors:
            for r in rows:
                r["country"] = successors.get(r["country"], r["country"])

    def _conventional_country(
        self, r: dict[str, Any], ms: list[Mention], rows: list[dict[str, Any]], ctx: _DocContext
    ) -> str:
        """The country a U.S.-style office ("Defense Secretary", "Senate Majority Leader")
        serves by news convention, when the article bears it out (see ``titles.yaml``)."""
        words = _words(r["title"]) + _words(r["organization"])
        for iso, keys in self.lex.conventional.items():
            hit = [k for k in keys if _contains(words, k)]
            if not hit:
                continue
            evidence = self.lex.convention_evidence.get(iso, ())
            if (ctx.dateline or ctx.counts) and not ctx.has_evidence(iso, evidence):
                continue  # the story is about other countries only
            if ctx.near_country(ms) not in {"", iso}:
                continue
            if any(
                o is not r
                and o["country"] == iso
                and not o.get("_needs_country")
                and (
                    any(_contains(_words(o["title"]), k) for k in hit)
                    or bool(r["organization"])
                    and o["organization"] == r["organization"]
                    and _words(o["title"])[-1:] == _words(r["title"])[-1:]
                )
                for o in rows
            ):
                continue  # "U.S. Treasury Secretary A" holds the office; plain B is not him
            return iso
        return ""

    def _intergov_by_evidence(self, r: dict[str, Any], ctx: _DocContext) -> str:
        """The body a common officer title ("Commissioner") serves when the story names it."""
        words = _words(r["title"])
        for key, (body, evidence) in self.lex.intergov_evidence.items():
            if _contains(words, key) and ctx.has_evidence("", evidence):
                return body
        return ""

    def _convention_holds(
        self,
        r: dict[str, Any],
        ms: list[Mention],
        rows: list[dict[str, Any]],
        ctx: _DocContext,
        iso: str,
    ) -> bool:
        """A lone unqualified President in a story datelined abroad may be that country's.

        He is taken as the conventional one unless his sentences lean to another country
        and the dateline country has no leader of its own in the story ("WELLINGTON -- ...
        Prime Minister Christopher Luxon" leaves "President Donald Trump" to the U.S.).
        """
        home = ctx.dateline
        if not home or home == iso or ctx.lean(ms, iso, actors=True) >= 0:
            return True
        return any(
            other is not r
            and other["country"] == home
            and any(_contains(_words(other["title"]), h) for h in self.lex.leaders)
            for other in rows
        )

    def _unqualified_countries(
        self, rows: list[dict[str, Any]], groups: list[list[Mention]], ctx: _DocContext
    ) -> None:
        """Officials whose titles name no country: conventions, then context, then home.

        Wire copy names one head of state without a country (the U.S. president): an
        unqualified title listed in ``unqualified_titles`` goes to that country when the
        article names it, to the one person whose sentences lean most towards it. Everyone
        else takes a country named just before them in the sentence ("China fielded Vice
        Minister ..."), else the article's home country (dateline; for a dateline in the
        conventional country, the other country the article is about).
        """
        todo = [(r, ms) for r, ms in zip(rows, groups, strict=True) if r.get("_needs_country")]
        placed = []
        for r, ms in todo:
            body = self._intergov_by_evidence(r, ctx)
            if body:
                if not r["organization"] or self._body(r["organization"]) is None:
                    r["organization"] = body  # "Farm Commissioner": the body, not "Farm"
                placed.append(id(r))
                continue
            iso = self._conventional_country(r, ms, rows, ctx)
            if iso:
                r["country"] = iso
                placed.append(id(r))
        todo = [(r, ms) for r, ms in todo if id(r) not in placed]

        def conventional(r: dict[str, Any]) -> tuple[str, ...]:
            return tuple(w for w in _words(r["title"]) if w not in self.lex.time_modifiers)

        keys = self.lex.unqualified_titles
        for r, ms in todo:  # everyone else first: the convention looks at their countries
            if conventional(r) not in keys:
                r["country"] = ctx.near_country(ms) or ctx.home(keys)
        for key, iso in keys.items():
            # one President of the United States at a time: a placed one takes the slot
            if any(o["country"] == iso and conventional(o) == key for o in rows):
                continue
            cands = [(r, ms) for r, ms in todo if not r["country"] and conventional(r) == key]
            if cands and ctx.counts.get(iso):
                r, ms = max(
                    cands,
                    key=lambda c: (_words(c[0]["title"]) == key, ctx.lean(c[1], iso), len(c[1])),
                )
                if len(cands) > 1 or self._convention_holds(r, ms, rows, ctx, iso):
                    r["country"] = iso
        for r, ms in todo:
            if not r["country"]:
                r["country"] = ctx.near_country(ms) or ctx.home(keys)

    def _record(
        self, doc: Doc, ms: list[Mention], titled: list[Mention], ctx: _DocContext
    ) -> dict[str, Any]:
        full = max(ms, key=lambda m: (len(m.words), -m.start))
        first = ms[0]
        title_m = titled[0] if titled else None
        for m in titled:  # the first title that says whom the person serves
            if m.country or m.organization:
                title_m = m
                break
        if title_m is not None and titled[0] is not title_m and titled[0].start < title_m.start:
            if len(_words(titled[0].title)) > len(_words(title_m.title)):
                title_m = titled[0]
        heads = {m.head for m in titled}
        public_org = any(m.public_org for m in titled)
        private_org = any(m.private_org for m in titled) and not public_org
        country = next((m.country for m in titled if m.country), "")
        org_m = next((m for m in titled if m.organization), None)
        organization = org_m.organization if org_m else ""
        intergov = not country and any(m.intergov for m in titled)
        if public_org or "public" in heads:
            official = True
        elif "public_default" in heads:
            official = not private_org
        elif "ambiguous" in heads:
            official = bool(country) and not private_org
        else:
            official = False
        needs_country = official and not country and not intergov
        last = doc[first.end - 1]
        return make_entity(
            "official" if official else "person",
            name=" ".join(full.words),
            text=doc[first.start : first.end].text,
            start=doc[first.start].idx,
            end=last.idx + len(last.text),
            title=title_m.title if title_m else "",
            country=country,
            mentions=len(ms),
            organization=" ".join(organization.split()),
            _possessor=next((m.possessor for m in titled if m.possessor), ""),
            _needs_country=needs_country,
            _weak_org=org_m.weak_org if org_m else "",
        )


class _DocContext:
    """Country evidence around people, computed once per document (weak evidence only)."""

    BLOCKING = {"to", "with", "against", "from", "into", "on", "for", "of", "at", "in", "by"}

    def __init__(self, ex: OfficialExtractor, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.dateline, dateline_end = self._dateline(doc)
        owned = {i for m in mentions for i in range(*m.title_span)}
        owned.update(range(dateline_end))
        self.mentions: list[tuple[int, int, str]] = []  # (start, end, iso3) usable as context
        self.actors: set[tuple[int, int]] = set()  # country names that act ("China fielded ...")
        counts: Counter[str] = Counter()
        for ent in doc.ents:
            if ent.label_ in {"GPE", "NORP"}:
                ref = places.lookup_country(ent.text)
            elif ent.label_ in {"ORG", "FAC"}:
                body = places.lookup_organization(ent.text)
                ref = places.CountryRef(body.country, body.name) if body and body.country else None
            else:
                continue
            if ref is None:
                continue
            if ent.label_ != "ORG" and ent.start >= dateline_end:
                counts[ref.iso3] += 1
            if any(i in owned for i in range(ent.start, ent.end)):
                continue  # part of someone else's title ("Chilean President ...")
            prev = ex._fw(doc[ent.start - 1]) if ent.start > ent.sent.start else ""
            if prev in self.BLOCKING:
                continue
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if (
                ent.label_ == "NORP"
                and nxt is not None
                and nxt.is_lower
                and nxt.tag_ in {"NN", "NNS"}
                and ex._fw(nxt) not in ex.lex.vocab
                and ex._fw(nxt) not in ex.lex.public_org_words
            ):
                continue  # "Vietnamese goods": what is traded, not who acts
            self.mentions.append((ent.start, ent.end, ref.iso3))
            if ent.label_ in {"GPE", "NORP"} and not (
                nxt is not None and nxt.is_lower and nxt.tag_ in {"NN", "NNS"}
            ):
                self.actors.add((ent.start, ent.end))
        self.counts = counts
        self._tokens: tuple[str, ...] | None = None

    def has_evidence(self, iso: str, words: tuple[str, ...]) -> bool:
        """The article names the country (or its dateline is it) or an evidence word."""
        if iso and (self.dateline == iso or self.counts.get(iso)):
            return True
        if self._tokens is None:
            self._tokens = tuple(fold(t.text) for t in self.doc if not t.is_space)
        for phrase in words:
            key = tuple(fold(w) for w in phrase.split())
            if _contains(self._tokens, key):
                return True
        return False

    def _in_sentence(self, m: Mention) -> list[tuple[int, int, str]]:
        sent = self.doc[m.start].sent
        return [c for c in self.mentions if c[0] >= sent.start and c[1] <= sent.end]

    def near_country(self, ms: list[Mention]) -> str:
        """A country named shortly before the person in the same sentence."""
        for m in ms:
            before = [
                c
                for c in self._in_sentence(m)
                if c[1] <= m.start
                and m.start - c[1] <= 12
                and (c[0], c[1]) in self.actors
                and "\n" not in self.doc[c[1] : m.start].text
            ]
            if before:
                return max(before)[2]
        return ""

    def lean(self, ms: list[Mention], iso: str, *, actors: bool = False) -> float:
        """How much more the person's sentences name `iso` than any other country."""
        votes: Counter[str] = Counter()
        for m in ms:
            votes.update(
                c[2] for c in self._in_sentence(m) if not actors or (c[0], c[1]) in self.actors
            )
        other = max((n for k, n in votes.items() if k != iso), default=0)
        return votes[iso] - other

    def home(self, conventional: dict[tuple[str, ...], str]) -> str:
        """The article's home country for officials nothing else places."""
        home = self.dateline or (self.counts.most_common(1)[0][0] if self.counts else "")
        if home in set(conventional.values()):
            others = [k for k, _ in self.counts.most_common() if k != home]
            if others:
                return others[0]
        return home

    @staticmethod
    def _dateline(doc: Doc) -> tuple[str, int]:
        """The dateline's country and token end ("HANOI \u2014", "GYEONGJU, South Korea \u2014")."""
        head = doc[:12].text
        m = re.match(
            r"\s*([A-Z][A-Za-z .'-]+?)(?:,\s*([A-Z][\w .'-]+?))?\s*"
            r"(?:,[^\u2014\u2013]*)?\s*(?:\(|\u2014|\u2013|--| - )",
            head,
        )
        if not m:
            return "", 0
        end = next((t.i for t in doc[:12] if t.idx >= m.end()), 0)
        for part in (m.group(2), m.group(1)):
            if part:
                part = part.strip()
                ref = places.lookup_country(part) or places.lookup_country(part.title())
                if ref:
                    return ref.iso3, end
        return "", 0


def _publication_date(doc: Doc) -> dt.date | None:
    return officeholders.parse_date(doc._.dct if Doc.has_extension("dct") else None)


def _index_at(toks: list[Token], i: int) -> int:
    """Position in `toks` of the first token at or after doc index i."""
    return next((k for k, t in enumerate(toks) if t.i >= i), len(toks))


def _hyphen_parts(words: tuple[str, ...]) -> set[str]:
    return {p for w in words for p in w.split("-") if p}


def _contains(words: tuple[str, ...], key: tuple[str, ...]) -> bool:
    n = len(key)
    return any(words[i : i + n] == key for i in range(len(words) - n + 1))


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two name forms of one person: equal, one inside the other, or same first+last word."""
    if a == b:
        return True
    if len(a) >= 2 and len(b) >= 2:
        if a[-1] == b[-1] and (
            a[0] == b[0] or a[0][:1] == b[0][:1] and min(len(a[0]), len(b[0])) <= 2
        ):
            return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 2 and _contains(long_, short):
        return True
    return False


@Language.factory("tradenews_officials")
def make_official_extractor(nlp: Language, name: str) -> OfficialExtractor:
    return OfficialExtractor(nlp, name)

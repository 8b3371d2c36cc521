"""Officials and other named people: full name, title, country served.

The component works on tokens, tags and NER spans only (no parser):

1. Name mentions: NER ``PERSON`` spans, widened to the whole run of name tokens
   and stripped of titles, honorifics, country words and possessives; plus names
   NER missed right after a role word ("Secretary Landau") or an honorific.
2. Each mention gets the title phrase around it: before the name
   ("U.S. Trade Representative Jamieson Greer") or in apposition after it
   ("Jamieson Greer, the U.S. trade representative,").
3. Mentions are merged into one record per person (surname and title+surname
   mentions join the fullest name), then each record gets its title, the country
   it serves, and official-vs-person from the title lexicon (``data/titles.yaml``).
"""

from __future__ import annotations

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

from tradenews import places
from tradenews.components import make_entity, register_extensions

POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
CONNECTORS = {"of", "for", "and", "&", ","}
DETERMINERS = {"the", "a", "an"}
PREPOSITIONS = {"of", "for", "at", "to", "in", "with", "on"}
APPOSITION_END = {",", ".", ";", ":", ")", "(", "\u2014", "--", "-", "\u2013", "!", "?", '"'}
MAX_TITLE_TOKENS = 14
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
    vocab: frozenset[str] = field(default=frozenset())

    def head_kind(self, words: tuple[str, ...]) -> str | None:
        if words in self.public:
            return "public"
        if words in self.private:
            return "private"
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
        for k in ("public_heads", "ambiguous_heads", "private_heads")
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
    all_heads = heads["public_heads"] | heads["ambiguous_heads"] | heads["private_heads"]
    vocab = (frozenset(w for h in all_heads for w in h) | modifiers | portfolio) - FUNCTION_WORDS
    return Lexicon(
        public=heads["public_heads"],
        ambiguous=heads["ambiguous_heads"],
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
        """A hyphen glued to words on both sides ("Director-General", "Okonjo-Iweala")."""
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
            if ref is None and n == 1 and doc[i].text.endswith("s"):
                ref = None
            if ref is not None:
                return ref.iso3, j
        return "", i

    def _body(self, text: str) -> tuple[str, str] | None:
        """Resolve an organization phrase: (name, country) or None."""
        text = text.strip()
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

    def _is_title_word(self, tok: Token) -> bool:
        return self._fw(tok) in self.lex.vocab

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

    def _extend(self, doc: Doc, a: int, b: int, sent: Span) -> tuple[int, int]:
        """Widen a name span to the whole run of name tokens (NER often cuts names)."""
        lex = self.lex
        # right
        while b < sent.end:
            tok = doc[b]
            w = self._fw(tok)
            if self._is_hyphen_inside(doc, b) and b + 1 < sent.end and self._is_cap(doc[b + 1]):
                b += 2
                continue
            if w in lex.particles and b + 1 < sent.end and self._is_cap(doc[b + 1]):
                if doc[b + 1].tag_ in {"NNP", "NNPS"}:
                    b += 2
                    continue
            if (
                self._name_token_ok(tok)
                and tok.ent_type_ in {"", "PERSON"}
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

    def _valid_name(self, doc: Doc, a: int, b: int) -> bool:
        lex = self.lex
        span = doc[a:b]
        if not span.text or not self._is_cap(doc[a]) and self._fw(doc[a]) not in lex.particles:
            return False
        folded = [self._fw(t) for t in span if t.is_alpha or "-" not in t.text]
        if any(w in lex.org_words for w in folded) and len(folded) > 1:
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
        # names right after a role word or an honorific that NER missed
        for i, tok in enumerate(doc):
            w = self._fw(tok)
            is_head = w in lex.vocab and tok.text[:1].isupper()
            is_hon = (w,) in lex.drop_honorifics and tok.text[:1].isupper()
            if not (is_head or is_hon) or i + 1 >= len(doc) or (i + 1) in taken:
                continue
            nxt = doc[i + 1]
            if not self._name_token_ok(nxt) or self._fw(nxt) in lex.vocab:
                continue
            if nxt.ent_type_ not in {"", "PERSON", "ORG"}:
                continue
            sent = nxt.sent
            a, b = self._extend(doc, i + 1, i + 2, sent)
            a = max(a, i + 1)
            while b > a and (doc[b - 1].text in POSSESSIVE or not doc[b - 1].text[:1].isalnum()):
                b -= 1
            if b <= a or any(j in taken for j in range(a, b)):
                continue
            if nxt.ent_type_ == "ORG" and doc[b - 1].ent_iob_ != "B" and b - a > 1:
                pass
            if not self._valid_name(doc, a, b):
                continue
            if is_head and not self._ends_like_name(doc, b):
                continue
            spans.append((a, b))
            taken.update(range(a, b))
        spans.sort()
        return spans

    def _ends_like_name(self, doc: Doc, b: int) -> bool:
        """A recovered name must not run on into a noun phrase ("Trade Minister Office")."""
        if b >= len(doc):
            return True
        nxt = doc[b]
        return not (nxt.tag_ in {"NN", "NNS"} and nxt.is_lower)

    # ------------------------------------------------------------------ titles
    def _parse_title(self, doc: Doc, s: int, e: int, *, after: bool) -> TitleInfo | None:
        """Interpret tokens [s, e) as a title phrase (with country/organization prefix)."""
        lex = self.lex
        toks = [t for t in doc[s:e]]
        if not toks:
            return None
        country = ""
        org_parts: list[str] = []
        org_tokens: list[Token] = []
        k = 0
        # prefix: country words, possessives, organization words before the role
        while k < len(toks):
            i = s + k
            iso, j = self._country_at(doc, i, e)
            if iso and not (j - s < len(toks) and self._fw(toks[j - s]) in {"and", "&"}):
                if not country:
                    country = iso
                k = j - s
                continue
            w = self._fw(toks[k])
            if w in POSSESSIVE or w in DETERMINERS:
                k += 1
                continue
            if w in lex.vocab:
                # a role word starts the title unless it is part of a known body
                body_end = self._body_prefix(doc, i, e)
                if body_end:
                    org_tokens.extend(doc[i:body_end])
                    org_parts.append(doc[i:body_end].text)
                    k = body_end - s
                    continue
                break
            if self._is_cap(toks[k]) or toks[k].text in {"-", "&"}:
                org_tokens.append(toks[k])
                k += 1
                continue
            break
        if org_tokens and org_tokens[-1].text in {"-", "&"}:
            org_tokens.pop()
        if org_tokens and not org_parts:
            org_parts.append(doc[org_tokens[0].i : org_tokens[-1].i + 1].text)
        title_toks = toks[k:]
        # keep the title words; an "of/for/at/to" phrase that is not portfolio words is a body
        words = [self._fw(t) for t in title_toks]
        head_kind = None
        head_end = -1
        m = 0
        content = [idx for idx, t in enumerate(title_toks) if t.text not in {"-", "\u2010"}]
        cwords = [words[idx] for idx in content]
        while m < len(cwords):
            n, kind = self._head_at(cwords, m)
            if kind:
                if head_kind is None or kind != "ambiguous" or head_kind == "ambiguous":
                    head_kind = kind if head_kind is None or kind != "ambiguous" else head_kind
                head_end = content[m + n - 1]
                m += n
                continue
            if cwords[m] in lex.vocab:
                m += 1
                continue
            break
        if head_kind is None:
            return None
        cut = head_end + 1
        tail = title_toks[cut:]
        destination = False
        if tail and self._fw(tail[0]) in PREPOSITIONS:
            prep = self._fw(tail[0])
            rest = tail[1:]
            rest_words = [self._fw(t) for t in rest if t.text not in {",", "-"}]
            if (
                prep in {"of", "for"}
                and rest_words
                and all(w in lex.portfolio or w in {"and", "&", "the"} for w in rest_words)
            ):
                cut = len(title_toks)
                # e.g. "Minister of Commerce and Industry", "Secretary of State"
                more, kind = self._head_at([self._fw(t) for t in title_toks if t.text != "-"], 0)
                del more, kind
            else:
                phrase = doc[rest[0].i : rest[-1].i + 1].text if rest else ""
                if prep == "to":
                    destination = True
                elif phrase:
                    org_parts.append(phrase)
                    org_tokens.extend(rest)
        if destination:
            pass
        title_span = title_toks[:cut]
        while title_span and self._fw(title_span[-1]) in CONNECTORS | DETERMINERS:
            title_span = title_span[:-1]
        if not title_span:
            return None
        title = doc[title_span[0].i : title_span[-1].i + 1].text
        info = TitleInfo(title=title, head=head_kind, country=country)
        # organization named in the phrase
        title_words = _words(title)
        for part in org_parts:
            body = self._body(part)
            if body:
                info.organization = body[0]
                info.country_known = True
                if body[1]:
                    info.country = info.country or body[1]
                else:
                    info.country = ""
                info.public_org = True
                break
            pw = _words(part)
            if any(w in lex.public_org_words for w in pw):
                info.public_org = True
                info.organization = part.strip()
                if part.startswith("the "):
                    info.organization = part[4:]
                # a country named inside the body ("Communist Party of Vietnam")
                for t in doc[org_tokens[0].i : org_tokens[-1].i + 1] if org_tokens else []:
                    iso, _ = self._country_at(doc, t.i, t.i + 1)
                    if iso and not info.country:
                        info.country = iso
                break
            if part.strip() and not info.organization:
                info.private_org = True
                info.organization = part.strip()
                if info.organization.lower().startswith("the "):
                    info.organization = info.organization[4:]
        # bodies inside the title itself ("State Department spokesperson")
        if not info.organization:
            for n in range(len(title_span), 0, -1):
                for a in range(0, len(title_span) - n + 1):
                    sub = doc[title_span[a].i : title_span[a + n - 1].i + 1].text
                    body = self._body(sub) if n < len(title_span) else None
                    if body:
                        info.organization = body[0]
                        info.public_org = True
                        info.country_known = True
                        info.country = info.country or body[1]
                        if not body[1]:
                            info.country = ""
                        break
                if info.organization:
                    break
        if not info.country and not info.organization:
            for key, iso in lex.title_countries.items():
                if _contains(title_words, key):
                    info.country = iso
                    break
        if info.country:
            info.country_known = True
        if "mep" in title_words:
            info.country = ""
            info.country_known = True
            info.organization = info.organization or "European Parliament"
            info.public_org = True
        return info

    def _body_prefix(self, doc: Doc, i: int, e: int) -> int:
        """End of the longest known body starting at token i ("State Department"), or 0."""
        for j in range(min(e, i + 5), i + 1, -1):
            if self._body(doc[i:j].text):
                # only a body when not simply a portfolio-word title ("Treasury Secretary")
                return j
        return 0

    def _left_title(self, doc: Doc, a: int, sent: Span) -> TitleInfo | None:
        """Title phrase right before the name ("India's Commerce Minister Piyush Goyal")."""
        lex = self.lex
        i = a - 1
        lo = max(sent.start, a - MAX_TITLE_TOKENS)
        while i >= lo:
            tok = doc[i]
            w = self._fw(tok)
            if w in lex.vocab or tok.text in POSSESSIVE or self._is_hyphen_inside(doc, i):
                i -= 1
                continue
            if (w,) in lex.drop_honorifics:
                break
            if tok.ent_type_ == "PERSON" and not places.lookup_country(tok.text):
                break
            if self._is_cap(tok) and (tok.tag_ in {"NNP", "NNPS", "JJ"} or tok.ent_type_):
                if i == sent.start and tok.tag_ not in {"NNP", "NNPS"} and not tok.ent_type_:
                    break
                i -= 1
                continue
            if w in {"of", "for"} and i + 1 < a:
                i -= 1
                continue
            if w == "to" and i - 1 >= lo and self._fw(doc[i - 1]) in self.lex.vocab:
                i -= 1  # "China's ambassador to India Xu Feihong"
                continue
            if w == "the" and i - 1 >= lo and self._fw(doc[i - 1]) in {"of", "for"}:
                i -= 1
                continue
            if w in {"and", "&", ","} and self._inside_of_phrase(doc, i, lo):
                i -= 1
                continue
            break
        s = i + 1
        while s < a and self._fw(doc[s]) in CONNECTORS | DETERMINERS | {"-"}:
            s += 1
        if s >= a:
            return None
        return self._parse_title(doc, s, a, after=False)

    def _inside_of_phrase(self, doc: Doc, i: int, lo: int) -> bool:
        """A comma/'and' inside "Minister of Investment, Trade and Industry"."""
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
        """Apposition after the name ("Jamieson Greer, the U.S. trade representative,")."""
        if b >= sent.end or doc[b].text != ",":
            return None
        s = b + 1
        if s < sent.end and self._fw(doc[s]) in DETERMINERS:
            s += 1
        e = s
        hi = min(sent.end, s + MAX_TITLE_TOKENS)
        saw_head = False
        in_prep = False
        while e < hi:
            tok = doc[e]
            w = self._fw(tok)
            if tok.text in APPOSITION_END and not self._is_hyphen_inside(doc, e):
                if (
                    tok.text == "," and in_prep and self._is_cap(doc[e + 1])
                    if e + 1 < hi
                    else False
                ):
                    e += 1
                    continue
                break
            if tok.ent_type_ == "PERSON" and not in_prep and w not in self.lex.vocab:
                return None
            if w in self.lex.vocab or tok.text in POSSESSIVE or self._is_hyphen_inside(doc, e):
                saw_head = saw_head or w in self.lex.vocab
                e += 1
                continue
            if w in PREPOSITIONS and saw_head and not in_prep:
                in_prep = True
                e += 1
                continue
            if in_prep and (self._is_cap(tok) or w in {"the", "and", "&", "of"}):
                e += 1
                continue
            if self._is_cap(tok) and not in_prep:
                e += 1
                continue
            if w == "who" or tok.pos_ in {"VERB", "AUX"}:
                break
            return None
        if e >= hi and e < sent.end:
            return None
        if e <= s:
            return None
        return self._parse_title(doc, s, e, after=True)

    # ------------------------------------------------------------------ records
    def __call__(self, doc: Doc) -> Doc:
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
            info = self._left_title(doc, a, sent) or self._right_title(doc, b, sent)
            if info is not None:
                m.title, m.head = info.title, info.head
                m.country, m.organization = info.country, info.organization
                m.public_org, m.private_org = info.public_org, info.private_org
                if info.country_known and not info.country:
                    m.country = ""
                    m.organization = info.organization
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
            if tok.i in covered or not self._is_cap(tok):
                continue
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
        out: list[tuple[int, dict[str, Any]]] = []
        doc_country = self._doc_country(doc)
        for group in records:
            ms = sorted((mentions[x] for x in group), key=lambda m: m.start)
            full = max(ms, key=lambda m: (len(m.words), -m.start))
            name = " ".join(full.words)
            titled = [m for m in ms if m.head]
            first = ms[0]
            title_m = titled[0] if titled else None
            for m in titled:
                if m.country or m.organization:
                    if not (title_m.country or title_m.organization):
                        title_m = m
                    break
            head = title_m.head if title_m else None
            public_org = any(m.public_org for m in titled)
            private_org = any(m.private_org for m in titled) and not public_org
            country = next((m.country for m in titled if m.country), "")
            organization = next((m.organization for m in titled if m.organization), "")
            intergov = (
                any(m.organization and not m.country and m.public_org for m in titled)
                and not country
            )
            if head == "public":
                official = not private_org or True
            elif head == "ambiguous":
                official = public_org or (bool(country) and not private_org)
            else:
                official = False
            if official and not country and not intergov:
                country = self._context_country(doc, ms) or doc_country
            kind = "official" if official else "person"
            rec = make_entity(
                kind,
                name=name,
                text=doc[first.start : first.end].text,
                start=doc[first.start].idx,
                end=doc[first.end - 1].idx + len(doc[first.end - 1].text),
                title=title_m.title if title_m else "",
                country=country if official else (country if title_m else ""),
                mentions=len(ms),
                organization=organization,
            )
            out.append((first.start, rec))
        out.sort(key=lambda x: x[0])
        return [r for _, r in out]

    def _context_country(self, doc: Doc, ms: list[Mention]) -> str:
        """Countries named in the sentences where the person appears (weak evidence)."""
        votes: Counter[str] = Counter()
        for m in ms:
            sent = doc[m.start].sent
            for ent in sent.ents:
                if ent.label_ not in {"GPE", "NORP"}:
                    continue
                prev = self._fw(doc[ent.start - 1]) if ent.start > sent.start else ""
                if prev in {"to", "with", "against", "from", "into", "on", "in"}:
                    continue
                ref = places.lookup_country(ent.text)
                if ref:
                    votes[ref.iso3] += 1
        if not votes:
            return ""
        (iso, n), *rest = votes.most_common(2) + [("", 0)]
        return iso if n > rest[0][1] else ""

    def _doc_country(self, doc: Doc) -> str:
        """The article's most-named country (weakest evidence, used last)."""
        counts: Counter[str] = Counter()
        for ent in doc.ents:
            if ent.label_ in {"GPE", "NORP"}:
                ref = places.lookup_country(ent.text)
                if ref:
                    counts[ref.iso3] += 1
        if not counts:
            return ""
        return counts.most_common(1)[0][0]


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

"""Title phrases around a name: before it ("India's Commerce Minister Piyush Goyal") or in
apposition after it ("Liam Fox, the British trade secretary,").

A title phrase is read as: prefix (country words, possessives, a body's name) + role
(lexicon heads, modifiers, country adjectives) + tail ("of Commerce and Industry",
"to India"). Word classes and clause patterns come from ``data/title_grammar.yaml``,
role words from ``data/titles.yaml``; the body and country the title names are
settled by :mod:`placement`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from tradenews.components.officials import placement
from tradenews.components.officials.placement import TitleInfo
from tradenews.components.officials.tokens import (
    Knowledge,
    body,
    country_at,
    fw,
    index_at,
    is_cap,
    is_hyphen_inside,
)
from tradenews.lexicon import places
from tradenews.lexicon.names import fold

PUBLIC_KINDS = frozenset({"public", "public_default"})
# Lower-case words a role's complement may have ("at a Seoul brokerage").
COMPLEMENT_TAGS = frozenset({"NN", "NNS", "JJ", "VBN", "HYPH"})


@dataclass
class _Parse:
    """Working state while one title phrase is read."""

    toks: list[Token]
    k: int = 0
    country: str = ""
    possessor: str = ""
    org_tokens: list[Token] = field(default_factory=list)
    org_parts: list[str] = field(default_factory=list)
    head_kind: str | None = None
    head_end: int = -1
    country_tokens: set[int] = field(default_factory=set)
    tail_public: bool = False


class Titles:
    """Reads title phrases with the title lexicon and grammar."""

    def __init__(self, kn: Knowledge) -> None:
        self.kn = kn
        self.lex = kn.lex
        self.g = kn.grammar
        # last words of roles that can be public: a tail naming one ("assistant to the
        # minister") makes the title public; a private role ("author of the report") not
        lex = kn.lex
        self.public_finals = frozenset(
            h[-1] for h in lex.public | lex.public_unless_private | lex.ambiguous
        )

    # ------------------------------------------------------------------ one phrase
    def parse(self, doc: Doc, s: int, e: int) -> TitleInfo | None:
        """Interpret tokens [s, e) as a title phrase (with country/organization prefix)."""
        toks = [t for t in doc[s:e] if not t.is_space]
        if not toks:
            return None
        st = _Parse(toks)
        self._prefix(doc, st, e)
        while st.org_tokens and st.org_tokens[-1].text in {"-", "&"}:
            st.org_tokens.pop()
        if st.org_tokens:
            st.org_parts.append(doc[st.org_tokens[0].i : st.org_tokens[-1].i + 1].text)
        title_toks = toks[st.k :]
        self._role(doc, st, title_toks, e)
        if st.head_kind is None:
            return None
        cut = self._tail(doc, st, title_toks)
        title_span = title_toks[:cut]
        while title_span and (
            fw(title_span[-1]) in self.g.connectors | self.g.determiners
            or title_span[-1].text in self.g.possessive
        ):
            title_span = title_span[:-1]
        if not title_span:
            return None
        kept = [
            t for t in doc[title_span[0].i : title_span[-1].i + 1] if t.i not in st.country_tokens
        ]
        info = TitleInfo(
            title=" ".join("".join(t.text_with_ws for t in kept).split()),
            head=st.head_kind,
            country=st.country,
            possessor=st.possessor,
            span=(s, e),
        )
        info.public_org = st.tail_public
        placement.qualify(self.lex, doc, info, st.org_parts, st.org_tokens, title_span)
        placement.qualify_by_region(doc, info, doc[s : title_span[-1].i + 1])
        return info

    def _prefix(self, doc: Doc, st: _Parse, e: int) -> None:
        """Country words, possessives and a body's name before the role."""
        while st.k < len(st.toks):
            nxt = self._prefix_step(doc, st, e)
            if nxt is None:
                return
            st.k = nxt

    def _prefix_step(self, doc: Doc, st: _Parse, e: int) -> int | None:
        """Where the prefix goes on after toks[k], or None where the role starts."""
        toks, k, g, lex = st.toks, st.k, self.g, self.lex
        i = toks[k].i
        iso, j = country_at(doc, i, e)
        jk = index_at(toks, j)
        if iso and not (jk < len(toks) and fw(toks[jk]) in {"and", "&"}):
            st.country = st.country or iso
            return jk
        w = fw(toks[k])
        poss_next = k + 1 < len(toks) and toks[k + 1].text in g.possessive
        if w in g.possessive or w in g.determiners:
            return k + 1
        if w in g.anaphoric_owners and poss_next:
            return k + 2  # "the country's top negotiator": home country, from context
        if toks[k].ent_type_ == "PERSON" and poss_next:
            st.possessor = toks[k].text  # "Boric's chief of staff"
            return k + 2
        if not st.possessor and is_cap(toks[k]) and poss_next:
            st.possessor = toks[k].text  # a person or a company: settled per document
        agency = self._agency_len(toks, k)
        if agency:
            st.org_tokens.clear()  # "told Reuters Finance Secretary X": the agency reports
            return k + agency
        if w in {"of", "for"} and st.org_tokens:
            role = self._role_after_body(toks, k)
            if role:
                st.org_tokens.extend(toks[k:role])  # "Board of Foreign Trade director"
                return role
        if w not in lex.vocab and lex.head_at([fw(t) for t in toks[k:]], 0)[0] >= 2:
            return None  # "Under Secretary": the role starts here, not a body
        if w in lex.vocab:
            body_end = self._body_prefix(doc, i, e)
            if not body_end:
                return None
            st.org_tokens.extend(doc[i:body_end])
            return index_at(toks, body_end)
        if is_cap(toks[k]) or toks[k].text in {"-", "&"} or w in lex.org_words:
            st.org_tokens.append(toks[k])
            return k + 1
        return None

    def _role(self, doc: Doc, st: _Parse, title_toks: list[Token], e: int) -> None:
        """The role: title words, and country adjectives inside ("former Australian trade
        minister"), which are kept out of the title. The last head is the role ("Consul
        chairman", "President and CEO")."""
        lex = self.lex
        idx = 0
        while idx < len(title_toks):
            tok = title_toks[idx]
            if tok.text in {"-", "\u2010"} or tok.text in self.g.possessive:
                idx += 1
                continue
            folded = [fw(t) for t in title_toks[idx:] if t.text not in {"-", "\u2010"}]
            n, kind = lex.head_at(folded, 0)
            if kind:
                st.head_kind = kind
                idx = _consume(title_toks, idx, n)
                st.head_end = idx - 1
                continue
            if folded[0] in lex.vocab or (folded[0] in lex.org_words and idx + 1 < len(title_toks)):
                idx += 1  # "Finance ministry spokesman"
                continue
            if folded[0] in {"and", "&"} and len(folded) > 1 and folded[1] in lex.vocab:
                idx += 1  # "Business and Trade Secretary"
                continue
            iso, j = country_at(doc, tok.i, e)
            if not iso:
                return
            st.country = st.country or iso
            st.country_tokens.update(range(tok.i, j))
            idx = index_at(title_toks, j)

    def _tail(self, doc: Doc, st: _Parse, title_toks: list[Token]) -> int:
        """How much after the head belongs to the title; a body named after "of" goes to
        the organization ("President of the World Bank")."""
        cut = st.head_end + 1
        tail = title_toks[cut:]
        if tail and self.kn.match_at(doc, tail[0].i, title_toks[-1].i + 1, "in_charge"):
            return len(title_toks)  # "Minister-in-charge of Trade Relations": all of it
        if not tail or fw(tail[0]) not in self.g.prepositions:
            return cut
        prep = fw(tail[0])
        rest = [t for t in tail[1:] if t.text not in {",", "-"}]
        rest_words = [fw(t) for t in rest]
        st.tail_public = any(w in self.public_finals for w in rest_words)
        portfolio = self.lex.portfolio | self.lex.vocab | {"and", "&", "the", "for", "of"}
        if prep in {"of", "for"} and rest_words and all(w in portfolio for w in rest_words):
            return len(title_toks)  # "Minister of Commerce and Industry", "Secretary of State"
        if prep == "of" and st.head_kind == "public" and self._portfolio_list(rest):
            return len(title_toks)  # "Minister of Tourism, Wildlife and Heritage"
        if rest and prep != "to" and not st.tail_public:
            body_toks = self._before_second_role(tail[1:])
            if body_toks:
                st.org_parts.append(doc[body_toks[0].i : body_toks[-1].i + 1].text)
                st.org_tokens = body_toks
        return cut

    def _before_second_role(self, toks: list[Token]) -> list[Token]:
        """The body after a role's preposition, without a second role joined to it
        ("a partner at Rhodium and author of the report": Rhodium)."""
        for k, tok in enumerate(toks[:-1]):
            if fw(tok) in {"and", "&", ","} and fw(toks[k + 1]) in self.lex.head_final:
                return toks[:k]
        return toks

    def _role_after_body(self, toks: list[Token], k: int) -> int:
        """In "Board of Foreign Trade director" (toks[k] is "of"), where the role starts:
        at its last head with the lower-case words before it, when everything from "of"
        up to there is a capitalized name; else 0."""
        folded = [fw(t) for t in toks]
        head = next(
            (j for j in range(len(toks) - 1, k + 1, -1) if self.lex.head_at(folded[j:], 0)[0]),
            0,
        )
        if not head or self.lex.head_at(folded[head:], 0)[0] != len(toks) - head:
            return 0
        while head - 1 > k + 1 and toks[head - 1].is_lower and folded[head - 1] in self.lex.vocab:
            head -= 1
        inside = toks[k + 1 : head]
        if not inside or not is_cap(inside[0]) or not is_cap(inside[-1]):
            return 0
        if not all(is_cap(t) or fw(t) in {"of", "for", "the", "and", "&"} for t in inside):
            return 0
        return head

    def _agency_len(self, toks: list[Token], k: int) -> int:
        """Number of tokens of a news agency's name starting at toks[k], or 0."""
        for n in (3, 2, 1):
            if k + n <= len(toks):
                phrase = " ".join(fold(t.text) for t in toks[k : k + n])
                if phrase in self.lex.news_agencies:
                    return n
        return 0

    def _body_prefix(self, doc: Doc, i: int, e: int) -> int:
        """End of the longest known body starting at token i ("State Department"), or 0."""
        for j in range(min(e, i + 5), i + 1, -1):
            if body(self.lex, doc[i:j].text):
                return j
        return 0

    def _portfolio_list(self, toks: list[Token]) -> bool:
        """Capitalized words joined by "and" after a minister's "of": a list of portfolios
        ("Tourism, Wildlife and Heritage"), even with words the lexicon lacks. Bodies are
        named, not listed, so a coordination without organization words is not one."""
        folded = [fw(t) for t in toks]
        if not folded or folded[-1] in {"and", "&"} or not {"and", "&"} & set(folded):
            return False
        for t, w in zip(toks, folded, strict=True):
            if w in {"and", "&"}:
                continue
            if not (t.is_alpha and is_cap(t)) or w in self.lex.org_words:
                return False
            if places.lookup_country(t.text) or body(self.lex, t.text):
                return False
        return True

    def inside_of_phrase(self, doc: Doc, i: int, lo: int) -> bool:
        """A comma/'and' inside "Minister of Agriculture, Fisheries and Food"."""
        j = i - 1
        while j >= lo:
            w = fw(doc[j])
            if w == "of":
                return j - 1 >= lo and fw(doc[j - 1]) in self.lex.vocab
            if is_cap(doc[j]) or w in {"and", "&", ","}:
                j -= 1
                continue
            return False
        return False

    # ------------------------------------------------------------------ before the name
    def left(self, doc: Doc, a: int, sent: Span) -> TitleInfo | None:
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
        lo = max(sent.start, a - self.g.max_title_tokens)
        i = a - 1
        while i >= lo:
            step = self._left_step(doc, i, a, lo, sent)
            if step is None:
                break
            i = step
        s = i + 1
        while s < a:
            skip = self.g.connectors | self.g.determiners | {"-"}
            while s < a and (doc[s].is_space or fw(doc[s]) in skip):
                s += 1
            if s >= a:
                return None
            info = self.parse(doc, s, a)
            if info is not None:
                return self._served_title(doc, s, a) or info
            # "an aide of U.S. Trade Representative Katherine Tai": retry after "of"
            nxt = [j for j in range(s, a) if fw(doc[j]) in {"of", "for", ","}]
            if not nxt:
                return None
            s = nxt[0] + 1
        return None

    def _left_step(self, doc: Doc, i: int, a: int, lo: int, sent: Span) -> int | None:
        """Walking left from the name: the next token index still in the title, or None."""
        lex = self.lex
        tok = doc[i]
        w = fw(tok)
        if tok.is_space and "\n\n" not in tok.text:
            return i - 1
        if w in lex.vocab or tok.text in self.g.possessive or is_hyphen_inside(doc, i):
            return i - 1
        if lex.head_at([fw(t) for t in doc[i:a]], 0)[0] >= 2:
            return i - 1  # a head that starts with a function word: "Under Secretary"
        if (w,) in lex.drop_honorifics:
            return None
        if w == "charge":
            j = i - 2 if i - 2 >= lo and doc[i - 1].text == "-" else i - 1
            if j >= lo and fw(doc[j]) == "in":
                return j - 1  # "Minister-in-charge of Trade Relations", "Minister in charge of"
        if tok.ent_type_ == "PERSON" and not places.lookup_country(tok.text):
            if not (i + 1 < a and doc[i + 1].text in self.g.possessive):
                return None
        if is_cap(tok) and (tok.tag_ in {"NNP", "NNPS", "JJ"} or tok.ent_type_):
            if i == sent.start and tok.tag_ not in {"NNP", "NNPS"} and not tok.ent_type_:
                return None
            return i - 1
        return self._left_joiner(doc, i, a, lo)

    def _left_joiner(self, doc: Doc, i: int, a: int, lo: int) -> int | None:
        """Lower-case words that join a title's parts ("of", "to", "and", "ministry")."""
        lex = self.lex
        tok = doc[i]
        w = fw(tok)
        prev = fw(doc[i - 1]) if i - 1 >= lo else ""
        if w in lex.org_words and tok.is_lower and fw(doc[i + 1]) in lex.vocab:
            return i - 1  # "Finance ministry spokesman"
        if w in {"of", "for"} and i + 1 < a:
            return i - 1
        if w == "to" and i + 1 < a and prev in lex.vocab:
            return i - 1  # "China's ambassador to India Xu Feihong"
        if w == "the" and prev in {"of", "for", "to"}:
            return i - 1
        if w in {"and", "&", ","} and self.inside_of_phrase(doc, i, lo):
            return i - 1
        if w in {"and", "&"} and prev in lex.portfolio:
            return i - 1  # "Business and Trade Secretary"
        return None

    def _served_title(self, doc: Doc, s: int, a: int) -> TitleInfo | None:
        """In "an aide to Agriculture Secretary X" or "a spokesman for Foreign Minister X"
        the role after "to"/"for" is X's own; the aide or spokesman is someone else."""
        for j in range(s + 1, a - 1):
            if fw(doc[j]) in {"to", "for"} and fw(doc[j - 1]) in self.lex.vocab:
                info = self.parse(doc, j + 1, a)
                if info is not None and info.head in PUBLIC_KINDS:
                    return info
        return None

    # ------------------------------------------------------------------ after the name
    def right(self, doc: Doc, b: int, sent: Span) -> TitleInfo | None:
        """Apposition after the name ("Liam Fox, the British trade secretary,")."""
        if b >= sent.end or doc[b].text != ",":
            return None
        s = b + 1
        led = self._led_body(doc, s, sent.end)
        if led is not None:
            return led
        # "X, who is India's ambassador", "who served as trade minister"
        s += self.kn.match_at(doc, s, min(sent.end, s + 3), "relative_copula")
        if s < sent.end and fw(doc[s]) in self.g.determiners:
            s += 1
        hi = min(sent.end, s + self.g.max_title_tokens)
        e = self._apposition_end(doc, s, hi)
        if e is None or (e >= hi and e < sent.end):
            return None
        info = self.parse(doc, s, e)
        if info is not None and not info.possessor:
            info.possessor = self._served_person(doc, s, e)
            if info.possessor and info.possessor in info.organization.split():
                info.organization = ""
        return info

    def _served_person(self, doc: Doc, s: int, e: int) -> str:
        """The person a role serves ("X, a spokesman for Senator Ann Ruiz,": Ruiz), whose
        country the role holder takes; their surname, or "" when the role serves a body."""
        for j in range(s + 1, e - 1):
            if fw(doc[j]) in {"to", "for"} and fw(doc[j - 1]) in self.lex.vocab:
                people = [t for t in doc[j + 1 : e] if t.ent_type_ == "PERSON"]
                if people:
                    return people[-1].text
        return ""

    def _apposition_end(self, doc: Doc, s: int, hi: int) -> int | None:
        """End of a role phrase in apposition starting at s, or None if it is not one."""
        lex, g = self.lex, self.g
        e, saw_head, in_prep = s, False, False
        while e < hi:
            tok = doc[e]
            w = fw(tok)
            if tok.text in g.possessive:
                e += 1
                continue
            if tok.text in g.apposition_end and not is_hyphen_inside(doc, e):
                nxt_cap = e + 1 < hi and is_cap(doc[e + 1])
                if tok.text == "," and in_prep and nxt_cap and self._more_of_list(doc, e + 1, hi):
                    e += 1
                    continue
                break
            if tok.ent_type_ == "PERSON" and not in_prep and w not in lex.vocab:
                if not (e + 1 < hi and doc[e + 1].text in g.possessive):
                    return None
            if tok.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"}:
                break
            if w in g.anaphoric_owners and e + 1 < hi and doc[e + 1].text in g.possessive:
                e += 2  # "the country's top negotiator"
                continue
            if w in lex.vocab or is_hyphen_inside(doc, e):
                saw_head = saw_head or w in lex.vocab
                e += 1
                continue
            n, _ = lex.head_at([fw(t) for t in doc[e:hi]], 0)
            if n >= 2 and not in_prep:
                saw_head = True  # a head that starts with a function word: "under secretary"
                e += n
                continue
            if w in g.prepositions and saw_head:
                in_prep = True
                e += 1
                continue
            if in_prep and (is_cap(tok) or w in {"the", "and", "&", "of"} or w in lex.org_words):
                e += 1  # "the chair of the European Parliament's trade committee"
                continue
            if in_prep and (w in g.determiners or tok.tag_ in COMPLEMENT_TAGS):
                e += 1  # "chief economist at a Manila-based bank"
                continue
            if is_cap(tok) and not in_prep:
                e += 1
                continue
            if w == "who" or tok.tag_.startswith("VB") or tok.tag_ in {"MD", "CC"}:
                break
            if saw_head and w in {"until", "since", "till"}:
                break  # "trade minister until 2023": the role ends before its dates
            return None
        if e <= s or not saw_head:
            return None
        return e

    def _led_body(self, doc: Doc, s: int, end: int) -> TitleInfo | None:
        """ "X, who chairs the European Parliament's trade committee,": the role of leading
        a public body. Only bodies that are plainly part of a state count (a ministry, a
        legislature or its committee, a central bank); anything else says nothing."""
        g = self.g
        if not self.kn.match_at(doc, s, min(end, s + 2), "led_clause"):
            return None
        verb = fw(doc[s + 1])
        e = s + 2
        while e < end and doc[e].text not in g.apposition_end and e - s < g.max_title_tokens:
            e += 1
        if e >= end or doc[e].text not in {",", ".", ";", "\u2014", "--"}:
            return None
        span = doc[s + 2 : e]
        while len(span) and fw(span[0]) in g.determiners | {"its", "his", "her", "their"}:
            span = span[1:]
        if not len(span):
            return None
        folded = " ".join(fold(t.text) for t in span)
        known = body(self.lex, span.text)
        if known is None and not any(w in folded for w in g.led_public_bodies):
            return None
        if "committee" in folded and known is None and not any(w in folded for w in g.legislatures):
            return None
        country = ""
        for t in span:
            iso, _ = country_at(doc, t.i, span.end)
            if iso:
                country = iso
                break
        title = f"{g.led_verbs[verb]} of {doc[s + 2 : e].text}"
        info = TitleInfo(title=title, head="public", country=country, span=(s, e))
        info.public_org = True
        if known is not None:
            info.organization, info.country = known[0], country or known[1]
            info.country_known = True
        return info

    def _more_of_list(self, doc: Doc, i: int, hi: int) -> bool:
        """After a comma inside "minister of Agriculture, Fisheries and Food": more list items."""
        j = i
        while j < hi and (is_cap(doc[j]) or fw(doc[j]) in {"and", "&"}):
            if fw(doc[j]) in {"and", "&"}:
                return True
            j += 1
        return False


def _consume(toks: list[Token], idx: int, n: int) -> int:
    """Index after n content tokens from idx (hyphens do not count)."""
    taken = 0
    while taken < n and idx < len(toks):
        if toks[idx].text not in {"-", "\u2010"}:
            taken += 1
        idx += 1
    return idx

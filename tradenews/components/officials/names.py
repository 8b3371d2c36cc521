"""Name mentions: which token spans name a person.

NER ``PERSON`` spans, widened to the whole run of name tokens (NER often cuts names)
and stripped of titles, honorifics, country words and possessives; plus known
officeholders NER missed, names right after a role word ("Secretary Landau") or an
honorific, and names that carry a role in apposition ("Liam Fox, the trade ...").
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from tradenews.components.officials.bodies import is_company
from tradenews.components.officials.titles import PUBLIC_KINDS, Titles
from tradenews.components.officials.tokens import (
    Knowledge,
    body,
    country_at,
    fw,
    is_cap,
    is_hyphen_inside,
)
from tradenews.components.sentences import sentence
from tradenews.io.pubdate import parse_date
from tradenews.lexicon import officeholders, places
from tradenews.lexicon.names import fold

PERSONISH = frozenset({"", "PERSON"})


def publication_date(doc: Doc) -> dt.date | None:
    return parse_date(doc._.dct if Doc.has_extension("dct") else None)


def _first_paragraph(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """An entity span cut at its first paragraph break ("Sheikh Mohamed\n\nNEW DELHI")."""
    for i in range(a, b):
        if doc[i].is_space and "\n\n" in doc[i].text:
            return a, i
    return a, b


def _without_leading_surname(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A name of three words or more that starts with the surname of another name of the
    document is two people side by side ("... fragte Geyer Claas Relotius" beside
    "Matthias Geyer"): the first word goes."""
    surnames = {fold(doc[b - 1].text): (a, b) for a, b in spans if b - a >= 2}
    out = []
    for a, b in spans:
        other = surnames.get(fold(doc[a].text))
        if (
            b - a >= 3
            and other is not None
            and other != (a, b)
            and doc[a].is_title  # a surname, not a legal form ("Heineken NV")
            and doc[a + 1].is_title
        ):
            a += 1
        out.append((a, b))
    return out


def _trim_words(doc: Doc, a: int, b: int, plain: frozenset[str]) -> tuple[int, int] | None:
    """A name on a page not in English, without the plain words and lower-case words
    around it ("Foto von Claas Relotius", "Par Jacques Munier")."""

    def word_of_language(tok: Token) -> bool:
        return not tok.text[:1].isupper() or fold(tok.text) in plain

    while a < b and word_of_language(doc[a]):
        a += 1
    while b > a and word_of_language(doc[b - 1]):
        b -= 1
    return (a, b) if b > a else None


class Names:
    """Finds the token spans that name people."""

    def __init__(self, kn: Knowledge, titles: Titles) -> None:
        self.kn = kn
        self.lex = kn.lex
        self.g = kn.grammar
        self.titles = titles

    # ------------------------------------------------------------------ names
    def _name_token_ok(self, tok: Token) -> bool:
        return (
            is_cap(tok)
            and tok.tag_ in {"NNP", "NNPS"}
            or (is_cap(tok) and tok.ent_type_ == "PERSON")
        )

    def _peel(self, doc: Doc, a: int, b: int) -> int:
        """Drop titles, honorifics, country words and possessives from the front of a name."""
        lex = self.lex
        while a < b - 1:
            w = fw(doc[a])
            if w in lex.vocab or w in self.g.possessive:
                a += 1
                continue
            honorific = lex.honorific_length([fw(t) for t in doc[a : b - 1]])
            if honorific:  # "Datuk Seri", "Tan Sri": all of it, never part of the name
                a += honorific
                continue
            if doc[a].tag_ in {"CC", "RB", "DT", "PRP", "PRP$", "UH"}:
                a += 1  # "But Lawson", "And Baker" read as one name
                continue
            if doc[a].text in {"-", ",", "(", '"'}:
                a += 1
                continue
            iso, j = country_at(doc, a, b - 1)
            if iso:
                a = j
                continue
            if fold(doc[a:b].text) in lex.bodies or body(self.lex, doc[a].text):
                a += 1
                continue
            break
        return a

    def _extend(
        self, doc: Doc, a: int, b: int, sent: Span, ents: frozenset[str] = PERSONISH
    ) -> tuple[int, int]:
        """Widen a name span to the whole run of name tokens (NER often cuts names)."""
        return self._extend_left(doc, a, sent), self._extend_right(doc, b, sent, ents)

    def _extend_right(self, doc: Doc, b: int, sent: Span, ents: frozenset[str]) -> int:
        lex = self.lex
        while b < len(doc):
            tok = doc[b]
            w = fw(tok)
            if tok.is_space and tok.text.count("\n") == 1 and b + 1 < len(doc):
                nxt = doc[b + 1]
                if self._name_token_ok(nxt) and fw(nxt) not in lex.vocab | lex.org_words:
                    if nxt.ent_type_ in {"", "PERSON"} and not places.lookup_country(nxt.text):
                        b += 2  # wrapped wire copy: "Clayton\nYeutter"
                        continue
                if self._particle_name(doc, b + 1):
                    b += 2  # "Sheikh Zaid bin Sultan\nal-Nahayan"
                    continue
                break
            if b >= sent.end and not doc[b - 1].is_space:
                break
            if is_hyphen_inside(doc, b) and b + 1 < sent.end and doc[b + 1].is_alpha:
                if is_cap(doc[b + 1]) or is_cap(doc[b - 1]):
                    b += 2  # "Asante-Boateng", "Jean-Claude Juncker"
                    continue
            if w in lex.particles and b + 1 < sent.end and is_cap(doc[b + 1]):
                if doc[b + 1].tag_ in {"NNP", "NNPS"}:
                    b += 2
                    continue
            if (
                self._name_token_ok(tok)
                and (tok.ent_type_ in ents or fw(doc[b - 1]) in lex.particles)
                and w not in lex.vocab
                and w not in lex.org_words
                and not places.lookup_country(tok.text)
            ):
                b += 1
                continue
            break
        return b

    def _particle_name(self, doc: Doc, i: int) -> bool:
        """Token i is a name particle joined to a capitalized name ("al-Nahayan", "van Agt")."""
        if i + 2 >= len(doc) or fw(doc[i]) not in self.lex.particles or not doc[i].is_lower:
            return False
        j = i + 2 if is_hyphen_inside(doc, i + 1) else i + 1
        return j < len(doc) and is_cap(doc[j]) and doc[j].tag_ in {"NNP", "NNPS"}

    def _extend_left(self, doc: Doc, a: int, sent: Span) -> int:
        lex = self.lex
        while a > sent.start:
            tok = doc[a - 1]
            w = fw(tok)
            if is_hyphen_inside(doc, a - 1) and a - 2 >= sent.start:
                prev = doc[a - 2]
                if is_cap(prev) and fw(prev) not in lex.vocab:
                    a -= 2
                    continue
                break
            if w in lex.particles and a - 2 >= sent.start and self._name_token_ok(doc[a - 2]):
                if fw(doc[a - 2]) not in lex.vocab:
                    a -= 2
                    continue
            if w in lex.keep_honorifics:
                a -= 1
                continue
            if tok.ent_type_ != "PERSON" and self._ends_portfolio_list(doc, a - 1, sent):
                break  # "Minister of Economic Affairs and Climate Action Robert Habeck"
            if (
                is_cap(tok)
                and tok.tag_ in self.g.closed_class_tags
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
        return a

    def _ends_portfolio_list(self, doc: Doc, i: int, sent: Span) -> bool:
        """Token i closes the last item of an "of X, Y and Z" list of portfolios (an item
        is no longer than a title: the walk back is bounded, so a long run of capitalized
        words costs linear time)."""
        lo = max(sent.start, i - self.g.max_title_tokens)
        j = i - 1
        while j >= lo and doc[j].ent_type_ != "PERSON" and is_cap(doc[j]):
            j -= 1
        if j < lo or fw(doc[j]) not in {"and", "&"}:
            return False
        return self.titles.inside_of_phrase(doc, j, max(sent.start, j - self.g.max_title_tokens))

    def _valid_name(self, doc: Doc, a: int, b: int) -> bool:
        lex = self.lex
        span = doc[a:b]
        if not span.text or not is_cap(doc[a]) and fw(doc[a]) not in lex.particles:
            return False
        folded = [fw(t) for t in span if t.is_alpha or "-" not in t.text]
        if any(w in lex.org_words for w in folded):
            return False
        if any(c.isdigit() for c in span.text):
            return False
        if all(w in lex.vocab or w in lex.particles for w in folded):
            return False
        if places.lookup_country(span.text) or body(self.lex, span.text):
            return False
        if len(span) == 1 and span.text.isupper() and len(span.text) > 1:
            return False  # acronyms (WTO, USTR) tagged as people
        if not any(c.isalpha() for c in span.text):
            return False
        return True

    def candidates(self, doc: Doc, plain: frozenset[str] | None = None) -> list[tuple[int, int]]:
        """Token spans of every person naming, NER-based and recovered; on a page not in
        English (``plain``: the words it uses as words), without those around a name."""
        spans: list[tuple[int, int]] = []
        taken: set[int] = set()
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            a, b = self._extend(
                doc, *_first_paragraph(doc, ent.start, ent.end), sentence(doc, ent.start)
            )
            b = next((i for i in range(a + 1, b) if doc[i].text == "/"), b)  # "Name / Agency"
            b = self._trim_end(doc, a, b)
            a = self._peel(doc, a, b)
            if b <= a or any(i in taken for i in range(a, b)):
                continue
            if not self._valid_name(doc, a, b):
                continue
            spans.append((a, b))
            taken.update(range(a, b))
        self._known_names(doc, spans, taken)
        self._after_role_words(doc, spans, taken)
        self._recover_appositions(doc, spans, taken)
        if plain is not None:
            spans = [s for s in (_trim_words(doc, a, b, plain) for a, b in spans) if s]
        spans = _without_leading_surname(doc, spans)
        spans.sort()
        return spans

    def _trim_end(self, doc: Doc, a: int, b: int) -> int:
        """Drop a possessive or punctuation from the end of a name span."""
        while b > a and (doc[b - 1].text in self.g.possessive or not doc[b - 1].text[:1].isalnum()):
            b -= 1
        return b

    def _after_role_words(self, doc: Doc, spans: list[tuple[int, int]], taken: set[int]) -> None:
        """Names right after a role word or an honorific that NER missed."""
        lex = self.lex
        for i, tok in enumerate(doc):
            w = fw(tok)
            is_head = w in lex.head_final or (w in lex.vocab and tok.text[:1].isupper())
            is_hon = (w,) in lex.drop_honorifics and tok.text[:1].isupper()
            if not (is_head or is_hon) or i + 1 >= len(doc) or (i + 1) in taken:
                continue
            nxt = doc[i + 1]
            if not self._name_token_ok(nxt) or fw(nxt) in lex.vocab:
                continue
            if nxt.ent_type_ not in {"", "PERSON", "ORG"}:
                continue
            # NER may read "Minister of Planning and Investment Nguyen Chi Dung" as one ORG
            ents = PERSONISH | {nxt.ent_type_}
            a, b = self._extend(doc, i + 1, i + 2, sentence(doc, i + 1), ents)
            a = max(a, i + 1)
            b = self._trim_end(doc, a, b)
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

    def _known_names(self, doc: Doc, spans: list[tuple[int, int]], taken: set[int]) -> None:
        """Known officeholders' names NER missed or cut short ("Lula", "Recep Tayyip Erdogan")."""
        text = doc.text
        for s, e in officeholders.find_names(text, self.kn.registry):
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
        when = publication_date(doc)
        for s, e in officeholders.find_surnames(text, self.kn.registry):
            span = doc.char_span(s, e, alignment_mode="contract")
            if (
                span is None
                or not len(span)
                or any(i in taken for i in range(span.start, span.end))
                or (len(span) == 1 and span[0].tag_ != "NNP")  # "He", "Park" the verb
                or span[0].ent_type_ not in {"", "PERSON", "ORG"}
                or self._name_neighbour(doc, span.start - 1)
                or self._name_neighbour(doc, span.end)
                or officeholders.lookup_surname(span.text, when, self.kn.registry) is None
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
            and fw(tok) not in (self.lex.vocab)
        )

    def _recover_appositions(self, doc: Doc, spans: list[tuple[int, int]], taken: set[int]) -> None:
        """Names NER missed that carry a role in apposition ("Liam Fox, the trade ...")."""
        lex = self.lex
        i = 0
        n = len(doc)
        while i < n:
            tok = doc[i]
            if i in taken or tok.tag_ not in {"NNP", "NNPS"} or not is_cap(tok):
                i += 1
                continue
            if i > 0 and doc[i - 1].tag_ in {"NNP", "NNPS"} and is_cap(doc[i - 1]):
                i += 1  # only runs that start here
                continue
            sent = sentence(doc, i)
            a, b = self._extend(doc, i, i + 1, sent, PERSONISH | {"NORP", "ORG"})
            a = i
            if (
                b - a >= 2
                and b < n
                and doc[b].text == ","
                and not any(j in taken for j in range(a, b))
                and fw(doc[a]) not in lex.vocab
                and self._valid_name(doc, a, b)
            ):
                if self._role_of_a_person(doc, a, b, sent):
                    spans.append((a, b))
                    taken.update(range(a, b))
            i = max(b, i + 1)

    def _role_of_a_person(self, doc: Doc, a: int, b: int, sent: Span) -> bool:
        """A role in apposition makes a name: a public one for words NER left alone; for
        words NER read as a body, a role no body holds ("Gustavo Faleiros, an editor at
        ...": ``person_only_heads``), unless the words are a company or a listed body."""
        if not any(t.ent_type_ == "ORG" for t in doc[a:b]):
            info = self.titles.right(doc, b, sent)
            return info is not None and (info.head in PUBLIC_KINDS or info.public_org)
        text = doc[a:b].text
        return (
            self._person_role_after(doc, b, sent)
            and not is_company(text)
            and body(self.lex, text) is None
        )

    def _person_role_after(self, doc: Doc, b: int, sent: Span) -> bool:
        """ ", an editor at", ", the spokesman,": a determiner, at most two lower-case
        words, then a role only people hold, closing the phrase or before a preposition."""
        k = b + 1
        if k >= sent.end or fw(doc[k]) not in self.g.determiners:
            return False
        for j in range(k + 1, min(k + 4, sent.end)):
            if not doc[j].is_lower:
                return False
            if fw(doc[j]) in self.lex.person_only_heads:
                end = j + 1
                return end >= sent.end or doc[end].is_punct or fw(doc[end]) in self.g.prepositions
        return False

    def _ends_like_name(self, doc: Doc, b: int) -> bool:
        """A recovered name must not run on into a noun phrase ("Trade Minister Office")."""
        if b >= len(doc):
            return True
        nxt = doc[b]
        if nxt.tag_ in {"NN", "NNS"} and nxt.is_lower:
            return False
        return fw(nxt) not in self.lex.org_words  # "Consul Restaurant Corp"

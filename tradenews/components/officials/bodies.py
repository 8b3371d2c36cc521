"""Bodies a title leaves implicit: the organization a generic noun stands for ("bank
president Masao Fujioka" after "the Asian Development Bank"), and the company a
lower-case corporate title belongs to when the company is named a clause away
("Mazda Motor Corp predicted ..., vice president Yoshihiro Wada told ...").

Companies are told by their legal-form suffix (``cleanco``: Inc, Corp, Co, Ltd, AG, SA ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from tradenews.components.officials.coref import Mention
from tradenews.components.officials.tokens import body
from tradenews.components.sentences import sentence
from tradenews.lexicon.names import fold
from tradenews.lexicon.titles import TitleLexicon

# Heads whose holder may work for a company ("president", "spokesman", "chairman").
PRIVATE_CAPABLE = frozenset({"public_default", "ambiguous"})


@lru_cache(maxsize=4096)
def is_company(name: str) -> bool:
    """A name ending in a company's legal form ("Mazda Motor Corp", "Nortek Inc")."""
    from cleanco import basename  # type: ignore[import-untyped]

    name = " ".join(name.split())
    return bool(name) and basename(name) != name


@dataclass(frozen=True)
class Org:
    start: int
    end: int
    sent: int
    text: str
    company: bool
    known: tuple[str, str] | None


def organizations(doc: Doc, lex: TitleLexicon) -> list[Org]:
    """The ORG entities of a document, companies and known bodies marked."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        text = " ".join(ent.text.split())
        found.append(
            Org(
                ent.start,
                ent.end,
                sentence(doc, ent.start).start,
                text,
                is_company(text),
                body(lex, text),
            )
        )
    return found


def resolve(doc: Doc, m: Mention, orgs: list[Org], lex: TitleLexicon) -> None:
    """Fill in the body a mention's title leaves implicit (in place)."""
    if m.organization and fold(m.organization) in lex.generic_bodies:
        _generic(m, orgs, fold(m.organization))
    elif m.head in PRIVATE_CAPABLE and not (m.country or m.organization or m.public_org):
        _company_clause(doc, m, orgs)


def _generic(m: Mention, orgs: list[Org], noun: str) -> None:
    """ "bank president X": the last organization named before whose name ends in "Bank"."""
    before = [o for o in orgs if o.end <= m.start and fold(o.text.split()[-1]) == noun]
    if not before:
        return
    org = before[-1]
    if org.known is not None:
        m.organization, m.private_org, m.public_org = org.known[0], False, True
        m.country = m.country or org.known[1]
        m.intergov = not m.country
    elif org.company:
        m.organization = org.text


def _company_clause(doc: Doc, m: Mention, orgs: list[Org]) -> None:
    """A lower-case "vice president" with a company named in this or the last sentence
    works for it (news style capitalizes a state's titles before a name)."""
    if not m.title or m.title != m.title.lower():
        return
    sent = sentence(doc, m.start)
    prev_start = sentence(doc, sent.start - 1).start if sent.start > 0 else sent.start
    near = [o for o in orgs if prev_start <= o.start < sent.end and o.start < m.start]
    companies = [o for o in near if o.company]
    if companies and not any(o.known for o in near):
        m.private_org = True
        m.organization = companies[-1].text

"""Whom an official serves: the body a title names and the country served.

Two levels: :func:`qualify` reads what one title phrase says (a known body, a public
body, a company, a country word, an intergovernmental title); :class:`Placer` settles,
per document, the officials whose titles name no country (news conventions, a country
named just before them, the article's home country).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from tradenews.components.officials import country_evidence
from tradenews.components.officials.context import DocContext
from tradenews.components.officials.tokens import body, fw, is_cap
from tradenews.lexicon import officeholders, places
from tradenews.lexicon.names import fold
from tradenews.lexicon.titles import TitleLexicon, contains, find, words

Row = dict[str, Any]


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


# ---------------------------------------------------------------------- one title
def qualify(
    lex: TitleLexicon,
    doc: Doc,
    info: TitleInfo,
    org_parts: list[str],
    org_tokens: list[Token],
    title_span: list[Token],
) -> None:
    """Set the body and country a parsed title names (in place)."""
    for part in org_parts:
        _apply_org(lex, doc, info, part, org_tokens)
        if info.organization:
            break
    if not info.organization:
        _org_inside_title(lex, doc, info, title_span)
    title_words = words(info.title)
    if not info.country and not info.organization:
        for key, iso in lex.title_countries.items():
            if contains(title_words, key):
                info.country = iso
                break
    if info.country:
        info.country_known = True
    if not info.organization and any(w in lex.government_words for w in title_words):
        info.public_org = True  # "Cabinet chief", "government spokesman"
    for key, org in lex.intergov_titles.items():
        if info.organization or not contains(title_words, key):
            continue
        if not info.country:
            info.country_known = True
        elif key in lex.member_titles:
            info.country = ""  # a "Belgian MEP" serves the EU
        else:
            continue
        info.organization = org
        info.public_org = True
        break


def qualify_by_region(doc: Doc, info: TitleInfo, span: Any) -> None:
    """A state or province named in the title says the country, as a country word does
    ("Ohio Gov. Mark Tenley", "Punjab's Chief Minister" when Punjab is one country's):
    the region is no body of its own."""
    if info.country:
        return
    iso, region = country_evidence.region_in(span)
    if not iso:
        return
    info.country = iso
    info.country_known = True
    if info.organization and fold(info.organization) == fold(region):
        info.organization = ""
        info.private_org = False


def _apply_org(
    lex: TitleLexicon, doc: Doc, info: TitleInfo, part: str, org_tokens: list[Token]
) -> None:
    """Classify the body a title names: known body, public body, or company."""
    part = re.sub(r"^(the|The|a|an)\s+", "", part.strip())
    if not part:
        return
    known = body(lex, part)
    if known and known[1] and info.country and known[1] != info.country:
        return  # "Argentine Treasury Secretary": a generic word, not the U.S. Treasury
    if known:
        info.organization = known[0]
        info.public_org = True
        info.country_known = True
        info.country = (info.country or known[1]) if known[1] else ""
        return
    sub = _body_within(lex, doc, org_tokens)
    if sub is not None:  # "the Opec Conference", "the White House National Economic Council"
        info.public_org = True
        info.organization = part
        info.country = info.country or sub[1]
        return
    if any(w in lex.public_org_words for w in words(part)):
        info.public_org = True
        info.organization = part
        for t in org_tokens:  # a country named inside the body ("Communist Party of Cuba")
            ref = places.lookup_country(t.text) if is_cap(t) else None
            if ref and not info.country:
                info.country = ref.iso3
        return
    info.private_org = True
    info.organization = part


def _body_within(lex: TitleLexicon, doc: Doc, org_tokens: list[Token]) -> tuple[str, str] | None:
    """The longest known body inside a longer organization name, if any."""
    for n in range(len(org_tokens) - 1, 0, -1):
        for a in range(len(org_tokens) - n + 1):
            found = body(lex, doc[org_tokens[a].i : org_tokens[a + n - 1].i + 1].text)
            if found:
                return found
    return None


def _org_inside_title(
    lex: TitleLexicon, doc: Doc, info: TitleInfo, title_span: list[Token]
) -> None:
    """Bodies inside the title itself ("State Department spokesperson")."""
    for n in range(len(title_span) - 1, 0, -1):
        for a in range(0, len(title_span) - n + 1):
            found = body(lex, doc[title_span[a].i : title_span[a + n - 1].i + 1].text)
            if not found:
                continue
            if found[1] and info.country and found[1] != info.country:
                return  # "Argentine Treasury Secretary": not the U.S. Treasury
            info.organization = found[0]
            info.public_org = True
            if n == 1 and found[1] and fw(title_span[a]) in lex.vocab:
                # a portfolio word ("Treasury Secretary") names a national body
                # only for the country the title serves: settled per document
                info.weak_org = found[1]
                return
            info.country_known = True
            info.country = (info.country or found[1]) if found[1] else ""
            return


# ---------------------------------------------------------------------- per document
@dataclass
class Draft:
    """A person record being built, with the working facts that never reach the output."""

    row: Row
    mentions: list[Any]
    possessor: str = ""  # "Boric's chief of staff": whose title this is
    needs_country: bool = False  # an official whose title names no country
    weak_org: str = ""  # "Treasury Secretary": the body, if the country served is its own
    placed_by: str = ""  # which step of the Placer gave the country (for explaining)


def apply_known_role(d: Draft, known: officeholders.Officeholder, titled: bool, when: Any) -> None:
    """A universally known officeholder: the role held at the publication date.

    The article's own title wins; knowledge fills in what it leaves out (no title
    at all, or a title that does not say which country the person serves).
    """
    role = officeholders.role_at(known, when)
    if role is None:
        return
    row = d.row
    if not titled:
        row["kind"] = "official"
        row["title"] = role.title
        row["country"] = role.country
        row["organization"] = row["organization"] or role.organization
        d.needs_country = False
    elif _states_the_role(row, role.title) and not row["country"] and not row["organization"]:
        # "president Masao Fujioka" with no body named: the role on the list, whose
        # body may be intergovernmental (no country) or a state's
        row["kind"] = "official"
        row["country"] = role.country
        row["organization"] = role.organization
        d.needs_country = False
    elif row["kind"] == "person" and role.current and not row["organization"]:
        if "private" not in {m.head for m in d.mentions}:
            # "General Secretary Xi Jinping": a role the lexicon leaves open, held by a
            # listed officeholder on the day
            row["kind"] = "official"
            row["country"] = row["country"] or role.country
            d.needs_country = not row["country"] and not role.organization
    elif row["kind"] == "official" and d.needs_country and role.country:
        row["country"] = role.country
        d.needs_country = False


def _states_the_role(row: Row, title: str) -> bool:
    """The article's title is the listed role's: the same head word ("president")."""
    return words(row["title"])[-1:] == words(title)[-1:] != ()


def historical_states(countries: list[Row], rows: list[Row]) -> None:
    """In a story that names a historical state (the Soviet Union) and not its
    successor, a body of the successor (the Kremlin) served the historical state,
    as the countries component reads its capital."""
    named = {c.get("country") for c in countries}
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


class Placer:
    """Officials whose titles name no country: conventions, then context, then home."""

    def __init__(
        self,
        lex: TitleLexicon,
        drafts: list[Draft],
        ctx: DocContext,
        weigh: Callable[[Draft], str] | None = None,
    ) -> None:
        self.lex = lex
        self.drafts = drafts
        self.ctx = ctx
        # The evidence weighing (country_evidence); without it, the nearest country
        # word, else the story's home country
        self.weigh = weigh or self._nearest_or_home

    def _nearest_or_home(self, d: Draft) -> str:
        return self.ctx.near_country(d.mentions) or self.ctx.home(self.lex.unqualified_titles)

    def _conventional_key(self, r: Row) -> tuple[str, ...]:
        return tuple(w for w in words(r["title"]) if w not in self.lex.time_modifiers)

    def place(self) -> None:
        """Wire copy names one head of state without a country (the U.S. president): an
        unqualified title listed in ``unqualified_titles`` goes to that country when the
        article names it, to the one person whose sentences lean most towards it. Everyone
        else takes a country named just before them in the sentence ("China fielded Vice
        Minister ..."), else the article's home country (dateline; for a dateline in the
        conventional country, the other country the article is about)."""
        ctx = self.ctx
        todo = [d for d in self.drafts if d.needs_country]
        todo = [d for d in todo if not self._by_convention(d)]
        keys = self.lex.unqualified_titles
        for d in todo:  # everyone else first: the convention looks at their countries
            if self._conventional_key(d.row) not in keys:
                d.row["country"], d.placed_by = self.weigh(d), "evidence"
        for key, iso in keys.items():
            # one President of the United States at a time: a placed one takes the slot
            if any(
                o.row["country"] == iso and self._conventional_key(o.row) == key
                for o in self.drafts
            ):
                continue
            cands = [
                d for d in todo if not d.row["country"] and self._conventional_key(d.row) == key
            ]
            if cands and ctx.counts.get(iso):
                best = max(
                    cands,
                    key=lambda c: (
                        words(c.row["title"]) == key,
                        ctx.lean(c.mentions, iso),
                        len(c.mentions),
                    ),
                )
                if len(cands) > 1 or self._convention_holds(best, iso):
                    best.row["country"], best.placed_by = iso, "unqualified"
        for d in todo:
            if not d.row["country"]:
                d.row["country"], d.placed_by = self.weigh(d), "evidence"

    def _by_convention(self, d: Draft) -> bool:
        """An intergovernmental body by evidence, or a country by news convention."""
        r = d.row
        org = self._intergov_by_evidence(r)
        if org:
            if not r["organization"] or body(self.lex, r["organization"]) is None:
                r["organization"] = org  # "Farm Commissioner": the body, not "Farm"
            d.placed_by = "intergovernmental"
            return True
        iso = self._conventional_country(d)
        if iso:
            r["country"], d.placed_by = iso, "convention"
            return True
        return False

    def _conventional_country(self, d: Draft) -> str:
        """The country a U.S.-style office ("Defense Secretary", "Senate Majority Leader")
        serves by news convention, when the article bears it out (see ``titles.yaml``)."""
        ctx, r = self.ctx, d.row
        title_words = words(r["title"]) + words(r["organization"])
        for iso, keys in self.lex.conventional.items():
            hit = [k for k in keys if contains(title_words, k)]
            if not hit:
                continue
            evidence = self.lex.convention_evidence.get(iso, ())
            if (ctx.dateline or ctx.counts) and not ctx.has_evidence(iso, evidence):
                continue  # the story is about other countries only
            if ctx.near_country(d.mentions) not in {"", iso}:
                continue
            deputy = any(w in self.lex.not_the_holder for w in words(r["title"]))
            if not deputy and any(self._holds_office(o, d, iso, hit) for o in self.drafts):
                continue  # "U.S. Treasury Secretary A" holds the office; plain B is not him
            return iso
        return ""

    def _holds_office(self, o: Draft, d: Draft, iso: str, hit: list[tuple[str, ...]]) -> bool:
        r = d.row
        return (
            o is not d
            and o.row["country"] == iso
            and not o.needs_country
            and (
                any(self._is_the_holder(words(o.row["title"]), k) for k in hit)
                or bool(r["organization"])
                and o.row["organization"] == r["organization"]
                and words(o.row["title"])[-1:] == words(r["title"])[-1:]
            )
        )

    def _is_the_holder(self, title: tuple[str, ...], office: tuple[str, ...]) -> bool:
        """The title names the office itself, not a deputy's or a former holder's
        ("Deputy Treasury Secretary" is not the Treasury Secretary)."""
        at = find(title, office)
        return at >= 0 and not any(w in self.lex.not_the_holder for w in title[:at])

    def _intergov_by_evidence(self, r: Row) -> str:
        """The body a common officer title ("Commissioner") serves when the story names it."""
        title_words = words(r["title"])
        for key, (org, evidence) in self.lex.intergov_evidence.items():
            if contains(title_words, key) and self.ctx.has_evidence("", evidence):
                return org
        return ""

    def _convention_holds(self, d: Draft, iso: str) -> bool:
        """A lone unqualified President in a story datelined abroad may be that country's.

        He is taken as the conventional one unless his sentences lean to another country
        and the dateline country has no leader of its own in the story ("WELLINGTON -- ...
        Prime Minister Christopher Luxon" leaves "President Donald Trump" to the U.S.).
        """
        home = self.ctx.dateline
        if not home or home == iso or self.ctx.lean(d.mentions, iso, actors=True) >= 0:
            return True
        return any(
            other is not d
            and other.row["country"] == home
            and any(contains(words(other.row["title"]), h) for h in self.lex.leaders)
            for other in self.drafts
        )

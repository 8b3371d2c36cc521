"""Universally known officeholders: who held which public role, and when.

News often names a head of state or government without a title ("Xi Jinping and
Donald Trump spoke by phone"); the spec counts such people as officials. The
data file ``data/officeholders.yaml`` lists heads of state and government, heads
of intergovernmental bodies and central banks, and a few cabinet posts, each role
with its dates, so the officials component can tell, for the article's
publication date, whether the person held the role then ("President") or had left
it ("former President"), and can find names the NER model missed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from tradenews import yamltext
from tradenews.lexicon.names import name_key
from tradenews.lexicon.places import trie_regex

DATA_FILE = "officeholders.yaml"
# How long after a generated list's extraction its open roles are taken as still held:
# ministers of the countries listed serve two years on the median.
STALE_AFTER = dt.timedelta(days=365)
# Generated from Wikidata by scripts/refresh_officeholders.py; the hand-kept file wins.
SOURCED_FILE = "officeholders_wikidata.yaml"


@dataclass(frozen=True)
class Role:
    """One public role held over a period (``end`` None: still held)."""

    title: str
    country: str
    organization: str
    start: dt.date
    end: dt.date | None
    # For a role still held when a generated list was extracted: the extraction date.
    known_until: dt.date | None = None


@dataclass(frozen=True)
class Officeholder:
    name: str
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class RoleAt:
    """What a known person was at a given date: the title to report and whom they served."""

    title: str
    country: str
    organization: str
    current: bool


@dataclass(frozen=True)
class Registry:
    by_key: dict[str, Officeholder]
    pattern: re.Pattern[str] | None
    by_surname: dict[str, tuple[Officeholder, ...]]
    surname_pattern: re.Pattern[str] | None = None  # surnames as a bare mention writes them


def _date(value: Any, *, end: bool = False) -> dt.date | None:
    """YAML gives a date, or a "YYYY-MM" / "YYYY" string for a less precise one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    year, _, rest = text.partition("-")
    month = int(rest[:2]) if rest else (12 if end else 1)
    if end and len(text) <= 7:
        nxt = dt.date(int(year) + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(int(year), month, 1) if len(text) <= 7 else dt.date.fromisoformat(text)


def parse(data: dict[str, Any]) -> Registry:
    """Build the registry from the data file's structure (see ``data/officeholders.yaml``)."""
    by_key: dict[str, Officeholder] = {}
    by_surname: dict[str, list[Officeholder]] = {}
    forms: list[str] = []
    for entry in data.get("officeholders") or []:
        try:
            roles = tuple(sorted(map(_role, entry.get("roles") or []), key=lambda r: r.start))
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"officeholders.yaml: {entry.get('name', entry)!s}: {e}") from None
        if not roles:
            continue
        person = Officeholder(str(entry["name"]), roles)
        for surname in _surnames(entry):
            by_surname.setdefault(name_key(surname), []).append(person)
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            form = " ".join(str(form).split())
            by_key.setdefault(name_key(form), person)
            forms.append(form)
            forms.append(_strip_accents(form))
    pattern = None
    if forms:
        pattern = re.compile(r"(?<![\w.])" + trie_regex(set(forms)) + r"(?![\w])")
    phrases: set[str] = set()
    for entry in data.get("officeholders") or []:
        for surname in _surnames(entry):
            if " " in surname and name_key(surname) in by_key:
                continue  # "Lula da Silva" is already found as a full name
            for form in (surname, surname[:1].upper() + surname[1:]):
                phrases.add(form)
                phrases.add(_strip_accents(form))
    surname_pattern = None
    if phrases:
        surname_pattern = re.compile(r"(?<![\w.])" + trie_regex(phrases) + r"(?![\w])")
    return Registry(by_key, pattern, {k: tuple(v) for k, v in by_surname.items()}, surname_pattern)


def _role(raw: dict[str, Any]) -> Role:
    return Role(
        title=str(raw["title"]),
        country=str(raw.get("country") or ""),
        organization=str(raw.get("organization") or ""),
        start=_date(raw["from"]) or dt.date.min,
        end=_date(raw.get("to"), end=True),
        known_until=_date(raw.get("known_until")),
    )


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def _surnames(entry: dict[str, Any]) -> set[str]:
    """The given `surname`, else the last word of the name and of each multi-word alias
    (Zelenskyy, Zelenskiy, Zelensky); duplicates by accent or case fold together."""
    if entry.get("surname"):
        return {str(entry["surname"])}
    forms = [str(entry["name"]), *(str(a) for a in entry.get("aliases") or [])]
    found: dict[str, str] = {}
    for form in forms:
        if len(form.split()) >= 2 or form == forms[0]:
            word = _last_name(form)
            found.setdefault(name_key(word), word)
    return set(found.values())


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _last_name(name: str) -> str:
    """The word a later bare mention uses: the last one, before "Jr."/"III"."""
    words = [w for w in name.split() if name_key(w) not in _SUFFIXES]
    if len(words) < 2:
        return name  # a regnal name ("Charles III") has no surname to stand alone
    return words[-1]


def package_text(filename: str = DATA_FILE) -> str:
    """A data file shipped with the package."""
    return resources.files("tradenews.data").joinpath(filename).read_text("utf-8")


@lru_cache(maxsize=4)
def from_text(text: str, sourced: str = "") -> Registry:
    """A registry from the YAML text of the hand-kept officeholders file and, optionally,
    of the generated one (see :func:`merge`). Built once per process for the same texts:
    the package's registry and a pipeline's share it."""
    data = yamltext.safe_load(text) or {}
    if sourced:
        data = merge(data, yamltext.safe_load(sourced) or {})
    return parse(data)


def merge(hand: dict[str, Any], sourced: dict[str, Any]) -> dict[str, Any]:
    """The hand-kept entries, then the generated ones; the hand-kept file wins.

    A generated person is found by full name only, not by a bare surname. One already
    listed by hand (by any name or alias) adds only the roles the hand entry does not
    cover: a role starting within a hand-kept role is
    dropped, one running into a later hand-kept role ends where that one starts.
    """
    entries = [dict(e) for e in hand.get("officeholders") or []]
    index: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            index.setdefault(name_key(str(form)), entry)
    for entry in sourced.get("officeholders") or []:
        forms = [entry["name"], *(entry.get("aliases") or [])]
        known = next((index[k] for k in map(name_key, map(str, forms)) if k in index), None)
        entry = _dated(entry, sourced.get("known_until"))
        if known is None:
            # not universally known: a bare surname ("Daves said") is not looked up
            entries.append({**entry, "surname": entry.get("surname") or entry["name"]})
            for form in forms:
                index.setdefault(name_key(str(form)), entry)
            continue
        kept = [_role(r) for r in known.get("roles") or []]
        extra = [r for r in (_fitted(_role(r), kept) for r in entry.get("roles") or []) if r]
        if extra:
            known["roles"] = [*(known.get("roles") or []), *extra]
        new_forms = [f for f in forms if name_key(str(f)) not in index]
        if new_forms:
            known["aliases"] = [*(known.get("aliases") or []), *new_forms]
            for form in new_forms:
                index[name_key(str(form))] = known
    return {"officeholders": entries}


def _dated(entry: dict[str, Any], known_until: Any) -> dict[str, Any]:
    """A generated entry whose open roles carry the list's extraction date: a list that is
    not kept up knows a role was held then, not that it is held now."""
    if not known_until:
        return entry
    roles = [r if r.get("to") else {**r, "known_until": known_until} for r in entry["roles"]]
    return {**entry, "roles": roles}


def _fitted(role: Role, kept: list[Role]) -> dict[str, Any] | None:
    """A generated role cut to end where a hand-kept role of the person starts, or None
    when it starts within one (the hand-kept file knows that period)."""
    end = role.end
    for k in kept:
        if k.start <= role.start and (k.end is None or role.start < k.end):
            return None
        if role.start < k.start and (end is None or k.start < end):
            end = k.start
    out: dict[str, Any] = {"title": role.title, "from": role.start}
    if role.country:
        out["country"] = role.country
    if role.organization:
        out["organization"] = role.organization
    if end is not None:
        out["to"] = end
    return out


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The package's registry, loaded once per process (components may load their own)."""
    return from_text(package_text(), package_text(SOURCED_FILE))


def find_names(text: str, reg: Registry | None = None) -> list[tuple[int, int]]:
    """Character spans of known officeholders' names (full names and listed aliases)."""
    pattern = (reg or registry()).pattern
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def find_surnames(text: str, reg: Registry | None = None) -> list[tuple[int, int]]:
    """Character spans of listed surnames ("Trump", "Xi", "von der Leyen"): candidates
    only; :func:`lookup_surname` decides."""
    pattern = (reg or registry()).surname_pattern
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def lookup(name: str, reg: Registry | None = None) -> Officeholder | None:
    return (reg or registry()).by_key.get(name_key(name))


def lookup_surname(
    word: str, when: dt.date | None, reg: Registry | None = None
) -> Officeholder | None:
    """The one listed person with this surname who holds a role at ``when``, or None.

    A bare surname ("Trump said") is resolved only when it is unambiguous: exactly one
    person of the file with that surname holds a role at the publication date (a
    full name elsewhere in the article is matched before this is asked).
    """
    people = (reg or registry()).by_surname.get(name_key(word), ())
    holding = [p for p in people if (r := role_at(p, when)) is not None and r.current]
    return holding[0] if len(holding) == 1 else None


def _unknown_at(role: Role, when: dt.date) -> bool:
    """An open role of a generated list, asked of a date long after its extraction: the
    list cannot say whether it is still held ("Trade Minister" in a 2025 story, from an
    extract of 2023), so it says nothing."""
    return (
        role.end is None and role.known_until is not None and when > role.known_until + STALE_AFTER
    )


def role_at(person: Officeholder, when: dt.date | None) -> RoleAt | None:
    """The role to report for an article published on ``when``.

    A role held on that date wins; otherwise the latest role already left
    ("former President"). Before the person's first role the person is not (yet)
    an official: None. With no date known, the data file's present is used.
    """
    if when is None:
        held = [r for r in person.roles if r.end is None]
        past = list(person.roles)
    else:
        if any(_unknown_at(r, when) for r in person.roles):
            return None  # neither "Minister" nor "former Minister" is known then
        held = [r for r in person.roles if r.start <= when and (r.end is None or when < r.end)]
        past = [r for r in person.roles if r.end is not None and r.end <= when]
    if held:
        r = held[-1]
        return RoleAt(r.title, r.country, r.organization, True)
    if not past:
        return None
    r = max(past, key=lambda r: r.end or dt.date.max)
    return RoleAt(f"former {r.title}", r.country, r.organization, False)

"""Country and organization gazetteer: any name form -> ISO3 / canonical organization.

The lookups here are shared by the countries component (which finds mentions in
text) and the officials component (which resolves "India's", "U.S.", "the State
Department" inside a title to the country an official serves).

ISO names come from pycountry; the forms news actually uses (abbreviations,
historical names, demonyms, capitals, preferred short names) come from
``data/countries.yaml``, and organizations from ``data/organizations.yaml``.
Everything is built once per process and cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry

from tradenews import yamltext


@dataclass(frozen=True)
class CountryRef:
    """A resolved country: ISO 3166-1 alpha-3 code and English short name."""

    iso3: str
    name: str


@dataclass(frozen=True)
class OrgRef:
    """A resolved organization: canonical name and, for national bodies, its ISO3."""

    name: str
    country: str = ""


@dataclass(frozen=True)
class CountryForm:
    """One way of writing a country: its target (None for a blocked look-alike) and kind.

    ``kind`` is ``name``, ``abbr``, ``adj`` (adjective or demonym) or ``capital``.
    """

    ref: CountryRef | None
    kind: str


@dataclass
class CountryGazetteer:
    """All country forms, case-sensitive (as matched in text) and case-folded (for lookups)."""

    refs: dict[str, CountryRef] = field(default_factory=dict)
    exact: dict[str, CountryForm] = field(default_factory=dict)
    folded: dict[str, CountryForm] = field(default_factory=dict)
    person_like: frozenset[str] = frozenset()
    us_states: frozenset[str] = frozenset()
    historical_capitals: dict[str, list[str]] = field(default_factory=dict)
    context: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None


@dataclass
class OrgEntry:
    """One organization of the data file."""

    name: str
    country: str
    type: str
    aliases: tuple[str, ...]


@dataclass
class OrgGazetteer:
    """Organization aliases, a matcher over them, and government head words."""

    exact: dict[str, OrgEntry] = field(default_factory=dict)
    folded: dict[str, OrgEntry] = field(default_factory=dict)
    body_words: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None


_PAREN = re.compile(r"\s*\([^)]*\)")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_SPACES = re.compile(r"\s+")


def _load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("tradenews.data").joinpath(name).read_text(encoding="utf-8")
    return yamltext.safe_load(text) or {}


def _plural(adj: str) -> str | None:
    """English plural of a demonym noun ("Emirati" -> "Emiratis"); None where it has none."""
    if adj.endswith(("s", "sh", "ch", "ese", "man", "men", "Sino", "i-Kiribati")):
        return None
    return adj + "s"


def _clean_iso_name(name: str | None) -> str | None:
    """An ISO name usable as a text form: no "X, Republic of" inversions, no parentheses."""
    if not name or "," in name:
        return None
    name = _PAREN.sub("", name).strip()
    return _LEADING_THE.sub("", name)


def _variants(form: str) -> set[str]:
    """How a form appears in running text: as written and in an all-caps headline."""
    return {form, form.upper()}


def _char(ch: str) -> str:
    # A space in a name matches any run of whitespace: wire copy breaks lines inside names.
    return r"\s+" if ch == " " else re.escape(ch)


def squash(text: str) -> str:
    """Collapse whitespace runs, as in the gazetteer keys ("New\nJersey" -> "New Jersey")."""
    return _SPACES.sub(" ", text)


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation over ``words`` as a character trie: fast, and longest match first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [_char(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _boundary_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    # Not inside a word on either side; "US$" is a currency sign, not a mention.
    return re.compile(r"(?<![\w])" + trie_regex(forms) + r"(?![\w$])")


@lru_cache(maxsize=1)
def country_gazetteer() -> CountryGazetteer:
    """Build every country form once per process."""
    return build_country_gazetteer(_load_yaml("countries.yaml"))


def build_country_gazetteer(data: dict[str, Any]) -> CountryGazetteer:
    """Every country form of pycountry and a countries data file's contents."""
    extra: dict[str, dict[str, Any]] = data.get("countries") or {}
    gaz = CountryGazetteer()

    def add(form: str | None, ref: CountryRef | None, kind: str) -> None:
        if not form:
            return
        form = _SPACES.sub(" ", form.strip())
        entry = CountryForm(ref, kind)
        if kind == "abbr":
            gaz.exact[form] = entry
            return
        for variant in _variants(form):
            gaz.exact[variant] = entry
        gaz.folded[form.casefold()] = entry

    # ISO names first, so that the data file's forms override them.
    for c in pycountry.countries:
        display = (extra.get(c.alpha_3) or {}).get("name") or getattr(c, "common_name", None)
        display = display or _clean_iso_name(c.name) or c.name
        ref = CountryRef(c.alpha_3, display)
        gaz.refs[c.alpha_3] = ref
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            add(_clean_iso_name(name), ref, "name")
    for iso3, info in extra.items():
        info = info or {}
        found = gaz.refs.get(iso3)
        if found is None or info.get("name"):
            found = CountryRef(iso3, info.get("name") or iso3)
            gaz.refs[iso3] = found
        ref = found
        add(ref.name, ref, "name")
        for form in info.get("names") or []:
            add(form, ref, "name")
        for form in info.get("abbr") or []:
            add(form, ref, "abbr")
        for form in info.get("adj") or []:
            add(form, ref, "adj")
            add(_plural(form), ref, "adj")
        for form in info.get("capital") or []:
            add(form, ref, "capital")
    for form in data.get("not_countries") or []:
        for variant in _variants(form):
            gaz.exact[variant] = CountryForm(None, "blocked")
    gaz.person_like = frozenset(data.get("person_like") or [])
    gaz.us_states = frozenset(data.get("us_states") or [])
    gaz.historical_capitals = data.get("historical_capitals") or {}
    gaz.context = data.get("context") or {}
    gaz.pattern = _boundary_pattern(gaz.exact)
    return gaz


def _normalize(text: str) -> str:
    text = _SPACES.sub(" ", text.strip().strip(',;:!?"“”()[]'))
    text = _LEADING_THE.sub("", text)
    return _POSSESSIVE.sub("", text).strip()


def lookup_country(text: str) -> CountryRef | None:
    """Resolve a country name, abbreviation, adjective/demonym or capital; None if not one.

    Case matters for ambiguous forms ("US" vs "us"), so pass the text as written:
    abbreviations match only as written, and an all-lowercase word ("turkey",
    "china") is never a country.
    """
    form = lookup_country_form(text)
    return form.ref if form else None


def lookup_country_form(text: str) -> CountryForm | None:
    """Like :func:`lookup_country`, but also says which kind of form it was."""
    gaz = country_gazetteer()
    key = _normalize(text)
    if not key:
        return None
    for candidate in (key, key.rstrip(".")):
        form = gaz.exact.get(candidate)
        if form is not None:
            return form if form.ref else None
    if key[0].isupper():
        form = gaz.folded.get(key.casefold())
        if form is not None and form.ref:
            return form
    return None


def country_by_code(iso3: str) -> CountryRef | None:
    """The CountryRef of an ISO3 code (including the historical codes the data file adds)."""
    return country_gazetteer().refs.get(iso3.upper())


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return (
        bool(letters)
        and sum(c.isupper() for c in letters) >= len(letters) - 1
        and len(letters) <= 6
    )


def _spellings(alias: str) -> list[str]:
    """An alias as British and American copy spell it, with and without an inner "the"
    ("Organisation of Petroleum Exporting Countries")."""
    forms = [alias]
    for a, b in (("ization", "isation"), ("isation", "ization")):
        if a in alias:
            forms.append(alias.replace(a, b))
    forms += [f.replace(" of the ", " of ") for f in forms if " of the " in f]
    return forms


@lru_cache(maxsize=1)
def org_gazetteer() -> OrgGazetteer:
    """Build the organization aliases once per process."""
    return build_org_gazetteer(_load_yaml("organizations.yaml"))


def build_org_gazetteer(data: dict[str, Any]) -> OrgGazetteer:
    """The organization aliases of an organizations data file's contents."""
    gaz = OrgGazetteer(body_words=tuple(data.get("national_body_words") or ()))
    for raw in data.get("organizations") or []:
        written = [raw["name"], *(raw.get("aliases") or [])]
        aliases = tuple(dict.fromkeys(v for alias in written for v in _spellings(alias)))
        entry = OrgEntry(raw["name"], raw.get("country") or "", raw.get("type") or "", aliases)
        for alias in aliases:
            gaz.exact.setdefault(alias, entry)
            if not _is_acronym(alias):
                gaz.exact.setdefault(alias.upper(), entry)
                gaz.folded.setdefault(alias.casefold(), entry)
    gaz.pattern = _boundary_pattern(gaz.exact)
    return gaz


@lru_cache(maxsize=1)
def not_organizations() -> frozenset[str]:
    """Names the model often labels ORG that are not organizations (regions, events)."""
    return frozenset(_load_yaml("organizations.yaml").get("not_organizations") or [])


def lookup_org_entry(text: str, gaz: OrgGazetteer | None = None) -> OrgEntry | None:
    """The data-file entry for an alias as written, or None (`gaz`: a component's own
    data, else the package's)."""
    gaz = gaz or org_gazetteer()
    key = _normalize(text)
    if not key:
        return None
    entry = gaz.exact.get(key)
    if entry is None and not _is_acronym(key):
        entry = gaz.folded.get(key.casefold())
    return entry


_MINISTRY_OF = re.compile(r"^(?P<topic>[A-Z][\w&' -]*?) (?P<head>Ministry|Department)$")
INTERNATIONAL_TYPES = frozenset({"bloc", "intergovernmental", "eu_body"})


def canonical_body(name: str) -> str:
    """ "Commerce Ministry" -> "Ministry of Commerce": one spelling for a government body."""
    m = _MINISTRY_OF.match(name)
    if not m or " of " in m["topic"]:
        return name
    topic = "Foreign Affairs" if m["topic"] == "Foreign" else m["topic"]
    return f"{m['head']} of {topic}"


def is_national_body(name: str, gaz: OrgGazetteer | None = None) -> bool:
    """Whether a name is built on a government head word ("Ministry", "Central Bank", ...)."""
    words = (gaz or org_gazetteer()).body_words
    return any(re.search(r"\b" + re.escape(w) + r"\b", name) for w in words)


def split_country_prefix(text: str) -> tuple[CountryRef, str] | None:
    """ "India's Ministry of External Affairs" -> (IND, "Ministry of External Affairs")."""
    key = _normalize(text)
    gaz = country_gazetteer()
    assert gaz.pattern is not None
    m = gaz.pattern.match(key)
    if not m:
        return None
    form = gaz.exact.get(m.group())
    rest = _POSSESSIVE.sub("", key[m.end() :].lstrip("'’"))
    rest = re.sub(r"^s\b", "", rest).strip()
    if form is None or form.ref is None or not rest:
        return None
    return form.ref, rest


def without_country(name: str) -> str:
    """A body's name without the country it carries: "Turkish Constitutional Court" and
    "Constitutional Court of Turkey" are both "Constitutional Court"."""
    split = split_country_prefix(name)
    if split is not None:
        return split[1]
    head, sep, tail = name.rpartition(" of ")
    if sep and lookup_country(re.sub(r"^the\s+", "", tail)) is not None:
        return head
    return name


def lookup_organization(text: str, gaz: OrgGazetteer | None = None) -> OrgRef | None:
    """Resolve an organization alias ("EU", "USTR", "the State Department"); None if unknown.

    A government body named with its country ("India's Ministry of External
    Affairs", "the Chinese Commerce Ministry") resolves to that country even when
    the body itself is not in the data file.
    """
    entry = lookup_org_entry(text, gaz)
    if entry is not None:
        return OrgRef(entry.name, entry.country)
    split = split_country_prefix(text)
    if split is None:
        return None
    ref, rest = split
    entry = lookup_org_entry(rest, gaz)
    if entry is not None and entry.type in INTERNATIONAL_TYPES:
        return OrgRef(entry.name, "")
    if entry is not None and entry.country in ("", ref.iso3):
        return OrgRef(entry.name, ref.iso3)
    if is_national_body(rest, gaz):
        name = canonical_body(rest)
        key = _normalize(text)
        prefix = key[: len(key) - len(rest)].rstrip()
        possessive = prefix.endswith(("'s", "’s", "'", "’"))
        if not name.startswith(("Ministry", "Department")) and prefix and not possessive:
            name = key  # "U.S. Embassy", "Saudi Press Agency": the country word is the name's
        return OrgRef(name, ref.iso3)
    return None

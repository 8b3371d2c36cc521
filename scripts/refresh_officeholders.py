"""Build ``tradenews/data/officeholders_wikidata.yaml`` from Wikidata position-holder tables.

The source is the EveryPolitician country repositories (github.com/every-politician-scrapers,
one per country, e.g. ``india-ministers``): each holds ``html/holders21.csv``, the holders
of the country's national positions with their dated terms, queried from Wikidata (CC0),
and ``meta.json``, which names the country. Give the checked-out repositories (or
folders holding those two files) as arguments::

    .venv/bin/python scripts/refresh_officeholders.py SRC/india-ministers SRC/kenya ... \\
        --extracted 2022-08-03 -o tradenews/data/officeholders_wikidata.yaml

Only the roles the officials component reports on their own are kept: heads of state and
government, foreign, finance, trade/commerce and defence ministers and central-bank
governors, with terms running in or after ``--since`` (2015 by default). Source titles
are mapped onto the titles ``officeholders.yaml`` uses ("Foreign Minister", "Secretary
of State", "Central Bank Governor", ...). An open term whose position has a later holder
(in the source or in the hand-kept ``officeholders.yaml``) is closed at that start.
The hand-kept file wins over this one when the package loads both.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import textwrap
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

from tradenews.lexicon.names import name_key
from tradenews.lexicon.places import lookup_country

SOURCE_URL = "https://github.com/every-politician-scrapers"

# Junior or sub-national posts whose labels contain a wanted word.
_JUNIOR = re.compile(
    r"^(deputy|vice|assistant|associate|acting|state minister|minister of state|"
    r"minister[- ]delegate|minister assisting|under|parliamentary|chief|second|third|first |"
    r"lieutenant|permanent|principal|commander|director|head|special|senior|counsel|presidential|"
    r"spouse|ambassador|flemish|minister-president|state secretary|secretary of state (to|of)\b)",
    re.IGNORECASE,
)
# "Minister of ...", and the cabinet secretaries of Mexico, the Philippines or Kenya
_MINISTER = r"^(federal |union |cabinet )?(minister|secretary) (of|for) (the )?"
_FOREIGN = re.compile(_MINISTER + r"(foreign|external) (affairs|relations)\b", re.IGNORECASE)
_FINANCE = re.compile(
    _MINISTER
    + r"(((economy|economic affairs|planning|national economy)(,| and) )*finances?"
    + r"|(national )?treasury)\b",
    re.IGNORECASE,
)
_TRADE = re.compile(_MINISTER + r".*\b(trade|commerce)\b", re.IGNORECASE)
_DEFENCE = re.compile(
    _MINISTER + r"((national )?defen[cs]e|armed forces)( and [\w ’']*veterans[\w ’']*)?$",
    re.IGNORECASE,
)
_BANK = re.compile(r"^(governor|president) of (the )?.*\b(bank|nationalbank)\b", re.IGNORECASE)
# "Minister of Finance of Western Bahr el Ghazal"
_REGIONAL = re.compile(r"\b(?i:finance|affairs|defen[cs]e|trade|commerce) of [A-Z]")
_SUBNATIONAL_BANK = re.compile(r"province|region|state of", re.IGNORECASE)

# Heads of state and government, by the exact source title.
_HEADS = {
    "president": "President",
    "prime minister": "Prime Minister",
    "federal chancellor": "Chancellor",
    "premier of the state council": "Premier",
    "taoiseach": "Taoiseach",
    "king": "King",
    "sultan": "Sultan",
    "emir": "Emir",
}
# Posts named by their own title in the press (by the source title, folded).
_NAMED = {
    "secretary of state for foreign and commonwealth affairs": "Foreign Secretary",
    "secretary of state for foreign, commonwealth and development affairs": "Foreign Secretary",
    "chancellor of the exchequer": "Chancellor of the Exchequer",
    "secretary of state for international trade": "International Trade Secretary",
    "secretary of state for defence": "Defence Secretary",
    "treasurer": "Treasurer",
    "secretary of the treasury": "Treasury Secretary",
    "secretary of commerce": "Commerce Secretary",
    "secretary of defence": "Defense Secretary",
    "secretary of defense": "Defense Secretary",
    "united states trade representative": "Trade Representative",
    "chair of the federal reserve": "Federal Reserve Chairman",
}
_US_ONLY = {"secretary of state": "Secretary of State"}


def title_for(position: str, iso3: str, gender: str = "") -> str | None:
    """The tradenews title for a source position title, or None when not a wanted role."""
    label = " ".join(position.split())
    low = label.casefold()
    if low in _NAMED:
        return _NAMED[low]
    if iso3 == "USA" and low in _US_ONLY:
        return _US_ONLY[low]
    if low in _HEADS:
        return _HEADS[low]
    if low == "monarch":
        return "Queen" if gender == "female" else "King"
    if _JUNIOR.search(label) or _REGIONAL.search(label):
        return None
    if _BANK.search(label) and not _SUBNATIONAL_BANK.search(label):
        return "Central Bank President" if low.startswith("president") else "Central Bank Governor"
    if _FOREIGN.search(label):
        return "Foreign Minister"
    if _FINANCE.search(label):
        return "Finance Minister" if "financ" in low else "Treasury Minister"
    if _DEFENCE.search(label):
        return "Defence Minister"
    if _TRADE.search(label) and not re.search(r"\b(internal|domestic) trade", low):
        return "Trade Minister" if "trade" in low else "Commerce Minister"
    return None


@dataclass
class Term:
    title: str
    country: str
    start: str
    end: str
    position: str  # the source title: successors are looked for under the same one

    def as_yaml(self) -> dict[str, str]:
        out = {"title": self.title, "country": self.country, "from": self.start}
        if self.end:
            out["to"] = self.end
        return out


@dataclass
class Person:
    name: str
    aliases: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _clean_name(raw: str) -> str | None:
    """A person's usual name from a Wikidata label ("X, Crown Prince of Y" -> "X")."""
    name = " ".join(raw.split(",")[0].split())
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    if not name or re.fullmatch(r"Q\d+", name) or len(name.split()) < 2:
        return None  # no English label, or one word that would match too widely
    return name


def _date(text: str) -> str:
    """Day, month or year precision as the source gives it ("2019-05-30", "2005-02", "1994")."""
    text = text.strip()
    return text if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) else ""


def _key(d: str, *, end: bool = False) -> str:
    """Sortable form of a partial date (an end of "2019" runs to the year's end)."""
    return d + ("-99" * (2 - d.count("-")) if end else "-00" * (2 - d.count("-")))


def _iso3(name: str) -> str | None:
    """ISO3 of a country name: tradenews's own gazetteer, else ISO 3166 ("Brunei")."""
    ref = lookup_country(name)
    if ref is not None:
        return ref.iso3
    try:
        return str(pycountry.countries.search_fuzzy(name)[0].alpha_3)
    except LookupError:
        return None


_NATIONAL_FILES = {"wanted-positions.csv", "xtra-positions.csv"}


def national(folder: Path, table: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows of national positions.

    A repository may also list regional posts (an Australian state's "Treasurer") under
    the same title as a national one, and holders21.csv names positions by title only.
    Its rows come grouped by position, in the order of the concatenated
    ``wikidata/*-positions.csv`` files, each group sorted by start: a title's k-th group
    is its k-th position there. A title whose groups cannot be matched so is left out,
    and so is one only regional files list.
    """
    listed: dict[str, list[str]] = defaultdict(list)  # title -> file of each position
    for path in sorted((folder / "wikidata").glob("*-positions.csv")):
        if path.name == "legislative-positions.csv":
            continue  # not in holders21.csv
        with path.open(encoding="utf-8", newline="") as f:
            for pos in csv.DictReader(f):
                listed[pos.get("title") or ""].append(path.name)
    ambiguous = {t for t, files in listed.items() if len(set(files)) > 1 and title_for(t, "")}
    groups: dict[str, list[list[dict[str, str]]]] = defaultdict(list)
    last = ""
    for row in table:
        title = row["position"]
        if title in ambiguous:
            same = groups[title] and last == title
            if not same or _key(row["start"]) < _key(groups[title][-1][-1]["start"]):
                groups[title].append([])
            groups[title][-1].append(row)
        last = title
    keep = []
    for title, blocks in groups.items():
        files = listed[title]
        if len(blocks) != len(files):
            print(f"{folder.name}: {title!r} left out (positions unclear)", file=sys.stderr)
            continue
        keep += [r for f, b in zip(files, blocks, strict=True) if f in _NATIONAL_FILES for r in b]
    regional = {t for t, files in listed.items() if not set(files) & _NATIONAL_FILES}
    return [r for r in table if r["position"] not in ambiguous | regional] + keep


def read_country(folder: Path, since: str) -> tuple[str, list[tuple[str, str, Term]]]:
    """(ISO3, [(person id, label, term)]) of one country repository."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    name = meta["jurisdiction"]["name"]
    iso3 = _iso3(re.sub(r"^the ", "", name, flags=re.IGNORECASE))
    if iso3 is None:
        raise ValueError(f"country {name!r} not known")
    holders = folder / "html" / "holders21.csv"
    if not holders.exists():
        holders = folder / "holders21.csv"
    with holders.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    rows: list[tuple[str, str, Term]] = []
    for row in national(folder, table):
        title = title_for(row["position"], iso3, row.get("gender", ""))
        start, end = _date(row.get("start", "")), _date(row.get("end", ""))
        if title is None or not start or (end and _key(end, end=True) < since):
            continue
        term = Term(title, iso3, start, end, row["position"])
        rows.append((row["personID"], row["person"], term))
        if row.get("enwiki"):
            rows.append((row["personID"], row["enwiki"], term))
    return iso3, rows


@dataclass
class Seat:
    """A term in one office (title, country), by whoever held it."""

    start: dt.date
    end: dt.date  # date.max while held
    who: str  # name key
    term: Term | None  # None: a hand-kept role, never changed here


def _day(text: str, *, end: bool = False) -> dt.date:
    """A partial date as the package reads it: a start on the first day, an end on the last."""
    if not text:
        return dt.date.max if end else dt.date.min
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if not end:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1)
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def hand_seats(path: Path | None) -> dict[tuple[str, str], list[Seat]]:
    """(title, country) -> the hand-kept file's terms in that office."""
    out: dict[tuple[str, str], list[Seat]] = defaultdict(list)
    if path is None:
        return out
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    for entry in data.get("officeholders") or []:
        for role in entry.get("roles") or []:
            if role.get("country") and role.get("from"):
                end = _day(str(role.get("to") or ""), end=True)
                seat = Seat(_day(str(role["from"])), end, name_key(str(entry["name"])), None)
                out[(str(role["title"]), str(role["country"]))].append(seat)
    return out


def settle(people: list[Person], hand: dict[tuple[str, str], list[Seat]]) -> None:
    """One holder at a time in each office: the hand-kept file wins, then the source's
    successions in each of its posts. A term within another's (an interim, the same
    person under another name) is dropped; a term overlapping a later one ends where
    that one starts; one overlapping an earlier hand-kept term starts where that one
    ends."""
    seats: dict[tuple[str, str], list[Seat]] = defaultdict(list)
    for p in people:
        for t in p.terms:
            seat = Seat(_day(t.start), _day(t.end, end=True), name_key(p.name), t)
            seats[(t.title, t.country)].append(seat)
    dropped: set[int] = set()
    for office, held in seats.items():
        held.sort(key=lambda s: (s.start, s.end))
        others = hand.get(office, [])
        for b in held:
            for a in [*others, *(x for x in held if x is not b and id(x.term) not in dropped)]:
                if a.who == b.who or (min(a.end, b.end) - max(a.start, b.start)).days <= 31:
                    continue
                if b.term is None or id(b.term) in dropped:
                    break
                if a.term is not None and a.term.position != b.term.position:
                    continue  # two posts the source names apart (a foreign minister and
                    # a foreign secretary): neither is cut to fit the other
                if _contains(a, b):
                    dropped.add(id(b.term))  # an interim, or the same person named otherwise
                elif a.term is not None and _contains(b, a):
                    dropped.add(id(a.term))
                elif a.start < b.start and a.term is not None:
                    a.end, a.term.end = b.start, b.term.start
                elif a.start > b.start:
                    b.end, b.term.end = a.start, _text(a.start)
                elif a.term is None and a.end < b.end:
                    b.start, b.term.start = a.end, _text(a.end)
                else:
                    dropped.add(id(b.term))
    for p in people:
        p.terms = [t for t in p.terms if id(t) not in dropped]


def _contains(x: Seat, y: Seat) -> bool:
    """y's term lies within x's (an open term of the source contains nothing: its end is
    only the date of the extraction)."""
    bounded = x.end != dt.date.max or x.term is None
    return bounded and x.start <= y.start and y.end <= x.end


def _text(day: dt.date) -> str:
    return day.isoformat()


def build(folders: list[Path], since: str, hand: Path | None) -> tuple[list[Person], list[str]]:
    """The people of the given country folders, and the folders that could not be read."""
    people: dict[str, Person] = {}
    labels: dict[str, list[str]] = defaultdict(list)
    skipped = []
    for folder in folders:
        try:
            _, rows = read_country(folder, since)
        except (OSError, ValueError, KeyError, csv.Error) as e:
            print(f"{folder}: skipped: {e}", file=sys.stderr)
            skipped.append(folder.name)
            continue
        for pid, label, term in rows:
            person = people.setdefault(pid, Person(""))
            labels[pid].append(label)
            if term not in person.terms:
                person.terms.append(term)
    out = []
    for pid, person in people.items():
        forms = [n for n in (_clean_name(x) for x in labels[pid]) if n]
        if not forms:
            continue
        person.name = forms[0]
        for form in [*forms, *(_ascii(f) for f in forms)]:
            if form != person.name and form not in person.aliases:
                person.aliases.append(form)
        person.terms = _joined(person.terms)
        out.append(person)
    settle(out, hand_seats(hand))
    out = [p for p in out if p.terms]
    out.sort(key=lambda p: (min(t.country for t in p.terms), min(_key(t.start) for t in p.terms)))
    return out, skipped


def _joined(terms: list[Term]) -> list[Term]:
    """Back-to-back or overlapping terms in one post made one (a reappointment is not a
    new role), and
    stand-in terms of under a month left out (acting heads are reported by their own
    title)."""
    out: list[Term] = []
    for t in sorted(terms, key=lambda t: _key(t.start)):
        prev = out[-1] if out else None
        if (
            prev
            and (prev.title, prev.country) == (t.title, t.country)
            and (not prev.end or _key(t.start) <= _key(prev.end))
        ):
            if prev.end and (not t.end or _key(t.end, end=True) > _key(prev.end, end=True)):
                prev.end = t.end  # one post under two names, or a reappointment
            continue
        out.append(t)
    return [t for t in out if not _brief(t)]


def _brief(t: Term) -> bool:
    if len(t.start) != 10 or len(t.end) != 10:
        return False
    return (dt.date.fromisoformat(t.end) - dt.date.fromisoformat(t.start)).days < 31


def render(people: list[Person], extracted: str, since: str, sources: list[str]) -> str:
    """The YAML text: a header naming source, licence and extraction date, then one
    entry per person in the hand-kept file's layout (flow-style roles, one a line)."""
    repos = textwrap.wrap(", ".join(sources), 86, break_on_hyphens=False)
    lines = [
        "# Officeholders from Wikidata, generated by scripts/refresh_officeholders.py: do not",
        "# edit (hand corrections go to officeholders.yaml, which wins over this file).",
        "# Source: the Wikidata position-holder tables (html/holders21.csv) of the EveryPolitician",
        f"# country repositories at {SOURCE_URL}, {len(sources)} of them:",
        *(f"#   {line}" for line in repos),
        "# Licence: Wikidata data, CC0 1.0 (public domain dedication).",
        f"# Extracted: {extracted}.",
        "# Roles: heads of state and government; foreign, finance, trade and defence ministers;",
        f"# central-bank governors; terms running in or after {since[:4]}.",
        "# Roles still held at extraction are known to be held until then (a year more is",
        "# allowed; after that the list says nothing of them).",
        f"known_until: {extracted.split()[-1]}",
        "",
        "officeholders:",
    ]
    for p in people:
        lines.append(f"  - name: {_scalar(p.name)}")
        if p.aliases:
            lines.append(f"    aliases: [{', '.join(_scalar(a) for a in p.aliases)}]")
        lines.append("    roles:")
        for t in sorted(p.terms, key=lambda t: _key(t.start)):
            fields = ", ".join(f"{k}: {_scalar(v)}" for k, v in t.as_yaml().items())
            lines.append(f"      - {{{fields}}}")
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """A flow-context YAML scalar: plain when safe, else double-quoted."""
    if re.fullmatch(r"[\w][\w .'’\-]*", value) and not value.endswith(" "):
        if value.casefold() not in {"yes", "no", "on", "off", "true", "false", "null"}:
            return value
    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="+", type=Path, help="country repository folders")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--hand", type=Path, help="the hand-kept officeholders.yaml")
    ap.add_argument("--since", default="2015", help="keep terms running in or after this year")
    ap.add_argument("--extracted", default=dt.date.today().isoformat(), help="source date")
    args = ap.parse_args(argv)
    missing = [str(p) for p in args.sources if not (p / "meta.json").exists()]
    if missing:
        print(f"no meta.json in: {', '.join(missing)}", file=sys.stderr)
        return 2
    since = f"{args.since}-01-01"
    people, skipped = build(sorted(args.sources), since, args.hand)
    names = sorted(p.name for p in args.sources if p.name not in skipped)
    text = render(people, args.extracted, since, names)
    yaml.load(text, Loader=yaml.CSafeLoader)  # what is written must read back
    args.output.write_text(text, encoding="utf-8")
    roles = sum(len(p.terms) for p in people)
    print(f"{args.output}: {len(people)} people, {roles} roles", file=sys.stderr)
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())

"""Coreference of person mentions: one record per real person per document.

Fullest names first; a shorter form joins the name it is part of ("Landau" ->
"Christopher Landau"), a bare surname the person it most likely refers to, and
untagged surname occurrences ("Trump's administration") count as mentions.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from tradenews.components.officials.tokens import is_cap, is_hyphen_inside
from tradenews.lexicon.names import fold
from tradenews.lexicon.titles import contains

NOT_PEOPLE = frozenset(
    {"DATE", "TIME", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "MONEY", "LAW"}
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


def split_compounds(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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


def cluster(mentions: list[Mention]) -> list[list[int]]:
    """Group mentions into people: fullest names first, then surnames to them."""
    records: list[list[int]] = []
    names: list[tuple[str, ...]] = []
    order = sorted(range(len(mentions)), key=lambda k: (-len(mentions[k].words), k))
    for k in order:
        m = mentions[k]
        fw = tuple(fold(w) for w in m.words)
        best = None
        for r, rn in enumerate(names):
            if same_person(fw, rn):
                best = r
                break
        if best is None and len(fw) == 1:
            best = _attach_single(fw[0], m, mentions, records, names)
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
                mentions[x].title and fold(mentions[x].title) == fold(m.title) for x in records[r]
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


def count_extra(doc: Doc, records: list[list[int]], mentions: list[Mention]) -> None:
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
        if tok.i in covered or not is_cap(tok) or tok.ent_type_ in NOT_PEOPLE:
            continue  # "in May" is no mention of Theresa May
        rs = by_word.get(fold(tok.text))
        if rs and len(rs) == 1:
            if is_hyphen_inside(doc, tok.i - 1) and (tok.i - 2) in covered:
                continue
            m = Mention(tok.i, tok.i + 1, (tok.text,), record=rs[0])
            extra.append(m)
    for m in extra:
        mentions.append(m)
        records[rs_of(m)].append(len(mentions) - 1)


def rs_of(m: Mention) -> int:
    """The record a mention was assigned to."""
    assert m.record is not None
    return m.record


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two name forms of one person: equal, one inside the other, or same first+last word."""
    if a == b:
        return True
    if len(a) >= 2 and len(b) >= 2:
        if a[-1] == b[-1] and (
            a[0] == b[0] or a[0][:1] == b[0][:1] and min(len(a[0]), len(b[0])) <= 2
        ):
            return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 2 and contains(long_, short):
        return True
    return False


def _hyphen_parts(words: tuple[str, ...]) -> set[str]:
    return {p for w in words for p in w.split("-") if p}

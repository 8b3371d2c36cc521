"""The organizations of one document: one record per body, short forms merged into the
long name ("Nortek" and "Nortek Inc", "OPEC" and its long name, "(Carical)" after its
bank), fragments kept only as mentions of a longer name.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from tradenews.components import make_entity, org_spans
from tradenews.components.countries import Hit
from tradenews.lexicon import org_names, places


class Found:
    """The organizations of one document: first mention and count per (name, country)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.hits: dict[tuple[str, str], Hit] = {}
        self.covered: list[tuple[int, int]] = []
        self._sorted: list[tuple[int, int]] = []  # covered, in order (see overlaps)
        self._longest = 0
        self.fragments: set[tuple[str, str]] = set()

    def add(self, name: str, country: str, start: int, end: int, fragment: bool = False) -> None:
        """One mention; a `fragment` (a lone everyday word) is kept only as another
        mention of a longer name of the document."""
        self.covered.append((start, end))
        key = (name, country)
        if key in self.hits:
            self.hits[key].mentions += 1
            if not fragment:
                self.fragments.discard(key)  # this mention shows it is a name
        else:
            self.hits[key] = Hit(self.text[start:end], start, end)
            if fragment:
                self.fragments.add(key)

    def _merge(self, short: tuple[str, str], long: tuple[str, str]) -> None:
        """Count `short`'s mentions under `long`, located at the first of both."""
        gone, kept = self.hits.pop(short), self.hits[long]
        kept.mentions += gone.mentions
        if gone.start < kept.start:
            kept.text, kept.start, kept.end = gone.text, gone.start, gone.end

    def _merge_short_forms(self) -> None:
        """ "Nortek Inc" ... "Nortek", "OPEC" for its long name: one record, the long name."""
        keys = sorted(self.hits, key=lambda k: len(k[0]))
        could_be = _short_form_candidates([name for name, _ in keys])
        for i, short in enumerate(keys):
            for long in (keys[j] for j in sorted(could_be(i), reverse=True)):
                if long not in self.hits or short not in self.hits:
                    continue
                if short[1] and long[1] and short[1] != long[1]:
                    continue
                if org_names.same_body(short[0], long[0]):
                    self._merge(short, long)
                    self.fragments.discard(short)
                    break

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span taken already. The spans are kept in
        order, so only those starting less than the longest span before `start` are
        read (a scan of all per name made a document with thousands quadratic)."""
        for s, e in self.covered[len(self._sorted) :]:  # taken since the last call
            bisect.insort(self._sorted, (s, e))
            self._longest = max(self._longest, e - s)
        lo = bisect.bisect_left(self._sorted, (start - self._longest,))
        hi = bisect.bisect_left(self._sorted, (end,))
        return any(start < e for _, e in self._sorted[lo:hi])

    def _merge_defined_short_forms(self) -> None:
        """ "Cassa di Risparmio di Calabria e Lucania (Carical)": "Carical" is that bank."""
        by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in self.hits:
            by_name[key[0].casefold()].append(key)
        for key in list(self.hits):
            if key not in self.hits:
                continue
            short = org_spans.defined_short_form(self.text, self.hits[key].end).casefold()
            if not short:
                continue
            for other in [k for k in by_name[short] if k in self.hits and k != key]:
                self._merge(other, key)
                self.fragments.discard(other)

    def _merge_national_forms(self) -> None:
        """ "Turkish Constitutional Court" and "Constitutional Court of Turkey": one body of
        one country, named with its adjective or its "of" phrase."""
        by_body: dict[tuple[str, str], tuple[str, str]] = {}
        for key in sorted(self.hits, key=lambda k: self.hits[k].start):
            body = places.without_country(key[0])
            if not key[1] or body == key[0] and " " not in body:
                continue
            other = by_body.get((body, key[1]))
            if other is None:
                by_body[(body, key[1])] = key
            elif other in self.hits and key in self.hits:
                self._merge(key, other)

    def records(self) -> list[dict[str, Any]]:
        """ "South Korea's Democratic Party ... the Democratic Party": one body, one country."""
        found = self.hits
        with_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in found:
            if key[1]:
                with_country[key[0]].append(key)
        for name, country in [k for k in found if not k[1]]:
            others = with_country[name]
            if len(others) == 1:
                self._merge((name, country), others[0])
        self._merge_defined_short_forms()
        self._merge_national_forms()
        self._merge_short_forms()
        for key in self.fragments & found.keys():
            del found[key]
        return [
            make_entity(
                "organization",
                name,
                hit.text,
                hit.start,
                hit.end,
                country=country,
                mentions=hit.mentions,
            )
            for (name, country), hit in found.items()
        ]


def _short_form_candidates(names: list[str]) -> Callable[[int], set[int]]:
    """For the i-th name, the later names it may be a short form of (``same_body``):
    the same name, a name it ends ("Parliament"), one it is the acronym of, or one whose
    core holds every word of its core. Comparing only those keeps a document with
    thousands of names from costing their square."""
    by_name: dict[str, set[int]] = defaultdict(set)
    by_last: dict[str, set[int]] = defaultdict(set)
    by_acronym: dict[str, set[int]] = defaultdict(set)
    by_word: dict[str, set[int]] = defaultdict(set)
    cores = []
    for j, name in enumerate(names):
        by_name[name].add(j)
        by_last[name.rsplit(" ", 1)[-1]].add(j)
        national = re.sub(r"^(?:[A-Z]\.){2,}\s+", "", name)
        for acronym in {org_names.acronym_of(name), org_names.acronym_of(national)} - {""}:
            by_acronym[acronym].add(j)
        cores.append(org_names.core(name).split())
        for word in cores[-1]:
            by_word[word].add(j)

    def could_be(i: int) -> set[int]:
        name = names[i]
        found = set(by_name[name])
        if " " not in name:
            found |= by_last.get(name, set())
        if 2 <= len(name) <= 6 and name.isalpha():
            found |= by_acronym.get(name.upper(), set())
        if cores[i]:
            postings = sorted((by_word[w] for w in set(cores[i])), key=len)
            found |= {j for j in postings[0] if all(j in p for p in postings[1:])}
        return {j for j in found if j > i}

    return could_be

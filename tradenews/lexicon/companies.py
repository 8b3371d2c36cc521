"""Companies the stock-market indices list: evidence that a one-word name is a company.

``pytickersymbols`` ships the members of twenty indices (S&P 500, Nasdaq 100, Dow Jones,
FTSE 100, DAX, CAC 40, Nikkei 225, Euro Stoxx 50 and more: about 1,800 companies) as
package data. A name the model calls an organization that is one of them, written as
news writes it ("Apple" for "Apple Inc.", "Volkswagen" for "Volkswagen Group"), is a
company even where the sentence says nothing more ("tariffs on Apple and Samsung").
This is evidence for a name already found, never a pattern searched in the text:
"Shell" and "Amazon" are also words and places.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tradenews.lexicon.org_names import without_legal_form
from tradenews.lexicon.words import is_common

# Second words a listed company's name drops in news ("Volkswagen Group" -> "Volkswagen").
_GENERIC = frozenset(
    "group holdings holding platforms motor motors corporation company industries "
    "international financial technologies systems brands".split()
)


def is_listed_company(name: str) -> bool:
    """Whether `name` is how news names a company of a major stock index."""
    return name.casefold() in _short_names()


@lru_cache(maxsize=1)
def _short_names() -> frozenset[str]:
    from pytickersymbols import PyTickerSymbols

    names: set[str] = set()
    for stock in PyTickerSymbols().get_all_stocks():
        full = re.sub(r"[,.]+$", "", stock["name"]).strip()
        base = without_legal_form(full).strip(" ,.")
        names.add(base.casefold())
        words = base.split()
        if len(words) == 2 and words[1].casefold() in _GENERIC and not is_common(words[0], 5.0):
            names.add(words[0].casefold())  # "Volkswagen Group" -> "Volkswagen"
    return frozenset(n for n in names if n)

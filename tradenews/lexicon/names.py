"""The one way names and words are folded for lookups and comparisons.

``fold`` is the word-level form used for every lexicon lookup (case, accents and
dots folded, hyphens kept so "Landau-Misri" can still be split into its parts);
``name_key`` is the name-level form two spellings of one name share: it also
treats dots and hyphens as word breaks, so "George H.W. Bush" meets
"George H. W. Bush" and "Jean-Claude Juncker" meets "Jean Claude Juncker".
"""

from __future__ import annotations

import unicodedata

HYPHENS = ("-", "\u2010", "\u2011")
# Letters with no decomposition that English copy writes as their base letter
# ("Yildirim" for "Yıldırım", "Walesa" for "Wałęsa", "Ostergaard" for "Østergaard").
BASE_LETTERS = str.maketrans(
    {"\u0131": "i", "\u0142": "l", "\u00f8": "o", "\u0111": "d", "\u00e6": "ae", "\u0153": "oe"}
)


def fold(text: str) -> str:
    """Case-, accent- and dot-insensitive form of a word or phrase (hyphens kept)."""
    # case-folded before and after the accents go: some letters only fold to their
    # base form first (U+0345 -> iota), some decompose into capitals (U+2121 -> TEL)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(BASE_LETTERS)
    return text.casefold().replace(".", "").replace("\u2019", "'")


def name_key(name: str) -> str:
    """Form shared by every spelling of one name: folded, with dots, hyphens and
    runs of spaces read as single word breaks."""
    for mark in (".", *HYPHENS):
        name = name.replace(mark, " ")
    return " ".join(fold(name).split())

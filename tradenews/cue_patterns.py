"""The cue pattern compiler: a taxonomy's cue phrases as word-sequence matchers.

Kept apart from loading (tradenews.taxonomy) so the matcher and the validator share
one definition of the syntax without the matcher depending on YAML.

Cue pattern syntax (matched on lower-cased words, ignoring punctuation between them):

- ``tariff``: the word and its inflections (tariffs; levy -> levies, levied, levying)
- ``market access``: words in sequence; a space also matches a hyphen
- ``anti-dumping``: a hyphen matches a hyphen, a space, or nothing (antidumping)
- ``tariff*``: any word starting with ``tariff``
- ``=arms``: exactly this word, no inflection
- ``ban on ... imports``: ``...`` stands for up to three other words (same sentence)
"""

from __future__ import annotations

import functools
import re

# A pattern word: letters/digits, optional leading '=' (exact) or trailing '*' (prefix).
WORD_RE = re.compile(r"^(=)?([^\W_]+)(\*)?$")
VOWELS = set("aeiou")

# One element of a compiled pattern: a set of accepted word forms, a prefix (str), or
# None for a gap of up to GAP_WORDS words ("...").
Element = frozenset[str] | str | None
GAP_WORDS = 3


class _AnyNumber(frozenset[str]):
    """The pattern word ``<number>``: any word that starts with a digit (7, 1987, 25th)."""

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word[:1].isdigit()

    def __repr__(self) -> str:
        return "<number>"


NUMBER = _AnyNumber()


def inflections(word: str) -> frozenset[str]:
    """Plural and verb forms of a base word (over-generation is harmless for matching)."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if len(word) > 2 and word.endswith("y") and word[-2] not in VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) > 2 and word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if (
        len(word) >= 3
        and word[-1] not in VOWELS | set("wxy")
        and word[-2] in VOWELS
        and word[-3] not in VOWELS
        and word.isalpha()
    ):  # ban -> banned, banning; cap -> capped
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


def compile_pattern(pattern: str) -> list[tuple[Element, ...]]:
    """Turn a cue pattern into its word-sequence variants (hyphens give joined variants).

    Raises ValueError with a short reason for a malformed pattern.
    """
    return list(_compiled(pattern))


@functools.lru_cache(maxsize=8192)
def _compiled(pattern: str) -> tuple[tuple[Element, ...], ...]:
    """compile_pattern, remembered: validation, matcher and cue weights all compile each cue."""
    text = pattern.strip().lower().replace("\u2019", "'")
    if not text:
        raise ValueError("empty pattern")
    text = re.sub(r"['\u2019]s\b", "", text)  # possessives are ignored in the text as well
    text = text.replace("&", " ")  # "S&P" is the words "s" and "p", as in the text
    chunks = text.split()
    variants: list[list[str]] = [[]]
    for chunk in chunks:
        if chunk == "...":
            variants = [v + [chunk] for v in variants]
            continue
        parts = [p for p in re.split(r"[-\u2010-\u2014/]", chunk) if p != "'"]
        parts = [p.strip(".,;:'\"()") for p in parts]
        if any(not p for p in parts):
            raise ValueError(f"malformed word {chunk!r}")
        if len(parts) == 1:
            variants = [v + parts for v in variants]
        else:  # a hyphenated word: split, or written as one word
            joined = "".join(p.lstrip("=").rstrip("*") for p in parts)
            if parts[0].startswith("="):
                joined = "=" + joined
            if parts[-1].endswith("*"):
                joined += "*"
            variants = [v + parts for v in variants] + [v + [joined] for v in variants]
    compiled = []
    for words in variants:
        elements: list[Element] = []
        for w in words:
            if w == "<number>":
                elements.append(NUMBER)
                continue
            if w == "...":
                if not elements or elements[-1] is None:
                    raise ValueError("'...' must stand between two words")
                elements.append(None)
                continue
            m = WORD_RE.match(w)
            if not m:
                raise ValueError(f"bad word {w!r} (letters and digits, optional '=' or '*')")
            exact, stem, star = m.groups()
            if exact and star:
                raise ValueError(f"word {w!r} cannot be both exact '=' and prefix '*'")
            if star:
                if len(stem) < 3:
                    raise ValueError(f"prefix {w!r} is too short (3 letters at least)")
                elements.append(stem)
            elif exact:
                elements.append(frozenset({stem}))
            else:
                elements.append(inflections(stem))
        if elements and elements[-1] is None:
            raise ValueError("'...' must stand between two words")
        compiled.append(tuple(elements))
    return tuple(compiled)

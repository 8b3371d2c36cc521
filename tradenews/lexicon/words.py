"""How common an English word is (``wordfreq``): evidence that a capitalized word is a
word of the language ("Nominal", "Countries", "Outlook") rather than a name.

wordfreq's English list loads once per process (about 0.2 s CPU); a lookup is a
dictionary access.
"""

from __future__ import annotations

from functools import lru_cache

# Zipf frequency (log10 per billion words) from which a word counts as common:
# "declares" 3.7, "ketchup" 3.5, "nominal" 3.6; rare names stay below ("Yeutter" 0).
COMMON_ZIPF = 3.3


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def is_common(word: str, threshold: float = COMMON_ZIPF) -> bool:
    """A word of everyday English (case-insensitive)."""
    return zipf(word.casefold()) >= threshold

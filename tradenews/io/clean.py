"""Text hygiene: what the analysis cannot take is fixed here, once, for every reader.

- stray control characters (a newswire's \\x03 end-of-text mark) become spaces;
- lone surrogates (a JSON "\\ud800" escape) become U+FFFD, and the document says so:
  spaCy's string store and every UTF-8 writer refuse them;
- pathological runs are broken up, because spaCy's tokenizer strips prefixes and
  suffixes one at a time, in time quadratic in a token's length (40,000 "&" in a
  row took minutes): a run of more than RUN_MAX punctuation or symbol characters
  keeps its first RUN_MAX and the rest become spaces, and a token longer than
  TOKEN_MAX characters gets a space every TOKEN_MAX characters. Article prose
  never has either, so ordinary text is left as it is.
"""

from __future__ import annotations

import re

STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

#: Longest run of punctuation/symbols kept as written ("=====", "!!!", "...").
RUN_MAX = 32
#: Longest run of non-space characters handed to the tokenizer in one piece.
TOKEN_MAX = 200

# Both rules act inside runs of non-space characters longer than RUN_MAX, so one scan
# for those (rare in prose) is all ordinary text costs.
_CANDIDATE = re.compile(rf"\S{{{RUN_MAX + 1},}}")
_PUNCT_RUNS = (  # two patterns: an alternation makes the scan twice as slow
    re.compile(rf"[^\w\s]{{{RUN_MAX + 1},}}"),
    re.compile(rf"_{{{RUN_MAX + 1},}}"),
)
_LONG_TOKEN = re.compile(rf"\S{{{TOKEN_MAX + 1},}}")


def replace_surrogates(text: str) -> tuple[str, int]:
    """(text with lone surrogates replaced by U+FFFD, how many there were)."""
    try:
        text.encode("utf-8")  # fast for the usual text, which has none
    except UnicodeEncodeError:
        return _SURROGATE.subn("\ufffd", text)
    return text, 0


def tame_runs(text: str) -> str:
    """Break the runs that make tokenizing quadratic; other text is returned unchanged."""
    if not _CANDIDATE.search(text):
        return text
    return _CANDIDATE.sub(_tame, text)


def _tame(m: re.Match[str]) -> str:
    token = m[0]
    for run in _PUNCT_RUNS:
        token = run.sub(lambda r: r[0][:RUN_MAX] + " " * (len(r[0]) - RUN_MAX), token)
    return _LONG_TOKEN.sub(_split_token, token) if len(token) > TOKEN_MAX else token


def _split_token(m: re.Match[str]) -> str:
    token = m[0]
    return " ".join(token[i : i + TOKEN_MAX] for i in range(0, len(token), TOKEN_MAX))

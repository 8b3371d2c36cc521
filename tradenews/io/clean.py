"""Text hygiene: what the analysis cannot take is fixed here, once, for every reader.

- stray control characters (a newswire's \\x03 end-of-text mark) become spaces;
- lone surrogates (a JSON "\\ud800" escape) become U+FFFD, and the document says so:
  spaCy's string store and every UTF-8 writer refuse them;
- pathological runs are broken up, because spaCy's tokenizer strips prefixes and
  suffixes one at a time, in time quadratic in a token's length (40,000 "&" in a
  row took minutes): a run of more than RUN_MAX punctuation or symbol characters
  keeps its first RUN_MAX and the rest become spaces, and a token longer than
  TOKEN_MAX characters gets a space every TOKEN_MAX characters. Article prose
  never has either, so ordinary text is left as it is;
- hard-wrapped copy (wire stories, plain-text exports broken at a fixed width) has
  its line breaks inside paragraphs turned into spaces, same length, so a name
  broken across lines ("Organization of\nAmerican States") reads as one and
  offsets hold. A break is a wrap when its line fills most of the width and the
  next line starts flush; an indented or blank next line starts a paragraph, and
  text whose lines are long (one paragraph a line, as web pages give) has none.
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


#: Lines this long or longer are paragraphs, not a fixed width: no wrapping to undo.
WRAP_WIDTH_MAX = 100
#: A line shorter than this share of the width ended its paragraph (or is a table row).
WRAP_FILL = 0.6
_MIN_LINES = 3


def unwrap_lines(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs (same length; see the module doc)."""
    if text.count("\n") < _MIN_LINES:
        return text
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < _MIN_LINES:
        return text
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width >= WRAP_WIDTH_MAX or width < 30:
        return text
    out = []
    for line, following in zip(lines, lines[1:], strict=False):
        out.append(line)
        wrapped = (
            len(line.rstrip()) >= WRAP_FILL * width
            and following[:1].strip() != ""
            and not line.rstrip().endswith(":")
        )
        out.append(" " if wrapped else "\n")
    out.append(lines[-1])
    return "".join(out)


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

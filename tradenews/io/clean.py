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
  text whose lines are long (one paragraph a line, as web pages give) has none;
- invisible characters (soft hyphens, zero-width spaces, direction marks) and
  compatibility forms (fullwidth letters, ligatures) would split or hide a name:
  normalize_text() gives the text the model reads and the map of its offsets back to
  the text as given, which the records keep (see engine.runner).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

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


# ---------------------------------------------------------------------------
# what the model reads: invisible characters out, compatibility forms folded

#: Characters that change no word as shown but split one for the tokenizer and every
#: gazetteer: soft hyphen, zero-width space/non-joiner/joiner, direction marks and
#: embeddings, word joiner and invisible operators, isolates, Arabic letter mark, BOM.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: Zero-width (non-)joiners shape Arabic, Persian and Indic words and emoji: kept there.
_JOINERS = "\u200c\u200d"
#: Words (runs of non-space characters) holding a character outside ASCII.
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
_FULLWIDTH = range(0xFF00, 0xFFF0)


class OffsetMap:
    """Offsets in a normalized text -> offsets in the text it was made from.

    `edits` are (norm_start, norm_end, orig_start, orig_end), in order: the normalized
    text's [norm_start:norm_end] stands for the original's [orig_start:orig_end] (a
    removed character has norm_start == norm_end); between edits the texts agree.
    """

    __slots__ = ("edits", "_starts")

    def __init__(self, edits: list[tuple[int, int, int, int]]) -> None:
        self.edits = edits
        self._starts = [e[0] for e in edits]

    def __bool__(self) -> bool:
        return bool(self.edits)

    def start(self, pos: int) -> int:
        """Where a span starting at `pos` starts in the original (after removed characters)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        n0, n1, o0, o1 = self.edits[i]
        return o0 if pos < n1 else o1 + pos - n1

    def end(self, pos: int) -> int:
        """Where a span ending at `pos` ends in the original (before removed characters)."""
        i = bisect.bisect_left(self._starts, pos) - 1
        if i < 0:
            return pos
        n0, n1, o0, o1 = self.edits[i]
        return o1 if pos <= n1 else o1 + pos - n1


def normalize_text(text: str) -> tuple[str, OffsetMap]:
    """(the text the model reads, the map of its offsets back to `text`).

    Invisible characters go ("Lut\\u00adnick", "In\\u200bdia" -> "Lutnick", "India"):
    a name written with one is the name. Compatibility forms of letters and digits
    take their plain form (NFKC: fullwidth "Ｊａｐａｎ" -> "Japan", "ﬁ" -> "fi") and a
    letter with combining accents is composed ("e\\u0301" -> "é"). Symbols keep
    their form ("™", "½", "…"): NFKC would glue "TM" onto a brand. ASCII text, and
    text with nothing to change, is returned as it is without a per-character pass.
    """
    if text.isascii() or (not _INVISIBLE.search(text) and unicodedata.is_normalized("NFKC", text)):
        return text, OffsetMap([])
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = shift = 0  # shift: length of the normalized text so far minus the original's
    for m in _NON_ASCII_WORD.finditer(text):
        word = m[0]
        if not _INVISIBLE.search(word) and unicodedata.is_normalized("NFKC", word):
            continue
        for start, end, norm in _word_edits(word):
            o0, o1 = m.start() + start, m.start() + end
            pieces += (text[pos:o0], norm)
            edits.append((o0 + shift, o0 + shift + len(norm), o0, o1))
            shift += len(norm) - (o1 - o0)
            pos = o1
    if not edits:
        return text, OffsetMap([])
    pieces.append(text[pos:])
    return "".join(pieces), OffsetMap(edits)


def _word_edits(word: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of what changes in one word, in order."""
    edits = []
    i = 0
    while i < len(word):
        char = word[i]
        if _INVISIBLE.match(char):
            if char not in _JOINERS or i == 0 or ord(word[i - 1]) < 0x370:
                edits.append((i, i + 1, ""))
            i += 1
            continue
        end = i + 1
        while end < len(word) and unicodedata.combining(word[end]):
            end += 1
        cluster = word[i:end]
        if end - i > 1 or _folds(char):
            norm = unicodedata.normalize("NFKC", cluster)
            if norm != cluster and norm.isprintable() and not any(c.isspace() for c in norm):
                edits.append((i, end, norm))
        i = end
    return edits


def _folds(char: str) -> bool:
    """Whether NFKC may fold this character: letters, digits, fullwidth punctuation."""
    return unicodedata.category(char)[0] == "L" or char.isdecimal() or ord(char) in _FULLWIDTH

"""Text from outside made safe to show: control characters written as visible escapes.

File names, document ids and quoted text come from the inputs. Sent raw to a
terminal, an escape sequence would run there (set the window title, clear the
screen), a newline would forge a second message, and a bidi override would show
a name reversed. The one rule here serves stderr lines, table cells and
spreadsheet cells alike: such a character is written as its Python escape
(``\\x1b``, ``\\u202e``), so it stays visible and the text stays greppable.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, the line and paragraph separators, and the bidi
#: embeddings, overrides, isolates and marks.
_UNICODE_CONTROLS = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
UNSAFE = re.compile(rf"[\x00-\x1f{_UNICODE_CONTROLS}]")
#: The same, less newline and tab: a table cell may span lines.
UNSAFE_IN_CELL = re.compile(rf"[\x00-\x08\x0b-\x1f{_UNICODE_CONTROLS}]")


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def visible(text: str, unsafe: re.Pattern[str] = UNSAFE) -> str:
    """`text` with every character `unsafe` matches written as its escape."""
    return unsafe.sub(_escape, text)


def printable(line: str) -> str:
    """One stderr line made safe: every control character shown as an escape."""
    return visible(line, UNSAFE)

"""Hard-wrapped copy: line breaks inside a paragraph become spaces, nothing else moves."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from tradenews.io.clean import unwrap_lines

PARAGRAPHS = [
    "The president of an Organization of American States committee on trade said the "
    "region should not pay for a deficit it did not cause, and asked for talks.",
    "Officials of the Indonesian Petroleum Association said output would rise next "
    "year if prices held, according to a statement issued in the capital.",
]


def wire(paragraphs: list[str], width: int = 64) -> str:
    """Paragraphs as a wire service sends them: wrapped, each indented four spaces."""
    return "\n".join("    " + textwrap.fill(p, width=width - 4) for p in paragraphs).lstrip()


def test_wrapped_paragraphs_are_joined_and_indents_start_paragraphs() -> None:
    text = wire(PARAGRAPHS)
    joined = unwrap_lines(text)
    assert len(joined) == len(text)
    assert "Organization of American States" in joined
    assert "Indonesian Petroleum Association" in joined
    assert joined.count("\n") == 1  # the paragraph break stays
    assert joined.split("\n")[1].startswith("    Officials")


def test_short_lines_and_tables_keep_their_breaks() -> None:
    text = (
        wire(PARAGRAPHS)
        + "\n    Shr 1.20 dlrs vs 1.10 dlrs\n    Net 12.3 mln vs 10.1 mln\nRevs 80 mln"
    )
    joined = unwrap_lines(text)
    assert joined.endswith("Shr 1.20 dlrs vs 1.10 dlrs\n    Net 12.3 mln vs 10.1 mln\nRevs 80 mln")


def test_a_line_ending_in_a_colon_introduces_what_follows() -> None:
    text = (
        wire(PARAGRAPHS[:1])
        + "\nThe following companies were named in the report on Tuesday:\nAcme Corp"
    )
    assert unwrap_lines(text).endswith("Tuesday:\nAcme Corp")


def test_one_paragraph_a_line_is_left_alone() -> None:
    """Web pages and feeds: each line is a whole paragraph, longer than any wrap width."""
    text = "Header Image\n" + "\n".join(p + " " + p for p in PARAGRAPHS) + "\nShare this"
    assert unwrap_lines(text) == text


def test_short_text_is_left_alone() -> None:
    assert unwrap_lines("Trade talks\nresume on Monday") == "Trade talks\nresume on Monday"


@given(st.text(alphabet=st.sampled_from("ab \n"), max_size=400))
def test_only_newlines_change_and_lengths_hold(text: str) -> None:
    joined = unwrap_lines(text)
    assert len(joined) == len(text)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(text, joined, strict=True))

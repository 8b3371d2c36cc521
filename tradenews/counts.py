"""Counts in messages: "1 document", "1,204 documents" (one rule for every message)."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun, singular for exactly one: ``counted(1, "document")``."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"

"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The full tradenews pipeline (model + all our components)."""
    import tradenews

    return tradenews.load()

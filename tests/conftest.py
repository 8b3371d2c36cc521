"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import pytest
from hypothesis import settings

# Property tests judge correctness, not speed: no per-example deadline, so a slow or
# busy CI machine cannot turn them flaky.
settings.register_profile("tradenews", deadline=None)
settings.load_profile("tradenews")


@pytest.fixture
def hang_guard():
    """`with hang_guard(seconds):` fails the test instead of hanging when the block runs
    far longer than it can (a guard against quadratic paths, not a timing)."""
    import signal
    from contextlib import contextmanager

    @contextmanager
    def guard(seconds: int):
        def expire(signum, frame):
            raise TimeoutError(f"still running after {seconds} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return guard


@pytest.fixture(scope="session")
def nlp():
    """The full tradenews pipeline (model + all our components)."""
    import tradenews

    return tradenews.load()


@pytest.fixture(autouse=True, scope="session")
def private_cache_dir(tmp_path_factory):
    """Tests never read or write the user's real results cache."""
    import os

    old = os.environ.get("TRADENEWS_CACHE_DIR")
    os.environ["TRADENEWS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("TRADENEWS_CACHE_DIR", None)
    else:
        os.environ["TRADENEWS_CACHE_DIR"] = old


_builds: dict[tuple, object] = {}


@pytest.fixture
def reuse_pipelines(monkeypatch):
    """Build each distinct pipeline once for the whole session (model loading is slow)."""
    import tradenews.engine.model
    import tradenews.engine.pipeline

    real_build = tradenews.engine.pipeline.build

    def cached_build(model=None, components=tradenews.engine.model.ALL_COMPONENTS, *a, **kw):
        key = (model, tuple(components), a, tuple(sorted(kw.items())))
        if key not in _builds:
            _builds[key] = real_build(model, components, *a, **kw)
        return _builds[key]

    monkeypatch.setattr(tradenews.engine.pipeline, "build", cached_build)


@pytest.fixture(scope="session")
def seed_officials() -> dict[str, str]:
    """The seed article's officials (README), with the country each serves."""
    return {
        "Christopher Landau": "USA",
        "Vikram Misri": "IND",
        "Tammy Bruce": "USA",
        "Donald Trump": "USA",
        "Piyush Goyal": "IND",
        "Jamieson Greer": "USA",
        "Scott Bessent": "USA",
        "Howard Lutnick": "USA",
    }

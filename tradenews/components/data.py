"""Data files of a component: loaded in ``initialize()``, saved and loaded with the pipeline.

A component names its files in ``DATA_FILES`` (key -> file name in the package's
``data/`` directory). ``initialize()`` reads the package's files unless a path is
given for a key (from the factory config or ``[initialize.components]``); the texts
are kept as read, written by ``to_disk`` under the component's directory and read
back by ``from_disk``, so ``nlp.to_disk(d)`` then ``spacy.load(d)`` needs neither the
original files nor this package's data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import srsly  # type: ignore[import-untyped]

from tradenews.components import register_extensions


def package_text(filename: str) -> str:
    """A data file shipped with the package."""
    return resources.files("tradenews").joinpath(f"data/{filename}").read_text(encoding="utf-8")


class DataComponent:
    """Mixin: ``texts`` (key -> file text) loaded once, then compiled by ``_load``."""

    DATA_FILES: ClassVar[dict[str, str]] = {}

    texts: dict[str, str]
    # Files the factory config names (key -> path or None for the package's file).
    paths: dict[str, str | None]

    def _init_data(self, name: str, **paths: str | None) -> None:
        """Name the component and keep the data files its config names; load nothing yet."""
        register_extensions()
        self.name = name
        self.paths = dict(paths)
        self.texts = {}

    def _load(self, texts: dict[str, str]) -> None:
        """Compile the data (each component's own)."""
        raise NotImplementedError

    def _load_files(self, paths: Mapping[str, str | Path | None]) -> None:
        """Read each data file from `paths` when named there, else from the package."""
        texts = {}
        for key, filename in self.DATA_FILES.items():
            path = paths.get(key) or getattr(self, "paths", {}).get(key)
            texts[key] = Path(path).read_text(encoding="utf-8") if path else package_text(filename)
        self.texts = texts
        self._load(texts)

    def ensure_loaded(self) -> None:
        """Added to a pipeline without ``nlp.initialize()``: the package's data."""
        if not getattr(self, "texts", None):
            self.initialize()

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, **paths: Any) -> None:
        """Load the data: files named here, else in the config, else the package's."""
        unknown = set(paths) - set(self.DATA_FILES)
        if unknown:
            raise TypeError(f"unknown data file option(s): {', '.join(sorted(unknown))}")
        self._load_files(paths)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        self.ensure_loaded()
        return bytes(srsly.msgpack_dumps(self.texts))

    def use_texts(self, texts: Mapping[str, str]) -> None:
        """Load the data from texts already read (a file's content sent from elsewhere)."""
        self.texts = dict(texts)
        self._load(self.texts)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> DataComponent:
        self.use_texts(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.ensure_loaded()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for key, filename in self.DATA_FILES.items():
            (path / filename).write_text(self.texts[key], encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DataComponent:
        path = Path(path)
        texts = {
            key: (path / filename).read_text(encoding="utf-8")
            for key, filename in self.DATA_FILES.items()
        }
        self.texts = texts
        self._load(texts)
        return self

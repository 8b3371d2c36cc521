"""The pipeline fingerprint: everything besides a document that decides its results.

It goes into every cache key, so a changed rule, lexicon, taxonomy, model or config
invalidates cached results even without a version bump. Two ways to compute it:

- for a pipeline about to be built (the command line), without importing spaCy: the
  components' configs, the bytes of every file a config names (``--taxonomy``), the
  package's data directory (what each component loads by default in ``initialize``)
  and the package's code;
- for a loaded ``Language`` (the library): each pipe's config and, for our
  components, the bytes their ``to_bytes`` saves (the data they loaded).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradenews import __version__

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def digest(blob: Any) -> str:
    """SHA-256 of a JSON-able description (key order does not matter)."""
    text = json.dumps(blob, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _tree_digest(files: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Hash of the package's code (catches edited rules without a version bump)."""
    return _tree_digest(PACKAGE_DIR.rglob("*.py"))


@lru_cache(maxsize=1)
def package_data_digest() -> str:
    """Hash of the package data the components load when their config names no file."""
    return _tree_digest(p for p in (PACKAGE_DIR / "data").rglob("*") if p.is_file())


def file_digest(path: str | None, contents: Mapping[str, bytes] | None = None) -> str | None:
    """Hash of a file a config names (None for no file), or of its content as shipped."""
    if not path:
        return None
    if contents and path in contents:
        return hashlib.sha256(contents[path]).hexdigest()
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{path}"


def spacy_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spacy")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def describe_planned(
    model: list[Any],
    model_pipes: list[str],
    configs: dict[str, dict[str, Any]],
    contents: Mapping[str, bytes] | None = None,
) -> dict[str, Any]:
    """A pipeline not built yet: the model, its pipes we keep, our components' configs.

    `contents` holds the bytes of files read already (shipped to a worker): those
    are hashed as they are, not read again from a path that may not exist here."""
    files = {
        f"{name}.{key}": file_digest(value, contents)
        for name, config in configs.items()
        for key, value in config.items()
        if isinstance(value, str)
    }
    return {
        "tradenews": __version__,
        "code": code_digest(),
        "data": package_data_digest(),
        "spacy": spacy_version(),
        "model": model,
        "model_pipes": model_pipes,
        "components": [[name, config] for name, config in configs.items()],
        "files": files,
    }


def describe_loaded(nlp: Language) -> dict[str, Any]:
    """A loaded Language: every pipe's config, and our components' saved data."""
    configs: dict[str, Any] = {}
    saved: dict[str, str] = {}
    for name, pipe in nlp.pipeline:
        config = dict(nlp.get_pipe_config(name))
        configs[name] = config
        if str(config.get("factory", "")).startswith("tradenews_") and hasattr(pipe, "to_bytes"):
            saved[name] = hashlib.sha256(pipe.to_bytes()).hexdigest()
    return {
        "tradenews": __version__,
        "code": code_digest(),
        "spacy": spacy_version(),
        "model": [nlp.meta.get("lang"), nlp.meta.get("name"), nlp.meta.get("version")],
        "pipes": list(nlp.pipe_names),
        "configs": configs,
        "saved": saved,
    }

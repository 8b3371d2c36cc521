"""Streams documents through the pipeline: cache lookups, windows, worker processes.

:func:`analyze` is the one streaming entry point. It reads documents lazily,
looks them up in the cache in batches, sends only the misses through
``nlp.pipe`` (in worker processes with ``n_process > 1``), splits documents
longer than ``nlp.max_length`` and merges their parts, and yields
``(Document, results)`` in input order as soon as each is ready.
"""

from __future__ import annotations

import contextlib
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from tradenews.document import Document
from tradenews.engine.chunks import split_text
from tradenews.engine.pipeline import Pipeline
from tradenews.engine.watch import MAX_ATTEMPTS, Failed, WorkerWatch, quiet_worker_warnings
from tradenews.io.clean import OffsetMap, normalize_text
from tradenews.lexicon.headlines import article_text
from tradenews.records import RESULT_KEYS, Results, merge_parts, restore_offsets

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from tradenews.engine.cache import ResultCache

# Throughput is flat from 16 to 64 docs per batch with the small CPU model, but peak
# memory grows with the batch (padded activations): 16 keeps a worker near 250 MB.
DEFAULT_BATCH_SIZE = 16
# Documents per cache lookup / per nlp.pipe call in one process.
WINDOW = 256
# Text per memory zone (one process) and per worker-process stream (n_process > 1):
# bounds vocabulary growth to what a few thousand news articles add (~15 MB).
ZONE_CHARS = 4_000_000
STREAM_CHARS = 16_000_000
# Text per batch: a batch is DEFAULT_BATCH_SIZE documents or this many characters,
# whichever comes first (news articles: the count; long documents: the characters).
BATCH_CHARS = 100_000
_T = TypeVar("_T")


def make_doc(nlp: Language, document: Document) -> Doc:
    """Tokenize a document (normalized: see :func:`normalize_text`) and attach its
    publication date for the components."""
    text, _ = normalize_text(analyzed_text(document))
    return _make_doc(nlp, text, document_dct(document))


def analyzed_text(document: Document) -> str:
    """Headline and body: records' offsets count from here. The components read it
    normalized (invisible characters out, compatibility forms folded); :func:`analyze`
    maps their offsets back."""
    return article_text(document.title, document.text)


def _make_doc(nlp: Language, text: str, dct: str | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return doc


def document_key(fingerprint: str, document: Document) -> bytes:
    """The results-cache key of a document under a pipeline fingerprint."""
    from tradenews.engine.cache import cache_key

    return cache_key(fingerprint, analyzed_text(document), document_dct(document))


def document_dct(document: Document) -> str | None:
    """The publication date the components read (``doc._.dct``), as ISO text."""
    return document.date.isoformat() if document.date else None


def results_of(doc: Doc) -> Results:
    """The plain-data extraction results of an analyzed doc (what gets cached and rendered)."""
    return {key: list(getattr(doc._, key) or []) for key in RESULT_KEYS}


# --------------------------------------------------------------------------- analyze


class _Entry:
    """One input document on its way through: its cache key, parts and results."""

    __slots__ = ("document", "key", "results", "parts", "done", "attempts", "offsets")

    def __init__(self, document: Document, key: bytes | None, results: Results | None) -> None:
        self.document = document
        self.key = key
        self.results = results
        self.parts: list[tuple[int, str]] = []  # (offset, text) still to analyze
        self.done: list[tuple[int, Results]] = []
        self.attempts = 0  # worker deaths while this document was in flight
        self.offsets = OffsetMap([])  # normalized text -> analyzed_text()


def analyze(
    nlp: Language | Pipeline,
    documents: Iterable[Document],
    *,
    batch_size: int | None = None,
    n_process: int = 1,
    cache: ResultCache | None = None,
    scheduler: str | None = None,
) -> Iterator[tuple[Document, Results]]:
    """Yield ``(document, results)`` for every document, in input order, streaming.

    ``nlp`` is a :class:`Pipeline` (loaded only if some document misses the cache)
    or a loaded Language. Memory stays flat however long the input: documents are
    read as they are needed and each is yielded as soon as its results are known.
    With a `scheduler` (a Dask address, or ``"local"`` for a LocalCluster of
    `n_process` workers) the analysis runs on that cluster (:mod:`.cluster`).
    """
    pipeline = nlp if isinstance(nlp, Pipeline) else Pipeline.from_nlp(nlp)
    if scheduler:
        yield from _on_cluster(pipeline, documents, scheduler, n_process, cache)
        return
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


def _on_cluster(
    pipeline: Pipeline,
    documents: Iterable[Document],
    scheduler: str,
    n_workers: int,
    cache: ResultCache | None,
) -> Iterator[tuple[Document, Results]]:
    from tradenews.engine.address import parse_scheduler

    scheduler = parse_scheduler(scheduler)  # a BadAddress before any connection
    try:
        from tradenews.engine.cluster import analyze_on_cluster
    except ImportError:
        from tradenews.engine.model import ClusterUnavailable

        raise ClusterUnavailable(
            '--scheduler needs Dask; install it with: pip install "tradenews[dask]"'
        ) from None
    yield from analyze_on_cluster(
        pipeline, documents, scheduler=scheduler, n_workers=n_workers, cache=cache
    )


def _windows(
    documents: Iterator[Document], cache: ResultCache | None, fingerprint: str, size: int
) -> Iterator[list[_Entry]]:
    """Documents in lists of `size`, each looked up in the cache in one query."""
    while True:
        block = list(islice(documents, size))
        if not block:
            return
        if cache is None:
            yield [_Entry(d, None, None) for d in block]
            continue
        keys = [document_key(fingerprint, d) for d in block]
        found = cache.get_many(keys)
        yield [_Entry(d, k, found.get(k)) for d, k in zip(block, keys, strict=True)]


def _chain_first(first: list[_Entry], rest: Iterator[list[_Entry]]) -> Iterator[list[_Entry]]:
    yield first
    yield from rest


def _prepare(nlp: Language, entry: _Entry) -> None:
    """Normalize a miss and split it into parts short enough for the model (most have
    one part)."""
    text, entry.offsets = normalize_text(analyzed_text(entry.document))
    entry.parts = list(split_text(text, nlp.max_length))


def _finish(entry: _Entry) -> None:
    """The parts' results as one, offsets counted in the text as given (then cached)."""
    results = merge_parts(entry.done)
    if entry.offsets:
        results = restore_offsets(results, entry.offsets, analyzed_text(entry.document))
    entry.results = results
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
    parts = ((e, offset, text) for e in misses for offset, text in e.parts)
    for batch in char_batches(parts, batch_size, BATCH_CHARS, lambda p: len(p[2])):
        inputs = (
            (_make_doc(nlp, text, document_dct(e.document)), (e, offset))
            for e, offset, text in batch
        )
        for doc, (entry, offset) in nlp.pipe(inputs, as_tuples=True, batch_size=len(batch)):
            entry.done.append((offset, results_of(doc)))
            if len(entry.done) == len(entry.parts):
                _finish(entry)


def char_batches(
    items: Iterable[_T], size: int, max_chars: int, length: Callable[[_T], int]
) -> Iterator[list[_T]]:
    """Batches of at most `size` items and, past the first item, `max_chars` characters.

    The model's peak memory follows the text of a batch, not its count: sixteen
    articles cost little, sixteen 100,000-character parts several gigabytes."""
    batch: list[_T] = []
    chars = 0
    for item in items:
        n = length(item)
        if batch and (len(batch) >= size or chars + n > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += n
    if batch:
        yield batch


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
    If a worker dies, the documents not yet analyzed go to fresh workers (see
    :mod:`~tradenews.engine.watch`); one that was in flight at two deaths is skipped.
    """
    stream = _WorkerStream(nlp, iter(windows), batch_size)
    finished: list[_Entry] = []
    with _worker_setup(nlp), quiet_worker_warnings():
        try:
            while not stream.exhausted or stream.backlog:
                with WorkerWatch(stream.position, batch_size, n_process) as watch:
                    docs = nlp.pipe(stream.feed(), batch_size=batch_size, n_process=n_process)
                    try:
                        for doc in docs:
                            entry = stream.received(doc)
                            if entry is not None:
                                finished.append(entry)
                                if len(finished) >= 64:
                                    _store(cache, finished)
                                    finished.clear()
                            yield from stream.ready()
                    except Exception:
                        if watch.died is None:
                            raise
                        stream.worker_died(watch.cause, watch.culprit)
                yield from stream.ready()
        finally:
            _store(cache, finished)


class _WorkerStream:
    """The bookkeeping of a worker run: what was sent, what came back, what is ready."""

    def __init__(self, nlp: Language, source: Iterator[list[_Entry]], batch_size: int) -> None:
        self.nlp = nlp
        self.source = source
        self.batch_size = batch_size
        self.pending: deque[_Entry] = deque()
        self.inflight: deque[tuple[_Entry, int] | None] = deque()
        self.backlog: list[_Entry] = []
        self.exhausted = False
        self._sent = 0  # items sent in this stream (texts and placeholders)
        self._batch_chars = 0

    def feed(self) -> Iterator[str]:
        """Texts for one stream: first the backlog of a dead one, then new windows."""
        self._sent = self._batch_chars = 0
        backlog, self.backlog = self.backlog, []
        for entry in backlog:
            yield from self._send(entry)
        chars = 0
        hits_in_row = 0
        while chars < STREAM_CHARS:
            window = next(self.source, None)
            if window is None:
                self.exhausted = True
                return
            self.pending.extend(window)
            for entry in window:
                if entry.results is not None:
                    hits_in_row += 1
                    if hits_in_row >= _TICK_EVERY:
                        hits_in_row = 0
                        yield self._placeholder()
                    continue
                hits_in_row = 0
                _prepare(self.nlp, entry)
                chars += len(entry.document.text) + 1
                yield from self._send(entry)

    def position(self) -> int:
        """Index in this stream of the next text whose result is awaited."""
        return self._sent - len(self.inflight)

    def _send(self, entry: _Entry) -> Iterator[str]:
        if entry.attempts:  # a suspect of a worker's death: alone in its batches
            yield from self._close_batch()
        for offset, text in entry.parts:
            # spaCy batches by count: a long part starts a new batch, filled up
            # with empty placeholders, so a batch holds at most BATCH_CHARS of text.
            if self._batch_chars + len(text) > BATCH_CHARS:
                yield from self._close_batch()
            if self._sent % self.batch_size == 0:
                self._batch_chars = 0
            self._batch_chars += len(text)
            dated = _DatedText(text)
            dated.dct = document_dct(entry.document)
            self.inflight.append((entry, offset))
            self._sent += 1
            yield dated
        if entry.attempts:
            yield from self._close_batch()

    def _close_batch(self) -> Iterator[str]:
        """Placeholders up to the end of the current batch, if one is started."""
        while self._sent % self.batch_size:
            yield self._placeholder()

    def _placeholder(self) -> str:
        self.inflight.append(None)
        self._sent += 1
        return ""

    def received(self, doc: Doc) -> _Entry | None:
        """Record one output; the entry if that completed its document."""
        part = self.inflight.popleft()
        if part is None:
            return None
        entry, offset = part
        entry.done.append((offset, results_of(doc)))
        if len(entry.done) < len(entry.parts):
            return None
        _finish(entry)
        return entry

    def ready(self) -> Iterator[_Entry]:
        """Entries whose results are known, in input order."""
        while self.pending and self.pending[0].results is not None:
            yield self.pending.popleft()

    def worker_died(self, cause: str, culprit: bool) -> None:
        """Resend what was not analyzed; a document a worker died on twice is skipped.

        With `culprit`, the first batch in flight is the one the worker died on;
        otherwise any document in flight may be."""
        head = list(self.inflight)[: self.batch_size] if culprit else list(self.inflight)
        suspects = dict.fromkeys(p[0] for p in head if p is not None)
        self.inflight.clear()
        for entry in suspects:
            entry.attempts += 1
            if entry.attempts >= MAX_ATTEMPTS:
                entry.results = Failed(f"a worker process died while analyzing it ({cause})")
        self.backlog = [e for e in self.pending if e.results is None]
        for entry in self.backlog:
            entry.done = []
        print(
            f"tradenews: a worker process died ({cause}); {len(self.backlog):,} "
            "documents go to new workers",
            file=sys.stderr,
        )

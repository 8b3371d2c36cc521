"""The same analysis on a Dask distributed cluster (``--scheduler ADDRESS|local``).

The client reads the documents (so skips are reported exactly as in a local run),
answers what it can from its own results cache, and sends the rest to the cluster
in batches. Each worker builds the pipeline once (:class:`PipelinePlugin`) from a
copy that carries the content of what the client read from its disk (the taxonomy),
and fingerprints it with its own code, data and model: the client refuses workers
whose fingerprint is not its own (:mod:`.cluster_client`), and stores every result
under the fingerprint of the worker that computed it. A worker runs a batch through
the local runner (long-document parts, memory zones) and sends back plain-dict
records, never Docs. The client yields results in input order, so a cluster run
writes exactly the bytes of a local run.

Tasks are pure: when a worker dies, Dask reruns its batches elsewhere. A batch Dask
gives up on (``KilledWorker``) is sent again one document per task, one task at a
time; a document that kills a worker on its own is skipped with that reason, the rest
of the run goes on.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from distributed import KilledWorker
from distributed.diagnostics.plugin import WorkerPlugin

from tradenews.document import Document
from tradenews.engine.cluster_client import (
    check_workers,
    connect,
    lost,
    mismatch,
    worker_description,
)
from tradenews.engine.model import WorkerMismatch
from tradenews.engine.pipeline import Pipeline
from tradenews.engine.watch import Failed
from tradenews.records import Results

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

    from tradenews.engine.cache import ResultCache

# Documents per task: big enough that scheduling (~1 ms a task) is noise next to the
# analysis (~30 ms a document), small enough to spread a few thousand documents.
BATCH_DOCUMENTS = 16
# Batches in flight per worker thread: keeps every worker busy while the client
# waits for the oldest batch, and bounds the client's memory on any corpus.
INFLIGHT_PER_THREAD = 4
# What a task returns: the worker's address, its pipeline fingerprint, the records.
Answer = tuple[str, str, list[Results]]


class PipelinePlugin(WorkerPlugin):
    """A worker plugin: the pipeline, fingerprinted and built once per worker process."""

    def __init__(self, pipeline: Pipeline, expected: str) -> None:
        self.pipeline = pipeline
        self.expected = expected  # the client's fingerprint
        self.name = f"tradenews-{expected[:16]}"
        self.fingerprint = ""  # the worker's own, set up there
        self.description: dict[str, Any] = {}

    def setup(self, worker: Any) -> None:
        self.description = self.pipeline.description()
        self.fingerprint = self.pipeline.fingerprint()
        if self.fingerprint == self.expected:
            self.pipeline.nlp  # noqa: B018  (load the model and components now, once)


def analyze_batch(plugin_name: str, documents: list[Document]) -> Answer:
    """Run on a worker: its address and fingerprint, and the records of a batch, in order.

    A worker whose pipeline is not the client's analyzes nothing: the client refuses it."""
    from distributed import get_worker

    from tradenews.engine.runner import analyze

    worker = get_worker()
    plugin = worker.plugins[plugin_name]
    assert isinstance(plugin, PipelinePlugin)
    if plugin.fingerprint != plugin.expected:
        return worker.address, plugin.fingerprint, []
    return (
        worker.address,
        plugin.fingerprint,
        [results for _, results in analyze(plugin.pipeline, documents)],
    )


def analyze_on_cluster(
    pipeline: Pipeline,
    documents: Iterable[Document],
    *,
    scheduler: str,
    n_workers: int = 1,
    cache: ResultCache | None = None,
) -> Iterator[tuple[Document, Results]]:
    """Yield ``(document, results)`` for every document, in input order, from the cluster."""
    shipped = pipeline.portable()
    with connect(scheduler, n_workers) as client:
        run = _ClusterRun(client, scheduler, shipped, cache)
        yield from run.results(documents)


class _Batch:
    """Documents sent in one task: their cached results, and the task for the rest."""

    __slots__ = ("documents", "known", "misses", "future")

    def __init__(self, documents: list[Document], known: list[Results | None]) -> None:
        self.documents = documents
        self.known = known
        self.misses = [d for d, r in zip(documents, known, strict=True) if r is None]
        self.future: Any = None


class _ClusterRun:
    """One run on a connected cluster: batches out, results back in input order."""

    def __init__(
        self, client: Client, address: str, pipeline: Pipeline, cache: ResultCache | None
    ) -> None:
        self.client = client
        self.address = address
        self.cache = cache
        self.fingerprint = pipeline.fingerprint()
        self.expected = pipeline.description()
        self.plugin = PipelinePlugin(pipeline, self.fingerprint)
        self._call(client.register_plugin, self.plugin)
        self._call(check_workers, client, self.plugin.name, self.expected)

    def _call(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        """A call to the cluster; a lost scheduler becomes one line of ours."""
        try:
            return func(*args, **kwargs)
        except (KilledWorker, WorkerMismatch):
            raise
        except Exception as e:
            raise lost(self.client, self.address, e) from None

    def results(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Results]]:
        from tradenews.engine.runner import BATCH_CHARS, char_batches

        limit = self._inflight_limit()
        inflight: deque[_Batch] = deque()
        # A long document goes alone: a batch holds at most BATCH_CHARS of text.
        batches = char_batches(documents, BATCH_DOCUMENTS, BATCH_CHARS, lambda d: len(d.text))
        while True:
            documents_ = next(batches, None)
            if documents_ is not None:
                batch = _Batch(documents_, self._cached(documents_))
                if batch.misses:
                    batch.future = self._submit(batch.misses)
                inflight.append(batch)
            while inflight and (len(inflight) >= limit or documents_ is None):
                yield from self._collect(inflight.popleft())
            if documents_ is None:
                return

    def _inflight_limit(self) -> int:
        threads = sum(self._call(self.client.nthreads).values()) or 1
        return max(2, threads * INFLIGHT_PER_THREAD)

    def _cached(self, documents: list[Document]) -> list[Results | None]:
        from tradenews.engine.runner import document_key

        if self.cache is None:
            return [None] * len(documents)
        keys = [document_key(self.fingerprint, d) for d in documents]
        found = self.cache.get_many(keys)
        return [found.get(k) for k in keys]

    def _submit(self, documents: list[Document]) -> Any:
        return self._call(
            self.client.submit, analyze_batch, self.plugin.name, documents, pure=False
        )

    def _collect(self, batch: _Batch) -> Iterator[tuple[Document, Results]]:
        """A batch's documents with their results: cached ones as they were, the rest computed."""
        from tradenews.engine.runner import document_key

        computed = iter(self._computed(batch))
        fresh = []
        for document, results in zip(batch.documents, batch.known, strict=True):
            if results is None:
                fingerprint, results = next(computed)
                if not isinstance(results, Failed):
                    fresh.append((document_key(fingerprint, document), results))
            yield document, results
        if self.cache is not None and fresh:
            self.cache.put_many(fresh)

    def _computed(self, batch: _Batch) -> list[tuple[str, Results]]:
        """The misses' results, each with the fingerprint of the worker that computed it."""
        if batch.future is None:
            return []
        try:
            return self._answer(batch.future)
        except KilledWorker:
            if len(batch.misses) == 1:
                return [("", _killed())]
        print(
            f"tradenews: a Dask worker died on a batch of {len(batch.misses)} documents; "
            "they go to the cluster one by one",
            file=sys.stderr,
        )
        # One at a time: a worker's death takes the tasks queued on it along, so only
        # a document alone on the cluster (of this run's retries) is known to be the cause.
        out: list[tuple[str, Results]] = []
        for document in batch.misses:
            try:
                out.extend(self._answer(self._submit([document])))
            except KilledWorker:
                out.append(("", _killed()))
        return out

    def _answer(self, future: Any) -> list[tuple[str, Results]]:
        """A task's records; refused when the worker's pipeline is not this machine's."""
        address, fingerprint, records = self._call(future.result)
        if fingerprint != self.fingerprint:
            described = self._call(
                self.client.run, worker_description, self.plugin.name, workers=[address]
            )
            raise mismatch(described, self.expected)
        return [(fingerprint, r) for r in records]


def _killed() -> Failed:
    return Failed("a Dask worker died while analyzing it, alone (KilledWorker)")

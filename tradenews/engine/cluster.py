"""The same analysis on a Dask distributed cluster (``--scheduler ADDRESS|local``).

The client reads the documents (so skips are reported exactly as in a local run),
answers what it can from its own results cache, and sends the rest to the cluster
in batches. Each worker builds the pipeline once (:class:`PipelinePlugin`, keyed by
the pipeline's fingerprint), runs the batch through the local runner (long-document
chunks, memory zones) and sends back plain-dict records, never Docs. The client
yields results in input order, so a cluster run writes exactly the bytes of a local
run. Tasks are pure: when a worker dies, Dask reruns its batches elsewhere.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from tradenews.document import Document
from tradenews.engine.model import ClusterUnavailable
from tradenews.engine.pipeline import Pipeline
from tradenews.records import Results

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

    from tradenews.engine.cache import ResultCache

LOCAL = "local"
# Documents per task: big enough that scheduling (~1 ms a task) is noise next to the
# analysis (~30 ms a document), small enough to spread a few thousand documents.
BATCH_DOCUMENTS = 16
# Batches in flight per worker thread: keeps every worker busy while the client
# waits for the oldest batch, and bounds the client's memory on any corpus.
INFLIGHT_PER_THREAD = 4


class PipelinePlugin(WorkerPlugin):
    """A worker plugin: the pipeline, built once per worker process."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.name = f"tradenews-{pipeline.fingerprint()[:16]}"

    def setup(self, worker: Any) -> None:
        self.pipeline.nlp  # noqa: B018  (load the model and components now, once)


def analyze_batch(plugin_name: str, documents: list[Document]) -> list[Results]:
    """Run on a worker: the records of a batch of documents, in order."""
    from distributed import get_worker

    from tradenews.engine.runner import analyze

    plugin = get_worker().plugins[plugin_name]
    assert isinstance(plugin, PipelinePlugin)
    return [results for _, results in analyze(plugin.pipeline, documents)]


@contextlib.contextmanager
def connect(scheduler: str, n_workers: int) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a LocalCluster of `n_workers` processes."""
    import logging

    from distributed import Client, LocalCluster

    # Workers' start-up and shut-down chatter is not the run's business: errors only.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with contextlib.ExitStack() as stack:
        try:
            if scheduler == LOCAL:
                cluster = LocalCluster(
                    n_workers=n_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                )
                stack.enter_context(cluster)
                client = Client(cluster)
            else:
                client = Client(scheduler, timeout="10s")
        except OSError as e:
            raise ClusterUnavailable(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
        stack.enter_context(client)
        yield client


def _inflight_limit(client: Client) -> int:
    threads = sum(client.nthreads().values()) or 1
    return max(2, threads * INFLIGHT_PER_THREAD)


def analyze_on_cluster(
    pipeline: Pipeline,
    documents: Iterable[Document],
    *,
    scheduler: str,
    n_workers: int = 1,
    cache: ResultCache | None = None,
) -> Iterator[tuple[Document, Results]]:
    """Yield ``(document, results)`` for every document, in input order, from the cluster."""
    from tradenews.engine.runner import document_key

    fingerprint = pipeline.fingerprint()
    plugin = PipelinePlugin(pipeline)
    source = iter(documents)
    with connect(scheduler, n_workers) as client:
        client.register_plugin(plugin)
        limit = _inflight_limit(client)
        inflight: deque[tuple[list[Document], list[Results | None], Any]] = deque()
        while True:
            batch = list(islice(source, BATCH_DOCUMENTS))
            if batch:
                keys = [document_key(fingerprint, d) for d in batch]
                found = cache.get_many(keys) if cache is not None else {}
                known = [found.get(k) for k in keys]
                misses = [d for d, r in zip(batch, known, strict=True) if r is None]
                future = (
                    client.submit(analyze_batch, plugin.name, misses, pure=False)
                    if misses
                    else None
                )
                inflight.append((batch, known, future))
            while inflight and (len(inflight) >= limit or not batch):
                yield from _collect(*inflight.popleft(), cache, fingerprint)
            if not batch:
                return


def _collect(
    batch: list[Document],
    known: list[Results | None],
    future: Any,
    cache: ResultCache | None,
    fingerprint: str,
) -> Iterator[tuple[Document, Results]]:
    """A batch's documents with their results: cached ones as they were, the rest computed."""
    from tradenews.engine.runner import document_key

    computed = iter(future.result() if future is not None else [])
    fresh = []
    for document, results in zip(batch, known, strict=True):
        if results is None:
            results = next(computed)
            fresh.append((document_key(fingerprint, document), results))
        yield document, results
    if cache is not None and fresh:
        cache.put_many(fresh)

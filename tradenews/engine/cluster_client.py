"""The client side of a cluster run: connecting, checking the workers, telling a lost scheduler.

Every way the scheduler can fail to be one becomes :class:`ClusterUnavailable` with
one line: nothing listening, a port that accepts and says nothing (the whole
connect, handshake included, is bounded by a wall clock), a server that speaks
another protocol (an HTTP proxy's answer would otherwise be read as a frame
length of exabytes), and a scheduler lost mid-run.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tradenews.engine.address import LOCAL
from tradenews.engine.model import ClusterUnavailable, WorkerMismatch

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

# Seconds to reach the scheduler and finish Dask's handshake with it.
CONNECT_SECONDS = 10.0
# What differs, named for people: the parts of a pipeline description.
_PARTS = {
    "tradenews": "tradenews version",
    "code": "code",
    "data": "package data",
    "spacy": "spaCy version",
    "model": "model",
    "model_pipes": "model pipes",
    "components": "components",
    "files": "taxonomy",
}


@contextlib.contextmanager
def connect(scheduler: str, n_workers: int) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a LocalCluster of `n_workers` processes."""
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        stack.enter_context(_quiet_dask())
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
            client = _client_within(scheduler, CONNECT_SECONDS)
        stack.enter_context(client)
        yield client


@contextlib.contextmanager
def _quiet_dask() -> Iterator[None]:
    """Dask's own log lines (start-up chatter, a lost connection's traceback) are not
    the run's business: what matters reaches the user as one line of ours."""
    names = ["distributed"] + [
        name for name in logging.root.manager.loggerDict if name.startswith("distributed.")
    ]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _client_within(address: str, seconds: float) -> Client:
    """Connect, handshake included, within `seconds` of wall-clock time, or give up.

    Dask bounds the TCP connect by its timeout but not the handshake after it, so a
    port that accepts and stays silent would hold the run for ever; the client is
    made in a thread that is left behind if it does not finish in time."""
    from distributed import Client

    box: dict[str, Any] = {}

    def attempt() -> None:
        try:
            box["client"] = Client(address, timeout=f"{seconds}s")
        except BaseException as e:  # noqa: BLE001  (reported below, in the caller's thread)
            box["error"] = e

    thread = threading.Thread(target=attempt, name="tradenews-connect", daemon=True)
    thread.start()
    thread.join(seconds + 5)
    if thread.is_alive():
        raise ClusterUnavailable(
            f"no Dask scheduler answered at {address} within {seconds:.0f} s "
            "(something accepts connections there, but not as a scheduler)"
        )
    error = box.get("error")
    if error is None:
        return box["client"]  # type: ignore[no-any-return]
    if isinstance(error, MemoryError):  # a length field read from another protocol
        reason = "the server there does not speak Dask's protocol"
    elif isinstance(error, (OSError, TimeoutError, concurrent.futures.TimeoutError)):
        reason = _one_line(error) or type(error).__name__
    elif isinstance(error, Exception):
        reason = f"{type(error).__name__}: {_one_line(error)}"
    else:
        raise error
    raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address}: {reason}")


def lost(client: Client, address: str, error: BaseException) -> BaseException:
    """The error to raise for `error` from a client call: the scheduler lost, or itself."""
    if isinstance(error, concurrent.futures.CancelledError) or client.status != "running":
        where = "the local cluster" if address == LOCAL else address
        return ClusterUnavailable(f"lost the Dask scheduler at {where}: {_one_line(error)}")
    return error


def check_workers(client: Client, plugin_name: str, expected: dict[str, Any]) -> None:
    """Refuse a cluster whose workers would compute other results than this machine."""
    described = client.run(worker_description, plugin_name)
    differing = {a: d for a, d in described.items() if d != expected}
    if differing:
        raise mismatch(differing, expected)


def mismatch(differing: dict[str, dict[str, Any]], expected: dict[str, Any]) -> WorkerMismatch:
    """One line naming the workers and what differs on each."""
    named = []
    for address, described in sorted(differing.items()):
        parts = sorted({_PARTS.get(k, k) for k in expected.keys() | described.keys()
                        if expected.get(k) != described.get(k)})  # fmt: skip
        named.append(f"{address} ({', '.join(parts) or 'pipeline'} differ)")
    return WorkerMismatch(
        f"{len(named)} Dask worker(s) would give other results than this machine: "
        f"{'; '.join(named)}; install the same tradenews, model and data on every worker"
    )


def worker_description(plugin_name: str, dask_worker: Any = None) -> dict[str, Any]:
    """Run on each worker: the description of the pipeline as that worker builds it."""
    plugin = dask_worker.plugins.get(plugin_name) if dask_worker is not None else None
    return dict(getattr(plugin, "description", None) or {"tradenews": "not set up"})


def _one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__

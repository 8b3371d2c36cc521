"""Worker processes that die: noticed at once, never waited on forever.

spaCy's ``nlp.pipe(n_process=N)`` reads each worker's results from a pipe. Every
worker holds a copy of every pipe's writing end (they are forked after the pipes
are made), so when one worker is killed (out of memory, ``kill -9``) the parent's
read never ends: the run would hang at 0% CPU. :class:`WorkerWatch` polls the
workers from a thread; when one dies with a failure status it kills the others,
which closes every writing end, so the parent's read fails at once and the runner
can send the lost documents to fresh workers.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

POLL_SECONDS = 0.2
# A document whose worker died this many times is skipped (it may be what kills them).
MAX_ATTEMPTS = 2


class Failed(dict):
    """Empty results of a document that could not be analyzed; `failure` says why."""

    def __init__(self, failure: str) -> None:
        super().__init__()
        self.failure = failure


class WorkerWatch:
    """Watches the worker processes of the spaCy streams started while it is active.

    It stands in for ``multiprocessing`` in :mod:`spacy.language` meanwhile, so it
    knows each worker spaCy creates (even one that dies before its first poll).

    spaCy deals batches to the workers in turn and reads them back in the same
    turn. When a worker dies, the others keep working until the parent waits for
    the dead worker's next batch: then everything before it has been read, and
    that batch is the one the worker died on (``culprit`` True). Only then are the
    others killed, to end the parent's wait. After GRACE_SECONDS it stops waiting
    for that moment (``culprit`` False: the dead worker's batch is not known).
    """

    GRACE_SECONDS = 30.0

    def __init__(self, position: Callable[[], int], batch_size: int, n_process: int) -> None:
        self.died: int | None = None  # the exit code of the first worker that failed
        self.culprit = False
        self.workers: list[Any] = []
        self._position = position  # index of the next text whose result is awaited
        self._batch_size = batch_size
        self._n_process = n_process
        self._dead_index = -1
        self._died_at = 0.0
        self._last_position = -1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tradenews-watch", daemon=True)
        self._spacy_mp: Any = None

    def __enter__(self) -> WorkerWatch:
        import spacy.language

        self._spacy_mp = spacy.language.mp
        spacy.language.mp = _Recording(self._spacy_mp, self.workers)  # type: ignore[assignment]
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        import spacy.language

        spacy.language.mp = self._spacy_mp
        self._stop.set()
        self._thread.join()

    @property
    def cause(self) -> str:
        """'killed by SIGKILL' or 'exit status 3': what ended the worker."""
        code = self.died or 0
        if code < 0:
            with contextlib.suppress(ValueError):
                return f"killed by {signal.Signals(-code).name}"
            return f"killed by signal {-code}"
        return f"exit status {code}"

    def _run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            workers = list(self.workers)
            if self.died is None:
                failed = [w for w in workers if w.exitcode not in (None, 0)]
                if not failed:
                    continue
                self.died = failed[0].exitcode
                self._dead_index = workers.index(failed[0])
                self._died_at = time.monotonic()
            if self._waiting_on_the_dead():
                self.culprit = True
            elif time.monotonic() - self._died_at < self.GRACE_SECONDS:
                continue
            for worker in workers:
                if worker.exitcode is None:
                    with contextlib.suppress(OSError):
                        worker.kill()
            return

    def _waiting_on_the_dead(self) -> bool:
        """The parent waits, at a batch boundary, for a batch of the dead worker."""
        position = self._position()
        settled = position == self._last_position
        self._last_position = position
        batch, within = divmod(position, self._batch_size)
        return settled and within == 0 and batch % self._n_process == self._dead_index


class _Recording:
    """``multiprocessing`` as spaCy sees it during a watch: Process() is recorded."""

    def __init__(self, real: Any, created: list[Any]) -> None:
        self._real = real
        self._created = created

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def Process(self, *args: Any, **kwargs: Any) -> Any:
        process = self._real.Process(*args, **kwargs)
        self._created.append(process)
        return process


@contextlib.contextmanager
def quiet_worker_warnings() -> Iterator[None]:
    """spaCy warns (W127) when a worker did not exit cleanly: the runner says it better."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W127\]")
        yield

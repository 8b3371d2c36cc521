"""The progress line of a run: documents done as they finish, the total, rate, time left.

The engine tells each document's fate as it happens (``engine.runner.Progress``): a
window of documents is analyzed before any of it is handed on, so counting what the run
receives would stand still, then jump. The total is counted off the main thread
(``io.count_documents``: records files are read through) and shown once known. The rate
counts documents the model analyzed, over the time since it started on the first one:
results read from the cache would make it meaningless.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any


class Tally:
    """What became of a run's documents so far, and the rate and time left it implies."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.total: int | None = None
        self.cached = self.analyzed = self.skipped = 0
        self._received = 0  # results the run received
        self._started: float | None = None  # the model started on the first document
        self._read: float | None = None  # the first document was read

    @property
    def done(self) -> int:
        return self.cached + self.analyzed + self.skipped

    def event(self, kind: str) -> None:
        """Count one event: "read", "skipped" (by the run), or one the engine tells."""
        if kind == "started":
            self._started = self._started or self.clock()
        elif kind == "read":
            self._read = self._read or self.clock()
        elif kind == "cached":
            self.cached += 1
        elif kind == "analyzed":
            self.analyzed += 1
        elif kind == "skipped":
            self.skipped += 1

    def received(self) -> None:
        """The run received a document's results: counted as analyzed unless the engine
        told of it already (a Dask cluster tells nothing until then)."""
        self._received += 1
        self.analyzed += max(0, self._received - self.cached - self.analyzed)

    def rate(self) -> float | None:
        """Documents analyzed per second since the model started on the first one."""
        start = self._started or self._read
        if not self.analyzed or start is None:
            return None
        elapsed = self.clock() - start
        return self.analyzed / elapsed if elapsed > 0 else None

    def known_total(self) -> int | None:
        """The total, unless the run already went past it (a count cannot be exact)."""
        return self.total if self.total is not None and self.total >= self.done else None

    def seconds_left(self) -> float | None:
        total, rate = self.known_total(), self.rate()
        if total is None or not rate:
            return None
        return (total - self.done) / rate

    def fields(self) -> dict[str, str]:
        """The texts of the progress line: count, rate, time left."""
        total = self.known_total()
        rate = self.rate()
        left = self.seconds_left()
        return {
            "count": f"{self.done:,}/{'?' if total is None else f'{total:,}'}",
            "rate": "- docs/s" if rate is None else f"{rate:,.1f} docs/s",
            "cached": f", {self.cached:,} from cache" if self.cached else "",
            "left": "" if left is None else f"{_clock(left)} left",
        }


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def wanted(quiet: bool) -> bool:
    """A progress line only for a person watching: standard error is a terminal."""
    return not quiet and sys.stderr is not None and sys.stderr.isatty()


class ProgressLine:
    """A rich progress line on stderr, fed by a :class:`Tally`; the total is counted in a
    background thread and appears when known."""

    def __init__(self, tally: Tally, paths: Sequence[str]) -> None:
        self.tally = tally
        self.paths = paths
        self.progress: Any = None

    def __enter__(self) -> ProgressLine:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("analyzing"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TextColumn("{task.fields[rate]}{task.fields[cached]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[left]}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("analyzing", total=None, **self.tally.fields())
        self.progress.start()
        threading.Thread(target=self._count, name="tradenews-count", daemon=True).start()
        return self

    def _count(self) -> None:
        from tradenews.io import count_documents

        self.tally.total = count_documents(self.paths)
        self.show()

    def show(self) -> None:
        """Redraw from the tally (the bar's own refresh thread paints it)."""
        if self.progress is not None:
            total = self.tally.known_total()
            self.progress.update(
                self.task, completed=self.tally.done, total=total, **self.tally.fields()
            )

    def __exit__(self, *exc: Any) -> None:
        progress, self.progress = self.progress, None
        progress.stop()

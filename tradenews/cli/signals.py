"""SIGTERM and SIGHUP end a run like Ctrl-C; worker processes never outlive the run.

A signal raises :class:`Terminated` in the main thread, so the same ``finally``
blocks that handle Ctrl-C run: the temporary output file is removed, the cache
transaction is rolled back, and the exit status is 128 + the signal number
(143 for SIGTERM, 129 for SIGHUP), as a shell reports a process killed by it.

Worker processes (``--jobs``) are forked with SIGTERM/SIGHUP back at their
defaults and, on Linux, with ``PR_SET_PDEATHSIG``: the kernel kills a worker
when its parent dies, even by ``kill -9``, so no orphan keeps running.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from types import FrameType

HANDLED = (signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1
_installed = False
_forking_pid = 0


class Terminated(BaseException):
    """The run was asked to stop by a signal (a BaseException, like KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def install() -> None:
    """Handle SIGTERM/SIGHUP in this process; make forked workers die with it."""
    global _installed
    for signum in HANDLED:
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            signal.signal(signum, _raise_terminated)
    if not _installed and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_remember_parent, after_in_child=_in_forked_child)
        _installed = True


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    stop_workers()
    raise Terminated(signum)


def stop_workers() -> None:
    """Kill our worker processes now, so the run's cleanup does not wait on their batches."""
    import multiprocessing

    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError):
            child.kill()


def _remember_parent() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _in_forked_child() -> None:
    for signum in HANDLED:
        signal.signal(signum, signal.SIG_DFL)
    die_with_parent(_forking_pid)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent exits (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the running program, libc included
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

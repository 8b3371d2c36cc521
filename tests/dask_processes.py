"""Dask scheduler and worker processes for cluster tests: started on a free local port,
each in its own process group so that a kill takes its children too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    """`dask ARGS...` (scheduler or worker), quiet, in a process group of its own."""
    return subprocess.Popen(
        [str(BIN / "dask"), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        **kwargs,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

"""Temporary output files: made beside their target, locked while written, swept when stale.

A run writes its output under ``.tradenews-<pid>.<origin>-<random>.tmp`` and renames
it into place at the end. A run killed with ``kill -9`` (or a power loss) leaves that
file behind; the next run writing to the same directory removes it. The hard part
is telling a dead writer's file from a live one's when the writer may be in another
PID namespace (a container sharing the volume) or on another machine (NFS): there,
its pid says nothing, and another run's pid may even be reused here.

So the writer holds an exclusive ``flock`` on its file from creation until after the
rename, and a file is stale only when its lock can be taken:

- the kernel drops the lock when the writer dies, however it dies;
- ``flock`` locks are seen by every process of the machine, whatever its namespace,
  and on NFS Linux turns them into NFS (NLM) locks, seen by every client.

Some filesystems keep locks local to one machine (NFS mounted ``nolock``, some FUSE
and SMB mounts): a lock taken there by another machine is not seen. The name is the
second guard. ``<origin>`` identifies the machine boot and the PID namespace of the
writer: for a file of our own origin its pid is checked as well (alive means live);
a file of another origin, or of a version of tradenews that did not lock, must also
be untouched for :data:`STALE_AFTER` before it is removed. Leaving a dead run's file
an hour longer only costs disk space; removing a live run's file would lose its output.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; files are swept by age only
    fcntl = None  # type: ignore[assignment]

TMP_PREFIX = ".tradenews-"
TMP_SUFFIX = ".tmp"
#: How long a temporary file not of our origin must be left alone before it is swept.
STALE_AFTER = 3600.0
# .tradenews-<pid>.<origin>-<random>.tmp; older versions wrote .tradenews-<pid>-<random>.tmp
_TMP_NAME = re.compile(r"\.tradenews-(\d+)(?:\.([0-9a-f]{12}))?-[^/]*\.tmp\Z")
_origin: str | None = None


def origin() -> str:
    """12 hex digits naming this machine's boot and this process's PID namespace.

    Two processes share an origin exactly when their pids can be compared: the same
    kernel since the same boot, in the same PID namespace.
    """
    global _origin
    if _origin is None:
        parts = [socket.gethostname()]
        for source in ("/proc/sys/kernel/random/boot_id", "/proc/self/ns/pid"):
            with contextlib.suppress(OSError):
                parts.append(os.readlink(source) if "/ns/" in source else _read(source))
        _origin = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:12]
    return _origin


def _read(path: str) -> str:
    with open(path, encoding="ascii") as fh:
        return fh.read().strip()


def create_locked_temp(directory: str) -> tuple[int, str]:
    """A new temporary file in `directory`, locked by this process: (fd, path).

    The lock lasts as long as the file descriptor stays open.
    """
    fd, tmp = tempfile.mkstemp(
        prefix=f"{TMP_PREFIX}{os.getpid()}.{origin()}-", suffix=TMP_SUFFIX, dir=directory
    )
    _lock(fd)
    return fd, tmp


def _lock(fd: int) -> None:
    """Take the writer's lock. A sweep in another run may hold it for an instant (it
    only looks): wait for that, briefly, never for good (an NFS lock server may hang)."""
    if fcntl is None:
        return
    for _ in range(100):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:  # a filesystem without locks: the name still guards the file
            return


def sweep_stale_temp_files(directory: str) -> list[str]:
    """Remove our temporary files in `directory` whose writer is gone; return their names."""
    removed: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        match = _TMP_NAME.match(name)
        if match is not None and _remove_if_stale(directory, name, match):
            removed.append(name)
    return removed


def _remove_if_stale(directory: str, name: str, match: re.Match[str]) -> bool:
    path = os.path.join(directory, name)
    fd = _open_for_lock(path)
    if fd is None:
        return False
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # its writer holds the lock: a live run
            except OSError:
                pass  # no locks on this filesystem: the name and the age decide
        pid, writer_origin = int(match.group(1)), match.group(2)
        if writer_origin == origin():
            stale = not _alive(pid)
        else:
            stale = time.time() - os.fstat(fd).st_mtime > STALE_AFTER
        if stale:
            os.unlink(path)  # still holding its lock: no writer can take it meanwhile
        return stale
    except OSError:
        return False
    finally:
        os.close(fd)


def _open_for_lock(path: str) -> int | None:
    """The file opened for writing if we may (NFS grants an exclusive lock only to a
    writer), else for reading; never following a symbolic link."""
    flags = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    for mode in (os.O_RDWR, os.O_RDONLY):
        try:
            return os.open(path, mode | flags)
        except PermissionError:
            continue
        except OSError:
            return None
    return None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True

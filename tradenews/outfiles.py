"""Where output goes: checked before any work, written so that no run damages anything.

- A path that can never be written (a directory, a missing directory, a block device)
  is refused before the first document is read, so a long run is not lost at its end.
- A regular file is written under a temporary name beside it and renamed into place
  when the run ends: an interrupted run leaves the old file as it was. The new file
  gets the mode of the file it replaces, or the mode the umask gives a new file.
- A character device (``/dev/stdout``, ``/dev/null``) or a FIFO is written through,
  never replaced: renaming over it would turn a system device into a plain file.
- Temporary files left by a process that died (``kill -9``, power loss) are removed
  the next time output is written to the same directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

TMP_PREFIX = ".tradenews-"
TMP_SUFFIX = ".tmp"
# .tradenews-<pid>-<random>.tmp: the pid tells whether its writer is still alive.
_TMP_NAME = re.compile(r"\.tradenews-(\d+)-[^/]*\.tmp\Z")


class OutputTargetError(ValueError):
    """An output path that cannot be written; the message is one plain sentence."""


def check_target(path: str | None, option: str) -> None:
    """Refuse, before any work, an output path that the run could never write."""
    if path is None or path == "-":
        return
    target = Path(path)
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputTargetError(f"{option} {path}: {(e.strerror or str(e)).lower()}") from None
    if st is not None:
        _check_existing(path, option, st)
        if not stat.S_ISREG(st.st_mode):
            return  # a device or FIFO is written through: its directory does not matter
    directory = target.absolute().parent
    if not directory.is_dir():
        raise OutputTargetError(f"{option} {path}: directory {str(directory)!r} does not exist")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputTargetError(
            f"{option} {path}: cannot create files in directory {str(directory)!r}"
        )


def check_apart(targets: list[tuple[str, str | None]]) -> None:
    """Refuse two output options naming the same file: one would overwrite the other."""
    named = [(option, path) for option, path in targets if path is not None and path != "-"]
    for i, (option, path) in enumerate(named):
        for other_option, other in named[:i]:
            if _same_file(path, other):
                raise OutputTargetError(
                    f"{option} {path}: the same file as {other_option} {other}; "
                    "give them different names"
                )


def _same_file(a: str, b: str) -> bool:
    """Two paths naming one regular file, or one file to be (a device may take both)."""
    try:
        first, second = os.stat(a), os.stat(b)
    except FileNotFoundError:
        return os.path.realpath(a) == os.path.realpath(b)
    except OSError:
        return False
    return stat.S_ISREG(first.st_mode) and os.path.samestat(first, second)


def _check_existing(path: str, option: str, st: os.stat_result) -> None:
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise OutputTargetError(f"{option} {path}: is a directory; give a file name")
    if not (stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise OutputTargetError(
            f"{option} {path}: not a regular file, character device or FIFO; refusing to write"
        )
    if not os.access(path, os.W_OK):
        raise OutputTargetError(f"{option} {path}: permission denied")


def is_written_through(path: str) -> bool:
    """Whether `path` is a character device or FIFO (written in place, never replaced)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


@contextlib.contextmanager
def open_output(path: str | None, stdout: IO[str]) -> Iterator[IO[str]]:
    """Yield a text stream for `path` (stdout when None or '-').

    A regular file is written atomically (temporary name, renamed when the block
    finishes without error); a character device or FIFO is written through.
    """
    if path is None or path == "-":
        yield stdout
        return
    if is_written_through(path):
        with open(path, "w", encoding="utf-8", newline="") as fh:
            yield fh
        return
    directory = os.path.dirname(os.path.abspath(path))
    sweep_stale_temp_files(directory)
    fd, tmp = tempfile.mkstemp(
        prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=TMP_SUFFIX, dir=directory
    )
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(path: str) -> int:
    """The replaced file's permission bits, else what the umask gives a new file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask (read by setting it and putting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sweep_stale_temp_files(directory: str) -> list[str]:
    """Remove our temporary files in `directory` whose writing process is gone."""
    removed: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        match = _TMP_NAME.match(name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(directory, name))
            removed.append(name)
    return removed


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

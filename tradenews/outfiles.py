"""Where output goes: checked before any work, written so that no run damages anything.

- A path that can never be written (a directory, a missing directory, a block device)
  is refused before the first document is read, so a long run is not lost at its end.
- A regular file is written under a temporary name beside it and renamed into place
  when the run ends: an interrupted run leaves the old file as it was. The new file
  gets the mode of the file it replaces, or the mode the umask gives a new file.
- A character device (``/dev/stdout``, ``/dev/null``) or a FIFO is written through,
  never replaced: renaming over it would turn a system device into a plain file.
- A write that fails (disk full, file size limit, I/O error) raises
  :class:`OutputWriteError`, one sentence naming the output; the temporary file is
  removed, so nothing half-written is left.
- Temporary files left by a process that died (``kill -9``, power loss) are removed
  the next time output is written to the same directory; see :mod:`tradenews.outtemp`
  for how a live writer's file, even one of another machine or container, is told apart.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TextIO, cast

from tradenews.outtemp import create_locked_temp
from tradenews.outtemp import sweep_stale_temp_files as sweep_stale_temp_files


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


class OutputWriteError(Exception):
    """Output that could not be written (disk full, file too large, I/O error).

    The message is one sentence naming the output and the problem; ``to_stdout``
    says whether standard output is the stream that failed.
    """

    def __init__(self, name: str, error: OSError, *, atomic: bool) -> None:
        problem = (error.strerror or str(error)).lower()
        tail = "; nothing was written" if atomic else ""
        super().__init__(f"cannot write {name}: {problem}{tail}")
        self.to_stdout = name == STDOUT_NAME


STDOUT_NAME = "standard output"


class _Guarded:
    """A stream whose write errors become :class:`OutputWriteError` naming the output.

    Only the stream's own writes are translated: an ``OSError`` raised while the rows
    are being made (reading, analysis) is not an output problem and passes unchanged.
    A closed pipe stays a ``BrokenPipeError``: the reader went away, which is no error.
    """

    def __init__(self, stream: Any, name: str, atomic: bool) -> None:
        self._stream = stream
        self._name = name
        self._atomic = atomic

    def _failed(self, error: OSError) -> OutputWriteError:
        return OutputWriteError(self._name, error, atomic=self._atomic)

    def write(self, data: Any) -> Any:
        try:
            return self._stream.write(data)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise self._failed(e) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise self._failed(e) from None

    @property
    def buffer(self) -> _Guarded:
        """The binary stream under a text stream (Parquet, XLSX), guarded the same way."""
        return _Guarded(self._stream.buffer, self._name, self._atomic)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def open_output(path: str | None, stdout: IO[str]) -> Iterator[TextIO]:
    """Yield a text stream for `path` (stdout when None or '-').

    A regular file is written atomically (temporary name, renamed when the block
    finishes without error); a character device or FIFO is written through. A write
    that fails raises :class:`OutputWriteError`.
    """
    if path is None or path == "-":
        out = _Guarded(stdout, STDOUT_NAME, atomic=False)
        yield cast(TextIO, out)
        out.flush()  # a full disk behind stdout is told now, not at exit
        return
    if is_written_through(path):
        fh = open(path, "w", encoding="utf-8", newline="")  # closed below, quietly on failure
        try:
            out = _Guarded(fh, path, atomic=False)
            yield cast(TextIO, out)
            out.flush()
        except BaseException:
            _discard(fh)
            raise
        fh.close()
        return
    directory = os.path.dirname(os.path.abspath(path))
    sweep_stale_temp_files(directory)
    fd, tmp = create_locked_temp(directory)
    fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        os.chmod(tmp, _mode_for(path))
        out = _Guarded(fh, path, atomic=True)
        yield cast(TextIO, out)
        out.flush()
        _sync(fd, out)
        # Renamed while the file is still open, so still locked: a sweep by
        # another run never takes it for a dead writer's file.
        try:
            os.replace(tmp, path)
        except OSError as e:
            raise out._failed(e) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _discard(fh)
        raise
    fh.close()


def _discard(fh: IO[str]) -> None:
    """Close a stream whose writing failed. Closing flushes what is buffered, which
    fails again on a full disk: that second error would hide the first."""
    with contextlib.suppress(OSError):
        fh.close()


def _sync(fd: int, out: _Guarded) -> None:
    """Write the data to disk before the rename: a disk that fills up late (NFS reports
    it only here) fails the run instead of leaving a short file in place."""
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EROFS):  # cannot sync: fine
            raise out._failed(e) from None


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

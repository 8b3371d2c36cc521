"""A persistent cache of per-document results, so unchanged documents skip the model.

One SQLite file in WAL mode with a single table ``key -> zlib(JSON)``:

- readers never block the writer and several runs may share the file;
- every batch of inserts is one transaction, so Ctrl-C never leaves it half-written;
- lookups and inserts go in batches, so a corpus of millions of documents costs
  a few thousand statements, not millions.

The key is a SHA-256 over the document text, its publication date and the
pipeline fingerprint (tradenews version and code, model name and version,
components, their configs and data); see :mod:`tradenews.engine.fingerprint`.
Only the standard library is imported here: a fully cached run never needs spaCy.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradenews.textsafe import printable

CACHE_ENV = "TRADENEWS_CACHE_DIR"
CACHE_FILE = "results.sqlite3"
SCHEMA_VERSION = 2  # 2: results carry their last-use time (least recently used out)
LIMIT_ENV = "TRADENEWS_CACHE_SIZE"
DEFAULT_LIMIT = 1_000_000_000  # 1 GB: about a million news articles' results
MIN_LIMIT = 1_000_000
# How long a write waits for another run holding the lock before giving up on storing.
LOCK_TIMEOUT = 60.0
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
# SQLite's default limit on bound parameters is 999 on old builds: stay under it.
_LOOKUP_CHUNK = 500

Results = dict[str, list[dict[str, Any]]]


def default_cache_dir() -> Path:
    """$TRADENEWS_CACHE_DIR, else the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tradenews"))


def cache_key(fingerprint: str, text: str, dct: str | None) -> bytes:
    """The 32-byte key of one document under one pipeline fingerprint."""
    h = hashlib.sha256()
    h.update(fingerprint.encode("utf-8"))
    h.update(b"\0")
    h.update((dct or "").encode("ascii"))
    h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.digest()


@dataclass(frozen=True)
class CacheInfo:
    """What ``tradenews cache info`` shows."""

    path: Path
    entries: int
    size_bytes: int
    limit_bytes: int
    problem: str | None = None  # why the cache cannot be used or written, if so


@dataclass(frozen=True)
class CacheCleared:
    """What ``tradenews cache clear`` reports."""

    path: Path
    entries: int
    bytes_freed: int
    size_bytes: int = 0  # left on disk (an empty database still has a few pages)


class ResultCache:
    """Batch get/put of analysis results keyed by :func:`cache_key`.

    The cache never makes a run fail, and never throws data away by mistake:

    - a file that SQLite finds corrupt (or not a database) is replaced, whether that
      shows when it is opened or only when a damaged page is read or written later
      (once per run: corrupt again, the cache is turned off for the run);
    - a file that is locked by another process, read-only, or in a read-only
      directory is kept: results are read from it if possible but not stored
      (``read_only``), and a warning says so;
    - if it cannot be opened at all, the run goes on without a cache (``error``).

    Least recently used results are evicted when the data grows past the size
    limit (:func:`limit_bytes`).
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / CACHE_FILE
        self.hits = 0
        self.misses = 0
        self.error: str | None = None
        self.read_only: str | None = None  # why results are not being stored
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._replaced = False
        self._limit: int | None = None

    # -- connection ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        problem = _not_a_directory(self.directory)
        if problem is not None:
            self._disabled = True
            self.error = problem
            self._warn(problem)
            return None
        try:
            self._conn = self._open()
        except (sqlite3.DatabaseError, OSError) as first:
            if is_corrupt(first):
                self._replace(first)
            else:
                self._open_without_writing(first)
        return self._conn

    def _replace(self, reason: BaseException) -> None:
        """A really corrupt file: start afresh rather than fail the run."""
        self._replaced = True
        self.close()  # first: closing may write the WAL back by name, into the new file
        try:
            self._remove_files()
            self._conn = self._open()
            self._warn(f"cache file {self.path} was corrupt ({reason}); started a new one")
        except (sqlite3.DatabaseError, OSError) as e:
            self._disable(e)

    def _damaged(self, error: sqlite3.DatabaseError) -> bool:
        """A read or write failed; a corrupt file is replaced once. True if replaced."""
        if is_corrupt(error) and not self._replaced and not self.read_only:
            self._replace(error)
            return self._conn is not None
        self._disable(error)
        return False

    def _open_without_writing(self, reason: BaseException) -> None:
        """Locked, read-only or unwritable: read what is there, store nothing, keep it all."""
        if self.path.is_file():
            for uri in (f"{self.path.as_uri()}?mode=ro", f"{self.path.as_uri()}?immutable=1"):
                try:
                    conn = sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None)
                    conn.execute("SELECT count(*) FROM results WHERE key = x'00'").fetchone()
                except sqlite3.DatabaseError:
                    continue
                self._conn = conn
                self._no_writes(reason)
                return
        self._disable(reason)

    def _no_writes(self, reason: BaseException | str) -> None:
        if self.read_only is None:
            self.read_only = f"cache {self.path} cannot be written ({reason})"
            self._warn(f"{self.read_only}; new results are not stored, its data is kept")

    def _open(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL,"
                " used INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
            )
            columns = {row[1] for row in conn.execute("PRAGMA table_info(results)")}
            if "used" not in columns:  # a cache written before results had a last-use time
                conn.execute("ALTER TABLE results ADD COLUMN used INTEGER NOT NULL DEFAULT 0")
            conn.execute("CREATE INDEX IF NOT EXISTS results_used ON results (used)")
            conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            if conn.execute("SELECT 1 FROM meta WHERE name = 'schema'").fetchone() is None:
                conn.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
            # Nothing above wrote to an existing cache: a run that holds its lock
            # does not stop this one from reading.
            conn.execute("SELECT count(*) FROM results WHERE key = x'00'").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{self.path}{suffix}")
            if p.exists():
                p.unlink()

    def _disable(self, error: BaseException) -> None:
        self._disabled = True
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None
        self.error = f"cache disabled: {error}"
        self._warn(self.error)

    @staticmethod
    def _warn(message: str) -> None:
        print(printable(f"tradenews: {message}"), file=sys.stderr)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- batch get / put ----------------------------------------------------

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Results]:
        """The cached results among ``keys`` (undecodable entries count as misses)."""
        found: dict[bytes, Results] = {}
        conn = self._connect()
        if conn is not None and keys:
            unique = list(dict.fromkeys(keys))
            try:
                for i in range(0, len(unique), _LOOKUP_CHUNK):
                    chunk = unique[i : i + _LOOKUP_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(
                        f"SELECT key, value FROM results WHERE key IN ({marks})", chunk
                    ).fetchall()
                    for key, value in rows:
                        decoded = _decode(value)
                        if decoded is not None:
                            found[key] = decoded
            except sqlite3.DatabaseError as e:
                self._damaged(e)  # what was found may come from damaged pages: all misses
                found = {}
            self._touch(list(found))
        hit = sum(1 for k in keys if k in found)
        self.hits += hit
        self.misses += len(keys) - hit
        return found

    def put_many(self, items: Iterable[tuple[bytes, Results]]) -> None:
        """Store results in one transaction (all or nothing), then keep to the size limit."""
        conn = self._connect()
        if conn is None or self.read_only:
            return
        now = _now()
        rows = [(key, _encode(results), now) for key, results in items]
        if not rows:
            return
        if self._write(conn, "INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows):
            self._evict()

    def _write(self, conn: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> bool:
        """One write transaction; False if the cache cannot take it (then no more writes)."""
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(sql, rows)
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return True
        except sqlite3.DatabaseError as e:
            if not is_corrupt(e):  # locked for too long, read-only, disk full: keep the data
                self._no_writes(e)
            elif self._damaged(e) and self._conn is not None:
                return self._write(self._conn, sql, rows)  # into the new file
            return False

    def _touch(self, keys: list[bytes]) -> None:
        """Mark hits as just used, for the least-recently-used eviction."""
        if self._conn is None or self.read_only or not keys:
            return
        now = _now()
        self._write(
            self._conn, "UPDATE results SET used = ? WHERE key = ?", [(now, k) for k in keys]
        )

    # -- size limit ---------------------------------------------------------

    def limit_bytes(self) -> int:
        """The size limit: $TRADENEWS_CACHE_SIZE, else the one set with `cache limit`."""
        if self._limit is None:
            self._limit = DEFAULT_LIMIT
            env = os.environ.get(LIMIT_ENV)
            stored = self._meta("limit")
            for value in (env, stored):
                if value:
                    try:
                        self._limit = parse_size(value)
                        break
                    except ValueError:
                        continue
        return self._limit

    def set_limit(self, limit: int) -> None:
        """Store a new size limit in the cache itself and evict down to it now."""
        conn = self._connect()
        if conn is None or self.read_only:
            raise OSError(self.error or self.read_only or "the cache cannot be written")
        if self._write(conn, "INSERT OR REPLACE INTO meta VALUES (?, ?)", [("limit", str(limit))]):
            self._limit = None if os.environ.get(LIMIT_ENV) else limit
            self._evict()
        else:
            raise OSError(self.read_only or self.error or "the cache cannot be written")

    def _meta(self, name: str) -> str | None:
        conn = self._connect()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def data_bytes(self) -> int:
        """Bytes of the database in use (pages holding data; free pages are reused)."""
        conn = self._connect()
        if conn is None:
            return 0
        try:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            free = conn.execute("PRAGMA freelist_count").fetchone()[0]
            size = conn.execute("PRAGMA page_size").fetchone()[0]
        except sqlite3.DatabaseError:
            return 0
        return int((pages - free) * size)

    def _evict(self) -> None:
        """Least recently used results out until the data is within the limit."""
        limit = self.limit_bytes()
        for _ in range(8):
            used = self.data_bytes()
            conn = self._conn
            if used <= limit or conn is None or self.read_only:
                return
            try:
                count = conn.execute("SELECT count(*) FROM results").fetchone()[0]
            except sqlite3.DatabaseError as e:
                self._damaged(e)
                return
            if not count:
                return
            # Down to 90% of the limit, so that eviction is not run on every batch.
            n = max(1, math.ceil(count * (used - 0.9 * limit) / used))
            sql = "DELETE FROM results WHERE key IN (SELECT key FROM results ORDER BY used LIMIT ?)"
            if not self._write(conn, sql, [(n,)]):
                return

    # -- maintenance --------------------------------------------------------

    def info(self) -> CacheInfo:
        """Where the cache is, how many results it holds, its size and its limit."""
        entries = 0
        problem = _not_a_directory(self.directory)
        if problem is None and self.path.exists():
            conn = self._connect()
            if conn is not None:
                try:
                    entries = conn.execute("SELECT count(*) FROM results").fetchone()[0]
                except sqlite3.DatabaseError as e:
                    self._disable(e)
            problem = self.error or self.read_only
        limit = self.limit_bytes() if problem is None else DEFAULT_LIMIT
        return CacheInfo(self.path, entries, self._size(), limit, problem)

    def clear(self) -> CacheCleared:
        """Delete every cached result and give the disk space back."""
        before = self._size()
        entries = 0
        if self.path.exists():
            conn = self._connect()
            if conn is not None and self.read_only:
                raise OSError(self.read_only)
            if conn is not None:
                try:
                    entries = conn.execute("SELECT count(*) FROM results").fetchone()[0]
                    conn.execute("DELETE FROM results")
                    conn.execute("VACUUM")
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.DatabaseError as e:
                    if not is_corrupt(e):
                        raise OSError(f"cache {self.path} cannot be cleared ({e})") from None
                    self._disable(e)
            if self._disabled:  # a corrupt file: removing it is the clear
                self.close()
                self._remove_files()
        after = self._size()
        return CacheCleared(self.path, entries, max(0, before - after), after)

    def _size(self) -> int:
        total = 0
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{self.path}{suffix}")
            if p.is_file():
                total += p.stat().st_size
        return total


def is_corrupt(error: BaseException) -> bool:
    """Whether SQLite says the file is damaged or not a database (not locked, not read-only)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def _not_a_directory(directory: Path) -> str | None:
    """Why the cache directory can be neither used nor made, if so.

    A symbolic link to a directory that is gone (a disk not mounted, a folder
    deleted) is reported, not followed: making its target could fill the wrong disk.
    """
    if directory.exists() and not directory.is_dir():
        return f"{CACHE_ENV}={directory} is not a directory; the cache is not used"
    for path in (directory, *directory.parents):
        if path.exists():
            return None
        if path.is_symlink():
            where = f"cache directory {directory}" + (f": {path}" if path != directory else "")
            return (
                f"{where} is a symbolic link to {os.readlink(path)}, which does not exist;"
                " the cache is not used"
            )
    return None


def _now() -> int:
    return int(time.time())


_UNITS = {"": 1, "B": 1, "K": 10**3, "KB": 10**3, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9}
_UNITS.update({"KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "T": 10**12, "TB": 10**12})


def parse_size(text: str) -> int:
    """'500MB', '2G', '1.5GB', '800000' -> bytes (units of 1000; KiB, MiB, GiB of 1024)."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", text)
    unit = match.group(2).upper() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size such as 500MB or 2GB")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size < MIN_LIMIT:
        raise ValueError(f"{text!r} is too small: the least is {format_size(MIN_LIMIT)}")
    return size


def format_size(n: int) -> str:
    """Bytes for people: '0 B', '56 kB', '1.2 MB', '3.4 GB' (units of 1000)."""
    if n < 1000:
        return f"{n} B"
    for unit, scale in (("kB", 10**3), ("MB", 10**6), ("GB", 10**9)):
        if n < scale * 1000 or unit == "GB":
            value = n / scale
            return f"{value:.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"
    return f"{n} B"


def _encode(results: Results) -> bytes:
    data = json.dumps(results, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), 6)


def _decode(value: bytes) -> Results | None:
    try:
        results = json.loads(zlib.decompress(value))
    except (zlib.error, ValueError, TypeError):
        return None
    return results if isinstance(results, dict) else None

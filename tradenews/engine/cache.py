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

import hashlib
import json
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_ENV = "TRADENEWS_CACHE_DIR"
CACHE_FILE = "results.sqlite3"
SCHEMA_VERSION = 1
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


@dataclass(frozen=True)
class CacheCleared:
    """What ``tradenews cache clear`` reports."""

    path: Path
    entries: int
    bytes_freed: int


class ResultCache:
    """Batch get/put of analysis results keyed by :func:`cache_key`.

    The cache never makes a run fail: if the file is unreadable or corrupt it is
    recreated, and if that fails too the cache switches itself off for the run
    (``error`` says why) and every document is analyzed as if uncached.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / CACHE_FILE
        self.hits = 0
        self.misses = 0
        self.error: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._disabled = False

    # -- connection ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        try:
            self._conn = self._open()
        except (sqlite3.DatabaseError, OSError) as first:
            # A corrupt or foreign file: start afresh rather than fail the run.
            try:
                self._remove_files()
                self._conn = self._open()
                self._warn(f"cache file {self.path} was unreadable ({first}); started a new one")
            except (sqlite3.DatabaseError, OSError) as e:
                self._disable(e)
        return self._conn

    def _open(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
                " WITHOUT ROWID"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
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
        print(f"tradenews: {message}", file=sys.stderr)

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
                self._disable(e)
                found = {}
        hit = sum(1 for k in keys if k in found)
        self.hits += hit
        self.misses += len(keys) - hit
        return found

    def put_many(self, items: Iterable[tuple[bytes, Results]]) -> None:
        """Store results in one transaction (all or nothing)."""
        conn = self._connect()
        if conn is None:
            return
        rows = [(key, _encode(results)) for key, results in items]
        if not rows:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", rows)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            self._disable(e)

    # -- maintenance --------------------------------------------------------

    def info(self) -> CacheInfo:
        """Where the cache is, how many results it holds and its size on disk."""
        entries = 0
        if self.path.exists():
            conn = self._connect()
            if conn is not None:
                try:
                    entries = conn.execute("SELECT count(*) FROM results").fetchone()[0]
                except sqlite3.DatabaseError as e:
                    self._disable(e)
        return CacheInfo(self.path, entries, self._size())

    def clear(self) -> CacheCleared:
        """Delete every cached result and give the disk space back."""
        before = self._size()
        entries = 0
        if self.path.exists():
            conn = self._connect()
            if conn is not None:
                try:
                    entries = conn.execute("SELECT count(*) FROM results").fetchone()[0]
                    conn.execute("DELETE FROM results")
                    conn.execute("VACUUM")
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.DatabaseError as e:
                    self._disable(e)
            if self._disabled:  # a corrupt file: removing it is the clear
                self.close()
                self._remove_files()
        return CacheCleared(self.path, entries, max(0, before - self._size()))

    def _size(self) -> int:
        total = 0
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{self.path}{suffix}")
            if p.exists():
                total += p.stat().st_size
        return total


def _encode(results: Results) -> bytes:
    data = json.dumps(results, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), 6)


def _decode(value: bytes) -> Results | None:
    try:
        results = json.loads(zlib.decompress(value))
    except (zlib.error, ValueError, TypeError):
        return None
    return results if isinstance(results, dict) else None

"""Faults around a run: odd output targets, signals, dead workers, a cache in trouble."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import tradenews.engine.cache as cache_module
from tradenews.cli import main
from tradenews.engine.cache import CACHE_FILE, ResultCache, format_size, parse_size
from tradenews.outfiles import check_target, open_output, sweep_stale_temp_files
from tradenews.outtemp import origin

ARTICLE = "Officials from India and Japan met to discuss tariffs on steel and market access.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# -- output to devices and FIFOs ---------------------------------------------------


@pytest.mark.skipif(not IS_ROOT, reason="mknod of a character device needs root")
def test_character_device_is_written_through_never_replaced(article: Path, tmp_path: Path):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # our own /dev/null
    for option in ("-o", "--report"):
        result = run("topics", str(article), option, str(null), "-f", "csv")
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(null.stat().st_mode)
    assert not list(tmp_path.glob(".tradenews-*"))


def test_fifo_is_written_through_to_its_reader(article: Path, tmp_path: Path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = run("topics", str(article), "-o", str(fifo), "-f", "csv")
    thread.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"topic,label")


@pytest.mark.skipif(not IS_ROOT, reason="mknod of a block device needs root")
def test_block_device_is_refused_before_any_work(article: Path, tmp_path: Path):
    block = tmp_path / "block"
    os.mknod(block, 0o600 | stat.S_IFBLK, os.makedev(7, 200))
    result = run("topics", str(article), "-o", str(block), "-f", "csv")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_unwritable_targets_are_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="is a directory"):
        check_target(str(tmp_path), "--output")
    with pytest.raises(ValueError, match="does not exist"):
        check_target(str(tmp_path / "no" / "x.csv"), "--report")
    check_target(str(tmp_path / "fine.csv"), "--output")
    check_target("-", "--output")


def test_stale_temp_files_of_dead_processes_are_swept(tmp_path: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".tradenews-{dead.pid}.{origin()}-abc.tmp"
    live = tmp_path / f".tradenews-{os.getppid()}.{origin()}-abc.tmp"
    foreign = tmp_path / ".other-1-abc.tmp"
    for path in (stale, live, foreign):
        path.write_text("x")
    assert sweep_stale_temp_files(str(tmp_path)) == [stale.name]
    assert live.exists() and foreign.exists() and not stale.exists()
    with open_output(str(tmp_path / "out.csv"), sys.stdout) as fh:
        fh.write("ok\n")
    assert (tmp_path / "out.csv").read_text() == "ok\n"


# -- signals ------------------------------------------------------------------------


def _slow_run(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, Path]:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"a{i:03d}.txt").write_text(ARTICLE * 20, encoding="utf-8")
    target = tmp_path / "out.csv"
    env = {**os.environ, "TRADENEWS_DEBUG": ""}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tradenews", "entities", str(folder), "-o", str(target)]
        + ["--no-cache", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    return proc, target


def _wait_for_temp_file(folder: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not list(folder.glob(".tradenews-*.tmp")):
        assert proc.poll() is None and time.monotonic() < deadline, "the run never started"
        time.sleep(0.1)


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_clean_up_like_ctrl_c(tmp_path: Path, signum: int, status: int):
    proc, target = _slow_run(tmp_path)
    _wait_for_temp_file(tmp_path, proc)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == status, stderr
    assert b"terminated" in stderr and b"Traceback" not in stderr
    assert not target.exists()
    assert not list(tmp_path.glob(".tradenews-*"))


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_workers_die_with_a_killed_parent(tmp_path: Path):
    proc, _ = _slow_run(tmp_path, "-j", "2")
    deadline = time.monotonic() + 120
    while len(_children(proc.pid)) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "no workers started"
        time.sleep(0.1)
    workers = _children(proc.pid)
    proc.kill()
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


# -- the cache in trouble ---------------------------------------------------------------


def _filled(directory: Path, n: int = 20) -> None:
    with ResultCache(directory) as cache:
        cache.put_many((bytes([i]) * 32, {"topics": [{"topic": "t" * 100}]}) for i in range(n))


def _count(directory: Path) -> int:
    conn = sqlite3.connect(directory / CACHE_FILE)
    try:
        return conn.execute("SELECT count(*) FROM results").fetchone()[0]
    finally:
        conn.close()


def test_locked_cache_is_read_not_wiped(tmp_path: Path, monkeypatch, capsys):
    _filled(tmp_path)
    monkeypatch.setattr(cache_module, "LOCK_TIMEOUT", 0.2)
    holder = sqlite3.connect(tmp_path / CACHE_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run in the middle of a long write
    try:
        with ResultCache(tmp_path) as cache:
            assert len(cache.get_many([bytes([i]) * 32 for i in range(20)])) == 20
            cache.put_many([(b"n" * 32, {"topics": []})])
            assert cache.read_only and cache.error is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _count(tmp_path) == 20
    err = capsys.readouterr().err
    assert "cannot be written" in err and "kept" in err


def test_exclusively_locked_cache_is_left_alone(tmp_path: Path, monkeypatch):
    _filled(tmp_path)
    monkeypatch.setattr(cache_module, "LOCK_TIMEOUT", 0.2)
    holder = sqlite3.connect(tmp_path / CACHE_FILE, isolation_level=None, timeout=0.2)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with ResultCache(tmp_path) as cache:
            cache.get_many([b"\0" * 32])
            cache.put_many([(b"n" * 32, {"topics": []})])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _count(tmp_path) == 20


@pytest.mark.skipif(IS_ROOT, reason="root writes read-only files anyway")
def test_read_only_cache_file_and_directory_keep_their_data(tmp_path: Path, capsys):
    _filled(tmp_path)
    (tmp_path / CACHE_FILE).chmod(0o444)
    with ResultCache(tmp_path) as cache:
        assert len(cache.get_many([bytes([i]) * 32 for i in range(20)])) == 20
        cache.put_many([(b"n" * 32, {"topics": []})])
    tmp_path.chmod(0o555)
    try:
        with ResultCache(tmp_path) as cache:
            info = cache.info()
        assert info.entries == 20 and info.problem
    finally:
        tmp_path.chmod(0o755)
        (tmp_path / CACHE_FILE).chmod(0o644)
    assert _count(tmp_path) == 20


def test_cache_that_cannot_be_written_is_read_and_kept(tmp_path: Path, monkeypatch, capsys):
    """What a read-only file or directory does, for root too (who may write anyway)."""
    _filled(tmp_path)

    def read_only(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(ResultCache, "_open", read_only)
    with ResultCache(tmp_path) as cache:
        assert len(cache.get_many([bytes([i]) * 32 for i in range(20)])) == 20
        cache.put_many([(b"n" * 32, {"topics": []})])
        info = cache.info()
    assert info.entries == 20 and "cannot be written" in (info.problem or "")
    assert _count(tmp_path) == 20
    assert "readonly database" in capsys.readouterr().err


def test_read_only_cache_is_told_apart_from_a_corrupt_one(tmp_path: Path):
    from tradenews.engine.cache import is_corrupt

    (tmp_path / "junk").write_bytes(b"this is not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError) as corrupt:
        sqlite3.connect(tmp_path / "junk").execute("SELECT 1 FROM sqlite_master").fetchone()
    assert is_corrupt(corrupt.value)
    _filled(tmp_path)
    conn = sqlite3.connect(f"{(tmp_path / CACHE_FILE).as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as read_only:
        conn.execute("DELETE FROM results")
    assert not is_corrupt(read_only.value)


def test_least_recently_used_results_go_first(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRADENEWS_CACHE_SIZE", "1MB")
    clock = iter(range(1_000_000))
    monkeypatch.setattr(cache_module, "_now", lambda: next(clock))
    blob = {"topics": [{"evidence": os.urandom(3000).hex()}]}  # ~6 kB, incompressible
    with ResultCache(tmp_path) as cache:
        cache.put_many([(b"keep" + bytes(28), blob)])
        for i in range(400):
            cache.put_many([(i.to_bytes(32, "big"), blob)])
            assert cache.get_many([b"keep" + bytes(28)])  # used all along
        assert cache.data_bytes() <= 1_000_000
        assert cache.get_many([(0).to_bytes(32, "big")]) == {}  # the oldest went first
        assert cache.get_many([(399).to_bytes(32, "big")])
        assert cache.info().limit_bytes == 1_000_000


def test_cache_limit_command_and_info(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRADENEWS_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("TRADENEWS_CACHE_SIZE", raising=False)
    assert run("cache", "limit", "250MB").stdout.strip() == "size limit 250 MB"
    info = run("cache", "info")
    assert info.exit_code == 0 and "size limit 250 MB" in info.stdout
    assert run("cache", "limit", "lots").exit_code == 2
    assert parse_size("2GB") == 2_000_000_000 and parse_size("1.5 GiB") == 3 * 2**29
    assert format_size(56_300) == "56.3 kB" and format_size(999) == "999 B"


def test_info_and_clear_report_the_same_sizes(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRADENEWS_CACHE_DIR", str(tmp_path))
    _filled(tmp_path, 60)
    with ResultCache(tmp_path) as cache:
        info = cache.info()
        cleared = cache.clear()
    assert cleared.entries == info.entries == 60
    assert cleared.bytes_freed + cleared.size_bytes == info.size_bytes
    _filled(tmp_path, 60)
    shown = run("cache", "info").stdout.splitlines()[1]
    said = run("cache", "clear").stdout
    assert shown.startswith("60 results, ") and said.startswith("removed 60 results from ")
    assert "freed" in said and "left" in said


def test_cache_dir_that_is_a_file_is_an_error_in_cache_info(tmp_path: Path, monkeypatch):
    afile = tmp_path / "afile"
    afile.write_text("x")
    monkeypatch.setenv("TRADENEWS_CACHE_DIR", str(afile))
    result = run("cache", "info")
    assert result.exit_code == 1
    assert "not a directory" in result.stderr


# -- worker processes that die or fail ---------------------------------------------------

# Runs the CLI with the worker tokenizer rigged: a text with POISON kills its worker
# every time, ONCE kills it the first time only, BUG raises an error in the worker.
RIGGED = """
import os, signal, sys
import tradenews.engine.runner as runner
real = runner._DatingTokenizer.__call__
def rigged(self, text):
    marker = os.environ["ONCE_MARKER"]
    if "POISON" in text or ("ONCE" in text and not os.path.exists(marker)):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    if "BUG" in text:
        raise ValueError("a bug in a component")
    return real(self, text)
runner._DatingTokenizer.__call__ = rigged
from tradenews.cli import main
main(sys.argv[1:])
"""


def _rigged_run(tmp_path: Path, marked: str | None, *options: str):
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for i in range(40):
        text = ARTICLE.replace("India", ["India", "Brazil", "Kenya", "Mexico"][i % 4])
        if i == 7 and marked:
            text += f"{marked}\n"
        (folder / f"d{i:02d}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "ONCE_MARKER": str(tmp_path / "marker"), "TRADENEWS_DEBUG": ""}
    return subprocess.run(
        [sys.executable, "-c", RIGGED, "topics", str(folder), "--by", "doc", "-f", "csv"]
        + ["--no-cache", *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_a_worker_killed_once_costs_nothing(tmp_path: Path):
    reference = _rigged_run(tmp_path, None, "-j", "1")
    rigged = _rigged_run(tmp_path, "ONCE", "-j", "2")
    assert rigged.returncode == 0, rigged.stderr
    assert "a worker process died (killed by SIGKILL)" in rigged.stderr
    assert rigged.stdout == reference.stdout


def test_a_document_that_kills_every_worker_is_skipped_without_hanging(tmp_path: Path):
    result = _rigged_run(tmp_path, "POISON", "-j", "2")
    assert result.returncode == 1, result.stderr
    skipped = [line for line in result.stderr.splitlines() if "tradenews: skipped" in line]
    assert len(skipped) == 1 and "d07.txt" in skipped[0] and "worker process died" in skipped[0]
    docs = {Path(line.split(",")[0]).name for line in result.stdout.splitlines()[1:]}
    assert "d07.txt" not in docs and len(docs) == 39


def test_an_error_in_a_worker_is_one_line_and_its_own_status(tmp_path: Path):
    result = _rigged_run(tmp_path, "BUG", "-j", "2")
    assert result.returncode == 70
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "tradenews: internal error: ValueError: ValueError: a bug in a component "
        "(set TRADENEWS_DEBUG=1 for details)"
    ]


# -- one long document costs what its parts cost ---------------------------------------


def test_a_long_document_is_analyzed_in_parts_of_bounded_size():
    from tradenews.engine.chunks import split_text

    text = ("Tariffs on steel rose again this week. " * 40 + "\n\n") * 160  # ~250,000 chars
    parts = list(split_text(text, 1_000_000))
    assert len(parts) >= 3
    assert all(len(part) <= 100_000 for _, part in parts)
    assert "".join(part for _, part in parts) == text


def test_batches_are_bounded_by_characters_as_well_as_by_count():
    from tradenews.engine.runner import char_batches

    sizes = [3_000] * 40 + [90_000, 90_000, 5_000, 250_000, 1_000]
    batches = list(char_batches(sizes, 16, 100_000, lambda n: n))
    assert [n for b in batches for n in b] == sizes
    for batch in batches:
        assert len(batch) <= 16
        assert len(batch) == 1 or sum(batch) <= 100_000
    assert [len(b) for b in batches[:3]] == [16, 16, 8]


def test_the_model_never_gets_more_than_a_batch_of_text(nlp):
    from tradenews.document import Document
    from tradenews.engine import runner

    seen: list[int] = []
    real_pipe = nlp.pipe

    def spy(inputs, *args, **kwargs):
        if not kwargs.get("as_tuples"):
            return real_pipe(inputs, *args, **kwargs)
        batch = list(inputs)
        seen.append(sum(len(doc.text) for doc, _ in batch))
        return real_pipe(batch, *args, **kwargs)

    long = ("Officials from India met Japan's trade minister on tariffs. " * 30 + "\n\n") * 150
    docs = [Document(doc=f"d{i}", text=long if i == 2 else ARTICLE) for i in range(5)]
    nlp.pipe = spy
    try:
        out = list(runner.analyze(nlp, docs))
    finally:
        nlp.pipe = real_pipe
    assert [d.doc for d, _ in out] == ["d0", "d1", "d2", "d3", "d4"]
    assert max(seen) <= runner.BATCH_CHARS
    countries = {c["country"] for c in out[2][1]["countries"]}
    assert {"IND", "JPN"} <= countries

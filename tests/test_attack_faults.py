"""Faults around a run, seen from the whole command: other runs sharing an output
directory (other containers, other machines), output that cannot be written, a
results cache damaged in the middle, odd Parquet columns, a dangling cache link."""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main
from tradenews.engine.cache import CACHE_FILE, ResultCache
from tradenews.outtemp import origin

ARTICLE = "Officials from India and Japan met to discuss tariffs on steel and market access.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ENV = {**os.environ, "TRADENEWS_DEBUG": ""}
FOREIGN = "0" * 12  # the origin part of a temporary name written in another PID namespace


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def tradenews(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """The command in its own process (for file descriptors, limits and signals)."""
    command = [sys.executable, "-m", "tradenews", *args]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=300, **kwargs)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _dead_pid() -> int:
    """A pid that no process of this machine has (a process of another namespace may)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# -- temporary output files of other runs ---------------------------------------------

_HOLD_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()
"""


def test_a_live_writers_temp_file_is_kept_whatever_pid_its_name_carries(
    article: Path, tmp_path: Path
):
    """A writer in another PID namespace: its pid means nothing here, its lock does."""
    dead = _dead_pid()
    hour_ago = time.time() - 7200
    live = [
        tmp_path / f".tradenews-{dead}.{FOREIGN}-writing1.tmp",
        tmp_path / f".tradenews-{dead}-writing2.tmp",  # the name older versions wrote
        tmp_path / f".tradenews-{dead}.{origin()}-writing3.tmp",
    ]
    holders = []
    for path in live:
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD_LOCK, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        os.utime(path, (hour_ago, hour_ago))  # idle for long: only the lock says it is live
        holders.append(holder)
    stale = [
        tmp_path / f".tradenews-{dead}.{FOREIGN}-crashed1.tmp",
        tmp_path / f".tradenews-{dead}-crashed2.tmp",
        tmp_path / f".tradenews-{dead}.{origin()}-crashed3.tmp",
    ]
    for path in stale:
        path.write_text("half")
        os.utime(path, (hour_ago, hour_ago))
    try:
        result = run("topics", str(article), "-o", str(tmp_path / "out.csv"), "-f", "csv")
    finally:
        for holder in holders:
            holder.communicate(b"", timeout=30)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.csv").read_text().startswith("topic,label")
    assert all(path.exists() for path in live)
    assert not any(path.exists() for path in stale)


def test_a_recent_unlocked_temp_file_of_another_origin_is_kept(article: Path, tmp_path: Path):
    """Where locks are not shared (NFS without locking), a foreign file is swept only
    once it has been left alone for long."""
    dead = _dead_pid()
    recent = tmp_path / f".tradenews-{dead}.{FOREIGN}-recent.tmp"
    recent.write_text("being written on another machine")
    mine = tmp_path / f".tradenews-{dead}.{origin()}-mine.tmp"
    mine.write_text("left by a run of this machine that died")
    result = run("topics", str(article), "-o", str(tmp_path / "out.csv"), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert recent.exists() and not mine.exists()


def _can_unshare() -> bool:
    if not IS_ROOT or shutil.which("unshare") is None:
        return False
    choose_pid = "echo 300 > /proc/sys/kernel/ns_last_pid"
    probe = ["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", choose_pid]
    return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0


def _wait_for(pattern: str, folder: Path, proc: subprocess.Popen) -> Path:
    deadline = time.monotonic() + 120
    while True:
        found = list(folder.glob(pattern))
        if found:
            return found[0]
        assert proc.poll() is None and time.monotonic() < deadline, "the run never started"
        time.sleep(0.05)


@pytest.mark.skipif(not _can_unshare(), reason="needs root and unshare(1) for a PID namespace")
def test_a_run_in_another_pid_namespace_keeps_its_output(article: Path, tmp_path: Path):
    """Two runs writing to one directory from two PID namespaces (two containers on a
    shared volume): the second run's sweep must not take the first one's file."""
    out = tmp_path / "shared"
    out.mkdir()
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text())
    last = next(p for p in range(pid_max - 1000, pid_max - 2000, -1) if not _alive(p + 1))
    # In the new namespace the run gets pid `last + 1`, which no process here has.
    script = 'echo "$1" > /proc/sys/kernel/ns_last_pid && shift && "$0" -m tradenews "$@"; exit $?'
    first = subprocess.Popen(
        ["unshare", "--pid", "--fork", "--mount-proc", "sh", "-c", script, sys.executable]
        + [str(last), "entities", "-", "--stdin-jsonl", "-o", str(out / "first.csv"), "--no-cache"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    # The first run holds its temporary file open while it waits for its input.
    temp = _wait_for(".tradenews-*.tmp", out, first)
    pid = int(temp.name.split("-")[1].split(".")[0])
    if _alive(pid):
        first.kill()
        pytest.skip(f"pid {pid} of the other namespace is in use here too")
    second = run("topics", str(article), "-o", str(out / "second.csv"), "-f", "csv")
    assert second.exit_code == 0, second.stderr
    assert temp.exists()
    line = json.dumps({"text": ARTICLE}) + "\n"
    _, stderr = first.communicate(line.encode(), timeout=300)
    assert first.returncode == 0, stderr
    assert "India" in (out / "first.csv").read_text()
    assert not list(out.glob(".tradenews-*"))


# -- output that cannot be written -------------------------------------------------------


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    return lines[0]


def _many_documents(tmp_path: Path, n: int = 60) -> Path:
    path = tmp_path / "many.jsonl"
    lines = (json.dumps({"text": f"{ARTICLE.strip()} Round {i}."}) for i in range(n))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_file_size_limit_is_one_line_and_the_old_output_is_kept(tmp_path: Path, fmt: str):
    """`ulimit -f`: the write fails with EFBIG (Python ignores SIGXFSZ, which would kill)."""
    target = tmp_path / f"out.{fmt}"
    target.write_text("the previous output\n")
    result = tradenews(
        "entities", str(_many_documents(tmp_path)), "-o", str(target), "--no-cache",
        preexec_fn=_limit_file_size,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert line == f"tradenews: cannot write {target}: file too large; nothing was written"
    assert target.read_text() == "the previous output\n"
    assert not list(tmp_path.glob(".tradenews-*"))


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """Our own /dev/full: every write fails with ENOSPC."""
    if not IS_ROOT:
        pytest.skip("mknod of a character device needs root")
    path = tmp_path / "full"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    return path


def test_a_full_disk_behind_the_output_is_one_line(article: Path, full_device: Path):
    result = tradenews("entities", str(article), "-o", str(full_device), "-f", "csv", "--no-cache")
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert line == f"tradenews: cannot write {full_device}: no space left on device"
    assert stat.S_ISCHR(full_device.stat().st_mode)


@pytest.mark.parametrize("fmt", ["csv", "table", "xlsx"])
def test_a_full_disk_behind_standard_output_is_one_line(article: Path, full_device: Path, fmt: str):
    with open(full_device, "w") as stdout:
        command = [sys.executable, "-m", "tradenews", "entities", str(article), "-f", fmt]
        result = subprocess.run(
            [*command, "--no-cache"], stdout=stdout, stderr=subprocess.PIPE, text=True, env=ENV,
            timeout=300,
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert line == "tradenews: cannot write standard output: no space left on device"


def _with_stdout_closed(*args: str) -> subprocess.CompletedProcess[str]:
    script = 'exec "$0" -m tradenews "$@" >&-'
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *args],
        capture_output=True, text=True, env=ENV, timeout=300,
    )  # fmt: skip


def test_a_closed_standard_output_is_a_usage_error_before_any_work(article: Path):
    for command in (
        ("entities", str(article), "--no-cache"),
        ("topics", str(article), "--no-cache", "--report", "-", "-o", os.devnull),
        ("taxonomy",),
    ):
        result = _with_stdout_closed(*command)
        assert result.returncode == 2, result.stderr
        assert "standard output is closed" in result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_closed_standard_output_does_not_matter_with_an_output_file(
    article: Path, tmp_path: Path
):
    target = tmp_path / "out.csv"
    result = _with_stdout_closed("entities", str(article), "-o", str(target), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "India" in target.read_text()
    # Descriptor 1 was free: nothing may have taken it and written there by mistake.
    report = tmp_path / "report.html"
    result = _with_stdout_closed("report", str(article), "-o", str(report), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert report.read_text().lstrip().startswith("<!")


# -- a results cache damaged in the middle -------------------------------------------------


def _fill(cache_file: Path, n: int = 400) -> None:
    """Results of other documents, whose keys sort before any real one: the document
    of the test is then in the last leaf page of each table, far from the first."""
    conn = sqlite3.connect(cache_file)
    rows = [(b"\0\0" + i.to_bytes(4, "big") + b"\0" * 26, os.urandom(900), 0) for i in range(n)]
    conn.executemany("INSERT INTO results VALUES (?, ?, ?)", rows)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _damage_last_leaf(cache_file: Path, tree: str) -> None:
    """Overwrite the last leaf page of one b-tree: SQLite opens the file and finds the
    damage only when a query reaches that page."""
    conn = sqlite3.connect(cache_file)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path", (tree,)
    ).fetchall()
    conn.close()
    assert len(pages) > 2, pages
    with open(cache_file, "r+b") as fh:
        fh.seek((pages[-1][0] - 1) * size)
        fh.write(b"\xa5" * size)


@pytest.mark.parametrize("tree", ["results", "results_used"])
def test_a_cache_damaged_in_the_middle_is_replaced_once(
    article: Path, tmp_path: Path, monkeypatch, tree: str
):
    """Found on a read (the results) or on a write (the last-use index): the file is
    replaced with one warning, the run's output is right, the next run uses the cache."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("TRADENEWS_CACHE_DIR", str(cache_dir))
    args = ("entities", str(article), "-f", "csv")
    first = run(*args)
    assert first.exit_code == 0 and first.stderr == "", first.stderr
    cache_file = cache_dir / CACHE_FILE
    _fill(cache_file)
    _damage_last_leaf(cache_file, tree)

    damaged = run(*args)
    assert damaged.exit_code == 0, damaged.stderr
    assert damaged.stdout == first.stdout
    assert damaged.stderr.count("tradenews:") == 1, damaged.stderr
    assert "was corrupt" in damaged.stderr and "started a new one" in damaged.stderr

    after = run(*args)
    assert after.exit_code == 0 and after.stderr == "", after.stderr
    assert after.stdout == first.stdout
    with ResultCache(cache_dir) as store:
        assert store.get_many(_keys(store)) and store.hits == 1
    conn = sqlite3.connect(cache_file)
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()


def _keys(store: ResultCache) -> list[bytes]:
    conn = sqlite3.connect(store.path)
    keys = [row[0] for row in conn.execute("SELECT key FROM results")]
    conn.close()
    return keys


def test_a_dangling_cache_link_is_one_warning_and_the_run_completes(
    article: Path, tmp_path: Path, monkeypatch
):
    gone = tmp_path / "unmounted" / "cache"
    link = tmp_path / "cache"
    link.symlink_to(gone)
    monkeypatch.setenv("TRADENEWS_CACHE_DIR", str(link))
    result = run("entities", str(article), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "India" in result.stdout
    assert result.stderr == (
        f"tradenews: cache directory {link} is a symbolic link to {gone}, which does not"
        " exist; the cache is not used\n"
    )
    assert not gone.parent.exists()  # the link's target is not made: it may be another disk
    info = run("cache", "info")
    assert info.exit_code == 1 and "symbolic link" in info.stderr


# -- Parquet columns ------------------------------------------------------------------------


def test_a_parquet_file_without_a_text_column_is_one_skip(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "stories.parquet"
    pq.write_table(pa.table({"story": [ARTICLE] * 50, "headline": ["Steel talks"] * 50}), path)
    result = run("entities", str(path), "-f", "csv", "--no-cache")
    assert result.exit_code == 1
    assert result.stderr == (
        f"tradenews: skipped {path}: no text column (tried text, body, content;"
        " the columns are: story, headline)\n"
    )


def test_a_binary_parquet_text_column_is_read_as_utf8_text(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "binary.parquet"
    texts = [ARTICLE.encode(), b"\xff\xfe\x00 not text \x81", "Café owners in France.".encode()]
    titles = [b"Steel", b"Noise", "Caf\u00e9s".encode()]
    table = pa.table({"text": pa.array(texts, pa.binary()), "title": pa.array(titles)})
    pq.write_table(table, path)
    result = run("entities", str(path), "-f", "csv", "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"tradenews: skipped {path}#2: the text field is binary data that is not UTF-8 text",
        "tradenews: 3 documents, 1 skipped",
    ]
    assert f"{path}#1,country,India" in result.stdout
    assert f"{path}#3,country,France" in result.stdout


def test_messages_for_a_closed_standard_error_never_reach_the_output(article: Path, tmp_path: Path):
    """A warning printed to a closed stderr would land on stdout, inside the CSV."""
    link = tmp_path / "cache"
    link.symlink_to(tmp_path / "gone")
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m tradenews "$@" 2>&-', sys.executable]
        + ["entities", str(article), "-f", "csv"],
        capture_output=True, text=True, timeout=300,
        env={**ENV, "TRADENEWS_CACHE_DIR": str(link)},
    )  # fmt: skip
    assert result.returncode == 0
    assert "tradenews:" not in result.stdout
    assert result.stdout.startswith("doc,kind,name") and "India" in result.stdout

"""--scheduler under fault: workers that would give other results, a document that kills its
worker, addresses that are not a scheduler, and a scheduler lost mid-run. Every cluster here
is a `dask scheduler` / `dask worker` on 127.0.0.1, started as a user would."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dask_processes import free_port, start, stop

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
PACKAGE = Path(__file__).resolve().parent.parent / "tradenews"
# A worker-side stand-in for a document too big for the worker's memory: the worker
# preloads this and dies (SIGKILL, as the nanny's memory guard does) when the model is
# handed a text with the marker, or more text at once than a part of a long document.
# Documents with the slow marker take a second each, so a run can be caught mid-way.
KILLER = """
import os, signal, time
from tradenews.engine import runner

_real = getattr(runner, "_unhooked_make_doc", runner._make_doc)
runner._unhooked_make_doc = _real


def _make_doc(nlp, text, dct):
    if "Zqxkill" in text or len(text) > runner.BATCH_CHARS:
        os.kill(os.getpid(), signal.SIGKILL)
    if "Zqxslow" in text:
        time.sleep(1.0)
    return _real(nlp, text, dct)


runner._make_doc = _make_doc
"""
TAXONOMY = """version: 1
threshold: 0.2
topics:
  - id: shipping
    label: Shipping
    scope: ships and ports
    cues: [container ship, =port congestion, freight rate]
"""


def _story(i: int, extra: str = "") -> dict[str, str]:
    text = (
        f"Freight rates rose {i} percent as port congestion in Rotterdam grew, and "
        f"tariffs on steel imports would rise, officials in Brazil said. {extra}"
    )
    return {"id": f"d{i}", "date": "2024-05-06", "text": text}


def _jsonl(path: Path, stories: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    return path


class Cluster:
    """A scheduler and one worker (with a nanny, which restarts it when it dies)."""

    def __init__(self, tmp: Path, *, worker_env: dict[str, str] | None = None) -> None:
        self.address = f"tcp://127.0.0.1:{free_port()}"
        port = self.address.rsplit(":", 1)[1]
        # Dask gives up on a task at the first worker death (default: the fourth).
        env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
        self.scheduler = start(
            "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard", env=env
        )
        hook = tmp / "killer_hook.py"
        hook.write_text(KILLER, encoding="utf-8")
        elsewhere = tmp / "worker-cwd"  # not where the client runs: paths mean nothing here
        elsewhere.mkdir(exist_ok=True)
        self.worker = start(
            "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
            "--no-dashboard", "--preload", str(hook),
            cwd=elsewhere, env={**os.environ, **(worker_env or {})},
        )  # fmt: skip
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(1, timeout=120)

    def stop(self) -> None:
        for proc in (self.worker, self.scheduler):
            stop(proc)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def other_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A worker running a copy of tradenews whose country data names Brazil otherwise."""
    tmp = tmp_path_factory.mktemp("other")
    copy = tmp / "site" / "tradenews"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    countries = copy / "data" / "countries.yaml"
    countries.write_text(
        countries.read_text(encoding="utf-8").replace("Brazil", "Brasil"), encoding="utf-8"
    )
    running = Cluster(tmp, worker_env={"PYTHONPATH": str(tmp / "site")})
    yield running
    running.stop()


def _tradenews(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(BIN / "tradenews"), *args, "-q"],
        capture_output=True,
        check=False,
        timeout=300,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


# ------------------------------------------------------------------ workers that differ


def test_a_worker_with_other_data_is_refused_and_nothing_is_cached(other_cluster, tmp_path):
    docs = _jsonl(tmp_path / "docs.jsonl", [_story(i) for i in range(6)])
    cache = {"TRADENEWS_CACHE_DIR": str(tmp_path / "cache")}
    args = ["entities", str(docs), "-f", "csv"]
    run = _tradenews(*args, "--scheduler", other_cluster.address, env=cache)
    assert run.returncode == 2, run.stderr.decode()
    assert run.stdout == b""
    lines = run.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert "1 Dask worker(s) would give other results" in lines[0]
    assert "tcp://127.0.0.1:" in lines[0] and "package data" in lines[0]
    # A local run that follows prints its own results: none came from that worker.
    cached = _tradenews(*args, env=cache)
    fresh = _tradenews(*args, "--no-cache")
    assert cached.returncode == 0 and b"Brazil" in fresh.stdout
    assert cached.stdout == fresh.stdout


def test_results_are_stored_under_the_fingerprint_of_the_worker_that_computed_them(
    other_cluster, tmp_path, monkeypatch
):
    """Past the check on connecting (a worker that joins later), a batch computed by a
    worker with another pipeline is refused, and never stored under this machine's key."""
    from tradenews.document import Document
    from tradenews.engine import Pipeline, analyze, cluster
    from tradenews.engine.cache import ResultCache
    from tradenews.engine.model import WorkerMismatch
    from tradenews.engine.runner import document_key

    monkeypatch.setattr(cluster, "check_workers", lambda *args: None, raising=False)
    pipeline = Pipeline(None, ["topics"])
    docs = [Document(doc=f"d{i}", text=_story(i)["text"]) for i in range(4)]
    with ResultCache(tmp_path) as cache:
        with pytest.raises(WorkerMismatch, match="package data"):
            list(analyze(pipeline, docs, cache=cache, scheduler=other_cluster.address))
        keys = [document_key(pipeline.fingerprint(), d) for d in docs]
        assert cache.get_many(keys) == {}


def test_a_relative_taxonomy_path_reaches_the_workers_as_its_content(cluster, tmp_path):
    (tmp_path / "my.yaml").write_text(TAXONOMY, encoding="utf-8")
    _jsonl(tmp_path / "docs.jsonl", [_story(i) for i in range(5)])
    args = ["topics", "docs.jsonl", "--taxonomy", "my.yaml", "--by", "doc", "-f", "csv"]
    local = _tradenews(*args, "--no-cache", cwd=tmp_path)
    remote = _tradenews(*args, "--no-cache", "--scheduler", cluster.address, cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr.decode()
    assert b"shipping" in local.stdout
    assert remote.stdout == local.stdout


# ------------------------------------------------------------------ a document that kills


def test_a_document_that_kills_its_worker_is_skipped_and_the_rest_kept(cluster, tmp_path):
    stories = [_story(i) for i in range(12)]
    killer = _story(5, "Zqxkill")
    killer["id"] = "killer"
    docs = _jsonl(tmp_path / "docs.jsonl", stories[:5] + [killer] + stories[5:])
    clean = _jsonl(tmp_path / "clean.jsonl", stories)
    args = ["--id-field", "id", "--by", "doc", "-f", "csv", "--no-cache"]
    local = _tradenews("topics", str(clean), *args)
    remote = _tradenews(
        "topics", str(docs), *args, "--scheduler", cluster.address,
        "--report", str(tmp_path / "report.json"),
    )  # fmt: skip
    assert remote.returncode == 1, remote.stderr.decode()
    skips = [line for line in remote.stderr.decode().splitlines() if "skipped" in line]
    assert len(skips) == 1 and "killer" in skips[0] and "Dask worker died" in skips[0], skips
    assert remote.stdout == local.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (report["ok"], report["skipped"]) == (12, 1)


def test_a_long_document_reaches_the_workers_model_in_parts(cluster, tmp_path):
    """The worker dies if the model is handed more than a part: it is not."""
    long_text = (_story(1)["text"] + "\n\n") * 1_500  # about 250,000 characters
    docs = _jsonl(tmp_path / "long.jsonl", [{"id": "long", "text": long_text}, _story(2)])
    args = ["topics", str(docs), "--by", "doc", "-f", "csv", "--no-cache"]
    local = _tradenews(*args)
    remote = _tradenews(*args, "--scheduler", cluster.address)
    assert remote.returncode == 0, remote.stderr.decode()
    assert remote.stdout == local.stdout


# ------------------------------------------------------------------ scheduler addresses


@pytest.mark.parametrize(
    "address",
    ["foo", "http://127.0.0.1:8786", "tls://", "tcp://127.0.0.1", "tcp://:8786",
     "tcp://127.0.0.1:99999", "udp://127.0.0.1:8786"],
)  # fmt: skip
def test_a_malformed_address_is_a_usage_error_before_any_work(address, tmp_path):
    docs = _jsonl(tmp_path / "docs.jsonl", [_story(1)])
    run = _tradenews("topics", str(docs), "--no-cache", "--scheduler", address)
    assert run.returncode == 2, run.stderr.decode()
    assert run.stdout == b""
    assert "--scheduler" in run.stderr.decode() and "Traceback" not in run.stderr.decode()


def test_address_forms_dask_takes_are_accepted():
    from tradenews.engine.address import parse_scheduler

    assert parse_scheduler("LOCAL") == "local"
    assert parse_scheduler("127.0.0.1:8786") == "tcp://127.0.0.1:8786"
    assert parse_scheduler("TLS://[::1]:8786") == "tls://[::1]:8786"


class _Server:
    """A TCP server on 127.0.0.1 that accepts and stays silent, or answers as HTTP does."""

    def __init__(self, answer: bytes | None) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.address = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.answer = answer
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            if self.answer is not None:
                conn.recv(65536)
                conn.sendall(self.answer)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (None, "no Dask scheduler answered"),
        (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "does not speak Dask"),
    ],
)
def test_a_port_that_is_not_a_scheduler_is_one_line_not_a_hang(answer, said, tmp_path):
    docs = _jsonl(tmp_path / "docs.jsonl", [_story(1)])
    server = _Server(answer)
    try:
        run = _tradenews("topics", str(docs), "--no-cache", "--scheduler", server.address)
    finally:
        server.close()
    lines = run.stderr.decode().strip().splitlines()
    assert run.returncode == 69, lines
    assert len(lines) == 1 and said in lines[0] and server.address in lines[0], lines
    assert "MemoryError" not in lines[0] and run.stdout == b""


# ------------------------------------------------------------------ a scheduler lost


def test_a_scheduler_killed_mid_run_is_one_line_and_nothing_half_written(tmp_path):
    from distributed import Client

    running = Cluster(tmp_path)
    try:
        docs = _jsonl(tmp_path / "docs.jsonl", [_story(i, "Zqxslow") for i in range(40)])
        out, report = tmp_path / "out.csv", tmp_path / "report.json"
        out.write_text("earlier output\n", encoding="utf-8")
        run = subprocess.Popen(
            [str(BIN / "tradenews"), "topics", str(docs), "--no-cache", "-q", "-o", str(out),
             "--report", str(report), "--scheduler", running.address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        with Client(running.address, timeout="60s") as client:
            deadline = time.monotonic() + 120
            while not any(client.processing().values()) and time.monotonic() < deadline:
                time.sleep(0.05)
        stop(running.scheduler)
        stdout, stderr = run.communicate(timeout=90)
    finally:
        running.stop()
    lines = stderr.decode().strip().splitlines()
    assert run.returncode == 69, lines
    assert len(lines) == 1 and lines[0].startswith("Error: lost the Dask scheduler at"), lines
    assert running.address in lines[0]
    assert out.read_text(encoding="utf-8") == "earlier output\n"
    assert not report.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

"""--scheduler: a Dask cluster on loopback (a scheduler and two workers, started as a user
would with `dask scheduler` / `dask worker`) gives the bytes of a local run."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dask_processes import free_port, start, stop

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
COUNTRIES = ["India", "Brazil", "Japan", "Germany", "Mexico", "Canada", "China", "Kenya"]
OFFICIALS = [
    "Commerce Minister Piyush Goyal",
    "Trade Representative Jamieson Greer",
    "Treasury Secretary Scott Bessent",
    "Finance Minister Anna Weber",
]
TOPICS = [
    "tariffs on steel imports would rise by 25%",
    "exports of soybeans fell for a third month",
    "the central bank cut interest rates to support the currency",
    "talks on a free trade agreement resumed",
]
DAYS = ["Monday", "on March 3", "last week", "in the second quarter", "next year"]


def _stories(n: int) -> list[dict[str, str]]:
    """Short wire-style stories built from parts (no text from any corpus)."""
    out = []
    for i in range(n):
        country, other = COUNTRIES[i % 8], COUNTRIES[(i * 3 + 1) % 8]
        text = (
            f"{country}'s {OFFICIALS[i % 4]} said {DAYS[i % 5]} that {TOPICS[i % 4]}. "
            f"Officials in {other} said {TOPICS[(i + 1) % 4]}, and {TOPICS[(i + 2) % 4]}."
        )
        out.append({"id": f"s{i}", "date": f"2024-{i % 12 + 1:02d}-15", "text": text})
    return out


def _write(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps(s) + "\n" for s in _stories(n)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 stories for topics; the model-bound commands read the first 80 (``small``)."""
    return _write(tmp_path_factory.mktemp("cluster") / "stories.jsonl", 600)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("cluster") / "small.jsonl", 80)


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    scheduler = start("scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard")
    workers = [
        start(
            "worker",
            address,
            "--host",
            "127.0.0.1",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--name",
            f"w{i}",
        )  # fmt: skip
        for i in range(2)
    ]
    try:
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, workers
    finally:
        for proc in [*workers, scheduler]:
            stop(proc)


def _tradenews(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(BIN / "tradenews"), *args, "--no-cache", "-q"],
        capture_output=True,
        check=False,
        timeout=600,
    )


@pytest.mark.parametrize(
    ("command", "rows"), [(("entities",), 300), (("topics", "--by", "doc"), 600)]
)
def test_cluster_run_writes_the_bytes_of_a_local_run(cluster, corpus, small, command, rows):
    address, _ = cluster
    path = str(corpus if command[0] == "topics" else small)
    local = _tradenews(*command, path, "-f", "csv")
    remote = _tradenews(*command, path, "-f", "csv", "--scheduler", address)
    assert local.returncode == remote.returncode == 0, remote.stderr.decode()
    assert local.stdout.count(b"\n") > rows
    assert remote.stdout == local.stdout


def test_a_worker_killed_mid_run_loses_nothing(cluster, small, tmp_path):
    from distributed import Client

    address, workers = cluster
    local = _tradenews("entities", str(small), "-f", "csv")
    out = tmp_path / "remote.csv"
    run = subprocess.Popen(
        [str(BIN / "tradenews"), "entities", str(small), "--no-cache", "-q"]
        + ["--scheduler", address, "-o", str(out)],
        stderr=subprocess.PIPE,
    )
    with Client(address, timeout="60s") as client:
        deadline = time.monotonic() + 120
        while not any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        stop(workers[1])  # while its tasks are running
    assert run.wait(timeout=600) == 0, run.stderr.read() if run.stderr else ""
    assert out.read_bytes() == local.stdout


def test_unreachable_scheduler_is_one_line(corpus):
    result = _tradenews("topics", str(corpus), "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert result.returncode != 0
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "scheduler" in lines[0], lines

"""The cluster path's cost: --scheduler local with 2 workers vs --jobs 2, on the same cores.

Usage (from the repository root, with the project's virtualenv and the dask extra)::

    .venv/bin/python benchmarks/cluster.py [--limit N] [--corpus PATH]

The corpus is Reuters-21578 as JSONL.gz (--corpus, else $REUTERS21578), written once
as JSONL to a temporary directory. Each run is a fresh `tradenews entities` process
(--no-cache); the cluster runs start their LocalCluster inside that process, so
their time includes starting the workers and loading the model in each. Output:
one line per run (wall time, words/s, CPU of the client), then the throughput ratio
of 2 workers to --jobs 2, the 1 -> 2 worker scaling, and the per-document overhead
of the cluster path ((cluster wall - jobs wall) / documents).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import write_corpus  # the same JSONL corpus as the main benchmark

CORPUS_ENV = "REUTERS21578"


def measure(name: str, args: list[str], words: int) -> float:
    cmd = [str(Path(sys.executable).parent / "tradenews"), *args, "--no-cache", "-q", "-f", "csv"]
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, stdout=devnull)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{name} failed: {' '.join(cmd)}")
    cpu = usage.ru_utime + usage.ru_stime
    load = os.getloadavg()[0]
    print(
        f"{name:<36} {seconds:8.1f} s {words / seconds:10,.0f} words/s"
        f" {cpu:7.1f} CPU s (client)   (load {load:.1f})",
        flush=True,
    )
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--corpus", type=Path, default=os.environ.get(CORPUS_ENV))
    args = parser.parse_args()
    if args.corpus is None:
        parser.error(f"give the corpus with --corpus PATH or ${CORPUS_ENV}")
    with tempfile.TemporaryDirectory(prefix="tradenews-cluster-") as tmp:
        corpus = Path(tmp) / "reuters.jsonl"
        docs, words = write_corpus(args.corpus, corpus, args.limit)
        print(f"corpus: {docs:,} documents, {words:,} words; {os.cpu_count()} CPUs")
        jobs = measure("entities --jobs 2", ["entities", str(corpus), "--jobs", "2"], words)
        two = measure(
            "entities --scheduler local -j 2",
            ["entities", str(corpus), "--scheduler", "local", "--jobs", "2"],
            words,
        )
        one = measure(
            "entities --scheduler local -j 1",
            ["entities", str(corpus), "--scheduler", "local", "--jobs", "1"],
            words,
        )
    ratio = jobs / two
    print()
    print(
        f"{'PASS' if ratio >= 0.85 else 'FAIL'}  2 workers / --jobs 2 (words/s)  {ratio:.2f}"
        "  (target >= 0.85)"
    )
    print(f"      1 -> 2 workers speed-up                 {one / two:.2f}")
    print(f"      cluster overhead per document            {(two - jobs) / docs * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

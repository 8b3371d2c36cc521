"""Throughput and memory of the tradenews CLI against bare spaCy, on Reuters-21578.

Usage (from the repository root, with the project's virtualenv)::

    .venv/bin/python benchmarks/bench.py [--limit N] [--corpus PATH] [--model NAME]

Every measurement is a fresh subprocess: wall time -> words per second, the
child's peak resident set size from ``os.wait4`` (for ``--jobs 2`` that is the
largest single process) and its CPU time (with its workers). Each line also
shows the 1-minute load average: with other work on the machine, wall-time
ratios (above all ``--jobs 2``) mean little, and CPU seconds tell more.
The corpus is written once as JSONL (text = title and body, date, id) to a
temporary directory outside the repository and deleted at the end. The cache
runs use a temporary ``TRADENEWS_CACHE_DIR``; all other runs pass ``--no-cache``.
All runs use a snapshot of the package copied at the start (``python -m tradenews``
with ``PYTHONPATH``), so edits to the tree during a run do not mix versions.
Output: one line per run, then one PASS/FAIL line per target.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Reuters-21578 as JSONL.gz: --corpus, else $REUTERS21578.
CORPUS_ENV = "REUTERS21578"
ROOT = Path(__file__).resolve().parent.parent
BATCH_SIZE = 16  # the batch size tradenews uses, so the baseline differs only in pipes

BARE_SPACY = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
def texts():
    with open(sys.argv[2], encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]
n = 0
for doc in nlp.pipe(texts(), batch_size=int(sys.argv[3])):
    n += len(doc.ents)
print(n, "entities;", "pipes:", ",".join(nlp.pipe_names), file=sys.stderr)
"""


@dataclass
class Run:
    name: str
    seconds: float
    rss_mb: float
    words: int
    cpu_seconds: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<34} {self.seconds:8.1f} s {self.words_per_s:10,.0f} words/s"
            f" {self.rss_mb:8.0f} MB peak RSS {self.cpu_seconds:8.1f} CPU s"
        )


def write_corpus(source: Path, target: Path, limit: int | None) -> tuple[int, int]:
    """Reuters articles with any text -> JSONL; returns (documents, words)."""
    docs = words = 0
    with (
        gzip.open(source, "rt", encoding="utf-8") as src,
        open(target, "w", encoding="utf-8") as out,
    ):
        for line in src:
            record = json.loads(line)
            text = "\n".join(p for p in (record["title"].strip(), record["body"]) if p).strip()
            if not text:
                continue
            row = {"id": str(record["newid"]), "date": record["date"][:10], "text": text}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            docs += 1
            words += len(text.split())
            if limit is not None and docs >= limit:
                break
    return docs, words


def measure(name: str, cmd: list[str], words: int, env: dict[str, str] | None = None) -> Run:
    """Run one command in a fresh child; its stdout goes to /dev/null."""
    start = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        proc = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):  # 1 = some inputs skipped, still a full run
        sys.exit(f"{name} failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    run = Run(name, seconds, usage.ru_maxrss / 1024, words, usage.ru_utime + usage.ru_stime)
    load = os.getloadavg()[0]
    print(f"{run.line()}   (load {load:.1f})", flush=True)
    return run


def check(label: str, value: float, target: float, higher_is_better: bool = True) -> bool:
    ok = value >= target if higher_is_better else value <= target
    sign = ">=" if higher_is_better else "<="
    print(f"{'PASS' if ok else 'FAIL'}  {label:<40} {value:7.2f}  (target {sign} {target})")
    return ok


GROUPS = ("bare", "entities", "jobs", "topics", "cache", "rss")


def cache_entries(tradenews: list[str], env: dict[str, str]) -> int:
    """Results in the cache, from `tradenews cache info` (second line: "N results, ...")."""
    out = subprocess.run(
        [*tradenews, "cache", "info"], env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return int(out[1].split()[0].replace(",", "")) if len(out) > 1 else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N documents with text")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=os.environ.get(CORPUS_ENV),
        help=f"Reuters-21578 JSONL.gz (default: ${CORPUS_ENV})",
    )
    parser.add_argument("--model", default=None, help="spaCy model (default: as tradenews)")
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"comma-separated subset of {','.join(GROUPS)} (ratios need both sides)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    if not only <= set(GROUPS):
        parser.error(f"--only: choose from {', '.join(GROUPS)}")
    if args.corpus is None:
        parser.error(f"give the corpus with --corpus PATH or ${CORPUS_ENV}")

    python = sys.executable
    sys.path.insert(0, str(ROOT))
    from tradenews.engine import resolve_model_name

    model = resolve_model_name(args.model)
    tmp = Path(tempfile.mkdtemp(prefix="tradenews-bench-"))
    try:
        corpus = tmp / "reuters.jsonl"
        small = tmp / "reuters-1000.jsonl"
        docs, words = write_corpus(args.corpus, corpus, args.limit)
        docs_1k, words_1k = write_corpus(args.corpus, small, 1000)
        bare = tmp / "bare_spacy.py"
        bare.write_text(BARE_SPACY, encoding="utf-8")
        print(f"corpus: {docs:,} documents, {words:,} words; model {model}; {os.cpu_count()} CPUs")

        # Every run uses one snapshot of the package: edits to the working tree during
        # the benchmark change neither the code measured nor the cache fingerprint.
        snapshot = tmp / "src"
        shutil.copytree(
            ROOT / "tradenews", snapshot / "tradenews", ignore=shutil.ignore_patterns("__pycache__")
        )
        env = dict(os.environ, TRADENEWS_MODEL=model, PYTHONPATH=str(snapshot))
        env.pop("TRADENEWS_CACHE_DIR", None)
        tradenews = [python, "-m", "tradenews"]
        os.chdir(tmp)  # not the repository: `python -m` puts the working directory first
        where = subprocess.run(
            [python, "-c", "import tradenews; print(tradenews.__file__)"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not where.startswith(str(snapshot)):
            sys.exit(f"the snapshot is not the tradenews imported ({where})")
        quiet = ["--format", "csv", "--quiet"]
        nocache = [*quiet, "--no-cache"]
        entities = [*tradenews, "entities", str(corpus)]
        cache_env = dict(env, TRADENEWS_CACHE_DIR=str(tmp / "cache"))
        runs: dict[str, Run] = {}

        help_times = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([*tradenews, "--help"], stdout=subprocess.DEVNULL, env=env, check=True)
            help_times.append(time.perf_counter() - t)
        help_s = min(help_times)
        print(f"{'tradenews --help':<34} {help_s:8.3f} s (best of 5)")

        if "bare" in only:
            runs["bare"] = measure(
                "bare spaCy nlp.pipe (all pipes)",
                [python, str(bare), model, str(corpus), str(BATCH_SIZE)],
                words,
                env,
            )
        if only & {"entities", "jobs", "topics", "rss"}:
            runs["entities"] = measure("tradenews entities", [*entities, *nocache], words, env)
        if "jobs" in only:
            runs["jobs2"] = measure(
                "tradenews entities --jobs 2", [*entities, *nocache, "--jobs", "2"], words, env
            )
        if "topics" in only:
            runs["topics"] = measure(
                "tradenews topics", [*tradenews, "topics", str(corpus), *nocache], words, env
            )
        if "cache" in only:
            runs["cold"] = measure(
                "tradenews entities (cold cache)", [*entities, *quiet], words, cache_env
            )
            filled = cache_entries(tradenews, cache_env)
            runs["warm"] = measure(
                "tradenews entities (warm cache)", [*entities, *quiet], words, cache_env
            )
            added = cache_entries(tradenews, cache_env) - filled
            print(f"cache: {filled:,} results after the cold run; the warm run added {added:,}")
        if "rss" in only:
            runs["1k"] = measure(
                f"tradenews entities, {docs_1k} docs",
                [*tradenews, "entities", str(small), *nocache],
                words_1k,
                env,
            )

        print()
        results = []

        def ratio(a: str, b: str) -> float | None:
            if a in runs and b in runs:
                return runs[a].words_per_s / runs[b].words_per_s
            return None

        for label, a, b, target in (
            ("entities / bare spaCy (words/s)", "entities", "bare", 1.0),
            ("--jobs 2 / --jobs 1 (words/s)", "jobs2", "entities", 1.7),
            ("warm / cold cache (words/s)", "warm", "cold", 20.0),
            ("topics / entities (words/s)", "topics", "entities", 5.0),
        ):
            value = ratio(a, b)
            if value is not None:
                results.append(check(label, value, target))

        # The same targets in CPU time: what the wall-time ratios would be on an idle
        # machine (for --jobs 2, if both workers were kept busy).
        def cpu_ratio(a: str, b: str, workers: int = 1) -> float | None:
            if a in runs and b in runs and runs[a].cpu_seconds:
                return workers * runs[b].cpu_seconds / runs[a].cpu_seconds
            return None

        for label, a, b, workers, target in (
            ("entities / bare spaCy (CPU s)", "entities", "bare", 1, 1.0),
            ("--jobs 2 / --jobs 1 (2 x CPU s, idle est.)", "jobs2", "entities", 2, 1.7),
            ("warm / cold cache (CPU s)", "warm", "cold", 1, 20.0),
            ("topics / entities (CPU s)", "topics", "entities", 1, 5.0),
        ):
            value = cpu_ratio(a, b, workers)
            if value is not None:
                check(label, value, target)
        if "1k" in runs and "entities" in runs:
            results.append(
                check(
                    f"peak RSS {docs} docs / {docs_1k} docs",
                    runs["entities"].rss_mb / runs["1k"].rss_mb,
                    1.3,
                    higher_is_better=False,
                )
            )
        results.append(check("tradenews --help (s)", help_s, 0.5, higher_is_better=False))
        return 0 if all(results) else 1
    finally:
        os.chdir(ROOT)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

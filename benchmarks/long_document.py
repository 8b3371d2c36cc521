"""Peak memory of one long document against the same text as a corpus of its parts.

Usage (from the repository root, with the project's virtualenv)::

    .venv/bin/python benchmarks/long_document.py [TEXT_FILE] [--chars 1000000] [--parts 10]

TEXT_FILE is any long prose file; without it, the stories of Reuters-21578
(``$REUTERS21578``, JSON Lines gzipped) are joined until there is enough text.
The first ``--chars`` characters are written once as one document and once as
``--parts`` documents of a JSON Lines file (in a temporary directory), and
``tradenews entities`` runs on each in a fresh process. Each line gives the peak
resident set size (``os.wait4``) and CPU seconds; the last line the ratio, whose
target is at most 1.5.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_RATIO = 1.5


def long_text(source: Path | None, chars: int) -> str:
    """`chars` characters of prose: from a file, or Reuters stories joined by blank lines."""
    if source is not None:
        text = source.read_text(encoding="utf-8")
    else:
        corpus = os.environ.get("REUTERS21578")
        if not corpus:
            sys.exit("give a TEXT_FILE or set REUTERS21578 to the Reuters JSONL.gz")
        stories, total = [], 0
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            for line in fh:
                body = (json.loads(line).get("body") or "").strip()
                if body:
                    stories.append(body)
                    total += len(body) + 2
                if total > chars:
                    break
        text = "\n\n".join(stories)
    if len(text) < chars:
        sys.exit(f"only {len(text):,} characters of text; {chars:,} needed")
    return text[:chars]


def measure(label: str, args: list[str]) -> float:
    """Run one command; print and return its peak RSS in MB."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace").strip()
    peak = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    print(f"{label:<34} {peak:8,.0f} MB peak RSS {cpu:8.1f} CPU s   exit {code} {err[-120:]}")
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text_file", nargs="?", type=Path)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=10)
    args = parser.parse_args()
    text = long_text(args.text_file, args.chars)
    tradenews = [sys.executable, "-m", "tradenews", "entities", "--no-cache", "-f", "csv"]
    print(f"load average {os.getloadavg()[0]:.1f}; {len(text):,} characters")
    with tempfile.TemporaryDirectory(prefix="tradenews-long-") as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(text, encoding="utf-8")
        many = Path(tmp) / "parts.jsonl"
        size = -(-len(text) // args.parts)
        with many.open("w", encoding="utf-8") as fh:
            for i in range(args.parts):
                part = text[i * size : (i + 1) * size]
                fh.write(json.dumps({"id": f"part{i}", "text": part}) + "\n")
        single = measure("one document", [*tradenews, str(one)])
        corpus = measure(f"{args.parts} documents", [*tradenews, str(many)])
    ratio = single / corpus
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"{verdict}  one document / {args.parts} documents (peak RSS)  {ratio:.2f}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())

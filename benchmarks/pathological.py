"""Seconds a whole `tradenews entities` run takes on inputs shaped to be slow.

Usage (from the repository root, with the project's virtualenv)::

    .venv/bin/python benchmarks/pathological.py [--sizes 50000,100000,200000]
        [--shapes caps,ampersands,...] [--timeout 900]

Each shape is generated at each size (characters), written to a temporary file and
run through ``tradenews entities FILE --no-cache --format json`` in a fresh process.
One line per run: shape, size, wall seconds, and how many records came out. Every
component must stay linear in its input: doubling the size should about double the
time (the first size carries the model's start-up, ~5 s).

Shapes:

- caps: made-up capitalized words without punctuation ("Qelvora Tunib Marost ...");
- caps-heads: capitalized words of bodies' names ("Trade Bank Ministry Council ...");
- caps-of-and: long runs of capitalized words joined by "of" and "and";
- ampersands: "Tariffs " then "&" to the size;
- numbers: numbers separated by spaces;
- prose-line: ordinary sentences on one single line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_WORDS = (
    "Trade Bank Ministry Council Commerce Agency Office Union Board Authority Finance "
    "Industry Energy Court Group Fund Steel Port Federal National Reserve Central "
    "Development Export Import Customs Tariff Policy Review Committee Assembly"
).split()
_SENTENCES = (
    "The Commerce Ministry said on Monday that exports of steel rose 4 percent in March.",
    "Officials from the European Union and Japan met in Geneva to discuss tariffs.",
    "Trade Representative Jamieson Greer told reporters the talks would resume next week.",
    "Shares of Mead Corp fell after the company cut its forecast for the year.",
    "India's Commerce Minister Piyush Goyal said an agreement was close.",
)


def _fill(make: Callable[[random.Random], str], size: int) -> str:
    rng = random.Random(size)
    pieces, total = [], 0
    while total < size:
        piece = make(rng)
        pieces.append(piece)
        total += len(piece)
    return "".join(pieces)[:size]


def _made_up_name(rng: random.Random) -> str:
    """A capitalized word no list knows ("Qelvora"): every one a new name."""
    return rng.choice(string.ascii_uppercase) + "".join(
        rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 8))
    )


SHAPES: dict[str, Callable[[int], str]] = {
    "caps": lambda size: _fill(lambda r: _made_up_name(r) + " ", size),
    "caps-heads": lambda size: _fill(lambda r: r.choice(_WORDS) + " ", size),
    "caps-of-and": lambda size: _fill(
        lambda r: r.choice(_WORDS) + " " + r.choice(("of ", "and ", "", "")), size
    ),
    "ampersands": lambda size: "Tariffs " + "&" * (size - 8),
    "numbers": lambda size: _fill(lambda r: f"{r.randint(0, 10 ** r.randint(1, 9))} ", size),
    "prose-line": lambda size: _fill(lambda r: r.choice(_SENTENCES) + " ", size),
}


def run(path: Path, timeout: float) -> tuple[float, int | None]:
    """(wall seconds, records) of one run; records is None when it timed out or failed."""
    cmd = [sys.executable, "-m", "tradenews", "entities", str(path), "--no-cache"]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [*cmd, "--format", "json"], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        return seconds, None
    return seconds, len(json.loads(proc.stdout or "[]"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="50000,100000,200000")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--timeout", type=float, default=900.0)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'shape':<12} {'chars':>9} {'seconds':>9} {'records':>8}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            for size in sizes:
                path = Path(tmp) / f"{shape}-{size}.txt"
                path.write_text(SHAPES[shape](size), encoding="utf-8")
                seconds, records = run(path, args.timeout)
                shown = "timeout" if records is None else str(records)
                print(f"{shape:<12} {size:>9,} {seconds:>9.1f} {shown:>8}", flush=True)
                os.remove(path)


if __name__ == "__main__":
    main()

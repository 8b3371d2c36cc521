"""Split an annotated set into a part to work on and a part set aside.

Accuracy work reads the errors of the working part only; the set-aside part is scored
at the end, so that a change that helps only the documents in view shows up. The split
is a fixed random draw (seed 2026): everyone gets the same parts.

    python benchmarks/split_sets.py SETDIR OUTDIR [--aside 14]

writes OUTDIR/work and OUTDIR/aside, each a set directory that the scorer takes
(docs/ with links to the documents, and the gold file cut to those documents).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random


def split(setdir: str, outdir: str, aside: int, seed: int = 2026) -> dict[str, list[str]]:
    """Write the two parts of SETDIR under OUTDIR and return their document names."""
    gold_paths = sorted(glob.glob(os.path.join(setdir, "gold*.json")))
    names = sorted(os.listdir(os.path.join(setdir, "docs")))
    drawn = set(random.Random(seed).sample(names, aside))
    parts = {"aside": sorted(drawn), "work": [n for n in names if n not in drawn]}
    for part, members in parts.items():
        docs_dir = os.path.join(outdir, part, "docs")
        os.makedirs(docs_dir, exist_ok=True)
        for name in members:
            link = os.path.join(docs_dir, name)
            if not os.path.lexists(link):
                os.symlink(os.path.abspath(os.path.join(setdir, "docs", name)), link)
        for gold_path in gold_paths:
            with open(gold_path, encoding="utf-8") as f:
                gold = json.load(f)
            gold["docs"] = {k: v for k, v in gold["docs"].items() if k in members}
            with open(os.path.join(outdir, part, os.path.basename(gold_path)), "w") as f:
                json.dump(gold, f, ensure_ascii=False)
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("setdir")
    ap.add_argument("outdir")
    ap.add_argument("--aside", type=int, default=14, help="documents set aside")
    args = ap.parse_args()
    parts = split(args.setdir, args.outdir, args.aside)
    for part, members in parts.items():
        print(f"{part}: {len(members)} documents")


if __name__ == "__main__":
    main()

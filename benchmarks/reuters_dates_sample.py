"""A seeded random sample of the date expressions found in Reuters-21578, for checking by hand.

Each Reuters story's text is its title and body; its DCT is the record's ``date``.
The script runs the date pipeline over a seeded random selection of stories,
draws a seeded random sample of the date records found, and prints each one with
its sentence, DCT and value, so a reader can judge it against the rules in
docs/dates.md. It also reports the date component's own cost per document.

    python benchmarks/reuters_dates_sample.py [--corpus PATH] [--docs 500] [--n 200] [--seed 1987]

The corpus is read where it lies (research use only; nothing of it is stored here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The corpus (reuters21578.jsonl.gz): --corpus, else the REUTERS21578 environment variable.
CORPUS_ENV = "REUTERS21578"


def stories(path: Path) -> Iterator[dict[str, Any]]:
    """Records that have a body (brief and unprocessed ones have none)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("body", "").strip():
                yield record


def text_of(record: dict[str, Any]) -> str:
    body = record["body"].replace("\x03", " ").rstrip()
    return f"{record.get('title', '').strip()}\n\n{body}"


def snippet(text: str, start: int, end: int, width: int = 70) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return re.sub(r"\s+", " ", f"{left}[[{text[start:end]}]]{right}").strip()


def _rank(seed: int, newid: int, entity: dict[str, Any]) -> str:
    key = f"{seed}:{newid}:{entity['start']}:{entity['text']}"
    return hashlib.sha256(key.encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=os.environ.get(CORPUS_ENV))
    parser.add_argument("--docs", type=int, default=500, help="stories to analyze")
    parser.add_argument("--n", type=int, default=200, help="date records to sample")
    parser.add_argument("--seed", type=int, default=1987)
    args = parser.parse_args()
    if args.corpus is None:
        parser.error(f"give --corpus or set {CORPUS_ENV}")

    import tradenews
    from tradenews.engine import build

    del tradenews
    nlp = build(components=("dates",))
    rng = random.Random(args.seed)
    records = list(stories(args.corpus))
    chosen = rng.sample(records, min(args.docs, len(records)))

    extractor = nlp.get_pipe("tradenews_dates")
    texts = [(text_of(r), r) for r in chosen]
    found: list[tuple[dict[str, Any], dict[str, Any], str]] = []
    spent = 0.0
    with nlp.select_pipes(disable=["tradenews_dates"]):
        docs = nlp.pipe((t for t, _ in texts), batch_size=64)
        for doc, (text, record) in zip(docs, texts, strict=True):
            doc._.dct = dt.date.fromisoformat(record["date"][:10]).isoformat()
            began = time.perf_counter()
            extractor(doc)
            spent += time.perf_counter() - began
            for entity in doc._.dates:
                found.append((entity, record, text))

    print(f"stories: {len(chosen)}  date records: {len(found)}")
    print(f"date component alone: {1000 * spent / len(chosen):.3f} ms/doc")
    print()
    # The records with the smallest seeded hashes: a uniform random sample that stays
    # the same for records a change of rules does not touch.
    sample = sorted(found, key=lambda f: _rank(args.seed, f[1]["newid"], f[0]))[: args.n]
    for i, (entity, record, text) in enumerate(sample, 1):
        print(f"{i:3d}. newid={record['newid']} dct={record['date'][:10]}")
        print(f"     {entity['text']!r} -> {entity['value']!r}  (mentions {entity['mentions']})")
        print(f"     {snippet(text, entity['start'], entity['end'])}")


if __name__ == "__main__":
    main()

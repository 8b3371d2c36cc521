"""Country extraction against the Reuters-21578 ``places`` tags.

Reads the corpus where it lies (``--corpus`` or ``$REUTERS21578``; never copied into the repo), runs
the countries component through the library (``tradenews.load()`` with
``nlp.pipe``, the same pipeline ``tradenews entities --kind country`` runs) on
title + body, and compares per-document ISO3 sets with the Reuters place tags
that are countries. Reuters tags are incomplete (a story about a Japanese bank
in London may be tagged ``japan`` only), so recall is the headline figure and
precision is informational.

    .venv/bin/python benchmarks/reuters_countries.py [--limit N] [--jobs 2] [--cli]

``--cli`` runs ``tradenews entities TMP --kind country --format csv`` on a temporary
JSONL file instead (slower; equivalent results).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pycountry

# The corpus (reuters21578.jsonl.gz): --corpus, else the REUTERS21578 environment variable.
CORPUS_ENV = "REUTERS21578"

# Reuters place codes whose ISO3 is not found by their name alone.
REUTERS_TO_ISO3 = {
    "usa": "USA",
    "uk": "GBR",
    "ussr": "SUN",
    "west-germany": "DEU",
    "east-germany": "DDR",
    "czechoslovakia": "CSK",
    "yugoslavia": "YUG",
    "uae": "ARE",
    "burma": "MMR",
    "zaire": "COD",
    "congo": "COG",
    "kampuchea": "KHM",
    "ivory-coast": "CIV",
    "south-korea": "KOR",
    "north-korea": "PRK",
    "iran": "IRN",
    "syria": "SYR",
    "taiwan": "TWN",
    "tanzania": "TZA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "vietnam": "VNM",
    "laos": "LAO",
    "macao": "MAC",
    "turkey": "TUR",
    "swaziland": "SWZ",
    "cape-verde": "CPV",
    "vatican": "VAT",
    "western-samoa": "WSM",
    "trinidad-tobago": "TTO",
    "yemen-arab-republic": "YEM",
    "yemen-demo-republic": "YEM",
    "netherlands-antilles": "ANT",
    "us-virgin-islands": "VIR",
    "british-virgin-islands": "VGB",
}


def place_iso3(code: str) -> str | None:
    """ISO3 of a Reuters place code, or None for a place that is not a country."""
    if code in REUTERS_TO_ISO3:
        return REUTERS_TO_ISO3[code]
    try:
        return pycountry.countries.lookup(code.replace("-", " ")).alpha_3
    except LookupError:
        return None


def load(corpus: Path, limit: int | None, dateline: bool = False) -> list[dict]:
    """Documents with text and at least one country tag, in corpus order."""
    docs = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            gold = {iso for p in row["places"] if (iso := place_iso3(p))}
            parts = (row["title"], row["dateline"] if dateline else "", row["body"])
            text = "\n\n".join(x.strip() for x in parts if x.strip())
            text = text.rstrip("\x03").strip()
            if not gold or not text:
                continue
            docs.append(
                {
                    "id": str(row["newid"]),
                    "text": text,
                    "date": row["date"][:10],
                    "gold": gold,
                    "topics": row["topics"],
                }
            )
            if limit and len(docs) >= limit:
                break
    return docs


def written_countries(docs: list[dict]) -> dict[str, set[str]]:
    """Every country any of whose names, adjectives or capitals occurs in the text at all.

    No context checks: this is the ceiling for an extractor that follows the spec
    (a country counts only where the article refers to it), not a prediction.
    """
    from tradenews.lexicon.places import country_gazetteer, squash

    gaz = country_gazetteer()
    out: dict[str, set[str]] = {}
    for d in docs:
        found = gaz.pattern.finditer(d["text"])
        forms = (gaz.exact.get(squash(m.group(0))) for m in found)
        out[d["id"]] = {f.ref.iso3 for f in forms if f and f.ref}
    return out


def predict_library(docs: list[dict], jobs: int) -> dict[str, set[str]]:
    import tradenews

    nlp = tradenews.load()
    out: dict[str, set[str]] = {}
    texts = ((d["text"], d["id"]) for d in docs)
    for doc, doc_id in nlp.pipe(texts, as_tuples=True, batch_size=64, n_process=jobs):
        out[doc_id] = {c["country"] for c in doc._.countries}
    return out


def predict_cli(docs: list[dict], jobs: int) -> dict[str, set[str]]:
    exe = Path(sys.executable).with_name("tradenews")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reuters.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"id": d["id"], "text": d["text"], "date": d["date"]}) + "\n")
        cmd = [str(exe), "entities", str(path), "--kind", "country", "--format", "csv", "-q",
               "--no-cache", "-j", str(jobs)]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    out: dict[str, set[str]] = {d["id"]: set() for d in docs}
    for row in csv.DictReader(io.StringIO(result.stdout)):
        key = row["doc"].rsplit("#", 1)[-1]
        doc_id = docs[int(key) - 1]["id"] if key.isdigit() else key
        out.setdefault(doc_id, set()).add(row["country"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N tagged documents")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--cli", action="store_true", help="run the CLI instead of the library")
    parser.add_argument(
        "--dateline",
        action="store_true",
        help="keep the dateline ('LONDON, March 2 -') in the text",
    )
    parser.add_argument("--corpus", type=Path, default=os.environ.get(CORPUS_ENV))
    args = parser.parse_args()
    if args.corpus is None:
        parser.error(f"give --corpus or set {CORPUS_ENV}")

    docs = load(args.corpus, args.limit, args.dateline)
    t0 = time.perf_counter()
    pred = (predict_cli if args.cli else predict_library)(docs, args.jobs)
    elapsed = time.perf_counter() - t0

    print(f"documents            {len(docs)} (tagged with at least one country)")
    print(f"text                 title + {'dateline + ' if args.dateline else ''}body")
    print(f"mode                 {'CLI' if args.cli else 'library nlp.pipe'}, jobs={args.jobs}")
    ms = 1000 * elapsed / len(docs)
    print(f"time                 {elapsed:.1f} s, {ms:.1f} ms/doc (whole entity pipeline)")
    subsets = {
        "all tagged documents": lambda d: True,
        "economic topics, not earn/acq": lambda d: (
            bool(d["topics"]) and not set(d["topics"]) & {"earn", "acq"}
        ),
        "topic 'trade'": lambda d: "trade" in d["topics"],
    }
    written = written_countries(docs)
    for label, keep in subsets.items():
        report(label, [d for d in docs if keep(d)], pred, written)


def report(
    label: str, docs: list[dict], pred: dict[str, set[str]], written: dict[str, set[str]]
) -> None:
    """Recall and precision over (document, country) pairs, and the commonest errors."""
    tp = fp = fn = ceiling = 0
    missed: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    for d in docs:
        got = pred.get(d["id"], set())
        tp += len(got & d["gold"])
        ceiling += len(written[d["id"]] & d["gold"])
        fn += len(d["gold"] - got)
        fp += len(got - d["gold"])
        missed.update(d["gold"] - got)
        extra.update(got - d["gold"])
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    print(f"\n[{label}] {len(docs)} documents")
    print(f"  recall             {recall:.4f} ({tp}/{tp + fn} document-country pairs)")
    share = ceiling / (tp + fn) if tp + fn else 0.0
    print(f"  written in text    {share:.4f} ({ceiling}/{tp + fn}, the ceiling under the spec)")
    print(f"  precision vs tags  {precision:.4f} ({tp}/{tp + fp})")
    print(f"  top missed         {missed.most_common(8)}")
    print(f"  top extra          {extra.most_common(8)}")


if __name__ == "__main__":
    main()

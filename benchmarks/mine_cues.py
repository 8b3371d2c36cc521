"""Candidate cue phrases for a topic, mined from Reuters-21578's own category tags.

For one or more Reuters categories (``trade``, ``crude``, ``money-fx`` ...), every
word, two-word and three-word phrase of the stories (TRAIN split only: the TEST
split is kept for measuring) is counted per story, inside and outside the
categories. A phrase is a candidate when many tagged stories use it and few
others do: printed with its document counts, its precision (share of the stories
using it that are tagged) and whether the current taxonomy already matches it
(``covered``: the topics it fires). Nothing is written: a person reads the list,
keeps the phrases that name the topic in any news (not only in 1987 wire copy),
generalizes them, and checks them with ``reuters_topics.py``.

Usage::

    python benchmarks/mine_cues.py --corpus PATH/reuters21578.jsonl.gz trade bop
        [--min-docs 8] [--min-precision 0.6] [--top 80] [--uncovered]
        [--exclude-ids FILE]

The corpus path may also come from ``REUTERS21578``. ``--exclude-ids`` names a
file of story ids (NEWIDs, one per line or as ``r123`` file names) to leave out,
e.g. stories that an evaluation set uses.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator

from reuters_topics import stories

WORD_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
CLAUSE_RE = re.compile(r"[.;:!?,()\"]|\n\s*\n")
STOP = frozenset(
    "a an the of to in on for and or but at by with from as is are was were be been "
    "it its it's this that these those he she they we i you said says say would will "
    "has have had not no also than which who their there his her our said. mln dlrs "
    "reuter pct".split()
)


def phrases(text: str, longest: int = 3) -> Iterator[str]:
    """Word n-grams of a story (n <= longest), within clauses, not led or ended by a stopword."""
    for clause in CLAUSE_RE.split(text.lower()):
        words = WORD_RE.findall(clause)
        for n in range(1, longest + 1):
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram[0] in STOP or gram[-1] in STOP or any(w.isdigit() for w in gram):
                    continue
                yield " ".join(gram)


def excluded_ids(path: str | None) -> set[int]:
    if not path:
        return set()
    with open(path, encoding="utf-8") as fh:
        return {int(m) for m in re.findall(r"\d+", fh.read())}


def mine(args: argparse.Namespace) -> None:
    wanted, skip = set(args.categories), excluded_ids(args.exclude_ids)
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    n_in = n_out = 0
    for story in stories(args.corpus, "TRAIN"):
        if story["newid"] in skip or not story.get("topics"):
            continue
        grams = set(phrases(f"{story['title']}\n\n{story['text']}"))
        if wanted & set(story["topics"]):
            inside.update(grams)
            n_in += 1
        else:
            outside.update(grams)
            n_out += 1
    covered = _coverage(args.taxonomy)
    print(f"{n_in} stories tagged {'/'.join(sorted(wanted))}, {n_out} others (TRAIN)")
    print(f"{'phrase':32} {'in':>5} {'out':>6} {'prec':>5} {'lift':>6}  covered")
    rows = []
    for gram, df_in in inside.items():
        df_out = outside[gram]
        precision = df_in / (df_in + df_out)
        if df_in < args.min_docs or precision < args.min_precision:
            continue
        lift = math.log((df_in / n_in) / ((df_out + 1) / n_out))
        topics = covered(gram)
        if args.uncovered and topics:
            continue
        rows.append((df_in * precision, gram, df_in, df_out, precision, lift, topics))
    for _, gram, df_in, df_out, precision, lift, topics in sorted(rows, reverse=True)[: args.top]:
        print(f"{gram:32} {df_in:5} {df_out:6} {precision:5.2f} {lift:6.1f}  {topics}")


def _coverage(taxonomy: str | None):  # type: ignore[no-untyped-def]
    from tradenews.components.topics import matcher_for, resolve
    from tradenews.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    matcher = matcher_for(tax)

    def covered(gram: str) -> str:
        hits = resolve(matcher.find(gram)[0])
        return ",".join(sorted({tax.topics[h.cue.topic].id for h in hits}))

    return covered


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("categories", nargs="+", help="Reuters topic categories, e.g. trade bop")
    ap.add_argument("--corpus", default=os.environ.get("REUTERS21578"))
    ap.add_argument("--taxonomy", help="taxonomy to test coverage against (default: shipped)")
    ap.add_argument("--min-docs", type=int, default=8)
    ap.add_argument("--min-precision", type=float, default=0.6)
    ap.add_argument("--top", type=int, default=80)
    ap.add_argument("--uncovered", action="store_true", help="only phrases no cue matches")
    ap.add_argument("--exclude-ids", help="file of story ids to leave out")
    args = ap.parse_args()
    if not args.corpus:
        sys.exit("mine_cues.py: give --corpus PATH or set REUTERS21578")
    mine(args)


if __name__ == "__main__":
    main()

"""Reuters-21578 check of the default taxonomy against the Reuters editors' tags.

Reuters editors tagged each 1987 story with categories. For one split (the TEST
split by default; cues are mined from TRAIN, see ``mine_cues.py``), this prints:

- ``trade`` stories that get a trade topic (trade_agreements, tariffs,
  market_access, trade_disputes, trade_flows), and the same with the policy topics
  alone;
- stories tagged only ``earn`` or only ``acq`` (company results, mergers) that
  wrongly get a trade topic;
- ``crude`` -> energy, ``grain`` -> agriculture, ``money-fx`` or ``interest`` ->
  currency_finance, and for information ``nat-gas`` -> energy, ``jobs`` ->
  macroeconomy or labor, and the share of ``earn``-only stories with any topic;

then the speed of the topics-only pipeline (bare tokenizer) against the full
``tradenews.load()`` pipeline on the same documents.

Usage::

    python benchmarks/reuters_topics.py --corpus PATH/reuters21578.jsonl.gz
        [--split TEST|TRAIN|ALL] [--taxonomy FILE] [--threshold X]
        [--speed-docs 2000] [--no-speed] [--misses N]

The corpus path may also come from the environment variable ``REUTERS21578``.
The corpus is research-use only: it is read in place, never copied.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

TRADE_POLICY = frozenset({"trade_agreements", "tariffs", "market_access", "trade_disputes"})
TRADE_TOPICS = TRADE_POLICY | {"trade_flows"}


@dataclass
class Measure:
    """Share of the stories a filter selects that get one of some topics."""

    name: str
    selects: Callable[[list[str]], bool]
    topics: frozenset[str] | None  # None: any topic at all
    target: str = ""
    hits: int = 0
    total: int = 0
    shown: list[str] = field(default_factory=list)

    def add(self, story: dict[str, Any], found: set[str], misses: int) -> None:
        if not self.selects(story.get("topics") or []):
            return
        hit = bool(found if self.topics is None else found & self.topics)
        self.total += 1
        self.hits += hit
        wrong = hit if self.target.startswith("<=") else not hit
        if wrong and len(self.shown) < misses:
            self.shown.append(f"  {story['newid']}: {story.get('title', '')[:90]}")

    def line(self) -> str:
        share = self.hits / self.total if self.total else 0.0
        target = f"(target {self.target})" if self.target else ""
        return f"{self.name:34} {self.hits:5}/{self.total:<5} = {share:7.2%} {target}"


def measures() -> list[Measure]:
    def tagged(*cats: str) -> Callable[[list[str]], bool]:
        return lambda tags: any(c in tags for c in cats)

    def only(cat: str) -> Callable[[list[str]], bool]:
        return lambda tags: tags == [cat]

    return [
        Measure("trade -> trade topic", tagged("trade"), TRADE_TOPICS, ">= 92%"),
        Measure("trade -> trade-policy topic", tagged("trade"), TRADE_POLICY),
        Measure("earn-only -> trade topic", only("earn"), TRADE_TOPICS, "<= 2%"),
        Measure("acq-only -> trade topic", only("acq"), TRADE_TOPICS, "<= 2%"),
        Measure("crude -> energy", tagged("crude"), frozenset({"energy"}), ">= 90%"),
        Measure("grain -> agriculture", tagged("grain"), frozenset({"agriculture"}), ">= 90%"),
        Measure(
            "money-fx|interest -> currency_finance",
            tagged("money-fx", "interest"),
            frozenset({"currency_finance"}),
            ">= 90%",
        ),
        Measure("nat-gas -> energy", tagged("nat-gas"), frozenset({"energy"})),
        Measure("jobs -> macroeconomy|labor", tagged("jobs"), frozenset({"macroeconomy", "labor"})),
        Measure("earn-only -> any topic", only("earn"), None),
    ]


def stories(path: str, split: str = "ALL") -> Iterator[dict[str, Any]]:
    """Stories with a title or body; ``title`` and ``text`` (the body) kept apart."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            if split != "ALL" and story.get("lewissplit") != split:
                continue
            story["title"] = " ".join(story.get("title", "").split())
            story["text"] = story.get("body", "").replace("\u0003", "").strip()
            if story["title"] or story["text"]:
                yield story


def evaluate(path: str, split: str, taxonomy: str | None, threshold: float | None, n: int) -> None:
    from tradenews.components.topics import score_topics
    from tradenews.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    table = measures()
    for story in stories(path, split):
        found = {
            r["topic"]
            for r in score_topics(story["text"], tax, threshold, title=story["title"] or None)
        }
        for m in table:
            m.add(story, found, n)
    print(f"Reuters-21578 {split} split")
    for m in table:
        print(m.line())
        if m.shown:
            print("\n".join(m.shown))


def throughput(path: str, n_docs: int) -> None:
    import tradenews

    texts = [
        f"{s['title']}\n\n{s['text']}" if s["title"] else s["text"]
        for s in itertools.islice(stories(path), n_docs)
    ]
    results = {}
    for name, nlp in (
        ("topics only", tradenews.load(components=("topics",))),
        ("full pipeline", tradenews.load()),
    ):
        cpu, start = time.process_time(), time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        results[name] = len(texts) / cpu
        print(
            f"{name:14} {len(texts)} docs in {elapsed:6.1f} s wall, {cpu:6.1f} s CPU"
            f" = {results[name]:7.0f} docs per CPU second"
        )
    ratio = results["topics only"] / results["full pipeline"]
    print(f"topics-only is {ratio:.0f}x faster than the full pipeline in CPU time (target >= 10x)")
    print(f"load average: {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--corpus", default=os.environ.get("REUTERS21578"), help="reuters21578.jsonl.gz"
    )
    ap.add_argument("--split", default="TEST", choices=("TEST", "TRAIN", "ALL"))
    ap.add_argument("--taxonomy", help="taxonomy file (default: the shipped one)")
    ap.add_argument("--threshold", type=float, help="score threshold (default: the taxonomy's)")
    ap.add_argument("--speed-docs", type=int, default=2000)
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput measurement")
    ap.add_argument("--misses", type=int, default=0, help="list up to N errors per measure")
    a = ap.parse_args()
    if not a.corpus:
        sys.exit("reuters_topics.py: give --corpus PATH or set REUTERS21578")
    evaluate(a.corpus, a.split, a.taxonomy, a.threshold, a.misses)
    if not a.no_speed:
        throughput(a.corpus, a.speed_docs)


if __name__ == "__main__":
    main()

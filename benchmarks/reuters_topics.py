"""Reuters-21578 check of the trade-policy topics, and topics-only throughput.

Reuters editors tagged each 1987 story with categories. Two questions:

- recall: of the stories tagged ``trade``, what share gets at least one of the
  trade-policy topics (trade_agreements, tariffs, market_access, trade_disputes)?
- precision: of the stories tagged only ``earn`` or only ``acq`` (company results,
  mergers), what share wrongly gets one?

Then the speed of the topics-only pipeline (bare tokenizer) against the full
``tradenews.load()`` pipeline on the same documents.

Usage::

    python benchmarks/reuters_topics.py [--corpus PATH] [--taxonomy FILE]
        [--threshold X] [--speed-docs 2000] [--no-speed] [--misses N]

The corpus is research-use only: it is read in place, never copied.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

DEFAULT_CORPUS = "/work/shared/corpora/reuters21578/reuters21578.jsonl.gz"
TRADE_TOPICS = {"trade_agreements", "tariffs", "market_access", "trade_disputes"}


def stories(path: str) -> Iterator[dict[str, Any]]:
    """Stories with text (title, blank line, body, as `tradenews topics` joins them)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            title = story.get("title", "").strip()
            body = story.get("body", "").replace("\u0003", "").strip()
            if title or body:
                story["text"] = f"{title}\n\n{body}" if title else body  # as the CLI does
                yield story


def evaluate(corpus: str, taxonomy: str | None, threshold: float | None, misses: int) -> None:
    from tradenews.components.topics import score_topics
    from tradenews.taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    groups: dict[str, list[int]] = {"trade": [0, 0], "earn-only": [0, 0], "acq-only": [0, 0]}
    figures_only = 0  # trade stories with no policy topic but macroeconomy (trade figures)
    shown: dict[str, list[str]] = {"trade": [], "earn-only": [], "acq-only": []}
    for story in stories(corpus):
        cats = story.get("topics") or []
        keys = []
        if "trade" in cats:
            keys.append("trade")
        if cats == ["earn"]:
            keys.append("earn-only")
        if cats == ["acq"]:
            keys.append("acq-only")
        if not keys:
            continue
        found = {r["topic"] for r in score_topics(story["text"], tax, threshold)}
        hit = bool(found & TRADE_TOPICS)
        figures_only += "trade" in keys and not hit and "macroeconomy" in found
        for key in keys:
            groups[key][0] += 1
            groups[key][1] += hit
            wrong = (key == "trade") != hit
            if wrong and len(shown[key]) < misses:
                shown[key].append(f"  {story['newid']}: {story.get('title', '')[:90]}")
    for key, (total, hits) in groups.items():
        share = hits / total if total else 0.0
        want = "target >= 90%" if key == "trade" else "target <= 5%"
        print(f"{key:10} {hits:5}/{total:<5} = {share:6.1%} with a trade-policy topic ({want})")
        if shown[key]:
            print("\n".join(shown[key]))
    total, hits = groups["trade"]
    if total:
        print(
            f"trade stories without a policy topic but with macroeconomy (trade figures): "
            f"{figures_only} ({figures_only / total:.1%}); policy or figures: "
            f"{(hits + figures_only) / total:.1%}"
        )


def throughput(corpus: str, n_docs: int) -> None:
    import tradenews
    from tradenews.engine import build

    texts = [s["text"] for s in itertools.islice(stories(corpus), n_docs)]
    results = {}
    for name, nlp in (
        ("topics only", build(components=("topics",))),
        ("full pipeline", tradenews.load()),
    ):
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        elapsed = time.perf_counter() - start
        results[name] = len(texts) / elapsed
        print(f"{name:14} {len(texts)} docs in {elapsed:6.1f} s = {results[name]:8.0f} docs/s")
    ratio = results["topics only"] / results["full pipeline"]
    print(f"topics-only is {ratio:.0f}x faster than the full pipeline (target >= 5x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--taxonomy", help="taxonomy file (default: the shipped one)")
    ap.add_argument("--threshold", type=float, help="score threshold (default: the taxonomy's)")
    ap.add_argument("--speed-docs", type=int, default=2000)
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput measurement")
    ap.add_argument("--misses", type=int, default=0, help="list up to N misses per group")
    a = ap.parse_args()
    evaluate(a.corpus, a.taxonomy, a.threshold, a.misses)
    if not a.no_speed:
        throughput(a.corpus, a.speed_docs)


if __name__ == "__main__":
    main()

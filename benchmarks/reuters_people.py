"""Person recall and speed of the officials component on Reuters-21578.

Reuters-21578 tags each story with the people it is about, as lower-case surnames
(``yeutter``, ``james-baker``, ``de-larosiere``). For every tagged (story, person)
pair we ask: did tradenews report an official or person whose surname matches?

Matching rule: fold the tag and the record's name (accents stripped, case-folded,
dots and apostrophes dropped). The tag's hyphen-separated parts, read from the
right, must equal the record's last words split on spaces and hyphens: one part
(``yeutter`` ~ "Clayton Yeutter"), or two when the tag has two parts and the
record's last two name parts agree (``de-larosiere`` ~ "Jacques de Larosiere");
a tag whose last part alone equals the record's last name part also matches
(``james-baker`` ~ "James Baker", ``de-larosiere`` ~ "Larosiere").

The corpus is read where it lies (research use only); nothing is copied.
Usage::

    .venv/bin/python benchmarks/reuters_people.py [--limit 500] [--corpus PATH]

Each story is analyzed as the CLI does: headline, blank line, body.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The corpus (reuters21578.jsonl.gz): --corpus, else the REUTERS21578 environment variable.
CORPUS_ENV = "REUTERS21578"


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[.'\u2019]", "", text.casefold())


def name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"[\s\-]+", fold(name)) if p]


def matches(tag: str, name: str) -> bool:
    """Does a Reuters people tag name the same person as a record's name?"""
    tag_parts = [p for p in fold(tag).split("-") if p]
    parts = name_parts(name)
    if not tag_parts or not parts:
        return False
    if parts[-1] == tag_parts[-1]:
        return True
    return len(tag_parts) >= 2 and parts[-2:] == tag_parts[-2:]


def stories(path: Path, limit: int) -> Iterator[dict[str, Any]]:
    """Stories with a non-empty people tag and a body, in corpus order."""
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            if story.get("people") and (story.get("body") or "").strip():
                yield story
                n += 1
                if n >= limit:
                    return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=500, help="stories to read (default 500)")
    parser.add_argument("--corpus", type=Path, default=os.environ.get(CORPUS_ENV))
    parser.add_argument("--misses", action="store_true", help="print the pairs not found")
    args = parser.parse_args(argv)
    if args.corpus is None:
        parser.error(f"give --corpus or set {CORPUS_ENV}")

    import tradenews
    from tradenews.lexicon.headlines import article_text

    nlp = tradenews.load()
    docs = list(stories(args.corpus, args.limit))
    texts = [article_text(d.get("title"), d["body"]) for d in docs]
    nlp("warm-up sentence for the pipeline.")
    t0 = time.perf_counter()
    analyzed = list(nlp.pipe(texts, batch_size=32))
    elapsed = time.perf_counter() - t0
    # the officials component alone, re-run on the analyzed docs
    component = nlp.get_pipe("tradenews_officials")
    t1 = time.perf_counter()
    for doc in analyzed:
        component(doc)
    own = time.perf_counter() - t1

    pairs = found = officials = people = 0
    for story, doc in zip(docs, analyzed, strict=True):
        names = [p["name"] for p in doc._.people or []]
        officials += sum(1 for p in doc._.people or [] if p["kind"] == "official")
        people += len(names)
        for tag in story["people"]:
            pairs += 1
            if any(matches(tag, n) for n in names):
                found += 1
            elif args.misses:
                print(f"miss {story['newid']}: {tag!r} in {names}", file=sys.stderr)

    print(f"stories               {len(docs)}")
    print(f"tagged pairs          {pairs}")
    print(f"pairs found           {found}")
    print(f"person recall         {found / pairs:.4f}" if pairs else "person recall n/a")
    print(f"records (officials)   {people} ({officials})")
    print(f"ms/doc, whole pipeline {1000 * elapsed / max(len(docs), 1):.1f}")
    print(f"ms/doc, officials only {1000 * own / max(len(docs), 1):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

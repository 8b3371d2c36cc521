"""Fit the weights that decide whom an official serves, and cross-validate them.

For every official whose title names no country, the officials component weighs the
evidence for each candidate country (``components/officials/country_evidence.py``).
This script runs the pipeline on annotated sets with the component explaining itself,
pairs each weighed official with the country the annotators gave, and fits a
conditional logit (one softmax over a person's candidates) with an L2 penalty:

    python benchmarks/fit_placement.py SETDIR [SETDIR ...] [--write]

It prints the accuracy of the weights now in ``data/placement.yaml`` and of fitted
weights under 5-fold cross-validation by document, per set, and with ``--write`` puts
the weights fitted on all the examples into ``data/placement.yaml``. Sets are directories
holding ``docs/`` and ``gold*.json`` (the scorer's layout); names are compared as the
scorer compares them. Only the sets named are read: keep a part aside for checking.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from tradenews.components.officials import country_evidence
from tradenews.components.officials.component import EXPLAIN_KEY
from tradenews.document import Skip

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "tradenews" / "data" / "placement.yaml"
FOLDS = 5
L2 = 0.1


@dataclass
class Example:
    """One weighed official: candidates' evidence, the annotated country, what was given."""

    set_name: str
    doc: str
    features: dict[str, list[float]]
    gold: str
    given: str
    placed_by: str


def name_key(s: str) -> str:
    """Names compared as the scorer compares them (accents, case, dots, hyphens)."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().replace(".", "").replace("\u2019", "'").replace("'", "").replace("-", " ")
    return re.sub(r"\s+", " ", s).strip()


def gold_officials(setdir: str) -> dict[str, dict[str, str]]:
    """Per document: name key (and alias keys) -> the annotated country."""
    out: dict[str, dict[str, str]] = {}
    for path in glob.glob(os.path.join(setdir, "gold*.json")):
        with open(path, encoding="utf-8") as f:
            docs = json.load(f)["docs"]
        for doc, g in docs.items():
            table = out.setdefault(doc, {})
            for o in g.get("officials", []):
                for n in [o["name"], *o.get("aliases", [])]:
                    table[name_key(n)] = o.get("country") or ""
    return out


def set_label(setdir: str) -> str:
    """A set's name with its parent's ("news/work"): split sets share part names."""
    parts = Path(os.path.normpath(setdir)).parts
    return "/".join(parts[-2:])


def collect(setdir: str, nlp: Any) -> list[Example]:
    """The weighed officials of one set that the annotators list as officials."""
    from tradenews.engine.runner import make_doc
    from tradenews.io import read_documents

    gold = gold_officials(setdir)
    set_name = set_label(setdir)
    examples = []
    for item in read_documents([os.path.join(setdir, "docs")]):
        if isinstance(item, Skip):
            continue
        name = os.path.basename(item.doc)
        doc = nlp(make_doc(nlp, item))
        for row in doc.user_data.get(EXPLAIN_KEY, []):
            country = gold.get(name, {}).get(name_key(row["name"]))
            if not country:  # not an official of the gold, or an intergovernmental one
                continue
            examples.append(
                Example(
                    set_name,
                    name,
                    row["candidates"],
                    country,
                    row["country"],
                    row["placed_by"],
                )
            )
    return examples


# The prior the fit shrinks towards: the earlier rule (the nearest country word, else
# the story's home country), so that little data moves the weights little.
PRIOR = {"near": 2.0, "home": 1.0}


def fit(examples: list[Example], l2: float = L2, steps: int = 4000) -> np.ndarray:
    """Conditional-logit weights by gradient descent (few features: plain numpy),
    penalized by their distance from :data:`PRIOR`."""
    prior = np.array([PRIOR.get(f, 0.0) for f in country_evidence.FEATURES])
    w = prior.copy()
    usable = [e for e in examples if e.gold in e.features]
    mats = [np.array(list(e.features.values())) for e in usable]
    golds = [list(e.features).index(e.gold) for e in usable]
    rate = 0.5
    for _ in range(steps):
        grad = l2 * (w - prior)
        for x, g in zip(mats, golds, strict=True):
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad -= (x[g] - p @ x) / max(len(usable), 1)
        w -= rate * grad
    return w


def accuracy(examples: list[Example], w: np.ndarray) -> float:
    weights = country_evidence.Weights(tuple(float(v) for v in w))
    right = sum(country_evidence.choose(e.features, weights) == e.gold for e in examples)
    return right / max(len(examples), 1)


def cross_validate(examples: list[Example]) -> list[str]:
    """Each example predicted by weights fitted on the folds that hold none of its document."""
    docs = sorted({(e.set_name, e.doc) for e in examples})
    random.Random(7).shuffle(docs)
    fold_of = {d: i % FOLDS for i, d in enumerate(docs)}
    predicted = [""] * len(examples)
    for k in range(FOLDS):
        train = [e for e in examples if fold_of[(e.set_name, e.doc)] != k]
        weights = country_evidence.Weights(tuple(float(v) for v in fit(train)))
        for i, e in enumerate(examples):
            if fold_of[(e.set_name, e.doc)] == k:
                predicted[i] = country_evidence.choose(e.features, weights)
    return predicted


def report(examples: list[Example], predicted: list[str]) -> None:
    sets = sorted({e.set_name for e in examples})
    print(f"{'set':<16} {'officials':>9} {'reachable':>9} {'given':>7} {'fitted (cv)':>11}")
    for s in [*sets, "all"]:
        idx = [i for i, e in enumerate(examples) if s in ("all", e.set_name)]
        n = len(idx) or 1
        reach = sum(examples[i].gold in examples[i].features for i in idx)
        given = sum(examples[i].given == examples[i].gold for i in idx)
        cv = sum(predicted[i] == examples[i].gold for i in idx)
        print(f"{s:<16} {len(idx):>9} {reach:>9} {given / n:>7.3f} {cv / n:>11.3f}")


def write_weights(w: np.ndarray, n_examples: int, sets: list[str]) -> None:
    header = (
        "# Whom an official serves when the title does not say: the weight of each piece of\n"
        "# evidence (tradenews/components/officials/country_evidence.py). The candidate\n"
        "# country with the highest weighted sum wins.\n#\n"
        f"# Fitted by benchmarks/fit_placement.py on {n_examples} annotated officials\n"
        f"# ({', '.join(sets)}): a conditional logit with an L2 penalty of {L2}.\n"
    )
    weights = {
        name: round(float(v), 3) for name, v in zip(country_evidence.FEATURES, w, strict=True)
    }
    WEIGHTS_FILE.write_text(
        header + yaml.safe_dump({"weights": weights}, sort_keys=False), encoding="utf-8"
    )


def main() -> None:
    import tradenews

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+", help="annotated set directories")
    ap.add_argument("--write", action="store_true", help="write the weights fitted on all")
    ap.add_argument("--errors", action="store_true", help="list the misplaced officials")
    args = ap.parse_args()
    nlp = tradenews.load()
    nlp.get_pipe("tradenews_officials").explain = True
    examples = [e for s in args.sets for e in collect(s, nlp)]
    predicted = cross_validate(examples)
    report(examples, predicted)
    if args.errors:
        for e, p in zip(examples, predicted, strict=True):
            if p != e.gold or e.given != e.gold:
                print(
                    f"  {e.set_name} {e.doc}: gold {e.gold} given {e.given} ({e.placed_by})"
                    f" fitted {p} candidates {sorted(e.features)}"
                )
    w = fit(examples)
    print("weights:", dict(zip(country_evidence.FEATURES, np.round(w, 2), strict=True)))
    if args.write:
        write_weights(w, len(examples), [set_label(s) for s in args.sets])


if __name__ == "__main__":
    main()

"""The officials component as a spaCy citizen: on a user's own pipeline, and saved and
loaded back in a fresh process (through the package's entry points)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import spacy

import tradenews
import tradenews.components.countries  # noqa: F401  (registers the factory)
import tradenews.components.officials  # noqa: F401
from tradenews.engine.model import resolve_model_name

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_48bfc2bb79e5f3a1.txt"


def test_add_pipe_on_a_plain_model_pipeline():
    nlp = spacy.load(resolve_model_name())
    nlp.add_pipe("tradenews_countries")
    nlp.add_pipe("tradenews_officials")
    doc = nlp("India's Commerce Minister Piyush Goyal met U.S. trade officials on Monday.")
    assert [(p["name"], p["title"], p["country"]) for p in doc._.officials] == [
        ("Piyush Goyal", "Commerce Minister", "IND")
    ]


def test_saved_pipeline_loads_in_a_fresh_process(tmp_path: Path):
    nlp = tradenews.load(components=("countries", "officials"))
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "tradenews_officials" / "titles.yaml").is_file()
    script = (
        "import json, sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp(open(sys.argv[2], encoding='utf-8').read())\n"
        "print(json.dumps(doc._.officials))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "pipeline"), str(SEED)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # the same eight officials as in this process (test_officials checks them one by one)
    here = nlp(SEED.read_text(encoding="utf-8"))._.officials
    assert json.loads(out) == here
    assert len(here) == 8 and "Piyush Goyal" in {p["name"] for p in here}

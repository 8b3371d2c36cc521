"""Officeholders generated from Wikidata: found in articles by name alone within their
terms, saved with the pipeline, merged under the hand-kept list, rebuilt by the script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from tradenews.cli import main
from tradenews.lexicon import officeholders
from tradenews.lexicon.names import name_key

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "refresh_officeholders.py"

# Two finance ministers of Angola in the generated list (and not in the hand-kept one):
# Archer Mangueira (September 2016 to October 2019), then Vera Daves.
ARTICLE = (
    "Angola will sell more oil-backed bonds this year, Vera Daves said on Tuesday, "
    "adding that talks with lenders in Luanda had gone well."
)
EARLIER = "Archer Mangueira told reporters in Luanda that the kwanza would stay stable."

pytestmark = pytest.mark.usefixtures("reuse_pipelines")


def _officials(text: str, date: str, tmp_path: Path) -> dict[str, tuple[str, str]]:
    """The officials `tradenews entities` reports for one article published on `date`."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["entities", str(path), "--date", date, "--kind", "official", "-f", "json", "--no-cache"],
    )
    assert result.exit_code == 0, result.output
    return {r["name"]: (r["title"], r["country"]) for r in json.loads(result.stdout)}


def test_a_minister_named_without_a_title_is_an_official_within_the_term(tmp_path):
    assert _officials(ARTICLE, "2021-03-02", tmp_path)["Vera Daves"] == (
        "Finance Minister",
        "AGO",
    )


def test_before_the_term_the_same_name_is_not_an_official(tmp_path):
    assert "Vera Daves" not in _officials(ARTICLE, "2018-05-08", tmp_path)


def test_after_the_term_the_minister_is_a_former_one(tmp_path):
    assert _officials(EARLIER, "2017-06-01", tmp_path)["Archer Mangueira"] == (
        "Finance Minister",
        "AGO",
    )
    assert _officials(EARLIER, "2022-06-01", tmp_path)["Archer Mangueira"] == (
        "former Finance Minister",
        "AGO",
    )


# In a fresh process: load the saved pipeline by path alone, analyze one dated text.
RELOAD = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
doc = nlp.make_doc(sys.argv[2])
doc._.dct = "2021-03-02"
print(json.dumps([[p["name"], p["kind"], p["country"]] for p in nlp(doc)._.people]))
"""


def test_the_generated_list_is_saved_with_the_pipeline(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "tradenews_officials" / officeholders.SOURCED_FILE
    assert saved.read_text(encoding="utf-8") == officeholders.package_text(
        officeholders.SOURCED_FILE
    )
    proc = subprocess.run(
        [sys.executable, "-c", RELOAD, str(tmp_path / "pipeline"), ARTICLE],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert ["Vera Daves", "official", "AGO"] in json.loads(proc.stdout)


def test_a_pipeline_saved_without_the_generated_list_still_loads(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    (tmp_path / "pipeline" / "tradenews_officials" / officeholders.SOURCED_FILE).unlink()
    reloaded = spacy.load(tmp_path / "pipeline")
    doc = reloaded.make_doc(ARTICLE)
    doc._.dct = "2021-03-02"
    assert "Vera Daves" not in [p["name"] for p in reloaded(doc)._.officials]


HAND = """
officeholders:
  - name: Ana Ruiz
    roles:
      - {title: Foreign Minister, country: CHL, from: 2018-03-11, to: 2020-06-01}
      - {title: President, country: CHL, from: 2022-03-11}
"""
SOURCED = """
officeholders:
  - name: Ana María Ruiz
    aliases: [Ana Ruiz]
    roles:
      - {title: Finance Minister, country: CHL, from: 2014-03-11, to: 2018-03-11}
      - {title: Foreign Minister, country: CHL, from: 2018-04-01, to: 2019-01-01}
      - {title: Defence Minister, country: CHL, from: 2021-01-01}
  - name: Tomas Berg
    roles:
      - {title: Trade Minister, country: SWE, from: 2019-01-21}
"""


def test_the_hand_kept_list_wins_and_the_generated_one_fills_the_gaps():
    reg = officeholders.from_text(HAND, SOURCED)
    ruiz = reg.by_key[name_key("Ana María Ruiz")]
    assert ruiz is reg.by_key[name_key("Ana Ruiz")]  # one person, however named
    roles = [(r.title, str(r.start), str(r.end)) for r in ruiz.roles]
    assert roles == [
        ("Finance Minister", "2014-03-11", "2018-03-11"),  # not in the hand-kept entry
        ("Foreign Minister", "2018-03-11", "2020-06-01"),  # the hand-kept dates
        ("Defence Minister", "2021-01-01", "2022-03-11"),  # ends where the hand-kept role starts
        ("President", "2022-03-11", "None"),
    ]
    assert [r.title for r in reg.by_key[name_key("Tomas Berg")].roles] == ["Trade Minister"]


HOLDERS = """position,person,personID,start,end,gender,DOB,DOD,image,enwiki
President,João Lourenço,Q28650390,2017-09-26,,male,,,,João Lourenço
Minister of Finance,Archer Mangueira,Q1,2016-09-05,2019-10-08,male,,,,
Minister of Finance,Vera Daves,Q2,2019-10-08,,female,,,,Vera Daves de Sousa
Deputy Minister of Finance,Someone Else,Q3,2019-01-01,,,,,,
Minister of Finance,Long Ago,Q4,2001-01-01,2005-01-01,,,,,
Governor of the Central Bank,José de Lima Massano,Q5,2017-10,,male,,,,
Governor of Luanda Province,Joana Lina,Q6,2017-10-01,,female,,,,
"""


def _source(tmp_path: Path, country: str = "Angola") -> Path:
    folder = tmp_path / "angola"
    (folder / "html").mkdir(parents=True)
    (folder / "meta.json").write_text(json.dumps({"jurisdiction": {"name": country}}))
    (folder / "html" / "holders21.csv").write_text(HOLDERS, encoding="utf-8")
    return folder


def _refresh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


def test_the_refresh_script_maps_titles_and_writes_a_loadable_file(tmp_path):
    out = tmp_path / "generated.yaml"
    proc = _refresh(str(_source(tmp_path)), "-o", str(out), "--extracted", "2022-08-03")
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "CC0" in text.split("officeholders:")[0]
    assert "Extracted: 2022-08-03" in text
    reg = officeholders.from_text("officeholders: []\n", text)
    titles = {p.name: [(r.title, r.country) for r in p.roles] for p in reg.by_key.values()}
    assert titles == {
        "João Lourenço": [("President", "AGO")],
        "Archer Mangueira": [("Finance Minister", "AGO")],
        "Vera Daves": [("Finance Minister", "AGO")],
        "José de Lima Massano": [("Central Bank Governor", "AGO")],
    }  # no deputy, no provincial governor, no term over before 2015
    assert reg.by_key[name_key("Joao Lourenco")].name == "João Lourenço"
    assert reg.by_key[name_key("Vera Daves de Sousa")].name == "Vera Daves"


def test_an_open_term_ends_where_the_hand_kept_successor_starts(tmp_path):
    hand = tmp_path / "hand.yaml"
    hand.write_text(
        "officeholders:\n  - name: Next Holder\n    roles:\n"
        "      - {title: Finance Minister, country: AGO, from: 2024-02-01}\n",
        encoding="utf-8",
    )
    out = tmp_path / "generated.yaml"
    proc = _refresh(str(_source(tmp_path)), "--hand", str(hand), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    daves = officeholders.from_text(out.read_text(encoding="utf-8")).by_key[name_key("Vera Daves")]
    assert [str(r.end) for r in daves.roles] == ["2024-02-01"]


def test_the_refresh_script_reports_a_bad_source_and_goes_on(tmp_path):
    good = _source(tmp_path)
    bad = tmp_path / "nowhere"
    bad.mkdir()
    (bad / "meta.json").write_text(json.dumps({"jurisdiction": {"name": "Atlantis"}}))
    out = tmp_path / "generated.yaml"
    proc = _refresh(str(good), str(bad), "-o", str(out))
    assert proc.returncode == 1
    assert "nowhere: skipped: country 'Atlantis' not known" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Vera Daves" in out.read_text(encoding="utf-8")
    missing = _refresh(str(tmp_path / "absent"), "-o", str(out))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_a_generated_person_is_not_found_by_a_bare_surname():
    reg = officeholders.from_text("officeholders: []\n", SOURCED)
    assert officeholders.lookup_surname("Berg", None, reg) is None
    assert officeholders.lookup(" Tomas Berg", reg) is not None
    # the hand-kept list's people still are
    hand = officeholders.from_text(HAND)
    assert officeholders.lookup_surname("Ruiz", None, hand).name == "Ana Ruiz"


def test_a_later_surname_joins_the_full_name(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE + " Daves added that the kwanza would stay stable.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["entities", str(path), "--date", "2021-03-02", "-f", "json", "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    people = [r for r in json.loads(result.stdout) if r["kind"] in {"official", "person"}]
    assert [(r["name"], r["kind"], r["mentions"]) for r in people] == [
        ("Vera Daves", "official", 2)
    ]


def test_an_open_role_of_the_generated_list_says_nothing_long_after_its_extraction():
    import datetime as dt

    from tradenews.lexicon import officeholders

    data = {
        "known_until": "2023-01-13",
        "officeholders": [
            {
                "name": "Ana Tevez",
                "roles": [{"title": "Trade Minister", "country": "ARG", "from": "2021-03-01"}],
            },
        ],
    }
    registry = officeholders.parse(officeholders.merge({"officeholders": []}, data))
    person = officeholders.lookup("Ana Tevez", registry)
    assert person is not None
    assert officeholders.role_at(person, dt.date(2023, 9, 1)).title == "Trade Minister"
    assert officeholders.role_at(person, dt.date(2025, 2, 1)) is None  # may have left

"""What the documented commands promise a newcomer: help, terminals, progress, languages,
compressed inputs without their extension, and folders that cannot be opened."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradenews.cli import main

TRADENEWS = [sys.executable, "-m", "tradenews"]

ENGLISH = (
    "India and Japan signed a trade agreement on Monday, cutting tariffs on steel and "
    "cars. The deal, which took three years to negotiate, is expected to raise trade "
    "between the two countries by a third over the next five years, officials said."
)


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        TRADENEWS + args, capture_output=True, text=True, timeout=300, check=False, **kwargs
    )


# -- --output extensions and binary formats on a terminal ------------------------------


def test_output_help_lists_every_extension_the_run_accepts():
    from tradenews.output import EXTENSIONS

    result = CliRunner().invoke(main, ["entities", "--help"], terminal_width=200)
    assert result.exit_code == 0
    help_line = " ".join(result.output.split())
    for ext in (".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".parquet", ".xlsx", ".txt"):
        assert ext in help_line
    assert set(EXTENSIONS) >= {".ndjson", ".parquet", ".xlsx", ".txt"}


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes]:
    """Run tradenews with standard output on a pseudo-terminal: (status, what it shows)."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            TRADENEWS + args,
            stdout=follower,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            timeout=300,
            check=False,
        )
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        return proc.returncode, shown + proc.stderr
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_binary_format_to_a_terminal_is_a_usage_error(tmp_path: Path, fmt: str):
    (tmp_path / "a.txt").write_text(ENGLISH)
    status, shown = _on_a_terminal(["countries", "a.txt", "-f", fmt], tmp_path)
    assert status == 2
    assert b"binary output to a terminal: use -o FILE or a pipe" in shown
    assert b"PAR1" not in shown and b"PK\x03\x04" not in shown


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_binary_format_to_a_pipe_or_file_is_written(tmp_path: Path, fmt: str):
    (tmp_path / "a.txt").write_text(ENGLISH)
    piped = subprocess.run(
        TRADENEWS + ["countries", "a.txt", "-f", fmt, "-q"],
        capture_output=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert piped.returncode == 0
    assert piped.stdout.startswith(b"PAR1" if fmt == "parquet" else b"PK\x03\x04")
    status, _ = _on_a_terminal(["countries", "a.txt", "-o", f"out.{fmt}", "-q"], tmp_path)
    assert status == 0
    assert (tmp_path / f"out.{fmt}").stat().st_size > 0


# -- folders that cannot be opened -------------------------------------------------------


def _unprivileged() -> list[str]:
    """A prefix that runs a command bound by file permissions, even as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root, and no setpriv to drop the capability to read any file")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, "--bounding-set", caps, "--inh-caps", caps]


@pytest.fixture
def locked_folder(tmp_path: Path):
    """news/locked/a.txt in a folder nobody may open, news/open/b.txt beside it."""
    (tmp_path / "news" / "locked").mkdir(parents=True)
    (tmp_path / "news" / "open").mkdir()
    (tmp_path / "news" / "locked" / "a.txt").write_text(ENGLISH)
    (tmp_path / "news" / "open" / "b.txt").write_text("Brazil raised tariffs on steel.")
    (tmp_path / "news" / "locked").chmod(0)
    yield tmp_path
    (tmp_path / "news" / "locked").chmod(0o755)


@pytest.mark.parametrize(
    "path",
    [
        "news/locked/a.txt",
        "news/locked",
        "news",
        "news/*/*.txt",
        "news/**/*.txt",
        "news/locked/*.txt",
    ],
)
def test_file_in_an_unreadable_folder_is_permission_denied(locked_folder: Path, path: str):
    proc = subprocess.run(
        _unprivileged() + TRADENEWS + ["countries", path, "news/open/b.txt", "-f", "csv"],
        capture_output=True,
        text=True,
        cwd=locked_folder,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "permission denied" in proc.stderr
    assert "no such file" not in proc.stderr
    assert "BRA" in proc.stdout  # the rest is processed


# -- compressed inputs whatever their name -----------------------------------------------

RECORDS = [
    {"text": "India and Japan signed a trade agreement on Monday."},
    {"text": "Brazil raised its tariffs on imported steel."},
]
COMPRESSORS = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}


def _docs_by_country(tmp_path: Path, *paths: str) -> tuple[int, dict[str, set[str]], str]:
    result = CliRunner().invoke(
        main, ["countries", "--by", "doc", *paths, "-f", "jsonl", "-q"], catch_exceptions=False
    )
    found: dict[str, set[str]] = {}
    for line in result.stdout.splitlines():
        row = json.loads(line)
        found.setdefault(row["doc"], set()).add(row["country"])
    return result.exit_code, found, result.stderr


@pytest.mark.parametrize("method", sorted(COMPRESSORS))
@pytest.mark.parametrize("name", ["feed", "feed.txt", "feed.dat", "feed.gz"])
def test_compressed_json_lines_without_its_extension_are_records(
    tmp_path: Path, monkeypatch, method: str, name: str
):
    monkeypatch.chdir(tmp_path)
    lines = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
    Path(name).write_bytes(COMPRESSORS[method](lines))
    status, found, _ = _docs_by_country(tmp_path, name)
    assert status == 0
    assert found == {f"{name}#1": {"IND", "JPN"}, f"{name}#2": {"BRA"}}


def test_compressed_json_array_and_html_without_extension(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("dump").write_bytes(gzip.compress(json.dumps({"articles": RECORDS}).encode()))
    page = (
        "<html><head><title>Steel</title></head><body><article><p>"
        + RECORDS[1]["text"]
        + " The ministry said so on Friday, after a week of talks.</p></article></body></html>"
    )
    Path("page").write_bytes(gzip.compress(page.encode()))
    status, found, _ = _docs_by_country(tmp_path, "dump", "page")
    assert status == 0
    assert found == {"dump#1": {"IND", "JPN"}, "dump#2": {"BRA"}, "page": {"BRA"}}


def test_compressed_plain_text_stays_one_document(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("story").write_bytes(gzip.compress(ENGLISH.encode()))
    Path("story.txt").write_bytes(bz2.compress(("{not json}\n" + ENGLISH).encode()))
    lines = "".join(json.dumps(r) + "\n" for r in RECORDS)
    Path("named.txt.gz").write_bytes(gzip.compress(lines.encode()))  # text, as named
    status, found, _ = _docs_by_country(tmp_path, "story", "story.txt", "named.txt.gz")
    assert status == 0
    assert found == {
        "story": {"IND", "JPN"},
        "story.txt": {"IND", "JPN"},
        "named.txt.gz": {"IND", "JPN", "BRA"},
    }


def test_zstd_input_is_named_not_read_as_text(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("feed").write_bytes(b"\x28\xb5\x2f\xfd" + bytes(range(40)))
    (tmp_path / "b.txt").write_text(RECORDS[1]["text"])
    status, found, stderr = _docs_by_country(tmp_path, "feed", "b.txt")
    assert status == 1
    assert "skipped feed: zstd-compressed" in stderr
    assert found == {"b.txt": {"BRA"}}


# -- documents not in English ----------------------------------------------------------

GERMAN = (
    "Die Bundesregierung will in Handelsfragen eng mit den europäischen Partnern "
    "zusammenarbeiten, sagte der Minister am Dienstag in Berlin. Es gehe um viele "
    "Arbeitsplätze in der Industrie und um die Zukunft des Exports nach Amerika, denn "
    "das neue Abkommen sei für die Wirtschaft sehr wichtig."
)
RUSSIAN = (
    "Министр иностранных дел России заявил в понедельник, что Москва готова продолжить "
    "переговоры о торговле с Вашингтоном и Пекином."
)
FRENCH = (
    "Le ministre a déclaré lundi que les négociations avec les États-Unis sur les droits "
    "de douane reprendraient la semaine prochaine, et que la France ne céderait pas sur "
    "l'agriculture."
)
ENGLISH_KEPT = {
    "short.txt": "India and Japan sign trade pact.",
    "headline.txt": "Steel tariffs hit exporters as talks stall over quotas and levies on cars",
    "names.txt": (
        "German Chancellor Friedrich Merz, French President Emmanuel Macron, Spanish Prime "
        "Minister Pedro Sánchez and Polish Prime Minister Donald Tusk met Ursula von der "
        "Leyen, Kaja Kallas and Valdis Dombrovskis in Brussels on Thursday, where Jean-Noël "
        "Barrot and Annalena Baerbock also spoke about tariffs on Chinese cars."
    ),
    "quote.txt": (
        "Chancellor Olaf Scholz said the deal was 'ein guter Tag für Europa' and told "
        "reporters in Berlin that the government would back the agreement with Mercosur "
        "when ministers meet next week in Brussels."
    ),
    "cyrillic-name.txt": (
        "Russian Foreign Minister Sergei Lavrov (Сергей Лавров) met Chinese Foreign "
        "Minister Wang Yi (王毅) in Beijing on Tuesday to discuss trade and energy."
    ),
    "table.txt": "WHEAT SPREADS\n May/Jul 0.34 under 0.35 under\n Jul/Dec 0.78 under 0.80 under",
    "long.txt": ENGLISH,
}


def test_documents_not_in_english_are_skipped_and_named(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in {**ENGLISH_KEPT, "de.txt": GERMAN, "ru.txt": RUSSIAN}.items():
        Path(name).write_text(text, encoding="utf-8")
    Path("fr.jsonl").write_text(json.dumps({"text": FRENCH}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["entities", ".", "-f", "jsonl", "--report", "report.json"], catch_exceptions=False
    )
    assert result.exit_code == 1
    skipped = [line for line in result.stderr.splitlines() if "skipped ." in line]
    assert sorted(skipped) == [
        "tradenews: skipped ./de.txt: not English (detected: de); --lang any to analyze anyway",
        "tradenews: skipped ./fr.jsonl#1: not English (detected: fr); --lang any to analyze anyway",
        "tradenews: skipped ./ru.txt: not English (detected: ru); --lang any to analyze anyway",
    ]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert not {r["doc"] for r in rows} & {"./de.txt", "./ru.txt", "./fr.jsonl#1"}
    report = json.loads(Path("report.json").read_text())
    status = {item["doc"]: item["status"] for item in report["items"]}
    assert all(status[f"./{name}"] == "ok" for name in ENGLISH_KEPT)
    assert status["./de.txt"] == "skipped"


def test_lang_any_analyzes_every_document(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("de.txt").write_text(GERMAN, encoding="utf-8")
    Path("ru.txt").write_text(RUSSIAN, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["countries", "--by", "doc", "de.txt", "ru.txt", "--lang", "any", "-f", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    assert "skipped " not in result.stderr.replace("0 skipped", "")


def test_lang_is_an_option_of_every_analysis_command():
    for command in ("entities", "topics", "officials", "countries", "report"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert "--lang [en|any]" in result.output, command


def test_saved_function_words_are_wordfreqs():
    import wordfreq

    from tradenews.lexicon.language import FUNCTION_WORDS, _function_word_lists

    for lang, words in _function_word_lists().items():
        assert words == wordfreq.top_n_list(lang, FUNCTION_WORDS), lang


# -- the progress line -------------------------------------------------------------------

COUNTRIES = ["India", "Japan", "Brazil", "Chile", "Kenya", "Canada", "Mexico", "Peru"]


def _stories(n: int) -> list[str]:
    return [
        f"{COUNTRIES[i % 8]} and {COUNTRIES[(i + 3) % 8]} agreed on story {i} to cut tariffs "
        f"on {i + 2} goods, the trade ministers said."
        for i in range(n)
    ]


@pytest.fixture
def watched_run(monkeypatch):
    """Run the CLI with the progress line on, logging each redraw of it and each
    document's results as they come out of the model, in the order they happen."""
    import rich.progress

    import tradenews.engine.runner as runner

    log: list[tuple] = []
    monkeypatch.setattr("tradenews.cli.progress.wanted", lambda quiet: not quiet)
    real_results, real_update = runner.results_of, rich.progress.Progress.update

    def results_of(doc):
        log.append(("model",))
        return real_results(doc)

    def update(self, task_id, **fields):
        real_update(self, task_id, **fields)
        task = self._tasks[task_id]
        log.append(("bar", task.completed, task.total, dict(task.fields)))

    monkeypatch.setattr(runner, "results_of", results_of)
    monkeypatch.setattr(rich.progress.Progress, "update", update)

    def invoke(args: list[str]):
        log.clear()
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        return result, list(log)

    return invoke


def test_progress_counts_documents_as_the_model_finishes_them(
    tmp_path: Path, monkeypatch, watched_run
):
    monkeypatch.chdir(tmp_path)
    stories = _stories(40)
    Path("feed.jsonl").write_text("".join(json.dumps({"text": s}) + "\n" for s in stories))
    result, log = watched_run(["countries", "feed.jsonl", "--no-cache", "-f", "csv"])
    assert result.exit_code == 0
    last_model = max(i for i, entry in enumerate(log) if entry[0] == "model")
    counts_before = [e[1] for e in log[:last_model] if e[0] == "bar"]
    assert any(0 < n < 40 for n in counts_before), "the count stood still while analyzing"
    assert [e[1] for e in log if e[0] == "bar"][-1] == 40


def test_progress_rate_leaves_out_cached_results(tmp_path: Path, monkeypatch, watched_run):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRADENEWS_CACHE_DIR", str(tmp_path / "cache"))
    for n, story in enumerate(_stories(12)):
        Path("news").mkdir(exist_ok=True)
        Path(f"news/s{n:02d}.txt").write_text(story)
    first, _ = watched_run(["countries", "news", "-f", "csv"])
    again, log = watched_run(["countries", "news", "-f", "csv"])
    assert first.exit_code == again.exit_code == 0
    fields = [e[3] for e in log if e[0] == "bar"][-1]
    assert fields["count"].startswith("12/")  # the total is counted alongside
    assert fields["cached"] == ", 12 from cache"
    assert fields["rate"] == "- docs/s"  # no document analyzed: no rate


def test_progress_tally_rate_and_time_left():
    from tradenews.cli.progress import Tally

    now = [0.0]
    tally = Tally(clock=lambda: now[0])
    tally.total = 130
    for _ in range(100):
        tally.event("cached")
    now[0] = 1.0
    tally.event("started")
    now[0] = 6.0
    for _ in range(10):
        tally.event("analyzed")
    assert tally.fields() == {
        "count": "110/130",
        "rate": "2.0 docs/s",
        "cached": ", 100 from cache",
        "left": "0:00:10 left",
    }
    tally.total = 50  # a count the run went past is no total
    assert tally.fields()["count"] == "110/?" and tally.fields()["left"] == ""


def test_count_documents_counts_records(tmp_path: Path):
    import pandas as pd

    from tradenews.io import count_documents

    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.html").write_text("<p>" + ENGLISH + "</p>")
    lines = "".join(json.dumps({"text": s}) + "\n\n" for s in _stories(5))
    (tmp_path / "c.jsonl").write_text(lines)
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    (tmp_path / "e.csv").write_text('id,text\n1,"one\nline two"\n\n2,three\n3,four\n')
    (tmp_path / "f.tsv").write_text("id\ttext\n1\tone\n")
    pd.DataFrame({"text": _stories(7)}).to_parquet(tmp_path / "g.parquet")
    assert count_documents([str(tmp_path)]) == 2 + 5 + 5 + 3 + 1 + 7
    (tmp_path / "h.json").write_text(json.dumps([{"text": ENGLISH}]))
    assert count_documents([str(tmp_path)]) is None  # only parsing it tells
    assert count_documents([str(tmp_path / "a.txt"), "-"]) is None
    (tmp_path / "story").write_bytes(gzip.compress(lines.encode()))
    assert count_documents([str(tmp_path / "story")]) is None  # may hold records

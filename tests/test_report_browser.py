"""The HTML report in a real browser: headless Chromium with the network blocked.

Needs Debian's `chromium` (or $TRADENEWS_CHROMIUM), Playwright (test extra) and the
shared evaluation documents beside the repository (`../shared/eval`); skips without them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tradenews.cli import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("TRADENEWS_CHROMIUM") or shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: nothing can be fetched
]
LOCAL = ("file:", "data:", "blob:", "about:")


def eval_docs() -> list[Path] | None:
    """The shared evaluation documents: ../shared/eval beside the repository."""
    for parent in ROOT.parents:
        base = parent / "shared" / "eval"
        folders = [base / "dev" / "docs", base / "reuters-dev" / "docs"]
        if all(f.is_dir() for f in folders):
            return folders
    return None


pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
    pytest.mark.skipif(eval_docs() is None, reason="../shared/eval is not there"),
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    args = ["report", *map(str, eval_docs() or []), "-o", str(out), "-q"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


class Browser:
    """One page in headless Chromium: console errors, refused requests, downloads."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.errors: list[str] = []
        self.refused: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture(scope="module")
def browser(report_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            accept_downloads=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            browser = Browser(context)
            browser.page.goto(report_file.as_uri())
            browser.page.wait_for_selector("body[data-ready]", timeout=60_000)
            yield browser
        finally:
            context.close()


def test_charts_render_without_errors_or_network(browser: Browser):
    page = browser.page
    assert page.get_attribute("body", "data-ready") == "true"
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('.chart')).filter(
            (c) => c.querySelector('svg.marks, canvas.marks') &&
                   c.querySelectorAll('.role-mark path, .role-mark text, canvas').length > 0
        ).map((c) => c.id)"""
    )
    assert len(drawn) >= 4, drawn
    assert browser.errors == []
    assert browser.refused == []


def test_officials_table_is_there_searchable_and_sortable(browser: Browser):
    page = browser.page
    table = page.locator("#officials-table")
    assert "Jamieson Greer" in table.inner_text()
    assert "Piyush Goyal" in table.inner_text()
    page.fill("#officials-search", "goyal")
    visible = page.locator("#officials-table tbody tr:not([hidden])")
    assert visible.count() >= 1
    assert all("Goyal" in t for t in visible.all_inner_texts())
    page.fill("#officials-search", "")
    page.click("#officials-table th:has-text('mentions')")
    mentions = [
        int(t) for t in page.locator("#officials-table tbody tr td:nth-child(6)").all_inner_texts()
    ]
    assert mentions == sorted(mentions, reverse=True)
    assert browser.errors == []


def test_documents_behind_a_number_and_csv_download(browser: Browser):
    page = browser.page
    page.locator("#officials-table tbody tr").first.locator("button.docs").click()
    assert page.is_visible("#evidence")
    assert page.locator("#evidence-list li").count() >= 1
    page.click("#evidence-close")
    # A heat-map cell lists its documents with the sentence that weighed most for the topic.
    page.click("#chart-heat .role-mark path >> nth=0", force=True)
    assert page.locator("#evidence-list li").count() >= 1
    assert page.locator("#evidence-list blockquote").count() >= 1
    page.click("#evidence-close")
    with page.expect_download() as download:
        page.click("button.csv[data-table='heat']")
    csv = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv.splitlines()[0] == "country,name,topic,label,docs,country_docs,doc_ids"
    assert len(csv.splitlines()) > 10
    assert browser.errors == []


def test_hover_shows_the_numbers(browser: Browser):
    page = browser.page
    # The number drawn on the cell carries the same tooltip as the cell.
    page.hover("#chart-heat .role-mark path >> nth=0", force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "documents with both" in tooltip.inner_text()

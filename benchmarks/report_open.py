"""How big the HTML report is and how fast it is written and opened in headless Chromium.

    python benchmarks/report_open.py CORPUS... [--runs 5] [--screenshot docs/report.png]

Writes the report of CORPUS twice (the second run is answered by the results cache),
then opens it RUNS times in a fresh headless Chromium with the network blocked and
measures the time from navigation start until every chart is drawn (the page sets
`body[data-ready]`). Needs Debian's `chromium` (or $TRADENEWS_CHROMIUM) and Playwright
(`pip install ".[test]"`). The corpus is any tradenews input (folders, JSONL, ...).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def write_report(corpus: list[str], out: Path, cache: Path) -> tuple[float, float]:
    """Run `tradenews report`; wall seconds and CPU seconds of the child."""
    env = {**os.environ, "TRADENEWS_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "tradenews", "report", *corpus, "-o", str(out), "-q"]
    status = subprocess.run(cmd, env=env).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if status not in (0, 1):
        sys.exit(f"tradenews report failed with status {status}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _browser_cpu_seconds(profile: str) -> float:
    """CPU seconds used so far by the Chromium started with `profile`, all its processes
    (browser, renderer, GPU, utilities): the work of opening the page, whatever the load."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    roots = []
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
        if f"--user-data-dir={profile}".encode() in cmdline:
            roots.append(pid)
    tree = set(roots)
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(cpu[p] for p in tree)


def open_times(page_file: Path, runs: int, screenshot: str | None) -> list[tuple[float, float]]:
    """Per fresh browser: milliseconds from navigation start to all charts drawn, and
    the CPU milliseconds Chromium spent from navigation to then (steady under load)."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("TRADENEWS_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("chromium is not installed")
    times = []
    with sync_playwright() as playwright:
        for i in range(runs):
            with tempfile.TemporaryDirectory() as profile:
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=chromium, headless=True, args=FLAGS,
                    viewport={"width": 1400, "height": 1000},
                )  # fmt: skip
                page = context.new_page()
                page.goto("about:blank")
                before = _browser_cpu_seconds(profile)
                page.goto(page_file.as_uri())
                page.wait_for_selector("body[data-ready]", timeout=60_000)
                busy = _browser_cpu_seconds(profile) - before
                times.append((page.evaluate("window.tradenewsReportReady"), busy * 1000))
                if screenshot and i == 0:
                    page.screenshot(path=screenshot, full_page=True)
                context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", help="tradenews inputs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", help="save a full-page PNG of the report here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        out, cache = Path(work) / "report.html", Path(work) / "cache"
        first = write_report(args.corpus, out, cache)
        again = write_report(args.corpus, out, cache)
        size = out.stat().st_size
        times = open_times(out, args.runs, args.screenshot)
    print(f"report written: {first[0]:.1f} s wall, {first[1]:.1f} s CPU (uncached)")
    print(f"report written: {again[0]:.1f} s wall, {again[1]:.1f} s CPU (cached)")
    print(f"report size: {size / 1e6:.2f} MB")
    wall, busy = [t[0] for t in times], [t[1] for t in times]
    print(
        f"open to all charts drawn: median {statistics.median(wall):.0f} ms, "
        f"max {max(wall):.0f} ms over {len(times)} fresh browsers; Chromium CPU "
        f"median {statistics.median(busy):.0f} ms, max {max(busy):.0f} ms"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()

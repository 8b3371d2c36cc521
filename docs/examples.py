"""Regenerate the example blocks of README.md and docs/*.md from the real output.

Usage (from the repository root, with the project's virtualenv)::

    .venv/bin/python docs/examples.py            # rewrite the marked blocks in place
    .venv/bin/python docs/examples.py --check    # exit 1 and name each block that drifted

A block is marked with HTML comments around its code fence::

    <!-- example: tradenews entities seeds/ --kind official,country -->
    ```
    $ tradenews entities seeds/ --kind official,country
    ...the command's output...
    ```
    <!-- /example -->

The rules, so that an example is the output a reader gets by typing the command:

* The command runs in this process (click's runner) from the repository root, with the
  results cache of the environment (``TRADENEWS_CACHE_DIR``).
* A command without ``--format``/``-f`` and ``--output``/``-o`` runs as on a terminal:
  ``--format table`` is added (a table in a pipe is never wrapped, so the width is fixed).
* Trailing spaces are dropped from every line (Markdown editors drop them too).
* A cut is stated in the marker, never applied by hand: ``<!-- example lines=5
  width=120: COMMAND -->`` keeps the first 5 lines (and adds a line ``...``) and the
  first 120 characters of each.
* The fence line (```` ``` ```` or ```` ```console ````) is kept as written.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(
    r"(?P<open><!-- example(?P<opts>(?: \w+=\d+)*): (?P<command>.+?) -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- /example -->)",
    re.DOTALL,
)
CUT = "..."

#: Runs a tradenews command line (without the word ``tradenews``), returns its stdout.
Runner = Callable[[list[str]], str]


@dataclass(frozen=True)
class Example:
    """One marked block: the command shown, its cut, the fence it keeps."""

    command: str
    lines: int | None = None
    width: int | None = None
    fence: str = "```"

    def render(self, output: str) -> str:
        """The block's text between the markers for this output."""
        shown = [line.rstrip() for line in output.rstrip("\n").split("\n")]
        cut = self.lines is not None and len(shown) > self.lines
        if self.lines is not None:
            shown = shown[: self.lines]
        if self.width is not None:
            shown = [line[: self.width] for line in shown]
        return "\n".join([self.fence, f"$ {self.command}", *shown, *([CUT] if cut else [])])


def examples(text: str) -> Iterator[tuple[re.Match[str], Example]]:
    """The marked blocks of a Markdown text, in order."""
    for match in BLOCK.finditer(text):
        opts = dict(o.split("=") for o in match.group("opts").split())
        unknown = set(opts) - {"lines", "width"}
        if unknown:
            raise ValueError(f"unknown example option(s): {', '.join(sorted(unknown))}")
        body = match.group("body").lstrip("\n")
        fence = body.split("\n", 1)[0] if body.startswith("```") else "```"
        yield (
            match,
            Example(
                command=match.group("command").strip(),
                lines=int(opts["lines"]) if "lines" in opts else None,
                width=int(opts["width"]) if "width" in opts else None,
                fence=fence,
            ),
        )


def arguments(command: str) -> list[str]:
    """The arguments to run for a command as shown (``--format table`` when none is given)."""
    words = shlex.split(command)
    if not words or words[0] != "tradenews":
        raise ValueError(f"not a tradenews command: {command!r}")
    args = words[1:]
    given = {w.split("=", 1)[0] for w in args}
    if not given & {"--format", "-f", "--output", "-o"}:
        args += ["--format", "table"]
    return args


def regenerate(text: str, run: Runner) -> str:
    """`text` with every marked block rewritten from the real output of its command."""
    out, last = [], 0
    for match, example in examples(text):
        block = example.render(run(arguments(example.command)))
        out += [text[last : match.start()], match.group("open"), block, "\n```\n"]
        out.append(match.group("close"))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def documents(root: Path = ROOT) -> list[Path]:
    """The Markdown files that may hold examples."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def cli_runner() -> Runner:
    """Run tradenews in this process, as a reader would from the repository root."""
    from click.testing import CliRunner

    from tradenews.cli import main

    def run(args: list[str]) -> str:
        result = CliRunner().invoke(main, [*args, "--quiet"], catch_exceptions=False)
        if result.exit_code != 0:
            raise RuntimeError(f"tradenews {shlex.join(args)}: exit {result.exit_code}")
        return result.stdout

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="report drift, change nothing")
    check = parser.parse_args(argv).check
    os.chdir(ROOT)
    run = cli_runner()
    drifted = []
    for path in documents():
        text = path.read_text(encoding="utf-8")
        fresh = regenerate(text, run)
        if fresh == text:
            continue
        drifted.append(path.relative_to(ROOT).as_posix())
        if not check:
            path.write_text(fresh, encoding="utf-8")
    verb = "drifted" if check else "rewritten"
    for name in drifted:
        print(f"{name}: examples {verb}", file=sys.stderr)
    return 1 if check and drifted else 0


if __name__ == "__main__":
    sys.exit(main())

"""The CI gates: lint, format and types of the package (the same commands CI documents)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "tradenews", "tests", "benchmarks"),
        ("ruff", "format", "--check", "tradenews", "tests", "benchmarks"),
        ("mypy", "tradenews"),
        # Dead code: what vulture is sure of; framework-called names are in the whitelist.
        ("vulture", "tradenews", "tests/vulture_whitelist.py", "--min-confidence", "100"),
    ],
    ids=["ruff-check", "ruff-format", "mypy", "vulture"],
)
def test_gate(command: tuple[str, ...]) -> None:
    tool = shutil.which(command[0], path=str(Path(sys.executable).parent))
    assert tool is not None, f"{command[0]} is not installed (it is in the test extra)"
    result = _run(tool, *command[1:])
    assert result.returncode == 0, result.stdout + result.stderr

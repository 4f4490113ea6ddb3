"""mcpgen's own code meets the bar it sets for generated projects: ruff and mypy --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import run_tool

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("src", "tests", "tools", "benchmarks", "noxfile.py")


def test_ruff_is_clean() -> None:
    run_tool("ruff", "check", "--no-cache", *CHECKED, cwd=ROOT)
    run_tool("ruff", "format", "--check", "--no-cache", *CHECKED, cwd=ROOT)


def test_mypy_strict_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYPYPATH", str(ROOT / "src"))
    run_tool("mypy", "src/mcpgen", "tools", cwd=ROOT)

"""The longest allowed names still give ruff-clean projects (lines stay within 100 columns)."""

from __future__ import annotations

from pathlib import Path

from support import run_tool
from typer.testing import CliRunner

from mcpgen.cli import app
from mcpgen.names import MAX_NAME_LENGTH


def test_longest_name_with_every_option_is_ruff_clean(tmp_path: Path) -> None:
    name = ("a" + "bcdefghij-" * 5)[:MAX_NAME_LENGTH].rstrip("-")
    assert len(name) >= MAX_NAME_LENGTH - 1
    args = ["new", name, "--yes", "--no-git", "--dest", str(tmp_path / "p"), "--transport", "http"]
    args += ["--rate-limit", "--otel", "--with", "weather,sqlite,postgres"]
    args += ["--deploy", "kubernetes"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    run_tool("ruff", "check", "--no-cache", ".", cwd=tmp_path / "p")
    run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=tmp_path / "p")

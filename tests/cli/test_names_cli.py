"""Refused names through the CLI: exit 2, one line with a hint, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcpgen.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [i for i, line in enumerate(lines) if line.startswith("Error: ")]
    assert len(errors) == 1 and lines[errors[0] + 1 :][:1] == [lines[-1]], output
    assert lines[-1].startswith("Hint: "), output
    return lines[errors[0]]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Fast_MCP", "only by separators"),
        ("typing-extensions", "shadow"),
        ("python", "command 'python'"),
        ("CON", "device name"),
        ("\uff46\uff41\uff53\uff54\uff4d\uff43\uff50", "fastmcp"),
        ("sitecustomize", "shadow"),
    ],
)
def test_new_refuses_the_name_and_creates_nothing(tmp_path: Path, name: str, reason: str) -> None:
    result = runner.invoke(app, ["new", name, "--yes", "--no-git"])
    assert result.exit_code == 2, result.output
    assert reason in one_error_line(result.output)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "reason"), [("nul", "device name"), ("aux", "device name")])
def test_add_tool_refuses_the_name_and_changes_nothing(
    tmp_path: Path, name: str, reason: str
) -> None:
    assert runner.invoke(app, ["new", "demo", "--yes", "--no-git"]).exit_code == 0
    before = sorted(str(p) for p in (tmp_path / "demo").rglob("*"))
    result = runner.invoke(app, ["add-tool", "sqlite", "--name", name, "--project", "demo"])
    assert result.exit_code == 2, result.output
    assert reason in one_error_line(result.output)
    assert sorted(str(p) for p in (tmp_path / "demo").rglob("*")) == before

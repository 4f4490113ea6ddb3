"""``mcpgen update`` carries a project of the previous layout (``register(mcp)`` tool modules,
hand-typed instructions) to the decorated layout, keeping the user's edits.

The old project is rendered from the templates of commit ``OLD_LAYOUT`` (mcpgen 0.1.0, the
last release with the previous layout), edited the way a user would, then updated with the
current templates as release 0.4.0 (every migration since runs). The result passes its own
tests, ruff and mypy.
"""

from __future__ import annotations

import subprocess
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from support import Generated
from typer.testing import CliRunner

from mcpgen import options, render
from mcpgen import update as updating
from mcpgen.cli import app

pytestmark = pytest.mark.e2e

OLD_LAYOUT = "af4b52c"
REPO = Path(__file__).resolve().parents[2]
MINE = '''"""Forecast tools, written by hand in the register(mcp) layout."""

from typing import Annotated

from fastmcp import FastMCP
from pydantic import Field


def forecast(
    city: Annotated[str, Field(min_length=1, max_length=100, description="City name.")],
) -> str:
    """Tomorrow's weather forecast for a city, in one sentence."""
    return f"Sunny in {city}."


def register(mcp: FastMCP) -> None:
    """Register this module's tools."""
    read_only = {"readOnlyHint": True}
    mcp.tool(forecast, annotations=read_only)
'''
MINE_TEST = '''"""The hand-written forecast tool, through the server."""

from fastmcp import Client

from demo.server import create_server
from demo.settings import Settings


async def test_forecast_is_served_and_listed() -> None:
    server = create_server(Settings(_env_file=None))
    async with Client(server) as client:
        result = await client.call_tool("forecast", {"city": "Oslo"})
        assert result.data == "Sunny in Oslo."
        assert client.instructions is not None
        assert "`forecast`" in client.instructions
'''


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def old_templates(where: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", OLD_LAYOUT, "src/mcpgen/templates"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    return where / "src" / "mcpgen" / "templates"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_update_migrates_a_project_of_the_previous_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    current = render.TEMPLATES
    monkeypatch.setattr(render, "TEMPLATES", old_templates(tmp_path / "old"))
    monkeypatch.setattr(options, "__version__", "0.1.0")  # the release that had that layout
    monkeypatch.chdir(tmp_path)
    new = ["new", "demo", "--yes", "--git", "--no-install", "--author", "Ada", "--email", "a@x.io"]
    done = runner.invoke(app, new, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    root = tmp_path / "demo"
    assert "def register" in (root / "src/demo/tools/examples.py").read_text()

    (root / "src/demo/tools/mine.py").write_text(MINE)
    (root / "tests/test_mine.py").write_text(MINE_TEST)
    edit(root / "pyproject.toml", 'description = "', 'description = "Forecasts. ')
    edit(root / ".env.example", "MCP_LOG_LEVEL=", "# our team's default\nMCP_LOG_LEVEL=")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "user edits")

    monkeypatch.setattr(render, "TEMPLATES", current)
    monkeypatch.setattr(updating, "__version__", "0.4.0")
    done = runner.invoke(app, ["update", "--project", str(root)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert not git(root, "status", "--porcelain"), "the update leaves no conflicts"

    mine = (root / "src/demo/tools/mine.py").read_text()
    assert "def register" not in mine
    assert '@tool(annotations={"readOnlyHint": True})\ndef forecast(' in mine
    assert "@tool" in (root / "src/demo/tools/examples.py").read_text(), "kept as a component"
    assert "@tool" in (root / "src/demo/tools/hello.py").read_text()
    assert 'description = "Forecasts. ' in (root / "pyproject.toml").read_text()
    assert "# our team's default" in (root / ".env.example").read_text()

    project = Generated(root, "demo", "demo")
    project.uv("sync", "--locked", "--quiet")
    tested = project.run(str(project.python), "-m", "pytest", "-q", "-p", "no:randomly")
    assert " passed" in tested.stdout
    project.run(str(project.python), "-m", "ruff", "check", ".")
    project.run(str(project.python), "-m", "ruff", "format", "--check", ".")
    project.run(str(project.python), "-m", "mypy")

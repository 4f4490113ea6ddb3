"""The documentation site builds without warnings and the user guide covers the whole CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from mcpgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
CLI = typer.main.get_command(app)
COMMANDS = sorted(CLI.commands)  # type: ignore[attr-defined]


def test_site_builds_strictly(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
    assert (tmp_path / "reference" / "cli" / "index.html").is_file()


@pytest.mark.parametrize("command", COMMANDS)
def test_guide_documents_every_option(command: str) -> None:
    params = CLI.commands[command].params  # type: ignore[attr-defined]
    flags = [
        next(opt for opt in param.opts if opt.startswith("--"))
        for param in params
        if param.param_type_name == "option" and param.name != "help"
    ]
    assert f"## `mcpgen {command}" in GUIDE, f"docs/commands.md has no section for {command}"
    missing = [flag for flag in flags if f"`{flag}" not in GUIDE]
    assert not missing, f"docs/commands.md does not document {command} {', '.join(missing)}"

"""The documentation site builds without warnings and the user guide covers the whole CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from mcpgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
CLI = typer.main.get_group(app)
COMMANDS = sorted(CLI.commands)


def _section(command: str) -> str:
    """The part of the user guide about ``mcpgen COMMAND``, up to the next command."""
    heading = f"\n## `mcpgen {command}`\n"
    assert heading in GUIDE, f"docs/commands.md has no section '## `mcpgen {command}`'"
    return GUIDE.split(heading, 1)[1].split("\n## ", 1)[0]


def test_site_builds_strictly(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
    assert (tmp_path / "reference" / "cli" / "index.html").is_file()


@pytest.mark.parametrize("command", COMMANDS)
def test_guide_documents_every_option(command: str) -> None:
    flags = [
        next(opt for opt in param.opts if opt.startswith("--"))
        for param in CLI.commands[command].params
        if param.param_type_name == "option"
    ]
    section = _section(command)
    missing = [flag for flag in flags if f"`{flag}" not in section]
    assert not missing, f"docs/commands.md does not document: mcpgen {command} {' '.join(missing)}"

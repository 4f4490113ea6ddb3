"""mcpgen's README: its command table names every command and every option a user can give."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from mcpgen.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
COMMANDS_SECTION = README.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
CLI = typer.main.get_group(app)
# Said once under the table rather than in every row.
EVERYWHERE = {"--project", "--help"}


def table_row(command: str) -> str:
    rows = [row for row in COMMANDS_SECTION.splitlines() if row.startswith(f"| `mcpgen {command}")]
    assert len(rows) == 1, f"README's command table has no row for mcpgen {command}"
    return rows[0]


@pytest.mark.parametrize("command", sorted(CLI.commands))
def test_the_command_table_names_every_option(command: str) -> None:
    row = table_row(command)
    flags = {
        next(opt for opt in param.opts if opt.startswith("--"))
        for param in CLI.commands[command].params
        if param.param_type_name == "option"
    }
    missing = sorted(flag for flag in flags - EVERYWHERE if f"`{flag}" not in row)
    assert not missing, f"README's row for mcpgen {command} lacks {' '.join(missing)}"


def test_the_options_said_once_are_said() -> None:
    assert "`--project DIR`" in COMMANDS_SECTION

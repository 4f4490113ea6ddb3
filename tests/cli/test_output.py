"""What mcpgen prints: help that reads like a CLI, suggestions for typos, next steps that fit
the project, failed steps shown as failed, and piped output in whole lines."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import typer
import typer.core
import typer.main
from typer.testing import CliRunner

from mcpgen import pins
from mcpgen.cli import app

runner = CliRunner()
COMMANDS = [
    "new",
    "client-config",
    "add-tool",
    "list",
    "update",
    "adopt",
    "check",
    "bundle",
    "registry",
]


def invoke(*args: str, columns: int = 120) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # uv on PATH, as for a user who runs the printed commands (tests/unit covers its absence)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_help_shows_no_python_types(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert not re.search(r"<(bool|str|int|path|list\[str\])>|\{\w+\}", out), out


def test_every_command_is_listed_and_none_is_missing_from_this_test() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert sorted(group.commands) == sorted(COMMANDS)


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_help_reads_the_same_in_a_pipe(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help", columns=80)
    assert code == 0
    assert not re.search(r"[a-z,]\.\.\.$", out, re.MULTILINE), "no summary cut off"
    assert "[default:" not in out, "defaults are stated in the help text, one way"
    assert all(len(line) <= 80 for line in out.splitlines())


def test_help_states_defaults_that_depend_on_the_transport() -> None:
    _, out, _ = invoke("new", "--help")
    text = " ".join(out.split())
    assert "--auth none|api-key|jwt|oauth|oauth-proxy HTTP auth. Default: api-key when the" in text
    assert "serves HTTP (http, sse, --docker or --deploy kubernetes), else none." in text
    assert "Usage: mcpgen new [OPTIONS] NAME" in out
    assert "--port" in out and "PORT" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["new", "demo", "--yes", "--transport", "htp"], "Did you mean 'http'?"),
        (["new", "demo", "--yes", "--auth", "apikey"], "Did you mean 'api-key'?"),
        (["new", "demo", "--yes", "--with", "wether"], "Did you mean 'weather'?"),
        (["new", "demo", "--yes", "--tool", "sqlit"], "Did you mean 'sqlite'?"),
        (["client-config", "-T", "claude"], "Did you mean 'claude-desktop' or 'claude-code'?"),
        (["add-tool", "wether"], "Did you mean 'weather'?"),
    ],
)
def test_typos_get_the_closest_value(tmp_path: Path, args: list[str], said: str) -> None:
    code, _, err = invoke(*args)
    assert code in (1, 2)
    assert said in err
    assert "Rendered" not in err and "git repository" not in err, "checked before rendering"
    assert list(tmp_path.iterdir()) == []


def test_next_steps_of_an_http_project_fit_it() -> None:
    code, out, err = invoke("new", "api", "--yes", "--no-git", "-t", "http", "--port", "9100")
    assert code == 0, err
    lines = [line.strip() for line in out.splitlines()]
    assert any(
        line.startswith("uv run api ") and "http://127.0.0.1:9100/mcp" in line for line in lines
    )
    inspector = next(line for line in lines if line.startswith(f"npx -y {pins.INSPECTOR}"))
    assert "--cli http://127.0.0.1:9100/mcp --transport http" in inspector
    assert "Bearer $MCP_API_KEY" in inspector
    assert "MCP_TRANSPORT=stdio" not in out
    notes = [line for line in lines if line.startswith("Note:")]
    assert len(notes) == 1 and "MCP_API_KEY" in notes[0]
    assert not any(line.startswith("cp .env") for line in lines), "a note is not a command"


def test_next_steps_of_a_stdio_project_have_no_http_notes() -> None:
    code, out, err = invoke("new", "tool", "--yes", "--no-git")
    assert code == 0, err
    assert "uv run tool " in out and "MCP_TRANSPORT=stdio" in out
    assert "Note:" not in out


def test_new_with_an_integration_lists_its_tools_and_settings() -> None:
    code, out, err = invoke("new", "shop", "--yes", "--no-git", "--with", "sqlite")
    assert code == 0, err
    note = next(line for line in out.splitlines() if "sqlite_query" in line)
    assert "Note:" in note and "sqlite_list_tables" in note
    assert all(name in note for name in ("SQLITE_PATH", "SQLITE_TABLES", "SQLITE_MAX_ROWS"))


def test_piped_next_steps_are_never_wrapped() -> None:
    code, out, _ = invoke("new", "a-rather-long-project-name", "--yes", "--no-git", columns=40)
    assert code == 0
    assert f"npx -y {pins.INSPECTOR} -e MCP_TRANSPORT=stdio uv run " in out
    assert "│" not in out and "╭" not in out, "plain lines off a terminal"
    assert "mcpgen client-config --target claude-desktop" in out


def test_a_failed_check_after_a_write_says_both(tmp_path: Path) -> None:
    code, _, err = invoke("new", "demo", "--yes", "--no-git")
    assert code == 0, err
    project = tmp_path / "demo"
    script = project / ".venv" / "bin" / "demo"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\necho 'boom: cannot start' >&2\nexit 3\n")
    script.chmod(0o755)
    config = tmp_path / "cursor.json"
    code, _, err = invoke(
        "client-config", "-T", "cursor", "--project", str(project), "--config-path", str(config)
    )
    assert code == 1
    assert config.is_file()
    assert "✓ Started" not in err
    assert "✗ Starting 'demo' as cursor would and asking for its tools failed" in err
    assert f"Wrote Cursor's config {config}, but the server did not answer" in err


def test_one_tool_is_one_tool() -> None:
    code, out, err = invoke("new", "sky", "--yes", "--no-git", "--with", "weather")
    assert code == 0, err
    assert "weather adds the tool weather_current;" in out

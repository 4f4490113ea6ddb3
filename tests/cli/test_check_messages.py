"""``mcpgen check`` through the CLI: what goes wrong loading a server is said plainly, vague
descriptions are flagged (and can be silenced per tool), and piped output is whole lines."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcpgen.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "fixtures" / "check"


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args], env={"COLUMNS": "60"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("server", "said", "hint"),
    [
        ("missing.py:mcp", "Server file not found", "path to the file"),
        ("documented.py:nope", "has no attribute 'nope'", "documented.py:NAME"),
        ("documented.py:Field", "not a FastMCP server", "documented.py:NAME"),
        ("no_such_module.server:mcp", "Module 'no_such_module.server' not found", "--project"),
    ],
)
def test_what_is_wrong_with_the_server_spec_is_named(server: str, said: str, hint: str) -> None:
    code, _, err = check("--project", str(FIXTURES), "--server", server, "--python", sys.executable)
    assert code == 2, err
    assert said in err and hint in err
    assert "site-packages" not in err and "probe.py" not in err, "no internal command line"
    assert len(err.strip().splitlines()) == 2, "one line and a hint"


def test_a_file_without_a_server_under_the_usual_names(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("answer = 42\n")
    code, _, err = check(
        "--project", str(tmp_path), "--server", "plain.py", "--python", sys.executable
    )
    assert code == 2
    assert "plain.py has no FastMCP server under the names tried (mcp, server, app" in err


def test_no_environment_says_how_to_give_one(tmp_path: Path) -> None:
    (tmp_path / "server.py").write_text("mcp = None\n")
    code, _, err = check("--project", str(tmp_path), "--server", "server.py:mcp")
    assert code == 2
    assert "No Python environment" in err and "--python PATH" in err


def test_an_environment_without_fastmcp_is_named(tmp_path: Path) -> None:
    venv_python = Path(sys.base_prefix) / "bin" / "python3"
    if not venv_python.is_file():
        pytest.skip("no base interpreter without fastmcp")
    code, _, err = check(
        "--server", f"{FIXTURES / 'documented.py'}:mcp", "--python", str(venv_python)
    )
    assert code == 2
    assert "fastmcp is not installed" in err


def test_vague_descriptions_are_warnings_and_can_be_silenced_per_tool() -> None:
    project = FIXTURES / "vague"
    code, out, _ = check(
        "--project", str(project), "--server", "server.py:mcp", "--python", sys.executable
    )
    assert code == 0, "warnings do not fail the check"
    lines = out.strip().splitlines()
    assert [line for line in lines if "vague-description" in line] == [
        line for line in lines if line.startswith("warning") and "tool stuff:" in line
    ]
    assert "tool ping" not in out, "silenced in the project's pyproject.toml"
    assert "tool search_orders" not in out
    assert lines[-1] == "Checked 3 tools, 0 resources and 0 prompts: 0 errors, 1 warning."


def test_piped_output_never_splits_a_finding() -> None:
    code, out, _ = check(
        "--server", f"{FIXTURES / 'undocumented.py'}:mcp", "--python", sys.executable
    )
    assert code == 1
    findings = [line for line in out.splitlines() if line.startswith(("error", "warning"))]
    assert len(findings) == 7
    assert all(len(line) > 60 for line in findings), "whole lines, wider than COLUMNS"
    assert "│" not in out
    assert "undocumented-parameter  tool mystery > parameter value: No description" in out
    columns = {len(line) - len(line.split(maxsplit=2)[2]) for line in findings}
    assert len(columns) == 1, "the places line up, as in a table"
    assert out.splitlines()[-1] == "Checked 2 tools, 1 resource and 1 prompt: 7 errors, 0 warnings."


def test_an_error_in_the_server_points_at_its_code_not_at_mcpgen(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text(
        "def helper():\n    raise RuntimeError('boom at import')\n\n\nhelper()\n"
    )
    code, _, err = check(
        "--project", str(tmp_path), "--server", "broken.py:mcp", "--python", sys.executable
    )
    assert code == 1
    assert "RuntimeError: boom at import (at broken.py:2)" in err
    assert "probe.py" not in err and "importlib" not in err
    assert len(err.strip().splitlines()) == 2

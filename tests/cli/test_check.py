"""``mcpgen check`` through the CLI: fixture servers with known problems, and generated projects.

The servers are loaded in a subprocess by the probe, here with mcpgen's own interpreter (the
dev environment has fastmcp); generated projects are rendered, not installed: the probe finds
their package under src/.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mcpgen import options, render
from mcpgen.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "fixtures" / "check"


def check(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", "--python", sys.executable, "--json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def findings_by_where(report: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["where"], set()).add(finding["rule"])
    return found


@pytest.fixture(scope="module")
def poisoned(monkeypatch_module: pytest.MonkeyPatch) -> tuple[int, dict[str, Any]]:
    monkeypatch_module.setenv("MCPGEN_FIXTURE_DEPLOYMENT", "prod-eu-west-cluster-7")
    return check("--server", f"{FIXTURES / 'poisoned.py'}:mcp")


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_a_documented_server_passes() -> None:
    code, report = check("--server", f"{FIXTURES / 'documented.py'}:mcp")
    assert (code, report["ok"], report["findings"]) == (0, True, [])
    assert report["counts"]["tools"] == 1


@pytest.mark.parametrize(
    ("where", "rule"),
    [
        ("tool override", "instruction-override"),
        ("tool sensitive_file", "sensitive-file"),
        ("tool exfiltration", "secret-exfiltration"),
        ("tool hidden_unicode", "hidden-unicode"),
        ("tool html_comment", "html-comment"),
        ("tool base64_blob", "base64-blob"),
        ("tool runtime_input", "runtime-input"),
        ("tool poisoned_parameter > parameter path", "instruction-override"),
    ],
)
def test_each_poisoned_tool_is_caught_by_its_rule(
    poisoned: tuple[int, dict[str, Any]], where: str, rule: str
) -> None:
    code, report = poisoned
    assert code == 1
    assert findings_by_where(report)[where] == {rule}


def test_undocumented_server_fails_with_each_gap() -> None:
    code, report = check("--server", f"{FIXTURES / 'undocumented.py'}:mcp")
    assert code == 1
    assert findings_by_where(report) == {
        "tool mystery": {"missing-description"},
        "tool mystery > parameter value": {"undocumented-parameter"},
        "tool mystery > parameter count": {"undocumented-parameter"},
        "tool half_documented > parameter query": {"undocumented-parameter"},
        "resource data://blob": {"missing-description"},
        "prompt vague": {"missing-description"},
        "prompt vague > argument topic": {"undocumented-parameter"},
    }


def test_table_output_names_each_finding() -> None:
    server = f"{FIXTURES / 'oversized.py'}:mcp"
    result = runner.invoke(
        app, ["check", "--python", sys.executable, "--server", server], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    for text in ("too-many-tools", "101 tools", "name-too-long", "2 errors"):
        assert text in result.stdout


def test_a_server_that_fails_to_load_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("raise RuntimeError('boom at import')\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--python", sys.executable, "--server", f"{broken}:mcp"])
    assert result.exit_code == 1
    assert "boom at import" in result.output


def test_outside_a_project_without_server_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "No mcpgen project" in result.output


def test_a_generated_project_passes(tmp_path: Path) -> None:
    given = {"transport": "http", "auth": "api-key", "rate_limit": True, "otel": True}
    answers = options.resolve_answers("checked-server", given, ask=False)
    render.render("server", tmp_path / "checked-server", answers)
    code, report = check("--project", str(tmp_path / "checked-server"))
    assert (code, report["findings"]) == (0, [])
    assert report["counts"] == {
        "tools": 1,
        "resources": 2,
        "prompts": 1,
        "errors": 0,
        "warnings": 0,
    }


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
@pytest.mark.parametrize("command", [["check"], ["client-config", "--target", "cursor"]])
def test_a_project_planted_in_a_shared_parent_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    planted = shared / ".copier-answers.yml"
    planted.write_text("project_name: evil\npackage_name: evil\ntransport: stdio\n")
    os.chown(planted, 12345, 12345)
    (shared / "mywork").mkdir()
    monkeypatch.chdir(shared / "mywork")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert "No mcpgen project found" in result.output
    assert "belongs to another user" in result.output and "--project DIR" in result.output
    assert not (tmp_path / "home").exists()

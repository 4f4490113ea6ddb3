"""Next steps never make uv warn about a foreign VIRTUAL_ENV."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpgen import next_steps
from mcpgen.project import Project

PROJECT = Project(Path("/work/demo"), {"project_name": "demo", "package_name": "demo"})


def commands(environ: dict[str, str]) -> list[str]:
    steps = next_steps.for_new_project(PROJECT, installed=True, components=[], environ=environ)
    return [command for command, _ in steps.commands]


def test_an_active_foreign_venv_is_left_before_any_uv_run() -> None:
    listed = commands({"VIRTUAL_ENV": "/home/ada/.mcpgen"})
    assert listed[:2] == ["cd /work/demo", "deactivate"]
    assert all(not command.startswith("uv") for command in listed[:2])


def test_no_venv_or_the_projects_own_needs_nothing() -> None:
    assert "deactivate" not in commands({})
    assert "deactivate" not in commands({"VIRTUAL_ENV": "/work/demo/.venv"})


def test_a_missing_uv_is_a_note_with_how_to_get_it(tmp_path: Path) -> None:
    project = Project(root=tmp_path, answers={"project_name": "demo", "transport": "stdio"})
    without = next_steps.for_new_project(
        project, installed=True, components=[], environ={"PATH": str(tmp_path)}
    )
    assert any("need uv" in note and "pipx install uv" in note for note in without.notes)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "uv").write_text("#!/bin/sh\n")
    (fake / "uv").chmod(0o755)
    found = next_steps.for_new_project(
        project, installed=True, components=[], environ={"PATH": str(fake)}
    )
    assert not any("need uv" in note for note in found.notes)


def steps_for(**answers: object) -> next_steps.NextSteps:
    project = Project(Path("/work/api"), {"project_name": "api", **answers})
    return next_steps.for_new_project(project, installed=True, components=[], environ={})


def test_an_api_key_the_inspector_sends_is_one_the_shell_must_hold() -> None:
    steps = steps_for(transport="http", auth="api-key", http_port=8000)
    inspector = next(command for command, _ in steps.commands if "--header" in command)
    assert '"Authorization: Bearer $MCP_API_KEY"' in inspector
    (note,) = [note for note in steps.notes if "MCP_API_KEY" in note]
    assert "reads $MCP_API_KEY from your shell: export it there too" in note


@pytest.mark.parametrize(
    "answers",
    [
        {"transport": "http", "auth": "jwt"},
        {"transport": "http", "auth": "none"},
        {"transport": "stdio", "auth": "api-key", "docker": True},
    ],
)
def test_no_shell_key_is_mentioned_when_no_command_sends_one(answers: dict[str, object]) -> None:
    steps = steps_for(**answers)
    assert not any("--header" in command for command, _ in steps.commands)
    assert not any("from your shell" in note for note in steps.notes)

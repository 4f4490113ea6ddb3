"""The server template over its option matrix, rendered with pytest-copie (no install).

The end-to-end tier installs and runs the same combinations; this tier keeps feedback fast:
files present or absent, Python that compiles, ruff-clean and mypy --strict clean.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import render_each, run_tool

MATRIX = [
    {"transport": transport, "auth": auth, "docker": docker}
    for transport, auth, docker in itertools.product(
        ["stdio", "http", "sse"], ["none", "api-key"], [True, False]
    )
]


def _id(answers: dict[str, Any]) -> str:
    return "-".join(str(value) for value in answers.values())


@pytest.fixture(scope="session")
def rendered(copie_session: Any) -> dict[str, Path]:
    """Every combination rendered once for the whole session."""
    return render_each(copie_session, MATRIX, _id, project_name="demo-server")


@pytest.mark.parametrize("answers", MATRIX, ids=_id)
def test_files_follow_the_options(rendered: dict[str, Path], answers: dict[str, Any]) -> None:
    root = rendered[_id(answers)]
    for always in (
        "pyproject.toml",
        "README.md",
        ".env.example",
        ".gitignore",
        ".copier-answers.yml",
        ".github/workflows/ci.yml",
        "src/demo_server/server.py",
        "src/demo_server/tools/hello.py",
        "src/demo_server/py.typed",
        "tests/test_tools.py",
    ):
        assert (root / always).is_file(), always
    for docker_file in ("Dockerfile", ".dockerignore", "docker-compose.yml"):
        assert (root / docker_file).exists() == answers["docker"], docker_file
    env_example = (root / ".env.example").read_text()
    http = answers["transport"] != "stdio" or answers["docker"]
    assert ("MCP_API_KEY=" in env_example) == (answers["auth"] == "api-key" and http)
    assert (f"MCP_TRANSPORT={answers['transport']}" in env_example) == http
    recorded = yaml.safe_load((root / ".copier-answers.yml").read_text())
    assert {key: recorded[key] for key in answers} == answers
    assert ".env\n" in (root / ".gitignore").read_text()


def test_rendered_python_compiles(rendered: dict[str, Path], tmp_path: Path) -> None:
    for root in rendered.values():
        run_tool("compileall", "-q", "src", "tests", cwd=root)


def test_rendered_projects_are_ruff_clean(rendered: dict[str, Path]) -> None:
    for root in rendered.values():
        run_tool("ruff", "check", "--no-cache", ".", cwd=root)
        run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=root)


@pytest.mark.parametrize("auth", ["none", "api-key"])
def test_rendered_projects_pass_mypy_strict(rendered: dict[str, Path], auth: str) -> None:
    # Auth is the only option that changes Python code paths that mypy sees.
    root = rendered[_id({"transport": "http", "auth": auth, "docker": True})]
    run_tool("mypy", "--no-incremental", "src", "tests", cwd=root)


def test_secrets_never_have_defaults(rendered: dict[str, Path]) -> None:
    root = rendered[_id({"transport": "http", "auth": "api-key", "docker": True})]
    assert "MCP_API_KEY=\n" in (root / ".env.example").read_text()
    settings = (root / "src/demo_server/settings.py").read_text()
    assert "api_key: SecretStr | None" in settings


def test_dockerfile_runs_as_non_root_with_a_working_healthcheck(
    rendered: dict[str, Path],
) -> None:
    dockerfile = (
        rendered[_id({"transport": "http", "auth": "api-key", "docker": True})] / "Dockerfile"
    ).read_text()
    assert "USER 10001" in dockerfile
    assert "curl" not in dockerfile
    assert '"-m", "demo_server.healthcheck"' in dockerfile

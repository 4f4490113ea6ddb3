"""The hardening options (--rate-limit, --otel) over the server template, rendered only.

Which files and dependencies each option brings, and that every combination is ruff-clean
and mypy --strict clean in mcpgen's environment (which has limits and the OTel SDK).
"""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from support import render_each, run_tool

from mcpgen.render import template_path

NETWORK_SETTINGS = (
    "MCP_ALLOWED_HOSTS",
    "MCP_ALLOWED_ORIGINS",
    "MCP_TRUSTED_PROXIES",
    "MCP_MAX_SESSIONS_PER_CALLER",
    "MCP_SESSION_IDLE_TIMEOUT_SECONDS",
)

MATRIX = [
    {"transport": "http", "auth": "api-key", "rate_limit": limit, "otel": otel}
    for limit, otel in itertools.product([True, False], [True, False])
]


def _id(answers: dict[str, Any]) -> str:
    return f"limit={answers['rate_limit']}-otel={answers['otel']}"


@pytest.fixture(scope="session")
def hardened(copie_session: Any) -> dict[str, Path]:
    return render_each(copie_session, MATRIX, _id, project_name="hard-server", docker=False)


@pytest.mark.parametrize("answers", MATRIX, ids=_id)
def test_files_and_dependencies_follow_the_options(
    hardened: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = hardened[_id(answers)]
    package = root / "src" / "hard_server"
    for always in ("middleware.py", "redaction.py"):
        assert (package / always).is_file()
    assert (package / "ratelimit.py").is_file() == answers["rate_limit"]
    assert (root / "tests/test_ratelimit.py").is_file() == answers["rate_limit"]
    assert (package / "observability.py").is_file() == answers["otel"]
    assert (root / "tests/test_observability.py").is_file() == answers["otel"]
    dependencies = " ".join(
        tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    )
    assert ("limits" in dependencies) == answers["rate_limit"]
    assert ("opentelemetry-sdk" in dependencies) == answers["otel"]
    env_example = (root / ".env.example").read_text()
    assert ("MCP_RATE_LIMIT_DEFAULT" in env_example) == answers["rate_limit"]
    assert ("OTEL_EXPORTER_OTLP_ENDPOINT" in env_example) == answers["otel"]
    assert "mcpgen check" in (root / ".github/workflows/ci.yml").read_text()


def test_rate_limit_defaults_to_on_for_http_only(copie_session: Any) -> None:
    variants = [{"transport": "stdio"}, {"transport": "http"}]
    projects = render_each(copie_session, variants, lambda answers: answers["transport"])
    for transport, expected in (("stdio", False), ("http", True)):
        package = projects[transport] / "src" / "my_mcp_server"
        assert (package / "ratelimit.py").is_file() is expected
        assert not (package / "observability.py").exists()


def test_every_combination_is_ruff_and_mypy_clean(hardened: dict[str, Path]) -> None:
    for root in hardened.values():
        run_tool("ruff", "check", "--no-cache", ".", cwd=root)
        run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=root)
        run_tool("mypy", "--no-incremental", "src", "tests", cwd=root)


def test_every_project_guards_its_http_apps(hardened: dict[str, Path]) -> None:
    for root in hardened.values():
        package = root / "src" / "hard_server"
        for module in ("network.py", "sessions.py", "identity.py"):
            assert (package / module).is_file(), module
        assert "network.GuardedFastMCP(" in (package / "server.py").read_text()
        assert (root / "tests" / "test_network.py").is_file()
        assert (root / "tests" / "test_settings.py").is_file()
        env_example = (root / ".env.example").read_text()
        for variable in NETWORK_SETTINGS:
            assert re.search(rf"^{variable}=", env_example, re.MULTILINE), variable


def test_no_template_reads_the_working_directorys_env_file() -> None:
    """One class says how settings are read (the project's .env, never ``./.env``); the server's
    settings and every integration's derive from it and configure nothing but their prefix."""
    templates = template_path("server").parent
    bases = []
    for path in templates.rglob("*.py.jinja"):
        text = path.read_text()
        bases += re.findall(r"^class \w*Settings\((\w+)", text, re.MULTILINE)
        if path.name == "settings.py.jinja":
            assert "class ProjectSettings(BaseSettings):" in text
            assert "env_file=PROJECT_ENV_FILE" in text
        else:
            assert "SettingsConfigDict(" not in text, path
            assert "(BaseSettings" not in text, path
        assert not re.search(r"env_file=[\"']", text), path
    assert bases.count("ProjectSettings") >= 6, "the server's and every integration's"

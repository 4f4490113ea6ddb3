"""Where settings come from: the environment and the project's own ``.env``, never the
working directory's (MCP clients start servers from anywhere)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from http_docker.settings import (
    PROJECT_ENV_FILE,
    ProjectSettings,
    Settings,
    project_env_file,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_project_env_file_is_next_to_pyproject_toml() -> None:
    assert project_env_file({}) == ROOT / ".env"


def test_mcp_env_file_names_another_file(tmp_path: Path) -> None:
    chosen = tmp_path / "server.env"
    assert project_env_file({"MCP_ENV_FILE": str(chosen)}) == chosen


def test_a_env_file_in_the_working_directory_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("MCP_AUTH=none\nMCP_TOOL_TIMEOUT_SECONDS=4242\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MCP_TOOL_TIMEOUT_SECONDS", raising=False)
    assert Settings().tool_timeout_seconds != 4242


def test_an_empty_variable_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """``MCP_X=`` as copied from ``.env.example`` keeps the default."""
    monkeypatch.setenv("MCP_TOOL_TIMEOUT_SECONDS", "")
    assert Settings(_env_file=None).tool_timeout_seconds == 60


def settings_classes() -> list[type[BaseSettings]]:
    """Every settings class the package defines, integrations' included."""
    package = importlib.import_module(Settings.__module__.rpartition(".")[0])
    classes: list[type[BaseSettings]] = []
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        classes += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, BaseSettings)
            and value.__module__ == module.__name__
        ]
    return classes


def test_every_settings_class_reads_the_project_env_file_under_its_own_prefix() -> None:
    """As ``ProjectSettings`` says (never ``./.env``), and no two read the same variables."""
    reading = ("env_file", "env_file_encoding", "env_ignore_empty", "extra")
    expected = {key: ProjectSettings.model_config.get(key) for key in reading}
    assert expected["env_file"] == PROJECT_ENV_FILE
    classes = [found for found in settings_classes() if found is not ProjectSettings]
    assert Settings in classes
    for settings_class in classes:
        config = settings_class.model_config
        assert {key: config.get(key) for key in reading} == expected, settings_class
    prefixes = [found.model_config.get("env_prefix") for found in classes]
    assert all(prefixes), prefixes
    assert len(set(prefixes)) == len(prefixes), prefixes

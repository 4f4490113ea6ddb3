"""Typed settings, read from the environment and the project's own ``.env`` file.

``ProjectSettings`` says once how settings are read. The server's ``Settings`` (``MCP_*``) and
each integration's settings, declared beside its tools, name only their prefix and fields:
``class WeatherSettings(ProjectSettings, env_prefix="WEATHER_")``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_FILE_VARIABLE = "MCP_ENV_FILE"


def project_env_file(environ: Mapping[str, str] | None = None) -> Path | None:
    """The ``.env`` settings are read from: ``MCP_ENV_FILE`` when set, else the one next to the
    ``pyproject.toml`` of the source checkout this package runs from (``<root>/src/<package>``),
    else None (an installed wheel reads the environment only). Never the working directory's.
    """
    explicit = (os.environ if environ is None else environ).get(ENV_FILE_VARIABLE, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    package = Path(__file__).resolve().parent
    root = package.parent.parent
    if package.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root / ".env"
    return None


PROJECT_ENV_FILE = project_env_file()


class ProjectSettings(BaseSettings):
    """The environment first, then the project's ``.env``; never the working directory's.

    MCP clients start servers from anywhere: a ``.env`` where a client happens to start one
    must not switch its settings.
    """

    model_config = SettingsConfigDict(
        env_file=PROJECT_ENV_FILE,
        env_file_encoding="utf-8",
        extra="ignore",
        # "NAME=" as copied from .env.example means "not set", not an empty value.
        env_ignore_empty=True,
    )


class Settings(ProjectSettings, env_prefix="MCP_"):
    """Server settings. Every field can be set as ``MCP_<FIELD>`` (e.g. ``MCP_LOG_LEVEL=DEBUG``)."""

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = Field(
        default="json", description="Log lines on stderr: one JSON object each, or plain text."
    )
    tool_timeout_seconds: float = Field(
        default=60.0, gt=0, description="Tool calls running longer than this are cancelled."
    )

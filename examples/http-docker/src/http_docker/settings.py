"""Typed settings, read from the environment and the project's own ``.env`` file.

``ProjectSettings`` says once how settings are read. The server's ``Settings`` (``MCP_*``) and
each integration's settings, declared beside its tools, name only their prefix and fields:
``class WeatherSettings(ProjectSettings, env_prefix="WEATHER_")``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Transport = Literal["stdio", "http", "sse"]
AuthMode = Literal["none", "api-key", "jwt", "oauth", "oauth-proxy"]
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
BUDGET = re.compile(r"\d+\s*(/|per)\s*(\d+\s*)?(second|minute|hour|day|month|year)s?", re.I)


def check_budget(value: str) -> str:
    """``value`` if it is a rate-limit budget such as '60/minute' or '1000 per hour'."""
    if not BUDGET.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a budget like '60/minute' or '1000 per hour'")
    return value.strip()


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
    transport: Transport = "http"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    auth: AuthMode = "api-key"
    api_key: SecretStr | None = Field(
        default=None,
        description="API key(s) for HTTP clients; comma-separated to rotate without downtime.",
    )
    stateless_http: bool = Field(
        default=False,
        description="Serve HTTP without sessions so that any replica can answer any request.",
    )
    access_log: bool = Field(
        default=False,
        description="Log every HTTP request (uvicorn's access log) besides the audit log's "
        "line per tool call.",
    )
    allowed_hosts: str = Field(
        default="",
        description="Host names clients reach this server by, comma-separated (loopback names "
        "are always allowed); needed when bound to 0.0.0.0. '*.example.com' matches subdomains.",
    )
    allowed_origins: str = Field(
        default="",
        description="Browser origins allowed to call, comma-separated, e.g. https://app.example.com"
        " (same-origin and loopback pages are always allowed).",
    )
    trusted_proxies: str = Field(
        default="",
        description="Addresses or networks of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are believed, comma-separated (default: none).",
    )
    max_sessions_per_caller: int = Field(
        default=20, ge=1, description="Open MCP sessions each caller may hold at once."
    )
    session_idle_timeout_seconds: float = Field(
        default=300.0, gt=0, description="MCP sessions idle for this long are closed."
    )
    rate_limit_default: str = Field(
        default="60/minute",
        description="Calls each caller may make to each tool, e.g. '60/minute' or '1000/hour'.",
    )
    rate_limit_tools: dict[str, str] = Field(
        default_factory=dict,
        description='Per-tool budgets as JSON, e.g. {"search_documents": "30/minute"}.',
    )
    redis_url: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("MCP_REDIS_URL", "REDIS_URL"),
        description="Redis for rate-limit counters shared by all replicas (default: memory).",
    )

    @field_validator("rate_limit_default")
    @classmethod
    def _check_default_budget(cls, value: str) -> str:
        return check_budget(value)

    @field_validator("rate_limit_tools")
    @classmethod
    def _check_tool_budgets(cls, value: dict[str, str]) -> dict[str, str]:
        return {tool: check_budget(budget) for tool, budget in value.items()}

    def host_names(self) -> list[str]:
        """``MCP_ALLOWED_HOSTS`` as a list."""
        return _items(self.allowed_hosts)

    def origins(self) -> list[str]:
        """``MCP_ALLOWED_ORIGINS`` as a list."""
        return _items(self.allowed_origins)

    def proxies(self) -> list[str]:
        """``MCP_TRUSTED_PROXIES`` as a list."""
        return _items(self.trusted_proxies)

    def api_keys(self) -> list[str]:
        """The configured API keys, blanks removed."""
        if self.api_key is None:
            return []
        return [key.strip() for key in self.api_key.get_secret_value().split(",") if key.strip()]


def _items(value: str) -> list[str]:
    """The comma-separated items of ``value``, blanks removed."""
    return [item.strip() for item in value.split(",") if item.strip()]

"""Typed settings, read from MCP_* environment variables and the project's ``.env`` file.

The ``.env`` file belongs to the project, not to the directory the server is started from:
MCP clients start servers from anywhere, and a ``.env`` in a foreign working directory must
never switch settings such as ``MCP_AUTH``. Every settings class in the project (the server's
and each integration's) reads ``PROJECT_ENV_FILE``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Transport = Literal["stdio", "http", "sse"]
AuthMode = Literal["none", "api-key", "jwt", "oauth", "oauth-proxy"]
ENV_FILE_VARIABLE = "MCP_ENV_FILE"


def project_env_file(environ: Mapping[str, str] | None = None) -> Path | None:
    """The ``.env`` file settings are read from, or None.

    ``MCP_ENV_FILE`` when set; else ``.env`` at the root of the source checkout this package
    runs from (``<root>/src/<package>``, next to ``pyproject.toml``); else None, as for an
    installed wheel, which reads the environment only. Never the working directory's.
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


class Settings(BaseSettings):
    """Server settings. Every field can be set as ``MCP_<FIELD>`` (e.g. ``MCP_PORT=9000``)."""

    model_config = SettingsConfigDict(
        env_prefix="MCP_",
        env_file=PROJECT_ENV_FILE,
        env_file_encoding="utf-8",
        extra="ignore",
        # "MCP_X=" as copied from .env.example means "not set", not an empty value.
        env_ignore_empty=True,
    )

    transport: Transport = "stdio"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    auth: AuthMode = "none"
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
    log_format: Literal["json", "text"] = Field(
        default="json", description="Log lines on stderr: one JSON object each, or plain text."
    )
    tool_timeout_seconds: float = Field(
        default=60.0, gt=0, description="Tool calls running longer than this are cancelled."
    )

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

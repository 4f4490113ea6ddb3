"""Typed settings, read from MCP_* environment variables and a ``.env`` file."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Transport = Literal["stdio", "http", "sse"]
AuthMode = Literal["none", "api-key", "jwt", "oauth"]


class Settings(BaseSettings):
    """Server settings. Every field can be set as ``MCP_<FIELD>`` (e.g. ``MCP_PORT=9000``)."""

    model_config = SettingsConfigDict(
        env_prefix="MCP_",
        env_file=".env",
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
    log_format: Literal["json", "text"] = Field(
        default="json", description="Log lines on stderr: one JSON object each, or plain text."
    )
    tool_timeout_seconds: float = Field(
        default=60.0, gt=0, description="Tool calls running longer than this are cancelled."
    )

    def api_keys(self) -> list[str]:
        """The configured API keys, blanks removed."""
        if self.api_key is None:
            return []
        return [key.strip() for key in self.api_key.get_secret_value().split(",") if key.strip()]

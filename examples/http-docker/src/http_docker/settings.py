"""Typed settings, read from MCP_* environment variables and a ``.env`` file."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Transport = Literal["stdio", "http", "sse"]
AuthMode = Literal["none", "api-key", "jwt", "oauth"]
BUDGET = re.compile(r"\d+\s*(/|per)\s*(\d+\s*)?(second|minute|hour|day|month|year)s?", re.I)


def check_budget(value: str) -> str:
    """``value`` if it is a rate-limit budget such as '60/minute' or '1000 per hour'."""
    if not BUDGET.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a budget like '60/minute' or '1000 per hour'")
    return value.strip()


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

    transport: Transport = "http"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    auth: AuthMode = "api-key"
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

    def api_keys(self) -> list[str]:
        """The configured API keys, blanks removed."""
        if self.api_key is None:
            return []
        return [key.strip() for key in self.api_key.get_secret_value().split(",") if key.strip()]

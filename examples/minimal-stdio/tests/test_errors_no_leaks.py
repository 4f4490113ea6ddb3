"""Error hygiene: seeded secrets never reach a client, a log line or a resource.

Recognisable secrets are put where real ones live (settings, environment variables), then every
failure path is triggered: bad arguments, an internal exception whose text contains secrets, a
deliberate ToolError that quotes one by mistake, a timeout.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator

import pytest
from fastmcp import Client, FastMCP
from fastmcp.exceptions import ToolError

from minimal_stdio.logs import configure_logging
from minimal_stdio.server import create_server
from minimal_stdio.settings import Settings

API_KEY = "sk-live-SEEDED-api-key-0123456789"
DB_PASSWORD = "SEEDED-db-password-42"  # noqa: S105 (a test value)
DSN = f"postgresql://app:{DB_PASSWORD}@db.internal:5432/app"
TOKEN = "tok-SEEDED-upstream-9876543210"  # noqa: S105
SECRETS = (API_KEY, DB_PASSWORD, TOKEN)


@pytest.fixture
def log_stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Secrets seeded in the environment; logging configured as in production, into a buffer."""
    monkeypatch.setenv("MCP_API_KEY", API_KEY)
    monkeypatch.setenv("DATABASE_URL", DSN)
    monkeypatch.setenv("UPSTREAM_API_TOKEN", TOKEN)
    names = ["", "fastmcp", "uvicorn", "uvicorn.access", "uvicorn.error"]
    saved = [
        (logger, list(logger.handlers), logger.propagate, logger.level)
        for logger in map(logging.getLogger, names)
    ]
    stream = io.StringIO()
    configure_logging(Settings(_env_file=None, log_level="DEBUG"), stream=stream)
    yield stream
    for logger, handlers, propagate, level in saved:
        logger.handlers[:] = handlers
        logger.propagate, logger.level = propagate, level


def leaky_server() -> FastMCP:
    """The real server (secrets in its settings) plus tools that fail in careless ways."""
    settings = Settings(
        _env_file=None,
        tool_timeout_seconds=0.2,
    )
    server = create_server(settings)

    @server.tool
    def crash() -> str:
        """Fail with an internal error whose text contains secrets."""
        raise RuntimeError(f"could not connect to {DSN} with key {API_KEY}")

    @server.tool
    def careless() -> str:
        """Fail with a deliberate error that quotes an upstream token by mistake."""
        raise ToolError(f"upstream refused Authorization: Bearer {TOKEN}")

    @server.tool
    async def stuck() -> str:
        """Never finish in time."""
        await asyncio.sleep(10)
        return DSN

    return server


FAILURES = [
    ("hello", {"name": ""}),
    ("hello", {"name": 42, "extra": DSN}),
    ("hello", {"name": API_KEY * 4}),
    ("crash", {}),
    ("careless", {}),
    ("stuck", {}),
    ("no_such_tool", {"password": DB_PASSWORD}),
]


@pytest.mark.parametrize(("tool", "arguments"), FAILURES)
async def test_failures_leak_nothing(
    log_stream: io.StringIO, tool: str, arguments: dict[str, object]
) -> None:
    async with Client(leaky_server()) as client:
        try:
            result = await client.call_tool(tool, arguments, raise_on_error=False)
            seen = str(result.content)
            assert result.is_error
        except Exception as exc:  # protocol-level errors (unknown tool) are raised
            seen = str(exc)
    logged = log_stream.getvalue()
    assert logged, "the failure was logged"
    for secret in SECRETS:
        assert secret not in seen
        assert secret not in logged


async def test_internal_errors_are_masked_but_tool_errors_explain(log_stream: io.StringIO) -> None:
    async with Client(leaky_server()) as client:
        crashed = await client.call_tool("crash", {}, raise_on_error=False)
        careless = await client.call_tool("careless", {}, raise_on_error=False)
    assert crashed.content[0].text == "Error calling tool 'crash'"
    assert "upstream refused" in careless.content[0].text
    assert "could not connect" in log_stream.getvalue(), "operators still see what failed"


async def test_resources_and_prompts_leak_nothing(log_stream: io.StringIO) -> None:
    async with Client(leaky_server()) as client:
        texts = [
            str(content)
            for resource in await client.list_resources()
            for content in await client.read_resource(str(resource.uri))
        ]
        texts += [str(tool) for tool in await client.list_tools()]
        texts += [str(prompt) for prompt in await client.list_prompts()]
    assert len(texts) > 2
    for secret in SECRETS:
        assert all(secret not in text for text in texts)

"""Tool-call middleware: one audit line per call on stderr, secrets redacted; time limits."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastmcp import Client, FastMCP
from fastmcp.exceptions import ToolError

from minimal_stdio.logs import configure_logging
from minimal_stdio.redaction import (
    MASK,
    Redactor,
    is_secret_name,
)
from minimal_stdio.server import create_server
from minimal_stdio.settings import Settings

from .conftest import TEST_API_KEY


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Undo configure_logging's changes to the root, FastMCP and uvicorn loggers."""
    names = ["", "fastmcp", "uvicorn", "uvicorn.access", "uvicorn.error"]
    saved = [
        (logger, list(logger.handlers), logger.propagate, logger.level)
        for logger in map(logging.getLogger, names)
    ]
    yield
    for logger, handlers, propagate, level in saved:
        logger.handlers[:] = handlers
        logger.propagate, logger.level = propagate, level


def audit_lines(text: str) -> list[dict[str, Any]]:
    """The audit entries among JSON log lines."""
    entries = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [entry for entry in entries if entry.get("event") == "tool_call"]


@pytest.mark.usefixtures("restore_logging")
async def test_each_call_is_one_json_line_on_stderr(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(settings)
    async with Client(create_server(settings)) as client:
        await client.call_tool("hello", {"name": "Ada"})
        await client.call_tool("hello", {"name": ""}, raise_on_error=False)
    captured = capsys.readouterr()
    assert captured.out == "", "stdout carries the stdio protocol: nothing else may use it"
    entries = audit_lines(captured.err)
    assert [(entry["tool"], entry["outcome"]) for entry in entries] == [
        ("hello", "ok"),
        ("hello", "error"),
    ]
    assert entries[0]["arguments"] == {"name": "Ada"}
    assert entries[0]["client"] is None
    assert all(entry["duration_ms"] >= 0 for entry in entries)


@pytest.mark.usefixtures("restore_logging")
async def test_secret_arguments_are_redacted(settings: Settings) -> None:
    stream = io.StringIO()
    configure_logging(settings, stream=stream)
    dsn = "postgresql://reader:pg-pass-4242@db.internal:5432/app"
    async with Client(create_server(settings)) as client:
        await client.call_tool("hello", {"name": f"{dsn} Bearer {TEST_API_KEY}"})
    logged = stream.getvalue()
    assert "pg-pass-4242" not in logged
    assert TEST_API_KEY not in logged
    assert audit_lines(logged)[0]["arguments"]["name"].startswith("postgresql://reader:")


@pytest.mark.usefixtures("restore_logging")
async def test_failures_are_logged_with_their_outcome(settings: Settings) -> None:
    stream = io.StringIO()
    configure_logging(settings, stream=stream)
    async with Client(create_server(settings)) as client:
        await client.call_tool("hello", {"name": ""}, raise_on_error=False)
    (entry,) = audit_lines(stream.getvalue())
    assert (entry["tool"], entry["outcome"], entry["level"]) == ("hello", "error", "WARNING")
    assert entry["error"]


@pytest.mark.usefixtures("restore_logging")
async def test_text_format_and_level_come_from_settings() -> None:
    settings = Settings(_env_file=None, log_format="text", log_level="WARNING")
    stream = io.StringIO()
    configure_logging(settings, stream=stream)
    async with Client(create_server(settings)) as client:
        await client.call_tool("hello", {"name": "quiet"})
        await client.call_tool("hello", {"name": ""}, raise_on_error=False)
    (line,) = [line for line in stream.getvalue().splitlines() if "tool call" in line]
    assert 'tool="hello"' in line
    assert 'outcome="error"' in line
    assert not line.startswith("{")


@pytest.mark.usefixtures("restore_logging")
def test_only_messages_and_tracebacks_are_redacted_not_logger_names() -> None:
    stream = io.StringIO()
    configure_logging(Settings(_env_file=None, log_format="text"), stream=stream)
    logging.getLogger("shop_api_key_service").warning("token: s3cr3t-t0ken-value")
    line = stream.getvalue()
    assert "shop_api_key_service: token: [REDACTED]" in line, line


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"api_key": "abc123456"}, {"api_key": MASK}),
        ({"password": "x"}, {"password": MASK}),
        ({"accessToken": "t0k3n-value"}, {"accessToken": MASK}),
        ({"max_tokens": 50, "author": "Ada"}, {"max_tokens": 50, "author": "Ada"}),
        ({"url": "redis://:hunter22@cache:6379/0"}, {"url": f"redis://:{MASK}@cache:6379/0"}),
        (
            {"headers": {"Authorization": "Bearer abcdefgh12345"}},
            {"headers": {"Authorization": MASK}},
        ),
        ({"q": "token=abcdef123456&page=2"}, {"q": f"token={MASK}&page=2"}),
    ],
)
def test_redactor_masks_secret_looking_arguments(
    arguments: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert Redactor().arguments(arguments) == expected


def test_known_secrets_are_masked_anywhere() -> None:
    redactor = Redactor(["s3cr3t-value-1234"])
    assert redactor.text("failed with s3cr3t-value-1234 inside") == f"failed with {MASK} inside"


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("MCP_API_KEY", True),
        ("GITHUB_TOKEN", True),
        ("db_password", True),
        ("clientSecret", True),
        ("max_tokens", False),
        ("author", False),
        ("query", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


async def test_long_calls_are_cancelled_at_the_timeout() -> None:
    settings = Settings(_env_file=None, tool_timeout_seconds=0.2)
    server = create_server(settings)
    finished: list[bool] = []

    @server.tool
    async def slow() -> str:
        """Sleep for ten seconds."""
        await asyncio.sleep(10)
        finished.append(True)
        return "done"

    async with Client(server) as client:
        with pytest.raises(ToolError, match=r"timed out after 0\.2 s"):
            await client.call_tool("slow", {})
    assert not finished


async def test_a_tool_can_set_a_shorter_limit_of_its_own() -> None:
    server = create_server(Settings(_env_file=None, tool_timeout_seconds=30))

    @server.tool(timeout=0.2)
    async def hasty() -> str:
        """Sleep longer than the tool's own limit."""
        await asyncio.sleep(10)
        return "done"

    async with Client(server) as client:
        started = asyncio.get_running_loop().time()
        with pytest.raises(ToolError, match="timed out"):
            await client.call_tool("hasty", {})
    assert asyncio.get_running_loop().time() - started < 5


async def test_audit_does_not_change_results(server: FastMCP) -> None:
    async with Client(server) as client:
        result = await client.call_tool("hello", {"name": "Ada"})
    assert result.data == "Hello, Ada!"

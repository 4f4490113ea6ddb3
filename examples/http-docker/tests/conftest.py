"""Shared fixtures: an in-memory client connected to a freshly built server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastmcp import Client, FastMCP
from fastmcp.client.client import CallToolResult
from fastmcp.client.transports import FastMCPTransport
from mcp.types import TextContent, TextResourceContents
from pydantic import SecretStr

from http_docker.server import create_server
from http_docker.settings import Settings

TEST_API_KEY = "test-key-0123456789abcdef"

# A client connected in memory to a server object (what every test uses).
MCPClient = Client[FastMCPTransport]


@pytest.fixture
def settings() -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    return Settings(_env_file=None, api_key=SecretStr(TEST_API_KEY))


@pytest.fixture
def server(settings: Settings) -> FastMCP:
    """A server built from the test settings."""
    return create_server(settings)


@pytest.fixture
async def client(server: FastMCP) -> AsyncIterator[MCPClient]:
    """An in-memory MCP client connected to the server."""
    async with Client(server) as connected:
        yield connected


def text_of(item: object) -> str:
    """The text of a content block or of a resource's contents; fails on anything else."""
    assert isinstance(item, TextContent | TextResourceContents), f"not text: {item!r}"
    return item.text


def structured(result: CallToolResult) -> dict[str, Any]:
    """A tool result's structured content; fails when the tool returned none."""
    assert result.structured_content is not None, "the tool returned no structured content"
    return result.structured_content

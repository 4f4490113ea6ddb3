"""Shared fixtures: settings and a server shared by the whole session, a client per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastmcp import Client, FastMCP
from fastmcp.client.client import CallToolResult
from fastmcp.client.transports import FastMCPTransport
from mcp.types import TextContent, TextResourceContents

from minimal_stdio.server import create_server
from minimal_stdio.settings import Settings

TEST_API_KEY = "test-key-0123456789abcdef"

# A client connected in memory to a server object (what every test uses).
MCPClient = Client[FastMCPTransport]


@pytest.fixture(scope="session")
def default_settings() -> Settings:
    """Settings isolated from the developer's environment and .env file, shared by every test."""
    return Settings(
        _env_file=None,
    )


@pytest.fixture
def settings(default_settings: Settings) -> Settings:
    """The settings a test's server is built from; a test module may override this fixture."""
    return default_settings


@pytest.fixture(scope="session")
def default_server(default_settings: Settings) -> FastMCP:
    """One server built from the default settings, shared by the tests that do not change it.

    Building a server takes tens of milliseconds (every tool's schema); every connection, in
    memory or over HTTP, still starts its own session, lifespan and HTTP app.
    """
    return create_server(default_settings)


@pytest.fixture
def server(
    settings: Settings, default_settings: Settings, request: pytest.FixtureRequest
) -> FastMCP:
    """A server built from ``settings``: the shared one unless a module overrides them.

    A test that adds a tool or needs other settings builds its own with ``create_server``.
    """
    if settings is default_settings:
        shared: FastMCP = request.getfixturevalue("default_server")
        return shared
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

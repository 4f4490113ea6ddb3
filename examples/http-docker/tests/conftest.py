"""Shared fixtures: an in-memory client connected to a freshly built server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastmcp import Client, FastMCP
from pydantic import SecretStr

from http_docker.server import create_server
from http_docker.settings import Settings

TEST_API_KEY = "test-key-0123456789abcdef"


@pytest.fixture
def settings() -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    return Settings(_env_file=None, api_key=SecretStr(TEST_API_KEY))  # type: ignore[call-arg]


@pytest.fixture
def server(settings: Settings) -> FastMCP:
    """A server built from the test settings."""
    return create_server(settings)


@pytest.fixture
async def client(server: FastMCP) -> AsyncIterator[Client]:  # type: ignore[type-arg]
    """An in-memory MCP client connected to the server."""
    async with Client(server) as connected:
        yield connected

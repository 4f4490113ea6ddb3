"""The real HTTP app (Starlette, auth and all) served in-process, without a socket."""

from __future__ import annotations

import pytest
from fastmcp import FastMCP
from fastmcp.utilities.tests import asgi_server

from minimal_stdio.server import ConfigurationError, serve
from minimal_stdio.settings import Settings

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


async def test_health_is_open(server: FastMCP) -> None:
    async with (
        asgi_server(server) as srv,
        srv.http_client() as http,
    ):
        response = await http.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_tools_are_reachable_without_credentials(server: FastMCP) -> None:
    async with (
        asgi_server(server) as srv,
        srv.client() as client,
    ):
        result = await client.call_tool("hello", {"name": "HTTP"})
    assert result.data == "Hello, HTTP!"


def test_unconfigured_auth_modes_refuse_to_start() -> None:
    settings = Settings(_env_file=None, auth="jwt")  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="MCP_AUTH"):
        serve(settings, transport="http", host="127.0.0.1", port=0)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_PORT", "9123")
    monkeypatch.setenv("MCP_TRANSPORT", "http")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.port, settings.transport) == (9123, "http")

"""The real HTTP app (Starlette, auth and all) served in-process, without a socket."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastmcp import FastMCP
from fastmcp.utilities.tests import asgi_server

from minimal_stdio.server import ConfigurationError, serve
from minimal_stdio.settings import AuthMode, Settings

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
# One self-contained request, as a load balancer may send to any stateless replica.
SESSIONLESS_CALL = {
    "jsonrpc": "2.0",
    "id": 2,
    "method": "tools/call",
    "params": {"name": "hello", "arguments": {"name": "replica"}},
}


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


async def test_stateless_http_answers_a_sessionless_call(server: FastMCP) -> None:
    async with (
        asgi_server(server, stateless_http=True) as srv,
        srv.http_client() as http,
    ):
        response = await http.post("/mcp", json=SESSIONLESS_CALL, headers=MCP_HEADERS)
    assert response.status_code == 200
    assert "Hello, replica!" in response.text


@pytest.mark.parametrize("mode", ["api-key", "jwt", "oauth"])
def test_auth_modes_this_project_lacks_refuse_to_start(mode: AuthMode) -> None:
    settings = Settings(_env_file=None, auth=mode)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="MCP_AUTH"):
        serve(settings, transport="http", host="127.0.0.1", port=0)


def test_stateless_http_refuses_sse() -> None:
    settings = Settings(_env_file=None, auth="none", stateless_http=True)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="MCP_STATELESS_HTTP"):
        serve(settings, transport="sse", host="127.0.0.1", port=0)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_PORT", "9123")
    monkeypatch.setenv("MCP_TRANSPORT", "http")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.port, settings.transport) == (9123, "http")


def test_env_example_copied_as_env_is_valid() -> None:
    """`cp .env.example .env` must give settings that load; blank values mean "not set"."""
    example = Path(__file__).resolve().parents[1] / ".env.example"
    settings = Settings(_env_file=example)  # type: ignore[call-arg]
    assert settings.transport == "stdio"
    assert settings.api_keys() == []

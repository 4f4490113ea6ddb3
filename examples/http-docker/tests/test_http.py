"""The real HTTP app (Starlette, auth and all) served in-process, without a socket."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from fastmcp import FastMCP
from fastmcp.utilities.tests import asgi_server
from pydantic import SecretStr

from http_docker import auth
from http_docker.server import ConfigurationError, create_server, serve
from http_docker.settings import Settings

from .conftest import TEST_API_KEY

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


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-key-0123456789"},
        {"Authorization": f"Basic {TEST_API_KEY}"},
        {"X-API-Key": "wrong-key-0123456789"},
        {"Authorization": f"Bearer {TEST_API_KEY}x"},
    ],
)
async def test_mcp_endpoint_rejects_missing_or_wrong_keys(
    server: FastMCP, headers: dict[str, str]
) -> None:
    async with (
        asgi_server(server) as srv,
        srv.http_client() as http,
    ):
        response = await http.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS | headers)
    assert response.status_code == 401
    assert TEST_API_KEY not in response.text


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
async def test_valid_key_can_call_tools(server: FastMCP, header: str) -> None:
    value = f"Bearer {TEST_API_KEY}" if header == "Authorization" else TEST_API_KEY
    async with (
        asgi_server(server) as srv,
        srv.client(headers={header: value}) as client,
    ):
        result = await client.call_tool("hello", {"name": "HTTP"})
    assert result.data == "Hello, HTTP!"


async def test_rotated_keys_are_all_accepted() -> None:
    second = "second-key-0123456789abcdef"
    keys = SecretStr(f"{TEST_API_KEY}, {second}")
    settings = Settings(_env_file=None, api_key=keys)
    server = create_server(settings)
    async with (
        asgi_server(server) as srv,
        srv.client(auth=second) as client,
    ):
        assert (await client.call_tool("hello", {"name": "B"})).data == "Hello, B!"


async def test_stateless_http_answers_a_sessionless_call(server: FastMCP) -> None:
    async with (
        asgi_server(server, stateless_http=True) as srv,
        srv.http_client(headers={"Authorization": f"Bearer {TEST_API_KEY}"}) as http,
    ):
        response = await http.post("/mcp", json=SESSIONLESS_CALL, headers=MCP_HEADERS)
    assert response.status_code == 200
    assert "Hello, replica!" in response.text
    assert "mcp-session-id" not in response.headers


async def test_access_token_names_the_key_not_the_secret() -> None:
    verifier = auth.APIKeyVerifier([TEST_API_KEY])
    token = await verifier.verify_token(TEST_API_KEY)
    assert token is not None
    assert token.client_id == auth.key_id(TEST_API_KEY)
    assert TEST_API_KEY not in token.client_id
    assert await verifier.verify_token("nope") is None


def test_http_refuses_to_start_without_a_key() -> None:
    settings = Settings(_env_file=None, api_key=None)
    with pytest.raises(ConfigurationError, match="MCP_API_KEY"):
        serve(settings, transport="http", host="127.0.0.1", port=0)


def test_http_refuses_short_keys() -> None:
    settings = Settings(_env_file=None, api_key=SecretStr("short"))
    with pytest.raises(ConfigurationError, match="at least"):
        serve(settings, transport="http", host="127.0.0.1", port=0)


def shipped_placeholder_keys() -> set[str]:
    """Every MCP_API_KEY value written in the project's example files and documents."""
    root = Path(__file__).resolve().parents[1]
    files = [root / ".env.example", root / "README.md", *root.glob("deploy/*.yaml")]
    pattern = re.compile(r"MCP_API_KEY[ \t]*[=:][ \t]*[\"']?([^\s\"'$]+)")
    return {
        match.group(1)
        for path in files
        if path.is_file()
        for match in pattern.finditer(path.read_text())
    }


@pytest.mark.parametrize(
    "key",
    sorted(
        shipped_placeholder_keys()
        | {
            "replace-with-a-long-random-key",
            "REPLACE_WITH_MCP_API_KEY",
            "changeme-changeme-changeme",
            "<your-api-key-goes-here>",
            "your-api-key-0123456789",
            "example-key-0123456789abc",
            "aaaaaaaaaaaaaaaaaaaaaaaa",
            "0000-0000-0000-0000-0000",
        }
    ),
)
def test_http_refuses_placeholder_keys(key: str) -> None:
    settings = Settings(_env_file=None, api_key=SecretStr(f"{TEST_API_KEY},{key}"))
    with pytest.raises(ConfigurationError, match=r"placeholder|at least"):
        serve(settings, transport="http", host="127.0.0.1", port=0)


def test_generated_keys_are_accepted() -> None:
    for _ in range(200):
        assert auth.key_problem(secrets.token_urlsafe(32)) is None


def test_stateless_http_refuses_sse() -> None:
    settings = Settings(_env_file=None, auth="none", stateless_http=True)
    with pytest.raises(ConfigurationError, match="MCP_STATELESS_HTTP"):
        serve(settings, transport="sse", host="127.0.0.1", port=0)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_PORT", "9123")
    monkeypatch.setenv("MCP_TRANSPORT", "http")
    settings = Settings(_env_file=None)
    assert (settings.port, settings.transport) == (9123, "http")


def test_env_example_copied_as_env_is_valid() -> None:
    """`cp .env.example .env` must give settings that load; blank values mean "not set"."""
    example = Path(__file__).resolve().parents[1] / ".env.example"
    settings = Settings(_env_file=example)
    assert settings.transport == "http"
    assert settings.api_keys() == []

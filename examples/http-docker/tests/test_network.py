"""DNS rebinding protection, forwarding headers and per-caller session caps, over the real app.

Every HTTP app of the server (Streamable HTTP and legacy SSE) validates Host and Origin: a web
page that rebinds its own host name to this machine, or any page on a foreign origin, is
refused before it reaches a session or a tool.
"""

from __future__ import annotations

import asyncio
import sys
from functools import cache
from typing import Any, Literal

import httpx2
import pytest
from fastmcp import FastMCP
from fastmcp.utilities.tests import asgi_server
from pydantic import SecretStr

from http_docker import network
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
# The project's own auth mode where a test can hold a credential for it, and no auth.
MODES = ["none", "api-key"]
FOREIGN_HOSTS = ["evil.example.com", "evil.example.com:8000", "127.0.0.1.evil.example", "[::2]"]


def make_server(mode: str = "none", **settings: Any) -> FastMCP:
    """The real server with auth ``mode`` and the given settings."""
    values: dict[str, Any] = {"auth": mode, "api_key": SecretStr(TEST_API_KEY)} | settings
    return create_server(Settings(_env_file=None, **values))


@cache
def default_server(mode: str = "none") -> FastMCP:
    """``make_server(mode)``, built once: each ``asgi_server`` builds its own app, guards and
    session table from it, so the tests that change no setting can share it."""
    return make_server(mode)


def credentials(mode: str) -> dict[str, str]:
    """The headers a legitimate client of ``mode`` sends."""
    return {"Authorization": f"Bearer {TEST_API_KEY}"} if mode == "api-key" else {}


async def initialize(
    server: FastMCP, headers: dict[str, str], transport: Literal["http", "sse"] = "http"
) -> int:
    """The status of a first request to the MCP endpoint with ``headers``."""
    async with asgi_server(server, transport=transport) as srv, srv.http_client() as http:
        if transport == "sse":
            async with http.stream("GET", "/sse", headers=headers) as response:
                return response.status_code
        response = await http.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS | headers)
        return response.status_code


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("host", FOREIGN_HOSTS)
async def test_foreign_host_is_refused(mode: str, host: str) -> None:
    status = await initialize(default_server(mode), credentials(mode) | {"Host": host})
    assert status == 421


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("origin", ["http://evil.example.com", "null", "https://127.0.0.1.evil"])
async def test_foreign_origin_gets_403(mode: str, origin: str) -> None:
    status = await initialize(default_server(mode), credentials(mode) | {"Origin": origin})
    assert status == 403


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Host": "localhost:8000"},
        {"Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000"},
        {"Host": "localhost", "Origin": "http://localhost:5173"},
    ],
)
async def test_loopback_is_served(mode: str, headers: dict[str, str]) -> None:
    assert await initialize(default_server(mode), credentials(mode) | headers) == 200


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "evil.example.com"}, 421),
        ({"Origin": "null"}, 403),
        ({"Origin": "http://evil.example.com"}, 403),
        ({"Host": "localhost"}, 200),
    ],
)
async def test_legacy_sse_endpoint_is_guarded_alike(headers: dict[str, str], status: int) -> None:
    assert await initialize(default_server(), headers, transport="sse") == status


@pytest.mark.parametrize("mode", MODES)
async def test_behind_a_reverse_proxy_only_the_public_host_is_served(mode: str) -> None:
    server = make_server(
        mode,
        allowed_hosts="mcp.example.com",
        allowed_origins="https://app.example.com",
        trusted_proxies="127.0.0.1",
    )
    proxied = credentials(mode) | {"Host": "mcp.example.com", "X-Forwarded-Proto": "https"}
    assert await initialize(server, proxied) == 200
    assert await initialize(server, proxied | {"Origin": "https://mcp.example.com"}) == 200
    assert await initialize(server, proxied | {"Origin": "https://app.example.com"}) == 200
    assert await initialize(server, proxied | {"Origin": "https://evil.example.com"}) == 403
    assert await initialize(server, proxied | {"Host": "other.example.com"}) == 421


async def test_protection_cannot_be_switched_off_by_the_caller() -> None:
    async with (
        asgi_server(
            default_server(),
            host_origin_protection=False,
            allowed_hosts=["*"],
            allowed_origins=["*"],
        ) as srv,
        srv.http_client() as http,
    ):
        host = await http.post("/mcp", json=INITIALIZE, headers={"Host": "evil.example.com"})
        origin = await http.post("/mcp", json=INITIALIZE, headers={"Origin": "null"})
    assert (host.status_code, origin.status_code) == (421, 403)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "MCP_ALLOWED_HOSTS must name"),
        ({"allowed_hosts": "*"}, "not a host name"),
        ({"allowed_hosts": "mcp.example.com", "allowed_origins": "null"}, "never allowed"),
        ({"allowed_hosts": "mcp.example.com", "allowed_origins": "*"}, "never allowed"),
        ({"allowed_hosts": "mcp.example.com", "trusted_proxies": "proxy"}, "MCP_TRUSTED_PROXIES"),
    ],
)
def test_unsafe_network_settings_refuse_to_start(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        serve(
            Settings(_env_file=None, auth="none", **settings),
            transport="http",
            host="0.0.0.0",  # noqa: S104 (the case under test)
            port=0,
        )


def test_public_bind_with_a_named_host_is_accepted() -> None:
    settings = Settings(_env_file=None, allowed_hosts="mcp.example.com, *.mcp.example.com")
    assert network.configuration_problem(settings, "0.0.0.0") is None  # noqa: S104
    assert network.configuration_problem(Settings(_env_file=None), "127.0.0.1") is None


def test_uvicorn_never_believes_forwarding_headers_itself() -> None:
    assert network.uvicorn_options()["proxy_headers"] is False


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop does not run on Windows")
@pytest.mark.parametrize(("transport", "uvloop"), [("http", True), ("sse", True), ("stdio", False)])
def test_http_is_served_on_uvloop(
    monkeypatch: pytest.MonkeyPatch, transport: Literal["http", "sse", "stdio"], uvloop: bool
) -> None:
    loops: list[str] = []

    async def serve_nothing(*args: Any, **kwargs: Any) -> None:
        loops.append(type(asyncio.get_running_loop()).__module__)

    server = make_server()
    monkeypatch.setattr(server, "run_async", serve_nothing)
    server.run(transport, show_banner=False)
    assert [loop.startswith("uvloop") for loop in loops] == [uvloop]


# --- Sessions per caller ------------------------------------------------------------------


async def open_session(
    http: httpx2.AsyncClient, caller: str | None = None
) -> tuple[int, str | None]:
    """Initialize a session, as ``caller`` (an address passed on by a trusted proxy)."""
    headers = MCP_HEADERS | ({"X-Forwarded-For": caller} if caller else {})
    response = await http.post("/mcp", json=INITIALIZE, headers=headers)
    return response.status_code, response.headers.get("mcp-session-id")


async def test_a_caller_at_its_session_cap_is_refused_and_others_are_served() -> None:
    server = make_server(max_sessions_per_caller=3, trusted_proxies="127.0.0.1")
    async with asgi_server(server) as srv, srv.http_client() as http:
        opened = [await open_session(http, "203.0.113.7") for _ in range(3)]
        refused = await open_session(http, "203.0.113.7")
        other = await open_session(http, "198.51.100.9")
        first_id = opened[0][1]
        assert first_id is not None
        ended = await http.delete(
            "/mcp", headers={"mcp-session-id": first_id, "X-Forwarded-For": "203.0.113.7"}
        )
        again = await open_session(http, "203.0.113.7")
    assert [status for status, _ in opened] == [200, 200, 200]
    assert refused == (429, None)
    assert other[0] == 200
    assert ended.status_code in (200, 204)
    assert again[0] == 200


async def test_each_api_key_has_its_own_session_cap() -> None:
    second = "second-key-0123456789abcdef"
    server = make_server(
        "api-key", api_key=SecretStr(f"{TEST_API_KEY},{second}"), max_sessions_per_caller=1
    )
    async with asgi_server(server) as srv, srv.http_client() as http:
        statuses = []
        for key in (TEST_API_KEY, TEST_API_KEY, second):
            headers = MCP_HEADERS | {"Authorization": f"Bearer {key}"}
            statuses.append((await http.post("/mcp", json=INITIALIZE, headers=headers)).status_code)
    assert statuses == [200, 429, 200]


async def test_idle_sessions_close_and_free_their_place() -> None:
    server = make_server(max_sessions_per_caller=1, session_idle_timeout_seconds=0.2)
    async with asgi_server(server) as srv, srv.http_client() as http:
        status, session_id = await open_session(http)
        assert (await open_session(http))[0] == 429
        await asyncio.sleep(0.4)
        reopened = await open_session(http)
        stale = await http.post(
            "/mcp",
            json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
            headers=MCP_HEADERS | {"mcp-session-id": str(session_id)},
        )
    assert status == 200
    assert reopened[0] == 200
    assert stale.status_code == 404


async def test_legacy_sse_streams_count_as_sessions() -> None:
    server = make_server(max_sessions_per_caller=1)
    async with asgi_server(server, transport="sse") as srv, srv.http_client() as http:
        async with http.stream("GET", "/sse") as first, http.stream("GET", "/sse") as second:
            assert (first.status_code, second.status_code) == (200, 429)
        for _ in range(50):  # the first stream's session ends once the server sees it closed
            async with http.stream("GET", "/sse") as after:
                if after.status_code == 200:
                    break
            await asyncio.sleep(0.05)
        assert after.status_code == 200


async def test_stateless_http_has_no_session_cap() -> None:
    server = make_server(max_sessions_per_caller=1)
    async with asgi_server(server, stateless_http=True) as srv, srv.http_client() as http:
        statuses = [(await open_session(http))[0] for _ in range(3)]
    assert statuses == [200, 200, 200]

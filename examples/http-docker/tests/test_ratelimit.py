"""Rate limits: per caller and per tool, exact under concurrent calls, lists never limited."""

from __future__ import annotations

import asyncio
import re
import socket
import sys
from typing import Any

import pytest
from fastmcp import Client, FastMCP
from fastmcp.exceptions import ToolError
from fastmcp.utilities.tests import asgi_server
from pydantic import SecretStr, ValidationError

from http_docker.ratelimit import (
    RateLimitExceeded,
    RateLimitMiddleware,
    configuration_problem,
    storage_uri,
)
from http_docker.server import ConfigurationError, create_server, serve
from http_docker.settings import Settings


def limited_server(**budgets: Any) -> FastMCP:
    """The real server with the given rate-limit settings."""
    return create_server(Settings(_env_file=None, **budgets))


async def test_budget_holds_under_concurrent_calls() -> None:
    server = limited_server(rate_limit_default="5/minute")
    async with Client(server) as client:
        results = await asyncio.gather(
            *(client.call_tool("hello", {"name": f"n{i}"}, raise_on_error=False) for i in range(12))
        )
    refused = [result for result in results if result.is_error]
    assert len(results) - len(refused) == 5
    assert len(refused) == 7
    message = refused[0].content[0].text
    match = re.fullmatch(r"Rate limit exceeded for hello; retry after (\d+) s\.", message)
    assert match is not None, message
    assert 1 <= int(match.group(1)) <= 60


async def test_per_tool_budgets_override_the_default() -> None:
    server = limited_server(rate_limit_default="100/minute", rate_limit_tools={"echo": "2/minute"})

    @server.tool
    def echo(text: str) -> str:
        """Return ``text``."""
        return text

    async with Client(server) as client:
        for _ in range(2):
            await client.call_tool("echo", {"text": "budget"})
        with pytest.raises(ToolError, match="Rate limit exceeded for echo"):
            await client.call_tool("echo", {"text": "budget"})
        for _ in range(5):
            await client.call_tool("hello", {"name": "still fine"})


async def test_tools_can_declare_their_own_budget() -> None:
    server = limited_server(rate_limit_default="100/minute")

    @server.tool(meta={"rate_limit": "1/minute"})
    def expensive() -> str:
        """A costly operation, limited where it is registered."""
        return "ok"

    async with Client(server) as client:
        await client.call_tool("expensive", {})
        with pytest.raises(ToolError, match="Rate limit exceeded for expensive"):
            await client.call_tool("expensive", {})


async def test_listing_and_reading_are_never_limited() -> None:
    server = limited_server(rate_limit_default="1/minute")
    async with Client(server) as client:
        await client.call_tool("hello", {"name": "once"})
        with pytest.raises(ToolError, match="Rate limit exceeded"):
            await client.call_tool("hello", {"name": "twice"})
        for _ in range(5):
            assert await client.list_tools()
            assert await client.list_resources()
            assert await client.list_prompts()
            assert await client.read_resource("docs://readme")


async def test_separate_callers_have_separate_budgets() -> None:
    settings = Settings(_env_file=None, rate_limit_default="2/minute")
    middleware = RateLimitMiddleware(settings)
    for _ in range(2):
        await middleware.spend("hello", "client:alice", "2/minute")
    with pytest.raises(RateLimitExceeded):
        await middleware.spend("hello", "client:alice", "2/minute")
    await middleware.spend("hello", "client:bob", "2/minute")
    await middleware.spend("echo", "client:alice", "2/minute")


async def test_each_api_key_has_its_own_budget() -> None:
    alice, bob = "alice-key-0123456789abcdef", "bob-key-0123456789abcdefgh"
    server = limited_server(api_key=f"{alice},{bob}", rate_limit_default="1/minute")
    async with asgi_server(server) as srv:
        async with srv.client(auth=alice) as client:
            await client.call_tool("hello", {"name": "alice"})
            with pytest.raises(ToolError, match="Rate limit exceeded"):
                await client.call_tool("hello", {"name": "alice again"})
        async with srv.client(auth=bob) as client:
            assert (await client.call_tool("hello", {"name": "bob"})).data == "Hello, bob!"


async def test_a_caller_cannot_pick_its_identity_with_arguments() -> None:
    server = limited_server(rate_limit_default="1/minute")
    async with Client(server) as client:
        await client.call_tool("hello", {"name": "a"})
        with pytest.raises(ToolError, match="Rate limit exceeded"):
            await client.call_tool("hello", {"name": "a", "client_id": "someone-else"})


@pytest.mark.parametrize("budget", ["60", "sixty/minute", "10/fortnight", ""])
def test_malformed_budgets_are_rejected_at_startup(budget: str) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, rate_limit_default=budget)
    with pytest.raises(ValidationError):
        Settings(_env_file=None, rate_limit_tools={"hello": budget})


def test_budgets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCP_RATE_LIMIT_TOOLS", '{"echo": "30/minute"}')
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    settings = Settings(_env_file=None)
    assert settings.rate_limit_tools == {"echo": "30/minute"}
    assert settings.redis_url is not None
    assert storage_uri(settings.redis_url.get_secret_value()) == "async+redis://cache:6379/0"
    assert storage_uri(None) == "async+memory://"


@pytest.mark.parametrize(("proxies", "separate"), [("", False), ("127.0.0.1", True)])
async def test_forwarded_addresses_count_only_from_trusted_proxies(
    proxies: str, separate: bool
) -> None:
    """Without auth the caller is its address: rotating X-Forwarded-For must not reset it."""
    server = limited_server(auth="none", rate_limit_default="1/minute", trusted_proxies=proxies)
    outcomes = []
    async with asgi_server(server) as srv:
        for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            headers = {"X-Forwarded-For": address, "Forwarded": f"for={address}"}
            async with srv.client(headers=headers) as client:
                result = await client.call_tool("hello", {"name": address}, raise_on_error=False)
                outcomes.append(result.is_error)
    assert outcomes == ([False, False, False] if separate else [False, True, True])


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_redis_url_without_the_driver_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # as if the redis extra were not installed
    settings = Settings(_env_file=None, redis_url=SecretStr("redis://127.0.0.1:6379/0"))
    assert "uv sync --extra redis" in (configuration_problem(settings) or "")
    with pytest.raises(ConfigurationError, match="redis driver is not installed"):
        serve(settings, transport="stdio", host="127.0.0.1", port=0)


async def test_health_is_503_while_redis_is_unreachable() -> None:
    pytest.importorskip("redis", reason="needs the redis extra: uv sync --extra redis")
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings = Settings(_env_file=None, redis_url=SecretStr(url))
    assert configuration_problem(settings) is None
    async with asgi_server(create_server(settings)) as srv, srv.http_client() as http:
        response = await http.get("/health")
    assert response.status_code == 503
    assert response.json()["reason"] == "the rate-limit storage (MCP_REDIS_URL) is unreachable"
    assert url not in response.text

"""Over HTTP, calls that cannot stream get one JSON body; progress and logs still arrive."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from fastmcp import Context, FastMCP
from fastmcp.client.logging import LogMessage
from fastmcp.utilities.tests import asgi_server
from pydantic import SecretStr

from http_docker.server import create_server
from http_docker.settings import Settings

from .conftest import TEST_API_KEY

AUTH: dict[str, Any] = {"auth": TEST_API_KEY}
HEADERS = {"Authorization": f"Bearer {TEST_API_KEY}"}

MCP_HEADERS = {"Accept": "application/json, text/event-stream", **HEADERS}
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
READ_README = {
    "jsonrpc": "2.0",
    "id": 2,
    "method": "resources/read",
    "params": {"uri": "docs://readme"},
}


@pytest.fixture(scope="module")
def streaming_server() -> FastMCP:
    """The real server plus tools that report progress and log to the client (shared: each
    ``asgi_server`` builds its own app)."""
    server = create_server(Settings(_env_file=None, api_key=SecretStr(TEST_API_KEY)))

    @server.tool
    async def count(steps: int, ctx: Context) -> str:
        """Count to ``steps``, reporting each step as progress."""
        for step in range(1, steps + 1):
            await ctx.report_progress(step, steps, f"step {step}")
        return "counted"

    @server.tool
    async def chatty(ctx: Context) -> str:
        """Log a line to the client, then answer."""
        await ctx.info("working on it")
        return "done"

    return server


async def post(http: httpx2.AsyncClient, body: dict[str, Any], session: str) -> httpx2.Response:
    headers = {**MCP_HEADERS, "mcp-session-id": session, "mcp-protocol-version": "2025-06-18"}
    return await http.post("/mcp", json=body, headers=headers)


def call(name: str, arguments: dict[str, Any], **meta: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"name": name, "arguments": arguments}
    if meta:
        params["_meta"] = meta
    return {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": params}


# ctx.info() still works; the MCP SDK only warns that the logging capability is deprecated.
QUIET_LOG_DEPRECATION = pytest.mark.filterwarnings("ignore:The logging capability is deprecated")


@QUIET_LOG_DEPRECATION
@pytest.mark.parametrize(
    ("body", "answer"),
    [
        (call("hello", {"name": "A"}), "application/json"),
        ({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, "application/json"),
        (call("hello", {"name": "A"}, progressToken="p1"), "text/event-stream"),
        (call("chatty", {}), "text/event-stream"),
        (call("count", {"steps": 1}), "text/event-stream"),
        (READ_README, "text/event-stream"),
    ],
    ids=["plain-call", "list", "progress-token", "tool-with-context", "progress-tool", "resource"],
)
async def test_only_calls_that_can_stream_get_a_stream(
    streaming_server: FastMCP, body: dict[str, Any], answer: str
) -> None:
    async with asgi_server(streaming_server) as srv, srv.http_client() as http:
        opened = await http.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS)
        session = opened.headers["mcp-session-id"]
        note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        assert (await post(http, note, session)).status_code == 202
        response = await post(http, body, session)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(answer)
    assert '"id":2' in response.text.replace(" ", "")


@pytest.mark.parametrize("stateless", [False, True], ids=["sessions", "stateless"])
async def test_progress_notifications_reach_the_client(
    streaming_server: FastMCP, stateless: bool
) -> None:
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    async with (
        asgi_server(streaming_server, stateless_http=stateless) as srv,
        srv.client(**AUTH) as client,
    ):
        result = await client.call_tool("count", {"steps": 3}, progress_handler=on_progress)
        plain = await client.call_tool("hello", {"name": "JSON"})
    assert result.data == "counted"
    assert seen == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]
    assert plain.data == "Hello, JSON!"


@QUIET_LOG_DEPRECATION
async def test_log_messages_of_a_tool_reach_the_client(streaming_server: FastMCP) -> None:
    messages: list[LogMessage] = []

    async def on_log(message: LogMessage) -> None:
        messages.append(message)

    async with (
        asgi_server(streaming_server) as srv,
        srv.client(log_handler=on_log, **AUTH) as client,
    ):
        result = await client.call_tool("chatty", {})
    assert result.data == "done"
    assert [message.data.get("msg") for message in messages] == ["working on it"]

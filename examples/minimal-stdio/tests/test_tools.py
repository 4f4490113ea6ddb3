"""The tools, called through a real MCP client session, and how tool modules are loaded."""

from __future__ import annotations

import types

import pytest
from fastmcp import Client, FastMCP
from fastmcp.exceptions import ToolError

from minimal_stdio import components, lifecycle

from .conftest import MCPClient


async def test_hello_greets(client: MCPClient) -> None:
    result = await client.call_tool("hello", {"name": " Ada "})
    assert result.data == "Hello, Ada!"


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
async def test_hello_rejects_bad_names(client: MCPClient, name: str) -> None:
    with pytest.raises(ToolError):
        await client.call_tool("hello", {"name": name})


async def test_hello_is_described_for_the_model(client: MCPClient) -> None:
    tools = {tool.name: tool for tool in await client.list_tools()}
    hello = tools["hello"]
    assert hello.title == "Say hello"
    assert hello.annotations is not None and hello.annotations.read_only_hint is True
    assert hello.description is not None and "reachable" in hello.description
    assert hello.input_schema["properties"]["name"]["description"].startswith("The person's name")


def test_a_module_serving_nothing_is_an_error_not_skipped() -> None:
    forgotten = types.ModuleType("forgotten")  # a tool module whose @tool was forgotten
    with pytest.raises(components.ModuleError, match="decorate a function with @tool"):
        components.add_all(FastMCP("test"), forgotten)


async def test_cleanups_registered_the_older_way_still_run_at_shutdown() -> None:
    closed: list[str] = []

    async def close_first() -> None:
        closed.append("first")

    async def close_second() -> None:
        closed.append("second")
        raise RuntimeError("a failing cleanup does not stop the others")

    lifecycle.on_shutdown(close_first)
    lifecycle.on_shutdown(close_second)
    try:
        async with Client(FastMCP("test", lifespan=lifecycle.lifespan)) as client:
            assert await client.list_tools() == []
    finally:
        lifecycle._cleanups.clear()
    assert closed == ["second", "first"]

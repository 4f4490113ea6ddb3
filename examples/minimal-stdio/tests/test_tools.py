"""The example tools, called through a real MCP client session."""

from __future__ import annotations

import types

import pytest
from fastmcp import FastMCP
from fastmcp.exceptions import ToolError

from minimal_stdio import components
from minimal_stdio.tools.examples import DOCUMENTS, search_documents

from .conftest import MCPClient, structured


async def test_hello_greets(client: MCPClient) -> None:
    result = await client.call_tool("hello", {"name": "Ada"})
    assert result.data == "Hello, Ada!"


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
async def test_hello_rejects_bad_names(client: MCPClient, name: str) -> None:
    with pytest.raises(ToolError):
        await client.call_tool("hello", {"name": name})


async def test_search_finds_matching_documents(client: MCPClient) -> None:
    result = await client.call_tool("search_documents", {"query": "receipts"})
    hits = structured(result)["result"]
    assert [hit["title"] for hit in hits] == ["Expense policy"]
    assert set(hits[0]) == {"title", "url", "category", "snippet"}


async def test_search_supports_or_and_category(client: MCPClient) -> None:
    result = await client.call_tool(
        "search_documents", {"query": "budget OR contract", "category": "legal"}
    )
    hits = structured(result)["result"]
    assert [hit["title"] for hit in hits] == ["Contract review checklist"]


def test_search_clamps_to_max_results() -> None:
    assert len(search_documents("the", max_results=1)) == 1
    assert len(search_documents("e", max_results=100)) == len(DOCUMENTS)


@pytest.mark.parametrize(
    "arguments",
    [
        {"query": ""},
        {"query": "   "},
        {"query": "x" * 201},
        {"query": "budget", "max_results": 0},
        {"query": "budget", "max_results": 101},
        {"query": "budget", "category": "marketing"},
        {"max_results": 3},
    ],
)
async def test_search_rejects_bad_arguments(
    client: MCPClient,
    arguments: dict[str, object],
) -> None:
    result = await client.call_tool("search_documents", arguments, raise_on_error=False)
    assert result.is_error
    assert result.content, "a rejected call explains why"


async def test_tool_list_has_documented_schemas(client: MCPClient) -> None:
    tools = {tool.name: tool for tool in await client.list_tools()}
    assert {"hello", "search_documents"} <= set(tools)
    search = tools["search_documents"]
    assert search.description is not None
    assert "snippet" in search.description, "the description says what the tool returns"
    properties = search.input_schema["properties"]
    assert all(schema.get("description") for schema in properties.values())
    assert search.input_schema["required"] == ["query"]
    assert properties["max_results"]["maximum"] == 100
    assert properties["query"]["maxLength"] == 200
    assert tools["hello"].annotations is not None
    assert tools["hello"].annotations.read_only_hint is True


def test_a_module_serving_nothing_is_an_error_not_skipped() -> None:
    forgotten = types.ModuleType("forgotten")  # a tool module whose @tool was forgotten
    with pytest.raises(components.ModuleError, match="decorate a function with @tool"):
        components.add_all(FastMCP("test"), forgotten)

"""The example tools, called through a real MCP client session."""

from __future__ import annotations

import types
from typing import Any, cast

import pytest
from fastmcp import Client, Context, FastMCP
from fastmcp.client.elicitation import ElicitResult
from fastmcp.exceptions import ToolError
from mcp.types import ResourceLink

from http_docker import components
from http_docker.tools.examples import (
    DOCUMENTS,
    Feedback,
    ask,
    search_documents,
)

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
    assert tools["hello"].title == "Say hello"
    assert tools["search_documents"].title == "Search documents"
    assert tools["hello"].icons and tools["hello"].icons[0].src.startswith("data:image/svg+xml,")


async def test_structured_output_has_a_schema(client: MCPClient) -> None:
    tools = {tool.name: tool for tool in await client.list_tools()}
    schema = tools["search_documents"].output_schema
    assert schema is not None
    assert "snippet" in str(schema), "clients see the shape of each hit"


async def test_list_documents_reports_progress_and_returns_links(server: FastMCP) -> None:
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total, message))

    async with Client(server, progress_handler=on_progress) as client:
        result = await client.call_tool("list_documents", {"category": "finance"})
    links = [item for item in result.content if isinstance(item, ResourceLink)]
    assert [str(link.uri) for link in links] == [
        "docs://documents/expenses",
        "docs://documents/budget",
    ]
    assert progress == [(1, 2, "Listed Expense policy"), (2, 2, "Listed Quarterly budget process")]


async def answer_the_form(message: str, response_type: Any, params: Any, context: Any) -> Any:
    return response_type(rating=4, comment="Clear answers.")


async def decline_the_form(message: str, response_type: Any, params: Any, context: Any) -> Any:
    return ElicitResult(action="decline")


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_give_feedback_asks_the_user_in_a_form(server: FastMCP, mode: str) -> None:
    async with Client(server, elicitation_handler=answer_the_form, mode=mode) as client:
        result = await client.call_tool("give_feedback", {})
    assert result.data == "Rated 4/5. Clear answers."


async def test_give_feedback_accepts_a_declined_form(server: FastMCP) -> None:
    async with Client(server, elicitation_handler=decline_the_form) as client:
        result = await client.call_tool("give_feedback", {})
    assert result.data.startswith("No feedback was given")


async def test_answers_breaking_the_form_are_refused() -> None:
    # fastmcp's client checks its answers against the form; other clients may not.
    sent = ElicitResult(action="accept", content={"rating": 9})
    ctx = cast(Context, types.SimpleNamespace(input_responses={"form": sent}))
    with pytest.raises(ToolError, match="invalid answers"):
        await ask(ctx, "Rate it", Feedback)


async def test_give_feedback_answers_clients_without_forms(client: MCPClient) -> None:
    result = await client.call_tool("give_feedback", {})
    assert result.data.startswith("No feedback was given")


def test_a_module_serving_nothing_is_an_error_not_skipped() -> None:
    forgotten = types.ModuleType("forgotten")  # a tool module whose @tool was forgotten
    with pytest.raises(components.ModuleError, match="decorate a function with @tool"):
        components.add_all(FastMCP("test"), forgotten)

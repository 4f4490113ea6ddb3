"""Resources and prompts served by the server."""

from __future__ import annotations

import json
import re
import types

import pytest
from fastmcp import Client, FastMCP
from fastmcp.decorators import get_fastmcp_meta
from fastmcp.prompts import prompt
from fastmcp.tools.function_tool import ToolMeta
from mcp import MCPError
from mcp.types import PromptReference

from minimal_stdio import components, tools

from .conftest import MCPClient, text_of


async def test_readme_resource_lists_the_tools(client: MCPClient) -> None:
    contents = await client.read_resource("docs://readme")
    text = text_of(contents[0])
    assert text.startswith("# minimal-stdio")
    assert "`hello`" in text


async def test_instructions_name_exactly_the_registered_tools(
    client: MCPClient,
) -> None:
    registered = {
        name
        for module in tools.modules()
        for name, function in vars(module).items()
        if isinstance(get_fastmcp_meta(function), ToolMeta)
    }
    assert client.instructions is not None
    tools_section = client.instructions.split("Tools:", 1)[1]
    assert set(re.findall(r"^- `([^`]+)`", tools_section, re.MULTILINE)) == registered


async def test_readme_names_exactly_the_tools_the_caller_can_use(
    client: MCPClient,
) -> None:
    visible = {tool.name for tool in await client.list_tools()}
    contents = await client.read_resource("docs://readme")
    readme = text_of(contents[0])
    listed = readme.split("## Tools", 1)[1].split("## Resources", 1)[0]
    assert set(re.findall(r"^- `([^`]+)`", listed, re.MULTILINE)) == visible


async def test_system_status_is_json(client: MCPClient) -> None:
    contents = await client.read_resource("data://system-status")
    assert contents[0].mime_type == "application/json"
    status = json.loads(text_of(contents[0]))
    assert status["status"] == "ok"
    assert status["uptime_seconds"] >= 0


async def test_resource_list(client: MCPClient) -> None:
    uris = {str(resource.uri) for resource in await client.list_resources()}
    assert {"docs://readme", "data://system-status"} <= uris


async def test_unknown_resource_is_an_error(client: MCPClient) -> None:
    with pytest.raises(MCPError):
        await client.read_resource("docs://missing")


async def test_code_review_prompt(client: MCPClient) -> None:
    result = await client.get_prompt(
        "analyze_code_prompt", {"language": "python", "code": "print(1)"}
    )
    text = text_of(result.messages[0].content)
    assert "Security vulnerabilities" in text
    assert "```python\nprint(1)\n```" in text


async def test_prompt_rejects_bad_language(client: MCPClient) -> None:
    with pytest.raises(MCPError):
        await client.get_prompt("analyze_code_prompt", {"language": "$(rm -rf)", "code": "x"})


async def test_completes_also_completes_prompt_arguments() -> None:
    module = types.ModuleType("colours")

    @prompt
    def paint(colour: str) -> str:
        """Ask for a painting in one colour."""
        return f"Paint it {colour}."

    @components.completes("paint", "colour")
    def colours(typed: str) -> list[str]:
        return [name for name in ("red", "rose", "blue") if name.startswith(typed)]

    for function in (paint, colours):
        function.__module__ = module.__name__
        setattr(module, function.__name__, function)
    mcp = FastMCP("test")
    components.add_all(mcp, module)
    async with Client(mcp) as client:
        completion = await client.complete(
            PromptReference(type="ref/prompt", name="paint"), {"name": "colour", "value": "r"}
        )
    assert completion.values == ["red", "rose"]

"""Resources and prompts served by the server."""

from __future__ import annotations

import json
import re

import pytest
from fastmcp import Client
from mcp import MCPError

from http_docker import components, tools


async def test_readme_resource_lists_the_tools(client: Client) -> None:  # type: ignore[type-arg]
    contents = await client.read_resource("docs://readme")
    text = contents[0].text  # type: ignore[union-attr]
    assert text.startswith("# http-docker")
    assert "search_documents" in text


async def test_instructions_name_exactly_the_registered_tools(
    client: Client,  # type: ignore[type-arg]
) -> None:
    registered = {
        function.__name__ for module in tools.modules() for function in components.decorated(module)
    }
    assert client.instructions is not None
    tools_section = client.instructions.split("Tools:", 1)[1]
    assert set(re.findall(r"^- `([^`]+)`", tools_section, re.MULTILINE)) == registered


async def test_readme_names_exactly_the_tools_the_caller_can_use(
    client: Client,  # type: ignore[type-arg]
) -> None:
    visible = {tool.name for tool in await client.list_tools()}
    contents = await client.read_resource("docs://readme")
    readme = contents[0].text  # type: ignore[union-attr]
    listed = readme.split("## Tools", 1)[1].split("## Resources", 1)[0]
    assert set(re.findall(r"^- `([^`]+)`", listed, re.MULTILINE)) == visible


async def test_system_status_is_json(client: Client) -> None:  # type: ignore[type-arg]
    contents = await client.read_resource("data://system-status")
    assert contents[0].mime_type == "application/json"
    status = json.loads(contents[0].text)  # type: ignore[union-attr]
    assert status["status"] == "ok"
    assert status["uptime_seconds"] >= 0


async def test_resource_list(client: Client) -> None:  # type: ignore[type-arg]
    uris = {str(resource.uri) for resource in await client.list_resources()}
    assert {"docs://readme", "data://system-status"} <= uris


async def test_unknown_resource_is_an_error(client: Client) -> None:  # type: ignore[type-arg]
    with pytest.raises(MCPError):
        await client.read_resource("docs://missing")


async def test_code_review_prompt(client: Client) -> None:  # type: ignore[type-arg]
    result = await client.get_prompt(
        "analyze_code_prompt", {"language": "python", "code": "print(1)"}
    )
    text = result.messages[0].content.text  # type: ignore[union-attr]
    assert "Security vulnerabilities" in text
    assert "```python\nprint(1)\n```" in text


async def test_prompt_rejects_bad_language(client: Client) -> None:  # type: ignore[type-arg]
    with pytest.raises(MCPError):
        await client.get_prompt("analyze_code_prompt", {"language": "$(rm -rf)", "code": "x"})

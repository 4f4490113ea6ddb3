"""Resources and prompts served by the server."""

from __future__ import annotations

import json

import pytest
from fastmcp import Client
from mcp import MCPError


async def test_readme_resource_lists_the_tools(client: Client) -> None:  # type: ignore[type-arg]
    contents = await client.read_resource("docs://readme")
    text = contents[0].text  # type: ignore[union-attr]
    assert text.startswith("# http-docker")
    assert "search_documents" in text


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

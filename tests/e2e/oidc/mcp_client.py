"""A real MCP client for the OAuth end-to-end test: fastmcp's ``Client`` with its OAuth flow.

It discovers the authorization server from the server's 401, registers (DCR), opens the
authorization URL in "the browser" (Python's ``webbrowser``, which runs ``$BROWSER``: the
Playwright script), receives the code on its loopback callback, exchanges it with PKCE, lists
the tools and calls one. Prints the outcome, the access token and the client id as JSON.

Usage: python mcp_client.py MCP_URL
"""

from __future__ import annotations

import asyncio
import json
import sys

from fastmcp import Client
from fastmcp.client.auth import OAuth


async def main(url: str) -> None:
    oauth = OAuth(client_name="mcpgen e2e client", callback_timeout=90)
    async with Client(url, auth=oauth) as client:
        tools = sorted(tool.name for tool in await client.list_tools())
        result = await client.call_tool("hello", {"name": "OAuth"})
    tokens = await oauth.token_storage_adapter.get_tokens()
    info = await oauth.token_storage_adapter.get_client_info()
    assert tokens is not None and info is not None
    print(
        json.dumps(
            {
                "tools": tools,
                "hello": result.data,
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "client_id": info.client_id,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))

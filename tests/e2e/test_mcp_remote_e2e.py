"""mcp-remote (the stdio bridge many desktop clients use for remote servers) against a real
generated HTTP server, which answers calls that cannot stream with JSON and the rest over SSE.
"""

from __future__ import annotations

import json
import select
import subprocess
import time
from collections.abc import Callable
from typing import IO, Any

import pytest
from support import Generated, free_port, running

from mcpgen import pins

pytestmark = pytest.mark.e2e

MCP_REMOTE = pins.MCP_REMOTE  # the version generated client configs use
API_KEY = "e2e-mcp-remote-key-0123456789abcdef"


@pytest.fixture(scope="module")
def project(generate_project: Callable[..., Generated]) -> Generated:
    return generate_project("e2e-remote-bridge", "--transport", "http", "--auth", "api-key")


def answer(stream: IO[str], request_id: int, timeout: float = 120) -> dict[str, Any]:
    """The bridge's reply to ``request_id`` (notifications before it are skipped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 1)
        if ready:
            line = stream.readline()
            if not line:
                break
            message: dict[str, Any] = json.loads(line)
            if message.get("id") == request_id:
                return message
    raise AssertionError(f"mcp-remote did not answer request {request_id}")


def test_mcp_remote_relays_lists_and_calls(project: Generated) -> None:
    server = [str(project.executable), "--transport", "http"]
    with running(server, project.root, {"MCP_API_KEY": API_KEY}, free_port()) as base:
        bridge = subprocess.Popen(
            [
                "npx",
                "-y",
                MCP_REMOTE,
                f"{base}/mcp",
                "--transport",
                "http-only",
                "--allow-http",
                "--header",
                f"Authorization: Bearer {API_KEY}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert bridge.stdin is not None and bridge.stdout is not None
        requests: list[dict[str, Any]] = [
            {
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-06-18",
                    "capabilities": {},
                    "clientInfo": {"name": "e2e", "version": "1"},
                },
            },
            {"method": "tools/list"},
            {"method": "tools/call", "params": {"name": "hello", "arguments": {"name": "JSON"}}},
            {
                "method": "tools/call",
                "params": {
                    "name": "hello",
                    "arguments": {"name": "SSE"},
                    "_meta": {"progressToken": "e2e"},
                },
            },
        ]
        replies = []
        try:
            for request_id, request in enumerate(requests, start=1):
                bridge.stdin.write(json.dumps({"jsonrpc": "2.0", "id": request_id, **request}))
                bridge.stdin.write("\n")
                bridge.stdin.flush()
                replies.append(answer(bridge.stdout, request_id))
                if request_id == 1:
                    note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
                    bridge.stdin.write(json.dumps(note) + "\n")
                    bridge.stdin.flush()
        finally:
            bridge.terminate()
            bridge.wait(timeout=30)
    assert replies[0]["result"]["serverInfo"]["name"] == "e2e-remote-bridge"
    assert {"hello"} <= {tool["name"] for tool in replies[1]["result"]["tools"]}
    assert replies[2]["result"]["structuredContent"] == {"result": "Hello, JSON!"}
    assert replies[3]["result"]["structuredContent"] == {"result": "Hello, SSE!"}

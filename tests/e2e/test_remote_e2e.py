"""Remote deployment end to end: real servers on real ports, real clients.

The image itself is built and run in a real container engine by test_container_e2e.

- the official MCP Inspector CLI lists and calls tools over HTTP with an API key, and is
  refused without one;
- several stateless server processes answer calls spread across them, as replicas behind a
  load balancer would;
- the jwt and oauth projects pass their own checks and refuse to start unconfigured.
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support import INSPECTOR, Generated, free_port, project_env, running

pytestmark = pytest.mark.e2e

# 2.x speaks Streamable HTTP with --header; works on Node 20 although it asks for Node 22.
INSPECTOR_HTTP = INSPECTOR
API_KEY = "e2e-remote-key-0123456789abcdef"
API_KEY_PROJECT = ("--transport", "http", "--auth", "api-key", "--docker", "--deploy", "kubernetes")
TOKEN_PROJECTS = {
    "jwt": ("--transport", "http", "--auth", "jwt", "--no-docker"),
    "oauth": ("--transport", "http", "--auth", "oauth", "--no-docker"),
}
MCP_ACCEPT = "application/json, text/event-stream"
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "e2e", "version": "1"},
    },
}


@pytest.fixture(scope="module")
def api_key_project(generate_project: Callable[..., Generated]) -> Generated:
    return generate_project("e2e-remote", *API_KEY_PROJECT)


def rpc(url: str, message: dict[str, Any], key: str | None = API_KEY) -> tuple[int, Any]:
    """POST one JSON-RPC message; the status and the decoded reply (JSON or SSE)."""
    headers = {"Content-Type": "application/json", "Accept": MCP_ACCEPT}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(url, data=json.dumps(message).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    data = [line[len("data: ") :] for line in body.splitlines() if line.startswith("data: ")]
    text = data[-1] if data else body
    return status, json.loads(text) if text.strip().startswith("{") else text


def call_hello(index: int) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": index,
        "method": "tools/call",
        "params": {"name": "hello", "arguments": {"name": f"call-{index}"}},
    }


# --- MCP Inspector over HTTP ------------------------------------------------------------


def inspector(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npx", "-y", INSPECTOR_HTTP, "--cli", url, "--transport", "http", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_inspector_cli_lists_and_calls_tools_with_the_key(api_key_project: Generated) -> None:
    server = [str(api_key_project.executable), "--transport", "http"]
    with running(server, api_key_project.root, {"MCP_API_KEY": API_KEY}, free_port()) as base:
        header = ["--header", f"Authorization: Bearer {API_KEY}"]
        listed = inspector(f"{base}/mcp", *header, "--method", "tools/list")
        called = inspector(
            f"{base}/mcp",
            "--header",
            f"X-API-Key: {API_KEY}",
            "--method",
            "tools/call",
            "--tool-name",
            "hello",
            "--tool-arg",
            "name=Inspector",
        )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    names = {tool["name"] for tool in json.loads(listed.stdout)["tools"]}
    assert {"hello"} <= names
    assert called.returncode == 0, called.stdout + called.stderr
    assert json.loads(called.stdout)["structuredContent"] == {"result": "Hello, Inspector!"}


@pytest.mark.parametrize("header", [None, "Authorization: Bearer wrong-key-0123456789abcdef"])
def test_inspector_cli_is_refused_without_the_key(
    api_key_project: Generated, header: str | None
) -> None:
    server = [str(api_key_project.executable), "--transport", "http"]
    with running(server, api_key_project.root, {"MCP_API_KEY": API_KEY}, free_port()) as base:
        refused = inspector(
            f"{base}/mcp", *(["--header", header] if header else []), "--method", "tools/list"
        )
    assert refused.returncode != 0
    assert '"tools"' not in refused.stdout
    assert re.search(r"auth|401|Unauthorized", refused.stdout + refused.stderr, re.IGNORECASE)


# --- Stateless replicas ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def replicas(api_key_project: Generated) -> Iterator[list[str]]:
    """Three stateless server processes, as three pods of the Deployment."""
    server = [str(api_key_project.executable), "--transport", "http"]
    env = {
        "MCP_API_KEY": API_KEY,
        "MCP_STATELESS_HTTP": "true",
        "MCP_HOST": "0.0.0.0",
        "MCP_ALLOWED_HOSTS": "mcp.example.com",
    }
    with (
        running(server, api_key_project.root, env, free_port()) as first,
        running(server, api_key_project.root, env, free_port()) as second,
        running(server, api_key_project.root, env, free_port()) as third,
    ):
        yield [f"{first}/mcp", f"{second}/mcp", f"{third}/mcp"]


def test_calls_spread_round_robin_over_stateless_replicas_are_all_answered(
    replicas: list[str],
) -> None:
    answers = [rpc(replicas[index % len(replicas)], call_hello(index)) for index in range(30)]
    for index, (status, reply) in enumerate(answers):
        assert status == 200, reply
        assert reply["result"]["structuredContent"] == {"result": f"Hello, call-{index}!"}


def test_one_client_conversation_can_hop_between_replicas(replicas: list[str]) -> None:
    first, second, third = replicas
    status, reply = rpc(first, INITIALIZE)
    assert status == 200, reply
    assert rpc(second, {"jsonrpc": "2.0", "method": "notifications/initialized"})[0] == 202
    status, reply = rpc(third, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    assert status == 200, reply
    assert "hello" in {tool["name"] for tool in reply["result"]["tools"]}


def test_replicas_still_require_the_key(replicas: list[str]) -> None:
    for url in replicas:
        assert rpc(url, call_hello(0), key=None)[0] == 401


def test_a_stateful_server_cannot_answer_sessionless_calls(api_key_project: Generated) -> None:
    server = [str(api_key_project.executable), "--transport", "http"]
    with running(server, api_key_project.root, {"MCP_API_KEY": API_KEY}, free_port()) as base:
        status, _ = rpc(f"{base}/mcp", call_hello(1))
    assert status == 400, "why the Deployment sets MCP_STATELESS_HTTP=true"


# --- Token auth modes ---------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(TOKEN_PROJECTS))
def token_project(
    request: pytest.FixtureRequest, generate_project: Callable[..., Generated]
) -> tuple[str, Generated]:
    return request.param, generate_project(f"e2e-{request.param}", *TOKEN_PROJECTS[request.param])


def test_token_auth_projects_pass_their_own_checks(token_project: tuple[str, Generated]) -> None:
    _, project = token_project
    tests = project.uv("run", "pytest", "-q", "-p", "no:cacheprovider", "-rA")
    assert (
        "PASSED tests/test_auth_tokens.py::test_wrong_tokens_get_401[foreign-key]" in tests.stdout
    )
    project.uv("run", "ruff", "check", ".")
    project.uv("run", "ruff", "format", "--check", ".")
    project.uv("run", "mypy")


def test_token_auth_servers_refuse_to_start_unconfigured(
    token_project: tuple[str, Generated],
) -> None:
    mode, project = token_project
    done = subprocess.run(
        [str(project.executable), "--transport", "http", "--port", str(free_port())],
        cwd=project.root,
        env=project_env({"MCP_JWT_JWKS_URI": "http://idp.example.com/jwks.json"}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "MCP_JWT_JWKS_URI must be an https:// URL" in done.stderr
    assert "MCP_JWT_ISSUER" in done.stderr
    assert ("MCP_PUBLIC_BASE_URL" in done.stderr) == (mode == "oauth")

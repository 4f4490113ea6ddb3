"""``mcpgen new`` end to end: generate with the real command, install, check, serve, connect.

Generated projects run their own pytest, ruff and mypy; servers are started as real processes
and answered by real MCP clients: fastmcp's Client in a separate process and the official
MCP Inspector CLI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import INSPECTOR, Generated, free_port, mcpgen, running

pytestmark = pytest.mark.e2e

API_KEY = "e2e-key-0123456789abcdef"

COMBINATIONS = {
    "stdio-minimal": ("--transport", "stdio", "--no-docker"),
    "http-api-key-docker": ("--transport", "http", "--auth", "api-key", "--docker"),
    "sse-open": ("--transport", "sse", "--auth", "none", "--no-docker"),
}

CLIENT_SCRIPT = """
import asyncio, json, sys
from fastmcp import Client
from fastmcp.client.transports import StdioTransport

async def main() -> None:
    target = sys.argv[1]
    if target.startswith("http"):
        client = Client(target, auth=sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        client = Client(StdioTransport(command=target, args=["--transport", "stdio"]))
    async with client:
        tools = sorted(tool.name for tool in await client.list_tools())
        hello = await client.call_tool("hello", {"name": "e2e"})
        readme = await client.read_resource("docs://readme")
    print(json.dumps({"tools": tools, "hello": hello.data, "readme": readme[0].text[:40]}))

asyncio.run(main())
"""


@pytest.fixture(scope="module", params=sorted(COMBINATIONS))
def project(
    request: pytest.FixtureRequest, generate_project: Callable[..., Generated]
) -> Generated:
    name = f"e2e-{request.param}"
    return generate_project(name, *COMBINATIONS[request.param])


def test_generated_project_passes_its_own_checks(project: Generated) -> None:
    project.uv("run", "pytest", "-q", "-p", "no:cacheprovider")
    project.uv("run", "ruff", "check", ".")
    project.uv("run", "ruff", "format", "--check", ".")
    project.uv("run", "mypy")


def _client(project: Generated, *args: str) -> dict[str, object]:
    script = project.root / "e2e_client.py"
    script.write_text(CLIENT_SCRIPT)
    try:
        done = project.run(str(project.python), str(script), *args, timeout=120)
    finally:
        script.unlink()
    return json.loads(done.stdout.strip().splitlines()[-1])


def _assert_answers(result: dict[str, object]) -> None:
    assert {"hello"} <= set(result["tools"])
    assert result["hello"] == "Hello, e2e!"
    assert str(result["readme"]).startswith("# e2e-")


def test_stdio_server_answers_a_client_in_another_process(project: Generated) -> None:
    _assert_answers(_client(project, str(project.executable)))


def test_stdio_writes_nothing_but_protocol_to_stdout(project: Generated) -> None:
    done = subprocess.run(
        [str(project.executable), "--transport", "stdio"],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.stdout == "", "no banner or log line may reach stdout on stdio"


@pytest.fixture(scope="module", params=sorted(name for name in COMBINATIONS if "stdio" not in name))
def http_project(
    request: pytest.FixtureRequest, generate_project: Callable[..., Generated]
) -> Generated:
    """The combinations that serve HTTP (a stdio project has no HTTP code)."""
    return generate_project(f"e2e-{request.param}", *COMBINATIONS[request.param])


@pytest.fixture
def http_server(http_project: Generated) -> Iterator[tuple[str, str]]:
    """The project's server on a real port with an API key (ignored when auth is none)."""
    project = http_project
    port = free_port()
    command = [str(project.executable), "--transport", "http"]
    with running(command, project.root, {"MCP_API_KEY": API_KEY}, port) as base:
        yield base, API_KEY


def test_http_server_answers_a_real_client(
    http_project: Generated, http_server: tuple[str, str]
) -> None:
    project = http_project
    base, key = http_server
    _assert_answers(_client(project, f"{base}/mcp", key))
    health = subprocess.run(
        [str(project.python), "-m", f"{project.package}.healthcheck", f"{base}/health"],
        capture_output=True,
        check=False,
    )
    assert health.returncode == 0, "the Docker HEALTHCHECK command passes against the server"


def test_http_without_a_key_is_refused_when_auth_is_on(
    http_project: Generated, http_server: tuple[str, str]
) -> None:
    project = http_project
    import urllib.error
    import urllib.request

    base, _ = http_server
    request = urllib.request.Request(
        f"{base}/mcp",
        data=b'{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
        },
    )
    auth_on = "api-key" in (project.root / ".copier-answers.yml").read_text()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert (status == 401) == auth_on


def test_http_server_refuses_to_start_open_without_a_key(
    generate_project: Callable[..., Generated],
) -> None:
    project = generate_project("e2e-http-api-key-docker", *COMBINATIONS["http-api-key-docker"])
    env = {key: value for key, value in os.environ.items() if not key.startswith("MCP_")}
    done = subprocess.run(
        [str(project.executable), "--transport", "http", "--port", str(free_port())],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "MCP_API_KEY" in done.stderr


def test_python_dash_m_starts_the_server(project: Generated) -> None:
    done = subprocess.run(
        [str(project.python), "-m", project.package, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    answers = (project.root / ".copier-answers.yml").read_text()
    stdio_only = "transport: stdio" in answers and "docker: false" in answers
    choices = "{stdio}" if stdio_only else "{stdio,http,sse}"
    assert f"--transport {choices}" in done.stdout


def test_mcp_inspector_cli_lists_and_calls_tools(project: Generated) -> None:
    # The Inspector takes --transport for itself, so the server's transport goes in its env.
    base = ["npx", "-y", INSPECTOR, "--cli", "-e", "MCP_TRANSPORT=stdio", str(project.executable)]
    listed = subprocess.run(
        [*base, "--method", "tools/list"], capture_output=True, text=True, timeout=300, check=False
    )
    assert listed.returncode == 0, listed.stderr
    assert {"hello"} <= {t["name"] for t in json.loads(listed.stdout)["tools"]}
    called = subprocess.run(
        [*base, "--method", "tools/call", "--tool-name", "hello", "--tool-arg", "name=Inspector"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert called.returncode == 0, called.stderr
    assert "Hello, Inspector!" in called.stdout


def test_new_with_install_runs_the_generated_tests(tmp_path: Path) -> None:
    done = mcpgen("new", "installed-demo", "--yes", "--git", "--install", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Ran the project's tests" in done.stderr
    assert " passed" in done.stderr
    root = tmp_path / "installed-demo"
    assert (root / ".venv").is_dir()
    assert sys.executable not in (root / ".venv/pyvenv.cfg").read_text()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    )
    assert status.stdout == "", "uv.lock is committed: the new project starts clean"

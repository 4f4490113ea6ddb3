"""Proving an entry works: start it the way a client would and ask for ``tools/list``.

mcpgen does not depend on fastmcp, so the MCP client runs in the project's own environment
(``.venv/bin/python``), where fastmcp is installed: a real client in a separate process. A
stdio entry is started as :mod:`launch` describes for its client: that client's working
directory, environment and command lookup, so a command that only works from a shell or from
the project directory fails here as it would in the client.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mcpgen.client_config.entries import ServerSpec
from mcpgen.client_config.launch import Launch

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
        transport = StdioTransport(
            command=spec["command"], args=spec["args"], env=spec["env"], cwd=spec["cwd"]
        )
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


def check(
    spec: ServerSpec, project_root: Path, launch: Launch | None = None, timeout: float = 60.0
) -> Verdict:
    """Connect to the server (``launch`` for a stdio entry, ``spec.url`` else); list its tools."""
    python = _python(project_root)
    if not python.is_file():
        return Verdict(False, problem="the project has no .venv", fix="run 'uv sync' in it")
    request: dict[str, object] = {"timeout": timeout / 2}
    child_env: dict[str, str] | None = None  # None: inherit (the HTTP token travels this way)
    if launch is not None:
        if not Path(launch.cwd).is_dir():
            return Verdict(False, problem=f"{launch.cwd} does not exist", fix=_fix(launch))
        request |= {
            "command": launch.command,
            "args": list(launch.args),
            "env": launch.env,
            "cwd": launch.cwd,
        }
        child_env = launch.env
    else:
        if spec.token_env and not os.environ.get(spec.token_env):
            return Verdict(
                False,
                problem=f"{spec.token_env} is not set here, so the check cannot authenticate",
                fix=f"export {spec.token_env}=... (the value the client will send)",
            )
        request |= {"url": spec.url, "token_env": spec.token_env}
    try:
        done = subprocess.run(
            [str(python), "-c", _CLIENT],
            input=json.dumps(request),
            env=child_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Verdict(False, problem=f"no answer within {timeout:.0f} s", fix=_fix(launch or spec))
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        problem = lines[-1] if lines else "it failed"
        return Verdict(False, problem=problem, fix=_fix(launch or spec))
    tools = json.loads(done.stdout.strip().splitlines()[-1])
    return Verdict(True, tools=tools, warnings=_limits(tools))


def _fix(target: Launch | ServerSpec) -> str:
    if isinstance(target, Launch):
        command = " ".join([target.command, *target.args])
        return (
            f"run 'cd {target.cwd} && env -i {_env_words(target.env)} {command}' "
            "to see what the client sees"
        )
    return f"start the server (--transport http) so that {target.url} answers, then retry"


def _env_words(env: dict[str, str]) -> str:
    # Only where the command is looked up and HOME: the entry's env may hold secrets.
    shown = {name: env[name] for name in ("HOME", "PATH") if name in env}
    return " ".join(f"{name}={shlex.quote(value)}" for name, value in shown.items())

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
import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
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
    """Connect to the server (``launch`` for a stdio entry, ``spec.url`` else); list its tools.

    A server whose clients sign in with OAuth is checked as far as a client gets before the
    user signs in: the challenge and the metadata that lead it to the sign-in page.
    """
    if launch is None and spec.oauth_flow:
        return oauth_discovery(spec.url, timeout)
    return _list_tools(spec, project_root, launch, timeout)


def _list_tools(
    spec: ServerSpec, project_root: Path, launch: Launch | None, timeout: float
) -> Verdict:
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


_ACCEPT = "application/json, text/event-stream"
_INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "mcpgen", "version": "1"},
    },
}


def oauth_discovery(url: str, timeout: float = 30.0) -> Verdict:
    """What a connector sees first: a 401 naming the resource metadata, and that metadata.

    Without a signed-in user the tools cannot be listed; a client that runs the OAuth flow
    needs exactly this much to open the sign-in page.
    """
    fix = f"start the server (--transport http) with its OAuth settings so that {url} answers"
    request = urllib.request.Request(
        url,
        data=json.dumps(_INITIALIZE).encode(),
        headers={"Content-Type": "application/json", "Accept": _ACCEPT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, challenge = response.status, ""
    except urllib.error.HTTPError as error:
        status, challenge = error.code, error.headers.get("WWW-Authenticate", "")
    except OSError as error:
        return Verdict(False, problem=str(error), fix=fix)
    found = re.search(r'resource_metadata="(https?://[^"]+)"', challenge)
    if status != 401 or not found:
        problem = f"expected 401 with resource_metadata in WWW-Authenticate, got {status}"
        return Verdict(False, problem=problem, fix=fix)
    try:
        with urllib.request.urlopen(found.group(1), timeout=timeout) as response:
            servers = json.loads(response.read()).get("authorization_servers") or []
    except (OSError, ValueError) as error:
        return Verdict(False, problem=f"{found.group(1)}: {error}", fix=fix)
    if not servers:
        return Verdict(False, problem=f"{found.group(1)} names no authorization server", fix=fix)
    note = (
        f"clients sign in through OAuth at {servers[0]} on first use (a browser opens); "
        "the tools are listed after sign-in"
    )
    return Verdict(True, warnings=[note])

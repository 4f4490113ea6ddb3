"""The servers being measured: the generated project, the tutorial's and a bare HTTP server."""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import stdio_probe
from timing import BenchError, clean_env, run

HERE = Path(__file__).resolve().parent
API_KEY = secrets.token_urlsafe(32)  # generated servers refuse low-entropy placeholder keys

# The tutorial's 9-line server, verbatim (Step 2).
TUTORIAL = '''from fastmcp import FastMCP

mcp = FastMCP("My MCP Server")

@mcp.tool()
def hello(name: str) -> str:
    """Greet someone by name."""
    return f"Hello, {name}!"

if __name__ == "__main__":
    mcp.run()
'''

# The same tool on a bare FastMCP server over Streamable HTTP: the throughput baseline.
BARE_HTTP = '''import sys

from fastmcp import FastMCP

mcp = FastMCP("bare")


@mcp.tool()
def hello(name: str) -> str:
    """Greet someone by name."""
    return f"Hello, {name}!"


if __name__ == "__main__":
    mcp.run(transport="http", host="127.0.0.1", port=int(sys.argv[1]), show_banner=False)
'''

# The physical floor under any MCP server on this machine: a bare Starlette JSON endpoint on
# the same uvicorn, answering the same JSON-RPC calls with a canned result (no MCP at all).
FLOOR_HTTP = """import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


async def mcp(request: Request) -> Response:
    if request.method == "DELETE":
        return Response(status_code=200)
    message = await request.json()
    if "id" not in message:
        return Response(status_code=202)
    if message["method"] == "initialize":
        result = {"protocolVersion": message["params"]["protocolVersion"]}
    else:
        text = "Hello, " + message["params"]["arguments"]["name"] + "!"
        result = {"content": [{"type": "text", "text": text}], "isError": False}
    return JSONResponse({"jsonrpc": "2.0", "id": message["id"], "result": result})


app = Starlette(routes=[Route("/mcp", mcp, methods=["POST", "DELETE"])])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


@dataclass(frozen=True)
class Project:
    """A generated, ``uv sync``-ed project."""

    root: Path
    package: str
    script: str

    def bin(self, name: str) -> Path:
        return self.root / ".venv" / "bin" / name

    def version(self, distribution: str) -> str:
        code = f"import importlib.metadata as m; print(m.version({distribution!r}))"
        return run([self.bin("python"), "-c", code]).strip()


@dataclass(frozen=True)
class Server:
    """A running HTTP server."""

    url: str
    headers: list[str]
    log: Path
    pid: int

    def rss_mb(self) -> float:
        """Resident memory of the server process now (Linux), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise BenchError(f"no VmRSS for process {self.pid}")


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Same environment for every server: no FastMCP update check or banner."""
    return clean_env(
        {"FASTMCP_CHECK_FOR_UPDATES": "off", "FASTMCP_SHOW_SERVER_BANNER": "false", **(extra or {})}
    )


def write_tutorial(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "tutorial_server.py"
    path.write_text(TUTORIAL)
    return path


def copier_answers(path: Path) -> dict[str, str]:
    """The answers a project was rendered from (its ``.copier-answers.yml``, private keys out)."""
    import yaml

    answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: _text(value) for key, value in answers.items() if not key.startswith("_")}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def probe(cmd: list[Any], cwd: Path, env: dict[str, str], stderr: Path) -> tuple[float, int]:
    return stdio_probe.time_to_tools_list(cmd, cwd=cwd, env=env, stderr=stderr)


def importtime(cmd: list[Any], cwd: Path, env: dict[str, str], stderr: Path) -> str:
    """The ``-X importtime`` report of a server run through the same stdio handshake."""
    probe(cmd, cwd, env, stderr)
    return stderr.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(
    port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"server exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise BenchError(f"nothing listened on port {port} within {timeout:g} s; see {log}")


@contextlib.contextmanager
def http_pair(
    project: Project, scratch: Path, logs: Path, bare_python: Path
) -> Iterator[dict[str, Server]]:
    """The generated server (API key, audit log, rate limits set high), a bare FastMCP one (on
    ``bare_python``: an environment with FastMCP alone, as ``pip install fastmcp`` gives) and
    the Starlette floor, running."""
    scratch.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    bare = scratch / "bare_http_server.py"
    bare.write_text(BARE_HTTP)
    floor = scratch / "starlette_floor_server.py"
    floor.write_text(FLOOR_HTTP)
    generated_port, bare_port, floor_port = free_port(), free_port(), free_port()
    settings = {
        "MCP_API_KEY": API_KEY,
        "MCP_AUTH": "api-key",
        "MCP_LOG_LEVEL": "INFO",  # the audit log writes one line per call at INFO
        "MCP_LOG_FORMAT": "json",
        "MCP_RATE_LIMIT_DEFAULT": "10000000/minute",  # on, but never reached
    }
    specs = {
        "generated": (
            [project.bin(project.script), "--transport", "http", "--port", str(generated_port)],
            generated_port,
            settings,
            [f"Authorization: Bearer {API_KEY}"],
        ),
        "bare": ([bare_python, bare, str(bare_port)], bare_port, {}, []),
        "floor": ([project.bin("python"), floor, str(floor_port)], floor_port, {}, []),
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        running = {}
        for name, (cmd, port, extra, headers) in specs.items():
            log = logs / f"http-{name}.log"
            with log.open("wb") as err:
                process = subprocess.Popen(
                    [str(part) for part in cmd],
                    cwd=project.root,
                    env=server_env(extra),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                )
            processes.append(process)
            wait_for_port(port, process, log)
            running[name] = Server(f"http://127.0.0.1:{port}/mcp", headers, log, process.pid)
        yield running
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def load(
    project: Project, server: Server, *, clients: int, seconds: float, calls: int | None = None
) -> dict[str, float]:
    """Run load.py against ``server`` with the project's Python; its JSON result.

    With ``calls``, each client makes exactly that many calls, however long they take.
    """
    cmd: list[Any] = [
        project.bin("python"),
        HERE / "load.py",
        server.url,
        "--clients",
        str(clients),
        "--seconds",
        str(seconds),
    ]
    if calls:
        cmd += ["--calls", str(calls)]
    for header in server.headers:
        cmd += ["--header", header]
    result: dict[str, float] = json.loads(run(cmd, timeout=300 + seconds * 4))
    if not result["calls"]:
        raise BenchError(f"no call answered by {server.url}; see {server.log}")
    return result


def count_audit_lines(log: Path) -> int:
    """Tool-call lines in a JSON audit log (proves the audit middleware ran for each call)."""
    count = 0
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            if json.loads(line).get("event") == "tool_call":
                count += 1
    return count

"""Helpers shared by test tiers (importable as ``support``: tests/ is on the pythonpath)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcpgen import pins
from mcpgen.render import template_path

SERVER_TEMPLATE = template_path("server")


def render_each(
    copie: Any,
    variants: Iterable[dict[str, Any]],
    key: Callable[[dict[str, Any]], str],
    **fixed: Any,
) -> dict[str, Path]:
    """Render the server template once per variant (plus ``fixed`` answers), keyed by ``key``."""
    projects: dict[str, Path] = {}
    for answers in variants:
        result = copie.copy(extra_answers={**fixed, **answers}, template_dir=SERVER_TEMPLATE)
        assert result.exit_code == 0, result.exception
        projects[key(answers)] = result.project_dir
    return projects


def run_tool(*args: str, cwd: Path) -> str:
    """Run a Python tool from mcpgen's environment; fail with its output if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{' '.join(args)} failed in {cwd}:\n{done.stdout}{done.stderr}"
    return done.stdout


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    """Poll ``url`` until it answers 200, or fail."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer within {timeout} s")
        time.sleep(0.2)


INSPECTOR = pins.INSPECTOR  # one pinned version for every documented and tested command


_SCRIPT = Path(sys.executable).with_name("mcpgen")
# The real console script when installed (it is in CI); ``python -m mcpgen`` otherwise.
MCPGEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mcpgen"]


def uv_bin() -> str:
    """The uv binary installed with mcpgen."""
    from uv import find_uv_bin

    return str(find_uv_bin())


@dataclass(frozen=True)
class Generated:
    """A generated, installed project."""

    root: Path
    package: str
    script: str

    @property
    def python(self) -> Path:
        return self.root / ".venv" / "bin" / "python"

    @property
    def executable(self) -> Path:
        return self.root / ".venv" / "bin" / self.script

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """Run a command in the project; fail the test with its output if it fails."""
        done = subprocess.run(
            list(args),
            cwd=self.root,
            env=project_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done

    def uv(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """Run ``uv ARGS`` in the project."""
        return self.run(uv_bin(), *args, timeout=timeout)


def project_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for generated projects: offline interpreters, no mcpgen venv leaking in."""
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    for key in list(env):
        if key.startswith(("MCP_", "POSTGRES_")):
            del env[key]
    env.update(extra or {})
    return env


def mcpgen(*args: str, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run the real mcpgen command in a subprocess."""
    return subprocess.run(
        [*MCPGEN, *args],
        cwd=cwd,
        env={**project_env(), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextmanager
def running(command: list[str], cwd: Path, env: dict[str, str], port: int) -> Iterator[str]:
    """Start a server process, wait for /health, yield its base URL, stop it with SIGINT."""
    with tempfile.TemporaryFile(mode="w+") as log:  # a file, not a pipe: logs never block
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=project_env({**env, "MCP_PORT": str(port)}),
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
        )
        try:
            try:
                wait_for_http(f"http://127.0.0.1:{port}/health", timeout=60)
            except AssertionError:
                process.kill()
                process.wait()
                log.seek(0)
                raise AssertionError(f"server did not start:\n{log.read()}") from None
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# Reads a client launch (command, args, env, cwd) as JSON on stdin, starts the server as that
# client would, calls the sqlite integration's list_tables and prints its structured result.
CALL_SQLITE_TOOL = """
import asyncio, json, sys
from fastmcp import Client
from fastmcp.client.transports import StdioTransport

launch = json.load(sys.stdin)

async def main() -> None:
    transport = StdioTransport(
        launch["command"], launch["args"], env=launch["env"], cwd=launch["cwd"]
    )
    async with Client(transport, timeout=120) as client:
        result = await client.call_tool("sqlite_list_tables", {})
    print(json.dumps(result.structured_content))

asyncio.run(main())
"""


def invoke(*args: str) -> tuple[int, str]:
    """Run mcpgen in-process through Typer's CliRunner: exit code and output, no colour."""
    from typer.testing import CliRunner

    from mcpgen.cli import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=False, env={"NO_COLOR": "1"})
    return result.exit_code, result.output


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (outside .git) and its bytes: to prove nothing changed."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }

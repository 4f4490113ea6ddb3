"""``client-config --check`` hands secrets to its child through the environment, never argv."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from mcpgen.client_config import verify
from mcpgen.client_config.entries import ServerSpec

TOKEN = "s3cret-token-that-ps-must-not-show"

# Stands in for the project's interpreter: records what every local user could read about the
# process (its /proc cmdline), what came on stdin, and whether the token arrived by environment.
RECORDER = """#!{python}
import json, os, sys
spec = json.load(sys.stdin)
cmdline = open("/proc/self/cmdline", "rb").read().decode() if os.path.exists("/proc/self") else ""
record = {{"argv": sys.argv, "cmdline": cmdline, "stdin": json.dumps(spec),
          "env_token": os.environ.get(spec.get("token_env") or "")}}
open({out!r}, "w").write(json.dumps(record))
print(json.dumps(["echo"]))
"""


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    out = tmp_path / "record.json"
    python.write_text(RECORDER.format(python=sys.executable, out=str(out)))
    python.chmod(0o755)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX script stands in for python")
def test_the_bearer_token_never_reaches_the_childs_command_line(
    tmp_path: Path, recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MCP_API_KEY", TOKEN)
    spec = ServerSpec("demo", "http", url="http://127.0.0.1:9/mcp", token_env="MCP_API_KEY")
    verdict = verify.check(spec, tmp_path, timeout=30)
    assert verdict.ok and verdict.tools == ["echo"]
    record = json.loads(recorded.read_text())
    assert TOKEN not in " ".join(record["argv"])
    assert TOKEN not in record["cmdline"]
    assert TOKEN not in record["stdin"]
    assert record["env_token"] == TOKEN  # it does arrive, by the environment


def test_the_client_program_reads_the_token_from_the_environment() -> None:
    assert 'os.environ[spec["token_env"]]' in verify._CLIENT
    assert "sys.argv" not in verify._CLIENT


SERVER = """#!{python}
from fastmcp import FastMCP
mcp = FastMCP("fake")
@mcp.tool
def ping() -> str:
    return "pong"
mcp.run(transport="stdio", show_banner=False)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX script stands in for the server")
@pytest.mark.parametrize(("client", "answers"), [("claude-code", True), ("claude-desktop", False)])
def test_a_command_found_only_on_the_shells_path_fails_where_the_client_would(
    tmp_path: Path, client: str, answers: bool
) -> None:
    from mcpgen.client_config import launch

    python = tmp_path / ".venv" / "bin" / "python"  # the project's: mcpgen's, where fastmcp is
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    python.chmod(0o755)
    shell_bin = tmp_path / "shell-bin"
    shell_bin.mkdir()
    server = shell_bin / "fake-server"
    server.write_text(SERVER.format(python=sys.executable))
    server.chmod(0o755)
    shell = {"HOME": str(tmp_path), "PATH": f"{shell_bin}:/usr/bin:/bin"}
    started = launch.for_entry(
        client,
        {"command": "fake-server", "args": []},
        scope="user",
        project_root=tmp_path,
        platform="linux",
        home=tmp_path,
        shell=shell,
    )
    spec = ServerSpec("fake", "stdio", "fake-server")
    verdict = verify.check(spec, tmp_path, started, timeout=60)
    assert verdict.ok is answers, verdict.problem
    if answers:
        assert verdict.tools == ["ping"]
    else:
        assert "PATH=/usr/local/bin:/usr/bin:/bin" in verdict.fix

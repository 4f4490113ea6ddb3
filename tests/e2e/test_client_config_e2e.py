"""``client-config`` on an installed project: the written entry starts and answers tools/list."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import MCPGEN, Generated, free_port, mcpgen, project_env, running

pytestmark = pytest.mark.e2e

KEY = "client-config-key-0123456789"


def run_watching_command_lines(
    command: list[str], secret: str, **options: Any
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``command`` while scanning every process's /proc cmdline for ``secret``."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options
    )
    leaked: list[str] = []
    while process.poll() is None:
        for entry in Path("/proc").iterdir():
            with contextlib.suppress(OSError):
                cmdline = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
                if secret.encode() in cmdline:
                    leaked.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
        time.sleep(0.01)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), leaked


@pytest.fixture(scope="module")
def project(generate_project: Callable[..., Generated]) -> Generated:
    return generate_project("cc-e2e", "--transport", "http", "--auth", "api-key", "--no-docker")


@pytest.mark.parametrize(
    ("target", "config", "top_key"),
    [
        ("cursor", "mcp.json", "mcpServers"),
        ("vscode", "mcp.json", "servers"),
        ("claude-code", ".mcp.json", "mcpServers"),
        ("gemini-cli", "settings.json", "mcpServers"),
        ("zed", "settings.json", "context_servers"),
    ],
)
def test_written_stdio_entry_starts_the_server(
    project: Generated, tmp_path: Path, target: str, config: str, top_key: str
) -> None:
    path = tmp_path / config
    done = mcpgen(
        "client-config",
        "--target",
        target,
        "--transport",
        "stdio",
        "--project",
        str(project.root),
        "--config-path",
        str(path),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 tool: hello\n" in done.stderr, "the skeleton serves hello alone"
    entry = json.loads(path.read_text())[top_key]["cc-e2e"]
    command = entry["command"]
    assert Path(command).is_absolute() and Path(command).is_file()
    started = subprocess.run(
        [command, *entry["args"]],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert started.returncode == 0, "the entry runs with a GUI client's bare PATH"


def test_http_entry_is_checked_against_the_running_server(
    project: Generated, tmp_path: Path
) -> None:
    port = free_port()
    command = [str(project.executable), "--transport", "http"]
    args = (
        *("client-config", "--target", "cursor", "--project", str(project.root)),
        *("--url", f"http://127.0.0.1:{port}/mcp", "--config-path", str(tmp_path / "m.json")),
    )
    with running(command, project.root, {"MCP_API_KEY": KEY}, port):
        refused = subprocess.run(
            [*MCPGEN, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            env={**project_env(), "NO_COLOR": "1", "MCP_API_KEY": "wrong-key-0123456789"},
            timeout=120,
        )
        assert refused.returncode == 1
        assert "did not answer" in refused.stderr
        accepted, leaked = run_watching_command_lines(
            [*MCPGEN, *args, "--force"],
            KEY,
            cwd=tmp_path,
            env={**project_env(), "NO_COLOR": "1", "MCP_API_KEY": KEY},
        )
    assert accepted.returncode == 0, accepted.stderr
    assert leaked == [], "the key was visible in a command line (ps) while --check ran"
    assert "1 tool: hello\n" in accepted.stderr
    written = json.loads((tmp_path / "m.json").read_text())["mcpServers"]["cc-e2e"]
    assert written["headers"] == {"Authorization": "Bearer ${env:MCP_API_KEY}"}
    assert KEY not in (tmp_path / "m.json").read_text()

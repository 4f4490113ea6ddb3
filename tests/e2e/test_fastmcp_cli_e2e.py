"""FastMCP's own command line in a generated project, driven by the generated ``fastmcp.json``.

``fastmcp run`` and ``fastmcp inspect`` take no arguments; ``fastmcp install claude-desktop``
takes the config file (fastmcp 4.2.3 requires a server spec there) plus ``--project .``,
because it ignores ``environment.project`` in the file. Each is run for real: the server
that ``fastmcp run`` starts answers a tool that needs a setting only in the project's .env,
and the entry ``fastmcp install`` writes starts from ``/`` and answers too; mcpgen then still
recognises its own entry in the file fastmcp rewrote.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import CALL_SQLITE_TOOL, MCPGEN, Generated, project_env, uv_bin

pytestmark = pytest.mark.e2e

TABLE = "set_in_dotenv"


@pytest.fixture(scope="module")
def project(
    generate_project: Callable[..., Generated], tmp_path_factory: pytest.TempPathFactory
) -> Generated:
    generated = generate_project("fastmcp-cli-e2e", "--no-docker", add_tools=[["sqlite"]])
    database = tmp_path_factory.mktemp("fastmcp-cli-db") / "data.db"
    with sqlite3.connect(database) as connection:
        connection.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY)")
    (generated.root / ".env").write_text(f"SQLITE_PATH={database}\nSQLITE_TABLES={TABLE}\n")
    return generated


def shell(home: Path | None = None) -> dict[str, str]:
    """A user's shell: uv on PATH, no venv active, optionally another HOME."""
    env = project_env({"PATH": f"{Path(uv_bin()).parent}{os.pathsep}{os.environ['PATH']}"})
    if home is not None:
        env["HOME"] = str(home)
        env.pop("XDG_CONFIG_HOME", None)
    return env


def call_tool(project: Generated, launch: dict[str, object]) -> str:
    done = subprocess.run(
        [str(project.python), "-c", CALL_SQLITE_TOOL],
        input=json.dumps(launch),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_generated_fastmcp_json_is_valid(project: Generated) -> None:
    check = (
        "from pathlib import Path; "
        "from fastmcp.utilities.mcp_server_config import MCPServerConfig; "
        "c = MCPServerConfig.from_file(Path('fastmcp.json')); "
        "print(c.source.entrypoint, c.deployment.transport)"
    )
    done = project.run(str(project.python), "-c", check)
    assert done.stdout.split() == ["create_server", "stdio"]


def test_fastmcp_inspect_with_no_arguments(project: Generated) -> None:
    done = subprocess.run(
        [uv_bin(), "run", "fastmcp", "inspect", "--format", "fastmcp"],
        cwd=project.root,
        env=shell(),  # fastmcp re-runs itself through the uv on PATH (environment.project)
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    tools = {tool["name"] for tool in report["tools"]}
    assert {"hello", "sqlite_list_tables"} <= tools


def test_fastmcp_run_with_no_arguments_serves_the_project(project: Generated) -> None:
    launch = {
        "command": uv_bin(),
        "args": ["run", "fastmcp", "run"],
        "env": shell(),
        "cwd": str(project.root),
    }
    assert TABLE in call_tool(project, launch)


def test_fastmcp_install_claude_desktop_writes_an_entry_that_starts(
    project: Generated, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    config = home / ".config" / "Claude" / "claude_desktop_config.json"
    config.parent.mkdir(parents=True)  # fastmcp installs only into an existing client
    env = shell(home)
    install = [uv_bin(), "run", "fastmcp", "install", "claude-desktop", "fastmcp.json"]
    done = subprocess.run(
        [*install, "--project", "."],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and "Successfully installed" in done.stdout, done.stdout
    entry = json.loads(config.read_text())["mcpServers"][project.script]
    # Claude Desktop starts it from / with the entry's env (fastmcp writes a bare "uv": the
    # user's PATH must find it, which a GUI app's bare PATH may not).
    launch = {"command": entry["command"], "args": entry["args"], "env": env, "cwd": "/"}
    assert TABLE in call_tool(project, launch)
    mine = subprocess.run(
        [*MCPGEN, "client-config", "--target", "claude-desktop", "--name", "mine", "--no-check"],
        cwd=project.root,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert mine.returncode == 0, mine.stderr
    subprocess.run([*install, "--project", "."], cwd=project.root, env=env, check=True, timeout=300)
    assert any(
        value is None for value in json.loads(config.read_text())["mcpServers"]["mine"].values()
    )
    again = subprocess.run(
        [*MCPGEN, "client-config", "--target", "claude-desktop", "--name", "mine", "--no-check"],
        cwd=project.root,
        env={**env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert "already up to date" in again.stderr


def test_fastmcp_dev_inspector_with_no_server_argument(project: Generated, tmp_path: Path) -> None:
    """``fastmcp dev inspector`` (4.x's ``dev``) finds fastmcp.json and serves the Inspector."""
    import signal
    import time
    import urllib.request

    from support import free_port

    from mcpgen import pins

    ui, proxy = free_port(), free_port()
    version = pins.INSPECTOR.rsplit("@", 1)[1]
    log = tmp_path / "dev.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                *(uv_bin(), "run", "fastmcp", "dev", "inspector", "--inspector-version", version),
                *("--ui-port", str(ui), "--server-port", str(proxy), "--no-reload"),
            ],
            cwd=project.root,
            env={**shell(), "BROWSER": "true", "MCP_AUTO_OPEN_ENABLED": "false"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{ui}/", timeout=2) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(1)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    assert "Using configuration from fastmcp.json" in log.read_text()

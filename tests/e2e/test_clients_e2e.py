"""Every client target: the entry mcpgen writes starts as that client starts it and reads .env.

One project with the sqlite integration; its ``.env`` (and nothing else) points the tool at a
database holding one table. For each client the test writes the entry into that client's real
file under a temporary HOME, then starts the entry itself the way the client does (written
here from the clients' documented behaviour, independently of mcpgen's ``launch`` module):
GUI apps from ``/`` with the desktop's bare PATH, command-line clients from where they run with
the shell's PATH, and never the shell's VIRTUAL_ENV or settings. The tool must list the table.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import CALL_SQLITE_TOOL, MCPGEN, Generated, project_env

pytestmark = pytest.mark.e2e

TABLE = "only_in_dotenv"
NAME = "clients-e2e"
GUI = {"claude-desktop", "cursor", "vscode", "windsurf", "zed"}
GUI_PATH = "/usr/local/bin:/usr/bin:/bin"
# target, scope: the file (relative to HOME, or to the project for project scope) and its key
FILES = {
    ("claude-desktop", "user"): (".config/Claude/claude_desktop_config.json", "mcpServers"),
    ("claude-code", "user"): (".claude.json", "mcpServers"),
    ("claude-code", "project"): (".mcp.json", "mcpServers"),
    ("cursor", "user"): (".cursor/mcp.json", "mcpServers"),
    ("vscode", "user"): (".config/Code/User/mcp.json", "servers"),
    ("vscode", "project"): (".vscode/mcp.json", "servers"),
    ("windsurf", "user"): (".codeium/windsurf/mcp_config.json", "mcpServers"),
    ("gemini-cli", "user"): (".gemini/settings.json", "mcpServers"),
    ("codex", "user"): (".codex/config.toml", "mcp_servers"),
    ("zed", "user"): (".config/zed/settings.json", "context_servers"),
}


@pytest.fixture(scope="module")
def project(
    generate_project: Callable[..., Generated], tmp_path_factory: pytest.TempPathFactory
) -> Generated:
    generated = generate_project(NAME, "--no-docker", add_tools=[["sqlite"]])
    database = tmp_path_factory.mktemp("clients-db") / "only.db"
    with sqlite3.connect(database) as connection:
        connection.execute(f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, note TEXT)")
    (generated.root / ".env").write_text(f"SQLITE_PATH={database}\nSQLITE_TABLES={TABLE}\n")
    return generated


def client_home(tmp_path: Path) -> dict[str, str]:
    """mcpgen's environment with HOME moved and every client-location override removed."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**project_env(), "HOME": str(home), "NO_COLOR": "1"}
    for name in ("XDG_CONFIG_HOME", "CODEX_HOME", "CLAUDE_CONFIG_DIR", "APPDATA"):
        env.pop(name, None)
    return env


def read_entry(path: Path, key: str) -> dict[str, Any]:
    if path.suffix == ".toml":
        return dict(tomllib.loads(path.read_text())[key][NAME])
    return dict(json.loads(path.read_text())[key][NAME])


def as_the_client_starts_it(
    target: str, scope: str, entry: dict[str, Any], root: Path, home: str
) -> dict[str, Any]:
    shell_path = os.pathsep.join(
        part for part in os.environ["PATH"].split(os.pathsep) if ".venv" not in part
    )
    env = {"HOME": home, "PATH": GUI_PATH if target in GUI else shell_path}
    env |= entry.get("env") or {}
    cwd = "/" if target in GUI else (str(root) if scope == "project" else home)

    def expand(value: str) -> str:
        return value.replace("${workspaceFolder}", str(root)) if target == "vscode" else value

    return {
        "command": expand(entry["command"]),
        "args": [expand(arg) for arg in entry["args"]],
        "env": env,
        "cwd": cwd,
    }


@pytest.mark.parametrize(("target", "scope"), list(FILES))
def test_the_entry_starts_like_the_client_and_reads_the_projects_env(
    project: Generated, tmp_path: Path, target: str, scope: str
) -> None:
    env = client_home(tmp_path)
    written = subprocess.run(
        [*MCPGEN, "client-config", "--target", target, "--scope", scope, "--force"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert written.returncode == 0, written.stdout + written.stderr
    assert f"as {target} would" in written.stderr  # the check started it as this client does
    relative, key = FILES[(target, scope)]
    path = (project.root if scope == "project" else Path(env["HOME"])) / relative
    launch = as_the_client_starts_it(
        target, scope, read_entry(path, key), project.root, env["HOME"]
    )
    answered = subprocess.run(
        [str(project.python), "-c", CALL_SQLITE_TOOL],
        input=json.dumps(launch),
        env=launch["env"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answered.returncode == 0, answered.stderr
    assert TABLE in answered.stdout, answered.stdout

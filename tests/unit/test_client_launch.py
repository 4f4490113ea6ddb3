"""How each client starts a stdio entry: working directory, environment, variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpgen.client_config import launch

PROJECT = Path("/work/demo")
HOME = Path("/home/ada")
SHELL = {
    "HOME": str(HOME),
    "USER": "ada",
    "PATH": "/work/mcpgen/.venv/bin:/home/ada/.local/bin:/usr/bin:/bin",
    "VIRTUAL_ENV": "/work/mcpgen/.venv",
    "MCP_ENV_FILE": "/elsewhere/.env",
    "SQLITE_PATH": "/from/the/shell.db",
    "TOKEN": "t0k",
}
ENTRY = {"command": "/work/demo/.venv/bin/demo", "args": ["--transport", "stdio"]}


def start(
    client: str, entry: dict[str, object] = ENTRY, scope: str = "user", **kw: str
) -> launch.Launch:
    return launch.for_entry(
        client,
        entry,
        scope=scope,
        project_root=PROJECT,
        platform=kw.get("platform", "linux"),
        home=HOME,
        shell=SHELL,
    )


@pytest.mark.parametrize("client", ["claude-desktop", "cursor", "vscode", "windsurf", "zed"])
def test_gui_clients_start_in_root_with_the_desktop_path(client: str) -> None:
    started = start(client, scope="project" if client in ("cursor", "vscode", "zed") else "user")
    assert started.cwd == "/"
    assert started.env["PATH"] == "/usr/local/bin:/usr/bin:/bin"
    assert start(client, platform="darwin").env["PATH"] == "/usr/bin:/bin:/usr/sbin:/sbin"


@pytest.mark.parametrize("client", ["claude-code", "gemini-cli", "codex"])
def test_cli_clients_start_where_they_run_with_the_shell_path_minus_the_active_venv(
    client: str,
) -> None:
    assert start(client, scope="project").cwd == str(PROJECT)
    user = start(client, scope="user")
    assert user.cwd == str(HOME)
    assert user.env["PATH"] == "/home/ada/.local/bin:/usr/bin:/bin"


@pytest.mark.parametrize("client", ["claude-desktop", "claude-code", "codex", "vscode"])
def test_no_client_passes_the_shells_venv_or_settings(client: str) -> None:
    env = start(client).env
    assert set(env) <= {"HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"}
    assert env["HOME"] == str(HOME)


def test_the_entrys_env_comes_on_top() -> None:
    entry = {**ENTRY, "env": {"PATH": "/opt/node/bin", "X": "1", "Y": None}}
    env = start("claude-desktop", entry).env
    assert env["PATH"] == "/opt/node/bin" and env["X"] == "1" and "Y" not in env


def test_vscode_expands_workspace_folder_and_env_references() -> None:
    entry = {
        "command": "${workspaceFolder}/.venv/bin/demo",
        "args": ["${userHome}", "${input:x}"],
        "env": {"T": "${env:TOKEN}"},
        "cwd": "${workspaceFolder}",
    }
    started = start("vscode", entry, scope="project")
    assert started.command == "/work/demo/.venv/bin/demo"
    assert started.args == ("/home/ada", "${input:x}")
    assert started.env["T"] == "t0k"
    assert started.cwd == str(PROJECT)


def test_claude_code_expands_shell_style_variables_and_ignores_cwd() -> None:
    entry = {**ENTRY, "env": {"T": "${TOKEN}", "D": "${NOPE:-fallback}"}, "cwd": "/tmp"}
    started = start("claude-code", entry)
    assert started.env["T"] == "t0k" and started.env["D"] == "fallback"
    assert started.cwd == str(HOME)


def test_windows_keeps_the_variables_programs_need_there() -> None:
    shell = {"PATH": r"C:\bin", "SYSTEMROOT": r"C:\Windows", "USERPROFILE": r"C:\Users\ada"}
    env = launch.base_environment("claude-desktop", "win32", shell)
    assert env == shell

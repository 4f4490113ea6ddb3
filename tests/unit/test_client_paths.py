"""Every client's user config file on every OS, and the Windows-only shape of npx entries."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from mcpgen.client_config import entries
from mcpgen.client_config.targets import CLIENTS, Environment

LINUX = Environment("linux", Path("/home/u"), {})
MAC = Environment("darwin", Path("/Users/u"), {})
WIN = Environment(
    "win32",
    Path("C:/Users/u"),
    {"APPDATA": "C:/Users/u/AppData/Roaming", "LOCALAPPDATA": "C:/Users/u/AppData/Local"},
)
SUPPORT = "/Users/u/Library/Application Support"
ROAMING = "C:/Users/u/AppData/Roaming"

EXPECTED = {
    "claude-desktop": (
        "/home/u/.config/Claude/claude_desktop_config.json",
        f"{SUPPORT}/Claude/claude_desktop_config.json",
        f"{ROAMING}/Claude/claude_desktop_config.json",
    ),
    "claude-code": ("/home/u/.claude.json", "/Users/u/.claude.json", "C:/Users/u/.claude.json"),
    "cursor": (
        "/home/u/.cursor/mcp.json",
        "/Users/u/.cursor/mcp.json",
        "C:/Users/u/.cursor/mcp.json",
    ),
    "vscode": (
        "/home/u/.config/Code/User/mcp.json",
        f"{SUPPORT}/Code/User/mcp.json",
        f"{ROAMING}/Code/User/mcp.json",
    ),
    "windsurf": (
        "/home/u/.codeium/windsurf/mcp_config.json",
        "/Users/u/.codeium/windsurf/mcp_config.json",
        "C:/Users/u/.codeium/windsurf/mcp_config.json",
    ),
    "gemini-cli": (
        "/home/u/.gemini/settings.json",
        "/Users/u/.gemini/settings.json",
        "C:/Users/u/.gemini/settings.json",
    ),
    "codex": (
        "/home/u/.codex/config.toml",
        "/Users/u/.codex/config.toml",
        "C:/Users/u/.codex/config.toml",
    ),
    "zed": (
        "/home/u/.config/zed/settings.json",
        "/Users/u/.config/zed/settings.json",
        f"{ROAMING}/Zed/settings.json",
    ),
}


@pytest.mark.parametrize("client", sorted(EXPECTED))
@pytest.mark.parametrize(("index", "env"), [(0, LINUX), (1, MAC), (2, WIN)])
def test_user_config_file_per_os(client: str, index: int, env: Environment) -> None:
    assert CLIENTS[client].user_file(env).as_posix() == EXPECTED[client][index]


def test_every_client_has_a_location_on_every_os() -> None:
    assert set(EXPECTED) == set(CLIENTS)


def test_msix_claude_desktop_when_the_store_package_exists(tmp_path: Path) -> None:
    local = tmp_path / "Local"
    package = local / "Packages" / "Claude_pzs8sxrjxfjjc"
    package.mkdir(parents=True)
    env = Environment("win32", tmp_path, {"LOCALAPPDATA": str(local)})
    assert CLIENTS["claude-desktop"].user_file(env) == (
        package / "LocalCache" / "Roaming" / "Claude" / "claude_desktop_config.json"
    )


def test_npx_entries_run_through_cmd_on_windows() -> None:
    spec = entries.ServerSpec("demo", "http", url="http://127.0.0.1:8000/mcp", windows=True)
    value = entries.claude_desktop(spec).value
    assert value["command"] == "cmd"
    assert value["args"][:3] == ["/c", "npx", "-y"]
    assert "env" not in value  # no POSIX PATH forced onto Windows


def test_npx_entries_elsewhere_use_the_absolute_npx() -> None:
    spec = entries.ServerSpec("demo", "http", url="http://127.0.0.1:8000/mcp")
    value = entries.claude_desktop(spec).value
    assert value["args"][0] == "-y"
    assert value["command"] == "npx" or Path(value["command"]).is_absolute()


def test_the_venv_script_on_windows() -> None:
    script = entries.venv_script(Path("C:/p"), "demo", windows=True)
    assert PureWindowsPath(script).parts[-3:] == (".venv", "Scripts", "demo.exe")

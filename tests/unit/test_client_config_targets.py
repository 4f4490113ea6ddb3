"""Where each client keeps its config, per OS and scope, and which clients count as installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpgen.client_config.targets import CLIENTS, Environment, resolve
from mcpgen.errors import ConfigEditError, UsageError

HOME = Path("/home/u")
MAC_HOME = Path("/Users/u")
WIN_HOME = Path("C:/Users/u")
WIN_ENV = {"APPDATA": "C:/Users/u/AppData/Roaming", "LOCALAPPDATA": "C:/Users/u/AppData/Local"}


@pytest.mark.parametrize(
    ("client", "platform", "home", "env", "expected"),
    [
        (
            "claude-desktop",
            "darwin",
            MAC_HOME,
            {},
            "/Users/u/Library/Application Support/Claude/claude_desktop_config.json",
        ),
        (
            "claude-desktop",
            "win32",
            WIN_HOME,
            WIN_ENV,
            "C:/Users/u/AppData/Roaming/Claude/claude_desktop_config.json",
        ),
        (
            "claude-desktop",
            "linux",
            HOME,
            {"XDG_CONFIG_HOME": "/x"},
            "/x/Claude/claude_desktop_config.json",
        ),
        ("claude-code", "linux", HOME, {}, "/home/u/.claude.json"),
        ("cursor", "win32", WIN_HOME, WIN_ENV, "C:/Users/u/.cursor/mcp.json"),
        (
            "vscode",
            "darwin",
            MAC_HOME,
            {},
            "/Users/u/Library/Application Support/Code/User/mcp.json",
        ),
        ("vscode", "win32", WIN_HOME, WIN_ENV, "C:/Users/u/AppData/Roaming/Code/User/mcp.json"),
        ("vscode", "linux", HOME, {}, "/home/u/.config/Code/User/mcp.json"),
        ("windsurf", "win32", WIN_HOME, WIN_ENV, "C:/Users/u/.codeium/windsurf/mcp_config.json"),
        ("gemini-cli", "linux", HOME, {}, "/home/u/.gemini/settings.json"),
        ("codex", "linux", HOME, {}, "/home/u/.codex/config.toml"),
        ("codex", "linux", HOME, {"CODEX_HOME": "/c"}, "/c/config.toml"),
        ("zed", "darwin", MAC_HOME, {}, "/Users/u/.config/zed/settings.json"),
        ("zed", "win32", WIN_HOME, WIN_ENV, "C:/Users/u/AppData/Roaming/Zed/settings.json"),
    ],
)
def test_user_config_locations(
    client: str, platform: str, home: Path, env: dict[str, str], expected: str
) -> None:
    path = CLIENTS[client].path("user", Environment(platform, home, env), Path("/p"))
    assert path.as_posix() == expected


def test_claude_desktop_store_install_uses_the_msix_path(tmp_path: Path) -> None:
    local = tmp_path / "Local"
    (local / "Packages" / "Claude_pzs8sxrjxfjjc").mkdir(parents=True)
    env = Environment("win32", tmp_path, {"LOCALAPPDATA": str(local)})
    path = CLIENTS["claude-desktop"].path("user", env, Path("/p"))
    assert path == (
        local / "Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/claude_desktop_config.json"
    )


@pytest.mark.parametrize(
    ("client", "relative"),
    [
        ("claude-code", ".mcp.json"),
        ("cursor", ".cursor/mcp.json"),
        ("vscode", ".vscode/mcp.json"),
        ("gemini-cli", ".gemini/settings.json"),
        ("codex", ".codex/config.toml"),
        ("zed", ".zed/settings.json"),
    ],
)
def test_project_scope_files(client: str, relative: str) -> None:
    env = Environment("linux", HOME, {})
    assert CLIENTS[client].path("project", env, Path("/p")) == Path("/p") / relative


@pytest.mark.parametrize("client", ["claude-desktop", "windsurf"])
def test_clients_without_project_scope_say_so(client: str) -> None:
    with pytest.raises(UsageError, match="no project-scoped"):
        CLIENTS[client].path("project", Environment("linux", HOME, {}), Path("/p"))


def test_all_means_the_clients_whose_config_dir_exists(tmp_path: Path) -> None:
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".codex").mkdir()
    env = Environment("linux", tmp_path, {"XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert resolve(["all", "cursor"], env) == ["cursor", "codex"]
    with pytest.raises(ConfigEditError, match="no MCP client"):
        resolve(["all"], Environment("linux", tmp_path / "empty", {}))
    with pytest.raises(UsageError, match="Unknown target"):
        resolve(["notepad"], env)


def test_all_finds_claude_code_by_its_claude_json_alone(tmp_path: Path) -> None:
    (tmp_path / ".claude.json").write_text("{}")
    assert resolve(["all"], Environment("linux", tmp_path, {})) == ["claude-code"]

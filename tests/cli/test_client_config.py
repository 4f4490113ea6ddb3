"""``mcpgen client-config``: each target gets its documented shape; nothing else changes."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mcpgen.cli import app

runner = CliRunner()

ANSWERS = """\
project_name: demo-server
package_name: demo_server
transport: {transport}
auth: api-key
http_port: 8000
mcpgen_version: 0.1.0
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("APPDATA", str(home / "AppData"))
    for name in ("CODEX_HOME", "CLAUDE_CONFIG_DIR", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return home


def make_project(root: Path, transport: str = "http") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / ".copier-answers.yml").write_text(ANSWERS.format(transport=transport))
    script = root / ".venv" / "bin" / "demo-server"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    return root


@pytest.fixture
def project(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path / "demo-server")
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Any:
    """Run client-config; the after-write server check is tested on installed projects (e2e)."""
    check = [] if any(arg in ("--check", "--no-check") for arg in args) else ["--no-check"]
    return runner.invoke(app, ["client-config", *args, *check])


def read(path: Path) -> Any:
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text())
    return json.loads(path.read_text())


URL = "http://127.0.0.1:8000/mcp"


def expected_entry(target: str, transport: str, script: str) -> Any:
    stdio = {"command": script, "args": ["--transport", "stdio"]}
    http: dict[str, Any] = {
        "claude-code": {
            "type": "http",
            "url": URL,
            "headers": {"Authorization": "Bearer ${MCP_API_KEY}"},
        },
        "cursor": {"url": URL, "headers": {"Authorization": "Bearer ${env:MCP_API_KEY}"}},
        "vscode": {
            "type": "http",
            "url": URL,
            "headers": {"Authorization": "Bearer ${input:demo-server-token}"},
        },
        "windsurf": {"serverUrl": URL, "headers": {"Authorization": "Bearer ${env:MCP_API_KEY}"}},
        "gemini-cli": {"httpUrl": URL, "headers": {"Authorization": "Bearer ${MCP_API_KEY}"}},
        "codex": {"url": URL, "bearer_token_env_var": "MCP_API_KEY"},
        "zed": {
            "source": "custom",
            "url": URL,
            "headers": {"Authorization": "Bearer REPLACE_WITH_MCP_API_KEY"},
        },
    }
    if transport == "http":
        return http[target]
    extra = {"vscode": {"type": "stdio"}, "zed": {"source": "custom"}}.get(target, {})
    return {**extra, **stdio}


TOP_KEYS = {
    "claude-desktop": ("mcpServers", "home/.config/Claude/claude_desktop_config.json"),
    "claude-code": ("mcpServers", "home/.claude.json"),
    "cursor": ("mcpServers", "home/.cursor/mcp.json"),
    "vscode": ("servers", "home/.config/Code/User/mcp.json"),
    "windsurf": ("mcpServers", "home/.codeium/windsurf/mcp_config.json"),
    "gemini-cli": ("mcpServers", "home/.gemini/settings.json"),
    "codex": ("mcp_servers", "home/.codex/config.toml"),
    "zed": ("context_servers", "home/.config/zed/settings.json"),
}


@pytest.mark.parametrize("transport", ["stdio", "http"])
@pytest.mark.parametrize("target", [t for t in TOP_KEYS if t != "claude-desktop"])
def test_each_target_writes_its_documented_shape(
    project: Path, tmp_path: Path, target: str, transport: str
) -> None:
    result = run("--target", target, "--transport", transport)
    assert result.exit_code == 0, result.output
    key, relative = TOP_KEYS[target]
    config = read(tmp_path / relative)
    script = str(project / ".venv" / "bin" / "demo-server")
    assert config[key] == {"demo-server": expected_entry(target, transport, script)}
    if target == "vscode" and transport == "http":
        assert config["inputs"] == [
            {
                "type": "promptString",
                "id": "demo-server-token",
                "description": "Token for the demo-server MCP server (the server's MCP_API_KEY)",
                "password": True,
            }
        ]


def test_claude_desktop_bridges_http_through_mcp_remote(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("npx", "node"):
        (bin_dir / tool).write_text("#!/bin/sh\n")
        (bin_dir / tool).chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = run("--target", "claude-desktop")
    assert result.exit_code == 0, result.output
    entry = read(tmp_path / TOP_KEYS["claude-desktop"][1])["mcpServers"]["demo-server"]
    assert entry == {
        "command": str(bin_dir / "npx"),
        "args": ["-y", "mcp-remote@0.15.1", URL, "--header", "Authorization:${AUTH_HEADER}"],
        "env": {
            # npx is a "#!/usr/bin/env node" script: the GUI app must find node too.
            "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
            "AUTH_HEADER": "Bearer REPLACE_WITH_MCP_API_KEY",
        },
    }
    assert "replace REPLACE_WITH_MCP_API_KEY" in result.output


@pytest.mark.parametrize(
    ("target", "relative"),
    [
        ("claude-code", ".mcp.json"),
        ("cursor", ".cursor/mcp.json"),
        ("vscode", ".vscode/mcp.json"),
        ("gemini-cli", ".gemini/settings.json"),
        ("codex", ".codex/config.toml"),
        ("zed", ".zed/settings.json"),
    ],
)
def test_project_scope_writes_inside_the_project(project: Path, target: str, relative: str) -> None:
    result = run("--target", target, "--scope", "project", "--transport", "stdio")
    assert result.exit_code == 0, result.output
    assert "demo-server" in read(project / relative)[TOP_KEYS[target][0]]


VSCODE_CONFIG = """\
// my servers
{
\t"servers": {
\t\t"fs": {"command": "npx", "args": ["-y", "fs"]}, // keep
\t},
\t"inputs": [],
}
"""


def test_only_the_entry_lines_change_and_remove_restores(project: Path, tmp_path: Path) -> None:
    config = tmp_path / TOP_KEYS["vscode"][1]
    config.parent.mkdir(parents=True)
    config.write_text(VSCODE_CONFIG)
    assert run("--target", "vscode", "--transport", "stdio").exit_code == 0
    written = config.read_text()
    assert written.startswith(VSCODE_CONFIG.split("\t},", 1)[0])
    assert written.endswith('\t\t\t]\n\t\t},\n\t},\n\t"inputs": [],\n}\n')
    backups = list(config.parent.glob("mcp.json.mcpgen-backup-*"))
    assert [b.read_text() for b in backups] == [VSCODE_CONFIG]
    result = run("--target", "vscode", "--remove")
    assert result.exit_code == 0, result.output
    assert config.read_text() == VSCODE_CONFIG


def test_existing_different_entry_needs_force(project: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text('{"mcpServers": {"demo-server": {"command": "old"}}}')
    result = run("--target", "cursor", "--config-path", str(config))
    assert result.exit_code == 1
    assert '-  "command": "old"' in result.output and "--force" in result.output
    assert run("--target", "cursor", "--config-path", str(config), "--force").exit_code == 0
    assert read(config)["mcpServers"]["demo-server"]["url"] == URL
    again = run("--target", "cursor", "--config-path", str(config))
    assert again.exit_code == 0 and "already up to date" in again.output


def test_invalid_json_is_reported_and_left_untouched(project: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    config.write_text('{\n  "mcpServers": {,}\n}')
    result = run("--target", "cursor", "--config-path", str(config))
    assert result.exit_code == 1
    assert "line 2, column 18" in result.output
    assert config.read_text() == '{\n  "mcpServers": {,}\n}'
    assert not list(tmp_path.glob("c.json.*"))


def test_dry_run_and_print_write_nothing(project: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.json"
    dry = run("--target", "cursor", "--config-path", str(config), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert '+    "demo-server": {' in dry.stdout
    printed = run("--target", "codex", "--print")
    assert printed.exit_code == 0, printed.output
    assert tomllib.loads(printed.stdout)["mcp_servers"]["demo-server"]["url"] == URL
    assert json.loads(run("--target", "json").stdout)["mcpServers"]["demo-server"]["url"] == URL
    assert not config.exists() and not (tmp_path / "home" / ".codex").exists()


def test_stdio_needs_the_installed_environment(project: Path) -> None:
    (project / ".venv" / "bin" / "demo-server").unlink()
    result = run("--target", "cursor", "--transport", "stdio")
    assert result.exit_code == 1
    assert "uv sync" in result.output
    assert run("--target", "cursor", "--transport", "stdio", "--print").exit_code == 0


def test_several_targets_and_all(project: Path, home: Path) -> None:
    (home / ".gemini").mkdir()
    (home / ".codex").mkdir()
    result = run("--target", "all", "--target", "cursor")
    assert result.exit_code == 0, result.output
    assert (home / ".gemini" / "settings.json").exists()
    assert (home / ".codex" / "config.toml").exists()
    assert (home / ".cursor" / "mcp.json").exists()
    assert not (home / ".config" / "Code").exists()


def test_outside_a_project_says_how_to_point_at_one(home: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["client-config", "--target", "cursor", "--project", str(home)])
    assert result.exit_code == 1
    assert "--project" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--target", "notepad"],
        ["--target", "windsurf", "--scope", "project"],
        ["--target", "cursor", "--print", "--dry-run"],
        ["--target", "cursor", "--target", "zed", "--config-path", "x.json"],
        ["--target", "cursor", "--name", "bad name"],
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_check_reports_a_server_that_cannot_start(project: Path) -> None:
    (project / ".venv/bin/python").unlink(missing_ok=True)
    result = run("--target", "cursor", "--transport", "stdio", "--print", "--check")
    assert result.exit_code == 1
    assert "The server did not answer: the project has no .venv" in result.output
    assert "uv sync" in result.output


PROJECT_FILES = [
    ("claude-code", ".mcp.json"),
    ("cursor", ".cursor/mcp.json"),
    ("vscode", ".vscode/mcp.json"),
    ("gemini-cli", ".gemini/settings.json"),
    ("codex", ".codex/config.toml"),
    ("zed", ".zed/settings.json"),
]


@pytest.mark.parametrize(("target", "relative"), PROJECT_FILES)
@pytest.mark.parametrize("linked", ["file", "directory"])
def test_a_project_config_linked_out_of_the_project_is_refused(
    project: Path, tmp_path: Path, target: str, relative: str, linked: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / Path(relative).name
    victim.write_text("{}\n")
    planted = project / relative
    planted.parent.mkdir(parents=True, exist_ok=True)
    if linked == "file" or planted.parent == project:
        planted.symlink_to(victim)
    else:
        planted.parent.rmdir()
        planted.parent.symlink_to(outside)
    result = run("--target", target, "--scope", "project", "--transport", "stdio")
    assert result.exit_code == 1, result.output
    assert "outside the project" in result.output and "Hint:" in result.output
    assert victim.read_text() == "{}\n"
    assert sorted(p.name for p in outside.iterdir()) == [victim.name]


def test_a_dry_run_refuses_the_same_link(project: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("{}")
    (project / ".mcp.json").symlink_to(victim)
    result = run("--target", "claude-code", "--scope", "project", "--dry-run")
    assert result.exit_code == 1
    assert "outside the project" in result.output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_user_config_linked_to_another_users_file_is_refused(
    project: Path, home: Path, tmp_path: Path
) -> None:
    theirs = tmp_path / "theirs.json"
    theirs.write_text("{}")
    os.chown(theirs, 12345, 12345)
    (home / ".cursor").mkdir()
    (home / ".cursor" / "mcp.json").symlink_to(theirs)
    result = run("--target", "cursor", "--transport", "stdio")
    assert result.exit_code == 1
    assert "belongs to another user" in result.output
    assert theirs.read_text() == "{}"


def test_backups_keep_the_configs_mode(project: Path, home: Path) -> None:
    config = home / ".cursor" / "mcp.json"
    config.parent.mkdir()
    config.write_text('{"mcpServers": {"other": {"url": "http://x", "token": "secret"}}}')
    config.chmod(0o600)
    assert run("--target", "cursor", "--transport", "stdio").exit_code == 0
    (backup,) = config.parent.glob("mcp.json.mcpgen-backup-*")
    assert backup.stat().st_mode & 0o777 == 0o600
    assert config.stat().st_mode & 0o777 == 0o600


def test_an_interrupted_run_leaves_every_config_as_it_was(
    project: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while writing the second file: the first one is put back, its backup removed."""
    from mcpgen.edits import files

    cursor = home / ".cursor" / "mcp.json"
    cursor.parent.mkdir()
    cursor.write_text('{"mcpServers": {}}\n')
    real_write = files.write

    def interrupted_at_gemini(path: Path, *args: Any, **kwargs: Any) -> Path | None:
        if ".gemini" in str(path):
            raise KeyboardInterrupt
        return real_write(path, *args, **kwargs)

    monkeypatch.setattr(files, "write", interrupted_at_gemini)
    result = run("-T", "cursor", "-T", "claude-code", "-T", "gemini-cli", "--transport", "stdio")
    assert result.exit_code == 130, result.output
    assert sorted(p.name for p in cursor.parent.iterdir()) == ["mcp.json"]
    assert cursor.read_text() == '{"mcpServers": {}}\n'
    assert not (home / ".claude.json").exists()


def test_vscode_project_scope_names_the_workspace_and_backs_up_outside_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    config = project / ".vscode" / "mcp.json"
    config.parent.mkdir()
    config.write_text(VSCODE_CONFIG)
    result = run("--target", "vscode", "--scope", "project", "--transport", "stdio")
    assert result.exit_code == 0, result.output
    entry = jsonc_value(config.read_text(), ["servers", "demo-server"])
    assert entry["command"] == "${workspaceFolder}/.venv/bin/demo-server"
    assert str(project) not in config.read_text()
    assert sorted(p.name for p in config.parent.iterdir()) == ["mcp.json"]
    (backup,) = state.glob("mcpgen/backups/*/mcp.json.mcpgen-backup-*")
    assert backup.read_text() == VSCODE_CONFIG
    assert f"backup: {backup}" in result.output.replace("\n", "")


def jsonc_value(text: str, path: list[str]) -> Any:
    from mcpgen.edits.jsonc import Document

    return Document(text, jsonc=True).get(path)


def test_cursor_config_with_comments_is_edited_as_jsonc(project: Path, home: Path) -> None:
    config = home / ".cursor" / "mcp.json"
    config.parent.mkdir()
    config.write_text(
        '// mine\n{\n  "mcpServers": {\n    "fs": {"command": "npx"}, // keep\n  },\n}\n'
    )
    result = run("--target", "cursor", "--transport", "stdio")
    assert result.exit_code == 0, result.output
    text = config.read_text()
    assert text.startswith("// mine\n") and "// keep" in text
    assert jsonc_value(text, ["mcpServers", "demo-server", "args"]) == ["--transport", "stdio"]


@pytest.mark.parametrize(
    "args",
    [
        ["--target", "cursor", "--transport", "http"],
        ["--target", "json", "--transport", "http"],
        ["--target", "claude-desktop", "--url", "https://mcp.example.com/mcp"],
        ["--target", "cursor", "--transport", "http", "--print"],
    ],
)
def test_an_http_entry_for_a_stdio_only_project_is_refused(
    tmp_path: Path, home: Path, args: list[str]
) -> None:
    root = make_project(tmp_path / "demo-server", transport="stdio")
    result = run(*args, "--project", str(root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("Error: ") and "serves stdio only" in lines[0]
    assert lines[1:] == ["Hint: Add HTTP first: mcpgen update --set transport=http"]
    assert not (home / ".cursor").exists() and not (home / ".config").exists()


def test_a_stdio_project_with_docker_serves_http_so_its_entry_is_written(
    tmp_path: Path, home: Path
) -> None:
    root = make_project(tmp_path / "demo-server", transport="stdio")
    with (root / ".copier-answers.yml").open("a") as answers:
        answers.write("docker: true\n")
    result = run("--target", "cursor", "--transport", "http", "--project", str(root))
    assert result.exit_code == 0, result.output
    assert read(home / ".cursor/mcp.json")["mcpServers"]["demo-server"]["url"] == URL


def test_an_old_http_entry_can_still_be_removed_from_a_stdio_project(
    tmp_path: Path, home: Path
) -> None:
    root = make_project(tmp_path / "demo-server", transport="http")
    assert run("--target", "cursor", "--project", str(root)).exit_code == 0
    answers = (root / ".copier-answers.yml").read_text().replace("http", "stdio", 1)
    (root / ".copier-answers.yml").write_text(answers)
    result = run("--target", "cursor", "--transport", "http", "--remove", "--project", str(root))
    assert result.exit_code == 0, result.output
    assert read(home / ".cursor/mcp.json")["mcpServers"] == {}


def test_without_a_target_the_hint_lists_them(project: Path) -> None:
    result = runner.invoke(app, ["client-config"])
    assert result.exit_code == 2
    error, hint = result.output.strip().splitlines()
    assert error == "Error: Missing --target: which client should get the server?"
    assert "claude-desktop" in hint and "zed)" in hint and "--target all" in hint

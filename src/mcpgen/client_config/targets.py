"""The clients: where each keeps its config per OS and scope, under which key, in which format."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mcpgen.client_config import entries
from mcpgen.errors import ConfigEditError, UsageError

CLAUDE_MSIX_PACKAGE = "Claude_pzs8sxrjxfjjc"


@dataclass(frozen=True)
class Environment:
    """What locations depend on: the OS, the home directory and environment variables."""

    platform: str
    home: Path
    env: Mapping[str, str]

    @classmethod
    def current(cls) -> Environment:
        """This machine."""
        return cls(sys.platform, Path.home(), dict(os.environ))

    def var_dir(self, name: str, default: Path) -> Path:
        """The directory in environment variable ``name``, or ``default``."""
        value = self.env.get(name)
        return Path(value) if value else default

    @property
    def appdata(self) -> Path:
        """Windows %APPDATA% (roaming)."""
        return self.var_dir("APPDATA", self.home / "AppData" / "Roaming")

    @property
    def local_appdata(self) -> Path:
        """Windows %LOCALAPPDATA%."""
        return self.var_dir("LOCALAPPDATA", self.home / "AppData" / "Local")

    @property
    def xdg_config(self) -> Path:
        """$XDG_CONFIG_HOME or ~/.config."""
        return self.var_dir("XDG_CONFIG_HOME", self.home / ".config")

    @property
    def app_support(self) -> Path:
        """macOS ~/Library/Application Support."""
        return self.home / "Library" / "Application Support"


@dataclass(frozen=True)
class Client:
    """One MCP client and the shape of its configuration."""

    id: str
    title: str
    fmt: str  # json (strict), jsonc (comments and trailing commas) or toml
    key: str  # the key (or TOML table) holding the servers
    user_file: Callable[[Environment], Path]
    project_file: str | None  # relative to the project root; None: no project scope
    installed_dir: Callable[[Environment], Path]
    build: Callable[[entries.ServerSpec], entries.Entry]

    def path(self, scope: str, env: Environment, project_root: Path) -> Path:
        """The config file for ``scope`` (user or project)."""
        if scope == "user":
            return self.user_file(env)
        if self.project_file is None:
            raise UsageError(
                f"{self.title} has no project-scoped configuration.",
                hint="Use --scope user (the default) for this target.",
            )
        return project_root / self.project_file

    def is_installed(self, env: Environment) -> bool:
        """True when the client's configuration directory or its user config file exists.

        Claude Code keeps its servers in ``~/.claude.json`` even when ``~/.claude`` is absent.
        """
        return self.installed_dir(env).is_dir() or self.user_file(env).is_file()


def _claude_desktop_dir(env: Environment) -> Path:
    if env.platform == "darwin":
        return env.app_support / "Claude"
    if env.platform == "win32":
        msix = env.local_appdata / "Packages" / CLAUDE_MSIX_PACKAGE
        if msix.is_dir():  # Store install: file-system writes are redirected here
            return msix / "LocalCache" / "Roaming" / "Claude"
        return env.appdata / "Claude"
    return env.xdg_config / "Claude"


def _vscode_dir(env: Environment) -> Path:
    if env.platform == "darwin":
        return env.app_support / "Code" / "User"
    if env.platform == "win32":
        return env.appdata / "Code" / "User"
    return env.xdg_config / "Code" / "User"


def _zed_dir(env: Environment) -> Path:
    if env.platform == "win32":
        return env.appdata / "Zed"
    return env.xdg_config / "zed"


def _claude_code_file(env: Environment) -> Path:
    return env.var_dir("CLAUDE_CONFIG_DIR", env.home) / ".claude.json"


def _claude_code_dir(env: Environment) -> Path:
    return env.var_dir("CLAUDE_CONFIG_DIR", env.home / ".claude")


def _codex_dir(env: Environment) -> Path:
    return env.var_dir("CODEX_HOME", env.home / ".codex")


CLIENTS: dict[str, Client] = {
    client.id: client
    for client in [
        Client(
            "claude-desktop",
            "Claude Desktop",
            "json",
            "mcpServers",
            lambda env: _claude_desktop_dir(env) / "claude_desktop_config.json",
            None,
            _claude_desktop_dir,
            entries.claude_desktop,
        ),
        Client(
            "claude-code",
            "Claude Code",
            "json",
            "mcpServers",
            _claude_code_file,
            ".mcp.json",
            _claude_code_dir,
            entries.claude_code,
        ),
        Client(
            "cursor",
            "Cursor",
            # Cursor (a VS Code fork) reads mcp.json with comments and trailing commas, as
            # users' files rely on (see coollabsio/jean#368); editing it as strict JSON
            # refused those files.
            "jsonc",
            "mcpServers",
            lambda env: env.home / ".cursor" / "mcp.json",
            ".cursor/mcp.json",
            lambda env: env.home / ".cursor",
            entries.cursor,
        ),
        Client(
            "vscode",
            "VS Code",
            "jsonc",
            "servers",
            lambda env: _vscode_dir(env) / "mcp.json",
            ".vscode/mcp.json",
            _vscode_dir,
            entries.vscode,
        ),
        Client(
            "windsurf",
            "Windsurf",
            "json",
            "mcpServers",
            lambda env: env.home / ".codeium" / "windsurf" / "mcp_config.json",
            None,
            lambda env: env.home / ".codeium" / "windsurf",
            entries.windsurf,
        ),
        Client(
            "gemini-cli",
            "Gemini CLI",
            "jsonc",  # Gemini CLI strips comments from settings.json before parsing
            "mcpServers",
            lambda env: env.home / ".gemini" / "settings.json",
            ".gemini/settings.json",
            lambda env: env.home / ".gemini",
            entries.gemini_cli,
        ),
        Client(
            "codex",
            "OpenAI Codex",
            "toml",
            "mcp_servers",
            lambda env: _codex_dir(env) / "config.toml",
            ".codex/config.toml",
            _codex_dir,
            entries.codex,
        ),
        Client(
            "zed",
            "Zed",
            "jsonc",
            "context_servers",
            lambda env: _zed_dir(env) / "settings.json",
            ".zed/settings.json",
            _zed_dir,
            entries.zed,
        ),
    ]
}

PRINT_ONLY = "json"
ALL = "all"
TARGET_NAMES = (*CLIENTS, PRINT_ONLY, ALL)


def resolve(names: list[str], env: Environment) -> list[str]:
    """Target ids in the order given, ``all`` expanded to the clients installed here."""
    if not names:
        raise UsageError(
            "No target given.", hint=f"Pass --target with one of: {', '.join(TARGET_NAMES)}."
        )
    result: list[str] = []
    for name in names:
        if name not in TARGET_NAMES:
            raise UsageError(
                f"Unknown target {name!r}.", hint=f"Choose from: {', '.join(TARGET_NAMES)}."
            )
        found = [c.id for c in CLIENTS.values() if c.is_installed(env)] if name == ALL else [name]
        if name == ALL and not found:
            raise ConfigEditError(
                "--target all found no MCP client installed on this machine.",
                hint="Name the client with --target, e.g. --target vscode.",
            )
        result += [target for target in found if target not in result]
    return result

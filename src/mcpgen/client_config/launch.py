"""How each client starts a stdio entry: its working directory, environment and command lookup.

``client-config --check`` starts the entry as written the way the client would, so it fails
where the client would:

- Working directory. GUI apps start servers in ``/``: Claude Desktop does so on macOS
  (anthropics/claude-code#44764; the MCP docs call it "undefined, like / on macOS"), and so do
  extension hosts in VS Code-based editors (cline/cline#5760). Cursor, Windsurf, VS Code and
  Zed document no other directory, so they are checked from ``/`` too. Command-line clients
  (Claude Code, Gemini CLI, Codex) start servers where the user runs them: the project for
  project scope, anywhere else (here: the home directory) for user scope. Claude Code ignores
  a ``cwd`` key (anthropics/claude-code#17565); Gemini CLI and Codex honour it.
- Environment. Clients pass only a few variables (the MCP SDKs' default set: HOME, LOGNAME,
  PATH, SHELL, TERM, USER), plus the entry's ``env``: never the shell's VIRTUAL_ENV or the
  project's settings. A GUI app's PATH is the desktop session's, not the shell's: on macOS
  ``/usr/bin:/bin:/usr/sbin:/sbin``, so ``uv`` or ``node`` from Homebrew or nvm is not found.
- Command lookup. A bare command is looked up on that PATH (Node's ``spawn`` and Python's
  ``subprocess`` both search the child's PATH), a relative one in the working directory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# "json" (a generic entry for any client) is checked as strictly as a GUI app.
GUI_CLIENTS = frozenset({"claude-desktop", "cursor", "vscode", "windsurf", "zed", "json"})
# Clients that honour a "cwd" key in the entry.
CWD_KEY = frozenset({"gemini-cli", "codex", "vscode"})
INHERITED = ("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER")
WINDOWS_INHERITED = (
    "APPDATA",
    "HOMEDRIVE",
    "HOMEPATH",
    "LOCALAPPDATA",
    "PATH",
    "PATHEXT",
    "PROCESSOR_ARCHITECTURE",
    "SYSTEMDRIVE",
    "SYSTEMROOT",
    "TEMP",
    "USERNAME",
    "USERPROFILE",
)
GUI_PATH = {
    "darwin": "/usr/bin:/bin:/usr/sbin:/sbin",
    "linux": "/usr/local/bin:/usr/bin:/bin",
}

_VARIABLE = re.compile(r"\$\{([^}]+)\}")


@dataclass(frozen=True)
class Launch:
    """One stdio process exactly as a client would start it."""

    client: str
    command: str
    args: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = "/"

    def describe(self) -> str:
        """Where and how it starts, for messages."""
        path = self.env.get("PATH", "")
        return f"{self.client}: '{self.command}' from {self.cwd} with PATH={path}"


def working_directory(client: str, scope: str, project_root: Path, home: Path) -> Path:
    """The directory ``client`` starts a server in (without a ``cwd`` key)."""
    if client in GUI_CLIENTS:
        return Path(project_root.anchor or "/")
    return project_root if scope == "project" else home


def base_environment(client: str, platform: str, shell: Mapping[str, str]) -> dict[str, str]:
    """The variables ``client`` passes on before the entry's own ``env``."""
    names = WINDOWS_INHERITED if platform == "win32" else INHERITED
    env = {name: shell[name] for name in names if shell.get(name)}
    if client in GUI_CLIENTS and platform in GUI_PATH:
        env["PATH"] = GUI_PATH[platform]
    elif "PATH" in env and shell.get("VIRTUAL_ENV"):
        # An activated venv's bin directory is the shell's, not the client's.
        active = str(Path(shell["VIRTUAL_ENV"]) / ("Scripts" if platform == "win32" else "bin"))
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != active)
    return env


def expand(
    value: str, client: str, *, project_root: Path, home: Path, shell: Mapping[str, str]
) -> str:
    """``value`` with the variables ``client`` substitutes replaced; others left as written."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if client in ("vscode", "cursor"):
            if name == "workspaceFolder":
                return str(project_root)
            if name == "userHome":
                return str(home)
            if name.startswith("env:"):
                return shell.get(name[4:], "")
            return match.group(0)
        if client in ("claude-code", "gemini-cli"):
            variable, _, default = name.partition(":-")
            return shell.get(variable, default)
        return match.group(0)

    return _VARIABLE.sub(one, value)


def for_entry(
    client: str,
    entry: Mapping[str, Any],
    *,
    scope: str,
    project_root: Path,
    platform: str,
    home: Path,
    shell: Mapping[str, str],
) -> Launch:
    """The process ``client`` starts for the stdio ``entry`` written in its config."""

    def sub(value: str) -> str:
        return expand(value, client, project_root=project_root, home=home, shell=shell)

    cwd = working_directory(client, scope, project_root, home)
    if client in CWD_KEY and entry.get("cwd"):
        cwd = cwd / sub(str(entry["cwd"]))
    env = base_environment(client, platform, shell)
    env |= {str(k): sub(str(v)) for k, v in (entry.get("env") or {}).items() if v is not None}
    args = tuple(sub(str(arg)) for arg in entry.get("args") or ())
    return Launch(client, sub(str(entry["command"])), args, env, str(cwd))

"""What a user runs after ``mcpgen new``: commands that fit the project, and notes apart."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mcpgen import catalog, pins
from mcpgen.project import Project

_ALIGN = 48  # longer commands get their comment on the line above
INSPECTOR = f"npx -y {pins.INSPECTOR}"
_SECRETS = {
    "api-key": "MCP_API_KEY (keys of 16 or more characters)",
    "jwt": "MCP_JWT_JWKS_URI, MCP_JWT_ISSUER and MCP_JWT_AUDIENCE",
    "oauth": "MCP_OAUTH_AUTHORIZATION_SERVER, MCP_PUBLIC_BASE_URL and MCP_JWT_*",
}


@dataclass
class NextSteps:
    """Commands (each with what it does) and notes, shown apart so notes never read as commands."""

    commands: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Commands with their comments aligned (a long command's comment above it), then notes."""
        short = [command for command, why in self.commands if why and len(command) <= _ALIGN]
        width = max(map(len, short), default=0)
        lines: list[str] = []
        for command, why in self.commands:
            if not why:
                lines.append(command)
            elif len(command) <= _ALIGN:
                lines.append(f"{command:<{width}}  # {why}")
            else:
                lines += [f"# {why}:", command]
        if self.notes:
            lines += ["", *(f"Note: {note}" for note in self.notes)]
        return lines


def _where(root: Path) -> Path:
    try:
        return root.relative_to(Path.cwd())
    except ValueError:
        return root


def _sends_api_key(project: Project) -> bool:
    return project.transport != "stdio" and project.auth == "api-key"


def _inspector(project: Project) -> str:
    if project.transport == "stdio":
        return f"{INSPECTOR} -e MCP_TRANSPORT=stdio uv run {project.script}"
    path = "sse" if project.transport == "sse" else "mcp"
    command = f"{INSPECTOR} --cli http://127.0.0.1:{project.port}/{path} "
    command += f"--transport {project.transport}"
    if _sends_api_key(project):
        command += f' --header "Authorization: Bearer ${project.api_key_env}"'
    return command + " --method tools/list"


def foreign_venv(project: Project, environ: Mapping[str, str] | None = None) -> str | None:
    """The activated virtual environment, when it is not the project's own.

    From such a shell every ``uv run`` in the project warns that ``VIRTUAL_ENV`` does not
    match the project environment (and ignores it): typically mcpgen's own venv is active.
    """
    active = (os.environ if environ is None else environ).get("VIRTUAL_ENV", "")
    if not active or Path(active).resolve() == (project.root / ".venv").resolve():
        return None
    return active


def for_new_project(
    project: Project,
    *,
    installed: bool,
    components: list[str],
    environ: Mapping[str, str] | None = None,
) -> NextSteps:
    """The steps after ``mcpgen new``: install, test, start, inspect, connect a client."""
    steps = NextSteps()
    steps.commands.append((f"cd {_where(project.root)}", ""))
    if foreign_venv(project, environ):
        steps.commands.append(("deactivate", "leave the active venv: uv uses the project's"))
    if not installed:
        steps.commands.append(("uv sync --locked", "install exactly what uv.lock pins"))
    steps.commands.append(("uv run pytest", "run the tests"))
    if project.transport == "stdio":
        steps.commands.append((f"uv run {project.script}", "start the server (stdio)"))
        steps.commands.append((_inspector(project), "try it in the MCP Inspector"))
    else:
        url = f"http://127.0.0.1:{project.port}/{'sse' if project.transport == 'sse' else 'mcp'}"
        steps.commands.append((f"uv run {project.script}", f"serve {url}"))
        steps.commands.append((_inspector(project), "list its tools (server running)"))
    steps.commands.append(("mcpgen client-config --target claude-desktop", "connect a client"))
    if project.auth in _SECRETS:
        note = (
            f"Copy .env.example to .env and set {_SECRETS[project.auth]} before serving "
            "HTTP; until then the server refuses to start."
        )
        if _sends_api_key(project):
            shell = f"${project.api_key_env}"
            note += f" The Inspector command reads {shell} from your shell: export it there too."
        steps.notes.append(note)
    for kind in components:
        steps.notes.append(integration_note(kind, kind))
    if uv_missing(environ):
        steps.notes.append(
            "these commands need uv, which is not on your PATH (mcpgen uses its own copy): "
            "install it with 'pipx install uv' or 'python3 -m pip install --user uv'."
        )
    return steps


def uv_missing(environ: Mapping[str, str] | None = None) -> bool:
    """True when ``uv`` cannot be found on PATH (pipx installs expose mcpgen's scripts only)."""
    path = (os.environ if environ is None else environ).get("PATH", os.defpath)
    return shutil.which("uv", path=path) is None


def integration_note(kind: str, name: str) -> str:
    """``sqlite adds the tools ...; set SQLITE_PATH, ... in .env (see .env.example).``"""
    found = catalog.get(kind)
    prefix = catalog.env_prefix(name)
    tools = found.tools(name)
    listed = ", ".join(tools)
    settings = ", ".join(f"{prefix}{var.suffix}" for var in found.env)
    noun = "tool" if len(tools) == 1 else "tools"
    if not found.env:
        return f"{name} adds the {noun} {listed}; it needs no settings."
    return f"{name} adds the {noun} {listed}; its settings {settings} are in .env.example."

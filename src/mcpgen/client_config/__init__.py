"""Connecting a generated server to MCP clients by editing their config files minimally.

The API: build a :class:`Request`, then :func:`snippets` (``--print``), :func:`plan` (the
changes, nothing written) and :func:`apply` (write one change with a backup).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcpgen.client_config import entries, launch, targets, writer
from mcpgen.client_config.launch import Launch
from mcpgen.client_config.targets import CLIENTS, TARGET_NAMES, Environment
from mcpgen.edits import files, toml
from mcpgen.errors import MCPGenError, UsageError
from mcpgen.project import Project

if TYPE_CHECKING:
    from mcpgen.client_config.changes import Change

__all__ = [
    "TARGET_NAMES",
    "Change",
    "Environment",
    "Launch",
    "Request",
    "apply",
    "describe",
    "launches",
    "plan",
    "server_spec",
    "snippets",
]


def __getattr__(name: str) -> Any:
    # The config editors (JSONC, TOML) load only when a change is planned: --print needs none.
    if name == "Change":
        from mcpgen.client_config.changes import Change

        return Change
    raise AttributeError(name)


_SERVER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Request:
    """Everything ``mcpgen client-config`` was asked to do."""

    targets: list[str]
    project: Project
    scope: str = "user"
    transport: str | None = None
    url: str | None = None
    name: str | None = None
    remove: bool = False
    force: bool = False
    config_path: Path | None = None
    env: Environment = field(default_factory=Environment.current)


def _transport(request: Request) -> str:
    if request.transport is not None:
        if request.transport not in ("stdio", "http"):
            raise UsageError(
                f"Unknown transport {request.transport!r}.", hint="Use --transport stdio or http."
            )
        if request.transport == "stdio" and request.url:
            raise UsageError("--url only applies to --transport http.")
        return request.transport
    if request.url or request.project.transport in ("http", "sse"):
        return "http"
    return "stdio"


def server_spec(request: Request) -> entries.ServerSpec:
    """The server the entries point at: the project's venv script, or its HTTP URL."""
    project = request.project
    name = request.name or project.name
    if not _SERVER_NAME.match(name):
        raise UsageError(
            f"Invalid server name {name!r}.",
            hint="Use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
        )
    if _transport(request) == "stdio":
        script = entries.venv_script(project.root, project.script, windows=_windows(request))
        return entries.ServerSpec(name, "stdio", str(script), ("--transport", "stdio"))
    _require_http(request)
    url = request.url or f"http://127.0.0.1:{project.port}/mcp"
    token_env = entries.token_env_for(project.auth, project.api_key_env)
    return entries.ServerSpec(
        name,
        "http",
        url=url,
        token_env=token_env,
        oauth_flow=entries.runs_oauth_flow(project.auth),
        windows=_windows(request),
    )


def _require_http(request: Request) -> None:
    """Refuse an HTTP entry for a stdio-only project: it has no HTTP server to point at.

    Removing an entry stays possible (one written before the project went back to stdio).
    """
    from mcpgen.options import serves_http

    if request.remove or serves_http(request.project.answers):
        return
    asked = "--transport http" if request.transport == "http" else "--url"
    raise MCPGenError(
        f"{asked}: this project serves stdio only, so there is no HTTP server to connect to.",
        hint="Add HTTP first: mcpgen update --set transport=http",
    )


# Clients that resolve ${workspaceFolder} in a project-scope file: the committed file then
# holds no machine-specific path.
_WORKSPACE_FOLDER = {"vscode": "${workspaceFolder}"}


def build(request: Request, target: str, spec: entries.ServerSpec) -> entries.Entry:
    """``target``'s entry for ``spec``, relative to the workspace where the client allows."""
    variable = _WORKSPACE_FOLDER.get(target)
    root = str(request.project.root.resolve())
    if variable and request.scope == "project" and spec.command.startswith(root):
        spec = dataclasses.replace(spec, command=variable + spec.command[len(root) :])
    return CLIENTS[target].build(spec)


def _windows(request: Request) -> bool:
    return request.env.platform == "win32"


def _checked(request: Request) -> list[str]:
    names = targets.resolve(request.targets, request.env)
    if request.scope not in ("user", "project"):
        raise UsageError(f"Unknown scope {request.scope!r}.", hint="Use --scope user or project.")
    if request.config_path is not None and len(names) != 1:
        raise UsageError("--config-path needs exactly one --target.")
    return names


def prints_only(request: Request) -> bool:
    """True when every target only prints (``--target json``)."""
    return all(name == targets.PRINT_ONLY for name in request.targets)


def snippets(request: Request, *, only_print_targets: bool = False) -> list[tuple[str, str]]:
    """``(target, text)`` of the exact entry each target would get, written nowhere."""
    spec = server_spec(request)
    result = []
    for name in _checked(request):
        if only_print_targets and name != targets.PRINT_ONLY:
            continue
        if name == targets.PRINT_ONLY:
            body = {"mcpServers": {spec.name: entries.generic(spec).value}}
            result.append((name, json.dumps(body, indent=2) + "\n"))
            continue
        client = CLIENTS[name]
        entry = build(request, name, spec)
        if client.fmt == "toml":
            result.append((name, toml.render(client.key, spec.name, entry.value)))
            continue
        doc: dict[str, object] = {client.key: {spec.name: entry.value}}
        if entry.inputs:
            doc["inputs"] = entry.inputs
        result.append((name, json.dumps(doc, indent=2) + "\n"))
    return result


def launches(request: Request) -> list[Launch]:
    """Each target's stdio entry as its client starts it (none for an HTTP server).

    Identical launches are listed once, named by all the clients that start them so.
    """
    spec = server_spec(request)
    if spec.transport != "stdio":
        return []
    result: list[Launch] = []
    for name in _checked(request):
        if name == targets.PRINT_ONLY:
            client, value = "json", entries.generic(spec).value
        else:
            client, value = name, build(request, name, spec).value
        found = launch.for_entry(
            client,
            value,
            scope=request.scope,
            project_root=request.project.root,
            platform=request.env.platform,
            home=request.env.home,
            shell=request.env.env,
        )
        same = [index for index, other in enumerate(result) if _same_process(found, other)]
        if same:
            other = result[same[0]]
            result[same[0]] = dataclasses.replace(other, client=f"{other.client}, {client}")
        else:
            result.append(found)
    return result


def _same_process(one: Launch, other: Launch) -> bool:
    return (one.command, one.args, one.env, one.cwd) == (
        other.command,
        other.args,
        other.env,
        other.cwd,
    )


def confinement(request: Request) -> Path | None:
    """Where the edited files must lie: a project-scope config inside the project."""
    if request.config_path is None and request.scope == "project":
        return request.project.root
    return None


def config_file(request: Request, target: str) -> Path:
    """The file a target's entry goes into, with any link the user made resolved."""
    if request.config_path is not None:
        path = request.config_path.expanduser().absolute()
    else:
        path = CLIENTS[target].path(request.scope, request.env, request.project.root)
    return files.resolve(path, inside=confinement(request))


def plan(request: Request) -> list[Change]:
    """The change each target's file would get; nothing is written."""
    from mcpgen.client_config import changes

    names = [name for name in _checked(request) if name != targets.PRINT_ONLY]
    spec = server_spec(request)
    if spec.transport == "stdio" and not request.remove:
        entries.require_executable(Path(spec.command), request.project.root)
    result = []
    for name in names:
        client = CLIENTS[name]
        path = config_file(request, name)
        change = changes.plan(
            client,
            path,
            writer.read(path, inside=confinement(request)),
            spec.name,
            build(request, name, spec),
            remove=request.remove,
            force=request.force,
        )
        change.inside = confinement(request)
        result.append(change)
    return result


def apply(change: Change) -> Path | None:
    """Write one change atomically after backing the file up; return the backup's path."""
    if change.changed:
        change.backup = writer.write(
            change.path, change.after, expected=change.before, inside=change.inside
        )
    return change.backup


def apply_all(planned: list[Change]) -> None:
    """Write every change, or none: a failure (Ctrl-C too) undoes the ones already written."""
    done: list[Change] = []
    try:
        for change in planned:
            apply(change)
            done.append(change)
    except BaseException:
        for change in reversed(done):
            with contextlib.suppress(Exception):
                _undo(change)
        raise


def _undo(change: Change) -> None:
    """Put back what ``change`` replaced (its backup, identical to it, goes too)."""
    if change.before is None:
        if writer.read(change.path, inside=change.inside) == change.after:
            change.path.unlink()
    else:
        writer.write(
            change.path, change.before, expected=change.after, inside=change.inside, backup=False
        )
    if change.backup is not None:
        change.backup.unlink(missing_ok=True)
        change.backup = None


_DONE = {
    "added": ("added to", "would be added to"),
    "replaced": ("replaced in", "would be replaced in"),
    "removed": ("removed from", "would be removed from"),
    "unchanged": ("already up to date in", "already up to date in"),
    "absent": ("not present in", "not present in"),
}


def describe(change: Change, *, dry_run: bool = False) -> str:
    """One status line for a change (plus the backup's path once written)."""
    done, would = _DONE[change.action]
    mark = "-" if dry_run or not change.changed else "✓"
    line = f"{mark} {change.client.title}: {would if dry_run else done} {change.path}"
    if change.backup is not None:
        line += f"\n  backup: {change.backup}"
    return line

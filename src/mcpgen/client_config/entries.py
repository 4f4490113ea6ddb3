"""What one server entry says: the stdio command or HTTP URL, in each client's own syntax."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcpgen.errors import ConfigEditError
from mcpgen.pins import MCP_REMOTE

# Clients without a secret syntax of their own get this in place of the key, plus a warning.
SECRET_PLACEHOLDER = "REPLACE_WITH_{env}"


@dataclass(frozen=True)
class ServerSpec:
    """The server to connect, independent of any client."""

    name: str
    transport: str  # "stdio" or "http"
    command: str = ""
    args: tuple[str, ...] = ()
    url: str = ""
    token_env: str | None = None  # env var holding the bearer token; None when no header
    oauth_flow: bool = False  # the client signs in with the MCP authorization flow itself
    windows: bool = False  # the client runs on Windows


@dataclass
class Entry:
    """A client's entry for one server, plus what else that client needs around it."""

    value: dict[str, Any]
    inputs: list[dict[str, Any]] = field(default_factory=list)  # VS Code prompt inputs
    warnings: list[str] = field(default_factory=list)


def venv_script(root: Path, script: str, *, windows: bool | None = None) -> Path:
    """Absolute path of a project's console script inside its ``uv sync`` environment."""
    windows = sys.platform == "win32" if windows is None else windows
    if windows:
        return root.resolve() / ".venv" / "Scripts" / f"{script}.exe"
    return root.resolve() / ".venv" / "bin" / script


def require_executable(path: Path, root: Path) -> None:
    """Fail with the fix when the project's environment has not been created yet."""
    if not path.is_file():
        raise ConfigEditError(
            f"{path} does not exist: the project's environment is not installed.",
            hint=f"Run 'uv sync' in {root}, then run this command again.",
        )


def token_env_for(auth: str, api_key_env: str) -> str | None:
    """The environment variable a client should read its bearer token from."""
    if auth == "api-key":
        return api_key_env
    if auth == "jwt":
        return "MCP_AUTH_TOKEN"
    return None  # none: no header; oauth, oauth-proxy: the client runs the OAuth flow itself


def runs_oauth_flow(auth: str) -> bool:
    """Whether clients sign in through the MCP authorization flow (URL-only entries)."""
    return auth in ("oauth", "oauth-proxy")


def _bearer(spec: ServerSpec, reference: str) -> dict[str, Any]:
    return {"headers": {"Authorization": f"Bearer {reference}"}} if spec.token_env else {}


def _stdio(spec: ServerSpec) -> dict[str, Any]:
    return {"command": spec.command, "args": list(spec.args)}


def _placeholder_warning(client: str, spec: ServerSpec) -> list[str]:
    if not spec.token_env:
        return []
    placeholder = SECRET_PLACEHOLDER.format(env=spec.token_env)
    return [
        f"{client} cannot read environment variables in its config: replace {placeholder} "
        f"in the '{spec.name}' entry with the value of {spec.token_env}."
    ]


def npx_command(windows: bool = False) -> tuple[str, list[str], dict[str, str], list[str]]:
    """How a client starts npx: command, leading args, env and warnings.

    Windows: ``npx`` is a batch file (npx.cmd) that a client's spawn without a shell cannot
    start, so the entry runs ``cmd /c npx``. Elsewhere: the absolute npx path plus a PATH that
    finds ``node`` (GUI clients lack the shell's PATH): npx is a ``#!/usr/bin/env node``
    script, so an absolute npx path alone still fails with ``env: node: No such file or
    directory`` when node lives in /opt/homebrew/bin or ~/.nvm, outside a GUI app's PATH.
    """
    if windows:
        return "cmd", ["/c", "npx"], {}, []
    found = shutil.which("npx")
    if not found:
        warning = "npx was not found on PATH: install Node.js, which mcp-remote needs."
        return "npx", [], {}, [warning]
    node = shutil.which("node")
    directories = [str(Path(node).parent)] if node else []
    directories += [d for d in ("/usr/local/bin", "/usr/bin", "/bin") if d not in directories]
    return found, [], {"PATH": ":".join(directories)}, []


def claude_desktop(spec: ServerSpec) -> Entry:
    """Claude Desktop rejects url entries: HTTP goes through the mcp-remote bridge."""
    if spec.transport == "stdio":
        return Entry(_stdio(spec))
    npx, args, env, warnings = npx_command(spec.windows)
    args += ["-y", MCP_REMOTE, spec.url]
    value: dict[str, Any] = {"command": npx, "args": args}
    if spec.token_env:
        # No space after the colon: works around mcp-remote's argument quoting on Windows.
        args += ["--header", "Authorization:${AUTH_HEADER}"]
        env["AUTH_HEADER"] = f"Bearer {SECRET_PLACEHOLDER.format(env=spec.token_env)}"
        warnings += _placeholder_warning("Claude Desktop", spec)
    if env:
        value["env"] = env
    return Entry(value, warnings=warnings)


def claude_code(spec: ServerSpec) -> Entry:
    """Claude Code: no ``type`` for stdio (some builds reject it), ``type: http`` for URLs."""
    if spec.transport == "stdio":
        return Entry(_stdio(spec))
    return Entry({"type": "http", "url": spec.url, **_bearer(spec, f"${{{spec.token_env}}}")})


def cursor(spec: ServerSpec) -> Entry:
    """Cursor infers the transport from ``url``; secrets as ``${env:NAME}``."""
    if spec.transport == "stdio":
        return Entry(_stdio(spec))
    return Entry({"url": spec.url, **_bearer(spec, f"${{env:{spec.token_env}}}")})


def vscode_input_id(name: str) -> str:
    """The id of the VS Code prompt input holding a server's token."""
    return f"{name}-token"


def vscode(spec: ServerSpec) -> Entry:
    """VS Code: explicit ``type``; the token is a password prompt declared in ``inputs``."""
    if spec.transport == "stdio":
        return Entry({"type": "stdio", **_stdio(spec)})
    input_id = vscode_input_id(spec.name)
    value = {"type": "http", "url": spec.url, **_bearer(spec, f"${{input:{input_id}}}")}
    inputs = []
    if spec.token_env:
        description = f"Token for the {spec.name} MCP server (the server's {spec.token_env})"
        inputs.append(
            {"type": "promptString", "id": input_id, "description": description, "password": True}
        )
    return Entry(value, inputs=inputs)


def windsurf(spec: ServerSpec) -> Entry:
    """Windsurf: ``serverUrl`` for remote servers."""
    if spec.transport == "stdio":
        return Entry(_stdio(spec))
    return Entry({"serverUrl": spec.url, **_bearer(spec, f"${{env:{spec.token_env}}}")})


def gemini_cli(spec: ServerSpec) -> Entry:
    """Gemini CLI: ``httpUrl`` is Streamable HTTP (``url`` would mean SSE)."""
    if spec.transport == "stdio":
        return Entry(_stdio(spec))
    return Entry({"httpUrl": spec.url, **_bearer(spec, f"${{{spec.token_env}}}")})


def codex(spec: ServerSpec) -> Entry:
    """Codex: the token is named by ``bearer_token_env_var``; a ``headers`` key is ignored."""
    if spec.transport == "stdio":
        return Entry(_stdio(spec))
    value: dict[str, Any] = {"url": spec.url}
    if spec.token_env:
        value["bearer_token_env_var"] = spec.token_env
    return Entry(value)


def zed(spec: ServerSpec) -> Entry:
    """Zed: ``source: custom``; it has no secret syntax, so the token is a placeholder."""
    if spec.transport == "stdio":
        return Entry({"source": "custom", **_stdio(spec)})
    placeholder = SECRET_PLACEHOLDER.format(env=spec.token_env)
    value = {"source": "custom", "url": spec.url, **_bearer(spec, placeholder)}
    return Entry(value, warnings=_placeholder_warning("Zed", spec))


def generic(spec: ServerSpec) -> Entry:
    """The common ``mcpServers`` shape, with ``${VAR}`` references."""
    if spec.transport == "stdio":
        return Entry(_stdio(spec))
    return Entry({"type": "http", "url": spec.url, **_bearer(spec, f"${{{spec.token_env}}}")})

"""Answers for the server template: option values, validation, defaults and prompts."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from typing import Any

from mcpgen import __version__
from mcpgen.errors import UsageError
from mcpgen.names import project_name

TRANSPORTS = ("stdio", "http", "sse")
AUTH_MODES = ("none", "api-key", "jwt", "oauth")
# Where the project can be deployed beyond Docker; each target adds files under deploy/.
DEPLOY_TARGETS = ("none", "kubernetes")
PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14")


def _git_config(key: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        found = subprocess.run(
            [git, "config", "--get", key], capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def defaults(answers: dict[str, Any]) -> dict[str, Any]:
    """Default for every question not yet answered; later defaults depend on earlier answers."""
    transport = answers.get("transport") or "stdio"
    return {
        "description": "An MCP server built with FastMCP.",
        "author_name": _git_config("user.name") or "Your Name",
        "author_email": _git_config("user.email") or "you@example.com",
        "python_version": "3.11",
        "transport": transport,
        "http_port": 8000,
        "auth": "none" if transport == "stdio" else "api-key",
        "docker": transport != "stdio",
        "deploy": "none",
        "rate_limit": transport != "stdio",
        "otel": False,
    }


def _choice(key: str, allowed: Iterable[str]) -> Callable[[Any], Any]:
    allowed = tuple(allowed)

    def check(value: Any) -> Any:
        if value not in allowed:
            raise UsageError(
                f"Invalid value for --{key.replace('_', '-')}: {value!r}.",
                hint=f"Choose one of: {', '.join(allowed)}.",
            )
        return value

    return check


def _port(value: Any) -> int:
    if not isinstance(value, int) or not 1 <= value <= 65535:
        raise UsageError(
            f"Invalid value for --port: {value!r}.", hint="Use a port from 1 to 65535."
        )
    return value


def _one_line(key: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        text = str(value)
        if len(text) > 200 or any(ord(char) < 32 or ord(char) == 127 for char in text):
            option = {"author_name": "author", "author_email": "email"}.get(key, key)
            raise UsageError(
                f"Invalid value for --{option}: it must be one line of at most 200 "
                "printable characters.",
                hint="Remove line breaks and control characters, or shorten it.",
            )
        return text

    return check


VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "description": _one_line("description"),
    "author_name": _one_line("author_name"),
    "author_email": _one_line("author_email"),
    "python_version": _choice("python", PYTHON_VERSIONS),
    "transport": _choice("transport", TRANSPORTS),
    "http_port": _port,
    "auth": _choice("auth", AUTH_MODES),
    "docker": bool,
    "deploy": _choice("deploy", DEPLOY_TARGETS),
    "rate_limit": bool,
    "otel": bool,
}

PROMPTS: dict[str, str] = {
    "description": "Description",
    "author_name": "Author",
    "author_email": "Author e-mail",
    "python_version": "Minimum Python version",
    "transport": "Default transport (stdio, http, sse)",
    "http_port": "HTTP port",
    "auth": "HTTP auth (none, api-key, jwt, oauth)",
    "docker": "Dockerfile and compose file?",
    "deploy": "Deployment manifests (none, kubernetes)",
    "rate_limit": "Rate limits on tool calls?",
    "otel": "OpenTelemetry tracing?",
}

Asker = Callable[[str, str, Any], Any]


def ask_with_rich(key: str, label: str, default: Any) -> Any:
    """Ask one question on the terminal."""
    from rich.prompt import Confirm, IntPrompt, Prompt

    from mcpgen.ui import err

    if isinstance(default, bool):
        return Confirm.ask(label, default=default, console=err)
    if isinstance(default, int):
        return IntPrompt.ask(label, default=default, console=err)
    return Prompt.ask(label, default=str(default), console=err)


def resolve_answers(
    name: str, given: dict[str, Any], *, ask: bool, asker: Asker = ask_with_rich
) -> dict[str, Any]:
    """Every answer for the server template: given values, else asked, else the default."""
    names = project_name(name)
    answers: dict[str, Any] = {
        "mcpgen_version": __version__,
        "project_name": names.dist,
        "package_name": names.package,
    }
    for key, validate in VALIDATORS.items():
        value = given.get(key)
        if value is None:
            default = defaults(answers)[key]
            value = asker(key, PROMPTS[key], default) if ask else default
        answers[key] = validate(value)
    return _deploy_needs_docker(answers, given)


def _deploy_needs_docker(answers: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """A deploy target runs the Docker image, so it switches Docker on unless refused."""
    if answers["deploy"] == "none" or answers["docker"]:
        return answers
    if given.get("docker") is False:
        raise UsageError(
            f"--deploy {answers['deploy']} needs the Docker image, but --no-docker was given.",
            hint="Drop --no-docker, or choose --deploy none.",
        )
    return {**answers, "docker": True}


def parse_components(with_: str | None, tools: list[str]) -> list[str]:
    """Component kinds from ``--with a,b`` and repeated ``--tool``, in order, without repeats."""
    kinds = [part.strip() for part in (with_ or "").split(",") if part.strip()]
    kinds += [tool.strip() for tool in tools if tool.strip()]
    return list(dict.fromkeys(kinds))

"""The ``server.json`` document itself: the registry's rules for names, remotes, packages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mcpgen.bundle import documented_settings, project_metadata
from mcpgen.errors import UsageError

SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"
NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]/[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$")
MAX_DESCRIPTION = 100


@dataclass(frozen=True)
class Origin:
    """The project's GitHub repository, read from ``git remote get-url origin``."""

    owner: str
    repo: str

    @property
    def url(self) -> str:
        """Browsable repository URL."""
        return f"https://github.com/{self.owner}/{self.repo}"


def check_name(name: str) -> str:
    """``namespace/name`` as the registry's grammar allows it."""
    if len(name) > 200 or not NAME.match(name):
        raise UsageError(
            f"{name!r} is not a registry name.",
            hint="Use io.github.YOUR-USER/SERVER (GitHub login) or com.example/SERVER (DNS).",
        )
    return name


def _publisher_domain(name: str) -> str:
    return ".".join(reversed(name.split("/", 1)[0].split(".")))


def check_remote(url: str, name: str) -> str:
    """An https URL on the domain the name's namespace proves (the registry's rule)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    domain = _publisher_domain(name).lower()
    if parts.scheme != "https" or not host:
        raise UsageError(f"{url!r} is not an https URL.", hint="Pass the server's public URL.")
    if host != domain and not host.endswith("." + domain):
        raise UsageError(
            f"The registry only accepts remotes on {domain} for the name {name}; {host} is not.",
            hint=f"Name the server after the domain it runs on, e.g. {_reverse(host)}/SERVER.",
        )
    return url


def _reverse(host: str) -> str:
    return ".".join(reversed(host.split(".")))


def _environment(root: Path, *, fixed: dict[str, str]) -> list[dict[str, Any]]:
    variables: list[dict[str, Any]] = [
        {"name": key, "value": value, "description": f"Set to {value} by this package."}
        for key, value in fixed.items()
    ]
    for setting in documented_settings(root):
        entry: dict[str, Any] = {"name": setting.name, "description": setting.description}
        entry["isRequired"] = setting.required
        entry["isSecret"] = setting.sensitive
        if setting.default:
            entry["default"] = setting.default
        variables.append(entry)
    return variables


def _remote(url: str, auth: str) -> dict[str, Any]:
    remote: dict[str, Any] = {"type": "streamable-http", "url": url}
    if auth != "none":
        # api-key: the key a client sends; jwt/oauth: an access token from the provider.
        what = "API key" if auth == "api-key" else "OAuth access token"
        remote["headers"] = [
            {
                "name": "Authorization",
                "value": "Bearer {token}",
                "description": f"Your {what} for this server.",
                "isRequired": True,
                "isSecret": True,
                "variables": {"token": {"isRequired": True, "isSecret": True}},
            }
        ]
    return remote


def build(
    root: Path,
    answers: dict[str, Any],
    *,
    name: str,
    remote_url: str | None = None,
    image: str | None = None,
    origin: Origin | None = None,
    bundle: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The ``server.json`` of the project at ``root``."""
    metadata = project_metadata(root)
    version = str(metadata["version"])
    description = str(metadata.get("description") or metadata["name"])
    if len(description) > MAX_DESCRIPTION:
        description = description[: MAX_DESCRIPTION - 1].rstrip() + "…"
    server: dict[str, Any] = {
        "$schema": SCHEMA,
        "name": check_name(name),
        "description": description,
        "version": version,
    }
    if origin is not None:
        server["repository"] = {"url": origin.url, "source": "github"}
    packages: list[dict[str, Any]] = [
        {
            "registryType": "pypi",
            "identifier": str(metadata["name"]),
            "version": version,
            "runtimeHint": "uvx",
            "transport": {"type": "stdio"},
            "environmentVariables": _environment(root, fixed={}),
        }
    ]
    if image:
        packages.append(
            {
                "registryType": "oci",
                "identifier": f"{image}:{version}",
                "runtimeHint": "docker",
                "transport": {"type": "stdio"},
                "environmentVariables": _environment(root, fixed={"MCP_TRANSPORT": "stdio"}),
            }
        )
    if bundle:
        url, sha256 = bundle
        packages.append(
            {
                "registryType": "mcpb",
                "identifier": url,
                "fileSha256": sha256,
                "transport": {"type": "stdio"},
            }
        )
    server["packages"] = packages
    if remote_url:
        server["remotes"] = [_remote(check_remote(remote_url, name), str(answers.get("auth")))]
    return server


def dumps(server: dict[str, Any]) -> str:
    """The file's text: stable, indented, one trailing newline."""
    return json.dumps(server, indent=2, ensure_ascii=False) + "\n"

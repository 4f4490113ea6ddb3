"""``server.json`` for the official MCP registry, and the ownership markers it checks.

The registry accepts a PyPI package only when its README (the PyPI description) says
``mcp-name: NAME``, and an image only when it carries the label
``io.modelcontextprotocol.server.name=NAME``. ``server.json`` is the one place the name is
recorded: the README marker is written beside it, the release workflow passes it to
``docker build`` as the label, and ``mcpgen check`` fails when any of them disagree.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mcpgen.bundle import documented_settings, project_metadata
from mcpgen.errors import UsageError

SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"
SERVER_JSON = "server.json"
OCI_LABEL = "io.modelcontextprotocol.server.name"
NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]/[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$")
MARKER = re.compile(r"mcp-name: ([a-zA-Z0-9._/-]+)")
_GITHUB = re.compile(r"github\.com[:/]([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?$")
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


def github_origin(root: Path) -> Origin | None:
    """The GitHub repository ``origin`` points at, if any."""
    try:
        done = subprocess.run(
            ["git", "remote", "get-url", "origin"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = _GITHUB.search(done.stdout.strip()) if done.returncode == 0 else None
    return Origin(found.group(1), found.group(2)) if found else None


def marker(name: str) -> str:
    """The README line the registry looks for (an HTML comment: invisible on PyPI)."""
    return f"<!-- mcp-name: {name} -->"


def readme_names(text: str) -> list[str]:
    """Every name a README declares with ``mcp-name:``."""
    return MARKER.findall(text)


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


def release_asset_url(origin: Origin, version: str, filename: str) -> str:
    """Where the release workflow attaches ``filename`` for tag ``vVERSION``."""
    return f"{origin.url}/releases/download/v{version}/{filename}"


def _released_bundle(path: Path, origin: Origin | None, root: Path) -> tuple[str, str]:
    """The bundle's URL on this version's GitHub release, and its SHA-256."""
    import hashlib
    import zipfile

    version = str(project_metadata(root)["version"])
    if origin is None:
        raise UsageError(
            "--bundle needs a GitHub remote named origin: the bundle is listed by its URL on "
            "the GitHub release.",
            hint="git remote add origin https://github.com/OWNER/REPO.git",
        )
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(path) as archive:
            made = json.loads(archive.read("manifest.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        raise UsageError(f"{path} is not an MCP Bundle.", hint="Run 'mcpgen bundle'.") from None
    if made.get("version") != version:
        raise UsageError(
            f"{path} bundles version {made.get('version')}, the project is {version}.",
            hint="Run 'mcpgen bundle' again.",
        )
    return release_asset_url(origin, version, path.name), hashlib.sha256(data).hexdigest()


def read_server_json(root: Path) -> dict[str, Any] | None:
    """The project's ``server.json``, or None when it has none."""
    try:
        data = json.loads((root / SERVER_JSON).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"Cannot read {root / SERVER_JSON}: {exc}.",
            hint="Fix it, or delete it and run 'mcpgen registry' again.",
        ) from None
    return data if isinstance(data, dict) else None


def with_marker(readme: str, name: str) -> str:
    """``readme`` declaring ``name``: an existing marker replaced, else one line appended."""
    line = re.compile(r"^<!-- mcp-name: [^\n]*-->$", re.MULTILINE)
    if line.search(readme):
        return line.sub(marker(name), readme, count=1)
    return readme.rstrip("\n") + "\n\n" + marker(name) + "\n"


def _recorded(existing: dict[str, Any] | None, registry_type: str) -> str | None:
    for package in (existing or {}).get("packages", []):
        if package.get("registryType") == registry_type:
            return str(package.get("identifier", "")).rsplit(":", 1)[0] or None
    return None


def write(
    project_dir: Path | None,
    *,
    name: str | None,
    remote_url: str | None,
    image: str | None,
    bundle: Path | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Write ``server.json`` and the README marker; options default to what is recorded."""
    from mcpgen import project as projects
    from mcpgen.edits import files, transaction

    found = projects.load(project_dir)
    root = found.root
    existing = read_server_json(root)
    origin = github_origin(root)
    name = name or (existing or {}).get("name")
    if not name and origin:
        name = f"io.github.{origin.owner}/{found.name}"
    if not name:
        raise UsageError(
            "No registry name: no server.json yet and no GitHub remote named origin.",
            hint=f"Pass --name io.github.YOUR-USER/{found.name}.",
        )
    remotes = (existing or {}).get("remotes") or [{}]
    remote_url = remote_url or remotes[0].get("url")
    if found.answers.get("docker"):
        image = image or _recorded(existing, "oci")
        if not image and origin:
            image = f"ghcr.io/{origin.owner.lower()}/{found.name}"
    server = build(
        root,
        found.answers,
        name=name,
        remote_url=remote_url,
        image=image,
        origin=origin,
        bundle=_released_bundle(bundle, origin, root) if bundle else None,
    )
    readme = files.read(root / "README.md", inside=root) or b""
    current = files.read(root / SERVER_JSON, inside=root)
    with transaction.transaction(root) as batch:
        new_readme = with_marker(readme.decode("utf-8"), server["name"]).encode("utf-8")
        if new_readme != readme:
            batch.replace(Path("README.md"), new_readme, expected=readme)
        text = dumps(server).encode("utf-8")
        if current is None:
            batch.create(Path(SERVER_JSON), text)
        elif current != text:
            batch.replace(Path(SERVER_JSON), text, expected=current)
    return root / SERVER_JSON, server

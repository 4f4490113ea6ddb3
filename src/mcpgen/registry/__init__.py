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
from pathlib import Path
from typing import Any

from mcpgen.bundle import project_metadata
from mcpgen.errors import UsageError
from mcpgen.registry.server_json import (
    SCHEMA,
    Origin,
    build,
    check_name,
    check_remote,
    dumps,
)

__all__ = [
    "SCHEMA",
    "Origin",
    "build",
    "check_name",
    "check_remote",
    "dumps",
    "github_origin",
    "marker",
    "read_server_json",
    "readme_names",
    "with_marker",
    "write",
]

SERVER_JSON = "server.json"
OCI_LABEL = "io.modelcontextprotocol.server.name"
MARKER = re.compile(r"mcp-name: ([a-zA-Z0-9._/-]+)")
_GITHUB = re.compile(r"github\.com[:/]([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?$")


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


def _image(
    answers: dict[str, Any],
    image: str | None,
    existing: dict[str, Any],
    origin: Origin | None,
    project_name: str,
) -> str | None:
    """``--image``, else the recorded one, else GHCR under the GitHub owner (Docker only)."""
    if not answers.get("docker"):
        if image:
            raise UsageError(
                "--image is for Docker projects; this one has no Dockerfile.",
                hint="Leave out --image (the PyPI package is listed).",
            )
        return None
    image = image or _recorded(existing, "oci")
    if not image and origin:
        image = f"ghcr.io/{origin.owner.lower()}/{project_name}"
    return image


def _recorded(existing: dict[str, Any], registry_type: str) -> str | None:
    for package in existing.get("packages", []):
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
    from mcpgen.options import serves_http

    found = projects.load(project_dir)
    root = found.root
    existing = read_server_json(root) or {}
    origin = github_origin(root)
    name = name or existing.get("name")
    if not name and origin:
        name = f"io.github.{origin.owner}/{found.name}"
    if not name:
        raise UsageError(
            "No registry name: no server.json yet and no GitHub remote named origin.",
            hint=f"Pass --name io.github.YOUR-USER/{found.name}.",
        )
    if remote_url and not serves_http(found.answers):
        raise UsageError(
            "--remote-url: this project serves stdio only, so there is no HTTP server to list.",
            hint="Add HTTP first: mcpgen update --set transport=http",
        )
    remote_url = remote_url or (existing.get("remotes") or [{}])[0].get("url")
    image = _image(found.answers, image, existing, origin, found.name)
    server = build(
        root,
        found.answers,
        name=name,
        remote_url=remote_url,
        image=image,
        origin=origin,
        bundle=_released_bundle(bundle, origin, root) if bundle else None,
    )
    readme = files.read(root / "README.md", inside=root)
    if readme is None:
        raise UsageError(
            f"{root / 'README.md'} is missing; PyPI shows it and the registry reads the "
            "mcp-name marker from it.",
            hint='Restore README.md (and keep readme = "README.md" in pyproject.toml).',
        )
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

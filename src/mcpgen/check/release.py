"""Release consistency: pyproject.toml, server.json, the bundles and the README marker agree.

The registry rejects a release whose README does not declare the server's name or whose
package version is not the one published, and a bundle built before a version bump installs
the old version; all of that is only found after publishing. These rules find it before.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mcpgen.check.rules import Finding
from mcpgen.errors import MCPGenError

RULE = "release-consistency"


def _error(where: str, message: str) -> Finding:
    return Finding(RULE, "error", where, message)


def findings(root: Path) -> list[Finding]:
    """Every disagreement between the release files of the project at ``root``."""
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        name, version = str(project["name"]), str(project["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return []
    return [*_server_json(root, name, version), *_bundles(root, name, version)]


def _server_json(root: Path, name: str, version: str) -> Iterator[Finding]:
    from mcpgen import registry

    try:
        server = registry.read_server_json(root)
    except MCPGenError as exc:  # a broken file is a finding, not a crash of the whole check
        yield _error("server.json", str(exc))
        return
    if server is None:
        return
    if server.get("version") != version:
        yield _error("server.json", f"version {server.get('version')} but pyproject.toml {version}")
    for package in server.get("packages", []):
        kind, identifier = package.get("registryType"), str(package.get("identifier", ""))
        if kind == "pypi" and identifier != name:
            yield _error("server.json", f"PyPI package {identifier} but pyproject.toml {name}")
        if kind == "pypi" and package.get("version") != version:
            yield _error("server.json", f"PyPI version {package.get('version')} but {version}")
        if kind == "oci" and not identifier.endswith(f":{version}"):
            yield _error("server.json", f"image {identifier} is not tagged {version}")
        if kind == "mcpb":
            yield from _listed_bundle(root, identifier, str(package.get("fileSha256")), version)
    yield from _readme(root, str(server.get("name", "")))


def _listed_bundle(root: Path, url: str, sha256: str, version: str) -> Iterator[Finding]:
    if f"/releases/download/v{version}/" not in url:
        yield _error("server.json", f"bundle {url} is not on the release v{version}")
    local = root / "dist" / url.rsplit("/", 1)[-1]
    if local.is_file() and hashlib.sha256(local.read_bytes()).hexdigest() != sha256:
        yield _error("server.json", f"fileSha256 of the bundle is not that of dist/{local.name}")


def _readme(root: Path, server_name: str) -> Iterator[Finding]:
    from mcpgen import registry

    try:
        text = (root / "README.md").read_text(encoding="utf-8")
    except OSError:
        text = ""
    declared = registry.readme_names(text)
    if server_name not in declared:
        found = f"it declares {', '.join(declared)}" if declared else "it has no mcp-name marker"
        yield _error(
            "README.md",
            f"the registry needs 'mcp-name: {server_name}' in the README; {found} "
            "(run 'mcpgen registry')",
        )


def _bundles(root: Path, name: str, version: str) -> Iterator[Finding]:
    for path in sorted((root / "dist").glob("*.mcpb")):
        where = f"dist/{path.name}"
        try:
            with zipfile.ZipFile(path) as archive:
                manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            yield _error(where, "not a bundle with a manifest.json (run 'mcpgen bundle')")
            continue
        if (manifest.get("name"), manifest.get("version")) != (name, version):
            yield _error(
                where,
                f"bundles {manifest.get('name')} {manifest.get('version')} but pyproject.toml "
                f"is {name} {version} (delete it or run 'mcpgen bundle')",
            )

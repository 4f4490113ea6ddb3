"""``mcpgen bundle``: a reproducible MCP Bundle (``.mcpb``) of a generated project.

The manifest is built from ``pyproject.toml`` (name, version, description, author), the live
server's catalog (tools and prompts, loaded as ``mcpgen check`` loads it) and ``.env.example``
(the settings a user is asked for). The official CLI validates it and packs it; mcpgen then
writes the same entries itself, deterministically, because the CLI stamps the current time.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mcpgen.bundle import archive, manifest, mcpb
from mcpgen.bundle import settings as settings_mod
from mcpgen.errors import MCPGenError, StepFailedError


class Reporter(Protocol):
    """Where progress goes (the CLI shows it)."""

    def step(self, label: str) -> contextlib.AbstractContextManager[None]:
        """Context manager around one slow step."""


@dataclass(frozen=True)
class Bundle:
    """What was written."""

    path: Path
    manifest: dict[str, Any]
    files: list[str]


def project_metadata(root: Path) -> dict[str, Any]:
    """``[project]`` of ``root/pyproject.toml``, with a static name and version."""
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MCPGenError(
            f"Cannot read {root / 'pyproject.toml'}: {exc}.",
            hint="Fix pyproject.toml (uv sync reports the same problem).",
        ) from None
    table = data.get("project")
    if not isinstance(table, dict) or not table.get("name") or not table.get("version"):
        raise MCPGenError(
            f"{root / 'pyproject.toml'} has no static project name and version.",
            hint='Add version = "X.Y.Z" to its project table; a release records one version.',
        )
    return table


def documented_settings(root: Path) -> list[settings_mod.Setting]:
    """The settings ``.env.example`` documents that a stdio host must pass on."""
    try:
        text = (root / ".env.example").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [s for s in settings_mod.parse(text) if not s.http_only]


def default_output(root: Path, metadata: dict[str, Any]) -> Path:
    """``dist/NAME-VERSION.mcpb``, beside the wheel and sdist ``uv build`` writes."""
    return root / "dist" / f"{metadata['name']}-{metadata['version']}.mcpb"


def build(
    project_dir: Path | None,
    output: Path | None,
    reporter: Reporter,
    *,
    python: str | None = None,
) -> Bundle:
    """Build, validate and write the bundle of the project at ``project_dir`` (default: here)."""
    from mcpgen import check
    from mcpgen import project as projects

    found = projects.load(project_dir)
    metadata = project_metadata(found.root)
    names = archive.select(found.root)
    with reporter.step("Listed the server's tools and prompts"):
        catalog = check.load_catalog(check.Target.resolve(found.root, None, python))
    made = manifest.build(
        metadata,
        script=found.script,
        package=found.package,
        catalog=catalog,
        settings=documented_settings(found.root),
        icon=archive.ICON if archive.ICON in names else None,
        locked="uv.lock" in names,
    )
    files = {name: (found.root / name).read_bytes() for name in names}
    files["manifest.json"] = (json.dumps(made, indent=2, ensure_ascii=False) + "\n").encode()
    executable = {n for n in names if (found.root / n).stat().st_mode & stat.S_IXUSR}
    with _staged(files) as staged:
        with reporter.step("Validated manifest.json with the MCPB CLI"):
            mcpb.validate(staged / "manifest.json")
        with reporter.step("Packed with the MCPB CLI and compared its entries"):
            _same_entries(mcpb.pack(staged, staged.parent / "cli.mcpb"), files)
    target = (output or default_output(found.root, metadata)).absolute()
    _write(target, archive.write(files, executable))
    return Bundle(target, made, sorted(files))


@contextlib.contextmanager
def _staged(files: dict[str, bytes]) -> Iterator[Path]:
    scratch = Path(tempfile.mkdtemp(prefix="mcpgen-bundle-"))
    try:
        staged = scratch / "bundle"
        for name, data in files.items():
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield staged
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _same_entries(packed: dict[str, bytes], files: dict[str, bytes]) -> None:
    """The CLI's archive and ours must hold the same files with the same bytes."""
    normalized = {name.replace(os.sep, "/"): data for name, data in packed.items()}
    if normalized != files:
        differ = sorted(set(normalized) ^ set(files)) or [
            name for name in files if normalized[name] != files[name]
        ]
        raise StepFailedError(
            f"The MCPB CLI packed different files than mcpgen selected: {', '.join(differ)}.",
            hint="Rename or remove those files (the CLI skips .env*, *.log, *.map and similar).",
        )


def _write(target: Path, data: bytes) -> None:
    from mcpgen.edits import files

    target.parent.mkdir(parents=True, exist_ok=True)
    files.write(target, data, expected=files.read(target))

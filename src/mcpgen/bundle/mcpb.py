"""The official MCPB CLI (``npx @anthropic-ai/mcpb``, pinned): validate and pack."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from mcpgen import pins, tooling
from mcpgen.errors import StepFailedError, ToolMissingError


def _npx() -> str:
    found = shutil.which("npx")
    if found is None:
        raise ToolMissingError(
            "npx is not installed; mcpgen validates bundles with the official MCPB CLI.",
            hint="Install Node.js 20 or later (https://nodejs.org), then run this again.",
        )
    return found


def validate(manifest: Path) -> None:
    """``mcpb validate`` on a staged ``manifest.json``; raises with the CLI's reasons."""
    try:
        tooling.run(
            [_npx(), "-y", pins.MCPB, "validate", str(manifest)],
            manifest.parent,
            what="Validating manifest.json with the MCPB CLI",
            timeout=300,
        )
    except StepFailedError as exc:
        reasons = [
            line.strip().removeprefix("- ")
            for line in exc.message.splitlines()[1:]
            if line.strip().startswith("- ") or "must" in line or "not found" in line
        ]
        if not reasons:
            raise
        raise StepFailedError(
            f"The MCPB CLI rejected the manifest: {'; '.join(reasons)}.",
            hint="Fix what it names in pyproject.toml, .env.example or icon.png, "
            "or report it as an mcpgen bug.",
        ) from None


def pack(staged: Path, output: Path) -> dict[str, bytes]:
    """``mcpb pack`` of ``staged`` into ``output``; the entries it wrote (name -> bytes)."""
    tooling.run(
        [_npx(), "-y", pins.MCPB, "pack", str(staged), str(output)],
        staged,
        what="Packing with the MCPB CLI",
        timeout=300,
    )
    try:
        with zipfile.ZipFile(output) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (OSError, zipfile.BadZipFile) as exc:
        raise StepFailedError(
            f"The MCPB CLI wrote no readable bundle at {output}.",
            hint=f"Run it yourself: npx -y {pins.MCPB} pack {staged}",
        ) from exc

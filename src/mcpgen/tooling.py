"""External programs mcpgen runs: git and uv, located and invoked with clear failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from mcpgen.errors import StepFailedError, ToolMissingError


def uv_executable() -> str:
    """The uv binary: the one installed with mcpgen, else the one on PATH."""
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
    if found is None:
        raise ToolMissingError(
            "uv is not installed.", hint=f"Install it with: {sys.executable} -m pip install uv"
        )
    return found


def git_executable() -> str | None:
    """The git binary, or None when git is not installed."""
    return shutil.which("git")


def run(
    command: Sequence[str],
    cwd: Path,
    *,
    what: str,
    env: dict[str, str] | None = None,
    timeout: float = 900,
) -> str:
    """Run ``command`` in ``cwd``; return its combined output or raise StepFailedError."""
    merged = {**os.environ, **(env or {})}
    # A generated project gets its own environment, never the one mcpgen runs in.
    merged.pop("VIRTUAL_ENV", None)
    try:
        done = subprocess.run(
            list(command),
            cwd=cwd,
            env=merged,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise StepFailedError(f"{what} timed out after {timeout:.0f} s.", hint="Retry.") from exc
    output = done.stdout + done.stderr
    if done.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise StepFailedError(
            f"{what} failed (exit {done.returncode}):\n{tail}",
            hint=f"Run it yourself in {cwd}: {' '.join(command[:1] and [Path(command[0]).name])}"
            f" {' '.join(command[1:])}",
        )
    return output

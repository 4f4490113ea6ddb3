"""Helpers shared by test tiers (importable as ``support``: tests/ is on the pythonpath)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mcpgen.render import template_path

SERVER_TEMPLATE = template_path("server")


def run_tool(*args: str, cwd: Path) -> str:
    """Run a Python tool from mcpgen's environment; fail with its output if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{' '.join(args)} failed in {cwd}:\n{done.stdout}{done.stderr}"
    return done.stdout

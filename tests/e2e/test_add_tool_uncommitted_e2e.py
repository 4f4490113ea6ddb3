"""``mcpgen add-tool`` on a work tree with uncommitted hand edits, through the real command.

The integration is recorded on ``mcpgen/template`` without committing or staging anything of
the user's; ``update --check`` (the project's CI step) passes; once the user commits, the
project installs from its lock and passes its own tests.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import Generated, mcpgen

pytestmark = pytest.mark.e2e


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_add_tool_on_hand_edits_keeps_ci_green(tmp_path: Path) -> None:
    new = ("new", "edited", "--git", "--yes", "--author", "Ada", "--email", "a@x.io")
    done = mcpgen(*new, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    root = tmp_path / "edited"
    replace(
        root / "pyproject.toml",
        '"pydantic-settings>=2.6",',
        '"pydantic-settings>=2.6",\n    "rich",',
    )
    replace(root / ".env.example", "MCP_LOG_LEVEL=INFO", "MCP_LOG_LEVEL=DEBUG")
    replace(root / "src/edited/tools/hello.py", '"""Your first tool', '"""Our first tool')
    head = git(root, "rev-parse", "HEAD^{tree}")

    done = mcpgen("add-tool", "postgres", cwd=root)  # new dependencies: uv.lock is remade
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recorded on the mcpgen/template branch; nothing committed" in done.stderr
    assert git(root, "rev-parse", "HEAD^{tree}") == head
    assert git(root, "diff", "--cached") == ""

    done = mcpgen("update", "--check", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr

    git(root, "add", "-A")
    git(root, "commit", "-qm", "postgres and my edits")
    done = mcpgen("update", "--check", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    project = Generated(root, "edited", "edited")
    project.uv("sync", "--locked", "--quiet")
    tested = project.run(str(project.python), "-m", "pytest", "-q", "-p", "no:randomly")
    assert " passed" in tested.stdout

"""A stdio-only project switched to HTTP with ``mcpgen update --set transport=http``.

A stdio project carries no HTTP modules, routes or tests; the switch adds them through the
ordinary update (pristine branch plus merge), keeps the user's own tool, and the result
passes its own tests, ruff and mypy.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import Generated, mcpgen

pytestmark = pytest.mark.e2e

HTTP_ONLY = (
    "src/switch/network.py",
    "src/switch/sessions.py",
    "src/switch/auth.py",
    "src/switch/identity.py",
    "src/switch/healthcheck.py",
    "tests/test_http.py",
    "tests/test_network.py",
)
MINE = '''"""A tool written by hand before the switch."""

from fastmcp.tools import tool


@tool
def shout(text: str) -> str:
    """Return the text in capitals."""
    return text.upper()
'''


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def test_switching_a_stdio_project_to_http_adds_the_http_parts(tmp_path: Path) -> None:
    new = ("new", "switch", "--transport", "stdio", "--git", "--no-install", "--yes")
    done = mcpgen(*new, "--author", "Ada", "--email", "a@x.io", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    root = tmp_path / "switch"
    assert not [path for path in HTTP_ONLY if (root / path).exists()]
    assert 'choices=["stdio"]' in (root / "src/switch/__main__.py").read_text()
    (root / "src/switch/tools/mine.py").write_text(MINE)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "my tool")

    done = mcpgen("update", "--set", "transport=http", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [path for path in HTTP_ONLY if not (root / path).exists()] == []
    assert (root / "src/switch/tools/mine.py").read_text() == MINE
    assert not git(root, "status", "--porcelain")

    project = Generated(root, "switch", "switch")
    project.uv("sync", "--locked", "--quiet")
    tested = project.run(str(project.python), "-m", "pytest", "-q", "-p", "no:randomly")
    assert " passed" in tested.stdout
    project.run(str(project.python), "-m", "ruff", "check", ".")
    project.run(str(project.python), "-m", "ruff", "format", "--check", ".")
    project.run(str(project.python), "-m", "mypy")
    listed = project.run(str(project.python), "-m", "switch", "--help").stdout
    assert "--port" in listed

"""mcpgen as users will install it: the wheel and sdist build, and the wheel alone generates.

``uv build`` makes the sdist and then the wheel from the sdist, so a file missing from either
fails here. The wheel is installed into a fresh virtual environment (no checkout on the path)
and the project it generates must install and pass its own tests.
"""

from __future__ import annotations

import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from support import project_env, uv_bin

from mcpgen import __version__

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        list(args), cwd=cwd, env=project_env(), capture_output=True, text=True, timeout=900,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_wheel_generates_a_project_that_passes_its_tests(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(uv_bin(), "build", "--out-dir", str(dist), str(ROOT), cwd=tmp_path)
    wheel = dist / f"mcpgen-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for template in (
        "mcpgen/templates/server/copier.yml",
        "mcpgen/templates/server/project/.env.example.jinja",
        "mcpgen/templates/server/project/.github/workflows/release.yml.jinja",
        "mcpgen/check/probe.py",
    ):
        assert template in names, template
    with tarfile.open(dist / f"mcpgen-{__version__}.tar.gz") as sdist:
        assert f"mcpgen-{__version__}/src/mcpgen/__init__.py" in sdist.getnames()

    venv = tmp_path / "clean"
    run(uv_bin(), "venv", str(venv), cwd=tmp_path)
    run(uv_bin(), "pip", "install", "--python", str(venv / "bin" / "python"), str(wheel),
        cwd=tmp_path)  # fmt: skip
    version = run(str(venv / "bin" / "mcpgen"), "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"mcpgen {__version__}"
    run(str(venv / "bin" / "mcpgen"), "new", "from-wheel", "--yes", "--no-git", cwd=tmp_path)
    project = tmp_path / "from-wheel"
    run(uv_bin(), "sync", "--quiet", cwd=project)
    run(uv_bin(), "run", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)

"""End-to-end fixtures: generate through the real ``mcpgen`` command, install once, reuse.

Each combination of options is generated and ``uv sync``-ed once per session; every test that
needs the same combination shares it. All projects share one uv cache, so dependencies are
downloaded and built once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

_SCRIPT = Path(sys.executable).with_name("mcpgen")
# The real console script when installed (it is in CI); ``python -m mcpgen`` otherwise.
MCPGEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "mcpgen"]


def uv_bin() -> str:
    """The uv binary installed with mcpgen."""
    from uv import find_uv_bin

    return str(find_uv_bin())


@dataclass(frozen=True)
class Generated:
    """A generated, installed project."""

    root: Path
    package: str
    script: str

    @property
    def python(self) -> Path:
        return self.root / ".venv" / "bin" / "python"

    @property
    def executable(self) -> Path:
        return self.root / ".venv" / "bin" / self.script

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """Run a command in the project; fail the test with its output if it fails."""
        done = subprocess.run(
            list(args),
            cwd=self.root,
            env=project_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done

    def uv(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """Run ``uv ARGS`` in the project."""
        return self.run(uv_bin(), *args, timeout=timeout)


def project_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for generated projects: offline interpreters, no mcpgen venv leaking in."""
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"}
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    for key in list(env):
        if key.startswith(("MCP_", "POSTGRES_")):
            del env[key]
    env.update(extra or {})
    return env


def mcpgen(*args: str, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run the real mcpgen command in a subprocess."""
    return subprocess.run(
        [*MCPGEN, *args],
        cwd=cwd,
        env={**project_env(), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def generate_project(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., Generated]]:
    """``generate_project(name, *options, add_tools=[...])``: generated and installed once."""
    base = tmp_path_factory.mktemp("e2e-projects")
    cache: dict[tuple[str, tuple[str, ...], tuple[Sequence[str], ...]], Generated] = {}

    def factory(name: str, *options: str, add_tools: Sequence[Sequence[str]] = ()) -> Generated:
        key = (name, options, tuple(tuple(args) for args in add_tools))
        if key not in cache:
            made = mcpgen("new", name, "--yes", "--no-git", *options, cwd=base)
            assert made.returncode == 0, made.stdout + made.stderr
            root = base / name
            for args in add_tools:
                added = mcpgen("add-tool", *args, "--project", str(root), cwd=base)
                assert added.returncode == 0, added.stdout + added.stderr
            generated = Generated(root=root, package=name.replace("-", "_"), script=name)
            generated.uv("sync", "--quiet")
            cache[key] = generated
        return cache[key]

    yield factory
    shutil.rmtree(base, ignore_errors=True)

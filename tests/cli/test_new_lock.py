"""``mcpgen new`` locks the dependencies while it writes the rest, and leaves nothing on failure."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import free_port
from support import invoke as mcpgen

from mcpgen import generate, options, tooling
from mcpgen.errors import MCPGenError


def processes_inside(root: Path) -> list[str]:
    """Command lines of the live processes whose working directory is under ``root``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = (entry / "cwd").readlink()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if cwd.is_relative_to(root):
            found.append(command)
    return found


class Steps:
    """A reporter; with ``fail_at``, the step of that label raises ``error``."""

    def __init__(self, fail_at: str = "", error: BaseException | None = None) -> None:
        self.fail_at = fail_at
        self.error = error

    @contextlib.contextmanager
    def step(self, label: str) -> Iterator[None]:
        if label == self.fail_at and self.error is not None:
            raise self.error
        yield

    def note(self, message: str) -> None:
        pass


def request(tmp_path: Path, *, git: bool) -> generate.NewRequest:
    answers = options.resolve_answers("locked", {"transport": "http", "docker": True}, ask=False)
    return generate.NewRequest(
        answers=answers,
        dest=tmp_path / "locked",
        components=["weather", "sqlite", "postgres"],
        git=git,
    )


@pytest.mark.parametrize("git", [False, True])
def test_the_lock_is_the_projects_own(git: bool, tmp_path: Path) -> None:
    made = request(tmp_path, git=git)
    generate.create(made, Steps())

    check = subprocess.run(
        [tooling.uv_executable(), "lock", "--locked"],
        cwd=made.dest,
        capture_output=True,
        text=True,
        check=False,
        env={key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"},
    )
    assert check.returncode == 0, check.stderr
    assert "asyncpg" in (made.dest / "uv.lock").read_text(), "the components' dependencies"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["locked"]
    if git:
        status = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=made.dest,
            capture_output=True,
            text=True,
            check=True,
        )
        assert status.stdout == "", "uv.lock is committed"
        pristine = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", "mcpgen/template"],
            cwd=made.dest,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "uv.lock" not in pristine.stdout.split()


@pytest.mark.parametrize(
    ("label", "error"),
    [
        ("Added the sqlite integration", KeyboardInterrupt()),
        ("Added the postgres integration", MCPGenError("a component failed")),
        ("Locked the dependencies (uv lock)", KeyboardInterrupt()),
    ],
)
@pytest.mark.parametrize("git", [False, True])
def test_a_failure_while_uv_locks_stops_it_and_leaves_nothing(
    label: str, error: BaseException, git: bool, tmp_path: Path
) -> None:
    with pytest.raises(type(error)):
        generate.create(request(tmp_path, git=git), Steps(label, error))

    assert list(tmp_path.iterdir()) == []
    assert processes_inside(tmp_path) == []


def test_a_lock_uv_cannot_make_fails_new_with_nothing_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("UV_INDEX_URL", "UV_DEFAULT_INDEX"):  # nothing listens there
        monkeypatch.setenv(variable, f"http://127.0.0.1:{free_port()}/simple")
    empty_cache = tmp_path / "empty-cache"
    empty_cache.mkdir()
    monkeypatch.setenv("UV_CACHE_DIR", str(empty_cache))
    monkeypatch.chdir(tmp_path)

    code, output = mcpgen("new", "unlocked", "--yes", "--no-git", "--with", "weather")

    assert code == 1, output
    error = next(line for line in output.splitlines() if line.startswith("Error:"))
    assert "Could not lock the project's dependencies" in error
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty-cache"]

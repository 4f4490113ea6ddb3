"""``mcpgen add-tool``, ``mcpgen list`` and ``new --with``: exit codes, messages, files."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import free_port, tree
from support import invoke as mcpgen

from mcpgen import catalog, generate, pristine, tooling


def locked_packages(lock: Path) -> set[tuple[str, str]]:
    """(name, version) of every package in a uv.lock; uv may order its markers differently."""
    packages = tomllib.loads(lock.read_text())["package"]
    return {(package["name"], package["version"]) for package in packages}


def sync_locked(root: Path) -> subprocess.CompletedProcess[str]:
    """The project's own ``uv sync --locked``, with the uv installed alongside mcpgen."""
    return subprocess.run(
        [tooling.uv_executable(), "sync", "--locked"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"},
    )


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    code, output = mcpgen("new", "demo", "--yes", "--no-git", "--transport", "http")
    assert code == 0, output
    return tmp_path / "demo"


@pytest.mark.parametrize("command", [["add-tool", "--list"], ["list"]])
def test_lists_every_kind_with_a_summary(command: list[str]) -> None:
    code, output = mcpgen(*command)
    assert code == 0, output
    for kind in catalog.KINDS.values():
        assert f"{kind.name}  " in output
        assert kind.summary in output


def test_list_json_is_machine_readable() -> None:
    code, output = mcpgen("list", "--json")
    assert code == 0
    kinds = {item["kind"]: item for item in json.loads(output)}
    assert {"weather", "sqlite", "postgres"} <= set(kinds)
    assert kinds["postgres"]["tools"] == ["postgres_list_tables", "postgres_query"]
    assert kinds["postgres"]["needs"] == []
    assert kinds["custom"]["needs"] == ["--name"]
    assert kinds["openapi"]["needs"] == ["--spec"]


def test_adds_a_component_and_says_what_to_do_next(project: Path) -> None:
    code, output = mcpgen("add-tool", "weather", "--project", str(project))
    assert code == 0, output
    assert (project / "src/demo/tools/weather.py").is_file()
    for text in ("created src/demo/tools/weather.py", "changed pyproject.toml", "uv sync",
                 "WEATHER_API_KEY", "weather_current"):  # fmt: skip
        assert text in output


def test_runs_inside_a_subdirectory_of_the_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "src")
    code, output = mcpgen("add-tool", "sqlite", "--name", "shop")
    assert code == 0, output
    assert (project / "src/demo/tools/shop.py").is_file()
    assert (project / ".copier-answers.component-shop.yml").is_file()


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["add-tool"], 2, "Missing the integration to add"),
        (["add-tool", "redis"], 1, "Unknown integration 'redis'"),
        (["add-tool", "weather", "--name", "Bad-Name"], 2, "Invalid name 'Bad-Name'"),
        (["add-tool", "weather", "--name", "mcp_extra"], 2, "server's own variables"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(
    project: Path, args: list[str], exit_code: int, message: str
) -> None:
    before = tree(project)
    code, output = mcpgen(*args, "--project", str(project))
    assert code == exit_code, output
    assert message in output
    assert "Hint:" in output
    assert tree(project) == before


def test_unknown_kind_hints_at_the_list(project: Path) -> None:
    _, output = mcpgen("add-tool", "redis", "--project", str(project))
    assert "mcpgen add-tool --list" in output


def test_an_existing_instance_is_refused(project: Path) -> None:
    assert mcpgen("add-tool", "postgres", "--project", str(project))[0] == 0
    before = tree(project)
    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 1
    assert "already has an integration called 'postgres'" in output
    assert "--name postgres_2" in output
    assert tree(project) == before


def test_outside_a_project_is_a_clear_error(tmp_path: Path) -> None:
    code, output = mcpgen("add-tool", "weather", "--project", str(tmp_path))
    assert code == 1
    assert "No mcpgen project" in output
    assert list(tmp_path.iterdir()) == []


def test_new_with_equals_new_then_add_tool(tmp_path: Path) -> None:
    code, output = mcpgen(
        "new", "one", "--yes", "--no-git", "--docker", "--with", "weather,sqlite", "--tool",
        "postgres",
    )  # fmt: skip
    assert code == 0, output
    code, output = mcpgen("new", "one", "--yes", "--no-git", "--docker", "--dest", "one-again")
    assert code == 0, output
    for kind in ("weather", "sqlite", "postgres"):
        assert mcpgen("add-tool", kind, "--project", "one-again")[0] == 0
    one, again = tree(tmp_path / "one"), tree(tmp_path / "one-again")
    assert one.pop("uv.lock") and again.pop("uv.lock")
    assert one == again
    pinned = locked_packages(tmp_path / "one/uv.lock")
    assert pinned == locked_packages(tmp_path / "one-again/uv.lock")
    assert "asyncpg" in {name for name, _ in pinned}


def test_new_with_an_unknown_kind_creates_nothing(tmp_path: Path) -> None:
    code, output = mcpgen("new", "demo", "--yes", "--no-git", "--with", "weather,redis")
    assert code == 1
    assert "Unknown integration 'redis'" in output
    assert list(tmp_path.iterdir()) == []


def test_in_a_tracked_project_the_addition_is_committed(tmp_path: Path) -> None:
    code, output = mcpgen("new", "demo", "--yes", "--transport", "stdio")
    assert code == 0, output
    code, output = mcpgen("add-tool", "sqlite", "--project", "demo")
    assert code == 0, output
    assert "recorded on the mcpgen/template branch" in output
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd="demo", capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=u", "-c", "user.email=u@x.io", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_outside_git_the_files_are_added_and_the_note_says_update_cannot_merge(
    project: Path,
) -> None:
    code, output = mcpgen("add-tool", "sqlite", "--project", str(project))
    assert code == 0, output
    assert "not recorded for 'mcpgen update': this project is not a git repository" in output
    assert (project / "src/demo/tools/sqlite.py").is_file()
    code, output = mcpgen("update", "--project", str(project))
    assert code == 1 and "not a git repository" in output and "adopt" in output


def test_without_a_pristine_branch_adopt_records_the_integration_later(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "mine")
    code, output = mcpgen("add-tool", "sqlite", "--project", str(project))
    assert code == 0, output
    assert "no 'mcpgen/template' branch" in output and "mcpgen adopt" in output
    assert "?? src/demo/tools/sqlite.py" in git(project, "status", "--porcelain")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "sqlite")
    assert mcpgen("adopt", "--project", str(project))[0] == 0
    assert "src/demo/tools/sqlite.py" in git(
        project, "ls-tree", "-r", "--name-only", "mcpgen/template"
    )
    code, output = mcpgen("update", "--project", str(project), "--check")
    assert code == 0 and "Up to date" in output, output


def test_during_an_unfinished_merge_nothing_is_added(tmp_path: Path) -> None:
    assert mcpgen("new", "demo", "--yes", "--git")[0] == 0
    root = tmp_path / "demo"
    git(root, "switch", "-qc", "theirs")
    (root / "README.md").write_text("theirs\n")
    git(root, "commit", "-qam", "theirs")
    git(root, "switch", "-q", "main")
    (root / "README.md").write_text("ours\n")
    git(root, "commit", "-qam", "ours")
    merging = subprocess.run(
        ["git", "merge", "-q", "theirs"], cwd=root, capture_output=True, check=False
    )
    assert merging.returncode != 0, "the merge conflicts"
    before = tree(root), git(root, "rev-parse", "HEAD", "mcpgen/template")
    code, output = mcpgen("add-tool", "sqlite", "--project", str(root))
    assert code == 1
    assert "A git merge is in progress" in output and "nothing was added" in output
    assert (tree(root), git(root, "rev-parse", "HEAD", "mcpgen/template")) == before


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "victim"
    path.write_text("precious")
    return path


@pytest.mark.parametrize(
    "planted",
    [".pyproject.toml.mcpgen-tmp", "..env.example.mcpgen-tmp", ".env.example.mcpgen-tmp"],
)
def test_links_at_predictable_temporary_names_are_not_followed(
    project: Path, victim: Path, planted: str
) -> None:
    (project / planted).symlink_to(victim)
    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 0, output
    assert victim.read_text() == "precious"
    assert "asyncpg" in (project / "pyproject.toml").read_text()
    assert "POSTGRES_DSN" in (project / ".env.example").read_text()


@pytest.mark.parametrize("linked", ["pyproject.toml", ".env.example", "tests", "src/demo/tools"])
def test_a_link_out_of_the_project_is_refused_and_nothing_changes(
    project: Path, victim: Path, linked: str
) -> None:
    target = project / linked
    if target.is_dir():
        moved = victim.parent / "moved"
        target.rename(moved)
        target.symlink_to(moved)
    else:
        victim.write_bytes(target.read_bytes())
        target.unlink()
        target.symlink_to(victim)
    before, outside = tree(project), tree(victim.parent)
    code, output = mcpgen("add-tool", "sqlite", "--project", str(project))
    assert code == 1, output
    assert "outside the project" in output
    assert tree(project) == before and tree(victim.parent) == outside


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_failure_midway_restores_the_project_byte_for_byte(project: Path) -> None:
    """Files are written in path order; one under tests/ fails after others were created."""
    os.chown(project / "tests", 12345, 12345)
    before = tree(project)
    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 1, output
    assert "belongs to another user" in output
    assert tree(project) == before
    assert not (project / "src/demo/tools/postgres.py").exists()


def test_new_dependencies_are_locked_so_uv_sync_locked_passes(project: Path) -> None:
    before = locked_packages(project / "uv.lock")
    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 0, output
    assert "changed uv.lock" in output
    assert "asyncpg" in {name for name, _ in locked_packages(project / "uv.lock") - before}
    synced = sync_locked(project)
    assert synced.returncode == 0, synced.stdout + synced.stderr


def test_in_a_tracked_project_the_lock_is_committed_but_not_on_the_pristine_branch(
    tmp_path: Path,
) -> None:
    assert mcpgen("new", "demo", "--yes", "--transport", "stdio")[0] == 0
    code, output = mcpgen("add-tool", "postgres", "--project", "demo")
    assert code == 0, output
    shown = subprocess.run(
        ["git", "show", "--name-only", "--format=", "HEAD^1"],
        cwd="demo", capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "uv.lock" in shown.stdout.split(), "committed with the addition"
    pristine = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "mcpgen/template"],
        cwd="demo", capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "uv.lock" not in pristine.stdout.split()
    assert sync_locked(tmp_path / "demo").returncode == 0


def test_a_project_without_a_lock_does_not_get_one(project: Path) -> None:
    (project / "uv.lock").unlink()
    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 0, output
    assert not (project / "uv.lock").exists()
    assert "uv.lock" not in output


def test_a_lock_uv_cannot_make_leaves_the_project_as_it_was(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("UV_INDEX_URL", "UV_DEFAULT_INDEX"):  # nothing listens there
        monkeypatch.setenv(variable, f"http://127.0.0.1:{free_port()}/simple")
    empty_cache = tmp_path / "empty-cache"
    empty_cache.mkdir()
    monkeypatch.setenv("UV_CACHE_DIR", str(empty_cache))
    before = tree(project)
    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 1, output
    error = next(line for line in output.splitlines() if line.startswith("Error:"))
    assert "Could not lock the project's dependencies" in error
    following = output.splitlines()[output.splitlines().index(error) + 1]
    assert following.startswith("Hint:"), "the error is one line, then a hint"
    assert tree(project) == before


def test_ctrl_c_while_locking_restores_the_lock_and_every_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(root: Path) -> str:
        (root / "uv.lock").write_text("half-written by an interrupted uv")
        raise KeyboardInterrupt

    monkeypatch.setattr(generate, "lock_dependencies", interrupted)
    before = tree(project)
    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 130, output
    assert tree(project) == before


def test_writing_and_locking_are_reported_as_two_steps(project: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.steps: list[str] = []

        @contextmanager
        def step(self, label: str) -> Iterator[None]:
            yield
            self.steps.append(label)

        def note(self, message: str) -> None:
            self.steps.append(f"note: {message}")

    recorder = Recorder()
    added, _ = pristine.add_component(project, "postgres", None, reporter=recorder)
    assert recorder.steps == ["Added the postgres integration", "Locked the dependencies (uv lock)"]
    assert added.locked and Path("uv.lock") in added.changed

"""Finding the project: stop at the repository root, trust only the user's own answers files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from mcpgen import project
from mcpgen.errors import ProjectNotFoundError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes")
ANSWERS = "project_name: demo\npackage_name: demo\ntransport: stdio\n"
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


def plant(directory: Path, *, uid: int | None = None, mode: int | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    answers = directory / project.ANSWERS_FILE
    answers.write_text(ANSWERS)
    if uid is not None:
        os.chown(answers, uid, uid)
    if mode is not None:
        answers.chmod(mode)
    return answers


def test_a_project_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    plant(tmp_path / "demo")
    (tmp_path / "demo" / "src" / "demo").mkdir(parents=True)
    assert project.load(tmp_path / "demo" / "src" / "demo").root == tmp_path / "demo"


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    plant(tmp_path)  # e.g. planted in a shared /tmp above the user's checkout
    (tmp_path / "checkout" / ".git").mkdir(parents=True)
    (tmp_path / "checkout" / "src").mkdir()
    assert project.find_root(tmp_path / "checkout" / "src") is None
    with pytest.raises(ProjectNotFoundError, match="repository root") as caught:
        project.load(tmp_path / "checkout" / "src")
    assert caught.value.hint is not None and "--project" in caught.value.hint


def test_a_git_file_marks_a_repository_root_too(tmp_path: Path) -> None:
    plant(tmp_path)
    (tmp_path / "worktree").mkdir()
    (tmp_path / "worktree" / ".git").write_text("gitdir: /elsewhere\n")
    assert project.find_root(tmp_path / "worktree") is None


@needs_root
def test_answers_of_another_user_in_a_shared_parent_are_ignored(tmp_path: Path) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    planted = plant(shared, uid=12345)
    (shared / "mywork").mkdir()
    with pytest.raises(ProjectNotFoundError) as caught:
        project.load(shared / "mywork")
    assert f"ignored {planted}" in caught.value.message
    assert "belongs to another user (uid 12345)" in caught.value.message


def test_answers_every_user_may_rewrite_are_ignored(tmp_path: Path) -> None:
    plant(tmp_path / "demo", mode=0o666)
    with pytest.raises(ProjectNotFoundError, match="every user may write to it"):
        project.load(tmp_path / "demo")


@pytest.mark.parametrize(("mode", "trusted"), [(0o777, False), (0o1777, True), (0o775, True)])
def test_a_directory_others_may_write_is_trusted_only_when_sticky(
    tmp_path: Path, mode: int, trusted: bool
) -> None:
    plant(tmp_path / "demo")
    (tmp_path / "demo").chmod(mode)
    assert (project.find_root(tmp_path / "demo") is not None) is trusted


@needs_root
def test_a_directory_of_another_user_is_not_trusted(tmp_path: Path) -> None:
    plant(tmp_path / "theirs")
    os.chown(tmp_path / "theirs", 12345, 12345)
    assert project.find_root(tmp_path / "theirs") is None


def test_a_linked_answers_file_is_not_trusted(tmp_path: Path) -> None:
    real = plant(tmp_path / "elsewhere")
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / project.ANSWERS_FILE).symlink_to(real)
    with pytest.raises(ProjectNotFoundError, match="not a regular file"):
        project.load(tmp_path / "demo")


@needs_root
def test_a_component_answers_file_of_another_user_is_refused(tmp_path: Path) -> None:
    plant(tmp_path / "demo")
    component = tmp_path / "demo" / project.component_answers_file("weather")
    component.write_text("component_name: weather\nkind: weather\n")
    os.chown(component, 12345, 12345)
    with pytest.raises(ProjectNotFoundError, match="belongs to another user"):
        project.load(tmp_path / "demo")


@pytest.mark.parametrize(
    "recorded",
    [
        "project_name: ../../bin/sh\npackage_name: demo\n",
        "project_name: demo\npackage_name: os.system\n",
        "project_name: demo\n",
    ],
)
def test_answers_with_names_mcpgen_never_writes_are_refused(tmp_path: Path, recorded: str) -> None:
    (tmp_path / project.ANSWERS_FILE).write_text(recorded)
    with pytest.raises(ProjectNotFoundError, match="not written by mcpgen"):
        project.load(tmp_path)

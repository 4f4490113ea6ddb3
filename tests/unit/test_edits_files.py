"""Every write of a user's file: no link followed, exclusive names, modes from the first byte."""

from __future__ import annotations

import itertools
import os
import stat
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mcpgen.edits import files
from mcpgen.edits.transaction import transaction
from mcpgen.errors import FileEditError, UnsafeFileError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, modes and owners")
OTHER_UID = 12345


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the project that an attacker wants mcpgen to overwrite."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "victim"
    path.write_text("precious")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("old")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes | str, int]]:
    """Every entry under ``root``: content (or link target) and mode, links not followed."""
    found: dict[str, tuple[bytes | str, int]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        content: bytes | str = b""
        if path.is_symlink():
            content = str(path.readlink())
        elif path.is_file():
            content = path.read_bytes()
        found[str(path.relative_to(root))] = (content, info.st_mode)
    return found


def test_replaces_atomically_with_a_backup_and_the_same_mode(project: Path) -> None:
    config = project / "c.json"
    config.write_text("old\r\n", newline="")
    config.chmod(0o600)
    backup = files.write(config, b"new\r\n", expected=b"old\r\n", backup=True)
    assert backup is not None and backup.name.startswith("c.json.mcpgen-backup-")
    assert backup.read_bytes() == b"old\r\n" and config.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(config.stat().st_mode) == stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not list(project.glob(f"*{files.TEMP_SUFFIX}"))


def test_temp_files_and_backups_are_never_readable_by_others_even_for_a_moment(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project / "c.json"
    config.write_text("secret token")
    config.chmod(0o600)
    real_open = os.open
    modes_at_creation: list[int] = []

    def observing_open(*args: Any, **kwargs: Any) -> int:
        fd = real_open(*args, **kwargs)
        if args[1] & os.O_CREAT:
            modes_at_creation.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return fd

    monkeypatch.setattr(os, "open", observing_open)
    previous = os.umask(0)  # a umask would hide a file created 0666 and narrowed afterwards
    try:
        files.write(config, b"new", expected=b"secret token", backup=True)
    finally:
        os.umask(previous)
    assert len(modes_at_creation) == 2  # the backup and the temporary file
    assert all(mode & 0o077 == 0 for mode in modes_at_creation), modes_at_creation


def test_backup_and_temp_names_are_unpredictable(project: Path) -> None:
    config = project / "c.json"
    names = set()
    for content in (b"1", b"2", b"3"):
        before = config.read_bytes() if config.exists() else None
        made = files.write(config, content, expected=before, backup=True)
        if made is not None:
            names.add(made.name)
    assert len(names) == 2
    stamp = datetime.now().strftime("%Y%m%d-")
    assert all(name.startswith(f"c.json.mcpgen-backup-{stamp}") for name in names)
    assert all(len(name.rsplit("-", 1)[1]) == 8 for name in names)


@pytest.mark.parametrize("kind", ["temp", "backup"])
def test_a_link_planted_at_a_guessed_name_is_not_followed(
    project: Path, victim: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    tokens = itertools.chain(["guessed0", "guessed0"], (f"fresh{i:03}" for i in itertools.count()))
    monkeypatch.setattr(files, "_token", lambda _n: next(tokens))
    guessed = {
        "temp": f".pyproject.toml.guessed0{files.TEMP_SUFFIX}",
        "backup": f"pyproject.toml{files.BACKUP_SUFFIX}"
        f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-guessed0",
    }[kind]
    (project / guessed).symlink_to(victim)
    files.write(project / "pyproject.toml", b"new", expected=b"old", backup=True)
    assert victim.read_text() == "precious"
    assert (project / guessed).is_symlink()
    assert (project / "pyproject.toml").read_text() == "new"


@pytest.mark.parametrize(
    "old_predictable_name", [".pyproject.toml.mcpgen-tmp", "pyproject.toml.mcpgen-backup-X"]
)
def test_links_at_the_names_older_versions_used_are_ignored(
    project: Path, victim: Path, old_predictable_name: str
) -> None:
    (project / old_predictable_name).symlink_to(victim)
    files.write(project / "pyproject.toml", b"new", expected=b"old", backup=True)
    assert victim.read_text() == "precious"


def test_a_link_leading_out_of_the_project_is_refused(project: Path, victim: Path) -> None:
    link = project / ".mcp.json"
    link.symlink_to(victim)
    with pytest.raises(UnsafeFileError, match="outside the project"):
        files.write(link, b"{}", expected=b"precious", inside=project)
    assert victim.read_text() == "precious"


def test_a_linked_parent_directory_leading_out_is_refused(project: Path, victim: Path) -> None:
    (project / ".cursor").symlink_to(victim.parent)
    with pytest.raises(UnsafeFileError, match="outside the project"):
        files.write(project / ".cursor" / "victim", b"x", expected=b"precious", inside=project)
    with pytest.raises(UnsafeFileError, match="outside the project"):
        files.write(project / ".cursor" / "new.json", b"x", expected=None, inside=project)
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim"]


def test_a_link_inside_the_project_is_edited_where_it_leads(project: Path) -> None:
    (project / ".cursor").mkdir()
    (project / ".cursor" / "mcp.json").write_text("{}")
    (project / ".mcp.json").symlink_to(".cursor/mcp.json")
    files.write(project / ".mcp.json", b"new", expected=b"{}", inside=project)
    assert (project / ".mcp.json").is_symlink()
    assert (project / ".cursor" / "mcp.json").read_text() == "new"


def test_a_user_file_linked_by_a_dotfile_manager_is_edited_at_its_target(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "mcp.json"
    real.parent.mkdir()
    real.write_text("{}")
    link = tmp_path / "mcp.json"
    link.symlink_to(real)
    files.write(link, b"new", expected=b"{}")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("where", ["file", "parent"])
def test_nothing_is_created_through_a_dangling_link(
    tmp_path: Path, project: Path, where: str
) -> None:
    missing = tmp_path / "elsewhere" / "mcp.json"
    if where == "file":
        link = project / "mcp.json"
        link.symlink_to(missing)
    else:
        (project / ".gemini").symlink_to(missing.parent)
        link = project / ".gemini" / "mcp.json"
    for inside in (project, None):
        with pytest.raises(UnsafeFileError, match="does not exist"):
            files.write(link, b"{}", expected=None, inside=inside)
    assert not missing.parent.exists()


def test_a_directory_swapped_for_a_link_after_the_check_is_not_followed(
    project: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: the path is vetted, then a directory on it becomes a link before the write."""
    (project / ".vscode").mkdir()
    (project / ".vscode" / "victim").write_text("precious")
    real_resolve = files.resolve

    def resolve_then_swap(path: Path, *, inside: Path | None = None) -> Path:
        resolved = real_resolve(path, inside=inside)
        (project / ".vscode" / "victim").unlink()
        (project / ".vscode").rmdir()
        (project / ".vscode").symlink_to(victim.parent)
        return resolved

    monkeypatch.setattr(files, "resolve", resolve_then_swap)
    with pytest.raises(UnsafeFileError, match="became a link"):
        files.write(project / ".vscode" / "victim", b"x", expected=b"precious", inside=project)
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim"]


def test_a_file_swapped_for_a_link_after_the_check_is_not_followed(
    project: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_resolve = files.resolve

    def resolve_then_swap(path: Path, *, inside: Path | None = None) -> Path:
        resolved = real_resolve(path, inside=inside)
        (project / "pyproject.toml").unlink()
        (project / "pyproject.toml").symlink_to(victim)
        return resolved

    monkeypatch.setattr(files, "resolve", resolve_then_swap)
    with pytest.raises(UnsafeFileError, match="became a link"):
        files.write(project / "pyproject.toml", b"x", expected=b"old", inside=project)
    assert victim.read_text() == "precious"


def test_a_file_with_another_hard_link_is_refused(project: Path, victim: Path) -> None:
    (project / "pyproject.toml").unlink()
    os.link(victim, project / "pyproject.toml")
    with pytest.raises(UnsafeFileError, match="hard link"):
        files.write(project / "pyproject.toml", b"x", expected=b"precious", inside=project)
    assert victim.read_text() == "precious"


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_files_and_directories_of_another_user_are_refused(project: Path, tmp_path: Path) -> None:
    target = project / "pyproject.toml"
    os.chown(target, OTHER_UID, OTHER_UID)
    with pytest.raises(UnsafeFileError, match="belongs to another user"):
        files.write(target, b"x", expected=b"old", inside=project)
    with pytest.raises(UnsafeFileError, match="belongs to another user"):
        files.read(target)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, OTHER_UID, OTHER_UID)
    with pytest.raises(UnsafeFileError, match="belongs to another user"):
        files.write(theirs / "new.json", b"x", expected=None)
    assert list(theirs.iterdir()) == [] and target.read_text() == "old"


def test_a_directory_everyone_may_write_is_refused_unless_sticky(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(UnsafeFileError, match="writable by every user"):
        files.write(shared / "c.json", b"x", expected=None)
    shared.chmod(0o777 | stat.S_ISVTX)  # like /tmp: others cannot replace what is ours
    files.write(shared / "c.json", b"x", expected=None)
    assert (shared / "c.json").read_bytes() == b"x"


def test_a_fifo_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "pipe.json")
    with pytest.raises(UnsafeFileError, match="not a regular file"):
        files.read(project / "pipe.json")


def test_a_file_changed_or_created_meanwhile_is_left_alone(project: Path) -> None:
    with pytest.raises(FileEditError, match="changed while"):
        files.write(project / "pyproject.toml", b"x", expected=b"what we read earlier")
    with pytest.raises(FileEditError, match="already exists"):
        files.write(project / "pyproject.toml", b"x", expected=None)
    assert (project / "pyproject.toml").read_text() == "old"
    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml"]


def test_read_only_files_are_refused(project: Path) -> None:
    (project / "pyproject.toml").chmod(0o444)
    with pytest.raises(FileEditError, match="read-only"):
        files.write(project / "pyproject.toml", b"x", expected=b"old")


@pytest.mark.parametrize("failure", [KeyboardInterrupt, RuntimeError, UnsafeFileError])
def test_a_failed_batch_leaves_the_project_exactly_as_it_was(
    project: Path, victim: Path, failure: type[BaseException]
) -> None:
    (project / "keep").mkdir()
    (project / "pyproject.toml").chmod(0o640)
    (project / "docs").symlink_to(victim.parent)  # a write below it must fail
    before = snapshot(project)
    with pytest.raises(failure), transaction(project) as batch:
        batch.create(Path("src/pkg/tools/new.py"), b"new module")
        batch.replace(Path("pyproject.toml"), b"changed", expected=b"old")
        if failure is UnsafeFileError:
            batch.create(Path("docs/new.md"), b"through the link")
        raise failure("stop")
    assert snapshot(project) == before
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim"]

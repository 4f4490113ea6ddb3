"""``mcpgen new``: render the server template (and components) safely into a new directory."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mcpgen import project as project_mod
from mcpgen import render, tooling, vcs
from mcpgen.errors import DestinationError, MCPGenError, StepFailedError

LOCK_FILE = "uv.lock"


class Reporter(Protocol):
    """Where progress goes (the CLI shows it; tests may ignore it)."""

    def step(self, label: str) -> contextlib.AbstractContextManager[None]:
        """Context manager around one slow step."""

    def note(self, message: str) -> None:
        """A line of detail."""


@dataclass
class NewRequest:
    """Everything ``mcpgen new`` needs."""

    answers: dict[str, Any]
    dest: Path
    components: list[str] = field(default_factory=list)
    git: bool = True
    install: bool = False


def check_destination(dest: Path) -> Path:
    """The absolute destination, or a DestinationError when it cannot be used safely."""
    dest = dest.expanduser().absolute()
    if dest.exists() and not dest.is_dir():
        raise DestinationError(f"{dest} exists and is not a directory.", hint="Choose --dest DIR.")
    if dest.is_dir() and any(dest.iterdir()):
        raise DestinationError(
            f"{dest} already exists and is not empty; mcpgen never overwrites files.",
            hint="Choose another name or --dest DIR, or remove the directory yourself.",
        )
    parent = dest.parent
    if not parent.is_dir():
        raise DestinationError(
            f"Parent directory {parent} does not exist.", hint=f"Create it first: mkdir -p {parent}"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DestinationError(
            f"Cannot write to {parent}.", hint="Choose a directory you can write to with --dest."
        )
    return dest


@contextlib.contextmanager
def staging_directory(dest: Path) -> Iterator[Path]:
    """A scratch directory beside ``dest`` (same file system, so the final move is atomic).

    It is removed whatever happens, including Ctrl-C, so a failed run leaves nothing behind.
    """
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f".{dest.name}.mcpgen-", dir=dest.parent))
    except OSError as exc:
        raise DestinationError(f"Cannot write to {dest.parent}: {exc.strerror}.") from exc
    try:
        yield scratch / dest.name
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _publish(staged: Path, dest: Path) -> None:
    if dest.is_dir():
        dest.rmdir()  # empty (checked before rendering); replaced by the rendered tree
    try:
        staged.rename(dest)
    except OSError as exc:
        raise DestinationError(f"Cannot create {dest}: {exc.strerror}.") from exc


def create(request: NewRequest, reporter: Reporter) -> project_mod.Project:
    """Render the project into a staging directory, then move it into place in one step.

    With git, the render is committed (one commit for the server, one per component) and the
    ``mcpgen/template`` branch marks that pristine state for later ``add-tool``/``update``.
    The dependencies are locked while the rest is written: ``uv lock`` starts as soon as the
    render's ``pyproject.toml`` with every component's dependencies is known, in a directory
    of its own holding only that file, so nothing it writes can enter a commit early.
    """
    from mcpgen import components

    dest = check_destination(request.dest)
    answers = request.answers
    with staging_directory(dest) as staged:
        with reporter.step(f"Rendered {answers['project_name']} (FastMCP server)"):
            render.render("server", staged, answers)
        pyproject = components.planned_pyproject(staged, request.components)
        lock = PendingLock.start(staged.parent / "lock" / staged.name, pyproject)
        try:
            git = _write_components(staged, request, reporter)
            with reporter.step("Locked the dependencies (uv lock)"):
                if (staged / components.PYPROJECT).read_bytes() == pyproject:
                    locked = lock.result(staged)
                else:  # never expected: the components changed more than their dependencies
                    lock.stop()
                    locked = lock_dependencies(staged)
        finally:
            lock.stop()
        reporter.note(locked)
        if git is not None:
            # On main only: the pristine branch holds what templates render, and a lock file
            # there would make every 'mcpgen update' fight the user's own locks.
            git.run("add", LOCK_FILE)
            git.run("commit", "-q", "--no-verify", "-m", "Lock dependencies (uv lock)")
            reporter.note(f"git: branch main, pristine render on {vcs.TEMPLATE_BRANCH}")
        _publish(staged, dest)
    created = project_mod.load(dest)
    if request.install:
        install(created, reporter)
    return created


def _write_components(staged: Path, request: NewRequest, reporter: Reporter) -> vcs.Git | None:
    """Commit the render (with git), add each component (committing each), mark the branch."""
    from mcpgen import components

    git = None
    if request.git:
        with reporter.step("Created a git repository with the first commit"):
            git = _start_repository(staged, request)
    for kind in request.components:
        with reporter.step(f"Added the {kind} integration"):
            added = components.add(staged, kind, scratch=True)
            if git is not None:
                git.commit_all(f"Add the {added.kind} integration '{added.name}' (mcpgen)")
    if git is not None:
        git.set_branch(vcs.TEMPLATE_BRANCH, "HEAD")
    return git


def _start_repository(staged: Path, request: NewRequest) -> vcs.Git:
    answers = request.answers
    git = vcs.Git(staged, (answers["author_name"], answers["author_email"]))
    git.init()
    git.commit_all(f"Generate {answers['project_name']} with mcpgen {answers['mcpgen_version']}")
    return git


def install(created: project_mod.Project, reporter: Reporter) -> None:
    """Create the project's environment from its lock file with uv and run its tests once."""
    uv = tooling.uv_executable()
    try:
        with reporter.step("Installed dependencies (uv sync --locked)"):
            tooling.run([uv, "sync", "--locked"], created.root, what="uv sync --locked")
        with reporter.step("Ran the project's tests"):
            output = tooling.run([uv, "run", "pytest", "-q"], created.root, what="pytest")
    except MCPGenError as exc:
        exc.message = f"The project was created in {created.root}, but {exc.message}"
        raise
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    reporter.note(summary)


def lock_dependencies(root: Path) -> str:
    """Write ``root/uv.lock`` with the uv shipped with mcpgen; return uv's summary line.

    uv's cache serves what it holds; when the index cannot be reached, the lock is made from
    the cache alone (``--offline``). A failure raises StepFailedError with uv's own reason.
    """
    online = tooling.start([tooling.uv_executable(), "lock"], root, what="uv lock")
    return _finish_lock(root, online)


def _finish_lock(root: Path, online: tooling.Running) -> str:
    uv = online.command[0]
    try:
        output = online.wait()
    except StepFailedError as failed:
        try:
            output = tooling.run([uv, "lock", "--offline"], root, what="uv lock --offline")
        except StepFailedError:
            raise StepFailedError(
                f"Could not lock the project's dependencies: {_reason(failed.message)}",
                hint="uv needs the package index (check the network, UV_INDEX_URL, HTTPS_PROXY) "
                "or a uv cache holding the packages, and a Python matching --python "
                "(or allowed to download one); nothing was written.",
            ) from failed
    return _reason(output)


class PendingLock:
    """``uv lock`` of a ``pyproject.toml``, run in a directory of its own while mcpgen works on.

    uv reads nothing else of a project whose metadata is static, and the lock names the
    project by its ``pyproject.toml`` only, so the lock is the one ``uv lock`` would write in
    the project itself.
    """

    def __init__(self, directory: Path, running: tooling.Running) -> None:
        self.directory = directory
        self.running = running

    @classmethod
    def start(cls, directory: Path, pyproject: bytes) -> PendingLock:
        """Write ``pyproject`` into the new ``directory`` and start locking it."""
        directory.mkdir(parents=True)
        (directory / "pyproject.toml").write_bytes(pyproject)
        uv = tooling.uv_executable()
        return cls(directory, tooling.start([uv, "lock"], directory, what="uv lock", group=True))

    def result(self, project: Path) -> str:
        """Wait for the lock, copy it into ``project``; uv's summary line."""
        summary = _finish_lock(self.directory, self.running)
        (self.directory / LOCK_FILE).replace(project / LOCK_FILE)
        return summary

    def stop(self) -> None:
        """End uv if it still runs (after a failure elsewhere; nothing of it is kept)."""
        self.running.stop()


def _reason(output: str) -> str:
    """The last meaningful line of uv's output (its summary, or its error)."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    return (errors or lines or ["no output"])[-1]

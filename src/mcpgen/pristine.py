"""The pristine render of a project: how it is built, and the branch that remembers it.

``render_pristine`` is the one definition of "what mcpgen would generate for these answers":
the server template, then each component in the order it was added. ``mcpgen new`` commits
it, ``add-tool`` extends it, ``update`` re-renders it with newer templates.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mcpgen import components, generate, render
from mcpgen import project as project_mod
from mcpgen.errors import ProjectNotFoundError
from mcpgen.vcs import TEMPLATE_BRANCH, Git

_COMPONENT_FILE = re.compile(r"^\.copier-answers\.component-(?P<name>[a-z0-9_]+)\.yml$")


@contextmanager
def scratch_directory() -> Iterator[Path]:
    """A temporary directory removed afterwards, whatever happens."""
    scratch = Path(tempfile.mkdtemp(prefix="mcpgen-pristine-"))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def render_pristine(dest: Path, answers: dict[str, Any], parts: Sequence[tuple[str, str]]) -> None:
    """Render the server and then each ``(kind, name)`` component into ``dest``."""
    render.render("server", dest, answers)
    for kind, name in parts:
        components.add(dest, kind, name)


def component_order(git: Git, project: project_mod.Project) -> list[tuple[str, str]]:
    """``(kind, name)`` of every component, in the order the pristine branch gained them."""
    log = git.run(
        "log",
        "--reverse",
        "--format=",
        "--name-only",
        "--diff-filter=A",
        TEMPLATE_BRANCH,
        check=False,
    ).stdout.split()
    seen = [m.group("name") for m in map(_COMPONENT_FILE.match, log) if m]
    order = [name for name in dict.fromkeys(seen) if name in project.components]
    order += sorted(set(project.components) - set(order))
    return [(str(project.components[name]["kind"]), name) for name in order]


def template_answers(project: project_mod.Project) -> dict[str, Any]:
    """The recorded answers to pass back to the server template (copier's own keys removed)."""
    return {key: value for key, value in project.answers.items() if not key.startswith("_")}


def require_branch(git: Git) -> str:
    """The pristine branch's commit, or an error that says how to create it."""
    if not git.is_repository():
        raise ProjectNotFoundError(
            f"{git.root} is not a git repository, so there is no pristine render to merge from.",
            hint="git init && git add -A && git commit -m 'Initial commit' && mcpgen adopt",
        )
    tip = git.rev(TEMPLATE_BRANCH)
    if tip is None:
        raise ProjectNotFoundError(
            f"This project has no '{TEMPLATE_BRANCH}' branch (made with --no-git or before "
            "mcpgen tracked it).",
            hint="Commit your work, then run 'mcpgen adopt' once.",
        )
    return tip


def require_clean(git: Git, action: str) -> None:
    """Refuse to touch a work tree with uncommitted changes."""
    dirty = git.dirty_files()
    if dirty:
        shown = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
        raise ProjectNotFoundError(
            f"Uncommitted changes ({shown}); {action} needs a clean work tree.",
            hint="Commit or stash your changes first (git stash), then run it again.",
        )


def add_component(
    root: Path, kind: str, name: str | None, reporter: generate.Reporter | None = None
) -> tuple[components.Added, bool]:
    """Add a component to the user's tree and, when tracked, to the pristine branch.

    Returns what was added and whether the pristine branch recorded it. With a clean tree the
    addition is committed and the pristine branch merged with ``-s ours`` (the user's tree
    already has the change), so a later ``update`` sees it as common history. A re-made
    ``uv.lock`` is committed with the addition; the pristine branch never holds a lock.
    """
    project = project_mod.load(root)
    git = Git(project.root)
    tracked = git.is_repository() and git.rev(TEMPLATE_BRANCH) is not None
    if tracked and git.dirty_files():
        tracked = False
    added = components.add(project.root, kind, name, reporter=reporter)
    if not tracked:
        return added, False
    tip = require_branch(git)
    with scratch_directory() as scratch:
        git.export(tip, scratch)
        components.add(scratch, added.kind, added.name)
        message = f"Add the {added.kind} integration '{added.name}' (mcpgen)"
        git.set_branch(TEMPLATE_BRANCH, git.commit_directory(scratch, message, [tip]))
    git.commit_all(message)
    git.mark_merged(TEMPLATE_BRANCH, f"Record the pristine {added.kind} integration")
    return added, True


def adopt(root: Path) -> str:
    """Start tracking a project that has provenance but no pristine branch; return the commit."""
    project = project_mod.load(root)
    git = Git(project.root)
    if not git.is_repository():
        raise ProjectNotFoundError(
            f"{project.root} is not a git repository.",
            hint="git init && git add -A && git commit -m 'Initial commit', then mcpgen adopt",
        )
    if git.rev(TEMPLATE_BRANCH) is not None:
        raise ProjectNotFoundError(
            f"This project already has a '{TEMPLATE_BRANCH}' branch.",
            hint="Run 'mcpgen update' to bring it up to date.",
        )
    require_clean(git, "adopt")
    parts = component_order(git, project)
    with scratch_directory() as scratch:
        render_pristine(scratch / "project", template_answers(project), parts)
        commit = git.commit_directory(
            scratch / "project", f"Pristine render of {project.name} (mcpgen adopt)", []
        )
    before = git.rev("HEAD") or "HEAD"
    git.set_branch(TEMPLATE_BRANCH, commit)
    git.mark_merged(TEMPLATE_BRANCH, "Adopt the mcpgen template branch")
    try:
        lock_merge(git, before)
    except BaseException:
        git.reset_to(before)
        git.delete_branch(TEMPLATE_BRANCH)
        raise
    return commit


LOCK_COMMIT = "Lock dependencies (uv lock)"


def needs_lock(git: Git, changed: Sequence[str]) -> bool:
    """True when the dependencies changed (``changed`` paths) or the project has no lock yet."""
    return components.PYPROJECT in changed or not (git.root / components.LOCK_FILE).is_file()


def lock_merge(git: Git, before: str) -> str:
    """After a clean merge onto ``before``, re-lock and commit if needed; uv's summary or "".

    The project's CI and Dockerfile run ``uv sync --locked``: a merge that changed
    ``pyproject.toml``, or a project made before mcpgen wrote locks, would fail there.
    On failure the caller undoes the merge, so the project is left as it was.
    """
    if not needs_lock(git, git.changed_paths(before, "HEAD")):
        return ""
    lock = git.root / components.LOCK_FILE
    new = not lock.exists()
    try:
        summary = generate.lock_dependencies(git.root)
        git.commit_paths(LOCK_COMMIT, components.LOCK_FILE)
    except BaseException:
        if new:  # untracked, so undoing the merge would leave it behind
            lock.unlink(missing_ok=True)
        raise
    return summary

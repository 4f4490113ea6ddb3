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
        components.add(dest, kind, name, scratch=True)


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


NOT_A_REPOSITORY = (
    "not recorded for 'mcpgen update': this project is not a git repository "
    "(git init, commit, then 'mcpgen adopt')"
)
NO_BRANCH = (
    f"not recorded for 'mcpgen update': no '{TEMPLATE_BRANCH}' branch "
    "(commit, then run 'mcpgen adopt' once)"
)
COMMITTED = f"committed, and recorded on the {TEMPLATE_BRANCH} branch"
LEFT_UNCOMMITTED = (
    f"recorded on the {TEMPLATE_BRANCH} branch; nothing committed: these files and your "
    "own uncommitted changes are yours to commit"
)


def add_component(
    root: Path, kind: str, name: str | None, reporter: generate.Reporter | None = None
) -> tuple[components.Added, str]:
    """Add a component to the user's tree and, when tracked, to the pristine branch.

    Returns what was added and a note saying what was recorded. The pristine branch needs only
    the render, so it records the component whatever state the work tree is in: the pristine
    commit is made first (from the branch's own files, never the user's), then the files are
    written. With a clean tree the addition is committed and the pristine branch merged with
    ``-s ours`` (the user's tree already has the change); with uncommitted changes nothing of
    the user's is committed or staged, and the pristine commit is recorded as merged by a
    merge commit that keeps HEAD's tree, so a later ``update`` diffs from the render that
    includes the component instead of replaying it over the user's own lines. A re-made
    ``uv.lock`` is committed with the addition; the pristine branch never holds a lock.
    """
    project = project_mod.load(root)
    git = Git(project.root)
    if not git.is_repository():
        return components.add(project.root, kind, name, reporter=reporter), NOT_A_REPOSITORY
    tip = git.rev(TEMPLATE_BRANCH)
    if tip is None:
        return components.add(project.root, kind, name, reporter=reporter), NO_BRANCH
    operation = git.operation_in_progress()
    if operation is not None:
        raise ProjectNotFoundError(
            f"A git {operation} is in progress in {project.root}; nothing was added.",
            hint=f"Finish or abort the {operation} first, then run add-tool again.",
        )
    clean = not git.dirty_files()
    recorded, chosen = _pristine_commit(git, tip, kind, name)
    added = components.add(project.root, kind, chosen, reporter=reporter)
    git.set_branch(TEMPLATE_BRANCH, recorded)
    merged = f"Record the pristine {added.kind} integration"
    if not clean:
        git.mark_merged_in_place(TEMPLATE_BRANCH, merged)
        return added, LEFT_UNCOMMITTED
    git.commit_all(_addition_message(added.kind, added.name))
    git.mark_merged(TEMPLATE_BRANCH, merged)
    return added, COMMITTED


def _addition_message(kind: str, name: str) -> str:
    return f"Add the {kind} integration '{name}' (mcpgen)"


def _pristine_commit(git: Git, tip: str, kind: str, name: str | None) -> tuple[str, str]:
    """A commit on top of ``tip`` adding the component to the pristine render; its name.

    The commit is not on any branch yet: if writing the user's files then fails, it is an
    unreferenced object and nothing changed.
    """
    with scratch_directory() as scratch:
        git.export(tip, scratch)
        added = components.add(scratch, kind, name, scratch=True)
        message = _addition_message(added.kind, added.name)
        return git.commit_directory(scratch, message, [tip]), added.name


def with_unrecorded_components(git: Git, base: str, project: project_mod.Project) -> str:
    """``base``, plus a commit adding the project's components the pristine branch lacks.

    mcpgen 0.2.0 and earlier skipped the pristine branch when add-tool ran on a work tree with
    uncommitted changes; comparing with such a branch would report the component as a template
    change. The commit is not on any branch: the caller decides whether to record it.
    """
    recorded = set(git.run("ls-tree", "--name-only", base).stdout.split())
    missing = [
        (kind, name)
        for kind, name in component_order(git, project)
        if project_mod.component_answers_file(name) not in recorded
    ]
    if not missing:
        return base
    with scratch_directory() as scratch:
        git.export(base, scratch)
        for kind, name in missing:
            components.add(scratch, kind, name, scratch=True)
        names = ", ".join(name for _, name in missing)
        return git.commit_directory(scratch, f"Record integrations added earlier: {names}", [base])


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

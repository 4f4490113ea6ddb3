"""``mcpgen update``: re-render a project with today's templates and merge the difference.

The pristine branch holds the last render; the new render is committed on top of it and merged
into the user's branch with git's three-way merge: lines only the template changed are updated,
lines only the user changed are kept, and lines both changed become ordinary conflict markers.
A clean merge that changed ``pyproject.toml`` (or a project that has no ``uv.lock`` yet) is
re-locked and the lock committed, so the project's ``uv sync --locked`` keeps passing; if uv
fails, the update is undone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mcpgen import __version__, migrations, options, pristine, suggest
from mcpgen import project as project_mod
from mcpgen.errors import UsageError
from mcpgen.vcs import TEMPLATE_BRANCH, Git

Status = Literal["current", "outdated", "updated", "conflicts"]


@dataclass
class UpdateResult:
    """What an update found or did."""

    status: Status
    from_version: str
    to_version: str
    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)
    locked: str = ""  # uv's summary when uv.lock was remade and committed
    needs_lock: bool = False  # conflicts left to resolve, then 'uv lock'


# ``--set`` accepts the option names of ``mcpgen new`` too.
_ALIASES = {
    "port": "http_port",
    "python": "python_version",
    "author": "author_name",
    "email": "author_email",
}


def parse_settings(pairs: list[str]) -> dict[str, Any]:
    """``["transport=http", "http_port=9000"]`` to validated answers."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip().replace("-", "_")
        key = _ALIASES.get(key, key)
        if not sep:
            raise UsageError(
                f"Invalid --set {pair!r}: use KEY=VALUE.", hint="For example: --set transport=http"
            )
        if key not in options.VALIDATORS:
            keys = list(options.VALIDATORS)
            raise UsageError(
                f"Invalid --set {pair!r}: there is no answer called {key!r}.",
                hint=suggest.hint(key, keys).replace("Choose one of", "Answers"),
            )
        values[key] = _setting(pair, key, raw.strip())
    return values


def _setting(pair: str, key: str, value: Any) -> Any:
    """One validated answer; errors name the ``--set`` the user typed, not a ``new`` option."""
    if key == "http_port":
        value = int(value) if value.isdigit() else value
    try:
        return options.VALIDATORS[key](value)
    except UsageError as exc:
        reason = exc.message.split(": ", 1)[-1]
        hint = exc.hint
        if hint and "y or n" in hint:
            hint = f"Use {key}=true or {key}=false."
        raise UsageError(f"Invalid --set {pair!r}: {reason}", hint=hint) from None


def prepare(root: Path, *, writes: bool) -> tuple[project_mod.Project, Git, str]:
    """The project, its repository and pristine commit; or the error that stops an update.

    Cheap (no render), so the CLI calls it before showing the slow step.
    """
    project = project_mod.load(root)
    git = Git(project.root)
    base = pristine.require_branch(git)
    if writes:
        pristine.require_clean(git, "update")
    return project, git, base


def update(
    root: Path,
    *,
    settings: dict[str, Any] | None = None,
    dry_run: bool = False,
    check: bool = False,
) -> UpdateResult:
    """Bring the project at ``root`` up to the installed templates (see module docstring)."""
    writes = not (dry_run or check)
    project, git, recorded_base = prepare(root, writes=writes)
    result = UpdateResult("current", project.mcpgen_version, __version__)
    steps = migrations.pending(project.mcpgen_version, __version__)
    before = git.rev("HEAD") or "HEAD"
    if writes:  # before the render, which must see what the steps record (components)
        for step in steps:
            step.apply(project.root)
            result.migrated.append(f"{step.version}: {step.description}")
        if steps and git.dirty_files():
            git.commit_all(f"Migrate to mcpgen {__version__}: " + "; ".join(result.migrated))
        project = project_mod.load(project.root)
    migrated_base = migrations.migrate_pristine(git, recorded_base, steps)
    base = pristine.with_unrecorded_components(git, migrated_base, project)
    answers = {**pristine.template_answers(project), **(settings or {})}
    answers["mcpgen_version"] = __version__
    parts = pristine.component_order(git, project)
    with pristine.scratch_directory() as scratch:
        pristine.render_pristine(scratch / "project", answers, parts)
        message = f"Render with mcpgen {__version__} templates"
        rendered = git.commit_directory(scratch / "project", message, [base])
    if git.tree_of(rendered) == git.tree_of(base):
        return result
    result.status = "outdated"
    result.changed = git.changed_paths(base, rendered)
    if not writes:
        return result
    if base != recorded_base:
        git.set_branch(TEMPLATE_BRANCH, base)
        git.mark_merged(TEMPLATE_BRANCH, "Record integrations added earlier (mcpgen)")
    git.set_branch(TEMPLATE_BRANCH, rendered)
    result.conflicts = git.merge(TEMPLATE_BRANCH, f"Update to mcpgen {__version__} templates")
    if result.conflicts:
        result.status = "conflicts"
        result.needs_lock = pristine.needs_lock(git, [*result.changed, *result.conflicts])
        return result
    try:
        result.locked = pristine.lock_merge(git, before)
    except BaseException:
        git.reset_to(before)
        git.set_branch(TEMPLATE_BRANCH, recorded_base)
        raise
    result.status = "updated"
    return result

"""Adding a component (an integration or a scaffold of your own) to a project, all or nothing.

A component is a small copier template rendered into a scratch directory. Its files are new
files only; the project's own files change in exactly three places, each computed in memory
before anything is written: dependencies in ``pyproject.toml``, new variables appended to
``.env.example``, and a database service in ``docker-compose.yml`` when the project has one.
Then everything is written at once and, when the dependencies changed in a project that has a
``uv.lock``, the lock is remade (``uv lock``) inside the same transaction, so the project's
``uv sync --locked`` keeps working. Any failure (Ctrl-C included) restores the project byte
for byte, the lock with it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mcpgen import catalog, generate, render
from mcpgen import project as project_mod
from mcpgen.edits import compose, env, files, pyproject
from mcpgen.edits.transaction import transaction
from mcpgen.errors import ComponentError, InvalidNameError, UsageError
from mcpgen.names import component_name

KINDS = catalog.KINDS
COMPOSE_FILE = "docker-compose.yml"
ENV_EXAMPLE = ".env.example"
PYPROJECT = "pyproject.toml"
LOCK_FILE = generate.LOCK_FILE
# Instance names whose settings prefix would read the server's own variables.
RESERVED_PREFIXES = ("MCP_", "FASTMCP_")
# Longer names would push generated lines past the project's line length.
MAX_NAME_LENGTH = 30


@dataclass
class Added:
    """What adding a component did, for the CLI to report."""

    kind: str
    name: str
    tools: tuple[str, ...]
    resources: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    env: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    locked: str = ""  # uv's summary when uv.lock was remade


@dataclass
class Plan:
    """Every byte to write: new files and the new contents of changed files.

    ``lock`` holds ``uv.lock`` as it was when the dependencies change and the project has a
    lock: uv rewrites it after the other writes, and a failure puts these bytes back.
    """

    root: Path
    new_files: dict[Path, bytes] = field(default_factory=dict)
    changed_files: dict[Path, bytes] = field(default_factory=dict)
    originals: dict[Path, bytes] = field(default_factory=dict)
    lock: bytes | None = None


def _check_name(project: project_mod.Project, kind: catalog.Kind, name: str | None) -> str:
    if kind.needs_name and not name:
        raise UsageError(
            f"'mcpgen add-tool {kind.name}' needs --name: the name of your new {kind.scaffold}.",
            hint=f"e.g. mcpgen add-tool {kind.name} --name lookup_order",
        )
    if kind.single and name not in (None, kind.name):
        raise UsageError(
            f"'mcpgen add-tool {kind.name}' takes no --name: its files are always called "
            f"{kind.name}.",
            hint=f"Run it without --name: mcpgen add-tool {kind.name}",
        )
    name = component_name(name or kind.name)
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidNameError(
            f"Invalid name {name!r}: longer than {MAX_NAME_LENGTH} characters.",
            hint="Use a shorter name, e.g. 'analytics_db'.",
        )
    if name.startswith("_"):
        raise InvalidNameError(
            f"Invalid name {name!r}: tool modules starting with '_' are not loaded.",
            hint="Use a name starting with a letter, e.g. 'analytics_db'.",
        )
    if catalog.env_prefix(name).startswith(RESERVED_PREFIXES):
        raise InvalidNameError(
            f"Invalid name {name!r}: its settings would read the server's own variables.",
            hint="Choose another --name, e.g. 'analytics_db'.",
        )
    if name in project.components:
        existing = project.components[name].get("kind", "a")
        if kind.single and existing == kind.name:
            raise ComponentError(
                f"This project already has the {kind.name} component; only one fits a project.",
                hint=f"Its tools are in src/{project.package}/tools/{kind.name}.py.",
            )
        raise ComponentError(
            f"This project already has an integration called {name!r} ({existing}).",
            hint=f"Add another instance with a different name: mcpgen add-tool {kind.name} "
            f"--name {name}_2",
        )
    module = project.root / "src" / project.package / "tools" / name
    if os.path.lexists(module.with_suffix(".py")) or os.path.lexists(module):
        raise ComponentError(
            f"src/{project.package}/tools/{name} already exists (a module of yours).",
            hint="Choose another --name; mcpgen never overwrites your files.",
        )
    return name


def _check_skeleton(project: project_mod.Project, kind: catalog.Kind) -> None:
    """Refuse a component that imports what this project's skeleton does not have yet."""
    for pattern, text in kind.requires:
        relative = pattern.format(package=project.package)
        if text not in (_read(project.root, relative) or ""):
            raise ComponentError(
                f"The {kind.label} needs '{text.strip('(')}' in {relative}, which an older "
                "mcpgen did not write.",
                hint=f"Run 'mcpgen update' first, then 'mcpgen add-tool {kind.name}' again.",
            )


def _render(project: project_mod.Project, kind: catalog.Kind, name: str) -> dict[Path, bytes]:
    """The component's files, rendered away from the project, keyed by relative path."""
    data = {
        "component_name": name,
        "kind": kind.name,
        "env_prefix": catalog.env_prefix(name),
        "package_name": project.package,
        "project_name": project.name,
        "mcpgen_version": project.mcpgen_version,
        "compose": (project.root / COMPOSE_FILE).is_file(),
    }
    scratch = Path(tempfile.mkdtemp(prefix="mcpgen-component-"))
    try:
        render.render(kind.template, scratch / "out", data)
        out = scratch / "out"
        rendered = sorted(path for path in out.rglob("*") if path.is_file())
        return {path.relative_to(out): path.read_bytes() for path in rendered}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def planned_pyproject(root: Path, kinds: Sequence[str]) -> bytes:
    """``pyproject.toml`` of the fresh render at ``root`` once ``kinds`` are added in order.

    The same edits :func:`plan` makes, so ``new`` can lock the dependencies while it adds the
    components' files.
    """
    text = _read(root, PYPROJECT) or ""
    for name in kinds:
        kind = catalog.get(name)
        if kind.dependencies or kind.dev_dependencies:
            text = pyproject.add_dependencies(text, kind.dependencies, kind.dev_dependencies)
    return text.encode("utf-8")


def _read(root: Path, relative: str) -> str | None:
    data = files.read(root / relative, inside=root)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ComponentError(
            f"{relative} is not UTF-8 text.", hint=f"Save {relative} as UTF-8 and try again."
        ) from None


COMPOSE_VARIABLES = (
    catalog.EnvVar("ADMIN_PASSWORD", "", "docker compose: password of the owner role."),
    catalog.EnvVar(
        "READER_PASSWORD", "", "docker compose: password of the read-only role (URL-safe)."
    ),
)


def _database_service(name: str) -> compose.DatabaseService:
    return compose.DatabaseService(
        service=name.replace("_", "-"),
        instance=name,
        prefix=catalog.env_prefix(name),
        init_script=f"docker/{name}-initdb.sh",
    )


def plan(project: project_mod.Project, kind: catalog.Kind, name: str, added: Added) -> Plan:
    """Work out every change without writing anything; refuse on any conflict."""
    root = project.root
    result = Plan(root=root, new_files=_render(project, kind, name))
    clashes = sorted(str(path) for path in result.new_files if _occupied(root, path))
    if clashes:
        raise ComponentError(
            f"These files already exist: {', '.join(clashes)}.",
            hint="Choose another --name; mcpgen never overwrites your files.",
        )
    pyproject_text = _read(root, PYPROJECT)
    if pyproject_text is None:
        raise ComponentError(f"{root / PYPROJECT} is missing.", hint="Restore it and try again.")
    if kind.dependencies or kind.dev_dependencies:
        updated = pyproject.add_dependencies(
            pyproject_text, kind.dependencies, kind.dev_dependencies
        )
        if updated != pyproject_text:
            result.changed_files[Path(PYPROJECT)] = updated.encode("utf-8")
            result.lock = files.read(root / LOCK_FILE, inside=root)
    prefix = catalog.env_prefix(name)
    heading = f"{kind.name} integration '{name}' (added by mcpgen add-tool)"
    existing_env = _read(root, ENV_EXAMPLE)
    env_exists = existing_env is not None
    env_text = existing_env or ""
    extra: tuple[catalog.EnvVar, ...] = ()
    if kind.needs_database_service and (root / COMPOSE_FILE).is_file():
        extra = COMPOSE_VARIABLES
        compose_text, notes = compose.add_database_service(
            _read(root, COMPOSE_FILE) or "", _database_service(name)
        )
        result.changed_files[Path(COMPOSE_FILE)] = compose_text.encode("utf-8")
        added.notes += notes
    variables = (*kind.env, *extra)
    if not variables:
        return _finish(root, result)
    new_env = env.append_block(env_text, heading, prefix, variables)
    target = result.changed_files if env_exists else result.new_files
    target[Path(ENV_EXAMPLE)] = new_env.encode("utf-8")
    added.env = [prefix + var.suffix for var in variables]
    return _finish(root, result)


def _finish(root: Path, result: Plan) -> Plan:
    for relative in result.changed_files:
        result.originals[relative] = files.read(root / relative, inside=root) or b""
    for relative in result.new_files:
        files.resolve(root / relative, inside=root)  # refuse before anything is written
    return result


def _occupied(root: Path, relative: Path) -> bool:
    return os.path.lexists(root / relative)


def apply(
    changes: Plan, reporter: generate.Reporter | None = None, label: str = "Wrote the files"
) -> str:
    """Write the plan, then re-lock if planned; on any failure put every byte back as it was.

    Returns uv's summary of the new lock ("" when there was nothing to lock).
    """
    with transaction(changes.root) as batch:
        with _step(reporter, label):
            for relative, content in changes.new_files.items():
                batch.create(relative, content)
            for relative, content in changes.changed_files.items():
                batch.replace(relative, content, expected=changes.originals[relative])
        if changes.lock is None:
            return ""
        lock = changes.root / LOCK_FILE
        with (
            _step(reporter, "Locked the dependencies (uv lock)"),
            _restored_on_failure(lock, changes.lock, changes.root),
        ):
            return generate.lock_dependencies(changes.root)


def _step(
    reporter: generate.Reporter | None, label: str
) -> contextlib.AbstractContextManager[None]:
    return reporter.step(label) if reporter is not None else contextlib.nullcontext()


@contextlib.contextmanager
def _restored_on_failure(path: Path, original: bytes, root: Path) -> Iterator[None]:
    """Put ``original`` back into ``path`` if the block (uv, which rewrites it) fails."""
    try:
        yield
    except BaseException:
        current = files.read(path, inside=root)
        if current != original:
            files.write(path, original, expected=current, inside=root)
        raise


def write_scratch(changes: Plan) -> None:
    """Write the plan (which has no lock to remake) into a directory mcpgen discards on failure.

    The staging directory of ``new`` and a pristine render hold nothing of the user's, so
    the transaction's undo records, temporary files and syncs would protect nothing there.
    """
    for relative, content in (changes.new_files | changes.changed_files).items():
        path = changes.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def add(
    root: Path,
    kind: str,
    name: str | None = None,
    *,
    reporter: generate.Reporter | None = None,
    scratch: bool = False,
) -> Added:
    """Add an instance of the component ``kind`` (called ``name``) to the project at ``root``.

    With a ``reporter``, writing the files and re-locking are shown as steps, one after the
    other (the caller must not wrap this in a step of its own). ``scratch`` says ``root`` is
    a fresh render that mcpgen discards on failure (see :func:`write_scratch`).
    """
    component = catalog.get(kind)
    if component.option and name is None:  # only 'new --with' adds without a name
        raise UsageError(
            f"The {kind} integration needs {component.option}, which 'new --with' cannot pass.",
            hint=f"Create the project first, then: mcpgen add-tool {kind} {component.option} ...",
        )
    project = project_mod.load(root)
    name = _check_name(project, component, name)
    _check_skeleton(project, component)
    added = Added(
        kind=component.name,
        name=name,
        tools=component.tools(name),
        resources=component.resources(name),
        prompts=component.prompts(name),
    )
    changes = plan(project, component, name, added)
    if scratch and changes.lock is None:
        write_scratch(changes)
    else:  # a render with a lock (a pristine branch of an older mcpgen) is re-locked as ever
        added.locked = apply(changes, reporter, f"Added the {component.label}")
    added.created = sorted(changes.new_files)
    added.changed = sorted(changes.changed_files)
    if added.locked:
        added.changed = sorted([*added.changed, Path(LOCK_FILE)])
    return added


def describe() -> list[tuple[str, str]]:
    """Each kind with its one-line summary, for ``mcpgen add-tool --list``."""
    return [(kind.name, kind.summary) for kind in KINDS.values()]

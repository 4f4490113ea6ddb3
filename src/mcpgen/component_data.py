"""The data an instance needs besides its template: an OpenAPI document, a served directory.

Adding such an instance takes two steps. The component's template is added like any other
(and recorded on the pristine branch); then its data is stored and its options recorded in the
instance's answers file: ``add-tool openapi --spec`` stores the normalised document next to the
tool module, ``add-tool files --root`` writes the directory to ``.env`` (a path on this
machine, not something to commit). The data is the user's, not the template's: the pristine
branch never holds it, so ``mcpgen update`` neither re-fetches nor reverts it. Everything is
read and checked before the first write, so a bad document or directory writes nothing.

Refreshing an OpenAPI instance (``add-tool openapi --spec ... --name N`` again) is the second
step alone: the document and the answers change, the module and its tests (perhaps edited)
do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mcpgen import catalog, generate, openapi_spec, pristine
from mcpgen import project as project_mod
from mcpgen.components import Added
from mcpgen.edits import env, files
from mcpgen.edits.transaction import transaction
from mcpgen.errors import ComponentError, UsageError
from mcpgen.names import component_name
from mcpgen.vcs import Git

ENV_FILE = ".env"


@dataclass
class Options:
    """The kind-specific options of ``add-tool``, as given on the command line."""

    spec: str | None = None
    include_tags: list[str] = field(default_factory=list)
    include_operations: list[str] = field(default_factory=list)
    root: Path | None = None


@dataclass
class Prepared:
    """Options checked and data read, ready to store."""

    kind: str
    name: str
    answers: dict[str, str]
    spec: openapi_spec.Spec | None = None
    directory: Path | None = None


def split_list(value: str | None) -> list[str]:
    """``"a, b,,c"`` as ``["a", "b", "c"]``."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def check_options(kind: catalog.Kind, options: Options) -> None:
    """Refuse options that do not belong to ``kind`` and a missing required one."""
    given = {
        "--spec": options.spec is not None,
        "--include-tags": bool(options.include_tags),
        "--include-operations": bool(options.include_operations),
        "--root": options.root is not None,
    }
    allowed = {
        "openapi": {"--spec", "--include-tags", "--include-operations"},
        "files": {"--root"},
    }.get(kind.name, set())
    stray = [option for option, present in given.items() if present and option not in allowed]
    if stray:
        raise UsageError(
            f"{', '.join(stray)} does not apply to the {kind.name} integration.",
            hint=f"Run 'mcpgen add-tool {kind.name} --help'; only openapi takes --spec and "
            "--include-*, only files takes --root.",
        )
    if kind.option and not given[kind.option]:
        example = "--spec openapi.json" if kind.option == "--spec" else "--root ./docs"
        raise UsageError(
            f"The {kind.name} integration needs {kind.option}.",
            hint=f"mcpgen add-tool {kind.name} {example}",
        )


def prepare(kind: catalog.Kind, name: str | None, options: Options) -> Prepared:
    """Read and check everything the instance needs, writing nothing."""
    check_options(kind, options)
    instance = component_name(name or kind.name)
    if kind.name == "openapi":
        assert options.spec is not None  # check_options
        spec = openapi_spec.prepare(
            options.spec,
            instance,
            include_tags=options.include_tags,
            include_operations=options.include_operations,
        )
        answers = {
            "spec_source": options.spec,
            "include_tags": ",".join(options.include_tags),
            "include_operations": ",".join(options.include_operations),
        }
        return Prepared(kind.name, instance, answers, spec=spec)
    if kind.name == "files":
        assert options.root is not None  # check_options
        directory = _served_directory(options.root)
        return Prepared(kind.name, instance, {"root": str(directory)}, directory=directory)
    return Prepared(kind.name, instance, {})


def _served_directory(given: Path) -> Path:
    directory = given.expanduser().resolve()
    if not directory.is_dir():
        raise ComponentError(
            f"--root {given} is not a directory.",
            hint="Pass an existing directory, e.g. --root ./docs",
        )
    if directory == Path(directory.anchor):
        raise ComponentError(
            f"--root {given} is the file system's root.",
            hint="Serve one directory of documents, not the whole machine.",
        )
    return directory


def add(
    root: Path, kind: str, name: str | None, options: Options, reporter: generate.Reporter
) -> tuple[Added, str]:
    """Add (or, for an existing OpenAPI instance, refresh) an instance and store its data.

    Returns what was added and a note saying what was recorded (see
    ``pristine.add_component``).
    """
    component = catalog.get(kind)
    prepared = prepare(component, name, options)
    project = project_mod.load(root)
    existing = project.components.get(prepared.name)
    if existing is not None and existing.get("kind") == "openapi" == component.name:
        return refresh(project, prepared, reporter)
    added, recorded = pristine.add_component(project.root, kind, prepared.name, reporter)
    with reporter.step(f"Stored the {kind} integration's data"):
        stored = store(project.root, prepared, project.package)
    _describe(added, prepared, stored)
    if recorded == pristine.COMMITTED:
        committed = [str(path) for path in stored if str(path) != ENV_FILE]
        Git(project.root).commit_paths(_message(prepared), *committed)
    return added, recorded


def refresh(
    project: project_mod.Project, prepared: Prepared, reporter: generate.Reporter
) -> tuple[Added, str]:
    """Replace an OpenAPI instance's document and options; its code stays as it is."""
    git = Git(project.root)
    clean = git.is_repository() and not git.dirty_files()
    with reporter.step(f"Refreshed the OpenAPI document of '{prepared.name}'"):
        stored = store(project.root, prepared, project.package)
    added = Added(kind=prepared.kind, name=prepared.name, tools=())
    _describe(added, prepared, stored)
    added.changed, added.created = added.created, []
    if clean and git.commit_paths(_message(prepared), *map(str, stored)):
        return added, "committed the refreshed document"
    return added, "not committed: the document and its options are yours to commit"


def _message(prepared: Prepared) -> str:
    what = "OpenAPI document" if prepared.kind == "openapi" else "options"
    return f"Store the {what} of the {prepared.kind} integration '{prepared.name}' (mcpgen)"


def _describe(added: Added, prepared: Prepared, stored: list[Path]) -> None:
    if prepared.spec is not None:
        added.tools = prepared.spec.tools
        if not prepared.spec.base_url:
            added.notes.append(
                f"The document names no server: set {catalog.env_prefix(prepared.name)}BASE_URL."
            )
    if prepared.directory is not None:
        added.notes.append(
            f"Serving {prepared.directory} ({catalog.env_prefix(prepared.name)}ROOT in .env)."
        )
    added.created = sorted({*added.created, *stored})


def spec_file(package: str, name: str) -> Path:
    """Where an OpenAPI instance's document lives, next to its module."""
    return Path("src") / package / "tools" / f"{name}.openapi.json"


def store(root: Path, prepared: Prepared, package: str) -> list[Path]:
    """Write the instance's data and record its options; all or nothing."""
    answers_file = Path(project_mod.component_answers_file(prepared.name))
    writes: dict[Path, bytes] = {answers_file: _recorded(root, answers_file, prepared.answers)}
    if prepared.spec is not None:
        writes[spec_file(package, prepared.name)] = prepared.spec.stored
    if prepared.directory is not None:
        writes[Path(ENV_FILE)] = _env_with_root(root, prepared)
    with transaction(root) as batch:
        for relative, data in writes.items():
            current = files.read(root / relative, inside=root)
            if current is None:
                batch.create(relative, data)
            elif current != data:
                batch.replace(relative, data, expected=current)
    return sorted(writes)


def _recorded(root: Path, answers_file: Path, answers: dict[str, str]) -> bytes:
    """The answers file with ``answers`` set (each a top-level ``key: value`` line)."""
    current = files.read(root / answers_file, inside=root)
    if current is None:
        raise ComponentError(
            f"{answers_file} is missing.", hint="Restore it (git checkout) and try again."
        )
    text = current.decode("utf-8")
    for key, value in answers.items():
        line = yaml.safe_dump({key: value}, default_flow_style=False, width=10_000).strip()
        pattern = re.compile(rf"^{re.escape(key)}:.*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(line.replace("\\", "\\\\"), text, count=1)
        else:
            text = text.rstrip("\n") + "\n" + line + "\n"
    return text.encode("utf-8")


def _env_with_root(root: Path, prepared: Prepared) -> bytes:
    text = (files.read(root / ENV_FILE, inside=root) or b"").decode("utf-8")
    prefix = catalog.env_prefix(prepared.name)
    if prefix + "ROOT" in env.defined(text):
        raise ComponentError(
            f".env already sets {prefix}ROOT.",
            hint="Remove that line or choose another --name.",
        )
    variable = catalog.EnvVar(
        "ROOT", _env_value(str(prepared.directory)), "Directory served (add-tool files --root)."
    )
    heading = f"files integration '{prepared.name}' (added by mcpgen add-tool)"
    return env.append_block(text, heading, prefix, [variable]).encode("utf-8")


def _env_value(value: str) -> str:
    """``value`` as a .env value: quoted when spaces, quotes or ``#`` would change it."""
    if re.fullmatch(r"[A-Za-z0-9/._:@+-]+", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

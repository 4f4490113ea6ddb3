"""Template changes a merge cannot carry (renamed files, moved settings), as versioned steps.

Each step runs once on the user's tree, before the merge, when a project moves from a version
older than the step's to one at least as new. Steps must be idempotent and touch only what
they name.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.version import InvalidVersion, Version

from mcpgen.project import component_answers_file
from mcpgen.vcs import TEMPLATE_BRANCH, Git


@dataclass(frozen=True)
class Migration:
    """One step: the version that introduced the change, what it does, and how."""

    version: str
    description: str
    apply: Callable[[Path], None]
    # Applied to the pristine render too, before the re-render: for what the merge base must
    # already have, such as a component an older skeleton rendered as part of itself.
    pristine: bool = False


def _template_files(root: Path) -> set[str]:
    """Paths the pristine template branch holds: the merge updates those, not a migration."""
    done = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", TEMPLATE_BRANCH],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(done.stdout.split()) if done.returncode == 0 else set()


def _decorator(call: ast.Call, source: str, local: dict[str, str]) -> tuple[str, str] | None:
    """``mcp.tool(fn, k=v)`` as (``fn``, ``@tool(k=v)``); None for any other statement."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("tool", "prompt")):
        return None
    if len(call.args) != 1 or not isinstance(call.args[0], ast.Name):
        return None
    keywords = []
    for keyword in call.keywords:
        if keyword.arg is None:
            return None
        value = ast.get_source_segment(source, keyword.value) or ""
        if isinstance(keyword.value, ast.Name) and keyword.value.id in local:
            value = local[keyword.value.id]
        keywords.append(f"{keyword.arg}={value}")
    arguments = f"({', '.join(keywords)})" if keywords else ""
    return call.args[0].id, f"@{func.attr}{arguments}"


def decorate_module(source: str) -> str | None:
    """A tool module written as functions plus ``register(mcp)``, rewritten to decorators.

    Only a ``register`` made of ``mcp.tool(fn, ...)``/``mcp.prompt(fn, ...)`` calls on this
    module's functions (and simple assignments they use) is rewritten; None for anything else.
    """
    tree = ast.parse(source)
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    register = functions.get("register")
    if register is None:
        return None
    local: dict[str, str] = {}
    decorators: dict[str, str] = {}
    for statement in register.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            local[statement.targets[0].id] = ast.get_source_segment(source, statement.value) or ""
            continue
        found = (
            _decorator(statement.value, source, local)
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
            else None
        )
        if found is None or found[0] not in functions or found[0] == "register":
            return None
        decorators[found[0]] = found[1]
    if not decorators:
        return None
    lines = source.splitlines(keepends=True)
    start = min(d.lineno for d in register.decorator_list) if register.decorator_list else 0
    first = (start or register.lineno) - 1
    del lines[first : register.end_lineno]
    while lines and not lines[-1].strip():
        lines.pop()
    for name, decorator in sorted(decorators.items(), key=lambda item: -functions[item[0]].lineno):
        node = functions[name]
        top = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        lines.insert(top, decorator + "\n")
    kinds = sorted({decorator[1:].split("(")[0] for decorator in decorators.values()})
    imports = "".join(f"from fastmcp.{kind}s import {kind}\n" for kind in kinds)
    text = "".join(lines).rstrip() + "\n"
    old = "from fastmcp import FastMCP\n"
    if old in text:
        # Same place in the import block, so the order ruff expects is kept.
        unused = "FastMCP" not in text.replace(old, "")
        return text.replace(old, imports if unused else old + imports, 1)
    last_import = max(
        (n.end_lineno or n.lineno for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)),
        default=0,
    )
    lines = text.splitlines(keepends=True)
    lines.insert(last_import, imports)
    return "".join(lines)


def _decorate_tool_modules(root: Path) -> None:
    owned = _template_files(root)
    for module in sorted(root.glob("src/*/tools/*.py")):
        if module.name.startswith("_") or module.relative_to(root).as_posix() in owned:
            continue
        rewritten = decorate_module(module.read_text(encoding="utf-8"))
        if rewritten is not None:
            module.write_text(rewritten, encoding="utf-8")


EXAMPLES_ANSWERS = component_answers_file("examples")


def _record_examples(root: Path) -> None:
    """Record ``tools/examples.py``, part of the skeleton before 0.4.0, as the examples component.

    Recorded, the update keeps the module (and the user's edits in it) and adds its tests as
    ``tests/test_examples.py``; unrecorded, the new skeleton would delete it.
    """
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))
    package = answers.get("package_name", "")
    module = root / "src" / package / "tools" / "examples.py"
    if not package or not module.is_file() or (root / EXAMPLES_ANSWERS).exists():
        return
    recorded = {
        "_src_path": "mcpgen:components/examples",
        "component_name": "examples",
        "compose": (root / "docker-compose.yml").is_file(),
        "env_prefix": "EXAMPLES_",
        "kind": "examples",
        "mcpgen_version": str(answers.get("mcpgen_version", "0.3.0")),
        "package_name": package,
        "project_name": answers.get("project_name", package),
    }
    header = (
        f"# Written by mcpgen {recorded['mcpgen_version']}: the examples 'examples'.\n"
        "# 'mcpgen add-tool' reads it to know which components the project has. "
        "Do not edit by hand.\n"
    )
    text = header + yaml.safe_dump(recorded, default_flow_style=False, sort_keys=True)
    (root / EXAMPLES_ANSWERS).write_text(text, encoding="utf-8")


# Newest last.
MIGRATIONS: list[Migration] = [
    Migration(
        "0.2.0",
        "tool modules you wrote with register(mcp) now declare their tools with @tool",
        _decorate_tool_modules,
    ),
    Migration(
        "0.4.0",
        "tools/examples.py is now the 'examples' component (mcpgen add-tool examples)",
        _record_examples,
        pristine=True,
    ),
]


def migrate_pristine(git: Git, base: str, steps: Sequence[Migration]) -> str:
    """``base``, or a commit on top of it with the ``pristine`` steps applied (on no branch)."""
    chosen = [step for step in steps if step.pristine]
    if not chosen:
        return base
    scratch = Path(tempfile.mkdtemp(prefix="mcpgen-migrate-"))
    try:
        git.export(base, scratch)
        for step in chosen:
            step.apply(scratch)
        commit = git.commit_directory(scratch, "Migrate the pristine render", [base])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return base if git.tree_of(commit) == git.tree_of(base) else commit


def _version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def pending(
    from_version: str, to_version: str, steps: list[Migration] | None = None
) -> list[Migration]:
    """The steps to run when moving a project from ``from_version`` to ``to_version``."""
    old, new = _version(from_version), _version(to_version)
    return [
        step
        for step in (MIGRATIONS if steps is None else steps)
        if old < _version(step.version) <= new
    ]

"""What a process imports: ``python -X importtime`` profiles and a static scan for eager imports."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


@dataclass(frozen=True)
class Imported:
    """One line of ``-X importtime`` output (times in microseconds)."""

    module: str
    self_us: int
    cumulative_us: int
    depth: int


def parse(stderr: str) -> list[Imported]:
    """The importtime lines of ``stderr``, in the order Python printed them (children first)."""
    rows = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match:
            self_us, cumulative_us, indent, module = match.groups()
            rows.append(Imported(module, int(self_us), int(cumulative_us), len(indent) // 2))
    return rows


def root(module: str) -> str:
    return module.split(".", maxsplit=1)[0]


def loaded(rows: list[Imported]) -> set[str]:
    return {row.module for row in rows}


def importer(rows: list[Imported], index: int) -> str | None:
    """The nearest enclosing import of ``rows[index]`` from another top-level package.

    importtime prints a module after its children, one indent level less deep.
    """
    depth, package = rows[index].depth, root(rows[index].module)
    for row in rows[index + 1 :]:
        if row.depth < depth:
            if root(row.module) != package:
                return row.module
            depth = row.depth
    return None


def package_costs(rows: list[Imported]) -> dict[str, int]:
    """Self time per top-level package, in microseconds."""
    costs: dict[str, int] = defaultdict(int)
    for row in rows:
        costs[root(row.module)] += row.self_us
    return dict(costs)


def first_importers(rows: list[Imported]) -> dict[str, str | None]:
    """For each top-level package, the module that first imported it (None: the script)."""
    found: dict[str, str | None] = {}
    for index, row in enumerate(rows):
        package = root(row.module)
        if package not in found or found[package] is None:
            via = importer(rows, index)
            if package not in found or via is not None:
                found[package] = via
    return found


def extra_packages(
    rows: list[Imported], baseline: list[Imported], limit: int = 5
) -> list[dict[str, Any]]:
    """Packages that ``baseline`` never imports, costliest first, each grouped with the extra
    packages it pulled in: name, extra ms (self times summed) and who imported it.

    Packages both processes import are left out: their time differs only by noise.
    """
    base_roots = {root(row.module) for row in baseline}
    costs, importers = package_costs(rows), first_importers(rows)
    extra = {package for package in costs if package not in base_roots}
    groups: dict[str, list[str]] = defaultdict(list)
    for package in extra:
        groups[_head(package, importers, extra)].append(package)
    found = [
        {
            "package": head,
            "with": sorted(member for member in members if member != head),
            "extra_ms": round(sum(costs[member] for member in members) / 1000, 1),
            "imported_by": importers[head],
        }
        for head, members in groups.items()
    ]
    found.sort(key=lambda item: -item["extra_ms"])
    return [item for item in found[:limit] if item["extra_ms"] >= 2]


def _head(package: str, importers: dict[str, str | None], extra: set[str]) -> str:
    """The extra package that (transitively) pulled ``package`` in."""
    seen = {package}
    while True:
        via = importers.get(package)
        if via is None or root(via) not in extra or root(via) in seen:
            return package
        package = root(via)
        seen.add(package)


# Why a package shows up, for the ones these benchmarks keep finding.
WHY = {
    "jsonref": "FastMCP's DereferenceRefsMiddleware inlines the $defs of tool schemas on the "
    "first tools/list; jsonref pulls in requests",
    "pydantic": "typer 0.2x coerces option values through pydantic TypeAdapters",
    "yaml": "PyYAML, imported at module level by mcpgen.project",
    "tomlkit": "imported at module level by mcpgen.client_config.toml_edit",
    "markdown_it": "typer's rich help (typer.rich_utils imports rich.markdown)",
}


def describe(extra: list[dict[str, Any]]) -> str:
    """``"pydantic +120 ms via typer._adapters, ..."`` for a cause column."""
    parts = []
    for item in extra:
        via = f" via {item['imported_by']}" if item["imported_by"] else ""
        pulled = f" (with {', '.join(item['with'])})" if item["with"] else ""
        why = f" [{WHY[item['package']]}]" if item["package"] in WHY else ""
        parts.append(f"{item['package']}{pulled} +{item['extra_ms']:.0f} ms{via}{why}")
    return ", ".join(parts)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(body: list[ast.stmt]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in body:
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.If) and not _type_checking(node):
            found += _module_level_imports(node.body) + _module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            found += _module_level_imports(node.body)
    return found


def eager_imports(package_dir: Path, packages: set[str]) -> dict[str, list[str]]:
    """Which files import any of ``packages`` at module level: ``{package: ["file:line"]}``."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module, line in _module_level_imports(tree.body):
            for package in packages:
                if module == package or module.startswith(package + "."):
                    found[package].append(f"{path.relative_to(package_dir.parent)}:{line}")
    return dict(found)

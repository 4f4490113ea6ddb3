"""Adding dependencies to a project's ``pyproject.toml`` without disturbing anything else."""

from __future__ import annotations

import re
from collections.abc import Iterable

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Array, Table

from mcpgen.errors import ComponentError

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def requirement_name(requirement: str) -> str:
    """The normalised (PEP 503) name of a requirement: ``Foo_Bar>=1`` -> ``foo-bar``."""
    found = _NAME.match(requirement)
    if found is None:
        return requirement.strip().lower()
    return re.sub(r"[-_.]+", "-", found.group(1)).lower()


def _merge(array: Array, requirements: Iterable[str]) -> None:
    present = {requirement_name(str(item)) for item in array}
    for requirement in requirements:
        if requirement_name(requirement) not in present:
            array.append(requirement)
            present.add(requirement_name(requirement))


def _array(table: Table | tomlkit.TOMLDocument, key: str, where: str) -> Array:
    if key not in table:
        table[key] = tomlkit.array().multiline(True)
    value = table[key]
    if not isinstance(value, Array):
        raise ComponentError(
            f"pyproject.toml: {where} is not a list.", hint="Fix pyproject.toml and try again."
        )
    return value


def add_dependencies(text: str, runtime: Iterable[str], dev: Iterable[str]) -> str:
    """``text`` with the requirements added to ``[project]`` and the ``dev`` dependency group.

    Requirements already present (by name, whatever their version) are left as the user wrote
    them; comments, ordering and formatting of everything else survive byte for byte.
    """
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ComponentError(
            f"pyproject.toml is not valid TOML: {exc}", hint="Fix pyproject.toml and try again."
        ) from exc
    project = document.get("project")
    if not isinstance(project, Table):
        raise ComponentError(
            "pyproject.toml has no [project] table.", hint="Is this an mcpgen project?"
        )
    runtime, dev = list(runtime), list(dev)
    if runtime:
        _merge(_array(project, "dependencies", "[project] dependencies"), runtime)
    if dev:
        if "dependency-groups" not in document:
            document["dependency-groups"] = tomlkit.table()
        groups = document["dependency-groups"]
        if not isinstance(groups, Table):
            raise ComponentError(
                "pyproject.toml: [dependency-groups] is not a table.",
                hint="Fix pyproject.toml and try again.",
            )
        _merge(_array(groups, "dev", "[dependency-groups] dev"), dev)
    return tomlkit.dumps(document)

"""Validation of the names a user chooses: projects, packages and component instances.

A name is normalised (Unicode NFKC, then PEP 503) before any rule applies, so ``Fast_MCP``
and its full-width spelling are both ``fastmcp``. The names a project must not take are
derived from a fully featured generated project (``reserved_names.json``, written by
``tools/gen_reserved_names.py``): uv cannot install a project named like one of its own
dependencies, and a package or console script named like a module or command the project
uses would shadow it.
"""

from __future__ import annotations

import functools
import json
import keyword
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from mcpgen.errors import InvalidNameError

_DIST_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
MAX_NAME_LENGTH = 40  # long names make import lines and docstrings exceed 100 characters
RESERVED_FILE = Path(__file__).with_name("reserved_names.json")

# Names no lock file can list: the project's own layout, modules Python imports at start-up,
# and programs the generated README, CI and Dockerfile run from outside the environment.
LAYOUT = frozenset({"src", "tests", "test", "conftest", "mcpgen"})
STARTUP_MODULES = frozenset({"sitecustomize", "usercustomize"})
EXTERNAL_TOOLS = frozenset({"uv", "uvx", "git", "docker", "npx", "node"})
# Windows opens these devices instead of a file or directory of that name, with any extension.
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))}
)


@dataclass(frozen=True)
class ProjectName:
    """The names derived from what the user typed."""

    dist: str
    package: str


@dataclass(frozen=True)
class Reserved:
    """Names taken by what a generated project installs and runs."""

    distributions: frozenset[str]
    modules: frozenset[str]
    commands: frozenset[str]

    @functools.cached_property
    def skeletons(self) -> dict[str, str]:
        """Each reserved name by its letters and digits alone (``fast-mcp`` -> ``fastmcp``)."""
        others = sorted(self.modules | self.commands)
        return {_skeleton(name): name for name in [*others, *sorted(self.distributions)]}


def _skeleton(name: str) -> str:
    return re.sub(r"[-_.]+", "", name).lower()


def normalise(name: str) -> str:
    """PEP 503: runs of ``-``, ``_`` and ``.`` become one ``-``, lower case."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def reserved() -> Reserved:
    """The derived names, plus the stdlib of this interpreter and the fixed sets above."""
    data = json.loads(RESERVED_FILE.read_text(encoding="utf-8"))
    modules = {*data["modules"], *data["stdlib"], *sys.stdlib_module_names}
    return Reserved(
        distributions=frozenset(normalise(name) for name in data["distributions"]),
        modules=frozenset(modules | LAYOUT | STARTUP_MODULES),
        commands=frozenset(normalise(name) for name in (*data["commands"], *EXTERNAL_TOOLS)),
    )


def _reject(value: str, why: str, hint: str) -> InvalidNameError:
    return InvalidNameError(f"Invalid name {value!r}: {why}.", hint=hint)


def _device(value: str, *names: str) -> str | None:
    for name in (value.split(".", 1)[0], *names):
        if name.lower() in WINDOWS_DEVICES:
            return name.lower()
    return None


def _check_module_name(value: str, package: str, hint: str) -> None:
    if keyword.iskeyword(package) or keyword.issoftkeyword(package):
        raise _reject(value, f"'{package}' is a Python keyword", hint)
    device = _device(value, package)
    if device:
        raise _reject(value, f"'{device}' is a device name on Windows, not a file name", hint)
    if package in reserved().modules:
        raise _reject(value, f"'{package}' would shadow the module of the same name", hint)


def _check_project_names(value: str, names: ProjectName, hint: str) -> None:
    _check_module_name(value, names.package, hint)
    taken = reserved()
    if names.dist in taken.distributions:
        raise _reject(
            value,
            f"'{names.dist}' is a package the generated project depends on (uv cannot install "
            "a project that depends on itself)",
            hint,
        )
    if names.dist in taken.commands or names.dist in LAYOUT:
        raise _reject(value, f"its command '{names.dist}' would shadow the project's own", hint)
    lookalike = taken.skeletons.get(_skeleton(names.dist))
    if lookalike:
        raise _reject(
            value,
            f"'{names.dist}' differs from '{lookalike}', which the generated project uses, "
            "only by separators",
            hint,
        )


def project_name(value: str) -> ProjectName:
    """Validate a project name and derive its distribution and package names."""
    hint = "Use letters, digits and dashes, starting with a letter, e.g. 'weather-server'."
    typed, value = value, unicodedata.normalize("NFKC", value)
    if not value.strip():
        raise _reject(typed, "it is empty", hint)
    if "/" in value or "\\" in value or ".." in value:
        raise _reject(typed, "it contains a path separator or '..'", hint + " Use --dest DIR.")
    if len(value) > MAX_NAME_LENGTH:
        raise _reject(typed, f"it is longer than {MAX_NAME_LENGTH} characters", hint)
    if not value.isascii() or not _DIST_NAME.match(value):
        raise _reject(typed, "it is not a valid Python distribution name", hint)
    dist = normalise(value)
    names = ProjectName(dist=dist, package=dist.replace("-", "_"))
    if not _IDENTIFIER.match(names.package):
        raise _reject(typed, "the package name must start with a letter", hint)
    _check_project_names(typed, names, f"Choose a name of its own, e.g. '{_suggestion(dist)}'.")
    return names


def _suggestion(dist: str) -> str:
    for candidate in (f"{dist}-server", f"my-{dist}", "my-server"):
        package = candidate.replace("-", "_")
        taken = reserved()
        if (
            len(candidate) <= MAX_NAME_LENGTH
            and _IDENTIFIER.match(package)
            and package not in taken.modules
            and candidate not in taken.distributions | taken.commands
            and _skeleton(candidate) not in taken.skeletons
        ):
            return candidate
    return "my-server"


def component_name(value: str) -> str:
    """Validate the module name of a component instance (``--name analytics_db``)."""
    hint = "Use lower-case letters, digits and underscores, e.g. 'analytics_db'."
    typed, value = value, unicodedata.normalize("NFKC", value)
    if not value.isascii() or not _IDENTIFIER.match(value) or len(value) > MAX_NAME_LENGTH:
        raise _reject(typed, "it is not a lower-case Python identifier", hint)
    _check_module_name(typed, value, hint)
    return value

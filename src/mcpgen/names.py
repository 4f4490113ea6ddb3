"""Validation of the names a user chooses: projects, packages and component instances."""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass

from mcpgen.errors import InvalidNameError

_DIST_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
MAX_NAME_LENGTH = 40  # long names make import lines and docstrings exceed 100 characters

# Import names a generated project depends on or ships; a package with one of these names
# would shadow the real module and break the server in confusing ways.
RESERVED_MODULES = frozenset(
    {
        "anyio",
        "asyncpg",
        "copier",
        "fastmcp",
        "httpx",
        "jinja2",
        "limits",
        "mcp",
        "mypy",
        "opentelemetry",
        "pydantic",
        "pydantic_core",
        "pydantic_settings",
        "pytest",
        "redis",
        "respx",
        "rich",
        "ruff",
        "starlette",
        "test",
        "tests",
        "typer",
        "uvicorn",
        "yaml",
        "mcpgen",
        "src",
        "conftest",
        "setuptools",
        "pip",
        "uv",
    }
)


@dataclass(frozen=True)
class ProjectName:
    """The names derived from what the user typed."""

    dist: str
    package: str


def _reject(value: str, why: str, hint: str) -> InvalidNameError:
    return InvalidNameError(f"Invalid name {value!r}: {why}.", hint=hint)


def _check_module_name(value: str, package: str, hint: str) -> None:
    if keyword.iskeyword(package) or keyword.issoftkeyword(package):
        raise _reject(value, f"'{package}' is a Python keyword", hint)
    if package in sys.stdlib_module_names or package in RESERVED_MODULES:
        raise _reject(value, f"'{package}' would shadow the module of the same name", hint)


def project_name(value: str) -> ProjectName:
    """Validate a project name and derive its distribution and package names."""
    hint = "Use letters, digits and dashes, starting with a letter, e.g. 'weather-server'."
    if not value.strip():
        raise _reject(value, "it is empty", hint)
    if "/" in value or "\\" in value or ".." in value:
        raise _reject(value, "it contains a path separator or '..'", hint + " Use --dest DIR.")
    if len(value) > MAX_NAME_LENGTH:
        raise _reject(value, f"it is longer than {MAX_NAME_LENGTH} characters", hint)
    if not _DIST_NAME.match(value):
        raise _reject(value, "it is not a valid Python distribution name", hint)
    dist = re.sub(r"[-_.]+", "-", value).lower()
    package = dist.replace("-", "_")
    if not _IDENTIFIER.match(package):
        raise _reject(value, "the package name must start with a letter", hint)
    _check_module_name(value, package, hint)
    return ProjectName(dist=dist, package=package)


def component_name(value: str) -> str:
    """Validate the module name of a component instance (``--name analytics_db``)."""
    hint = "Use lower-case letters, digits and underscores, e.g. 'analytics_db'."
    if not _IDENTIFIER.match(value) or len(value) > MAX_NAME_LENGTH:
        raise _reject(value, "it is not a lower-case Python identifier", hint)
    _check_module_name(value, value, hint)
    return value

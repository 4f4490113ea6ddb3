"""Template changes a merge cannot carry (renamed files, moved settings), as versioned steps.

Each step runs once on the user's tree, before the merge, when a project moves from a version
older than the step's to one at least as new. Steps must be idempotent and touch only what
they name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class Migration:
    """One step: the version that introduced the change, what it does, and how."""

    version: str
    description: str
    apply: Callable[[Path], None]


# Newest last. None yet: every template change so far merges cleanly.
MIGRATIONS: list[Migration] = []


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

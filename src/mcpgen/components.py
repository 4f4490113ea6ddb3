"""Integration components (weather, SQLite, PostgreSQL) applied onto a generated project."""

from __future__ import annotations

from pathlib import Path

from mcpgen.errors import ComponentError

KINDS: dict[str, str] = {}


def add(root: Path, kind: str, name: str | None = None) -> None:
    """Apply the component ``kind`` to the project at ``root``."""
    raise ComponentError(
        f"Unknown integration {kind!r}.",
        hint="Run 'mcpgen add-tool --list' to see the available integrations.",
    )

"""Rendering copier templates shipped inside mcpgen. The only module that imports copier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcpgen.errors import MCPGenError

TEMPLATES = Path(__file__).parent / "templates"


def template_path(name: str) -> Path:
    """Directory of the template called ``name`` (e.g. ``server``, ``components/weather``)."""
    return TEMPLATES / name


def render(template: str, dest: Path, data: dict[str, Any], *, overwrite: bool = False) -> None:
    """Render ``template`` into ``dest`` with every answer given; never prompts.

    With ``overwrite=False`` copier refuses to replace any existing file, which is what keeps
    a user's files safe when a component is applied onto an edited project.
    """
    from copier import run_copy
    from copier.errors import CopierError

    try:
        run_copy(
            str(template_path(template)),
            dest,
            data=data,
            defaults=True,
            overwrite=overwrite,
            quiet=True,
            unsafe=False,
            skip_tasks=True,
        )
    except (CopierError, ValueError) as exc:  # copier reports invalid answers as ValueError
        raise MCPGenError(
            f"Rendering the {template} template failed: {exc}",
            hint="This is a bug in mcpgen; please report it with the command you ran.",
        ) from exc

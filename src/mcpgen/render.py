"""Rendering copier templates shipped inside mcpgen. The only module that imports copier."""

from __future__ import annotations

from contextlib import suppress
from functools import cache, cached_property
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
    from copier.errors import CopierError

    try:
        with _worker_class()(
            src_path=str(template_path(template)),
            dst_path=dest,
            data=data,
            defaults=True,
            overwrite=overwrite,
            quiet=True,
            unsafe=False,
            skip_tasks=True,
        ) as worker:
            worker.run_copy()
    except (CopierError, ValueError) as exc:  # copier reports invalid answers as ValueError
        raise MCPGenError(
            f"Rendering the {template} template failed: {exc}",
            hint="This is a bug in mcpgen; please report it with the command you ran.",
        ) from exc


@cache
def _worker_class() -> type[Any]:
    """copier's Worker (what ``run_copy`` runs), without the work a shipped template never needs.

    Each override only skips work or reuses a result, so on a copier that lacks the overridden
    member the render is the same, only slower.
    """
    from copier._main import Worker

    from mcpgen import jinja_cache

    class ShippedTemplateWorker(Worker):
        @cached_property
        def template(self) -> Any:
            template = super().template
            # A template inside the installed package is a plain directory (never the root of
            # a git repository or a bundle): copier's probe for one costs three git processes.
            with suppress(TypeError):  # a Template without a __dict__ is simply probed
                vars(template)["vcs"] = None
            return template

        @cached_property
        def jinja_env(self) -> Any:
            env = super().jinja_env
            jinja_cache.install(env)
            return env

        def _sync_git_index_executable_bit(self, dst_relpath: Path, src_mode: int) -> None:
            # copier runs 'git config' once per rendered file to carry executable bits into a
            # tracked file's index entry; mcpgen renders only into new directories, whose
            # files are untracked, where copier's own check ends in doing nothing.
            return None

    return ShippedTemplateWorker

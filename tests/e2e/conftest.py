"""End-to-end fixtures: generate through the real ``mcpgen`` command, install once, reuse.

Each combination of options is generated and ``uv sync``-ed once per session; every test that
needs the same combination shares it. All projects share one uv cache, so dependencies are
downloaded and built once.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Sequence

import pytest
from support import Generated, mcpgen


@pytest.fixture(scope="session")
def generate_project(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., Generated]]:
    """``generate_project(name, *options, add_tools=[...])``: generated and installed once."""
    base = tmp_path_factory.mktemp("e2e-projects")
    cache: dict[tuple[str, tuple[str, ...], tuple[Sequence[str], ...]], Generated] = {}

    def factory(name: str, *options: str, add_tools: Sequence[Sequence[str]] = ()) -> Generated:
        key = (name, options, tuple(tuple(args) for args in add_tools))
        if key not in cache:
            made = mcpgen("new", name, "--yes", "--no-git", *options, cwd=base)
            assert made.returncode == 0, made.stdout + made.stderr
            root = base / name
            for args in add_tools:
                added = mcpgen("add-tool", *args, "--project", str(root), cwd=base)
                assert added.returncode == 0, added.stdout + added.stderr
            generated = Generated(root=root, package=name.replace("-", "_"), script=name)
            generated.uv("sync", "--locked", "--quiet")
            cache[key] = generated
        return cache[key]

    yield factory
    shutil.rmtree(base, ignore_errors=True)

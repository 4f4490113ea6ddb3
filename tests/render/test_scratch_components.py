"""Components written into a fresh render (``new``, pristine renders) match a transactional add."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcpgen import components, generate, options, render


def tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    return {
        str(path.relative_to(root)): (
            path.stat().st_mode,
            path.read_bytes() if path.is_file() else None,
        )
        for path in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize("docker", [True, False])
def test_scratch_writes_are_the_transactional_writes(docker: bool, tmp_path: Path) -> None:
    answers = options.resolve_answers(
        "scratch-check", {"transport": "http", "docker": docker}, ask=False
    )
    results = {}
    for scratch in (True, False):
        root = tmp_path / str(scratch) / "project"
        render.render("server", root, answers)
        for kind in ("weather", "sqlite", "postgres"):
            components.add(root, kind, scratch=scratch)
        results[scratch] = tree(root)

    assert results[True] == results[False]


def test_a_render_with_a_lock_is_still_relocked(tmp_path: Path) -> None:
    root = tmp_path / "project"
    render.render("server", root, options.resolve_answers("locked", {}, ask=False))
    generate.lock_dependencies(root)

    added = components.add(root, "weather", scratch=True)

    assert added.locked, "uv locked the new dependencies"
    assert "httpx" in (root / "uv.lock").read_text()

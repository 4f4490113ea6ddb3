"""Scaffolds of the user's own tool, resources and prompt applied onto a rendered project.

The project is checked in mcpgen's own environment (which has fastmcp): ruff, ruff format
and mypy --strict, with short and 30-character names. The end-to-end tier
(``tests/e2e/test_authoring_e2e.py``) installs it with uv, runs its own tests and talks to it
through real clients.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import run_tool

from mcpgen import catalog, components, options, render
from mcpgen.errors import ComponentError, UsageError

SCAFFOLDS = ("custom", "resource", "prompt")
LONG = "a_very_long_scaffold_name_xyz"  # plus a one-letter suffix: 30 characters


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full-featured render with every scaffold added twice: a short and a long name."""
    root = tmp_path_factory.mktemp("scaffolds") / "demo"
    given = {"transport": "http", "auth": "api-key", "rate_limit": True, "author_name": "A"}
    render.render("server", root, options.resolve_answers("demo", given, ask=False))
    for kind in SCAFFOLDS:
        components.add(root, kind, f"my_{kind}")
        components.add(root, kind, f"{LONG}{kind[0]}")
    return root


def test_scaffolds_change_no_file_of_the_project(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    render.render("server", root, options.resolve_answers("demo", {"author_name": "A"}, ask=False))
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    for kind in SCAFFOLDS:
        added = components.add(root, kind, f"my_{kind}")
        assert added.changed == [] and added.env == []
        assert {str(path) for path in added.created} == {
            f"src/demo/tools/my_{kind}.py",
            f"tests/test_my_{kind}.py",
            f".copier-answers.component-my_{kind}.yml",
        }
    assert all(path.read_bytes() == content for path, content in before.items())


def test_scaffolds_are_ruff_and_mypy_clean(scaffolded: Path) -> None:
    run_tool("ruff", "check", "--no-cache", ".", cwd=scaffolded)
    run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=scaffolded)
    run_tool("mypy", "--no-incremental", "src", "tests", cwd=scaffolded)


@pytest.mark.parametrize("kind", SCAFFOLDS)
def test_a_scaffold_needs_a_name(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "demo"
    render.render("server", root, options.resolve_answers("demo", {"author_name": "A"}, ask=False))
    with pytest.raises(UsageError, match=f"add-tool {kind}' needs --name") as refused:
        components.add(root, kind)
    assert refused.value.hint and "--name" in refused.value.hint
    assert not list(root.glob(".copier-answers.component-*"))


def test_the_catalog_says_what_each_scaffold_serves() -> None:
    assert catalog.get("custom").tools("lookup") == ("lookup",)
    assert catalog.get("resource").resources("order_notes") == (
        "order-notes://index",
        "order-notes://items/{item_id}",
    )
    assert catalog.get("prompt").prompts("explain") == ("explain",)
    assert all(catalog.get(kind).needs_name for kind in SCAFFOLDS)
    assert not catalog.get("weather").needs_name


def test_resources_need_a_skeleton_with_completes(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    render.render("server", root, options.resolve_answers("demo", {"author_name": "A"}, ask=False))
    loader = root / "src/demo/components.py"
    loader.write_text(loader.read_text().replace("def completes(", "def older_layout("))
    with pytest.raises(ComponentError, match="needs 'def completes'") as refused:
        components.add(root, "resource", "notes")
    assert refused.value.hint and "mcpgen update" in refused.value.hint
    assert not (root / "src/demo/tools/notes.py").exists()

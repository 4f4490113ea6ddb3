"""The shape of a generated project (issue 19): decorated tools, typed tests, no stale lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import mcpgen

FULL = (
    "--transport", "http", "--auth", "jwt", "--with", "weather,sqlite,postgres",
    "--rate-limit", "--otel", "--docker", "--deploy", "kubernetes",
)  # fmt: skip
IGNORE = re.compile(r"#\s*type:\s*ignore\b(?P<rest>.*)$")


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("shape")
    done = mcpgen("new", "full-shape", *FULL, "--no-install", "--no-git", "-y", cwd=where)
    assert done.returncode == 0, done.stdout + done.stderr
    return where / "full-shape"


def python_files(root: Path) -> list[Path]:
    return sorted(path for part in ("src", "tests") for path in (root / part).rglob("*.py"))


def test_a_full_render_has_at_most_five_type_ignores_each_with_a_reason(full: Path) -> None:
    found = [
        (path.relative_to(full), match.group("rest"))
        for path in python_files(full)
        for line in path.read_text(encoding="utf-8").splitlines()
        if (match := IGNORE.search(line))
    ]
    assert len(found) <= 5, found
    assert all("#" in rest for _, rest in found), f"an ignore without a reason: {found}"


def test_every_tool_is_declared_where_it_is_defined(full: Path) -> None:
    tools = full / "src" / "full_shape" / "tools"
    for module in tools.glob("[!_]*.py"):
        text = module.read_text(encoding="utf-8")
        assert "def register" not in text, module
        assert "@tool" in text, module
    for name in ("weather_current", "sqlite_query", "postgres_list_tables", "hello"):
        assert any(
            re.search(rf"^@tool.*\n(?:async )?def {name}\(", module.read_text(), re.MULTILINE)
            for module in tools.glob("*.py")
        ), name


def test_nothing_lists_tools_by_hand(full: Path) -> None:
    server = (full / "src" / "full_shape" / "server.py").read_text(encoding="utf-8")
    assert "search_documents" not in server
    assert not (full / "src" / "full_shape" / "data" / "readme.md").exists()

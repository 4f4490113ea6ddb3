"""Dependencies are added to pyproject.toml with everything else kept byte for byte."""

from __future__ import annotations

import pytest

from mcpgen.edits.pyproject import add_dependencies, requirement_name
from mcpgen.errors import ComponentError

EDITED = """\
[project]
name = "demo"   # my project
dependencies = [
  # core
  "fastmcp>=4.1,<5",
  "HTTPX==0.27.2",  # pinned on purpose
]

[tool.ruff]
line-length = 88
"""


@pytest.mark.parametrize(
    ("requirement", "name"),
    [("httpx>=0.27", "httpx"), ("Foo_Bar.baz [x]>=1", "foo-bar-baz"), ("asyncpg", "asyncpg")],
)
def test_requirement_names_are_normalised(requirement: str, name: str) -> None:
    assert requirement_name(requirement) == name


def test_adds_new_requirements_and_keeps_comments_and_pins() -> None:
    result = add_dependencies(EDITED, ["httpx>=0.27", "asyncpg>=0.30"], ["respx>=0.22"])
    assert result.startswith(EDITED.split("]\n", 1)[0].rsplit("\n", 1)[0])
    assert '"HTTPX==0.27.2",  # pinned on purpose' in result
    assert "httpx>=0.27" not in result
    assert '  "asyncpg>=0.30",\n]' in result
    assert '[dependency-groups]\ndev = [\n    "respx>=0.22",\n]' in result
    assert "line-length = 88" in result


def test_adding_twice_changes_nothing() -> None:
    once = add_dependencies(EDITED, ["asyncpg>=0.30"], ["asyncpg-stubs>=0.30"])
    assert add_dependencies(once, ["asyncpg>=0.30"], ["asyncpg-stubs>=0.30"]) == once


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[project\nname = 'x'", "not valid TOML"),
        ("[tool.x]\na = 1\n", "no .project. table"),
        ("[project]\ndependencies = 'x'\n", "is not a list"),
    ],
)
def test_broken_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(ComponentError, match=message):
        add_dependencies(text, ["httpx"], [])

"""The generated README's "Your first tool": what it says to read is short, and its example,
copied as it stands, is a tool that ``mcpgen check`` passes (tests/e2e runs its test too)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcpgen.cli import app

runner = CliRunner()
MOST_LINES = 65  # "about 60 lines in all"


def first_tool_section(readme: str) -> str:
    return readme.split("### Your first tool\n", 1)[1].split("\n## ", 1)[0]


def code_blocks(section: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


@pytest.fixture(params=["stdio", "http"])
def project(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["new", "demo", "--yes", "--no-git", "-t", request.param])
    assert made.exit_code == 0, made.output
    return tmp_path / "demo"


def test_the_reading_before_a_first_tool_is_about_60_lines(project: Path) -> None:
    section = first_tool_section((project / "README.md").read_text())
    assert "src/demo/tools/hello.py" in section
    hello = len((project / "src/demo/tools/hello.py").read_text().splitlines())
    assert "19 lines" in section and hello == 19, "the README states the length it has"
    assert len(section.strip().splitlines()) + hello <= MOST_LINES
    assert "tests/test_tools.py" in section
    assert "async def test_hello" in (project / "tests/test_tools.py").read_text()[:800]


def test_the_readme_example_tool_passes_mcpgen_check(project: Path) -> None:
    tool, test = code_blocks(first_tool_section((project / "README.md").read_text()))
    (project / "src/demo/tools/arithmetic.py").write_text(tool)
    compile(test, "tests/test_arithmetic.py", "exec")
    result = runner.invoke(
        app, ["check", "--project", str(project), "--python", sys.executable, "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["findings"] == []
    assert report["counts"]["tools"] == 2, "the skeleton's hello and the new add"

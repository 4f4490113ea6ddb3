"""Migrations: register(mcp) modules get decorators (0.2.0); the skeleton examples are recorded
as a component (0.4.0)."""

from __future__ import annotations

from pathlib import Path

import yaml

from mcpgen import migrations
from mcpgen.migrations import decorate_module

OLD = '''"""Tools."""

from fastmcp import FastMCP


def ping() -> str:
    """Pong."""
    return "pong"


def review(code: str) -> str:
    """Review code."""
    return code


def register(mcp: FastMCP) -> None:
    """Register this module's tools."""
    flags = {"readOnlyHint": True}
    mcp.tool(ping, annotations=flags)
    mcp.prompt(review)
'''


def test_register_calls_become_decorators_and_register_goes() -> None:
    new = decorate_module(OLD)
    assert new is not None
    assert "def register" not in new and "FastMCP" not in new
    assert '@tool(annotations={"readOnlyHint": True})\ndef ping()' in new
    assert "@prompt\ndef review(" in new
    assert "from fastmcp.prompts import prompt\nfrom fastmcp.tools import tool\n" in new
    compile(new, "tools.py", "exec")


def test_anything_but_plain_registrations_is_left_alone() -> None:
    head = OLD.split("def register", maxsplit=1)[0] + "def register(mcp: FastMCP) -> None:\n"
    for body in (
        "    if True:\n        mcp.tool(ping)\n",
        "    mcp.tool(lambda: 1)\n",
        "    pass\n",
    ):
        assert decorate_module(head + body) is None
    assert (
        decorate_module("from fastmcp.tools import tool\n\n\n@tool\ndef f() -> None: ...\n") is None
    )


def test_the_step_runs_for_projects_older_than_0_2_0() -> None:
    assert [step.version for step in migrations.pending("0.1.0", "0.2.0")] == ["0.2.0"]
    assert migrations.pending("0.2.0", "0.2.1") == []


def test_the_0_4_0_step_records_a_skeleton_examples_module(tmp_path: Path) -> None:
    (tmp_path / ".copier-answers.yml").write_text(
        "mcpgen_version: 0.3.0\npackage_name: demo\nproject_name: demo\n"
    )
    (tmp_path / "src/demo/tools").mkdir(parents=True)
    step = next(step for step in migrations.MIGRATIONS if step.version == "0.4.0")
    assert step.pristine, "the merge base must record it too"
    step.apply(tmp_path)
    assert not (tmp_path / migrations.EXAMPLES_ANSWERS).exists(), "no module, nothing recorded"

    (tmp_path / "src/demo/tools/examples.py").write_text('"""Ours."""\n')
    step.apply(tmp_path)
    recorded = yaml.safe_load((tmp_path / migrations.EXAMPLES_ANSWERS).read_text())
    assert recorded["kind"] == recorded["component_name"] == "examples"
    assert (recorded["mcpgen_version"], recorded["compose"]) == ("0.3.0", False)
    before = (tmp_path / migrations.EXAMPLES_ANSWERS).read_text()
    step.apply(tmp_path)
    assert (tmp_path / migrations.EXAMPLES_ANSWERS).read_text() == before, "idempotent"

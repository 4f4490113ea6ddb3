"""openapi and files applied onto rendered projects (no install): clean code, servers that start.

Each OpenAPI fixture (3.0 with missing operationIds and a circular schema, 3.1 with undeclared
path parameters) is stored under a short and a long instance name; the project must pass ruff,
ruff format and mypy --strict, and its server, imported in a fresh interpreter, must serve
exactly the tools mcpgen reported. The end-to-end tier installs such projects and runs their
own tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_tool

from mcpgen import catalog, component_data, components, options, render

FIXTURES = Path(__file__).parent.parent / "fixtures" / "openapi"
LONG = "a_very_long_instance_name_x"
LIST_TOOLS = """
import asyncio, json
from fastmcp import Client
from demo.server import create_server
from demo.settings import Settings

async def main() -> None:
    async with Client(create_server(Settings(_env_file=None))) as client:
        tools = await client.list_tools()
        templates = await client.list_resource_templates()
    print(json.dumps({
        "tools": {tool.name: tool.annotations.read_only_hint for tool in tools},
        "templates": [template.uri_template for template in templates],
    }))

asyncio.run(main())
"""


def add(project: Path, kind: str, name: str, given: component_data.Options) -> tuple[str, ...]:
    """Add an instance the way 'add-tool' does (template, then data); return its tools."""
    prepared = component_data.prepare(catalog.get(kind), name, given)
    added = components.add(project, kind, prepared.name)
    component_data.store(project, prepared, "demo")
    return prepared.spec.tools if prepared.spec else added.tools


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, ...]]]:
    root = tmp_path_factory.mktemp("data-components") / "demo"
    answers = options.resolve_answers(
        "demo", {"transport": "http", "docker": True, "author_name": "A"}, ask=False
    )
    render.render("server", root, answers)
    served = tmp_path_factory.mktemp("served")
    (served / "readme.md").write_text("hello\n")
    tools: dict[str, tuple[str, ...]] = {}
    sloppy = component_data.Options(spec=str(FIXTURES / "sloppy-3.0.yaml"))
    circular = component_data.Options(spec=str(FIXTURES / "circular-3.1.json"))
    for notes, trees, files in (
        ("notes", "trees", "files"),
        (f"{LONG}_n", f"{LONG}_t", f"{LONG}_f"),
    ):
        tools[notes] = add(root, "openapi", notes, sloppy)
        tools[trees] = add(root, "openapi", trees, circular)
        tools[files] = add(root, "files", files, component_data.Options(root=served))
    return root, tools


def test_the_code_is_ruff_and_mypy_clean(project: tuple[Path, dict[str, tuple[str, ...]]]) -> None:
    root, _ = project
    run_tool("ruff", "check", "--no-cache", ".", cwd=root)
    run_tool("ruff", "format", "--check", "--no-cache", ".", cwd=root)
    run_tool("mypy", "--no-incremental", "src", cwd=root)


def test_the_server_serves_what_mcpgen_reported(
    project: tuple[Path, dict[str, tuple[str, ...]]],
) -> None:
    root, tools = project
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "MCP_ENV_FILE": os.devnull}
    done = subprocess.run(
        [sys.executable, "-c", LIST_TOOLS], cwd=root, env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    served = json.loads(done.stdout.strip().splitlines()[-1])
    for instance, names in tools.items():
        assert set(names) <= set(served["tools"]), instance
    assert served["tools"]["notes_get_notes"] is True
    assert served["tools"]["notes_delete_notes_id"] is False
    assert "files://{path*}" in served["templates"]

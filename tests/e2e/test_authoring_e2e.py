"""The user's own tool, resources and prompt, added through the real ``mcpgen`` command.

One project is rendered with git and edited by hand (a tool module of the user's, a changed
README, committed); ``add-tool custom``, ``resource`` and ``prompt`` are added to it, and to a
fresh ``--no-git`` render. The edited project is installed: its own tests, ruff, ruff format,
mypy --strict and ``mcpgen check`` pass, ``mcpgen update --check`` still finds it current,
and two real clients in other processes, fastmcp's ``Client`` and the pinned MCP Inspector
CLI, list and call every new tool, read the resources and get the prompt. Last, every command
on the scaffold pages of the docs runs as written in the same project (called ``my-server``,
as the pages say), Inspector reads included.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import INSPECTOR, MCPGEN, Generated, mcpgen, project_env, uv_bin

pytestmark = pytest.mark.e2e

PAGES = [Path(__file__).resolve().parents[2] / "docs" / "components" / f"{kind}.md"
         for kind in ("custom", "resource", "prompt")]  # fmt: skip

# The name the documented commands use (``uv run my-server``).
NAME = "my-server"
PACKAGE = NAME.replace("-", "_")
SCAFFOLDS = [
    ["custom", "--name", "lookup_item"],
    ["resource", "--name", "item_notes"],
    ["prompt", "--name", "explain"],
]
USER_TOOL = '''"""A tool the user wrote by hand before adding scaffolds."""

from fastmcp.tools import tool


@tool(annotations={"readOnlyHint": True})
def shout(text: str) -> str:
    """Repeat a text in capital letters; returns the text upper-cased.

    Args:
        text: Any text to upper-case.
    """
    return text.upper()
'''

CLIENT = """
import asyncio, json, sys
from fastmcp import Client
from fastmcp.client.transports import StdioTransport
from mcp.types import ResourceTemplateReference

async def main() -> None:
    transport = StdioTransport(sys.argv[1], ["--transport", "stdio"], cwd=sys.argv[2])
    out = {}
    async with Client(transport, timeout=120) as client:
        out["instructions"] = client.instructions
        tools = await client.list_tools()
        out["tools"] = {tool.name: tool.model_dump(mode="json", by_alias=True) for tool in tools}
        out["resources"] = sorted(str(item.uri) for item in await client.list_resources())
        out["templates"] = sorted(t.uri_template for t in await client.list_resource_templates())
        out["prompts"] = sorted(prompt.name for prompt in await client.list_prompts())
        found = await client.call_tool("lookup_item", {"item_id": "A-1001"})
        out["lookup"] = found.structured_content
        bad = await client.call_tool("lookup_item", {"item_id": "nope"}, raise_on_error=False)
        out["lookup_bad"] = bad.is_error
        links = await client.call_tool("list_documents", {"category": "legal"})
        out["links"] = [str(getattr(part, "uri", "")) for part in links.content]
        feedback = await client.call_tool("give_feedback", {})
        out["feedback"] = feedback.data
        read = {}
        for uri in ("item-notes://index", "item-notes://items/A-1002", "docs://readme",
                    "docs://documents/deploy"):
            read[uri] = (await client.read_resource(uri))[0].text
        out["read"] = read
        ref = ResourceTemplateReference(type="ref/resource", uri="item-notes://items/{item_id}")
        out["completed"] = (await client.complete(ref, {"name": "item_id", "value": "A-1"})).values
        prompt = await client.get_prompt("explain", {"topic": "caching", "audience": "expert"})
        out["prompt"] = [message.content.text for message in prompt.messages]
    print(json.dumps(out))

asyncio.run(main())
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def add_scaffolds(root: Path) -> str:
    output = ""
    for args in SCAFFOLDS:
        added = mcpgen("add-tool", *args, "--project", str(root), cwd=root.parent)
        assert added.returncode == 0, added.stdout + added.stderr
        output += added.stdout + added.stderr
    return output


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    """A git-tracked project edited and committed by hand, then given all three scaffolds."""
    base = tmp_path_factory.mktemp("authoring")
    new = ("new", NAME, "--yes", "--git", "--with", "examples", "--author", "A", "--email", "a@b.c")
    made = mcpgen(*new, cwd=base)
    assert made.returncode == 0, made.stdout + made.stderr
    root = base / NAME
    (root / "src" / PACKAGE / "tools" / "mine.py").write_text(USER_TOOL)
    readme = root / "README.md"
    readme.write_text(readme.read_text() + "\nMy own notes.\n")
    git(root, "add", "-A")
    git(root, "-c", "user.name=A", "-c", "user.email=a@b.c", "commit", "-qm", "My edits")
    add_scaffolds(root)
    project = Generated(root=root, package=PACKAGE, script=NAME)
    project.uv("sync", "--locked", "--quiet")
    yield project


def test_a_fresh_project_gets_each_scaffold_and_only_its_files(tmp_path: Path) -> None:
    made = mcpgen("new", "fresh", "--yes", "--no-git", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    root = tmp_path / "fresh"
    pyproject = (root / "pyproject.toml").read_bytes()
    output = add_scaffolds(root)
    for module in ("lookup_item", "item_notes", "explain"):
        assert (root / f"src/fresh/tools/{module}.py").is_file()
        assert (root / f"tests/test_{module}.py").is_file()
        answers = (root / f".copier-answers.component-{module}.yml").read_text()
        assert "_src_path: mcpgen:components/" in answers
    assert (root / "pyproject.toml").read_bytes() == pyproject
    assert (
        not (root / ".env.example").exists()
        or "LOOKUP_ITEM" not in (root / ".env.example").read_text()
    )
    assert "Tools: lookup_item." in output
    assert "Resources: item-notes://index, item-notes://items/{item_id}." in output
    assert "Prompts: explain." in output
    refused = mcpgen("add-tool", "custom", "--project", str(root), cwd=tmp_path)
    assert refused.returncode == 2
    assert "needs --name" in refused.stderr and "Hint:" in refused.stderr


def test_the_edits_are_kept_and_the_scaffolds_recorded(edited: Generated) -> None:
    root = edited.root
    assert (root / "src" / PACKAGE / "tools" / "mine.py").read_text() == USER_TOOL
    assert (root / "README.md").read_text().endswith("\nMy own notes.\n")
    assert git(root, "status", "--porcelain") == ""
    recorded = git(root, "ls-tree", "--name-only", "mcpgen/template")
    for module in ("lookup_item", "item_notes", "explain"):
        assert f".copier-answers.component-{module}.yml" in recorded
    current = mcpgen("update", "--check", "--project", str(root), cwd=root)
    assert current.returncode == 0, current.stdout + current.stderr


def test_the_project_passes_its_own_checks(edited: Generated) -> None:
    tests = edited.run(uv_bin(), "run", "pytest", "-q", "-p", "no:cacheprovider")
    assert " passed" in tests.stdout
    edited.uv("run", "ruff", "check", ".")
    edited.uv("run", "ruff", "format", "--check", ".")
    edited.uv("run", "mypy")
    checked = mcpgen("check", "--project", str(edited.root), cwd=edited.root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings" in checked.stdout + checked.stderr


def test_fastmcp_client_uses_every_new_piece(edited: Generated) -> None:
    done = edited.run(str(edited.python), "-c", CLIENT, str(edited.executable), str(edited.root))
    out = json.loads(done.stdout.strip().splitlines()[-1])
    tools = out["tools"]
    assert {"lookup_item", "shout", "list_documents", "give_feedback"} <= set(tools)
    lookup = tools["lookup_item"]
    assert lookup["title"] and lookup["annotations"]["readOnlyHint"] is True
    assert set(lookup["outputSchema"]["properties"]) == {"item_id", "name", "status", "tags"}
    assert tools["search_documents"]["icons"], "the tour's search tool has an icon"
    assert out["lookup"]["name"] == "Widget" and out["lookup_bad"] is True
    assert out["links"] == ["docs://documents/contracts"]
    assert out["feedback"].startswith("No feedback was given")  # this client has no forms
    assert "item-notes://index" in out["resources"]
    assert {"item-notes://items/{item_id}", "docs://documents/{slug}"} <= set(out["templates"])
    assert "explain" in out["prompts"]
    assert json.loads(out["read"]["item-notes://items/A-1002"])["name"] == "Gadget"
    assert len(json.loads(out["read"]["item-notes://index"])) == 2
    assert out["read"]["docs://documents/deploy"].startswith("Deployment guide")
    readme = out["read"]["docs://readme"]
    for piece in ("`lookup_item`", "`shout`", "`item-notes://index`", "`explain`"):
        assert piece in readme, f"docs://readme lists {piece}"
    assert "`lookup_item`" in out["instructions"]
    assert out["completed"] == ["A-1001", "A-1002"]
    assert "precise terms" in out["prompt"][0]


def inspector(project: Generated, *args: str) -> dict[str, Any]:
    # The Inspector takes --transport for itself, so the server's transport goes in its env.
    done = subprocess.run(
        [
            "npx",
            "-y",
            INSPECTOR,
            "--cli",
            "-e",
            "MCP_TRANSPORT=stdio",
            str(project.executable),
            *args,
        ],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_the_inspector_lists_and_calls_the_new_tool(edited: Generated) -> None:
    listed = inspector(edited, "--method", "tools/list")
    assert {"lookup_item", "shout"} <= {tool["name"] for tool in listed["tools"]}
    called = inspector(
        edited,
        "--method",
        "tools/call",
        "--tool-name",
        "lookup_item",
        "--tool-arg",
        "item_id=A-1002",
    )
    assert called["structuredContent"] == {
        "item_id": "A-1002",
        "name": "Gadget",
        "status": "archived",
        "tags": [],
    }


def documented_commands(page: Path) -> list[str]:
    """The ``$ `` lines of a page's console blocks, in order."""
    return [
        line.removeprefix("$ ") for line in page.read_text().splitlines() if line.startswith("$ ")
    ]


def test_every_command_on_the_scaffold_pages_runs(edited: Generated) -> None:
    """The pages' commands as written, one after the other, in the edited project.

    They add three more scaffolds (other names) and read them with the Inspector CLI.
    """
    commands = [command for page in PAGES for command in documented_commands(page)]
    assert len(commands) >= 9 and all(INSPECTOR in c for c in commands if c.startswith("npx"))
    tools = os.pathsep.join(str(Path(path).parent) for path in (MCPGEN[0], uv_bin()))
    script = "set -euo pipefail\n" + "\n".join(commands) + "\n"
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=edited.root,
        env=project_env({"PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for shown in ("Widget", "order-notes://items/A-1001", "Explain caching"):
        assert shown in done.stdout


def test_every_command_on_the_feature_tour_page_runs(
    generate_project: Callable[..., Generated],
) -> None:
    """docs/components/examples.md as written, in a fresh project that has no tour yet."""
    project = generate_project(NAME, "--transport", "stdio")
    page = PAGES[0].with_name("examples.md")
    commands = documented_commands(page)
    assert commands[0] == "mcpgen add-tool examples" and len(commands) == 3
    tools = os.pathsep.join(str(Path(path).parent) for path in (MCPGEN[0], uv_bin()))
    done = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + "\n".join(commands) + "\n"],
        cwd=project.root,
        env=project_env({"PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout, "the tour's own tests ran"
    assert "Quarterly budget process" in done.stdout, "search_documents found the budget"

"""``mcpgen add-tool custom|resource|prompt``: the name they need, the files and next steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import invoke as mcpgen


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    code, output = mcpgen("new", "demo", "--yes", "--no-git")
    assert code == 0, output
    return tmp_path / "demo"


@pytest.mark.parametrize(("kind", "noun"), [("custom", "tool"), ("resource", "resources"),
                                            ("prompt", "prompt")])  # fmt: skip
def test_without_a_name_it_is_a_usage_error(project: Path, kind: str, noun: str) -> None:
    before = sorted(project.rglob("*"))
    code, output = mcpgen("add-tool", kind, "--project", str(project))
    assert code == 2
    assert f"'mcpgen add-tool {kind}' needs --name: the name of your new {noun}." in output
    assert f"Hint: e.g. mcpgen add-tool {kind} --name" in output
    assert sorted(project.rglob("*")) == before


@pytest.mark.parametrize(
    ("kind", "serves"),
    [
        ("custom", "Tools: lookup_order."),
        ("resource", "Resources: lookup-order://index, lookup-order://items/{item_id}."),
        ("prompt", "Prompts: lookup_order."),
    ],
)
def test_next_steps_say_what_it_serves_and_where_to_edit(
    project: Path, kind: str, serves: str
) -> None:
    code, output = mcpgen("add-tool", kind, "--name", "lookup_order", "--project", str(project))
    assert code == 0, output
    assert f"Added the {kind} " in output
    assert serves in output
    assert "Replace the example in src/demo/tools/lookup_order.py" in output
    assert "uv sync" not in output and ".env" not in output, "nothing to install or set"


def test_the_list_shows_the_scaffolds() -> None:
    code, output = mcpgen("add-tool", "--list")
    assert code == 0
    for kind in ("custom", "resource", "prompt"):
        assert f"\n{kind}  " in f"\n{output}"


def test_the_feature_tour_is_added_once_under_its_own_name(project: Path) -> None:
    before = sorted(project.rglob("*"))
    code, output = mcpgen("add-tool", "examples", "--name", "tour", "--project", str(project))
    assert code == 2
    assert "'mcpgen add-tool examples' takes no --name" in output
    assert "Hint: Run it without --name: mcpgen add-tool examples" in output
    assert sorted(project.rglob("*")) == before

    code, output = mcpgen("add-tool", "examples", "--project", str(project))
    assert code == 0, output
    assert "Tools: search_documents, list_documents, give_feedback." in output
    assert ".env" not in output, "nothing to set"
    assert (project / "src/demo/tools/examples.py").is_file()

    after = sorted(project.rglob("*"))
    code, output = mcpgen("add-tool", "examples", "--project", str(project))
    assert code != 0
    assert "already has the examples component; only one fits a project" in output
    assert "Hint: Its tools are in src/demo/tools/examples.py." in output
    assert "--name examples_2" not in output
    assert sorted(project.rglob("*")) == after


def test_new_with_the_tour_says_it_needs_no_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = mcpgen("new", "tour", "--yes", "--no-git", "--with", "examples")
    assert code == 0, output
    assert (
        "examples adds the tools search_documents, list_documents, give_feedback; it needs "
        "no settings." in " ".join(output.split())
    )

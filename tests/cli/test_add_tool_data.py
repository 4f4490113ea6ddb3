"""``add-tool openapi --spec`` and ``add-tool files --root``: data stored, refreshed, refused."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from support import invoke as mcpgen
from support import tree

from mcpgen import __version__

FIXTURES = Path(__file__).parent.parent / "fixtures" / "openapi"
SLOPPY = str(FIXTURES / "sloppy-3.0.yaml")
CIRCULAR = str(FIXTURES / "circular-3.1.json")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    code, output = mcpgen("new", "demo", "--yes", "--no-git")
    assert code == 0, output
    return tmp_path / "demo"


@pytest.fixture
def tracked(tmp_path: Path) -> Path:
    code, output = mcpgen("new", "demo", "--yes")
    assert code == 0, output
    return tmp_path / "demo"


def answers(project: Path, name: str) -> dict[str, str]:
    text = (project / f".copier-answers.component-{name}.yml").read_text()
    loaded: dict[str, str] = yaml.safe_load(text)
    return loaded


def test_openapi_stores_the_document_and_records_the_selection(project: Path) -> None:
    code, output = mcpgen(
        "add-tool", "openapi", "--spec", SLOPPY, "--name", "notes", "--include-tags", "write",
        "--project", str(project),
    )  # fmt: skip
    assert code == 0, output
    assert "Tools: notes_post_notes, notes_delete_notes_id." in output
    stored = json.loads((project / "src/demo/tools/notes.openapi.json").read_text())
    assert stored["servers"] == [{"url": "https://notes.example.com/api"}]
    recorded = answers(project, "notes")
    assert (recorded["spec_source"], recorded["include_tags"]) == (SLOPPY, "write")
    assert recorded["kind"] == "openapi"
    assert (project / "tests/test_notes.py").is_file()
    assert "NOTES_TOKEN=" in (project / ".env.example").read_text()


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["openapi"], 2, "needs --spec"),
        (["openapi", "--spec", str(FIXTURES / "swagger-2.json")], 1, "Swagger 2.0"),
        (["openapi", "--spec", str(FIXTURES / "nothing-here.json")], 1, "Cannot read"),
        (["openapi", "--spec", "http://example.com/openapi.json"], 1, "Refusing to fetch"),
        (["openapi", "--spec", SLOPPY, "--include-tags", "nope"], 1, "No operation has the tag"),
        (["openapi", "--spec", SLOPPY, "--root", "."], 2, "--root does not apply"),
        (["weather", "--spec", SLOPPY], 2, "--spec does not apply"),
        (["files"], 2, "needs --root"),
        (["files", "--root", "no-such-dir"], 1, "is not a directory"),
        (["files", "--root", "/"], 1, "file system's root"),
    ],
)
def test_bad_options_are_one_line_errors_that_write_nothing(
    project: Path, args: list[str], exit_code: int, message: str
) -> None:
    before = tree(project)
    code, output = mcpgen("add-tool", *args, "--project", str(project))
    assert code == exit_code, output
    assert message in output
    assert "Hint:" in output
    assert tree(project) == before


def test_refreshing_rewrites_the_document_and_keeps_edited_code(tracked: Path) -> None:
    assert mcpgen("add-tool", "openapi", "--spec", SLOPPY, "--name", "api", "-p", "demo")[0] == 0
    module = tracked / "src/demo/tools/api.py"
    module.write_text(module.read_text() + "\n# my edit\n")
    git(tracked, "commit", "-qam", "my edit")
    code, output = mcpgen("add-tool", "openapi", "--spec", CIRCULAR, "--name", "api", "-p", "demo")
    assert code == 0, output
    assert "Tools: api_get_tree, api_replace_tree." in output
    assert module.read_text().endswith("# my edit\n")
    stored = json.loads((tracked / "src/demo/tools/api.openapi.json").read_text())
    assert "/trees/{treeId}" in stored["paths"]
    assert answers(tracked, "api")["spec_source"] == CIRCULAR
    assert git(tracked, "status", "--porcelain") == ""


def test_the_document_is_the_users_data_not_the_templates(tracked: Path) -> None:
    code, output = mcpgen("add-tool", "openapi", "--spec", SLOPPY, "--name", "api", "-p", "demo")
    assert code == 0, output
    assert "recorded on the mcpgen/template branch" in output
    assert git(tracked, "status", "--porcelain") == ""
    pristine = git(tracked, "ls-tree", "-r", "--name-only", "mcpgen/template")
    assert "src/demo/tools/api.py" in pristine
    assert "src/demo/tools/api.openapi.json" not in pristine
    code, output = mcpgen("update", "--check", "-p", "demo")
    assert code == 0, output
    assert (tracked / "src/demo/tools/api.openapi.json").is_file()


def test_files_writes_the_root_to_dotenv(project: Path, tmp_path: Path) -> None:
    served = tmp_path / "my docs"
    served.mkdir()
    code, output = mcpgen("add-tool", "files", "--root", str(served), "-p", str(project))
    assert code == 0, output
    assert "Tools: files_read, files_list, files_search." in output
    assert f'FILES_ROOT="{served}"' in (project / ".env").read_text()
    assert answers(project, "files")["root"] == str(served)
    assert (project / "src/demo/tools/_files_guard.py").is_file()


def test_new_with_a_kind_that_needs_an_option_creates_nothing(tmp_path: Path) -> None:
    code, output = mcpgen("new", "demo", "--yes", "--no-git", "--with", "openapi")
    assert code == 2, output
    assert "needs --spec" in output
    assert not (tmp_path / "demo").exists()


def test_update_keeps_the_document_the_selection_and_edits(tracked: Path) -> None:
    code, output = mcpgen(
        "add-tool", "openapi", "--spec", SLOPPY, "--name", "api", "--include-tags", "write",
        "-p", "demo",
    )  # fmt: skip
    assert code == 0, output
    module = tracked / "src/demo/tools/api.py"
    module.write_text(module.read_text() + "\n# my edit\n")
    git(tracked, "commit", "-qam", "my edit")
    # An older pristine render, so that update has template changes to merge into the
    # instance's answers file and module.
    git(tracked, "checkout", "-q", "mcpgen/template")
    older = {
        ".copier-answers.component-api.yml": (f"mcpgen {__version__}", "mcpgen 0.1.9"),
        "src/demo/tools/api.py": ("One API operation served", "An API operation served"),
    }
    for name, (new, old) in older.items():
        path = tracked / name
        assert new in path.read_text()
        path.write_text(path.read_text().replace(new, old))
    git(tracked, "commit", "-qam", "An older render")
    git(tracked, "checkout", "-q", "main")
    git(tracked, "merge", "-q", "-s", "ours", "mcpgen/template", "-m", "Older render recorded")
    before = (tracked / "src/demo/tools/api.openapi.json").read_bytes()
    code, output = mcpgen("update", "-p", "demo")
    assert code == 0, output
    assert "Updated (" in output, output
    assert (tracked / "src/demo/tools/api.openapi.json").read_bytes() == before
    recorded = answers(tracked, "api")
    assert (recorded["spec_source"], recorded["include_tags"]) == (SLOPPY, "write")
    assert module.read_text().endswith("# my edit\n")
    assert git(tracked, "status", "--porcelain") == ""

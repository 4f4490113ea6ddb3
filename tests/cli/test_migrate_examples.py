"""``mcpgen update`` carries a project made by mcpgen 0.3.0 to the lean skeleton (0.4.0).

The old project is rendered from the templates of commit ``RELEASE_0_3_0`` and edited the way a
user would (``tools/examples.py`` and ``server.py``); the update records the examples as the
``examples`` component, so the module and its edits stay, its tests move to
``tests/test_examples.py``, and the plumbing becomes ``middleware.py``.
"""

from __future__ import annotations

import subprocess
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from support import Generated
from typer.testing import CliRunner

from mcpgen import options, render
from mcpgen import update as updating
from mcpgen.cli import app

RELEASE_0_3_0 = "19f5e9d"
REPO = Path(__file__).resolve().parents[2]
SERVER_EDIT = "    # Ours: production settings come from the vault.\n"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def old_templates(where: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", RELEASE_0_3_0, "src/mcpgen/templates"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    return where / "src" / "mcpgen" / "templates"


def migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 0.3.0 project, edited and committed, then updated to 0.4.0; its root."""
    runner = CliRunner()
    current = render.TEMPLATES
    monkeypatch.setattr(render, "TEMPLATES", old_templates(tmp_path / "old"))
    monkeypatch.setattr(options, "__version__", "0.3.0")
    monkeypatch.chdir(tmp_path)
    new = ["new", "demo", "--yes", "--git", "--no-install", "--author", "Ada", "--email", "a@x.io"]
    done = runner.invoke(app, new, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    root = tmp_path / "demo"
    assert (root / "src/demo/audit.py").is_file(), "rendered with the 0.3.0 layout"
    edit(root / "src/demo/tools/examples.py", "MAX_SNIPPET = 160", "MAX_SNIPPET = 240")
    edit(
        root / "src/demo/server.py",
        "    settings = settings or Settings()\n",
        "    settings = settings or Settings()\n" + SERVER_EDIT,
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "user edits")

    monkeypatch.setattr(render, "TEMPLATES", current)
    monkeypatch.setattr(updating, "__version__", "0.4.0")
    done = runner.invoke(app, ["update", "--project", str(root)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "0.4.0: tools/examples.py is now the 'examples' component" in done.output
    assert not git(root, "status", "--porcelain"), "the update leaves no conflicts"
    return root


def test_a_0_3_0_project_updates_to_the_lean_layout_keeping_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = migrated(tmp_path, monkeypatch)
    package = root / "src" / "demo"
    examples = (package / "tools" / "examples.py").read_text()
    assert "MAX_SNIPPET = 240" in examples, "the user's edit is kept"
    assert "MAGNIFIER" in examples and "def hello" not in examples, "the template's changes arrive"
    assert SERVER_EDIT in (package / "server.py").read_text()
    assert "tool_call_middleware" in (package / "server.py").read_text()
    assert (package / "middleware.py").is_file() and (package / "tools" / "hello.py").is_file()
    for gone in ("audit.py", "errors.py", "timeouts.py"):
        assert not (package / gone).exists(), gone
    assert (root / "tests" / "test_examples.py").is_file()
    assert "search_documents" not in (root / "tests" / "test_tools.py").read_text()
    recorded = yaml.safe_load((root / ".copier-answers.component-examples.yml").read_text())
    assert (recorded["kind"], recorded["mcpgen_version"]) == ("examples", "0.4.0")
    pristine = git(root, "ls-tree", "-r", "--name-only", "mcpgen/template").split()
    assert "src/demo/tools/examples.py" in pristine and "src/demo/audit.py" not in pristine

    done = CliRunner().invoke(app, ["update", "--project", str(root), "--check"])
    assert done.exit_code == 0, done.output


@pytest.mark.e2e
def test_the_migrated_project_passes_its_own_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Generated(migrated(tmp_path, monkeypatch), "demo", "demo")
    project.uv("sync", "--locked", "--quiet")
    tested = project.run(str(project.python), "-m", "pytest", "-q", "-p", "no:randomly")
    assert " passed" in tested.stdout and " failed" not in tested.stdout
    project.run(str(project.python), "-m", "ruff", "check", ".")
    project.run(str(project.python), "-m", "ruff", "format", "--check", ".")
    project.run(str(project.python), "-m", "mypy", "--strict", "src", "tests")

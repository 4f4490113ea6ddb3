"""``mcpgen update`` and ``adopt``: template changes merge into edited projects.

Template changes are simulated with a modified copy of the shipped templates, the way a newer
mcpgen release would differ; user edits are made and committed the way a person would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support import free_port
from support import invoke as mcpgen

from mcpgen import __version__, generate, render, tooling
from mcpgen import update as updating

HELLO = "src/demo/tools/hello.py"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def sync_locked(root: Path) -> subprocess.CompletedProcess[str]:
    """The project's own ``uv sync --locked``, with the uv installed alongside mcpgen."""
    return subprocess.run(
        [tooling.uv_executable(), "sync", "--locked"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"},
    )


def subjects(root: Path, count: int) -> list[str]:
    return git(root, "log", f"-{count}", "--first-parent", "--format=%s").splitlines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A generated project with typical user edits, committed."""
    monkeypatch.chdir(tmp_path)
    code, output = mcpgen("new", "demo", "--yes", "--git", "--author", "Ada", "--email", "a@x.io")
    assert code == 0, output
    root = tmp_path / "demo"
    edit(root / HELLO, 'return f"Hello, {name.strip()}!"', 'return f"Howdy, {name.strip()}!"')
    (root / "src/demo/tools/mine.py").write_text("def register(mcp: object) -> None:\n    pass\n")
    edit(root / "README.md", "## Run it", "## Our notes\n\nInternal only.\n\n## Run it")
    edit(
        root / "pyproject.toml",
        '"pydantic-settings>=2.6",',
        '"pydantic-settings>=2.6",\n    "rich",',
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "user edits")
    return root


@pytest.fixture
def newer_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the templates standing in for the next mcpgen release."""
    copy = tmp_path / "templates-next"
    shutil.copytree(render.TEMPLATES, copy)
    monkeypatch.setattr(render, "TEMPLATES", copy)
    monkeypatch.setattr(updating, "__version__", "9.9.9")
    return copy / "server/project"


def test_fresh_project_is_current_and_check_passes(project: Path) -> None:
    code, output = mcpgen("update", "--project", str(project), "--check")
    assert code == 0
    assert f"Up to date with mcpgen {__version__} templates." in output


def test_template_changes_arrive_and_user_edits_survive(
    project: Path, newer_templates: Path
) -> None:
    edit(
        newer_templates / "src/{{package_name}}/tools/hello.py.jinja",
        "max_length=100",
        "max_length=120",
    )
    edit(newer_templates / ".gitignore.jinja", "# Local data", "# Local data\n*.log")
    (newer_templates / "CHANGELOG.md.jinja").write_text("# Changelog\n")

    code, output = mcpgen("update", "--project", str(project), "--check")
    assert code == 1
    assert f"{__version__} -> 9.9.9" in output and "CHANGELOG.md" in output

    code, output = mcpgen("update", "--project", str(project))
    assert code == 0, output
    assert "Updated" in output
    hello = (project / HELLO).read_text()
    assert "max_length=120" in hello, "template change arrived"
    assert "Howdy" in hello, "user change kept"
    assert "*.log" in (project / ".gitignore").read_text()
    assert (project / "CHANGELOG.md").is_file()
    assert (project / "src/demo/tools/mine.py").is_file()
    assert "Our notes" in (project / "README.md").read_text()
    assert '"rich",' in (project / "pyproject.toml").read_text()
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["mcpgen_version"] == "9.9.9"
    assert git(project, "status", "--porcelain") == ""

    assert mcpgen("update", "--project", str(project))[1].count("Up to date") == 1, "idempotent"


def test_overlapping_edits_conflict_visibly(project: Path, newer_templates: Path) -> None:
    edit(
        newer_templates / "src/{{package_name}}/tools/hello.py.jinja",
        'return f"Hello, {name.strip()}!"',
        'return f"Hello there, {name.strip()}!"',
    )
    code, output = mcpgen("update", "--project", str(project))
    assert code == 1
    assert "conflicts in: src/demo/tools/hello.py" in output
    text = (project / HELLO).read_text()
    assert "<<<<<<<" in text and "Howdy" in text and "Hello there" in text


def test_update_with_a_changed_option(project: Path) -> None:
    assert not (project / "Dockerfile").exists()
    code, output = mcpgen(
        "update", "--project", str(project), "--set", "transport=http", "--set", "docker=true"
    )
    assert code == 0, output
    assert (project / "Dockerfile").is_file()
    assert "MCP_TRANSPORT=http" in (project / ".env.example").read_text()
    assert "Howdy" in (project / HELLO).read_text()
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert (answers["transport"], answers["docker"]) == ("http", True)


def test_dry_run_changes_nothing(project: Path, newer_templates: Path) -> None:
    (newer_templates / "CHANGELOG.md.jinja").write_text("# Changelog\n")
    before = git(project, "rev-parse", "HEAD", "mcpgen/template")
    code, output = mcpgen("update", "--project", str(project), "--dry-run")
    assert code == 0 and "CHANGELOG.md" in output
    assert git(project, "rev-parse", "HEAD", "mcpgen/template") == before
    assert not (project / "CHANGELOG.md").exists()


def test_dirty_tree_is_refused(project: Path) -> None:
    (project / "README.md").write_text("unsaved")
    code, output = mcpgen("update", "--project", str(project))
    assert code == 1
    assert "Uncommitted changes" in output and "git stash" in output
    assert "failed" not in output, "refused before the slow step started"
    assert (project / "README.md").read_text() == "unsaved"


@pytest.mark.parametrize("pair", ["transport", "color=blue", "docker=maybe", "transport=ftp"])
def test_bad_set_values_are_usage_errors(project: Path, pair: str) -> None:
    assert mcpgen("update", "--project", str(project), "--set", pair)[0] == 2


def test_projects_without_provenance_are_refused(tmp_path: Path) -> None:
    code, output = mcpgen("update", "--project", str(tmp_path))
    assert code == 1
    assert "No mcpgen project" in output
    assert "failed" not in output, "refused before any step started, so no step failed"


@pytest.mark.parametrize(
    ("pair", "said", "hint"),
    [
        ("port=abc", "Invalid --set 'port=abc': 'abc' is not a port.", "from 1 to 65535"),
        ("transport=htp", "Invalid --set 'transport=htp':", "Did you mean 'http'?"),
        ("trasnport=http", "no answer called 'trasnport'", "Did you mean 'transport'?"),
        ("docker=maybe", "'maybe' is not yes or no", "Use docker=true or docker=false."),
        ("transport", "use KEY=VALUE", "--set transport=http"),
        ("email=nope", "'nope' is not an e-mail address", "ada@example.com"),
    ],
)
def test_a_bad_set_names_what_was_typed(pair: str, said: str, hint: str) -> None:
    code, output = mcpgen("update", "--set", pair)
    assert code == 2
    error, hint_line = output.strip().splitlines()
    assert error.startswith("Error: ") and said in error
    assert hint_line.startswith("Hint: ") and hint in hint_line
    assert "--port" not in output and "--email" not in output, "names --set, not new's options"


def test_adopt_then_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert mcpgen("new", "demo", "--yes", "--no-git")[0] == 0
    root = tmp_path / "demo"
    code, output = mcpgen("update", "--project", str(root))
    assert code == 1 and "not a git repository" in output and "adopt" in output
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=u", "-c", "user.email=u@x.io", "commit", "-qm", "mine")
    code, output = mcpgen("adopt", "--project", str(root))
    assert code == 0, output
    assert mcpgen("update", "--project", str(root))[1].count("Up to date") == 1
    assert mcpgen("adopt", "--project", str(root))[0] == 1, "adopting twice is refused"


def test_migrations_run_once_before_the_merge(
    project: Path, newer_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mcpgen import migrations

    def rename_notes(root: Path) -> None:
        old = root / "src/demo/tools/mine.py"
        if old.exists():
            old.rename(root / "src/demo/tools/custom.py")

    step = migrations.Migration("9.0.0", "mine.py is now custom.py", rename_notes)
    monkeypatch.setattr(migrations, "MIGRATIONS", [step])
    (newer_templates / "CHANGELOG.md.jinja").write_text("# Changelog\n")
    code, output = mcpgen("update", "--project", str(project))
    assert code == 0, output
    assert "Migrated: 9.0.0: mine.py is now custom.py" in output
    assert (project / "src/demo/tools/custom.py").is_file()
    assert not (project / "src/demo/tools/mine.py").exists()
    assert git(project, "status", "--porcelain") == ""
    assert migrations.pending("9.9.9", "9.9.9") == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [("0.1.0", "9.0.0", 1), ("9.0.0", "9.9.9", 0), ("0.1.0", "8.0.0", 0), ("unknown", "9.0.0", 1)],
)
def test_pending_migrations_by_version(old: str, new: str, expected: int) -> None:
    from mcpgen import migrations

    step = migrations.Migration("9.0.0", "x", lambda root: None)
    assert len(migrations.pending(old, new, [step])) == expected


def test_boolean_answers_parse_from_text() -> None:
    assert updating.parse_settings(["docker=false", "otel=no", "rate_limit=true"]) == {
        "docker": False,
        "otel": False,
        "rate_limit": True,
    }


def test_update_with_several_components_keeps_instances_and_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = mcpgen("new", "demo", "--yes", "--git", "--with", "weather,sqlite")
    assert code == 0, output
    root = tmp_path / "demo"
    assert mcpgen("add-tool", "sqlite", "--name", "archive", "--project", str(root))[0] == 0
    edit(root / "src/demo/tools/sqlite.py", "default=100, ge=1", "default=50, ge=1")
    git(root, "commit", "-qam", "smaller pages")

    shutil.copytree(render.TEMPLATES, tmp_path / "next")
    monkeypatch.setattr(render, "TEMPLATES", tmp_path / "next")
    weather = tmp_path / "next/components/weather/project/src/{{package_name}}/tools"
    edit(weather / "{{component_name}}.py.jinja", "default=10.0, gt=0", "default=8.0, gt=0")

    code, output = mcpgen("update", "--project", str(root))
    assert code == 0, output
    assert "default=8.0, gt=0" in (root / "src/demo/tools/weather.py").read_text()
    assert "default=50, ge=1" in (root / "src/demo/tools/sqlite.py").read_text(), "user edit"
    assert "default=100, ge=1" in (root / "src/demo/tools/archive.py").read_text()
    assert git(root, "status", "--porcelain") == ""
    code, output = mcpgen("update", "--project", str(root))
    assert "Up to date" in output, "a second update is a no-op"


DEV_DEPENDENCY = ('"coverage[toml]>=7.6",', '"coverage[toml]>=7.6",\n    "anyio>=4",')


def test_a_new_dependency_is_locked_and_committed(project: Path, newer_templates: Path) -> None:
    edit(newer_templates / "pyproject.toml.jinja", *DEV_DEPENDENCY)
    code, output = mcpgen("update", "--project", str(project))
    assert code == 0, output
    assert '"anyio>=4"' in (project / "pyproject.toml").read_text()
    assert subjects(project, 2) == [
        "Lock dependencies (uv lock)",
        "Update to mcpgen 9.9.9 templates",
    ]
    assert git(project, "status", "--porcelain") == ""
    synced = sync_locked(project)  # also takes in the user's own "rich"
    assert synced.returncode == 0, synced.stdout + synced.stderr


def test_an_update_leaving_dependencies_alone_does_not_relock(
    project: Path, newer_templates: Path
) -> None:
    (newer_templates / "CHANGELOG.md.jinja").write_text("# Changelog\n")
    lock = (project / "uv.lock").read_bytes()
    assert mcpgen("update", "--project", str(project))[0] == 0
    assert subjects(project, 1) == ["Update to mcpgen 9.9.9 templates"]
    assert (project / "uv.lock").read_bytes() == lock


@pytest.fixture
def old_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project from before mcpgen wrote uv.lock, and templates that have changed since."""
    monkeypatch.chdir(tmp_path)
    assert mcpgen("new", "old", "--yes", "--git", "--with", "sqlite")[0] == 0
    root = tmp_path / "old"
    git(root, "rm", "-q", "uv.lock")
    git(root, "commit", "-qm", "as projects were before mcpgen wrote uv.lock")
    shutil.copytree(render.TEMPLATES, tmp_path / "next")
    monkeypatch.setattr(render, "TEMPLATES", tmp_path / "next")
    (tmp_path / "next/server/project/CHANGELOG.md.jinja").write_text("# Changelog\n")
    return root


def test_a_project_made_before_locks_is_brought_to_a_locked_state(old_project: Path) -> None:
    root = old_project
    code, output = mcpgen("update", "--project", str(root))
    assert code == 0, output
    assert subjects(root, 1) == ["Lock dependencies (uv lock)"]
    assert "uv.lock" in git(root, "ls-files").split()
    assert "uv.lock" not in git(root, "ls-tree", "-r", "--name-only", "mcpgen/template").split()
    assert git(root, "status", "--porcelain") == ""
    synced = sync_locked(root)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "Up to date" in mcpgen("update", "--project", str(root))[1]


def test_adopting_a_project_without_a_lock_locks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert mcpgen("new", "demo", "--yes", "--no-git")[0] == 0
    root = tmp_path / "demo"
    (root / "uv.lock").unlink()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=u", "-c", "user.email=u@x.io", "commit", "-qm", "mine")
    code, output = mcpgen("adopt", "--project", str(root))
    assert code == 0, output
    assert subjects(root, 2) == ["Lock dependencies (uv lock)", "Adopt the mcpgen template branch"]
    assert git(root, "status", "--porcelain") == ""
    assert "uv.lock" in git(root, "ls-files").split()


def test_a_lock_uv_cannot_make_undoes_the_update(
    project: Path, newer_templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(newer_templates / "pyproject.toml.jinja", *DEV_DEPENDENCY)
    for variable in ("UV_INDEX_URL", "UV_DEFAULT_INDEX"):  # nothing listens there
        monkeypatch.setenv(variable, f"http://127.0.0.1:{free_port()}/simple")
    (tmp_path / "empty-cache").mkdir()
    monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "empty-cache"))
    refs = git(project, "rev-parse", "HEAD", "mcpgen/template")
    code, output = mcpgen("update", "--project", str(project))
    assert code == 1, output
    assert "Error: Could not lock the project's dependencies" in output
    assert "Hint:" in output
    assert git(project, "rev-parse", "HEAD", "mcpgen/template") == refs
    assert git(project, "status", "--porcelain") == ""
    assert '"anyio>=4"' not in (project / "pyproject.toml").read_text()


@pytest.mark.parametrize(("dependency_change", "expected"), [(True, True), (False, False)])
def test_with_conflicts_the_user_is_told_to_lock_when_dependencies_changed(
    project: Path, newer_templates: Path, dependency_change: bool, expected: bool
) -> None:
    edit(
        newer_templates / "src/{{package_name}}/tools/hello.py.jinja",
        'return f"Hello, {name.strip()}!"',
        'return f"Hello there, {name.strip()}!"',
    )
    if dependency_change:
        edit(newer_templates / "pyproject.toml.jinja", *DEV_DEPENDENCY)
    result = updating.update(project)
    assert result.status == "conflicts"
    assert result.needs_lock is expected
    assert not result.locked


def test_ctrl_c_while_locking_leaves_the_project_as_it_was(
    old_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(root: Path) -> str:
        (root / "uv.lock").write_text("half-written by an interrupted uv")
        raise KeyboardInterrupt

    monkeypatch.setattr(generate, "lock_dependencies", interrupted)
    refs = git(old_project, "rev-parse", "HEAD", "mcpgen/template")
    code, output = mcpgen("update", "--project", str(old_project))
    assert code == 130, output
    assert git(old_project, "rev-parse", "HEAD", "mcpgen/template") == refs
    assert git(old_project, "status", "--porcelain", "--ignored") == ""


def hand_edits(root: Path) -> None:
    """Uncommitted edits in the three files add-tool also touches or sits beside."""
    edit(root / "pyproject.toml", '    "rich",', '    "rich",\n    "httpx>=0.27",')
    edit(root / ".env.example", "MCP_LOG_LEVEL=INFO", "MCP_LOG_LEVEL=DEBUG")
    with (root / ".env.example").open("a") as env_file:
        env_file.write("# Ours\nOUR_TOKEN=\n")
    edit(root / HELLO, '"Howdy, ', '"Howdy there, ')


def test_add_tool_on_uncommitted_edits_records_the_render_and_update_keeps_them(
    project: Path, newer_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hand_edits(project)
    git(project, "add", "pyproject.toml")  # staged and unstaged edits both stay as they are
    head_tree = git(project, "rev-parse", "HEAD^{tree}")
    staged = git(project, "diff", "--cached")
    monkeypatch.setattr(updating, "__version__", __version__)  # no release in between yet

    code, output = mcpgen("add-tool", "postgres", "--project", str(project))
    assert code == 0, output
    assert "recorded on the mcpgen/template branch; nothing committed" in output
    assert git(project, "rev-parse", "HEAD^{tree}") == head_tree, "nothing of the user committed"
    assert git(project, "diff", "--cached") == staged, "the index is as the user left it"
    assert "?? src/demo/tools/postgres.py" in git(project, "status", "--porcelain")
    pristine_files = git(project, "ls-tree", "-r", "--name-only", "mcpgen/template").split()
    assert "src/demo/tools/postgres.py" in pristine_files

    code, output = mcpgen("update", "--project", str(project), "--check")
    assert code == 0, output
    assert "Up to date" in output and "change" not in output

    git(project, "add", "-A")
    git(project, "commit", "-qm", "postgres, and my edits")
    monkeypatch.setattr(updating, "__version__", "9.9.9")
    edit(newer_templates / ".env.example.jinja", "# Copy to .env and fill in.", "# Copy to .env.")
    edit(
        newer_templates / "src/{{package_name}}/tools/hello.py.jinja",
        "max_length=100",
        "max_length=120",
    )
    code, output = mcpgen("update", "--project", str(project), "--check")
    assert code == 1
    assert set(output.split()) >= {".env.example", HELLO, ".copier-answers.yml"}
    assert "tools/postgres.py" not in output, "the integration is not a template change"

    code, output = mcpgen("update", "--project", str(project))
    assert code == 0, output
    env_example = (project / ".env.example").read_text()
    assert env_example.startswith("# Copy to .env. .env is git-ignored"), "template change arrived"
    assert "MCP_LOG_LEVEL=DEBUG" in env_example and "OUR_TOKEN=" in env_example
    assert env_example.count("POSTGRES_DSN=") == 1
    pyproject = (project / "pyproject.toml").read_text()
    assert '"httpx>=0.27",' in pyproject and pyproject.count('"asyncpg>=') == 1
    hello = (project / HELLO).read_text()
    assert "Howdy there" in hello and "max_length=120" in hello
    assert git(project, "status", "--porcelain") == ""


def test_an_integration_the_pristine_branch_missed_is_not_reported_as_a_template_change(
    project: Path, newer_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Projects where an older mcpgen added a component without recording it are repaired."""
    from mcpgen import components

    hand_edits(project)
    components.add(project, "sqlite")  # what add-tool did on a dirty tree before the fix
    git(project, "add", "-A")
    git(project, "commit", "-qm", "sqlite, and my edits")
    monkeypatch.setattr(updating, "__version__", __version__)
    code, output = mcpgen("update", "--project", str(project), "--check")
    assert code == 0, output
    assert "Up to date" in output

    monkeypatch.setattr(updating, "__version__", "9.9.9")

    edit(newer_templates / ".env.example.jinja", "# Copy to .env and fill in.", "# Copy to .env.")
    code, output = mcpgen("update", "--project", str(project))
    assert code == 0, output
    env_example = (project / ".env.example").read_text()
    assert env_example.startswith("# Copy to .env. .env is git-ignored")
    assert "MCP_LOG_LEVEL=DEBUG" in env_example and env_example.count("SQLITE_PATH=") == 1
    assert (project / "src/demo/tools/sqlite.py").is_file()
    assert git(project, "status", "--porcelain") == ""
    assert "Up to date" in mcpgen("update", "--project", str(project))[1]

"""``mcpgen new`` through Typer's CliRunner: exit codes, messages and the files produced."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mcpgen import __version__, render
from mcpgen.cli import app

runner = CliRunner()


def new(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["new", *args], catch_exceptions=False, env={"NO_COLOR": "1"})
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).output.strip() == f"mcpgen {__version__}"
    result = runner.invoke(app, ["new", "--help"])
    assert result.exit_code == 0
    for option in ("--transport", "--auth", "--with", "--docker", "--install", "--yes"):
        assert option in result.output


def test_new_renders_a_project_with_provenance(tmp_path: Path) -> None:
    code, output = new(tmp_path, "demo-server", "--yes", "--no-git", "--transport", "http")
    assert code == 0, output
    root = tmp_path / "demo-server"
    assert (root / "src/demo_server/server.py").is_file()
    assert (root / "Dockerfile").is_file()
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text())
    assert answers["mcpgen_version"] == __version__
    assert answers["_src_path"] == "mcpgen:server"
    assert (answers["transport"], answers["auth"]) == ("http", "api-key")
    assert "Next steps" in output
    assert "uv run demo-server" in output
    assert "\x1b[" not in output, "NO_COLOR and non-terminals get plain text"


def test_new_into_an_empty_existing_directory(tmp_path: Path) -> None:
    (tmp_path / "target").mkdir()
    code, output = new(tmp_path, "demo", "--yes", "--no-git", "--dest", "target")
    assert code == 0, output
    assert (tmp_path / "target/src/demo/server.py").is_file()


def test_git_creates_a_first_commit(tmp_path: Path) -> None:
    code, output = new(tmp_path, "demo", "--yes")
    assert code == 0, output
    assert (tmp_path / "demo/.git").is_dir()
    assert "Created a git repository" in output


def test_non_empty_destination_is_refused_and_untouched(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    code, output = new(tmp_path, "demo", "--yes", "--no-git")
    assert code == 1
    assert "not empty" in output and "Hint:" in output
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["../escape"], "path separator"),
        (["class"], "keyword"),
        (["json"], "shadow"),
        (["demo", "--transport", "carrier-pigeon"], "--transport"),
        (["demo", "--auth", "magic"], "--auth"),
    ],
)
def test_bad_input_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    code, output = new(tmp_path, *args, "--yes", "--no-git")
    assert code == 2
    assert message in output
    assert len(output.strip().splitlines()) <= 3, "one line of error and a hint"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("dest", "message"),
    [
        ("missing-parent/demo", "does not exist"),
        ("/proc/demo", "Cannot write"),
    ],
)
def test_unusable_destinations(tmp_path: Path, dest: str, message: str) -> None:
    code, output = new(tmp_path, "demo", "--yes", "--no-git", "--dest", dest)
    assert code == 1
    assert message in output
    assert not (tmp_path / "missing-parent").exists()


def test_ctrl_c_mid_render_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_render = render.render

    def render_then_interrupt(*args: object, **kwargs: object) -> None:
        real_render(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "render", render_then_interrupt)
    code, output = new(tmp_path, "demo", "--yes", "--no-git")
    assert code == 130
    assert "Interrupted" in output
    assert list(tmp_path.iterdir()) == [], "the staging directory is removed too"


def test_unknown_integration_fails_cleanly(tmp_path: Path) -> None:
    code, output = new(tmp_path, "demo", "--yes", "--no-git", "--with", "teleporter")
    assert code != 0
    assert "teleporter" in output
    assert list(tmp_path.iterdir()) == []

"""``mcpgen new --idp``: the option reaches the answers; mistakes are usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mcpgen.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def new(*args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["new", *args, "--yes", "--no-git"], catch_exceptions=False, env={"NO_COLOR": "1"}
    )
    return result.exit_code, result.output


def test_idp_is_recorded_and_renders_the_proxy(tmp_path: Path) -> None:
    code, output = new("api", "--transport", "http", "--auth", "oauth-proxy", "--idp", "google")
    assert code == 0, output
    answers = yaml.safe_load((tmp_path / "api/.copier-answers.yml").read_text())
    assert (answers["auth"], answers["idp"]) == ("oauth-proxy", "google")
    assert "GoogleProvider" in (tmp_path / "api/src/api/auth.py").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--idp", "githb"], "Did you mean 'github'?"),
        (["--auth", "api-key", "--idp", "github"], "--idp github is for --auth oauth-proxy"),
    ],
)
def test_idp_mistakes_are_usage_errors_that_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    code, output = new("api", "--transport", "http", *args)
    assert code == 2
    assert message in " ".join(output.split())
    assert list(tmp_path.iterdir()) == []

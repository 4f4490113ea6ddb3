"""``mcpgen new --deploy`` and ``--auth`` through the CLI: files, warnings and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcpgen.cli import app

runner = CliRunner()


def new(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["new", *args, "--yes", "--no-git"], env={"NO_COLOR": "1"})
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_kubernetes_adds_manifests_and_the_docker_image(tmp_path: Path) -> None:
    code, output = new("shop", "--deploy", "kubernetes")
    assert code == 0, output
    assert (tmp_path / "shop/deploy/deployment.yaml").is_file()
    assert (tmp_path / "shop/Dockerfile").is_file()


def test_kubernetes_with_no_docker_is_a_usage_error(tmp_path: Path) -> None:
    code, output = new("shop", "--deploy", "kubernetes", "--no-docker")
    assert code == 2
    assert "--no-docker" in output and "Hint:" in output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "warned"),
    [
        (["--transport", "http", "--auth", "none"], True),
        (["--deploy", "kubernetes", "--auth", "none"], True),
        (["--transport", "stdio", "--auth", "none", "--no-docker"], False),
        (["--transport", "http", "--auth", "jwt"], False),
    ],
)
def test_open_http_servers_are_warned_about(args: list[str], warned: bool) -> None:
    code, output = new("shop", *args)
    assert code == 0, output
    assert ("auth=none" in output) == warned

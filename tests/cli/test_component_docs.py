"""Every ``mcpgen`` command on the openapi and files pages runs, in order, as documented.

The commands are read from the pages (never retyped here). They run in a fresh project that
holds what the page's commands name: ``openapi.yaml`` (the shop API's document, as YAML), a
local server for the ``http://127.0.0.1:8000`` form (its port changed to a free one) and a
``handbook`` directory.
"""

from __future__ import annotations

import re
import shlex
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mcpgen.cli import app

REPO = Path(__file__).resolve().parents[2]
PAGES = sorted((REPO / "docs" / "components").glob("*.md"))
SHOP = REPO / "tests" / "fixtures" / "openapi" / "shop.json"
runner = CliRunner()


def documented(page: Path) -> list[str]:
    """The ``$ mcpgen ...`` lines of the page's console blocks."""
    return re.findall(r"^\$ (mcpgen .+)$", page.read_text(), re.MULTILINE)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def document_server(tmp_path: Path) -> Iterator[int]:
    served = tmp_path / "served"
    served.mkdir()
    (served / "openapi.json").write_bytes(SHOP.read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_every_component_page_shows_commands() -> None:
    assert {page.stem for page in PAGES} >= {"openapi", "files"}
    assert all(documented(page) for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_the_pages_commands_run_as_documented(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document_server: int
) -> None:
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["new", "demo", "--yes", "--no-git"], catch_exceptions=False)
    assert made.exit_code == 0, made.output
    project = tmp_path / "demo"
    monkeypatch.chdir(project)
    (project / "openapi.yaml").write_text(yaml.safe_dump(yaml.safe_load(SHOP.read_text())))
    (project / "handbook").mkdir()
    (project / "handbook" / "welcome.md").write_text("Welcome.\n")
    for command in documented(page):
        local = command.replace("127.0.0.1:8000", f"127.0.0.1:{document_server}")
        result = runner.invoke(app, shlex.split(local)[1:], catch_exceptions=False)
        assert result.exit_code == 0, f"{command}\n{result.output}"

"""``mcpgen bundle`` and ``mcpgen registry`` through the CLI: files, exit codes, messages.

Projects are rendered, not installed: a ``.venv/bin/python`` that is mcpgen's own
interpreter (which has fastmcp) stands in for the project's environment, as ``mcpgen check
--python`` would.
"""

from __future__ import annotations

import json
import shutil
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcpgen import options, render
from mcpgen.cli import app

runner = CliRunner()
needs_npx = pytest.mark.skipif(shutil.which("npx") is None, reason="the MCPB CLI runs on npx")


def rendered(tmp_path: Path, name: str = "bundled", **given: object) -> Path:
    answers = options.resolve_answers(
        name, {"author_name": "Ada", "author_email": "ada@example.com", **given}, ask=False
    )
    root = tmp_path / name
    render.render("server", root, answers)
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    # A script, not a link: a linked interpreter would not find mcpgen's pyvenv.cfg.
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    return root


def png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\0\0\0\0\0")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project with everything a bundle must leave out, bundled once."""
    root = rendered(tmp_path_factory.mktemp("planted"))
    (root / ".env").write_text("SECRET=x\n", encoding="utf-8")
    (root / "uv.lock").write_text("version = 1\n", encoding="utf-8")
    cache = root / "src" / "bundled" / "__pycache__"
    cache.mkdir()
    (cache / "server.cpython-311.pyc").write_bytes(b"\0")
    (root / "src" / "bundled" / ".env.local").write_text("X=1\n", encoding="utf-8")
    (root / ".git").mkdir()
    (root / "icon.png").write_bytes(png())
    out = root / "out.mcpb"
    result = runner.invoke(app, ["bundle", "--project", str(root), "--output", str(out)])
    assert result.exit_code == 0, result.output
    return root, out


@needs_npx
def test_bundle_holds_the_source_and_nothing_private(planted: tuple[Path, Path]) -> None:
    _, out = planted
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
    assert names == sorted(names)
    top = {"manifest.json", "pyproject.toml", "uv.lock", "README.md", "icon.png"}
    assert top <= set(names)
    assert all(n.startswith("src/bundled/") for n in set(names) - top)
    assert not [n for n in names if "pycache" in n or ".env" in n or n.startswith("tests/")]
    assert manifest["server"]["type"] == "uv"
    assert manifest["icon"] == "icon.png"
    assert manifest["author"] == {"name": "Ada", "email": "ada@example.com"}
    assert "--frozen" in manifest["server"]["mcp_config"]["args"]


@needs_npx
def test_rebundling_writes_the_same_bytes(planted: tuple[Path, Path], tmp_path: Path) -> None:
    root, out = planted
    again = tmp_path / "again.mcpb"
    result = runner.invoke(app, ["bundle", "--project", str(root), "--output", str(again)])
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == out.read_bytes()


@needs_npx
def test_an_icon_that_is_not_a_png_is_refused_in_one_line(tmp_path: Path) -> None:
    root = rendered(tmp_path)
    (root / "icon.png").write_text("not an image", encoding="utf-8")
    result = runner.invoke(app, ["bundle", "--project", str(root)])
    assert result.exit_code == 1, result.output
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "must be PNG format" in error[0], result.output
    assert not (root / "dist").exists()


def test_bundle_outside_a_project_is_one_line_with_a_hint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bundle", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert "No mcpgen project found" in result.output
    assert "Hint:" in result.output
    assert "Traceback" not in result.output


def test_bundle_without_npx_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = rendered(tmp_path)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # uv stays, npx goes
    result = runner.invoke(app, ["bundle", "--project", str(root)])
    assert result.exit_code == 1, result.output
    assert "npx is not installed" in result.output and "Node.js" in result.output


def test_bundle_needs_a_static_version(tmp_path: Path) -> None:
    root = rendered(tmp_path)
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace('version = "0.1.0"\n', "")
    pyproject.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["bundle", "--project", str(root)])
    assert result.exit_code == 1
    assert "has no static project name and version" in result.output


def test_registry_writes_server_json_and_the_marker_once(tmp_path: Path) -> None:
    root = rendered(tmp_path, transport="http")
    args = ["registry", "--project", str(root), "--name", "io.github.ada/bundled",
            "--image", "ghcr.io/ada/bundled"]  # fmt: skip
    for _ in range(2):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    server = json.loads((root / "server.json").read_text(encoding="utf-8"))
    assert [p["registryType"] for p in server["packages"]] == ["pypi", "oci"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.count("mcp-name: io.github.ada/bundled") == 1
    # The name is recorded: a run without --name keeps it.
    assert runner.invoke(app, ["registry", "--project", str(root)]).exit_code == 0
    assert json.loads((root / "server.json").read_text("utf-8"))["name"] == "io.github.ada/bundled"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "No registry name"),
        (["--name", "not-a-name"], "is not a registry name"),
        (["--name", "io.github.ada/xy", "--remote-url", "https://mcp.example.com/mcp"],
         "only accepts remotes on ada.github.io"),
    ],
)  # fmt: skip
def test_registry_refusals_are_usage_errors(tmp_path: Path, extra: list[str], message: str) -> None:
    root = rendered(tmp_path, transport="http")
    result = runner.invoke(app, ["registry", "--project", str(root), *extra])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (root / "server.json").exists()
    assert "mcp-name" not in (root / "README.md").read_text(encoding="utf-8")


def test_a_stdio_only_project_lists_no_remote(tmp_path: Path) -> None:
    root = rendered(tmp_path)
    args = ["registry", "-p", str(root), "--name", "io.github.ada/xy",
            "--remote-url", "https://ada.github.io/mcp"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "serves stdio only" in result.output
    assert "mcpgen update --set transport=http" in result.output
    assert not (root / "server.json").exists()


def test_check_fails_when_the_readme_declares_another_name(tmp_path: Path) -> None:
    root = rendered(tmp_path)
    named = runner.invoke(app, ["registry", "-p", str(root), "--name", "io.github.ada/server"])
    assert named.exit_code == 0, named.output
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace("ada/server", "eve/server"), encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(root), "--json"])
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["findings"]
    assert [f["where"] for f in found if f["rule"] == "release-consistency"] == ["README.md"]

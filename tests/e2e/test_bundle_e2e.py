"""``mcpgen bundle`` for real: the official CLI unpacks it, the host's command starts it.

The server is started exactly as a desktop host does from the manifest: its command and args,
the unpacked bundle as working directory, ``${__dirname}`` and every ``${user_config.x}``
substituted, the user_config values as the environment. A real MCP client then lists tools.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import Generated, mcpgen, project_env, uv_bin

from mcpgen import pins

pytestmark = pytest.mark.e2e

FAKE_KEY = "bundle-e2e-weather-key-0123456789"


@pytest.fixture(scope="module")
def project(generate_project: Callable[..., Generated]) -> Generated:
    return generate_project("bundle-e2e", add_tools=[["weather"]])


@pytest.fixture(scope="module")
def bundled(project: Generated, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same project bundled twice, into two different places."""
    out = tmp_path_factory.mktemp("bundles")
    paths = (out / "first.mcpb", out / "second" / "again.mcpb")
    for path in paths:
        done = mcpgen("bundle", "--project", str(project.root), "--output", str(path), cwd=out)
        assert done.returncode == 0, done.stdout + done.stderr
    return paths


def test_two_runs_write_the_same_bytes(bundled: tuple[Path, Path]) -> None:
    first, second = bundled
    assert first.read_bytes() == second.read_bytes()


def test_only_the_source_and_its_build_files_are_inside(bundled: tuple[Path, Path]) -> None:
    with zipfile.ZipFile(bundled[0]) as archive:
        names = archive.namelist()
    assert {"manifest.json", "pyproject.toml", "uv.lock", "README.md"} <= set(names)
    assert not [n for n in names if re.search(r"(^|/)(\.env|\.venv|tests|\.git|__pycache__)", n)]


def _host_command(manifest: dict[str, Any], root: Path) -> tuple[str, list[str], dict[str, str]]:
    """What a host runs: every variable substituted, user_config defaults plus our secrets."""
    answers = {key: entry.get("default", "") for key, entry in manifest["user_config"].items()}
    answers["weather_api_key"] = FAKE_KEY

    def substitute(text: str) -> str:
        text = text.replace("${__dirname}", str(root))
        return re.sub(
            r"\$\{user_config\.([a-z0-9_]+)\}",
            lambda m: (
                str(answers[m.group(1)]).lower()
                if isinstance(answers[m.group(1)], bool)
                else str(answers[m.group(1)])
            ),
            text,
        )

    config = manifest["server"]["mcp_config"]
    env = {name: substitute(value) for name, value in config["env"].items()}
    return config["command"], [substitute(arg) for arg in config["args"]], env


def test_unpacked_bundle_answers_tools_list(bundled: tuple[Path, Path], tmp_path: Path) -> None:
    unpacked = tmp_path / "installed"
    done = subprocess.run(
        ["npx", "-y", pins.MCPB, "unpack", str(bundled[0]), str(unpacked)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["user_config"]["weather_api_key"]["sensitive"] is True
    assert manifest["server"]["mcp_config"]["env"]["WEATHER_API_KEY"] == (
        "${user_config.weather_api_key}"
    )
    command, args, env = _host_command(manifest, unpacked)
    # The host finds 'uv' on PATH; here that is the uv installed with mcpgen.
    path = os.pathsep.join([str(Path(uv_bin()).parent), os.environ.get("PATH", "")])
    base = {k: v for k, v in project_env({"PATH": path}).items() if not k.startswith("WEATHER_")}
    listed = asyncio.run(_list_tools(command, args, {**base, **env}, unpacked))
    assert listed == [tool["name"] for tool in manifest["tools"]]
    assert "weather_current" in listed


async def _list_tools(command: str, args: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    from fastmcp import Client
    from fastmcp.client.transports import StdioTransport

    transport = StdioTransport(command=command, args=args, env=env, cwd=str(cwd))
    async with Client(transport, timeout=300) as client:
        return [tool.name for tool in await client.list_tools()]

"""docs/publish.md, run as written: every ``$ command`` of its console blocks, in order.

Only the outside world is stood in for: pushes to ``https://github.com/YOUR-USER/`` go to a
local bare repository (git's ``pushInsteadOf``), so fetch URLs and the registry name derived
from ``origin`` are exactly what a reader gets.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from support import project_env

pytestmark = pytest.mark.e2e

PAGE = Path(__file__).resolve().parents[2] / "docs" / "publish.md"


def commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    return [line[2:] for block in blocks for line in block.splitlines() if line.startswith("$ ")]


def test_every_command_on_the_page_runs(tmp_path: Path) -> None:
    remote = tmp_path / "github" / "my-server.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n"
        "[init]\n\tdefaultBranch = main\n"
        f'[url "file://{remote.parent}/"]\n\tpushInsteadOf = https://github.com/YOUR-USER/\n',
        encoding="utf-8",
    )
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = project_env({"PATH": path, "GIT_CONFIG_GLOBAL": str(gitconfig), "NO_COLOR": "1"})
    cwd = tmp_path
    ran = commands()
    assert len(ran) >= 10
    for command in ran:
        if command.startswith("cd "):
            cwd = cwd / shlex.split(command)[1]
            continue
        done = subprocess.run(
            ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
            timeout=900, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"$ {command}\n{done.stdout}\n{done.stderr}"

    assert (cwd / "dist" / "my-server-0.1.0.mcpb").is_file()
    tags = subprocess.run(
        ["git", "tag"], cwd=remote, capture_output=True, text=True, check=True
    ).stdout
    assert tags.split() == ["v0.1.0"]
    released = subprocess.run(
        ["git", "show", "v0.1.0:server.json"], cwd=remote, capture_output=True, check=True
    ).stdout
    assert json.loads(released)["name"] == "io.github.YOUR-USER/my-server"
    server = json.loads((cwd / "server.json").read_text(encoding="utf-8"))
    assert server["name"] == "com.example/my-server"
    assert server["remotes"][0]["url"] == "https://mcp.example.com/mcp"
    assert [p["identifier"] for p in server["packages"]] == [
        "my-server",
        "ghcr.io/your-user/my-server:0.1.0",
    ]
    assert "<!-- mcp-name: com.example/my-server -->" in (cwd / "README.md").read_text("utf-8")

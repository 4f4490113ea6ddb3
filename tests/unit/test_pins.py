"""npm programs mcpgen writes or prints are pinned to exact releases past known advisories."""

from __future__ import annotations

import re

import pytest
from packaging.version import Version

from mcpgen import pins
from mcpgen.client_config import entries

PINNED = [pins.MCP_REMOTE, pins.INSPECTOR]


@pytest.mark.parametrize("pinned", PINNED)
def test_each_pin_is_an_exact_version_past_its_advisories(pinned: str) -> None:
    package, _, version = pinned.rpartition("@")
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{pinned} is not an exact version"
    assert Version(version) >= Version(pins.FIRST_SAFE[package])


def test_the_claude_desktop_bridge_runs_the_pinned_mcp_remote() -> None:
    spec = entries.ServerSpec("demo", "http", url="http://127.0.0.1:8000/mcp", token_env="K")
    args = entries.claude_desktop(spec).value["args"]
    assert args[:2] == ["-y", pins.MCP_REMOTE]
    assert not any(arg == "mcp-remote" or arg.startswith("mcp-remote@latest") for arg in args)

"""Planning one entry's change: what counts as mcpgen's own entry already in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastmcp.mcp_config import StdioMCPServer, update_config_file

from mcpgen.client_config import changes, entries
from mcpgen.client_config.targets import CLIENTS
from mcpgen.errors import ConfigEditError

SPEC = entries.ServerSpec("demo", "stdio", "/p/.venv/bin/demo", ("--transport", "stdio"))


def plan(target: str, path: Path, **options: bool) -> changes.Change:
    client = CLIENTS[target]
    before = path.read_text() if path.exists() else None
    return changes.plan(client, path, before, "demo", client.build(SPEC), **options)


@pytest.mark.parametrize("target", ["claude-desktop", "cursor", "claude-code"])
def test_an_entry_rewritten_by_fastmcp_install_is_still_ours(tmp_path: Path, target: str) -> None:
    config = tmp_path / "config.json"
    first = plan(target, config)
    config.write_text(first.after)
    # fastmcp install rewrites the whole file through its model: every entry gains null keys.
    update_config_file(config, "other", StdioMCPServer(command="uvx", args=["other"]))
    rewritten = json.loads(config.read_text())["mcpServers"]["demo"]
    assert any(value is None for value in rewritten.values())
    assert plan(target, config).action == "unchanged"


def test_a_null_key_does_not_hide_a_real_difference(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    entry = {"command": "/elsewhere/demo", "args": ["--transport", "stdio"], "cwd": None}
    config.write_text(json.dumps({"mcpServers": {"demo": entry}}))
    with pytest.raises(ConfigEditError, match="different settings"):
        plan("claude-desktop", config)


def test_without_nulls_drops_null_keys_at_every_depth() -> None:
    value = {"a": None, "b": {"c": None, "d": [{"e": None, "f": 1}]}}
    assert changes.without_nulls(value) == {"b": {"d": [{"f": 1}]}}

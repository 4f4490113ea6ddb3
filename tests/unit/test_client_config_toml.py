"""Codex's TOML: tables added, replaced and removed with everything else byte-identical."""

from __future__ import annotations

import pytest

from mcpgen.edits import toml

ENTRY = {"command": "/abs/bin/demo", "args": ["--transport", "stdio"], "env": {"A": "1"}}

CONFIGS = [
    "",
    'model = "o3"',
    '# my config\nmodel = "o3"  # favourite\n\n'
    '[mcp_servers.a]\ncommand = "x"\n\n[profiles.p]\nk = 1\n',
    '[mcp_servers]\n\n[mcp_servers.a]\ncommand = "x"\n# trailing comment\n',
    '[mcp_servers.b]\ncommand = "b"\n[mcp_servers.b.env]\nX = "1"\n\n\n[other]\nk = 1\n',
]


@pytest.mark.parametrize("text", CONFIGS)
def test_add_keeps_the_file_as_prefix_and_remove_restores_it(text: str) -> None:
    added = toml.set_entry(text, "mcp_servers", "demo", ENTRY)
    assert added.startswith(text)
    assert "[mcp_servers.demo]\n" in added and 'env = {A = "1"}' in added
    assert toml.get(added, "mcp_servers", "demo") == ENTRY
    assert toml.remove_entry(added, "mcp_servers", "demo") == text.rstrip("\n") + (
        "\n" if text.endswith("\n") or text else ""
    )


def test_replace_keeps_neighbours_and_comments() -> None:
    text = '# top\n[mcp_servers.demo]\ncommand = "old"\n\n[mcp_servers.b]\ncommand = "b"  # b\n'
    replaced = toml.set_entry(text, "mcp_servers", "demo", {"url": "http://x/mcp"})
    assert replaced == '# top\n[mcp_servers.demo]\nurl = "http://x/mcp"\n\n' + text.split("\n\n")[1]


def test_inline_servers_table_is_edited_in_place() -> None:
    text = 'mcp_servers = { a = { command = "x" } }\n'
    added = toml.set_entry(text, "mcp_servers", "demo", {"command": "y"})
    assert toml.get(added, "mcp_servers", "a") == {"command": "x"}
    assert toml.get(added, "mcp_servers", "demo") == {"command": "y"}


def test_invalid_toml_reports_line_and_column() -> None:
    with pytest.raises(toml.TomlSyntaxError) as caught:
        toml.parse("a = 1\nb = = 2\n")
    assert caught.value.line == 2

"""Entries for servers whose clients sign in with OAuth: the URL only, never a header."""

from __future__ import annotations

import json

import pytest

from mcpgen.client_config import entries
from mcpgen.client_config.targets import CLIENTS
from mcpgen.pins import MCP_REMOTE

URL = "https://mcp.example.com/mcp"


def oauth_spec(auth: str) -> entries.ServerSpec:
    return entries.ServerSpec(
        "api",
        "http",
        url=URL,
        token_env=entries.token_env_for(auth, "MCP_API_KEY"),
        oauth_flow=entries.runs_oauth_flow(auth),
    )


@pytest.mark.parametrize("auth", ["oauth", "oauth-proxy"])
@pytest.mark.parametrize("target", sorted(CLIENTS))
def test_oauth_entries_carry_the_url_and_no_credentials(auth: str, target: str) -> None:
    entry = CLIENTS[target].build(oauth_spec(auth))
    text = json.dumps(entry.value)
    assert URL in text
    for credential in ("Authorization", "Bearer", "--header", "REPLACE_WITH", "bearer_token"):
        assert credential not in text, (target, text)
    assert entry.inputs == []
    assert entry.warnings == [] or target == "claude-desktop"


def test_claude_desktop_passes_the_flow_through_pinned_mcp_remote() -> None:
    args = CLIENTS["claude-desktop"].build(oauth_spec("oauth-proxy")).value["args"]
    assert args[-3:] == ["-y", MCP_REMOTE, URL]


@pytest.mark.parametrize(("auth", "flow"), [("api-key", False), ("jwt", False), ("none", False)])
def test_only_oauth_modes_run_the_flow(auth: str, flow: bool) -> None:
    assert entries.runs_oauth_flow(auth) is flow

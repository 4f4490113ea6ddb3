"""The generated fastmcp.json is a valid FastMCP project config for every transport."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastmcp.utilities.mcp_server_config import MCPServerConfig
from support import render_each

TRANSPORTS = {
    "stdio": ("stdio", None, None),
    "http": ("http", 8123, "/mcp"),
    "sse": ("sse", 8123, None),
}


@pytest.fixture(scope="module")
def rendered(copie_session: Any) -> dict[str, Path]:
    variants = [{"transport": name, "http_port": 8123} for name in TRANSPORTS]
    return render_each(
        copie_session, variants, lambda a: a["transport"], project_name="demo-server"
    )


@pytest.mark.parametrize("transport", sorted(TRANSPORTS))
def test_fastmcp_json_points_at_the_factory_and_the_answers(
    rendered: dict[str, Path], transport: str
) -> None:
    path = rendered[transport] / "fastmcp.json"
    json.loads(path.read_text())  # strict JSON: fastmcp reads it with json.load
    config = MCPServerConfig.from_file(path)
    assert Path(config.source.path) == rendered[transport] / "src" / "demo_server" / "server.py"
    assert config.source.entrypoint == "create_server"
    assert config.environment.project == Path()
    deployment = config.deployment
    assert (deployment.transport, deployment.port, deployment.path) == TRANSPORTS[transport]

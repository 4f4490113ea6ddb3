"""Resources: read-only context that clients can load by URI."""

from __future__ import annotations

import os
import platform
import time
from typing import Any

from fastmcp import Context
from fastmcp.resources import resource

from minimal_stdio import __version__
from minimal_stdio.components import bullets

_STARTED = time.monotonic()


@resource("docs://readme", mime_type="text/markdown")
async def readme(ctx: Context) -> str:
    """An overview of this server: what it does and which tools to use for what."""
    server = ctx.fastmcp
    tools = await server.list_tools()
    resources = [*await server.list_resources(), *await server.list_resource_templates()]
    prompts = await server.list_prompts()
    description = (server.instructions or "").split("\n", 1)[0]
    sections = [f"# {server.name}", "", description, "", "## Tools", *bullets(tools)]
    sections += ["", "## Resources", *bullets(resources), "", "## Prompts", *bullets(prompts)]
    return "\n".join(sections) + "\n"


@resource("data://system-status", mime_type="application/json")
def system_status() -> dict[str, Any]:
    """Current server health: status, version, uptime in seconds and the load average."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "status": "ok",
        "version": __version__,
        "uptime_seconds": round(time.monotonic() - _STARTED, 1),
        "python": platform.python_version(),
        "load_average": list(load) if load else None,
    }

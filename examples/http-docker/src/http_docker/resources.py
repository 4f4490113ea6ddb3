"""Resources: read-only context that clients load by URI."""

import os
import platform
import time
from typing import Any

from fastmcp import Context
from fastmcp.resources import resource

from http_docker import __version__
from http_docker.components import bullets

_STARTED = time.monotonic()


@resource("docs://readme", mime_type="text/markdown")
async def readme(ctx: Context) -> str:
    """An overview of this server: what it does and which tools to use for what."""
    server = ctx.fastmcp
    resources = [*await server.list_resources(), *await server.list_resource_templates()]
    sections = [f"# {server.name}", "", (server.instructions or "").split("\n", 1)[0], ""]
    sections += ["## Tools", *bullets(await server.list_tools()), "", "## Resources"]
    sections += [*bullets(resources), "", "## Prompts", *bullets(await server.list_prompts())]
    return "\n".join(sections) + "\n"


@resource("data://system-status", mime_type="application/json")
def system_status() -> dict[str, Any]:
    """Current server health: status, version, uptime in seconds and the load average."""
    return {
        "status": "ok",
        "version": __version__,
        "uptime_seconds": round(time.monotonic() - _STARTED, 1),
        "python": platform.python_version(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }
